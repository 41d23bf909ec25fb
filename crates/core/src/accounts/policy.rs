//! 等保 password rules kept as settings: required character classes, no reuse of the latest
//! passwords (the `password_history` table), and expiry.

use crate::clock::stamp;
use crate::error::Result;
use crate::registry::Registry;
use crate::settings;
use crate::validate::PasswordClasses;
use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use ts_rs::TS;

/// The most passwords the history may be asked to remember; older rows are deleted.
pub const HISTORY_MAX: i64 = 24;

pub fn classes(conn: &Connection) -> Result<PasswordClasses> {
    Ok(PasswordClasses::from_bits(settings::get_int(conn, settings::PASSWORD_CLASSES)?))
}

/// The character classes a new password must contain (安全设置), for the pages where one is
/// chosen to check as the core does before sending it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PasswordRules {
    pub letters: bool,
    pub digits: bool,
    pub symbols: bool,
}

impl Registry {
    /// The password rules in force. Public: 账户注册 asks before anyone has logged in, and the
    /// rule is no secret (it is said beside every password field).
    pub fn password_rules(&self) -> Result<PasswordRules> {
        let c = classes(&*self.read()?)?;
        Ok(PasswordRules { letters: c.letters, digits: c.digits, symbols: c.symbols })
    }
}

/// A password the account has just chosen: remembered for the reuse rule and the expiry.
pub fn remember(conn: &Connection, user_id: i64, hash: &str, at: DateTime<Utc>) -> Result<()> {
    conn.execute(
        "INSERT INTO password_history (user_id, password_hash, changed_at) VALUES (?1, ?2, ?3)",
        params![user_id, hash, stamp(at)],
    )?;
    conn.execute(
        "DELETE FROM password_history WHERE user_id = ?1 AND id NOT IN
             (SELECT id FROM password_history WHERE user_id = ?1 ORDER BY id DESC LIMIT ?2)",
        params![user_id, HISTORY_MAX],
    )?;
    Ok(())
}

/// Hashes of the passwords a new one may not repeat, newest first: the latest N chosen when the
/// rule is on, none otherwise (the current password is refused anyway).
pub fn recent_hashes(conn: &Connection, user_id: i64) -> Result<Vec<String>> {
    let n = settings::get_int(conn, settings::PASSWORD_HISTORY)?.clamp(0, HISTORY_MAX);
    let mut stmt = conn.prepare_cached(
        "SELECT password_hash FROM password_history WHERE user_id = ?1 ORDER BY id DESC LIMIT ?2",
    )?;
    let hashes = stmt.query_map(params![user_id, n], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(hashes)
}

/// Whether the account's password is older than the expiry allows (never while expiry is off
/// or the account has not chosen a password yet).
pub fn expired(conn: &Connection, user_id: i64, now: DateTime<Utc>) -> Result<bool> {
    let days = settings::get_int(conn, settings::PASSWORD_MAX_AGE_DAYS)?;
    if days <= 0 {
        return Ok(false);
    }
    let changed: Option<String> = conn
        .query_row(
            "SELECT changed_at FROM password_history WHERE user_id = ?1 ORDER BY id DESC LIMIT 1",
            [user_id],
            |r| r.get(0),
        )
        .optional()?;
    let changed = changed.and_then(|s| crate::clock::parse_stamp(&s));
    Ok(changed.is_some_and(|at| now - at >= Duration::days(days)))
}
