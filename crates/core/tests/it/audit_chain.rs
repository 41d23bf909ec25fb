//! 操作日志的哈希链: every entry chains to the one before it; an entry changed, removed or slipped
//! in behind the app's back is found, and the first such entry is named.

use crate::fixture::*;
use rusqlite::Connection;
use std::path::Path;
use std::sync::Arc;
use swreg_core::accounts::login::LoginArgs;
use swreg_core::audit::AuditCheck;
use swreg_core::{Error, Registry, SystemClock};

/// A register with a worker and a few entries in its log (three backups).
fn logged() -> Fixture {
    let f = Fixture::new();
    f.approved_worker("lihua", ID_A, "lihua@example.cn");
    for _ in 0..3 {
        let out = f.dir.path().join("copy.sqlite3");
        f.registry.backup(&f.admin.token, &out, &mut |_, _| {}).unwrap();
        std::fs::remove_file(out).unwrap();
    }
    f
}

fn entries(dir: &Path) -> Vec<(i64, String)> {
    let conn = Connection::open(dir.join(swreg_core::DB_FILE_NAME)).unwrap();
    let mut stmt = conn.prepare("SELECT id, hash FROM audit_log ORDER BY id").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(|r| r.unwrap()).collect()
}

/// The register in `dir`, opened, and the admin's token.
fn open_as_admin(dir: &Path) -> (Registry, String) {
    let r = Registry::open(dir, Arc::new(SystemClock)).unwrap();
    let captcha = r.new_captcha().unwrap();
    let answer = r.peek_captcha(&captcha.id).unwrap();
    let admin = r
        .login(LoginArgs { username: "admin".into(), password: ADMIN_PASSWORD.into(), captcha_id: captcha.id, captcha_answer: answer })
        .unwrap();
    (r, admin.token)
}

/// The register of `f` copied into a new folder, changed there with `sql` (the log's triggers
/// dropped first, as someone with the file and an SQLite shell would), and checked by an admin.
fn tampered(f: &Fixture, sql: &str) -> AuditCheck {
    f.registry.close().unwrap();
    let copy = tempfile::tempdir().unwrap();
    std::fs::copy(f.dir.path().join(swreg_core::DB_FILE_NAME), copy.path().join(swreg_core::DB_FILE_NAME)).unwrap();
    {
        let conn = Connection::open(copy.path().join(swreg_core::DB_FILE_NAME)).unwrap();
        conn.execute_batch(
            "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete; DROP TRIGGER audit_log_chained;",
        )
        .unwrap();
        conn.execute_batch(sql).unwrap();
    }
    let (r, admin) = open_as_admin(copy.path());
    let check = r.verify_audit(&admin).unwrap();
    // The check itself does not grow the log it reports on.
    assert_eq!(r.verify_audit(&admin).unwrap(), check);
    check
}

#[test]
fn a_log_written_by_the_app_holds_and_names_its_newest_hash() {
    let f = logged();
    let all = entries(f.dir.path());
    assert!(all.len() >= 3, "{all:?}");
    let check = f.registry.verify_audit(&f.admin.token).unwrap();
    assert_eq!(check.first_break, None);
    assert_eq!(check.entries, all.len() as i64);
    assert_eq!(check.latest_hash.as_deref(), Some(all.last().unwrap().1.as_str()));
    // Each entry carries its predecessor's hash.
    let conn = Connection::open(f.dir.path().join(swreg_core::DB_FILE_NAME)).unwrap();
    let firsts: Vec<String> =
        conn.prepare("SELECT prev_hash FROM audit_log ORDER BY id LIMIT 2").unwrap().query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
    assert_eq!(firsts, vec![String::new(), all[0].1.clone()]);
}

#[test]
fn the_database_refuses_changes_and_unchained_entries() {
    let f = logged();
    let conn = Connection::open(f.dir.path().join(swreg_core::DB_FILE_NAME)).unwrap();
    assert!(conn.execute("UPDATE audit_log SET note = 'x' WHERE id = 1", []).is_err());
    assert!(conn.execute("UPDATE audit_log SET hash = NULL WHERE id = 1", []).is_err());
    assert!(conn.execute("DELETE FROM audit_log WHERE id = 1", []).is_err());
    assert!(conn.execute("INSERT INTO audit_log (at, action) VALUES ('2026-12-01T02:00:00Z', 'record.submit')", []).is_err());
    assert!(conn.execute("UPDATE audit_chain SET legacy_through = 1000", []).is_err());
}

#[test]
fn an_entry_edited_behind_the_apps_back_is_named() {
    let f = logged();
    let second = entries(f.dir.path())[1].0;
    let check = tampered(&f, &format!("UPDATE audit_log SET note = '改过' WHERE id = {second}"));
    let b = check.first_break.expect("the edit is found");
    assert_eq!(b.id, second);
    assert!(b.reason.contains("内容与其哈希值不符"), "{}", b.reason);
    assert_eq!(check.latest_hash, None);
}

#[test]
fn an_entry_removed_or_slipped_in_is_found_at_the_next_entry() {
    let f = logged();
    let all = entries(f.dir.path());
    let check = tampered(&f, &format!("DELETE FROM audit_log WHERE id = {}", all[1].0));
    let b = check.first_break.expect("the gap is found");
    assert_eq!(b.id, all[2].0);
    assert!(b.reason.contains("不衔接"), "{}", b.reason);

    let f = logged();
    let check = tampered(
        &f,
        "INSERT INTO audit_log (at, action, prev_hash, hash) VALUES ('2026-12-01T03:00:00Z', 'record.submit', 'x', 'y')",
    );
    assert_eq!(check.first_break.expect("the stranger is found").id, entries(f.dir.path()).last().unwrap().0 + 1);
}

#[test]
fn an_entry_whose_hash_is_replaced_is_named() {
    // A stored hash that no longer fits the entry's content is found at that entry.
    let f = logged();
    let all = entries(f.dir.path());
    let check = tampered(&f, &format!("UPDATE audit_log SET hash = 'beef' WHERE id = {}", all[0].0));
    let b = check.first_break.expect("found");
    assert_eq!(b.id, all[0].0);
}

#[test]
fn only_admins_check_the_chain() {
    let f = logged();
    let worker = f.login("lihua", WORKER_PASSWORD).unwrap();
    assert!(matches!(f.registry.verify_audit(&worker.token), Err(Error::Forbidden)));
}

#[test]
fn a_backup_names_the_newest_hash_it_holds() {
    let f = logged();
    let before = entries(f.dir.path());
    let out = f.dir.path().join("b.sqlite3");
    let summary = f.registry.backup(&f.admin.token, &out, &mut |_, _| {}).unwrap();
    assert_eq!(summary.audit_hash.as_deref(), Some(before.last().unwrap().1.as_str()));
}

#[test]
fn entries_from_before_the_chain_are_sealed_into_it_when_an_older_register_opens() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/upgrade");
    for fixture in std::fs::read_dir(fixtures).unwrap().map(|e| e.unwrap().path()) {
        if fixture.extension().is_none_or(|e| e != "sqlite3") {
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(&fixture, dir.path().join(swreg_core::DB_FILE_NAME)).unwrap();
        let old: i64 = Connection::open(dir.path().join(swreg_core::DB_FILE_NAME))
            .unwrap()
            .query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))
            .unwrap();
        assert!(old > 0, "{fixture:?} has a log");
        let (r, admin) = open_as_admin(dir.path());
        let check = r.verify_audit(&admin).unwrap();
        assert_eq!(check.first_break, None, "{fixture:?}");
        assert!(check.entries >= old, "{fixture:?}: {} entries", check.entries);
    }
}
