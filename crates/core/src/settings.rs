//! Settings kept in the database as key/value text, with their defaults here.

use crate::error::Result;
use rusqlite::{Connection, OptionalExtension};

/// A numeric setting and its default.
#[derive(Debug, Clone, Copy)]
pub struct Setting {
    pub key: &'static str,
    pub default: i64,
}

/// Wrong passwords allowed within [`LOCK_WINDOW_MINUTES`] before the account locks.
pub const MAX_FAILED_LOGINS: Setting = Setting { key: "login.max_failures", default: 5 };
pub const LOCK_WINDOW_MINUTES: Setting = Setting { key: "login.window_minutes", default: 15 };
pub const LOCK_MINUTES: Setting = Setting { key: "login.lock_minutes", default: 15 };
/// Idle time after which a session ends.
pub const SESSION_IDLE_MINUTES: Setting = Setting { key: "session.idle_minutes", default: 15 };
/// Hours after login at which a session ends however busy it is.
pub const SESSION_MAX_HOURS: Setting = Setting { key: "session.max_hours", default: 12 };
/// Days a chosen password may be used before it must be changed at login; 0 for never.
pub const PASSWORD_MAX_AGE_DAYS: Setting = Setting { key: "password.max_age_days", default: 0 };
/// How many of the account's latest passwords a new one may not repeat; 0 for only the current.
pub const PASSWORD_HISTORY: Setting = Setting { key: "password.history", default: 0 };
/// Character classes a password must contain, as bits: 1 letters, 2 digits, 4 symbols.
pub const PASSWORD_CLASSES: Setting = Setting { key: "password.classes", default: 3 };
/// How long a captcha may be answered.
pub const CAPTCHA_MINUTES: Setting = Setting { key: "captcha.minutes", default: 5 };
/// 二级审核 (初审 by the district, 终审 by the city): 1 on, 0 off.
pub const REVIEW_TWO_LEVEL: Setting = Setting { key: "review.two_level", default: 0 };
/// 职责分离: whoever entered or edited an application may not approve it; 0 for one-person offices.
pub const SEPARATION_OF_DUTIES: Setting = Setting { key: "review.separation_of_duties", default: 1 };
/// 导入 by reviewers as well as admins: 1 yes, 0 admins only.
pub const IMPORT_BY_REVIEWERS: Setting = Setting { key: "import.reviewers", default: 0 };

pub fn get_int(conn: &Connection, s: Setting) -> Result<i64> {
    let v: Option<String> =
        conn.query_row("SELECT value FROM settings WHERE key = ?1", [s.key], |r| r.get(0)).optional()?;
    match v {
        None => Ok(s.default),
        // Only `set_int` writes these: anything else came from outside and is not guessed at.
        Some(v) => v.parse().map_err(|_| crate::stored::Unreadable::key(&format!("设置项 {} 的值", s.key), &v).into()),
    }
}

pub fn set_int(conn: &Connection, s: Setting, value: i64) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        rusqlite::params![s.key, value.to_string()],
    )?;
    Ok(())
}

/// 厦民〔2015〕98号: workers practising social work full-time renew every year, others every three.
pub const PERIOD_FULL_TIME_YEARS: Setting = Setting { key: "period.full_time_years", default: 1 };
pub const PERIOD_OTHER_YEARS: Setting = Setting { key: "period.other_years", default: 3 };
/// Days past the validity end before a record may be frozen in bulk.
pub const FREEZE_GRACE_DAYS: Setting = Setting { key: "freeze.grace_days", default: 90 };
/// 续期登记 opens this many days before 有效期至 (and stays open after it).
pub const RENEWAL_OPEN_DAYS: Setting = Setting { key: "renewal.open_days", default: 60 };
/// 登记证号 = prefix + year + 5-digit sequence.
/// Who may print many forms at once (批量打印): reviewers and admins, or admins only.
pub const BATCH_PRINT_ROLES: (&str, &str) = ("print.batch_roles", BATCH_PRINT_STAFF);
pub const BATCH_PRINT_STAFF: &str = "staff";
pub const BATCH_PRINT_ADMINS: &str = "admin";

pub const REGISTRATION_PREFIX: (&str, &str) = ("registration.prefix", "厦社登");

pub fn get_text(conn: &Connection, (key, default): (&str, &str)) -> Result<String> {
    let v: Option<String> =
        conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?;
    Ok(v.unwrap_or_else(|| default.to_owned()))
}

pub fn set_text(conn: &Connection, (key, _): (&str, &str), value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        rusqlite::params![key, value],
    )?;
    Ok(())
}
