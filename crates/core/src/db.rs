//! Opening the database: pragmas, the newer-version guard and the migrations, in one place.

use crate::error::{Error, Result};
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::Path;
use std::time::Duration;

mod embedded {
    refinery::embed_migrations!("../../migrations");
}

/// The highest migration version this build knows.
pub fn supported_version() -> i64 {
    embedded::migrations::runner()
        .get_migrations()
        .iter()
        .map(|m| i64::from(m.version()))
        .max()
        .unwrap_or(0)
}

/// Opens (creating if needed) the database file and brings its schema up to date.
///
/// A database written by a newer version of the app is refused before anything is written to
/// it: the version check comes before the journal-mode switch, which would change the file.
pub fn open(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags).map_err(|e| Error::DatabaseOpen(e.to_string()))?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;

    let found = applied_version(&conn).map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            Error::DatabaseOpen("该文件不是本系统的数据库".into())
        }
        other => Error::Database(other),
    })?;
    let supported = supported_version();
    if found > supported {
        return Err(Error::DatabaseTooNew { found, supported });
    }

    if found > 0 && found < supported {
        backup_before_upgrade(&conn, path, found, supported)?;
    }

    conn.pragma_update(None, "journal_mode", "WAL")?;
    // FULL: an acknowledged write survives a killed process or a power cut.
    conn.pragma_update(None, "synchronous", "FULL")?;
    // 32 MiB of pages (SQLite's default is 2 MiB): the narrow indexes the lists and queues read
    // at 100,000 workers stay in memory between pages.
    conn.pragma_update(None, "cache_size", -32768)?;

    embedded::migrations::runner()
        .set_grouped(true)
        .run(&mut conn)
        .map_err(|e| Error::DatabaseOpen(format!("数据库升级失败：{e}")))?;
    // Writes take the lock when they begin, so a transaction's reads (the audit chain's newest
    // hash among them) are still the newest when it writes, with another process on the file.
    conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
    crate::audit::chain::seal_legacy(&mut conn)?;
    Ok(conn)
}

/// Opens a read-only connection on a database [`open`] has opened before (so in WAL mode and
/// migrated): the readers of [`crate::registry`]'s connection set. `query_only` refuses any write
/// through it; the timeouts and the page cache are the writer's. A reader maps the file
/// (`mmap_size`, as the export's reader does): a write by the writer empties every reader's page
/// cache (WAL), and pages read again from the mapping are not copied.
pub fn open_reader(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| Error::DatabaseOpen(e.to_string()))?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "cache_size", -32768)?;
    conn.pragma_update(None, "mmap_size", 1i64 << 30)?;
    conn.pragma_update(None, "query_only", "ON")?;
    Ok(conn)
}

/// Copies a database about to be migrated into the data folder's `backups/`, named by its schema
/// version (`swreg-v7-before-upgrade-to-v8.sqlite3`): a migration that goes wrong, or a newer
/// app that has to be rolled back, then still has the register as the older app wrote it.
fn backup_before_upgrade(conn: &Connection, path: &Path, found: i64, supported: i64) -> Result<()> {
    let data_dir = path.parent().unwrap_or(Path::new("."));
    let dir = data_dir.join(crate::snapshot::BACKUP_DIR);
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::DatabaseOpen(format!("无法创建备份文件夹 {}：{e}", dir.display())))?;
    let out = crate::snapshot::free_name(&dir, &format!("swreg-v{found}-before-upgrade-to-v{supported}"));
    crate::snapshot::write_copy(conn, data_dir, &out)
        .map_err(|e| Error::DatabaseOpen(format!("升级数据库前的备份失败，数据库未改动：{e}")))
}

