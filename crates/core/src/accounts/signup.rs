//! 注册 and its review: a worker asks for an account, staff approve or reject it.

use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::accounts::mail::Mail;
use crate::page::{like_pattern, limit_offset, Page};
use crate::registry::Registry;
use crate::accounts::session::Role;
use crate::validate::{self, Errors};
use crate::accounts::password;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// 系统账户申请: the registration form.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RegisterArgs {
    pub username: String,
    pub password: String,
    pub password_confirm: String,
    pub display_name: String,
    pub id_number: String,
    pub phone: String,
    pub email: String,
    pub captcha_id: String,
    pub captcha_answer: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AccountStatus {
    /// 待审核
    Pending,
    /// 正常
    Active,
    /// 未通过
    Rejected,
    /// 已停用
    Disabled,
}

impl AccountStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            AccountStatus::Pending => "pending",
            AccountStatus::Active => "active",
            AccountStatus::Rejected => "rejected",
            AccountStatus::Disabled => "disabled",
        }
    }

    fn parse(s: &str) -> Option<AccountStatus> {
        [AccountStatus::Pending, AccountStatus::Active, AccountStatus::Rejected, AccountStatus::Disabled]
            .into_iter()
            .find(|a| a.as_str() == s)
    }
}

crate::stored::stored_key!(AccountStatus, "账号状态");

/// Filters of an account list; `page` is 1-based.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountQuery {
    pub status: Option<AccountStatus>,
    pub role: Option<Role>,
    /// Matches 账号, 姓名, 手机号码, 电子邮箱 or 身份证号码.
    pub search: String,
    pub page: u32,
    pub page_size: u32,
}

/// One account in a list. ID numbers and phones are masked.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountRow {
    #[ts(type = "number")]
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub status: AccountStatus,
    pub id_number: String,
    pub phone: String,
    pub email: String,
    pub created_at: String,
    pub review_comment: Option<String>,
    pub reviewed_at: Option<String>,
    pub last_login_at: Option<String>,
    pub must_change_password: bool,
    /// 审核范围 of a staff account: a district code, or none for the city.
    pub review_scope: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewAccountArgs {
    #[ts(type = "number")]
    pub user_id: i64,
    pub approve: bool,
    /// 审核意见; required to reject.
    pub comment: String,
}

/// An account that already holds a signed-up ID number or e-mail address.
struct Owner {
    username: String,
    name: String,
    status: String,
    email: Option<String>,
    /// Made by an import and never logged into: the worker has not claimed it yet.
    unclaimed: bool,
}

impl Owner {
    /// The mail that tells the owner someone signed up with their ID number or address.
    fn told_of_sign_up(&self, to: String) -> Mail {
        let Owner { username, name, status, unclaimed, .. } = self;
        if *unclaimed && status == "active" {
            return Mail {
                to,
                to_name: name.clone(),
                subject: "社会工作者登记管理系统：您的账号已建立".into(),
                body: format!(
                    "{name}，您好：\n\n登记管理机关已把您的登记信息导入社会工作者登记管理系统，并为您建立了账号：\n\n    {username}\n\n\
                     请在登录页点击“忘记密码”，输入该账号和本邮箱，取得临时密码后登录，并按提示设置新密码。\n\
                     您刚才的注册申请没有另建账号。如果这不是您本人的操作，请忽略本邮件；如有疑问请联系登记管理机关。\n"
                ),
            };
        }
        let what_now = match status.as_str() {
            "pending" => "您的账号正在等待审核，审核结果会通过邮件通知您，无需重新注册。",
            "rejected" => "您的账号注册未通过审核；用该账号登录可以看到审核意见，如需重新申请请联系登记管理机关。",
            "disabled" => "您的账号已被停用，如需恢复请联系登记管理机关。",
            _ => "如果是您本人操作，请直接用该账号登录；忘记密码可在登录页点击“忘记密码”找回。",
        };
        Mail {
            to,
            to_name: name.clone(),
            subject: "社会工作者登记管理系统：有人用您的信息申请注册".into(),
            body: format!(
                "{name}，您好：\n\n有人在社会工作者登记管理系统用您账号（{username}）登记的身份证号码或电子邮箱\
                 申请注册新账号。每个身份证号码和电子邮箱只能注册一个账号，因此没有创建新账号。\n\n{what_now}\n\
                 如果这不是您本人的操作，请忽略本邮件，您的账号不受影响；如有疑问请联系登记管理机关。\n"
            ),
        }
    }
}

