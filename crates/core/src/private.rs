//! Files holding personal data are the app user's alone (PRODUCT.md §6): the data folder is 0700;
//! the database with its `-wal`/`-shm`, the outbox's mail (temporary passwords), backups, exports
//! and printed forms are 0600, created new (never through a link someone planted). A printed form
//! goes through a private folder with a random name, deleted at the latest at the next start. No
//! save may land on the live database or its journal files.

use crate::error::{Error, Result};
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

/// Where the notes of print folders are kept, and how such a folder's name begins.
pub(crate) const PRINT_NOTES: &str = "print-folders";
pub(crate) const PRINT_PREFIX: &str = "swreg-print-";
/// The database's own files beside `swreg.sqlite3`.
const DB_SUFFIXES: [&str; 4] = ["", "-wal", "-shm", "-journal"];

/// A new file only this user may read, refused if anything (a file or a link) is already there.
pub(crate) fn create_private(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

#[cfg(unix)]
pub(crate) fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    std::fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(mode))
}

#[cfg(not(unix))]
pub(crate) fn set_mode(_: &Path, _: u32) -> std::io::Result<()> {
    Ok(())
}

/// Makes the data folder (0700) and the database file (0600) before SQLite opens it: SQLite gives
/// its `-wal` and `-shm` the database file's permissions. Files from an older version are
/// narrowed too.
pub(crate) fn prepare_data_dir(dir: &Path) -> Result<()> {
    let failed = |e: std::io::Error| {
        Error::DatabaseOpen(match e.kind() {
            std::io::ErrorKind::ReadOnlyFilesystem => format!("数据文件夹 {} 所在的磁盘当前只读，无法写入；请联系技术人员检查磁盘", dir.display()),
            std::io::ErrorKind::StorageFull => format!("数据文件夹 {} 所在的磁盘空间已满；请清理空间后再打开", dir.display()),
            _ => format!("无法准备数据文件夹 {}：{e}", dir.display()),
        })
    };
    std::fs::create_dir_all(dir).map_err(failed)?;
    set_mode(dir, 0o700).map_err(failed)?;
    let db = dir.join(crate::DB_FILE_NAME);
    match create_private(&db) {
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(failed(e)),
    }
    for suffix in DB_SUFFIXES {
        let file = db.with_file_name(format!("{}{suffix}", crate::DB_FILE_NAME));
        if file.is_file() {
            set_mode(&file, 0o600).map_err(failed)?;
        }
    }
    Ok(())
}

/// Refuses a destination that is the live database or one of its journal files, however it is
/// named (a link, `..`, another spelling of the folder).
pub(crate) fn refuse_live_database(data_dir: &Path, out: &Path) -> Result<()> {
    let resolved = |p: &Path| -> Option<PathBuf> {
        if let Ok(c) = p.canonicalize() {
            return Some(c);
        }
        // A file that does not exist yet: its folder resolved, and its name.
        Some(p.parent()?.canonicalize().ok()?.join(p.file_name()?))
    };
    let Some(out) = resolved(out) else { return Ok(()) };
    let Ok(dir) = data_dir.canonicalize() else { return Ok(()) };
    for suffix in DB_SUFFIXES {
        if out == dir.join(format!("{}{suffix}", crate::DB_FILE_NAME)) {
            return Err(Error::File("不能保存到正在使用的数据库文件上，请选择其他文件名或文件夹".into()));
        }
    }
    Ok(())
}

/// A file or folder that must not outlive the run that made it (a partial export, a print
/// folder). It is noted in a folder of the data folder before it is made; the note goes when the
/// thing is done with, and whatever is still noted is deleted at the next start ([`sweep_noted`]).
pub(crate) struct Noted {
    note: PathBuf,
}

impl Noted {
    /// Notes `path` in the data folder's `notes` folder.
    pub(crate) fn new(data_dir: &Path, notes: &str, path: &Path) -> Result<Noted> {
        let folder = data_dir.join(notes);
        std::fs::create_dir_all(&folder).map_err(|e| Error::File(format!("无法创建 {}：{e}", folder.display())))?;
        let note = folder.join(format!("{:016x}", rand::random::<u64>()));
        std::fs::write(&note, path_bytes(path)).map_err(|e| Error::File(format!("无法写入 {}：{e}", note.display())))?;
        Ok(Noted { note })
    }

    /// The thing noted is gone or kept on purpose: forgets it.
    pub(crate) fn forget(self) {
        let _ = std::fs::remove_file(&self.note);
    }
}

/// Deletes what an earlier run noted in `notes` and left behind, and the notes. `ours` says
/// whether a noted path is one the app named (a note is never trusted further than that); a
/// folder is deleted with its contents only when `folders` allows it, a link is removed, never
/// followed.
pub(crate) fn sweep_noted(data_dir: &Path, notes: &str, ours: impl Fn(&str) -> bool, folders: bool) {
    let folder = data_dir.join(notes);
    let _ = std::fs::create_dir_all(&folder);
    let Ok(entries) = std::fs::read_dir(&folder) else { return };
    for entry in entries.flatten() {
        if let Ok(bytes) = std::fs::read(entry.path()) {
            let path = bytes_path(bytes);
            if path.file_name().is_some_and(|n| ours(&n.to_string_lossy())) {
                match std::fs::symlink_metadata(&path) {
                    Ok(m) if m.is_dir() && folders => {
                        let _ = std::fs::remove_dir_all(&path);
                    }
                    Ok(m) if !m.is_dir() => {
                        let _ = std::fs::remove_file(&path);
                    }
                    _ => {}
                }
            }
        }
        let _ = std::fs::remove_file(entry.path());
    }
}

/// Deletes the print folders an earlier run made, and their notes.
pub(crate) fn sweep_print_folders(data_dir: &Path) {
    sweep_noted(data_dir, PRINT_NOTES, |name| name.starts_with(PRINT_PREFIX), true);
}

#[cfg(unix)]
pub(crate) fn path_bytes(p: &Path) -> Vec<u8> {
    std::os::unix::ffi::OsStrExt::as_bytes(p.as_os_str()).to_vec()
}

#[cfg(unix)]
fn bytes_path(b: Vec<u8>) -> PathBuf {
    PathBuf::from(<std::ffi::OsString as std::os::unix::ffi::OsStringExt>::from_vec(b))
}

#[cfg(not(unix))]
pub(crate) fn path_bytes(p: &Path) -> Vec<u8> {
    p.to_string_lossy().into_owned().into_bytes()
}

#[cfg(not(unix))]
fn bytes_path(b: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&b).into_owned())
}
