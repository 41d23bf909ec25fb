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

/// One entry to append.
pub struct Entry<'a> {
    pub actor: Option<i64>,
    pub action: &'a str,
    pub worker: Option<i64>,
    pub application: Option<i64>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub note: Option<String>,
}

impl Default for Entry<'_> {
    fn default() -> Self {
        Entry { actor: None, action: "", worker: None, application: None, before: None, after: None, note: None }
    }
}

pub fn append(conn: &Connection, at: DateTime<Utc>, e: Entry<'_>) -> Result<()> {
    conn.execute(
        "INSERT INTO audit_log (at, actor_id, action, worker_id, application_id, before, after, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![stamp(at), e.actor, e.action, e.worker, e.application, e.before, e.after, e.note],
    )?;
    Ok(())
}

/// The actions written to the log, with their Chinese names.
pub const ACTIONS: &[(&str, &str)] = &[
    ("record.submit", "提交审核"),
    ("application.approve", "审核通过"),
    ("application.reject", "审核退回"),
    ("record.contact", "联系信息修改"),
    ("record.enter", "代录入"),
    ("record.freeze", "冻结"),
    ("card.issue", "发放社工卡"),
    ("card.void", "社工卡作废"),
    ("record.reveal", "查看完整信息"),
    ("record.export", "导出"),
    ("record.print", "打印"),
];

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditQuery {
    /// Matches the actor's or the record's name or account.
    pub person: String,
    pub action: String,
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
    pub action: String,
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
        let action = (!q.action.is_empty()).then_some(q.action.as_str());
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
