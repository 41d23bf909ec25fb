//! 操作日志: an append-only record of who did what to which record. The core has no way to edit
//! or delete an entry, and the database refuses it too (triggers in the V3 migration).

use crate::clock::stamp;
use crate::accounts::session::Actor;
use crate::error::Result;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub(crate) mod chain;
mod log;
pub use chain::{AuditBreak, AuditCheck};
pub use log::{AuditQuery, AuditRow};

/// The user id of the local operator's actor. No account has it (row ids start at 1): the
/// audit log records the operator's actions without an actor, shown as 系统, and anything that
/// would store it as an account id fails on the foreign key rather than name a wrong person.
pub const SYSTEM_USER_ID: i64 = 0;

/// The account id to record in the audit log for an actor: none for the local operator.
pub fn actor_id(actor: &Actor) -> Option<i64> {
    (actor.user_id != SYSTEM_USER_ID).then_some(actor.user_id)
}

/// 操作: what an entry records. Stored as its key (`record.submit` …), which never changes once
/// written; the Chinese label is what the 操作日志 shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub enum AuditAction {
    #[serde(rename = "record.submit")]
    RecordSubmit,
    #[serde(rename = "application.first_approve")]
    ApplicationFirstApprove,
    #[serde(rename = "application.approve")]
    ApplicationApprove,
    #[serde(rename = "application.reject")]
    ApplicationReject,
    #[serde(rename = "record.contact")]
    RecordContact,
    #[serde(rename = "record.enter")]
    RecordEnter,
    #[serde(rename = "record.freeze")]
    RecordFreeze,
    #[serde(rename = "card.issue")]
    CardIssue,
    #[serde(rename = "card.void")]
    CardVoid,
    #[serde(rename = "record.reveal")]
    RecordReveal,
    #[serde(rename = "record.export")]
    RecordExport,
    #[serde(rename = "record.print")]
    RecordPrint,
    #[serde(rename = "account.create_admin")]
    AccountCreateAdmin,
    #[serde(rename = "account.create")]
    AccountCreate,
    #[serde(rename = "account.approve")]
    AccountApprove,
    #[serde(rename = "account.reject")]
    AccountReject,
    #[serde(rename = "account.disable")]
    AccountDisable,
    #[serde(rename = "account.enable")]
    AccountEnable,
    #[serde(rename = "account.reset_password")]
    AccountResetPassword,
    #[serde(rename = "settings.security")]
    SettingsSecurity,
    #[serde(rename = "settings.mail")]
    SettingsMail,
    #[serde(rename = "settings.periods")]
    SettingsPeriods,
    #[serde(rename = "settings.backup")]
    SettingsBackup,
    #[serde(rename = "database.backup")]
    DatabaseBackup,
    #[serde(rename = "database.restore")]
    DatabaseRestore,
    #[serde(rename = "account.scope")]
    AccountScope,
    #[serde(rename = "settings.review")]
    SettingsReview,
    #[serde(rename = "record.import")]
    RecordImport,
}

impl AuditAction {
    /// In the order the 操作日志's filter offers them.
    pub const ALL: [AuditAction; 28] = [
        AuditAction::RecordSubmit,
        AuditAction::ApplicationFirstApprove,
        AuditAction::ApplicationApprove,
        AuditAction::ApplicationReject,
        AuditAction::RecordContact,
        AuditAction::RecordEnter,
        AuditAction::RecordFreeze,
        AuditAction::CardIssue,
        AuditAction::CardVoid,
        AuditAction::RecordReveal,
        AuditAction::RecordExport,
        AuditAction::RecordPrint,
        AuditAction::AccountCreateAdmin,
        AuditAction::AccountCreate,
        AuditAction::AccountApprove,
        AuditAction::AccountReject,
        AuditAction::AccountDisable,
        AuditAction::AccountEnable,
        AuditAction::AccountResetPassword,
        AuditAction::SettingsSecurity,
        AuditAction::SettingsMail,
        AuditAction::SettingsPeriods,
        AuditAction::SettingsBackup,
        AuditAction::DatabaseBackup,
        AuditAction::DatabaseRestore,
        AuditAction::AccountScope,
        AuditAction::SettingsReview,
        AuditAction::RecordImport,
    ];