/// The latest migration applied to this file, 0 for a new file.
pub fn applied_version(conn: &Connection) -> rusqlite::Result<i64> {
    let has_history: Option<String> = conn
        .query_row(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'refinery_schema_history'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if has_history.is_none() {
        return Ok(0);
    }
    conn.query_row("SELECT COALESCE(MAX(version), 0) FROM refinery_schema_history", [], |r| r.get(0))
}

/// Flushes the write-ahead log into the database file and leaves WAL mode, which removes the
/// `-wal` file. Fails while another process holds the database open.
pub fn leave_wal(conn: &Connection) -> Result<()> {
    // A connection that has just switched into WAL (demo seeding writes through a rollback
    // journal and switches back) has not opened the WAL yet, and SQLite answers the checkpoint
    // with "database table is locked": a read opens it.
    conn.query_row("SELECT COUNT(*) FROM sqlite_master", [], |_| Ok(()))?;
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    let mode: String = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    if mode.eq_ignore_ascii_case("delete") {
        Ok(())
    } else {
        Err(Error::Conflict("数据库正被另一个程序使用（例如桌面程序正在运行），请先关闭它".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_a_new_file_with_the_pragmas_and_schema() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open(&dir.path().join("a.sqlite3")).unwrap();
        let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = conn.pragma_query_value(None, "foreign_keys", |r| r.get(0)).unwrap();
        assert_eq!(fk, 1);
        let sync: i64 = conn.pragma_query_value(None, "synchronous", |r| r.get(0)).unwrap();
        assert_eq!(sync, 2, "synchronous=FULL");
        let n: i64 = conn.query_row("SELECT COUNT(*) FROM users", [], |r| r.get(0)).unwrap();
        assert_eq!(n, 0);
        assert_eq!(applied_version(&conn).unwrap(), supported_version());
    }

    #[test]
    fn reopening_is_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.sqlite3");
        drop(open(&path).unwrap());
        let conn = open(&path).unwrap();
        assert_eq!(applied_version(&conn).unwrap(), supported_version());
    }

    #[test]
    fn refuses_a_newer_database_without_touching_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.sqlite3");
        {
            let conn = open(&path).unwrap();
            conn.execute(
                "INSERT INTO refinery_schema_history (version, name, applied_on, checksum) VALUES (9999, 'future', '2030-01-01', '0')",
                [],
            )
            .unwrap();
            conn.pragma_update(None, "journal_mode", "DELETE").unwrap();
        }
        let before = std::fs::read(&path).unwrap();
        let err = open(&path).unwrap_err();
        assert!(matches!(err, Error::DatabaseTooNew { found: 9999, .. }), "{err:?}");
        assert!(err.to_string().contains("更新版本"));
        assert_eq!(std::fs::read(&path).unwrap(), before, "the file must not change");
        assert!(!dir.path().join("a.sqlite3-wal").exists());
    }

    #[test]
    fn an_older_database_is_copied_into_backups_before_it_is_migrated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.sqlite3");
        // The migration before the latest (versions may skip numbers).
        let older = embedded::migrations::runner()
            .get_migrations()
            .iter()
            .map(|m| i64::from(m.version()))
            .filter(|v| *v < supported_version())
            .max()
            .unwrap();
        {
            let mut conn = Connection::open(&path).unwrap();
            let target = i32::try_from(older).unwrap();
            embedded::migrations::runner()
                .set_target(refinery::Target::Version(target))
                .run(&mut conn)
                .unwrap();
            conn.execute("INSERT INTO settings (key, value) VALUES ('upgrade-probe', 'kept')", []).unwrap();
        }
        let conn = open(&path).unwrap();
        assert_eq!(applied_version(&conn).unwrap(), supported_version());
        let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups")).unwrap().map(|e| e.unwrap().path()).collect();
        assert_eq!(backups.len(), 1, "{backups:?}");
        let name = backups[0].file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(name, format!("swreg-v{older}-before-upgrade-to-v{}.sqlite3", supported_version()));
        let copy = Connection::open_with_flags(&backups[0], OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        assert_eq!(applied_version(&copy).unwrap(), older, "the copy is the database before the upgrade");
        let probe: String =
            copy.query_row("SELECT value FROM settings WHERE key = 'upgrade-probe'", [], |r| r.get(0)).unwrap();
        assert_eq!(probe, "kept");
        let mode: String = copy.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "delete", "one self-contained file");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let bits = std::fs::metadata(&backups[0]).unwrap().permissions().mode() & 0o777;
            assert_eq!(bits, 0o600, "the copy holds personal data");
        }

        drop(conn);
        drop(open(&path).unwrap());
        assert_eq!(std::fs::read_dir(dir.path().join("backups")).unwrap().count(), 1, "no copy when nothing migrates");
    }

    #[test]
    fn a_reader_sees_committed_writes_and_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.sqlite3");
        let writer = open(&path).unwrap();
        let reader = open_reader(&path).unwrap();
        writer.execute("INSERT INTO settings (key, value) VALUES ('probe', 'one')", []).unwrap();
        let seen: String = reader.query_row("SELECT value FROM settings WHERE key = 'probe'", [], |r| r.get(0)).unwrap();
        assert_eq!(seen, "one");
        let refused = reader.execute("UPDATE settings SET value = 'two' WHERE key = 'probe'", []);
        assert!(refused.is_err(), "query_only refuses writes");
        let mode: String = reader.pragma_query_value(None, "journal_mode", |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
    }

    #[test]
    fn refuses_a_file_that_is_not_a_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.sqlite3");
        std::fs::write(&path, b"this is not sqlite, just some text that is long enough to fill a header....").unwrap();
        let err = open(&path).unwrap_err();
        assert!(matches!(err, Error::DatabaseOpen(_)), "{err:?}");
    }
}
