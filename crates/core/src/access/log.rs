//! Reading the 访问日志: the admin's filtered, paged view of it — "who looked at this worker's
//! data, and when".

use super::AccessView;
use crate::clock::day_bound;
use crate::error::Result;
use crate::page::{like_pattern, limit_offset, Page};
use crate::registry::Registry;
use rusqlite::params;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct AccessQuery {
    /// Matches the staff member's name or account.
    pub staff: String,
    /// Matches the worker's name or account.
    pub worker: String,
    /// Only this view; none for all.
    pub view: Option<AccessView>,
    pub from: String,
    pub to: String,
    pub page: u32,
    pub page_size: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccessRow {
    #[ts(type = "number")]
    pub id: i64,
    pub at: String,
    /// 查看人: 姓名（账号）.
    pub staff: String,
    /// 社工: 姓名（账号）.
    pub worker: String,
    pub view: AccessView,
    #[ts(type = "number | null")]
    pub application_id: Option<i64>,
    pub note: Option<String>,
}

impl Registry {
    /// 访问日志, newest first; admins only.
    pub fn access_log(&self, token: &str, q: AccessQuery) -> Result<Page<AccessRow>> {
        self.actor(token)?.require_admin()?;
        let (limit, offset) = limit_offset(q.page, q.page_size);
        let from = day_bound(&q.from, "from", false)?;
        let to = day_bound(&q.to, "to", true)?;
        let staff = (!q.staff.trim().is_empty()).then(|| like_pattern(&q.staff));
        let worker = (!q.worker.trim().is_empty()).then(|| like_pattern(&q.worker));
        let filter = "(?1 IS NULL OR s.username LIKE ?1 ESCAPE '\\' OR s.display_name LIKE ?1 ESCAPE '\\') \
                      AND (?2 IS NULL OR w.name LIKE ?2 ESCAPE '\\' OR wu.username LIKE ?2 ESCAPE '\\') \
                      AND (?3 IS NULL OR l.view = ?3) AND (?4 IS NULL OR l.at >= ?4) AND (?5 IS NULL OR l.at < ?5)";
        let from_clause = "FROM access_log l JOIN users s ON s.id = l.actor_id JOIN workers w ON w.id = l.worker_id \
                           LEFT JOIN users wu ON wu.id = w.user_id";
        let conn = self.read()?;
        let total: i64 = conn.query_row(
            &format!("SELECT COUNT(*) {from_clause} WHERE {filter}"),
            params![staff, worker, q.view, from, to],
            |r| r.get(0),
        )?;
        let mut stmt = conn.prepare(&format!(
            "SELECT l.id, l.at, s.display_name || '（' || s.username || '）',
                    COALESCE(NULLIF(w.name, ''), '（未填姓名）') || COALESCE('（' || wu.username || '）', ''),
                    l.view, l.application_id, l.note
             {from_clause} WHERE {filter} ORDER BY l.at DESC, l.id DESC LIMIT ?6 OFFSET ?7"
        ))?;
        let items = stmt
            .query_map(params![staff, worker, q.view, from, to, limit, offset], |r| {
                Ok(AccessRow {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    staff: r.get(2)?,
                    worker: r.get(3)?,
                    view: r.get(4)?,
                    application_id: r.get(5)?,
                    note: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Page { items, total })
    }
}
