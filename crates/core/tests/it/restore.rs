//! 恢复: a backup taken before some changes brings the register back as it was, also when the
//! data folder still holds the `-wal` of an app stopped without closing; what is not a sound
//! backup of this app is refused before anything is touched.

use crate::fixture::*;
use crate::workflow::{decide, worker};
use rusqlite::Connection;
use std::path::Path;
use swreg_core::registration::record::Contact;
use swreg_core::registration::worker::{ContactArgs, SaveRecordArgs};
use swreg_core::registration::workflow::Kind;
use swreg_core::{Error, Registry};

const TABLES: [&str; 5] = ["users", "workers", "applications", "photos", "worker_fields"];

fn counts(db: &Path) -> Vec<(String, i64)> {
    let conn = Connection::open(db).unwrap();
    TABLES.iter().map(|t| (t.to_string(), conn.query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0)).unwrap())).collect()
}

fn mobile(db: &Path, worker_id: i64) -> String {
    let conn = Connection::open(db).unwrap();
    conn.query_row("SELECT json_extract(data, '$.contact.mobile') FROM workers WHERE id = ?1", [worker_id], |r| r.get(0)).unwrap()
}

fn new_contact() -> Contact {
    Contact { mobile: "+86 139 0000 7777".into(), ..full_form(0).contact }
}

/// A register with an approved worker, backed up; then changed: the worker's contact, a
/// second worker, a draft. Returns the backup's path, the counts and the mobile at backup time.
fn backed_up_then_changed(f: &Fixture) -> (std::path::PathBuf, Vec<(String, i64)>, i64, String) {
    let w = worker(f, "worker01", "w1@example.cn");
    f.registry.save_record(&w.token, SaveRecordArgs { worker_id: None, kind: Kind::Initial, form: full_form(w.photo_id), submit: true }).unwrap();
    decide(f, Kind::Initial, true, "同意");
    let live = f.dir.path().join(swreg_core::DB_FILE_NAME);
    let before = counts(&live);
    let old_mobile = mobile(&live, w.worker_id);
    let out = f.dir.path().join("备份.sqlite3");
    f.registry.backup(&f.admin.token, &out, &mut |_, _| {}).unwrap();

    f.registry.update_contact(&w.token, ContactArgs { worker_id: None, contact: new_contact() }).unwrap();
    f.approved_worker("worker02", "440305198512254511", "w2@example.cn");
    let s = f.login("worker02", WORKER_PASSWORD).unwrap();
    f.registry.save_record(&s.token, SaveRecordArgs { worker_id: None, kind: Kind::Initial, form: full_form(0), submit: false }).unwrap_err();
    let mut draft = full_form(0);
    draft.photo_id = None;
    f.registry.save_record(&s.token, SaveRecordArgs { worker_id: None, kind: Kind::Initial, form: draft, submit: false }).unwrap();
    assert_eq!(mobile(&live, w.worker_id), "13900007777");
    assert_ne!(counts(&live), before, "the changes are in the live register");
    (out, before, w.worker_id, old_mobile)
}

