//! A contact change is never undone (PRODUCT.md §4). 联系信息修改 needs no review, so it
//! reaches every form that is still open (draft, waiting, or returned and not yet resubmitted),
//! and approving a form applies its contact section only when the worker wrote it after the
//! latest contact change. "After" is the order of the append-only audit log, not the clock: two
//! writes in one second still have an order.

use crate::error::{Error, Result};
use crate::registration::record::{Contact, RecordForm};
use rusqlite::{params, Connection, OptionalExtension};

/// Writes `contact` into the form of every open application of the worker: drafts, waiting
/// ones, and the latest of a kind when it was returned (what the worker will resubmit).
pub(crate) fn carry_to_open_forms(conn: &Connection, worker_id: i64, contact: &Contact) -> Result<()> {
    let mut stmt = conn.prepare(
        "SELECT id, data FROM applications a
         WHERE worker_id = ?1 AND data IS NOT NULL
           AND (status IN ('draft', 'submitted')
                OR (status = 'rejected'
                    AND id = (SELECT MAX(id) FROM applications b WHERE b.worker_id = a.worker_id AND b.kind = a.kind)))",
    )?;
    let forms: Vec<(i64, String)> =
        stmt.query_map([worker_id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    for (id, data) in forms {
        // A form that does not read as one is shown and approved as nothing; leave it be.
        let Ok(mut form) = serde_json::from_str::<RecordForm>(&data) else { continue };
        if form.contact == *contact {
            continue;
        }
        form.contact = contact.clone();
        let json = serde_json::to_string(&form).map_err(|e| Error::Internal(e.to_string()))?;
        conn.execute("UPDATE applications SET data = ?1 WHERE id = ?2", params![json, id])?;
    }
    Ok(())
}

/// The contact section that approving `application_id` writes: the form's when it was
/// submitted after the latest contact change, else the record's (which holds that change).
pub(crate) fn on_approval(
    conn: &Connection,
    worker_id: i64,
    application_id: i64,
    record: &Contact,
    form: &Contact,
) -> Result<Contact> {
    let last = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<Option<i64>> {
        Ok(conn.query_row(sql, p, |r| r.get::<_, Option<i64>>(0)).optional()?.flatten())
    };
    let changed = last(
        "SELECT MAX(id) FROM audit_log WHERE worker_id = ?1 AND action = 'record.contact'",
        &[&worker_id],
    )?;
    let submitted = last(
        "SELECT MAX(id) FROM audit_log WHERE worker_id = ?1 AND application_id = ?2 AND action = 'record.submit'",
        &[&worker_id, &application_id],
    )?;
    Ok(match changed {
        Some(c) if submitted.is_none_or(|s| s < c) => record.clone(),
        _ => form.clone(),
    })
}
