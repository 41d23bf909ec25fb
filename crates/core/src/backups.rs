//! 数据备份 (PRODUCT.md §8): the list of backups made (by hand or automatically), the automatic daily backup with
//! its rotation, its settings, and the warning the admin's home page shows when it fails.
//!
//! The automatic backup has no timer of its own: the app calls [`Registry::auto_backup_if_due`]
//! at start and hourly (a server would call the same function). One file per day,
//! `swreg-auto-YYYYMMDD.sqlite3` (China date) in the folder of the setting, checked with
//! `integrity_check` before it takes its name. Rotation keeps the newest `keep_daily` of them
//! and the newest of each of the latest `keep_monthly` months, and deletes only files with
//! exactly that name pattern: what the app made, never anything else in the folder.

use crate::audit::{self, AuditAction, Entry};
use crate::clock::{china, parse_stamp, stamp};
use crate::error::{Error, Result};
use crate::registry::Registry;
use crate::restore::BackupCheck;
use crate::settings::{self, Setting};
use crate::stored::stored_key;
use crate::validate::Errors;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// A finished backup.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupSummary {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: i64,
    /// The hash of the newest audit entry in the backup: an anchor to compare the log against
    /// later. None when the log is empty.
    pub audit_hash: Option<String>,
}

pub const AUTO_ENABLED: Setting = Setting { key: "backup.auto_enabled", default: 1 };
pub const KEEP_DAILY: Setting = Setting { key: "backup.keep_daily", default: 7 };
pub const KEEP_MONTHLY: Setting = Setting { key: "backup.keep_monthly", default: 12 };
/// The automatic backups' folder; empty: `backups/auto` in the data folder.
pub const AUTO_FOLDER: (&str, &str) = ("backup.auto_folder", "");

pub const KEEP_DAILY_MAX: i64 = 365;
pub const KEEP_MONTHLY_MAX: i64 = 120;
/// Without a successful automatic backup for this long, the admin's home page warns.
pub const MISSED_AFTER_HOURS: i64 = 26;

const AUTO_PREFIX: &str = "swreg-auto-";
const AUTO_SUFFIX: &str = ".sqlite3";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum BackupKind {
    /// 立即备份 on the page, or `swreg-admin backup`.
    Manual,
    /// The daily automatic backup.
    Auto,
}

impl BackupKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BackupKind::Manual => "manual",
            BackupKind::Auto => "auto",
        }
    }
    pub fn parse(s: &str) -> Option<BackupKind> {
        match s {
            "manual" => Some(BackupKind::Manual),
            "auto" => Some(BackupKind::Auto),
            _ => None,
        }
    }
}
stored_key!(BackupKind, "备份方式");

/// One backup made, or tried.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupRun {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: BackupKind,
    pub started_at: String,
    pub finished_at: String,
    pub path: String,
    #[ts(type = "number | null")]
    pub bytes: Option<i64>,
    /// Written, and its `integrity_check` said ok.
    pub ok: bool,
    /// What went wrong; None when ok.
    pub message: Option<String>,
    /// The newest audit-log hash the backup holds.
    pub audit_hash: Option<String>,
}

/// The automatic backups' settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupSettings {
    pub auto_enabled: bool,
    /// The folder; empty for the default (`backups/auto` in the data folder).
    pub folder: String,
    #[ts(type = "number")]
    pub keep_daily: i64,
    #[ts(type = "number")]
    pub keep_monthly: i64,
}

/// What the 数据备份 page shows.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupOverview {
    pub settings: BackupSettings,
    /// Where automatic backups go now (the setting, or the default).
    pub folder_in_use: String,
    pub default_folder: String,
    /// The latest runs, newest first.
    pub runs: Vec<BackupRun>,
    /// Set when the latest automatic backup failed or none succeeded lately.
    pub alert: Option<String>,
}

/// A backup file chosen for a restore, as checked.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupFileCheck {
    pub path: String,
    pub check: BackupCheck,
}

const RUNS_SHOWN: i64 = 200;

fn run_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<BackupRun> {
    Ok(BackupRun {
        id: r.get(0)?,
        kind: r.get(1)?,
        started_at: r.get(2)?,
        finished_at: r.get(3)?,
        path: r.get(4)?,
        bytes: r.get(5)?,
        ok: r.get::<_, i64>(6)? == 1,
        message: r.get(7)?,
        audit_hash: r.get(8)?,
    })
}

