//! What must hold in any database the core wrote, read with plain SQL: the workflow's rule of one
//! open application of a kind per worker, and the copies and counts that triggers keep (V4's
//! `fields_mask`, V7's copies on each application and `application_counts`). Shared by the
//! integration tests (`it`) and the crash harness (`crash`), which include this file.

use rusqlite::Connection;

/// Every rule the database breaks, in words; empty when it is consistent.
pub fn problems(conn: &Connection) -> Vec<String> {
    let checks: [(&str, &str); 6] = [
        (
            "SELECT COUNT(*) FROM (SELECT worker_id, kind FROM applications WHERE status IN ('draft', 'submitted')
             GROUP BY worker_id, kind HAVING COUNT(*) > 1)",
            "at most one open application of a kind per worker",
        ),
        (
            "SELECT COUNT(*) FROM applications a JOIN workers w ON w.id = a.worker_id
             WHERE a.worker_district IS NOT w.district OR a.worker_title IS NOT w.title OR a.worker_name IS NOT w.name",
            "each application carries its record's current 所在区, 职称 and 姓名",
        ),
        (
            "SELECT (SELECT COUNT(*) FROM application_counts c
                     WHERE c.n <> (SELECT COUNT(*) FROM applications a WHERE a.status = c.status AND a.kind = c.kind))
                  + (SELECT COUNT(*) FROM (SELECT DISTINCT status, kind FROM applications) g
                     WHERE NOT EXISTS (SELECT 1 FROM application_counts c WHERE c.status = g.status AND c.kind = g.kind))",
            "application_counts holds the number of applications of each status and kind",
        ),
        (
            "SELECT COUNT(*) FROM workers w WHERE w.fields_mask <> (
                 SELECT COALESCE(SUM(1 << (CAST(f.field AS INTEGER) - 1)), 0) FROM worker_fields f
                 WHERE f.worker_id = w.id AND f.field GLOB '[0-9][0-9]' AND CAST(f.field AS INTEGER) BETWEEN 1 AND 62)",
            "workers.fields_mask has the bit of each 执业领域 of the record",
        ),
        (
            "SELECT COUNT(*) FROM workers WHERE status <> 'unregistered' AND (registration_no IS NULL OR valid_until IS NULL)",
            "an approved record has a registration number and an end of validity",
        ),
        (
            "SELECT COUNT(*) FROM applications
             WHERE (status <> 'draft' AND submitted_at IS NULL) OR (status IN ('approved', 'rejected') AND decided_at IS NULL)",
            "a submitted application has its submission time, a decided one its decision time",
        ),
    ];
    let mut out = Vec::new();
    for (sql, rule) in checks {
        match conn.query_row(sql, [], |r| r.get::<_, i64>(0)) {
            Ok(0) => {}
            Ok(n) => out.push(format!("{rule}: {n} rows break it")),
            Err(e) => out.push(format!("{rule}: {e}")),
        }
    }
    out
}

/// `PRAGMA integrity_check`'s findings; empty when the file is sound.
pub fn integrity(conn: &Connection) -> Vec<String> {
    let mut stmt = conn.prepare("PRAGMA integrity_check").expect("integrity_check");
    let rows: Vec<String> = stmt.query_map([], |r| r.get(0)).expect("integrity_check").map(|r| r.expect("row")).collect();
    if rows == ["ok"] { Vec::new() } else { rows }
}
