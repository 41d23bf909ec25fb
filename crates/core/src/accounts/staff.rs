//! Admin work on accounts and settings: staff accounts, password resets, security and mail
//! settings, the outbox and the login log.

use crate::audit::{self, AuditAction, Entry};
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::accounts::mail::{self, Delivery, Mail, MailSettings, OutboxEntry};
use crate::page::{like_pattern, limit_offset, Page};
use crate::registry::Registry;
use crate::accounts::session::Role;
use crate::validate::{self, Errors};
use crate::{accounts::password, settings};
use chrono::Duration;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How a new temporary password reaches its owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Handover {
    /// Shown once to the admin, who hands it over in person.
    Show,
    /// Mailed to the account's e-mail address.
    Mail,
}

/// A temporary password, when it is to be shown once; where it was mailed otherwise.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TempPassword {
    pub password: Option<String>,
    pub mailed_to: Option<String>,
}

/// 新建工作人员账号
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CreateStaffArgs {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub email: String,
    pub handover: Handover,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetEnabledArgs {
    #[ts(type = "number")]
    pub user_id: i64,
    pub enabled: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResetPasswordArgs {
    #[ts(type = "number")]
    pub user_id: i64,
    pub handover: Handover,
}

/// 安全设置
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SecuritySettings {
    #[ts(type = "number")]
    pub max_failed_logins: i64,
    #[ts(type = "number")]
    pub lock_window_minutes: i64,
    #[ts(type = "number")]
    pub lock_minutes: i64,
    #[ts(type = "number")]
    pub session_idle_minutes: i64,
    /// Hours after login at which a session ends however busy.
    #[ts(type = "number")]
    pub session_max_hours: i64,
    /// 密码有效期 in days; 0 for never.
    #[ts(type = "number")]
    pub password_max_age_days: i64,
    /// How many of the latest passwords a new one may not repeat; 0 for only the current one.
    #[ts(type = "number")]
    pub password_history: i64,
    /// Character classes a password must contain.
    pub password_letters: bool,
    pub password_digits: bool,
    pub password_symbols: bool,
    /// 批量打印 for admins only (else reviewers too).
    pub batch_print_admins_only: bool,
    /// 导入 by reviewers as well as admins (off: admins only).
    #[serde(default)]
    pub import_by_reviewers: bool,
    /// 工作人员登录网络: staff may log in and work only from these networks (CIDR or single
    /// addresses) when the server knows the caller's address; empty for anywhere.
    #[serde(default)]
    pub staff_networks: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LoginLogQuery {
    pub username: String,
    /// One of the outcomes, or empty for all.
    pub outcome: String,
    /// 'YYYY-MM-DD' bounds in China time, inclusive; empty for none.
    pub from: String,
    pub to: String,
    pub page: u32,
    pub page_size: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LoginLogRow {
    #[ts(type = "number")]
    pub id: i64,
    pub at: String,
    pub username: String,
    pub outcome: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TestMailArgs {
    pub to: String,
}

/// Where a mail went: `outboxFile` is set when it was written to the outbox.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MailResult {
    pub sent: bool,
    pub outbox_file: Option<String>,
}

impl Registry {
    /// Creates a reviewer or admin account with a temporary password that must be changed.
    pub fn create_staff(&self, token: &str, args: CreateStaffArgs) -> Result<TempPassword> {
        let actor = self.actor(token)?;
        actor.require_admin()?;
        let mut e = Errors::new();
        let username = e.check("username", validate::username(&args.username));
        let name = e.check("displayName", validate::person_name(&args.display_name));
        let email = if args.email.trim().is_empty() {
            if args.handover == Handover::Mail {
                e.add("email", "选择邮件发送临时密码时须填写电子邮箱");
            }
            Some(None)
        } else {
            e.check("email", validate::email(&args.email)).map(Some)
        };
        if args.role == Role::Worker {
            e.add("role", "社工账号由本人注册或由审核员代录入");
        }
        let (Some(username), Some(name), Some(email)) = (username, name, email) else {
            return Err(e.into());
        };
        e.into_result().map_err(Error::Invalid)?;
        let temp = password::temporary();
        let hash = password::hash(&temp);
        let now = self.clock().now();
        let id = {
            let conn = self.db();
            let mut e = Errors::new();
            if conn.query_row("SELECT 1 FROM users WHERE username = ?1", [&username], |_| Ok(())).optional()?.is_some() {
                e.add("username", "该账号已存在");
            }
            if let Some(em) = &email {
                if conn.query_row("SELECT 1 FROM users WHERE email = ?1", [em], |_| Ok(())).optional()?.is_some() {
                    e.add("email", "该电子邮箱已被其他账号使用");
                }
            }
            e.into_result().map_err(Error::Invalid)?;
            conn.execute(
                "INSERT INTO users (username, display_name, role, status, password_hash, must_change_password,
                                    temp_password_expires, email, created_by, created_at)
                 VALUES (?1, ?2, ?3, 'active', ?4, 1, ?5, ?6, ?7, ?8)",
                params![
                    username,
                    name,
                    args.role.as_str(),
                    hash,
                    stamp(now + Duration::hours(crate::accounts::recovery::TEMP_PASSWORD_HOURS)),
                    email,
                    actor.user_id,
                    stamp(now)
                ],
            )?;
            let id = conn.last_insert_rowid();
            audit::append(&conn, now, Entry {
                actor: audit::actor_id(&actor),
                note: Some(format!("{}，角色：{}", audit::account_named(&conn, id)?, args.role.label())),
                ..Entry::new(AuditAction::AccountCreate)
            })?;
            id
        };
        self.hand_over_password(id, temp, args.handover)
    }

    /// 停用 / 启用 an account. An admin cannot disable themselves, so one admin always remains.
    pub fn set_account_enabled(&self, token: &str, args: SetEnabledArgs) -> Result<()> {
        let actor = self.actor(token)?;
        actor.require_admin()?;
        if args.user_id == actor.user_id && !args.enabled {
            return Err(Error::Conflict("不能停用自己的账号".into()));
        }
        let conn = self.db();
        let status: Option<String> =
            conn.query_row("SELECT status FROM users WHERE id = ?1", [args.user_id], |r| r.get(0)).optional()?;
        match (status.as_deref(), args.enabled) {
            (None, _) => return Err(Error::NotFound("账号不存在".into())),
            (Some("active"), false) => {
                // Under two-level review, not the last reviewer of a level or a district.
                let tx = conn.unchecked_transaction()?;
                tx.execute(
                    "UPDATE users SET status = 'disabled', session_epoch = session_epoch + 1 WHERE id = ?1",
                    [args.user_id],
                )?;
                crate::registration::review::ensure_covered(&tx)?;
                tx.commit()?;
                self.sessions.remove_user(args.user_id);
                audit::append(&conn, self.clock().now(), Entry {
                    actor: audit::actor_id(&actor),
                    before: Some("active".into()),
                    after: Some("disabled".into()),
                    note: Some(audit::account_named(&conn, args.user_id)?),
                    ..Entry::new(AuditAction::AccountDisable)
                })?;
            }
            (Some("disabled"), true) => {
                conn.execute("UPDATE users SET status = 'active' WHERE id = ?1", [args.user_id])?;
                audit::append(&conn, self.clock().now(), Entry {
                    actor: audit::actor_id(&actor),
                    before: Some("disabled".into()),
                    after: Some("active".into()),
                    note: Some(audit::account_named(&conn, args.user_id)?),
                    ..Entry::new(AuditAction::AccountEnable)
                })?;
            }
            (Some("pending" | "rejected"), _) => {
                return Err(Error::Conflict("待审核或未通过的注册请在账号审核中处理".into()));
            }
            _ => {}
        }
        Ok(())
    }

    /// 重置密码: a new temporary password replaces the old one at once and must be changed.
    pub fn reset_password(&self, token: &str, args: ResetPasswordArgs) -> Result<TempPassword> {
        let actor = self.actor(token)?;
        actor.require_admin()?;
        let temp = password::temporary();
        let hash = password::hash(&temp);
        let now = self.clock().now();
        {
            let mut conn = self.db();
            let tx = conn.transaction()?;
            let changed = tx.execute(
                "UPDATE users SET password_hash = ?1, must_change_password = 1, temp_password_hash = NULL,
                        temp_password_expires = ?2, session_epoch = session_epoch + 1 WHERE id = ?3",
                params![hash, stamp(now + Duration::hours(crate::accounts::recovery::TEMP_PASSWORD_HOURS)), args.user_id],
            )?;
            if changed == 0 {
                return Err(Error::NotFound("账号不存在".into()));
            }
            audit::append(&tx, now, Entry {
                actor: audit::actor_id(&actor),
                note: Some(format!(
                    "{}，临时密码{}",
                    audit::account_named(&tx, args.user_id)?,
                    if args.handover == Handover::Mail { "通过邮件发送" } else { "当面告知" }
                )),
                ..Entry::new(AuditAction::AccountResetPassword)
            })?;
            tx.commit()?;
        }
        self.sessions.remove_user(args.user_id);
        self.hand_over_password(args.user_id, temp, args.handover)
    }

    pub(crate) fn hand_over_password(&self, user_id: i64, temp: String, how: Handover) -> Result<TempPassword> {
        if how == Handover::Show {
            return Ok(TempPassword { password: Some(temp), mailed_to: None });
        }
        let (name, email): (String, Option<String>) = self.db().query_row(
            "SELECT display_name, email FROM users WHERE id = ?1",
            [user_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let Some(to) = email else {
            // Nowhere to mail it: show it rather than lose it.
            return Ok(TempPassword { password: Some(temp), mailed_to: None });
        };
        let mail = Mail {
            to: to.clone(),
            to_name: name.clone(),
            subject: "社会工作者登记管理系统：临时密码".into(),
            body: format!(
                "{name}，您好：\n\n管理员为您设置了临时密码：\n\n    {temp}\n\n\
                 请在{}小时内登录，登录后系统会要求您立即设置新密码。\n",
                crate::accounts::recovery::TEMP_PASSWORD_HOURS
            ),
        };
        self.send_mail(&mail)?;
        Ok(TempPassword { password: None, mailed_to: Some(to) })
    }

    pub fn security_settings(&self, token: &str) -> Result<SecuritySettings> {
        self.actor(token)?.require_admin()?;
        let conn = self.read()?;
        let classes = crate::accounts::policy::classes(&conn)?;
        Ok(SecuritySettings {
            max_failed_logins: settings::get_int(&conn, settings::MAX_FAILED_LOGINS)?,
            lock_window_minutes: settings::get_int(&conn, settings::LOCK_WINDOW_MINUTES)?,
            lock_minutes: settings::get_int(&conn, settings::LOCK_MINUTES)?,
            session_idle_minutes: settings::get_int(&conn, settings::SESSION_IDLE_MINUTES)?,
            session_max_hours: settings::get_int(&conn, settings::SESSION_MAX_HOURS)?,
            password_max_age_days: settings::get_int(&conn, settings::PASSWORD_MAX_AGE_DAYS)?,
            password_history: settings::get_int(&conn, settings::PASSWORD_HISTORY)?,
            password_letters: classes.letters,
            password_digits: classes.digits,
            password_symbols: classes.symbols,
            batch_print_admins_only: settings::get_text(&conn, settings::BATCH_PRINT_ROLES)? == settings::BATCH_PRINT_ADMINS,
            import_by_reviewers: settings::get_int(&conn, settings::IMPORT_BY_REVIEWERS)? == 1,
            staff_networks: crate::accounts::network::load(&conn)?,
        })
    }

    pub fn save_security_settings(&self, token: &str, s: SecuritySettings) -> Result<()> {
        self.save_security_settings_from(token, s, None)
    }

    /// 安全设置 saved from `address` (through the server): a list of staff networks that leaves
    /// out the admin's own address is refused, so that nobody locks themselves out of the page.
    pub fn save_security_settings_from(&self, token: &str, mut s: SecuritySettings, address: Option<std::net::IpAddr>) -> Result<()> {
        let actor = self.actor(token)?;
        let before = self.security_settings(token)?;
        let mut e = Errors::new();
        match crate::accounts::network::clean(&s.staff_networks) {
            Ok(networks) => s.staff_networks = networks,
            Err(Error::Invalid(fields)) => fields.into_iter().for_each(|f| e.add(&f.field, f.message)),
            Err(other) => return Err(other),
        }
        if let Some(address) = address.filter(|a| e.is_empty() && !crate::accounts::network::list_allows(&s.staff_networks, *a)) {
            e.add("staffNetworks", format!("您当前的地址 {address} 不在所列网络中，保存后将无法继续使用本账号：请加入它所在的网络"));
        }
        let checks = [
            ("maxFailedLogins", s.max_failed_logins, 3, 20, "次"),
            ("lockWindowMinutes", s.lock_window_minutes, 1, 1440, "分钟"),
            ("lockMinutes", s.lock_minutes, 1, 1440, "分钟"),
            ("sessionIdleMinutes", s.session_idle_minutes, 1, 480, "分钟"),
            ("sessionMaxHours", s.session_max_hours, 1, 24, "小时"),
            ("passwordMaxAgeDays", s.password_max_age_days, 0, 365, "天（0 表示不限）"),
            ("passwordHistory", s.password_history, 0, crate::accounts::policy::HISTORY_MAX, "个（0 表示不限制）"),
        ];
        for (field, v, lo, hi, unit) in checks {
            if !(lo..=hi).contains(&v) {
                e.add(field, format!("请填写{lo}至{hi}{unit}"));
            }
        }
        if s.session_max_hours * 60 < s.session_idle_minutes && e.is_empty() {
            e.add("sessionMaxHours", "登录最长有效时间不能短于无操作自动退出的时长");
        }
        let classes = crate::validate::PasswordClasses {
            letters: s.password_letters,
            digits: s.password_digits,
            symbols: s.password_symbols,
        };
        if classes.bits() == 0 {
            e.add("passwordClasses", "请至少选择一类必须包含的字符");
        }
        e.into_result().map_err(Error::Invalid)?;
        let mut conn = self.db();
        let tx = conn.transaction()?;
        settings::set_int(&tx, settings::SESSION_MAX_HOURS, s.session_max_hours)?;
        settings::set_int(&tx, settings::PASSWORD_MAX_AGE_DAYS, s.password_max_age_days)?;
        settings::set_int(&tx, settings::PASSWORD_HISTORY, s.password_history)?;
        settings::set_int(&tx, settings::PASSWORD_CLASSES, classes.bits())?;
        settings::set_int(&tx, settings::MAX_FAILED_LOGINS, s.max_failed_logins)?;
        settings::set_int(&tx, settings::LOCK_WINDOW_MINUTES, s.lock_window_minutes)?;
        settings::set_int(&tx, settings::LOCK_MINUTES, s.lock_minutes)?;
        settings::set_int(&tx, settings::SESSION_IDLE_MINUTES, s.session_idle_minutes)?;
        settings::set_text(
            &tx,
            settings::BATCH_PRINT_ROLES,
            if s.batch_print_admins_only { settings::BATCH_PRINT_ADMINS } else { settings::BATCH_PRINT_STAFF },
        )?;
        settings::set_int(&tx, settings::IMPORT_BY_REVIEWERS, i64::from(s.import_by_reviewers))?;
        crate::accounts::network::save(&tx, &s.staff_networks)?;
        if before != s {
            audit::append(&tx, self.clock().now(), Entry {
                actor: audit::actor_id(&actor),
                before: audit::settings_json(&before),
                after: audit::settings_json(&s),
                ..Entry::new(AuditAction::SettingsSecurity)
            })?;
        }
        tx.commit()?;
        Ok(())
    }

    /// 登录日志, newest first.
    pub fn login_log(&self, token: &str, q: LoginLogQuery) -> Result<Page<LoginLogRow>> {
        self.actor(token)?.require_admin()?;
        let (limit, offset) = limit_offset(q.page, q.page_size);
        let from = crate::clock::day_bound(&q.from, "from", false)?;
        let to = crate::clock::day_bound(&q.to, "to", true)?;
        let user = (!q.username.trim().is_empty()).then(|| like_pattern(&q.username));
        let outcome = (!q.outcome.is_empty()).then_some(q.outcome.as_str());
        let filter = "(?1 IS NULL OR username LIKE ?1 ESCAPE '\\') AND (?2 IS NULL OR outcome = ?2) \
                      AND (?3 IS NULL OR at >= ?3) AND (?4 IS NULL OR at < ?4)";
        let conn = self.read()?;
        let total: i64 = conn.query_row(
            &format!("SELECT COUNT(*) FROM login_log WHERE {filter}"),
            params![user, outcome, from, to],
            |r| r.get(0),
        )?;
        let mut stmt = conn.prepare(&format!(
            "SELECT id, at, username, outcome FROM login_log WHERE {filter} ORDER BY at DESC, id DESC LIMIT ?5 OFFSET ?6"
        ))?;
        let items = stmt
            .query_map(params![user, outcome, from, to, limit, offset], |r| {
                Ok(LoginLogRow { id: r.get(0)?, at: r.get(1)?, username: r.get(2)?, outcome: r.get(3)? })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Page { items, total })
    }

    /// The SMTP settings with the password blanked, or none while mail goes to the outbox.
    pub fn mail_settings(&self, token: &str) -> Result<Option<MailSettings>> {
        self.actor(token)?.require_admin()?;
        Ok(mail::load_settings(&*self.read()?)?.map(|s| s.redacted()))
    }

    /// Saves the SMTP settings (an empty password keeps the stored one); none goes back to the outbox.
    pub fn save_mail_settings(&self, token: &str, new: Option<MailSettings>) -> Result<()> {
        let actor = self.actor(token)?;
        actor.require_admin()?;
        let conn = self.db();
        let old = mail::load_settings(&conn)?;
        let merged = match new {
            Some(s) => {
                s.validate().map_err(Error::from)?;
                Some(mail::merge_password(s, old.as_ref()))
            }
            None => None,
        };
        mail::save_settings(&conn, merged.as_ref())?;
        if old != merged {
            // Passwords never reach the log: a changed one shows as 密码已修改.
            let password_changed = old.as_ref().map(|o| &o.password) != merged.as_ref().map(|m| &m.password);
            audit::append(&conn, self.clock().now(), Entry {
                actor: audit::actor_id(&actor),
                before: audit::settings_json(&old.as_ref().map(MailSettings::redacted)),
                after: audit::settings_json(&merged.as_ref().map(MailSettings::redacted)),
                note: password_changed.then(|| "SMTP 密码已修改".to_owned()),
                ..Entry::new(AuditAction::SettingsMail)
            })?;
        }
        Ok(())
    }

    /// 发送测试邮件
    pub fn send_test_mail(&self, token: &str, args: TestMailArgs) -> Result<MailResult> {
        self.actor(token)?.require_admin()?;
        let to = validate::email(&args.to).map_err(|m| Error::field("to", m))?;
        let mail = Mail {
            to,
            to_name: String::new(),
            subject: "社会工作者登记管理系统：测试邮件".into(),
            body: "这是一封测试邮件。收到它说明系统的邮件设置可以正常使用。\n".into(),
        };
        Ok(match self.send_mail(&mail)? {
            Delivery::Sent => MailResult { sent: true, outbox_file: None },
            Delivery::Outbox(p) => MailResult {
                sent: false,
                outbox_file: p.file_name().map(|f| f.to_string_lossy().into_owned()),
            },
        })
    }

    pub fn list_outbox(&self, token: &str) -> Result<Vec<OutboxEntry>> {
        self.actor(token)?.require_admin()?;
        mail::list_outbox(&self.outbox_dir())
    }

    pub fn read_outbox(&self, token: &str, file_name: &str) -> Result<String> {
        self.actor(token)?.require_admin()?;
        mail::read_outbox(&self.outbox_dir(), file_name)
    }
}
