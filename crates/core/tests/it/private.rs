//! Files with personal data are the user's alone, no save lands on the live database, and printed
//! forms leave no copy behind (PRODUCT.md §6).

use crate::fixture::{Fixture, ADMIN_PASSWORD};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::Arc;
use swreg_core::records::export::{ExportArgs, ExportFormat};
use swreg_core::records::roster::RosterQuery;
use swreg_core::{Error, FixedClock, Registry};

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())).permissions().mode() & 0o777
}

fn csv() -> ExportArgs {
    ExportArgs { query: RosterQuery::default(), format: ExportFormat::Csv, with_codes: false, unmasked: false, purpose: String::new() }
}

#[test]
fn the_data_folder_and_every_file_with_personal_data_are_private() {
    let f = Fixture::new();
    // A worker account approved: its mail goes to the outbox.
    f.approved_worker("wang", crate::fixture::ID_A, "wang@example.cn");
    let dir = f.dir.path();
    assert_eq!(mode(dir), 0o700);
    for name in ["swreg.sqlite3", "swreg.sqlite3-wal", "swreg.sqlite3-shm"] {
        assert_eq!(mode(&dir.join(name)), 0o600, "{name}");
    }
    let outbox: Vec<_> = std::fs::read_dir(dir.join("outbox")).unwrap().flatten().collect();
    assert!(!outbox.is_empty(), "the approval mail is in the outbox");
    for mail in outbox {
        assert_eq!(mode(&mail.path()), 0o600, "{}", mail.path().display());
    }
    let elsewhere = tempfile::tempdir().unwrap();
    let backup = elsewhere.path().join("backup.sqlite3");
    f.registry.backup(&f.admin.token, &backup, &mut |_, _| {}).unwrap();
    assert_eq!(mode(&backup), 0o600);
    let export = elsewhere.path().join("名册.csv");
    f.registry.export(&f.admin.token, csv(), &export, &mut |_, _| true).unwrap();
    assert_eq!(mode(&export), 0o600);
    let pdf = elsewhere.path().join("表.pdf");
    f.registry.save_file(&pdf, b"%PDF-1.7").unwrap();
    assert_eq!(mode(&pdf), 0o600);
}

#[test]
fn a_folder_from_an_older_version_is_narrowed_when_opened() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(chrono::Utc::now()));
    drop(Registry::open(dir.path(), clock.clone()).unwrap());
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(dir.path().join("swreg.sqlite3"), std::fs::Permissions::from_mode(0o644)).unwrap();
    let _r = Registry::open(dir.path(), clock).unwrap();
    assert_eq!(mode(dir.path()), 0o700);
    assert_eq!(mode(&dir.path().join("swreg.sqlite3")), 0o600);
}

#[test]
fn no_save_lands_on_the_live_database_or_its_journal() {
    let f = Fixture::new();
    let dir = f.dir.path();
    let db_before = std::fs::read(dir.join("swreg.sqlite3")).unwrap();
    let sub = dir.join("sub");
    std::fs::create_dir(&sub).unwrap();
    let link = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(dir, link.path().join("data")).unwrap();
    let targets = [
        dir.join("swreg.sqlite3"),
        dir.join("swreg.sqlite3-wal"),
        dir.join("swreg.sqlite3-shm"),
        sub.join("../swreg.sqlite3"),
        link.path().join("data/swreg.sqlite3-wal"),
    ];
    for out in &targets {
        let refused = |r: swreg_core::Result<()>| match r {
            Err(Error::Conflict(m)) => assert!(m.contains("正在使用的数据库"), "{m}"),
            other => panic!("{}: {other:?}", out.display()),
        };
        refused(f.registry.save_file(out, b"%PDF-1.7"));
        refused(f.registry.export(&f.admin.token, csv(), out, &mut |_, _| true).map(drop));
        refused(f.registry.backup(&f.admin.token, out, &mut |_, _| {}).map(drop));
        refused(f.registry.stats_xlsx(&f.admin.token, RosterQuery::default(), out));
    }
    assert_eq!(std::fs::read(dir.join("swreg.sqlite3")).unwrap(), db_before);
    // The registry still works.
    f.login("admin", ADMIN_PASSWORD).unwrap();
}

#[test]
fn a_link_planted_at_the_partial_name_is_not_written_through() {
    let f = Fixture::new();
    let out_dir = tempfile::tempdir().unwrap();
    let victim = out_dir.path().join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    std::os::unix::fs::symlink(&victim, out_dir.path().join("表.pdf.partial")).unwrap();
    f.registry.save_file(&out_dir.path().join("表.pdf"), b"%PDF-1.7").unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert_eq!(std::fs::read(out_dir.path().join("表.pdf")).unwrap(), b"%PDF-1.7");
}

#[test]
fn printed_copies_are_private_and_gone_at_the_next_start() {
    let f = Fixture::new();
    let first = f.registry.print_copy("社会工作者登记申请表-王.pdf", b"%PDF-1.7 one").unwrap();
    let second = f.registry.print_copy("../../escape.pdf", b"%PDF-1.7 two").unwrap();
    for (path, bytes) in [(&first, &b"%PDF-1.7 one"[..]), (&second, &b"%PDF-1.7 two"[..])] {
        let folder = path.parent().unwrap();
        assert!(folder.file_name().unwrap().to_string_lossy().starts_with("swreg-print-"), "{}", folder.display());
        assert_eq!(mode(folder), 0o700);
        assert_eq!(mode(path), 0o600);
        assert_eq!(std::fs::read(path).unwrap(), bytes);
    }
    assert_ne!(first.parent(), second.parent(), "a new folder with a random name each time");
    assert_eq!(second.file_name().unwrap(), "escape.pdf", "the name cannot leave its folder");
    // The next start deletes them.
    let again = Registry::open(f.dir.path(), f.clock.clone()).unwrap();
    assert!(!first.parent().unwrap().exists());
    assert!(!second.parent().unwrap().exists());
    drop(again);
}
