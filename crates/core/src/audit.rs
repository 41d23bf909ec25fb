//! 操作日志: an append-only record of who did what to which record. The core has no way to edit
//! or delete an entry, and the database refuses it too (triggers in the V3 migration).

use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::page::{like_pattern, limit_offset, Page};
use crate::registry::Registry;
use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
    #[serde(rename = "database.backup")]
    DatabaseBackup,
    #[serde(rename = "database.restore")]
    DatabaseRestore,
    #[serde(rename = "account.scope")]
    AccountScope,
    #[serde(rename = "settings.review")]
    SettingsReview,
}

impl AuditAction {
    /// In the order the 操作日志's filter offers them.
    pub const ALL: [AuditAction; 17] = [
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
        AuditAction::DatabaseBackup,
        AuditAction::DatabaseRestore,
        AuditAction::AccountScope,
        AuditAction::SettingsReview,
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
            AuditAction::DatabaseBackup => "database.backup",
            AuditAction::DatabaseRestore => "database.restore",
            AuditAction::AccountScope => "account.scope",
            AuditAction::SettingsReview => "settings.review",
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
            AuditAction::DatabaseBackup => "备份数据库",
            AuditAction::DatabaseRestore => "恢复数据库",
            AuditAction::AccountScope => "审核范围设置",
            AuditAction::SettingsReview => "审核规则设置",
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

pub fn append(conn: &Connection, at: DateTime<Utc>, e: Entry) -> Result<()> {
    conn.execute(
        "INSERT INTO audit_log (at, actor_id, action, worker_id, application_id, before, after, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![stamp(at), e.actor, e.action, e.worker, e.application, e.before, e.after, e.note],
    )?;
    Ok(())
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditQuery {
    /// Matches the actor's or the record's name or account.
    pub person: String,
    /// Only this action; none for all.
    pub action: Option<AuditAction>,
    pub from: String,
    pub to: String,
    pub page: u32,
    pub page_size: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditRow {
    #[ts(type = "number")]
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: AuditAction,
    pub worker: String,
    #[ts(type = "number | null")]
    pub application_id: Option<i64>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub note: Option<String>,
}

/// The UTC bound of a `YYYY-MM-DD` day in China time (its start, or the next day's for `end`).
pub fn day_bound(raw: &str, field: &str, end: bool) -> Result<Option<String>> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    let d = crate::validate::date(raw).map_err(|m| Error::field(field, m))?;
    let d = if end { d + Duration::days(1) } else { d };
    let midnight = d.and_hms_opt(0, 0, 0).expect("midnight exists");
    let at = midnight.and_local_timezone(crate::clock::china()).single().expect("+08:00 is unambiguous");
    Ok(Some(stamp(at.with_timezone(&Utc))))
}

impl Registry {
    /// 操作日志, newest first; admins only.
    pub fn audit_log(&self, token: &str, q: AuditQuery) -> Result<Page<AuditRow>> {
        self.actor(token)?.require_admin()?;
        let (limit, offset) = limit_offset(q.page, q.page_size);
        let from = day_bound(&q.from, "from", false)?;
        let to = day_bound(&q.to, "to", true)?;
        let person = (!q.person.trim().is_empty()).then(|| like_pattern(&q.person));
        let action = q.action;
        let filter = "(?1 IS NULL OR a.username LIKE ?1 ESCAPE '\\' OR a.display_name LIKE ?1 ESCAPE '\\' \
                       OR w.name LIKE ?1 ESCAPE '\\') AND (?2 IS NULL OR l.action = ?2) \
                      AND (?3 IS NULL OR l.at >= ?3) AND (?4 IS NULL OR l.at < ?4)";
        let from_clause = "FROM audit_log l LEFT JOIN users a ON a.id = l.actor_id LEFT JOIN workers w ON w.id = l.worker_id";
        let conn = self.db();
        let total: i64 = conn.query_row(
            &format!("SELECT COUNT(*) {from_clause} WHERE {filter}"),
            params![person, action, from, to],
            |r| r.get(0),
        )?;
        let mut stmt = conn.prepare(&format!(
            "SELECT l.id, l.at, COALESCE(a.display_name || '（' || a.username || '）', '系统'), l.action,
                    COALESCE(w.name, ''), l.application_id, l.before, l.after, l.note
             {from_clause} WHERE {filter} ORDER BY l.at DESC, l.id DESC LIMIT ?5 OFFSET ?6"
        ))?;
        let items = stmt
            .query_map(params![person, action, from, to, limit, offset], |r| {
                Ok(AuditRow {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    action: r.get(3)?,
                    worker: r.get(4)?,
                    application_id: r.get(5)?,
                    before: r.get(6)?,
                    after: r.get(7)?,
                    note: r.get(8)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Page { items, total })
    }
}
