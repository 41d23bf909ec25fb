//! Files written beside their destination and renamed over it when complete (`名册.xlsx.partial`),
//! so the destination is either the old file or a whole new one.
//!
//! A process killed while writing would leave the partial file behind, and an unmasked export's
//! holds full ID numbers. So each partial file is first noted in the data folder's `partials/`,
//! the note goes when the file is renamed or deleted, and whatever is still noted is deleted
//! when the registry next opens.

use crate::error::Result;
use crate::private::Noted;
use std::path::{Path, PathBuf};

const NOTES: &str = "partials";
const SUFFIX: &str = ".partial";

/// A temporary file on its way to `out`. Dropped without [`Partial::commit`], it is deleted.
pub struct Partial {
    path: PathBuf,
    /// None once the file is renamed or deleted.
    noted: Option<Noted>,
}

impl Partial {
    /// Every save goes through here, so this is where a save over the live database is refused.
    pub fn new(data_dir: &Path, out: &Path) -> Result<Partial> {
        crate::private::refuse_live_database(data_dir, out)?;
        let mut name = out.file_name().map(|n| n.to_os_string()).unwrap_or_default();
        name.push(SUFFIX);
        let path = out.with_file_name(name);
        let noted = Noted::new(data_dir, NOTES, &path)?;
        // Whatever is at the partial's name (an old partial, or a link someone planted) goes; the
        // file is then made new, this user's alone, for the writer to fill.
        let _ = std::fs::remove_file(&path);
        let partial = Partial { path, noted: Some(noted) };
        crate::private::create_private(&partial.path).map_err(|e| crate::error::io_error(out, e))?;
        Ok(partial)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Renames the finished file over `out`.
    pub fn commit(self, out: &Path) -> Result<()> {
        std::fs::rename(&self.path, out).map_err(|e| crate::error::io_error(out, e))
        // Dropping self removes the note (the partial file no longer exists).
    }
}

impl Drop for Partial {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
        if let Some(noted) = self.noted.take() {
            noted.forget();
        }
    }
}

/// Deletes the partial files a killed process left behind, and their notes; makes the notes'
/// folder when there is none yet.
pub(crate) fn sweep(data_dir: &Path) {
    crate::private::sweep_noted(data_dir, NOTES, |name| name.ends_with(SUFFIX), false);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_committed_partial_becomes_the_file_and_leaves_no_note() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("名册.csv");
        let p = Partial::new(dir.path(), &out).unwrap();
        std::fs::write(p.path(), "a,b\n").unwrap();
        p.commit(&out).unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "a,b\n");
        assert!(!dir.path().join("名册.csv.partial").exists());
        assert_eq!(std::fs::read_dir(dir.path().join(NOTES)).unwrap().count(), 0);
    }

    #[test]
    fn a_dropped_partial_is_deleted() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("名册.xlsx");
        let p = Partial::new(dir.path(), &out).unwrap();
        std::fs::write(p.path(), "身份证号码 350203199001011234").unwrap();
        drop(p);
        assert!(!dir.path().join("名册.xlsx.partial").exists());
        assert!(!out.exists());
    }

    /// A process killed mid-export never runs Drop: the next open deletes what it left.
    #[test]
    fn what_a_killed_process_left_is_swept_at_the_next_open() {
        let data = tempfile::tempdir().unwrap();
        let elsewhere = tempfile::tempdir().unwrap();
        let out = elsewhere.path().join("名册.xlsx");
        let p = Partial::new(data.path(), &out).unwrap();
        std::fs::write(p.path(), "身份证号码 350203199001011234").unwrap();
        std::mem::forget(p);
        let left = elsewhere.path().join("名册.xlsx.partial");
        assert!(left.exists());
        // A file the app did not name is never touched, even if a note names it.
        let other = elsewhere.path().join("keep.txt");
        std::fs::write(&other, "x").unwrap();
        std::fs::write(data.path().join(NOTES).join("forged"), crate::private::path_bytes(&other)).unwrap();
        sweep(data.path());
        assert!(!left.exists());
        assert!(other.exists());
        assert_eq!(std::fs::read_dir(data.path().join(NOTES)).unwrap().count(), 0);
    }
}
