//! 恢复: replacing the register with a backup, and closing the database cleanly.
//!
//! A database file copied into the data folder by hand is not a safe restore: SQLite keeps the
//! latest writes in `swreg.sqlite3-wal` beside the file, and a `-wal` left behind (an app stopped
//! by SIGTERM or a power cut leaves one) is replayed over whatever file now bears the name — the
//! restored rows are overwritten by pages of the old database, and `integrity_check` still says
//! ok. The restore here closes the live database first (its log flushed and removed), removes any
//! `-wal`/`-shm` left beside it, and renames a complete, flushed copy over it: a crash at any
//! point leaves the old database or the new one, never a mix.

use crate::audit::{self, AuditAction, Entry};
use crate::error::{io_error, Error, Result};
use crate::registry::Registry;
use crate::snapshot::{self, integrity_check, BACKUP_DIR};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use serde::Serialize;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// Tables every database of this app has had since its first version: a file without them is
/// some other program's SQLite file.
const APP_TABLES: [&str; 5] = ["refinery_schema_history", "users", "settings", "workers", "applications"];

/// What a backup file holds, checked before a restore touches anything.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupCheck {
    /// The backup's schema version (the latest migration applied to it).
    #[ts(type = "number")]
    pub schema_version: i64,
    #[ts(type = "number")]
    pub workers: i64,
    #[ts(type = "number")]
    pub accounts: i64,
    /// When the file was last written (its modification time), RFC 3339.
    pub file_time: Option<String>,
    /// The time of the newest entry of its audit log: the last change the backup holds.
    pub last_change_at: Option<String>,
}

/// A finished restore.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RestoreSummary {
    pub restored_from: String,
    /// Where the database that was replaced was saved first.
    pub previous_saved_as: String,
    pub backup: BackupCheck,
}

/// Checks that `path` is a sound database of this app that this version can open: the
/// integrity check passes, it has the app's tables, its schema is not newer than this build's.
/// Reads the file only.
pub fn check_backup(path: &Path) -> Result<BackupCheck> {
    if !path.is_file() {
        return Err(Error::NotFound(format!("找不到备份文件：{}", path.display())));
    }
    let not_ours = || Error::Conflict(format!("该文件不是本系统的数据库：{}", path.display()));
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|_| not_ours())?;
    for table in APP_TABLES {
        let found = conn
            .query_row("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", [table], |_| Ok(()))
            .optional()
            .map_err(|_| not_ours())?;
        if found.is_none() {
            return Err(not_ours());
        }
    }
    drop(conn);
    integrity_check(path).map_err(|e| Error::Conflict(format!("{e}（{}）", path.display())))?;
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| Error::DatabaseOpen(e.to_string()))?;
    let schema_version = crate::db::applied_version(&conn)?;
    let supported = crate::db::supported_version();
    if schema_version > supported {
        return Err(Error::Conflict(format!(
            "备份文件的结构版本（{schema_version}）比本程序支持的版本（{supported}）新，请先升级本程序再恢复"
        )));
    }
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0));
    Ok(BackupCheck {
        schema_version,
        workers: count("SELECT COUNT(*) FROM workers")?,
        accounts: count("SELECT COUNT(*) FROM users")?,
        file_time: std::fs::metadata(path)
            .and_then(|m| m.modified())
            .ok()
            .map(|t| crate::clock::stamp(chrono::DateTime::<chrono::Utc>::from(t))),
        last_change_at: conn.query_row("SELECT MAX(at) FROM audit_log", [], |r| r.get(0)).optional()?.flatten(),
    })
}

