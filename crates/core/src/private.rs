//! Files holding personal data are the app user's alone (PRODUCT.md §6): the data folder is 0700;
//! the database with its `-wal`/`-shm`, the outbox's mail (temporary passwords), backups, exports
//! and printed forms are 0600, created new (never through a link someone planted). A printed form
//! goes through a private folder with a random name, deleted at the latest at the next start. No
//! save may land on the live database or its journal files.

use crate::error::{io_error, Error, Result};
use crate::registry::Registry;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Notes of the print folders made, swept at the next start.
const PRINT_NOTES: &str = "print-folders";
const PRINT_PREFIX: &str = "swreg-print-";
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
fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    std::fs::set_permissions(path, std::os::unix::fs::PermissionsExt::from_mode(mode))
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) -> std::io::Result<()> {
    Ok(())
}

/// Makes the data folder (0700) and the database file (0600) before SQLite opens it: SQLite gives
/// its `-wal` and `-shm` the database file's permissions. Files from an older version are
/// narrowed too.
pub(crate) fn prepare_data_dir(dir: &Path) -> Result<()> {
    let failed = |e: std::io::Error| Error::DatabaseOpen(format!("无法准备数据文件夹 {}：{e}", dir.display()));
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
            return Err(Error::Conflict("不能保存到正在使用的数据库文件上，请选择其他文件名或文件夹".into()));
        }
    }
    Ok(())
}

/// Deletes the print folders an earlier run made, and their notes.
pub(crate) fn sweep_print_folders(data_dir: &Path) {
    let notes = data_dir.join(PRINT_NOTES);
    let _ = std::fs::create_dir_all(&notes);
    let Ok(entries) = std::fs::read_dir(&notes) else { return };
    for entry in entries.flatten() {
        if let Ok(text) = std::fs::read_to_string(entry.path()) {
            let folder = PathBuf::from(text);
            // Only a folder this module named; a link in its place is removed, not followed.
            if folder.file_name().is_some_and(|n| n.to_string_lossy().starts_with(PRINT_PREFIX)) {
                match std::fs::symlink_metadata(&folder) {
                    Ok(m) if m.is_dir() => {
                        let _ = std::fs::remove_dir_all(&folder);
                    }
                    Ok(_) => {
                        let _ = std::fs::remove_file(&folder);
                    }
                    Err(_) => {}
                }
            }
        }
        let _ = std::fs::remove_file(entry.path());
    }
}

/// Where print folders are made: the user's runtime folder (private, in memory) when there is one,
/// else the system's temporary folder.
fn print_root() -> PathBuf {
    match std::env::var_os("XDG_RUNTIME_DIR") {
        Some(d) if Path::new(&d).is_dir() => PathBuf::from(d),
        _ => std::env::temp_dir(),
    }
}

impl Registry {
    /// Saves bytes the user chose to save (a PDF): never over the live database, 0600, through a
    /// partial file so the destination is the old file or the whole new one.
    pub fn save_file(&self, out: &Path, bytes: &[u8]) -> Result<()> {
        let partial = crate::partial::Partial::new(self.data_dir(), out)?;
        let mut file = OpenOptions::new().write(true).open(partial.path()).map_err(|e| io_error(out, e))?;
        file.write_all(bytes).and_then(|()| file.sync_all()).map_err(|e| io_error(out, e))?;
        partial.commit(out)
    }

    /// A copy of a printed form for the system's viewer, in a new private folder (0700, random
    /// name, noted so that the next start deletes it).
    pub fn print_copy(&self, file_name: &str, bytes: &[u8]) -> Result<PathBuf> {
        let failed = |e: std::io::Error| Error::Internal(format!("无法写入打印文件：{e}"));
        let notes = self.data_dir().join(PRINT_NOTES);
        std::fs::create_dir_all(&notes).map_err(failed)?;
        let root = print_root();
        let mut attempts = 0;
        let folder = loop {
            let folder = root.join(format!("{PRINT_PREFIX}{:016x}", rand::random::<u64>()));
            let mut builder = std::fs::DirBuilder::new();
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            match builder.create(&folder) {
                Ok(()) => break folder,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempts < 10 => attempts += 1,
                Err(e) => return Err(failed(e)),
            }
        };
        std::fs::write(notes.join(format!("{:016x}", rand::random::<u64>())), folder.to_string_lossy().as_bytes())
            .map_err(failed)?;
        // Only the name's last component, so a crafted name cannot leave the folder.
        let name = Path::new(file_name).file_name().map(|n| n.to_os_string()).unwrap_or_else(|| "登记申请表.pdf".into());
        let path = folder.join(name);
        let mut file = create_private(&path).map_err(failed)?;
        file.write_all(bytes).map_err(failed)?;
        Ok(path)
    }
}
