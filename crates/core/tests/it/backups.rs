//! 数据备份: the automatic daily backup (once a day, checked, listed, rotated among the app's own
//! files only), the list of runs, the home page's warning, and who may see or change any of it.

use crate::fixture::*;
use crate::roster::reviewer;
use chrono::Duration;
use swreg_core::backups::{BackupKind, BackupSettings};
use swreg_core::Error;

fn auto_files(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn the_automatic_backup_runs_once_a_day_is_checked_and_listed() {
    let f = Fixture::new();
    // Before any automatic backup the admin is warned.
    assert_eq!(f.registry.backup_alert(&f.admin.token).unwrap().as_deref(), Some("还没有成功的自动备份"));

    let run = f.registry.auto_backup_if_due().unwrap().expect("due at the first start");
    assert!(run.ok, "{run:?}");
    assert_eq!(run.kind, BackupKind::Auto);
    let folder = f.dir.path().join("backups").join("auto");
    assert_eq!(run.path, folder.join("swreg-auto-20261201.sqlite3").display().to_string());
    // The first admin's creation is in the log: its hash is the anchor.
    assert_eq!(run.audit_hash.as_deref().map(str::len), Some(64));
    assert_eq!(run.bytes, Some(std::fs::metadata(&run.path).unwrap().len() as i64));
    swreg_core::snapshot::integrity_check(std::path::Path::new(&run.path)).unwrap();
    assert_eq!(f.registry.backup_alert(&f.admin.token).unwrap(), None);

    // Again the same day: nothing to do.
    f.clock.advance(Duration::hours(5));
    assert!(f.registry.auto_backup_if_due().unwrap().is_none());

    // The next day: a new file; the page lists both, newest first.
    f.clock.advance(Duration::hours(20));
    let second = f.registry.auto_backup_if_due().unwrap().unwrap();
    assert!(second.ok && second.audit_hash.is_some(), "{second:?}");
    // A day later the admin's session has long ended.
    let admin = f.login("admin", ADMIN_PASSWORD).unwrap();
    let overview = f.registry.backup_overview(&admin.token).unwrap();
    assert_eq!(overview.runs.len(), 2);
    assert!(overview.runs[0].path.ends_with("swreg-auto-20261202.sqlite3"));
    assert_eq!(overview.folder_in_use, folder.display().to_string());
    assert_eq!(overview.alert, None);

    // Missed: more than 26 hours without a successful automatic backup.
    f.clock.advance(Duration::hours(27));
    let admin = f.login("admin", ADMIN_PASSWORD).unwrap();
    let alert = f.registry.backup_alert(&admin.token).unwrap().unwrap();
    assert!(alert.contains("已超过26小时没有成功的自动备份"), "{alert}");
}

#[test]
fn a_failed_automatic_backup_is_listed_and_warned_about() {
    let f = Fixture::new();
    // The folder of the setting is a path below a file: it cannot be created.
    let blocker = f.dir.path().join("not-a-folder");
    std::fs::write(&blocker, b"x").unwrap();
    let folder = blocker.join("auto");
    f.registry
        .save_backup_settings(&f.admin.token, BackupSettings {
            auto_enabled: true,
            folder: folder.display().to_string(),
            keep_daily: 7,
            keep_monthly: 12,
        })
        .unwrap();
    let run = f.registry.auto_backup_if_due().unwrap().unwrap();
    assert!(!run.ok);
    let message = run.message.unwrap();
    assert!(message.contains("无法创建自动备份文件夹"), "{message}");
    let alert = f.registry.backup_alert(&f.admin.token).unwrap().unwrap();
    assert!(alert.starts_with("自动备份失败"), "{alert}");
    assert!(alert.contains("无法创建自动备份文件夹"), "{alert}");
}

#[test]
fn rotation_keeps_days_and_months_and_deletes_only_the_apps_files() {
    let f = Fixture::new();
    let folder = f.dir.path().join("mine");
    std::fs::create_dir_all(&folder).unwrap();
    // Files that are not the app's: never deleted.
    for other in ["swreg-auto-2026-01-01.sqlite3", "notes.txt", "swreg-auto-20200101.sqlite3.keep"] {
        std::fs::write(folder.join(other), b"mine").unwrap();
    }
    f.registry
        .save_backup_settings(&f.admin.token, BackupSettings {
            auto_enabled: true,
            folder: folder.display().to_string(),
            keep_daily: 3,
            keep_monthly: 2,
        })
        .unwrap();
    // 40 days, one automatic backup each.
    for _ in 0..40 {
        assert!(f.registry.auto_backup_if_due().unwrap().unwrap().ok);
        f.clock.advance(Duration::days(1));
    }
    // From 2026-12-01 to 2027-01-09: the newest three days, and January's and December's newest.
    assert_eq!(auto_files(&folder), [
        "notes.txt",
        "swreg-auto-20200101.sqlite3.keep",
        "swreg-auto-2026-01-01.sqlite3",
        "swreg-auto-20261231.sqlite3",
        "swreg-auto-20270107.sqlite3",
        "swreg-auto-20270108.sqlite3",
        "swreg-auto-20270109.sqlite3",
    ]);
}

#[test]
fn manual_backups_are_listed_and_failures_too() {
    let f = Fixture::new();
    let out = f.dir.path().join("手动.sqlite3");
    f.registry.backup(&f.admin.token, &out, &mut |_, _| {}).unwrap();
    let bad = f.dir.path().join("no-such-folder").join("x.sqlite3");
    assert!(f.registry.backup(&f.admin.token, &bad, &mut |_, _| {}).is_err());
    let runs = f.registry.backup_overview(&f.admin.token).unwrap().runs;
    assert_eq!(runs.len(), 2);
    assert!(runs.iter().all(|r| r.kind == BackupKind::Manual));
    let failed = runs.iter().find(|r| !r.ok).unwrap();
    assert_eq!(failed.path, bad.display().to_string());
    assert!(failed.message.as_deref().is_some_and(|m| !m.is_empty()));
    // The first backup's own audit entry is the second one's anchor.
    f.registry.backup(&f.admin.token, &out, &mut |_, _| {}).unwrap();
    let newest = &f.registry.backup_overview(&f.admin.token).unwrap().runs[0];
    assert!(newest.ok && newest.audit_hash.is_some(), "{newest:?}");
}

#[test]
fn only_admins_see_or_change_backups_and_settings_are_checked() {
    let f = Fixture::new();
    let r = reviewer(&f);
    assert!(matches!(f.registry.backup_overview(&r.token), Err(Error::Forbidden)));
    assert!(matches!(f.registry.backup_alert(&r.token), Err(Error::Forbidden)));
    let ok = BackupSettings { auto_enabled: true, folder: String::new(), keep_daily: 7, keep_monthly: 12 };
    assert!(matches!(f.registry.save_backup_settings(&r.token, ok.clone()), Err(Error::Forbidden)));
    let live = f.dir.path().join(swreg_core::DB_FILE_NAME);
    assert!(matches!(f.registry.inspect_backup(&r.token, &live), Err(Error::Forbidden)));

    let Err(Error::Invalid(fields)) = f.registry.save_backup_settings(&f.admin.token, BackupSettings {
        folder: "相对/路径".into(),
        keep_daily: 0,
        keep_monthly: 1000,
        ..ok.clone()
    }) else {
        panic!("refused")
    };
    let mut named: Vec<&str> = fields.iter().map(|e| e.field.as_str()).collect();
    named.sort();
    assert_eq!(named, ["folder", "keepDaily", "keepMonthly"]);

    // Off: no backup is made and nothing is warned about. The change is in the audit log.
    f.registry.save_backup_settings(&f.admin.token, BackupSettings { auto_enabled: false, ..ok }).unwrap();
    let logged = f
        .registry
        .audit_log(&f.admin.token, swreg_core::audit::AuditQuery {
            action: Some(swreg_core::audit::AuditAction::SettingsBackup),
            page: 1,
            page_size: 10,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(logged.total, 1);
    assert!(logged.items[0].before.as_deref().is_some_and(|b| b.contains("\"autoEnabled\":true")), "{:?}", logged.items[0].before);
    assert!(logged.items[0].after.as_deref().is_some_and(|a| a.contains("\"autoEnabled\":false")), "{:?}", logged.items[0].after);
    assert!(f.registry.auto_backup_if_due().unwrap().is_none());
    assert_eq!(f.registry.backup_alert(&f.admin.token).unwrap(), None);
}