const RUN_COLUMNS: &str = "id, kind, started_at, finished_at, path, bytes, ok, message, audit_hash";

fn load_settings(conn: &Connection) -> Result<BackupSettings> {
    Ok(BackupSettings {
        auto_enabled: settings::get_int(conn, AUTO_ENABLED)? != 0,
        folder: settings::get_text(conn, AUTO_FOLDER)?,
        keep_daily: settings::get_int(conn, KEEP_DAILY)?,
        keep_monthly: settings::get_int(conn, KEEP_MONTHLY)?,
    })
}

fn china_time(t: &str) -> String {
    parse_stamp(t).map(|t| t.with_timezone(&china()).format("%Y-%m-%d %H:%M").to_string()).unwrap_or_else(|| t.to_owned())
}

/// The warning for the admin's home page: the latest automatic backup failed, or none
/// succeeded in the last [`MISSED_AFTER_HOURS`] hours. None while automatic backups are off.
fn alert(conn: &Connection, now: DateTime<Utc>) -> Result<Option<String>> {
    if settings::get_int(conn, AUTO_ENABLED)? == 0 {
        return Ok(None);
    }
    let latest = conn
        .query_row(
            &format!("SELECT {RUN_COLUMNS} FROM backup_runs WHERE kind = 'auto' ORDER BY finished_at DESC, id DESC LIMIT 1"),
            [],
            run_from,
        )
        .optional()?;
    if let Some(run) = latest.as_ref().filter(|r| !r.ok) {
        return Ok(Some(format!(
            "自动备份失败（{}）：{}",
            china_time(&run.finished_at),
            run.message.as_deref().unwrap_or("原因不明")
        )));
    }
    let last_ok: Option<String> = conn
        .query_row("SELECT MAX(finished_at) FROM backup_runs WHERE kind = 'auto' AND ok = 1", [], |r| r.get(0))?;
    let recent = last_ok.as_deref().and_then(parse_stamp).is_some_and(|t| now - t <= Duration::hours(MISSED_AFTER_HOURS));
    if recent {
        return Ok(None);
    }
    Ok(Some(match last_ok {
        Some(t) => format!("已超过{MISSED_AFTER_HOURS}小时没有成功的自动备份（上次成功：{}）", china_time(&t)),
        None => "还没有成功的自动备份".to_owned(),
    }))
}

/// `swreg-auto-20261202.sqlite3` → 2026-12-02; None for every other name.
fn auto_file_date(name: &str) -> Option<NaiveDate> {
    let digits = name.strip_prefix(AUTO_PREFIX)?.strip_suffix(AUTO_SUFFIX)?;
    if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::parse_from_str(digits, "%Y%m%d").ok()
}

/// The dates to keep among `dates`: the newest `keep_daily`, and the newest of each of the
/// latest `keep_monthly` months.
pub fn dates_to_keep(dates: &[NaiveDate], keep_daily: usize, keep_monthly: usize) -> BTreeSet<NaiveDate> {
    let mut newest_first: Vec<NaiveDate> = dates.to_vec();
    newest_first.sort_unstable_by(|a, b| b.cmp(a));
    newest_first.dedup();
    let mut keep: BTreeSet<NaiveDate> = newest_first.iter().take(keep_daily).copied().collect();
    let mut months = BTreeSet::new();
    for d in &newest_first {
        use chrono::Datelike;
        if months.len() >= keep_monthly && !months.contains(&(d.year(), d.month())) {
            break;
        }
        if months.insert((d.year(), d.month())) {
            keep.insert(*d);
        }
    }
    keep
}

/// Deletes the automatic backups in `folder` that [`dates_to_keep`] does not keep; only files
/// named as the app names them. The number deleted.
fn rotate(folder: &Path, keep_daily: usize, keep_monthly: usize) -> usize {
    let Ok(entries) = std::fs::read_dir(folder) else { return 0 };
    let files: Vec<(NaiveDate, PathBuf)> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().to_str().and_then(auto_file_date).map(|d| (d, e.path())))
        .collect();
    let dates: Vec<NaiveDate> = files.iter().map(|(d, _)| *d).collect();
    let keep = dates_to_keep(&dates, keep_daily, keep_monthly);
    let mut deleted = 0;
    for (d, path) in files {
        if !keep.contains(&d) {
            match std::fs::remove_file(&path) {
                Ok(()) => deleted += 1,
                Err(e) => eprintln!("自动备份轮换：无法删除 {}：{e}", path.display()),
            }
        }
    }
    deleted
}