impl Registry {
    /// 注册: creates a worker account awaiting review, after the fields and the captcha (one use).
    ///
    /// Whether an ID number or e-mail address already belongs to an account is no one's business
    /// but that account's owner: such a sign-up gets the same answer as a new one, no account is
    /// made, and the owner is told by mail at the address on record (what to do if it was them:
    /// log in or recover the password). A new sign-up is confirmed by mail, so both answers take
    /// one mail's time. A taken 账号 is said, as it must be chosen anew.
    pub fn register(&self, args: RegisterArgs) -> Result<()> {
        let today = self.clock().today();
        let classes = super::policy::classes(&*self.read()?)?;
        let mut e = Errors::new();
        let username = e.check("username", validate::username(&args.username));
        if let Err(m) = validate::password_with(&args.password, classes) {
            e.add("password", m);
        }
        if args.password_confirm.is_empty() {
            e.add("passwordConfirm", "请再次输入密码");
        } else if args.password != args.password_confirm {
            e.add("passwordConfirm", "两次输入的密码不一致");
        }
        let name = e.check("displayName", validate::person_name(&args.display_name));
        let id = e.check("idNumber", validate::id_number(&args.id_number, today));
        let phone = e.check("phone", validate::mobile(&args.phone));
        let email = e.check("email", validate::email(&args.email));
        if args.captcha_answer.trim().is_empty() {
            e.add("captchaAnswer", "请输入验证码");
        }
        let (Some(username), Some(name), Some(id), Some(phone), Some(email)) = (username, name, id, phone, email) else {
            return Err(e.into());
        };
        e.into_result().map_err(Error::Invalid)?;
        if !self.take_captcha(&args.captcha_id, &args.captcha_answer)? {
            return Err(Error::Captcha("验证码不正确".into()));
        }

        let hash = password::hash(&args.password);
        let now = self.clock().now();
        let owners = {
            let mut conn = self.db();
            let tx = conn.transaction()?;
            if tx.query_row("SELECT 1 FROM users WHERE username = ?1", [&username], |_| Ok(())).optional()?.is_some() {
                return Err(Error::field("username", "该账号已被注册，请换一个"));
            }
            let mut stmt = tx.prepare(
                "SELECT username, display_name, status, email, import_id IS NOT NULL AND last_login_at IS NULL
                 FROM users WHERE id_number = ?1 OR email = ?2",
            )?;
            let owners = stmt
                .query_map(params![id.value, email], |r| {
                    Ok(Owner { username: r.get(0)?, name: r.get(1)?, status: r.get(2)?, email: r.get(3)?, unclaimed: r.get(4)? })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            drop(stmt);
            if owners.is_empty() {
                tx.execute(
                    "INSERT INTO users (username, display_name, role, status, password_hash, id_number, phone, email, created_at)
                     VALUES (?1, ?2, 'worker', 'pending', ?3, ?4, ?5, ?6, ?7)",
                    params![username, name, hash, id.value, phone, email, stamp(now)],
                )?;
                let user_id = tx.last_insert_rowid();
                super::policy::remember(&tx, user_id, &hash, now)?;
            }
            tx.commit()?;
            owners
        };
        if owners.is_empty() {
            self.notify(Mail {
                to: email,
                to_name: name.clone(),
                subject: "社会工作者登记管理系统：注册申请已收到".into(),
                body: format!(
                    "{name}，您好：\n\n您以账号 {username} 提交的注册申请已收到，正在等待审核。\n\
                     审核结果将通过本邮箱通知您；审核通过后即可登录。\n\
                     如果这不是您本人的操作，请联系登记管理机关。\n"
                ),
            });
        }
        for owner in owners {
            if let Some(to) = owner.email.clone() {
                self.notify(owner.told_of_sign_up(to));
            }
        }
        Ok(())
    }

    /// 账号审核 queue for staff: worker accounts, pending unless another status is asked for.
    pub fn account_queue(&self, token: &str, mut query: AccountQuery) -> Result<Page<AccountRow>> {
        self.actor(token)?.require_staff()?;
        query.role = Some(Role::Worker);
        query.status = Some(query.status.unwrap_or(AccountStatus::Pending));
        self.accounts_page(&query)
    }

    /// Registrations waiting for review, for the menu's badge: asked every minute on its own, so
    /// a background read that leaves the idle time running.
    pub fn pending_account_count(&self, token: &str) -> Result<usize> {
        self.actor_background(token)?.require_staff()?;
        let n: i64 = self.read()?.query_row(
            "SELECT COUNT(*) FROM users WHERE status = 'pending' AND role = 'worker'",
            [],
            |r| r.get(0),
        )?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// 账号管理: every account, for admins.
    pub fn list_accounts(&self, token: &str, query: AccountQuery) -> Result<Page<AccountRow>> {
        self.actor(token)?.require_admin()?;
        self.accounts_page(&query)
    }

    /// 通过 or 退回 a pending registration; the applicant is told by mail.
    pub fn review_account(&self, token: &str, args: ReviewAccountArgs) -> Result<()> {
        let actor = self.actor(token)?;
        actor.require_staff()?;
        let comment = validate::clean_text(&args.comment, 200, true).map_err(|m| Error::field("comment", m))?;
        if !args.approve && comment.is_empty() {
            return Err(Error::field("comment", "退回时请填写审核意见"));
        }
        let now = self.clock().now();
        let (name, email) = {
            let conn = self.db();
            let row: Option<(String, String, String, Option<String>)> = conn
                .query_row(
                    "SELECT display_name, status, role, email FROM users WHERE id = ?1",
                    [args.user_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .optional()?;
            let Some((name, status, role, email)) = row else {
                return Err(Error::NotFound("账号不存在".into()));
            };
            if role != "worker" || status != "pending" {
                return Err(Error::Conflict("该账号不在待审核状态，可能已被其他审核员处理".into()));
            }
            let new_status = if args.approve { "active" } else { "rejected" };
            conn.execute(
                "UPDATE users SET status = ?1, review_comment = ?2, reviewed_by = ?3, reviewed_at = ?4 WHERE id = ?5",
                params![new_status, (!comment.is_empty()).then_some(&comment), actor.user_id, stamp(now), args.user_id],
            )?;
            let account = crate::audit::account_named(&conn, args.user_id)?;
            crate::audit::append(&conn, now, crate::audit::Entry {
                actor: crate::audit::actor_id(&actor),
                before: Some("pending".into()),
                after: Some(new_status.into()),
                note: Some(if comment.is_empty() { account } else { format!("{account}，审核意见：{comment}") }),
                ..crate::audit::Entry::new(if args.approve {
                    crate::audit::AuditAction::AccountApprove
                } else {
                    crate::audit::AuditAction::AccountReject
                })
            })?;
            (name, email)
        };
        if let Some(to) = email {
            let body = if args.approve {
                format!("{name}，您好：\n\n您在社会工作者登记管理系统注册的账号已通过审核，现在可以登录。\n")
            } else {
                format!("{name}，您好：\n\n您在社会工作者登记管理系统注册的账号未通过审核。\n审核意见：{comment}\n")
            };
            self.notify(Mail { to, to_name: name, subject: "社会工作者登记管理系统：账号审核结果".into(), body });
        }
        Ok(())
    }

    fn accounts_page(&self, q: &AccountQuery) -> Result<Page<AccountRow>> {
        let (limit, offset) = limit_offset(q.page, q.page_size);
        let search = q.search.trim();
        let filter = "(?1 IS NULL OR status = ?1) AND (?2 IS NULL OR role = ?2) AND (?3 IS NULL OR \
             username LIKE ?3 ESCAPE '\\' OR display_name LIKE ?3 ESCAPE '\\' OR phone LIKE ?3 ESCAPE '\\' \
             OR email LIKE ?3 ESCAPE '\\' OR id_number LIKE ?3 ESCAPE '\\')";
        let status = q.status.map(AccountStatus::as_str);
        let role = q.role.map(Role::as_str);
        let pattern = (!search.is_empty()).then(|| like_pattern(search));
        let conn = self.read()?;
        let total: i64 = conn.query_row(
            &format!("SELECT COUNT(*) FROM users WHERE {filter}"),
            params![status, role, pattern],
            |r| r.get(0),
        )?;
        let mut stmt = conn.prepare(&format!(
            "SELECT id, username, display_name, role, status, id_number, phone, email, created_at,
                    review_comment, reviewed_at, last_login_at, must_change_password, review_scope
             FROM users WHERE {filter} ORDER BY created_at DESC, id DESC LIMIT ?4 OFFSET ?5"
        ))?;
        let items = stmt
            .query_map(params![status, role, pattern, limit, offset], |r| {
                let id_number: Option<String> = r.get(5)?;
                let phone: Option<String> = r.get(6)?;
                Ok(AccountRow {
                    id: r.get(0)?,
                    username: r.get(1)?,
                    display_name: r.get(2)?,
                    role: r.get(3)?,
                    status: r.get(4)?,
                    id_number: id_number.map(|v| validate::mask_id_number(&v)).unwrap_or_default(),
                    phone: phone.map(|v| validate::mask_phone(&v)).unwrap_or_default(),
                    email: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
                    created_at: r.get(8)?,
                    review_comment: r.get(9)?,
                    reviewed_at: r.get(10)?,
                    last_login_at: r.get(11)?,
                    must_change_password: r.get(12)?,
                    review_scope: r.get(13)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Page { items, total })
    }
}