impl Registry {
    /// 恢复: replaces the register with the backup `from`. Checked first ([`check_backup`]); the
    /// current database is saved into `backups/` before anything changes; the new file is
    /// renamed over the old one, so a crash leaves one or the other. A backup of an older schema
    /// is migrated (after its own copy). Everyone is logged out: the accounts and records the
    /// sessions stood for may not exist in the restored register. Admins only; written to the
    /// restored register's audit log.
    pub fn restore(&self, token: &str, from: &Path) -> Result<RestoreSummary> {
        let actor = self.actor(token)?;
        actor.require_admin()?;
        let live = self.data_dir().join(crate::DB_FILE_NAME);
        if from.canonicalize().ok().is_some_and(|f| live.canonicalize().ok() == Some(f)) {
            return Err(Error::Conflict("不能用正在使用的数据库本身恢复".into()));
        }
        let backup = check_backup(from)?;

        // The new file is written beside the live one (same filesystem, so the rename is atomic).
        let staged = staged_path(&live);
        stage(from, &staged)?;

        let backups = self.data_dir().join(BACKUP_DIR);
        std::fs::create_dir_all(&backups).map_err(|e| io_error(&backups, e))?;
        let now = self.clock().now();
        let saved = snapshot::free_name(&backups, &format!("swreg-before-restore-{}", now.format("%Y%m%d-%H%M%S")));

        // The readers first (they wait for the reads in progress; reads meanwhile go to the
        // writer, so they wait for the restore): none may hold the old file open.
        self.shut_readers();
        let mut conn = self.db();
        let swapped = (|| -> Result<()> {
            // First, as it fails while another process (the app) holds the database open.
            crate::db::leave_wal(&conn)?;
            snapshot::write_copy(&conn, self.data_dir(), &saved)?;
            // Closing the old connection now: closed later, it would checkpoint into and delete
            // the -wal by name, which would then belong to the restored file.
            *conn = Connection::open_in_memory()?;
            install(&staged, &live)?;
            *conn = crate::db::open(&live)?;
            Ok(())
        })();
        if let Err(e) = swapped {
            let _ = std::fs::remove_file(&staged);
            // Whatever failed, the registry must go on with a real database: the live file if
            // it is still there and sound, else the copy saved a moment ago.
            match crate::db::open(&live) {
                Ok(c) => *conn = c,
                Err(_) if saved.is_file() => {
                    if let Ok(c) = std::fs::copy(&saved, &staged)
                        .map_err(|e| io_error(&staged, e))
                        .and_then(|_| install(&staged, &live))
                        .and_then(|_| crate::db::open(&live))
                    {
                        *conn = c;
                    }
                }
                Err(_) => {}
            }
            self.reopen_readers();
            return Err(e);
        }
        self.reopen_readers();
        self.sessions.clear();

        let note = format!("从 {} 恢复数据库；恢复前的数据库已保存为 {}", from.display(), saved.display());
        // The restored register may not know the account that restored it.
        let who = audit::actor_id(&actor).filter(|id| {
            conn.query_row("SELECT 1 FROM users WHERE id = ?1", [id], |_| Ok(())).optional().ok().flatten().is_some()
        });
        audit::append(&conn, self.clock().now(), Entry { actor: who, note: Some(note), ..Entry::new(AuditAction::DatabaseRestore) })?;
        drop(conn);
        Ok(RestoreSummary {
            restored_from: from.display().to_string(),
            previous_saved_as: saved.display().to_string(),
            backup,
        })
    }
}

/// `swreg.sqlite3.restoring`: the restored database before it takes the live name.
fn staged_path(live: &Path) -> PathBuf {
    let mut name = live.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".restoring");
    live.with_file_name(name)
}

/// A flushed, self-contained, checked copy of the backup at `staged`. Read through SQLite, so a
/// backup that is itself in WAL mode comes with the writes in its own `-wal`.
fn stage(from: &Path, staged: &Path) -> Result<()> {
    let _ = std::fs::remove_file(staged);
    crate::private::create_private(staged).map_err(|e| io_error(staged, e))?;
    let result = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| Error::DatabaseOpen(e.to_string()))
        .and_then(|src| snapshot::vacuum_into(&src, staged))
        .and_then(|_| integrity_check(staged));
    if result.is_err() {
        let _ = std::fs::remove_file(staged);
    }
    result
}

/// Renames the staged file over the live one, after removing the `-wal`/`-shm` beside the live
/// name (which SQLite would otherwise replay over the new file), and flushes the folder.
fn install(staged: &Path, live: &Path) -> Result<()> {
    for sidecar in snapshot::sidecars(live) {
        match std::fs::remove_file(&sidecar) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io_error(&sidecar, e)),
        }
    }
    std::fs::rename(staged, live).map_err(|e| io_error(live, e))?;
    snapshot::sync_parent(live)
}
