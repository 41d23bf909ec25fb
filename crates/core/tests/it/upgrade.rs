//! 升级: a database written by an earlier release opens with this build and keeps every row.
//!
//! `tests/fixtures/upgrade/` holds one small register per released schema (`swreg-v<N>.sqlite3`),
//! written through the core of that time by `write_upgrade_fixture` below: accounts of each role,
//! records in each state, applications of several kinds and outcomes, cards, the audit log.
//! Each is opened here with the current migrations. When a migration lands, the fixtures of the
//! earlier schemas stay as they are and keep being migrated; at a release, write the new one:
//! `cargo test -p swreg-core --test it upgrade::write_upgrade_fixture -- --ignored`.

use crate::fixture::*;
use crate::workflow::decide;
use chrono::Duration;
use rusqlite::{Connection, OpenFlags};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use swreg_core::accounts::login::LoginArgs;
use swreg_core::accounts::staff::{CreateStaffArgs, Handover};
use swreg_core::registration::cards::IssueCardArgs;
use swreg_core::registration::freeze::FreezeArgs;
use swreg_core::registration::worker::{ContactArgs, RequestArgs, SaveRecordArgs, Target};
use swreg_core::registration::workflow::Kind;
use swreg_core::{Registry, Role, SystemClock};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/upgrade");
    let mut all: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "sqlite3"))
        .collect();
    all.sort();
    all
}

/// Rows per table (SQLite's own tables aside).
fn rows(conn: &Connection) -> BTreeMap<String, i64> {
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap();
    let tables: Vec<String> = stmt.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect();
    tables.into_iter().map(|t| {
        let n = conn.query_row(&format!("SELECT COUNT(*) FROM \"{t}\""), [], |r| r.get(0)).unwrap();
        (t, n)
    }).collect()
}

/// A few values a migration must not change, by stable keys.
fn values(conn: &Connection) -> Vec<String> {
    let mut out = Vec::new();
    for sql in [
        "SELECT username || ' ' || role || ' ' || status || ' ' || display_name FROM users ORDER BY username",
        "SELECT name || ' ' || status || ' ' || COALESCE(registration_no, '-') || ' ' || COALESCE(valid_until, '-') FROM workers WHERE name IS NOT NULL ORDER BY id",
        "SELECT json_extract(data, '$.contact.mobile') FROM workers WHERE data IS NOT NULL ORDER BY id",
        "SELECT kind || ' ' || status || ' ' || COALESCE(decision_comment, '-') FROM applications ORDER BY id",
        "SELECT card_no || ' ' || status FROM cards ORDER BY id",
        "SELECT action || ' ' || COALESCE(note, '-') FROM audit_log ORDER BY id",
    ] {
        let mut stmt = conn.prepare(sql).unwrap();
        out.extend(stmt.query_map([], |r| r.get::<_, String>(0)).unwrap().map(|r| r.unwrap()));
    }
    out
}