    /// The key stored in `audit_log.action`.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::RecordSubmit => "record.submit",
            AuditAction::ApplicationFirstApprove => "application.first_approve",
            AuditAction::ApplicationApprove => "application.approve",
            AuditAction::ApplicationReject => "application.reject",
            AuditAction::RecordContact => "record.contact",
            AuditAction::RecordEnter => "record.enter",
            AuditAction::RecordFreeze => "record.freeze",
            AuditAction::CardIssue => "card.issue",
            AuditAction::CardVoid => "card.void",
            AuditAction::RecordReveal => "record.reveal",
            AuditAction::RecordExport => "record.export",
            AuditAction::RecordPrint => "record.print",
            AuditAction::AccountCreateAdmin => "account.create_admin",
            AuditAction::AccountCreate => "account.create",
            AuditAction::AccountApprove => "account.approve",
            AuditAction::AccountReject => "account.reject",
            AuditAction::AccountDisable => "account.disable",
            AuditAction::AccountEnable => "account.enable",
            AuditAction::AccountResetPassword => "account.reset_password",
            AuditAction::SettingsSecurity => "settings.security",
            AuditAction::SettingsMail => "settings.mail",
            AuditAction::SettingsPeriods => "settings.periods",
            AuditAction::SettingsBackup => "settings.backup",
            AuditAction::DatabaseBackup => "database.backup",
            AuditAction::DatabaseRestore => "database.restore",
            AuditAction::AccountScope => "account.scope",
            AuditAction::SettingsReview => "settings.review",
            AuditAction::RecordImport => "record.import",
        }
    }

    pub fn parse(s: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            AuditAction::RecordSubmit => "提交审核",
            AuditAction::ApplicationFirstApprove => "初审通过",
            AuditAction::ApplicationApprove => "审核通过",
            AuditAction::ApplicationReject => "审核退回",
            AuditAction::RecordContact => "联系信息修改",
            AuditAction::RecordEnter => "代录入",
            AuditAction::RecordFreeze => "冻结",
            AuditAction::CardIssue => "发放社工卡",
            AuditAction::CardVoid => "社工卡作废",
            AuditAction::RecordReveal => "查看完整信息",
            AuditAction::RecordExport => "导出",
            AuditAction::RecordPrint => "打印",
            AuditAction::AccountCreateAdmin => "创建管理员账号",
            AuditAction::AccountCreate => "创建员工账号",
            AuditAction::AccountApprove => "账号审核通过",
            AuditAction::AccountReject => "账号审核退回",
            AuditAction::AccountDisable => "停用账号",
            AuditAction::AccountEnable => "启用账号",
            AuditAction::AccountResetPassword => "重置密码",
            AuditAction::SettingsSecurity => "修改安全设置",
            AuditAction::SettingsMail => "修改邮件设置",
            AuditAction::SettingsPeriods => "修改登记期限设置",
            AuditAction::SettingsBackup => "修改自动备份设置",
            AuditAction::DatabaseBackup => "备份数据库",
            AuditAction::DatabaseRestore => "恢复数据库",
            AuditAction::AccountScope => "审核范围设置",
            AuditAction::SettingsReview => "审核规则设置",
            AuditAction::RecordImport => "导入",
        }
    }
}

crate::stored::stored_key!(AuditAction, "操作类型");

/// An action with its label, generated into the TypeScript bindings as `AUDIT_ACTIONS`.
#[derive(Debug, Clone, Serialize, TS)]
pub struct AuditActionInfo {
    pub action: AuditAction,
    pub label: &'static str,
}

impl AuditActionInfo {
    pub fn all() -> Vec<AuditActionInfo> {
        AuditAction::ALL.into_iter().map(|action| AuditActionInfo { action, label: action.label() }).collect()
    }
}

/// One entry to append: `Entry { worker: Some(id), ..Entry::new(AuditAction::RecordFreeze) }`.
pub struct Entry {
    pub actor: Option<i64>,
    pub action: AuditAction,
    pub worker: Option<i64>,
    pub application: Option<i64>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub note: Option<String>,
}

impl Entry {
    pub fn new(action: AuditAction) -> Entry {
        Entry { actor: None, action, worker: None, application: None, before: None, after: None, note: None }
    }
}

/// 账号 zhang01（张三）: how an admin's action names the account it was about.
pub fn account_named(conn: &Connection, user_id: i64) -> Result<String> {
    let (username, name): (String, String) =
        conn.query_row("SELECT username, display_name FROM users WHERE id = ?1", [user_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(format!("账号 {username}（{name}）"))
}

/// A setting's value as the log keeps it, before or after a change (never a password: the
/// caller passes the redacted value).
pub fn settings_json<T: serde::Serialize>(value: &T) -> Option<String> {
    serde_json::to_string(value).ok()
}

/// Appends an entry, chained to the newest one (see `chain`). Called inside the transaction of
/// the change it records, whose write lock keeps the chain from forking.
pub fn append(conn: &Connection, at: DateTime<Utc>, e: Entry) -> Result<()> {
    let at = stamp(at);
    let prev = chain::last_hash(conn)?;
    let hash = chain::entry_hash(&prev, &chain::Fields {
        at: &at,
        actor: e.actor,
        action: e.action.as_str(),
        worker: e.worker,
        application: e.application,
        before: e.before.as_deref(),
        after: e.after.as_deref(),
        note: e.note.as_deref(),
    });
    conn.execute(
        "INSERT INTO audit_log (at, actor_id, action, worker_id, application_id, before, after, note, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![at, e.actor, e.action, e.worker, e.application, e.before, e.after, e.note, prev, hash],
    )?;
    Ok(())
}
