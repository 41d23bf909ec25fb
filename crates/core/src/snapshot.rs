//! Whole-database files written so that a crash leaves either no file or a complete one: the
//! copy goes to a temporary name beside its target, is flushed to disk, checked, and only then
//! renamed into place; the folder is flushed too, so that the rename itself survives a power cut.

use crate::error::{io_error, Error, Result};
use crate::partial::Partial;
use rusqlite::{Connection, OpenFlags};
use std::fs::File;
use std::path::{Path, PathBuf};

/// The folder, inside the data folder, that holds the copies the app makes by itself (before an
/// upgrade, before a restore).
pub const BACKUP_DIR: &str = "backups";

/// Writes a consistent copy of the database behind `conn` to `out`: one self-contained file in
/// rollback-journal mode, private to this user, flushed and checked with
/// `PRAGMA integrity_check` before it takes its name.
pub fn write_copy(conn: &Connection, data_dir: &Path, out: &Path) -> Result<()> {
    let partial = Partial::new(data_dir, out)?;
    vacuum_into(conn, partial.path())?;
    integrity_check(partial.path())?;
    partial.commit(out)?;
    sync_parent(out)
}

/// `VACUUM INTO` an empty file (SQLite fills an existing empty file, keeping its permissions),
/// then self-contained and flushed.
pub(crate) fn vacuum_into(conn: &Connection, target: &Path) -> Result<()> {
    let name = target.to_str().ok_or_else(|| io_error(target, "文件路径含有无法识别的字符"))?;
    conn.execute("VACUUM INTO ?1", [name])?;
    make_self_contained(target)
}

/// Puts a database file in rollback-journal mode (no `-wal` beside it ever) and flushes it.
pub(crate) fn make_self_contained(path: &Path) -> Result<()> {
    let conn = Connection::open(path).map_err(|e| io_error(path, e))?;
    let mode: String = conn.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(Error::Internal(format!("无法切换 {} 的日志模式", path.display())));
    }
    drop(conn);
    sync_file(path)
}

pub(crate) fn sync_file(path: &Path) -> Result<()> {
    File::open(path).and_then(|f| f.sync_all()).map_err(|e| io_error(path, e))
}

/// Flushes the folder holding `path`, so that a rename or removal in it is on disk.
pub(crate) fn sync_parent(path: &Path) -> Result<()> {
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        File::open(dir).and_then(|f| f.sync_all()).map_err(|e| io_error(dir, e))?;
    }
    // Windows cannot open a folder as a file; its renames are journaled by NTFS.
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// A file name in `dir` starting with `stem`, not taken yet: `stem.sqlite3`, `stem-2.sqlite3`, …
pub(crate) fn free_name(dir: &Path, stem: &str) -> PathBuf {
    let mut n = 1;
    loop {
        let name = if n == 1 { format!("{stem}.sqlite3") } else { format!("{stem}-{n}.sqlite3") };
        let p = dir.join(name);
        if !p.exists() {
            return p;
        }
        n += 1;
    }
}

/// The `-wal` and `-shm` files SQLite keeps beside a database in WAL mode.
pub(crate) fn sidecars(db: &Path) -> [PathBuf; 2] {
    ["-wal", "-shm"].map(|suffix| {
        let mut name = db.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(suffix);
        db.with_file_name(name)
    })
}

/// `PRAGMA integrity_check` of a database file, opened read-only.
pub fn integrity_check(path: &Path) -> Result<()> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| Error::DatabaseOpen(e.to_string()))?;
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    let problems: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    if problems.len() == 1 && problems[0] == "ok" {
        Ok(())
    } else {
        Err(Error::Internal(format!("备份文件完整性检查未通过：{}", problems.join("；"))))
    }
}