#[test]
fn every_fixture_of_an_earlier_schema_opens_and_keeps_every_row() {
    let all = fixtures();
    assert!(!all.is_empty(), "no upgrade fixture in tests/fixtures/upgrade");
    for fixture in all {
        let (old_version, before_rows, before_values) = {
            let conn = Connection::open_with_flags(&fixture, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
            (swreg_core::db::applied_version(&conn).unwrap(), rows(&conn), values(&conn))
        };
        assert!(before_rows["workers"] >= 4 && before_rows["applications"] >= 5 && before_rows["cards"] >= 1, "{fixture:?} is representative");

        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(&fixture, dir.path().join(swreg_core::DB_FILE_NAME)).unwrap();
        let registry = Registry::open(dir.path(), Arc::new(SystemClock)).unwrap();

        let conn = Connection::open(dir.path().join(swreg_core::DB_FILE_NAME)).unwrap();
        assert_eq!(swreg_core::db::applied_version(&conn).unwrap(), swreg_core::db::supported_version());
        let after_rows = rows(&conn);
        for (table, n) in &before_rows {
            if table == "refinery_schema_history" {
                assert!(after_rows[table] >= *n, "{fixture:?}: migration history");
                continue;
            }
            assert_eq!(after_rows.get(table), Some(n), "{fixture:?}: every row of {table} is kept");
        }
        assert_eq!(values(&conn), before_values, "{fixture:?}: the values are kept");
        let problems = crate::consistency::problems(&conn);
        assert!(problems.is_empty(), "{fixture:?}: {problems:?}");

        // The current code works on it: the admin logs in with the password of that time.
        let captcha = registry.new_captcha().unwrap();
        let answer = registry.peek_captcha(&captcha.id).unwrap();
        let admin = registry
            .login(LoginArgs { username: "admin".into(), password: ADMIN_PASSWORD.into(), captcha_id: captcha.id, captcha_answer: answer })
            .unwrap();
        let worker_id: i64 = conn.query_row("SELECT MIN(id) FROM workers WHERE status = 'frozen'", [], |r| r.get(0)).unwrap();
        assert!(registry.worker_detail(&admin.token, worker_id).is_ok());

        // A migrated file was copied first, named by its old version.
        let copy = dir.path().join("backups").join(format!(
            "swreg-v{old_version}-before-upgrade-to-v{}.sqlite3",
            swreg_core::db::supported_version()
        ));
        if old_version < swreg_core::db::supported_version() {
            let c = Connection::open_with_flags(&copy, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
            assert_eq!(rows(&c), before_rows, "{copy:?} is the database before the upgrade");
        } else {
            assert!(!copy.exists());
        }
    }
}

/// Writes `tests/fixtures/upgrade/swreg-v<current>.sqlite3`. Run at a release (see the top).
#[test]
#[ignore]
fn write_upgrade_fixture() {
    let mut f = Fixture::new();
    let r = &f.registry;
    r.create_staff(&f.admin.token, CreateStaffArgs {
            username: "reviewer".into(),
            display_name: "郑美玲".into(),
            role: Role::Reviewer,
            email: "reviewer@example.cn".into(),
            handover: Handover::Show,
        })
        .unwrap();
    let photo = png_photo();
    let worker = |f: &Fixture, username: &str, id: &str| -> (String, i64, i64) {
        f.approved_worker(username, id, &format!("{username}@example.cn"));
        let token = f.login(username, WORKER_PASSWORD).unwrap().token;
        let up = f.registry.upload_photo(&token, Target::default(), &photo).unwrap();
        let worker_id = f.registry.hub(&token, Target::default()).unwrap().worker_id;
        (token, worker_id, up.photo_id)
    };
    let form = |photo_id: i64, id: &str, name: &str| {
        let mut form = full_form(photo_id);
        form.id_number = id.into();
        form.name = name.into();
        form.sex = "2".into();
        form
    };
    let save = |f: &Fixture, token: &str, kind: Kind, form, submit| {
        f.registry.save_record(token, SaveRecordArgs { worker_id: None, kind, form, submit }).unwrap();
    };

    // 已登记 then frozen after it expired; with a card.
    let a = worker(&f, "worker01", ID_A_FEMALE);
    save(&f, &a.0, Kind::Initial, form(a.2, ID_A_FEMALE, "林秀英"), true);
    decide(&f, Kind::Initial, true, "材料齐全");
    f.registry.issue_card(&f.admin.token, IssueCardArgs { worker_id: a.1, card_no: "XM2026000001".into() }).unwrap();

    f.clock.advance(Duration::days(365 * 4));
    f.admin = f.login("admin", ADMIN_PASSWORD).unwrap();
    f.registry.freeze_record(&f.admin.token, FreezeArgs { worker_id: a.1, reason: "逾期未续期".into() }).unwrap();

    // 已登记 with a card, a contact change and a modification request waiting.
    let b = worker(&f, "worker02", ID_B_FEMALE);
    save(&f, &b.0, Kind::Initial, form(b.2, ID_B_FEMALE, "阿依古丽·买买提"), true);
    decide(&f, Kind::Initial, true, "同意");
    f.registry.issue_card(&f.admin.token, IssueCardArgs { worker_id: b.1, card_no: "XM2026000002".into() }).unwrap();
    let mut contact = full_form(0).contact;
    contact.mobile = "+86 139 0000 1234".into();
    f.registry.update_contact(&b.0, ContactArgs { worker_id: None, contact }).unwrap();
    f.registry
        .submit_request(&b.0, RequestArgs { worker_id: None, kind: Kind::ModificationRequest, reason: "工作单位变更".into() })
        .unwrap();

    // Rejected, then a draft saved again.
    let d = worker(&f, "worker04", ID_D_FEMALE);
    save(&f, &d.0, Kind::Initial, form(d.2, ID_D_FEMALE, "黄丽华"), true);
    decide(&f, Kind::Initial, false, "照片不清晰");
    let mut draft = form(d.2, ID_D_FEMALE, "黄丽华");
    draft.school = String::new();
    save(&f, &d.0, Kind::Initial, draft, false);

    // 待审核.
    let c = worker(&f, "worker03", ID_C_FEMALE);
    save(&f, &c.0, Kind::Initial, form(c.2, ID_C_FEMALE, "陈静"), true);

    // An account waiting for approval.
    f.registry.register(register_args("worker05", ID_E_FEMALE, "worker05@example.cn")).unwrap();

    let out = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("tests/fixtures/upgrade/swreg-v{}.sqlite3", swreg_core::db::supported_version()));
    let _ = std::fs::remove_file(&out);
    f.registry.backup(&f.admin.token, &out, &mut |_, _| {}).unwrap();
    Connection::open(&out).unwrap().execute_batch("VACUUM").unwrap();
    println!("wrote {} ({} bytes)", out.display(), std::fs::metadata(&out).unwrap().len());
}

// Women born 1990-01-01 in 思明区 (even sequence digit), GB 11643 check digits.
const ID_A_FEMALE: &str = "350203199001011029";
const ID_B_FEMALE: &str = "350203199001011045";
const ID_C_FEMALE: &str = "350203199001011061";
const ID_D_FEMALE: &str = "350203199001011088";
const ID_E_FEMALE: &str = "350203199001011109";
