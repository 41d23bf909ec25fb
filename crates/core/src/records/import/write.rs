//! Writing the checked rows in the caller's transaction: per row an account (PRODUCT.md §9), the
//! record in the state the file gives it, its photo, for a historical registration the approved
//! 初次登记 it stands for, and an audit entry naming the file.

use super::row::Row;
use crate::audit::{self, AuditAction, Entry};
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::registration::record::add_years;
use crate::registration::worker::store_record;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{params, Connection};
use std::collections::HashSet;

pub(super) struct Batch<'a> {
    pub actor: Option<i64>,
    pub now: DateTime<Utc>,
    pub file_name: &'a str,
    pub sha256: &'a str,
    /// The argon2 hash of a password no one knows: imported accounts cannot log in until claimed.
    pub sealed_hash: &'a str,
    pub full_time_years: i32,
    pub other_years: i32,
}

/// The message of the error an import returns when asked to stop.
pub const CANCELLED: &str = "已取消导入，没有写入任何记录";

/// Writes `rows` (all valid) and returns the import's id. `progress(done, total)` every 100 rows;
/// false stops it with nothing kept (the caller's transaction is dropped).
pub(super) fn write(conn: &Connection, rows: &[&Row], b: &Batch, progress: &mut dyn FnMut(u64, u64) -> bool) -> Result<i64> {
    conn.execute(
        "INSERT INTO imports (file_name, file_sha256, rows, imported_by, at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![b.file_name, b.sha256, rows.len() as i64, b.actor, stamp(b.now)],
    )?;
    let import_id = conn.last_insert_rowid();
    let mut taken: HashSet<String> = {
        let mut stmt = conn.prepare("SELECT lower(username) FROM users WHERE username LIKE 'sg%'")?;
        let v = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<_>>()?;
        v
    };
    let mut next: i64 = conn.query_row("SELECT COALESCE(MAX(id), 0) + 1 FROM users", [], |r| r.get(0))?;
    let mut user = conn.prepare(
        "INSERT INTO users (username, display_name, role, status, password_hash, must_change_password, id_number,
                            phone, email, created_by, created_at, import_id)
         VALUES (?1, ?2, 'worker', 'active', ?3, 1, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut worker = conn.prepare(
        "INSERT INTO workers (user_id, status, registration_no, valid_from, valid_until, entered_by, entered_at,
                              created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?7)",
    )?;
    let mut photo = conn.prepare("INSERT INTO photos (worker_id, jpeg, created_at) VALUES (?1, ?2, ?3)")?;
    let mut application = conn.prepare(
        "INSERT INTO applications (worker_id, kind, status, data, created_at, updated_at, submitted_at, decided_at,
                                   decided_by, decision_comment, entered_by)
         VALUES (?1, 'initial', 'approved', ?2, ?3, ?3, ?3, ?3, ?4, ?5, ?4)",
    )?;
    let total = rows.len() as u64;
    let now = stamp(b.now);
    for (i, row) in rows.iter().enumerate() {
        if i % 100 == 0 && !progress(i as u64, total) {
            return Err(Error::Cancelled(CANCELLED.into()));
        }
        let username = loop {
            let name = format!("sg{next:06}");
            next += 1;
            if taken.insert(name.clone()) {
                break name;
            }
        };
        let f = &row.form;
        user.execute(params![
            username,
            f.name,
            b.sealed_hash,
            f.id_number,
            f.contact.mobile,
            f.contact.email,
            b.actor,
            now,
            import_id
        ])?;
        let user_id = conn.last_insert_rowid();
        let reg = row.registration.as_ref();
        let valid_from = reg.map(|g| match &g.valid_from {
            Some(d) => d.clone(),
            None => derived_start(&g.valid_until, if f.full_time == Some(true) { b.full_time_years } else { b.other_years }),
        });
        worker.execute(params![
            user_id,
            if reg.is_some() { "registered" } else { "unregistered" },
            reg.map(|g| &g.number),
            valid_from,
            reg.map(|g| &g.valid_until),
            b.actor,
            now
        ])?;
        let worker_id = conn.last_insert_rowid();
        let mut form = f.clone();
        if let Some(jpeg) = &row.photo {
            photo.execute(params![worker_id, jpeg, now])?;
            form.photo_id = Some(conn.last_insert_rowid());
        }
        store_record(conn, worker_id, &form, b.now)?;
        if reg.is_some() {
            let json = serde_json::to_string(&form).map_err(|e| Error::Internal(e.to_string()))?;
            application.execute(params![worker_id, json, now, b.actor, "导入的历史登记"])?;
        }
        let state = match reg {
            Some(g) => format!("已登记，登记证号 {}，有效期至 {}", g.number, g.valid_until),
            None => "未登记".to_owned(),
        };
        audit::append(conn, b.now, Entry {
            actor: b.actor,
            worker: Some(worker_id),
            note: Some(format!("从文件 {}（SHA-256 {}）第{}行导入，账号 {username}，{state}", b.file_name, b.sha256, row.line)),
            ..Entry::new(AuditAction::RecordImport)
        })?;
    }
    progress(total, total);
    Ok(import_id)
}

/// 有效期自 when the file gives only 有效期至: one period back, the day after.
fn derived_start(until: &str, years: i32) -> String {
    match NaiveDate::parse_from_str(until, "%Y-%m-%d") {
        Ok(d) => (add_years(d, -years) + Duration::days(1)).to_string(),
        Err(_) => until.to_owned(),
    }
}