impl Registry {
    fn default_auto_folder(&self) -> PathBuf {
        self.data_dir().join(crate::snapshot::BACKUP_DIR).join("auto")
    }

    fn auto_folder(&self, s: &BackupSettings) -> PathBuf {
        if s.folder.trim().is_empty() { self.default_auto_folder() } else { PathBuf::from(s.folder.trim()) }
    }

    /// Writes a run to `backup_runs`, and a successful one to the audit log, in one transaction.
    pub(crate) fn record_backup(
        &self,
        kind: BackupKind,
        actor: Option<i64>,
        started: DateTime<Utc>,
        place: &str,
        result: &Result<BackupSummary>,
    ) -> Result<()> {
        let now = self.clock().now();
        let mut conn = self.db();
        let tx = conn.transaction()?;
        let (bytes, ok, message, hash) = match result {
            Ok(s) => (Some(s.bytes), 1, None, s.audit_hash.clone()),
            Err(e) => (None, 0, Some(e.to_string()), None),
        };
        tx.execute(
            "INSERT INTO backup_runs (kind, started_at, finished_at, path, bytes, ok, message, audit_hash, actor_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![kind, stamp(started), stamp(now), place, bytes, ok, message, hash, actor],
        )?;
        if let Ok(s) = result {
            let how = match kind {
                BackupKind::Manual => "备份数据库到",
                BackupKind::Auto => "自动备份数据库到",
            };
            audit::append(&tx, now, Entry {
                actor,
                note: Some(format!(
                    "{how} {place}（{} 字节，操作日志末条哈希 {}）",
                    s.bytes,
                    s.audit_hash.as_deref().unwrap_or("无")
                )),
                ..Entry::new(AuditAction::DatabaseBackup)
            })?;
        }
        tx.commit()?;
        Ok(())
    }

    /// 自动备份: when automatic backups are on and none succeeded today (China date), writes
    /// today's file into the folder of the setting, records the run, and rotates the folder.
    /// Has no caller check and no timer: the app runs it at start and hourly. None when
    /// nothing was due.
    pub fn auto_backup_if_due(&self) -> Result<Option<BackupRun>> {
        let s = load_settings(&self.db())?;
        if !s.auto_enabled {
            return Ok(None);
        }
        let today = self.clock().today();
        let done_today = {
            let conn = self.db();
            let mut stmt = conn.prepare("SELECT finished_at FROM backup_runs WHERE kind = 'auto' AND ok = 1 ORDER BY finished_at DESC LIMIT 1")?;
            let last: Option<String> = stmt.query_row([], |r| r.get(0)).optional()?;
            last.as_deref().and_then(parse_stamp).is_some_and(|t| t.with_timezone(&china()).date_naive() == today)
        };
        if done_today {
            return Ok(None);
        }
        let folder = self.auto_folder(&s);
        let out = folder.join(format!("{AUTO_PREFIX}{}{AUTO_SUFFIX}", today.format("%Y%m%d")));
        let started = self.clock().now();
        let written = std::fs::create_dir_all(&folder)
            .map_err(|e| Error::File(format!("无法创建自动备份文件夹 {}：{e}", folder.display())))
            .and_then(|_| self.write_backup(&out, &mut |_, _| {}));
        self.record_backup(BackupKind::Auto, None, started, &out.display().to_string(), &written)?;
        if written.is_ok() {
            rotate(&folder, s.keep_daily.max(1) as usize, s.keep_monthly.max(0) as usize);
        }
        let conn = self.db();
        let run = conn.query_row(
            &format!("SELECT {RUN_COLUMNS} FROM backup_runs WHERE kind = 'auto' ORDER BY id DESC LIMIT 1"),
            [],
            run_from,
        )?;
        Ok(Some(run))
    }

    /// The 数据备份 page: settings, the latest runs, the warning. Admins only.
    pub fn backup_overview(&self, token: &str) -> Result<BackupOverview> {
        self.actor(token)?.require_admin()?;
        let conn = self.read()?;
        let settings = load_settings(&conn)?;
        let mut stmt = conn.prepare(&format!(
            "SELECT {RUN_COLUMNS} FROM backup_runs ORDER BY finished_at DESC, id DESC LIMIT {RUNS_SHOWN}"
        ))?;
        let runs = stmt.query_map([], run_from)?.collect::<rusqlite::Result<Vec<_>>>()?;
        let alert = alert(&conn, self.clock().now())?;
        Ok(BackupOverview {
            folder_in_use: self.auto_folder(&settings).display().to_string(),
            default_folder: self.default_auto_folder().display().to_string(),
            settings,
            runs,
            alert,
        })
    }

