//! The audit log as a hash chain (V12): an entry's `hash` is SHA-256 over the JSON array
//! `[prev_hash, at, actor_id, action, worker_id, application_id, before, after, note]` (nulls as
//! `null`, the hash as lowercase hex), and its `prev_hash` is the hash of the entry before it
//! (empty for the first). An entry changed, removed or slipped in behind the app's back no longer
//! fits; [`verify`] walks the whole chain and names the first entry that does not. Removing the
//! newest entries leaves a shorter chain that still fits: the latest hash, printed in each
//! backup's report, is the anchor an auditor compares against.

use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

/// The fields of an entry that its hash covers, as stored.
pub(crate) struct Fields<'a> {
    pub at: &'a str,
    pub actor: Option<i64>,
    pub action: &'a str,
    pub worker: Option<i64>,
    pub application: Option<i64>,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
    pub note: Option<&'a str>,
}

/// An entry's hashed fields as a row of `SELECT_FIELDS` holds them, from column `at` on.
struct Stored {
    at: String,
    actor: Option<i64>,
    action: String,
    worker: Option<i64>,
    application: Option<i64>,
    before: Option<String>,
    after: Option<String>,
    note: Option<String>,
}

/// The columns `Stored::read` reads, after the id.
const SELECT_FIELDS: &str = "id, at, actor_id, action, worker_id, application_id, before, after, note, prev_hash, hash";

impl Stored {
    fn read(r: &rusqlite::Row) -> rusqlite::Result<Stored> {
        Ok(Stored {
            at: r.get(1)?,
            actor: r.get(2)?,
            action: r.get(3)?,
            worker: r.get(4)?,
            application: r.get(5)?,
            before: r.get(6)?,
            after: r.get(7)?,
            note: r.get(8)?,
        })
    }

    fn hash(&self, prev: &str) -> String {
        entry_hash(prev, &Fields {
            at: &self.at,
            actor: self.actor,
            action: &self.action,
            worker: self.worker,
            application: self.application,
            before: self.before.as_deref(),
            after: self.after.as_deref(),
            note: self.note.as_deref(),
        })
    }
}

/// The hash of an entry whose predecessor's hash is `prev`.
pub(crate) fn entry_hash(prev: &str, f: &Fields) -> String {
    let canonical = serde_json::to_string(&(prev, f.at, f.actor, f.action, f.worker, f.application, f.before, f.after, f.note))
        .expect("a tuple of strings and numbers always serialises");
    let digest = Sha256::digest(canonical.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The newest entry's hash: what the next entry chains to ("" while the log is empty).
pub(crate) fn last_hash(conn: &Connection) -> Result<String> {
    let last: Option<Option<String>> =
        conn.query_row("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", [], |r| r.get(0)).optional()?;
    Ok(last.flatten().unwrap_or_default())
}

/// Seals the entries written before V12 into the chain, once, in id order. Runs at every open:
/// the sealing is one transaction, so the newest legacy entry having its hash means all have, and
/// that one lookup is all an open costs once they are sealed (no scan of the log at start-up).
pub(crate) fn seal_legacy(conn: &mut Connection) -> Result<()> {
    let unsealed: Option<bool> = conn
        .query_row(
            "SELECT hash IS NULL FROM audit_log WHERE id = (SELECT legacy_through FROM audit_chain)",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if unsealed != Some(true) {
        return Ok(());
    }
    let tx = conn.transaction()?;
    {
        let mut read = tx.prepare(&format!(
            "SELECT {SELECT_FIELDS} FROM audit_log WHERE id <= (SELECT legacy_through FROM audit_chain) ORDER BY id"
        ))?;
        let mut write = tx.prepare("UPDATE audit_log SET prev_hash = ?1, hash = ?2 WHERE id = ?3")?;
        let mut rows = read.query([])?;
        let mut prev = String::new();
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            if let Some(h) = r.get::<_, Option<String>>(10)? {
                prev = h;
                continue;
            }
            let hash = Stored::read(r)?.hash(&prev);
            write.execute(params![prev, hash, id])?;
            prev = hash;
        }
    }
    tx.commit()?;
    Ok(())
}

/// The outcome of checking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditCheck {
    /// Entries checked.
    #[ts(type = "number")]
    pub entries: i64,
    /// The newest entry's hash (the anchor to note down); none while the log is empty.
    pub latest_hash: Option<String>,
    /// The first entry that does not fit; none when the whole chain holds.
    pub first_break: Option<AuditBreak>,
}

/// An entry where the chain breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuditBreak {
    #[ts(type = "number")]
    pub id: i64,
    pub at: String,
    /// What is wrong, for people.
    pub reason: String,
}

/// Walks the whole chain from the first entry.
pub(crate) fn verify(conn: &Connection) -> Result<AuditCheck> {
    let mut stmt = conn.prepare(&format!("SELECT {SELECT_FIELDS} FROM audit_log ORDER BY id"))?;
    let mut rows = stmt.query([])?;
    let mut prev = String::new();
    let mut entries = 0;
    while let Some(r) = rows.next()? {
        entries += 1;
        let id: i64 = r.get(0)?;
        let stored = Stored::read(r)?;
        let broken = |reason: &str| AuditCheck {
            entries,
            latest_hash: None,
            first_break: Some(AuditBreak { id, at: stored.at.clone(), reason: reason.into() }),
        };
        let (prev_hash, hash): (Option<String>, Option<String>) = (r.get(9)?, r.get(10)?);
        let (Some(prev_hash), Some(hash)) = (prev_hash, hash) else {
            return Ok(broken("该条记录没有哈希值，不是由本系统写入的"));
        };
        if prev_hash != prev {
            return Ok(broken("该条记录与前一条记录不衔接：其前的记录被删除、插入或改动过"));
        }
        if stored.hash(&prev_hash) != hash {
            return Ok(broken("该条记录的内容与其哈希值不符：记录被改动过"));
        }
        prev = hash;
    }
    Ok(AuditCheck { entries, latest_hash: (!prev.is_empty()).then_some(prev), first_break: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(note: Option<&str>) -> Fields<'_> {
        Fields {
            at: "2026-12-01T02:00:00Z",
            actor: Some(1),
            action: "record.submit",
            worker: Some(7),
            application: None,
            before: None,
            after: None,
            note,
        }
    }

    #[test]
    fn the_hash_covers_every_field_and_the_predecessor() {
        let h = entry_hash("", &fields(None));
        assert_eq!(h.len(), 64);
        assert!(h.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_eq!(h, entry_hash("", &fields(None)), "the same entry hashes the same");
        assert_ne!(h, entry_hash("", &fields(Some(""))), "an empty note is not a missing one");
        assert_ne!(h, entry_hash("00", &fields(None)));
        let mut other = fields(None);
        other.worker = Some(8);
        assert_ne!(h, entry_hash("", &other));
    }
}
