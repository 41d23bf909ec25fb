//! Reading the 操作日志: the admin's filtered, paged view of it.

use crate::clock::day_bound;
use crate::error::Result;
use crate::page::{like_pattern, limit_offset, Page};
use crate::registry::Registry;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{chain, AuditAction, AuditCheck};

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
        let conn = self.read()?;
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

impl Registry {
    /// 日志完整性校验: walks the whole hash chain and names the first entry that does not fit;
    /// admins only. The check itself is not logged (it changes nothing, and logging it would
    /// grow the chain it reports on).
    pub fn verify_audit(&self, token: &str) -> Result<AuditCheck> {
        self.actor(token)?.require_admin()?;
        chain::verify(&*self.read()?)
    }
}