#[test]
fn a_restore_brings_back_the_register_as_it_was_and_logs_everyone_out() {
    let f = Fixture::new();
    let (backup, before, worker_id, old_mobile) = backed_up_then_changed(&f);
    let live = f.dir.path().join(swreg_core::DB_FILE_NAME);

    let s = f.registry.restore(&f.admin.token, &backup).unwrap();
    assert_eq!(counts(&live), before, "every table has its rows of the backup's time");
    assert_eq!(mobile(&live, worker_id), old_mobile, "the changed record has its old value back");
    assert_eq!(s.backup.schema_version, swreg_core::db::supported_version());
    assert_eq!(s.backup.workers, 1);

    assert!(matches!(f.registry.status(), Ok(_)), "the registry goes on with the restored file");
    assert!(matches!(f.registry.hub(&f.admin.token, Default::default()), Err(Error::Unauthenticated)), "everyone logs in again");
    let admin = f.login("admin", ADMIN_PASSWORD).unwrap();
    assert!(f.registry.worker_detail(&admin.token, worker_id).is_ok());

    // The register replaced was saved first, with the changes made after the backup.
    let saved = Path::new(&s.previous_saved_as);
    assert!(saved.starts_with(f.dir.path().join("backups")), "{saved:?}");
    assert_eq!(mobile(saved, worker_id), "13900007777");
    let conn = Connection::open(&live).unwrap();
    let (action, note): (String, String) =
        conn.query_row("SELECT action, note FROM audit_log ORDER BY id DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    assert_eq!(action, "database.restore");
    assert!(note.contains("备份.sqlite3"), "{note}");
    assert!(crate::consistency::problems(&conn).is_empty());
    assert!(!f.dir.path().join("swreg.sqlite3.restoring").exists(), "nothing staged is left");
    #[cfg(unix)]
    for file in [&live, &saved.to_path_buf()] {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{} holds personal data: this user's alone", file.display());
    }
}

/// The measured failure: a backup copied by hand beside the `-wal` an app stopped by SIGTERM
/// leaves had its rows overwritten by the old log. The restore goes through the data folder as
/// that app left it and keeps every restored row.
#[test]
fn a_wal_left_by_a_stopped_app_does_not_eat_the_restored_rows() {
    let f = Fixture::new();
    let (backup, before, worker_id, old_mobile) = backed_up_then_changed(&f);
    // The data folder as a killed app leaves it: the file and a -wal holding the latest writes.
    let stopped = tempfile::tempdir().unwrap();
    for name in ["swreg.sqlite3", "swreg.sqlite3-wal"] {
        std::fs::copy(f.dir.path().join(name), stopped.path().join(name)).unwrap();
    }
    assert!(std::fs::metadata(stopped.path().join("swreg.sqlite3-wal")).unwrap().len() > 0, "a -wal with writes in it");

    let registry = Registry::open(stopped.path(), std::sync::Arc::new(swreg_core::SystemClock)).unwrap();
    let token = registry.system_token();
    registry.restore(&token, &backup).unwrap();
    registry.close().unwrap();
    let live = stopped.path().join(swreg_core::DB_FILE_NAME);
    assert!(!stopped.path().join("swreg.sqlite3-wal").exists(), "closed cleanly: no -wal left");
    drop(registry);
    assert_eq!(counts(&live), before);
    assert_eq!(mobile(&live, worker_id), old_mobile);
    let conn = Connection::open(&live).unwrap();
    assert!(crate::consistency::integrity(&conn).is_empty());
}

#[test]
fn what_is_not_a_sound_backup_of_this_app_is_refused_before_anything_changes() {
    let f = Fixture::new();
    let live = f.dir.path().join(swreg_core::DB_FILE_NAME);
    f.registry.close().unwrap();
    let untouched = std::fs::read(&live).unwrap();
    let refused = |path: &Path, says: &str| {
        let e = f.registry.restore(&f.admin.token, path).unwrap_err();
        assert!(e.to_string().contains(says), "expected “{says}” in: {e}");
        assert_eq!(std::fs::read(&live).unwrap(), untouched, "the live database is untouched");
        assert!(!f.dir.path().join("backups").exists(), "nothing saved, nothing staged");
    };

    refused(&f.dir.path().join("没有.sqlite3"), "找不到备份文件");
    let text = f.dir.path().join("text.sqlite3");
    std::fs::write(&text, "not a database at all, only some words of text to fill the header".repeat(4)).unwrap();
    refused(&text, "不是本系统的数据库");
    let other = f.dir.path().join("other.sqlite3");
    Connection::open(&other).unwrap().execute_batch("CREATE TABLE notes (t TEXT); INSERT INTO notes VALUES ('x');").unwrap();
    refused(&other, "不是本系统的数据库");

    let newer = f.dir.path().join("newer.sqlite3");
    f.registry.backup(&f.admin.token, &newer, &mut |_, _| {}).unwrap();
    f.registry.close().unwrap();
    let untouched = std::fs::read(&live).unwrap();
    Connection::open(&newer)
        .unwrap()
        .execute("INSERT INTO refinery_schema_history (version, name, applied_on, checksum) VALUES (9999, 'future', '2030-01-01', '0')", [])
        .unwrap();
    let e = f.registry.restore(&f.admin.token, &newer).unwrap_err();
    assert!(e.to_string().contains("比本程序支持的版本"), "{e}");
    assert_eq!(std::fs::read(&live).unwrap(), untouched);

    // A damaged file: a page of the backup overwritten.
    let damaged = f.dir.path().join("damaged.sqlite3");
    std::fs::copy(&newer, &damaged).unwrap();
    let mut bytes = std::fs::read(&damaged).unwrap();
    let page = 4096 * 3;
    bytes[page..page + 4096].fill(0x5a);
    std::fs::write(&damaged, bytes).unwrap();
    assert!(f.registry.restore(&f.admin.token, &damaged).is_err());
    assert_eq!(std::fs::read(&live).unwrap(), untouched);

    let reviewer_token = {
        let id = f.approved_worker("worker01", ID_A, "w1@example.cn");
        let _ = id;
        f.login("worker01", WORKER_PASSWORD).unwrap().token
    };
    assert!(matches!(f.registry.restore(&reviewer_token, &newer), Err(Error::Forbidden)), "admins only");
}
