//! 找回密码 and 密码修改: temporary passwords by mail, and changing one's own password.

use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::accounts::mail::Mail;
use crate::registry::Registry;
use crate::validate::{self, Errors};
use crate::{accounts::password, accounts::policy, settings};
use chrono::Duration;
use rusqlite::{params, OptionalExtension};
use serde::Deserialize;
use ts_rs::TS;

/// How long a mailed temporary password may be used.
pub const TEMP_PASSWORD_HOURS: i64 = 24;
/// Recovery requests allowed per account name per hour.
pub const RECOVERIES_PER_HOUR: i64 = 3;

/// 找回密码: 账号 + 注册邮箱.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecoverArgs {
    pub username: String,
    pub email: String,
}

/// 密码修改
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChangePasswordArgs {
    pub old_password: String,
    pub new_password: String,
    pub new_password_confirm: String,
}

impl Registry {
    /// Mails a temporary password when 账号 and 注册邮箱 belong to one active account. A mismatch
    /// gets one message whichever of the two was wrong.
    pub fn recover_password(&self, args: RecoverArgs) -> Result<()> {
        let mut e = Errors::new();
        let username = args.username.trim().to_owned();
        if username.is_empty() {
            e.add("username", "请输入账号");
        }
        if args.email.trim().is_empty() {
            e.add("email", "请输入注册时填写的电子邮箱");
        }
        e.into_result().map_err(Error::Invalid)?;
        let now = self.clock().now();
        let (user, temp) = {
            let conn = self.db();
            let recent: i64 = conn.query_row(
                "SELECT COUNT(*) FROM password_recoveries WHERE username = ?1 AND at > ?2",
                params![username, stamp(now - Duration::hours(1))],
                |r| r.get(0),
            )?;
            if recent >= RECOVERIES_PER_HOUR {
                return Err(Error::Conflict("找回密码的请求过于频繁，请一小时后再试".into()));
            }
            let user: Option<(i64, String, String)> = conn
                .query_row(
                    "SELECT id, display_name, email FROM users
                     WHERE username = ?1 AND email = ?2 COLLATE NOCASE AND status = 'active' AND email IS NOT NULL",
                    params![username, args.email.trim()],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            conn.execute(
                "INSERT INTO password_recoveries (at, username, matched) VALUES (?1, ?2, ?3)",
                params![stamp(now), username, user.is_some()],
            )?;
            let Some(user) = user else {
                return Err(Error::Conflict("账号与注册邮箱不匹配".into()));
            };
            (user, password::temporary())
        };
        let hash = password::hash(&temp);
        let (id, name, email) = user;
        self.db().execute(
            "UPDATE users SET temp_password_hash = ?1, temp_password_expires = ?2 WHERE id = ?3",
            params![hash, stamp(now + Duration::hours(TEMP_PASSWORD_HOURS)), id],
        )?;
        let mail = Mail {
            to: email,
            to_name: name.clone(),
            subject: "社会工作者登记管理系统：临时密码".into(),
            body: format!(
                "{name}，您好：\n\n您申请了找回密码。您的临时密码是：\n\n    {temp}\n\n\
                 临时密码{TEMP_PASSWORD_HOURS}小时内有效，只能使用一次；登录后系统会要求您立即设置新密码。\n\
                 如果这不是您本人的操作，请忽略本邮件，原密码仍然有效。\n"
            ),
        };
        if let Err(err) = self.send_mail(&mail) {
            self.db().execute(
                "UPDATE users SET temp_password_hash = NULL, temp_password_expires = NULL WHERE id = ?1",
                [id],
            )?;
            return Err(err);
        }
        Ok(())
    }

    /// 密码修改: the old password must verify; the new one must match its confirmation and the
    /// policy (character classes, not one of the latest passwords). Allowed (and required) for an
    /// account that logged in with a temporary password or whose password expired. Every other
    /// session of the account ends, in this app and in any other on the same data folder.
    pub fn change_password(&self, token: &str, args: ChangePasswordArgs) -> Result<crate::accounts::login::UserInfo> {
        let actor = self.actor_any(token)?;
        let (classes, stored, recent) = {
            let conn = self.db();
            let stored: String =
                conn.query_row("SELECT password_hash FROM users WHERE id = ?1", [actor.user_id], |r| r.get(0))?;
            (policy::classes(&conn)?, stored, policy::recent_hashes(&conn, actor.user_id)?)
        };
        let mut e = Errors::new();
        if args.old_password.is_empty() {
            e.add("oldPassword", "请输入旧密码");
        }
        if let Err(m) = validate::password_with(&args.new_password, classes) {
            e.add("newPassword", m);
        } else if args.new_password == args.old_password {
            e.add("newPassword", "新密码不能与旧密码相同");
        }
        if args.new_password != args.new_password_confirm {
            e.add("newPasswordConfirm", "两次输入的新密码不一致");
        }
        e.into_result().map_err(Error::Invalid)?;
        if !password::verify(&args.old_password, &stored) {
            return Err(Error::field("oldPassword", "旧密码不正确"));
        }
        if recent.iter().any(|h| password::verify(&args.new_password, h)) {
            return Err(Error::field(
                "newPassword",
                format!("新密码不能与最近使用过的{}个密码相同", recent.len()),
            ));
        }
        let hash = password::hash(&args.new_password);
        let now = self.clock().now();
        let epoch = {
            let mut conn = self.db();
            let tx = conn.transaction()?;
            tx.execute(
                "UPDATE users SET password_hash = ?1, must_change_password = 0, temp_password_hash = NULL,
                        temp_password_expires = NULL, session_epoch = session_epoch + 1 WHERE id = ?2",
                params![hash, actor.user_id],
            )?;
            policy::remember(&tx, actor.user_id, &hash, now)?;
            let epoch: i64 =
                tx.query_row("SELECT session_epoch FROM users WHERE id = ?1", [actor.user_id], |r| r.get(0))?;
            tx.commit()?;
            epoch
        };
        self.sessions.keep_only(actor.user_id, token, epoch);
        self.me(token)
    }

    /// The idle time after which sessions end, for the UI's own timer.
    pub fn idle_minutes(&self) -> Result<i64> {
        settings::get_int(&*self.read()?, settings::SESSION_IDLE_MINUTES)
    }
}