    /// The warning for the admin's home page, if any. Admins only.
    pub fn backup_alert(&self, token: &str) -> Result<Option<String>> {
        self.actor(token)?.require_admin()?;
        alert(&*self.read()?, self.clock().now())
    }

    /// Saves the automatic backups' settings. Admins only; a change is written to the audit log
    /// with the settings before and after.
    pub fn save_backup_settings(&self, token: &str, args: BackupSettings) -> Result<()> {
        let actor = self.actor(token)?;
        actor.require_admin()?;
        let mut e = Errors::new();
        if !(1..=KEEP_DAILY_MAX).contains(&args.keep_daily) {
            e.add("keepDaily", format!("请填写1至{KEEP_DAILY_MAX}份"));
        }
        if !(0..=KEEP_MONTHLY_MAX).contains(&args.keep_monthly) {
            e.add("keepMonthly", format!("请填写0至{KEEP_MONTHLY_MAX}份"));
        }
        let folder = args.folder.trim().to_owned();
        if !folder.is_empty() {
            if folder.chars().any(char::is_control) || folder.chars().count() > 500 {
                e.add("folder", "文件夹路径无效");
            } else if !Path::new(&folder).is_absolute() {
                e.add("folder", "请填写完整的文件夹路径（如 /home/备份 或 D:\\备份），留空则使用默认文件夹");
            } else if Path::new(&folder).exists() && !Path::new(&folder).is_dir() {
                e.add("folder", "该路径是一个文件，不是文件夹");
            }
        }
        e.into_result().map_err(Error::Invalid)?;
        let mut conn = self.db();
        let tx = conn.transaction()?;
        let before = load_settings(&tx)?;
        settings::set_int(&tx, AUTO_ENABLED, i64::from(args.auto_enabled))?;
        settings::set_int(&tx, KEEP_DAILY, args.keep_daily)?;
        settings::set_int(&tx, KEEP_MONTHLY, args.keep_monthly)?;
        settings::set_text(&tx, AUTO_FOLDER, &folder)?;
        let after = BackupSettings { folder, ..args };
        if before != after {
            audit::append(&tx, self.clock().now(), Entry {
                actor: audit::actor_id(&actor),
                before: audit::settings_json(&before),
                after: audit::settings_json(&after),
                ..Entry::new(AuditAction::SettingsBackup)
            })?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Checks a backup file chosen for a restore, before anything is touched. Admins only.
    pub fn inspect_backup(&self, token: &str, path: &Path) -> Result<BackupFileCheck> {
        self.actor(token)?.require_admin()?;
        let check = crate::restore::check_backup(path)?;
        Ok(BackupFileCheck { path: path.display().to_string(), check })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn only_the_apps_own_names_are_rotated() {
        assert_eq!(auto_file_date("swreg-auto-20261202.sqlite3"), Some(d("2026-12-02")));
        for other in ["swreg-auto-2026120.sqlite3", "swreg-auto-20261302.sqlite3", "swreg-auto-20261202.sqlite3.bak",
            "my-swreg-auto-20261202.sqlite3", "swreg-auto-20261202-2.sqlite3", "swreg.sqlite3"]
        {
            assert_eq!(auto_file_date(other), None, "{other}");
        }
    }

    #[test]
    fn keeps_the_newest_days_and_one_per_month() {
        // Daily files from 2026-01-01 to 2026-12-02.
        let mut dates = Vec::new();
        let mut day = d("2026-01-01");
        while day <= d("2026-12-02") {
            dates.push(day);
            day += Duration::days(1);
        }
        let keep = dates_to_keep(&dates, 7, 3);
        let expected: BTreeSet<NaiveDate> = ["2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29", "2026-11-30",
            "2026-12-01", "2026-12-02", "2026-10-31"]
            .into_iter()
            .map(d)
            .collect();
        // December's and November's newest are among the seven days; October's is its 31st.
        assert_eq!(keep, expected);
        assert_eq!(dates_to_keep(&dates, 1, 0), [d("2026-12-02")].into_iter().collect());
    }
}
