//! 数据备份 through the real window: 立即备份 into a file, a change made after it, then 恢复 from
//! that file through the page (the core's checks shown, a confirmation), everyone sent to log in
//! again, and the register found as it was at the backup — the change gone — while the app kept
//! running on the same data folder the whole time.

use crate::accounts::{data_with_admin, login, ADMIN_PASSWORD};
use crate::harness::{core_login, core_worker, test_app, App};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};
use swreg_core::{Registry, SystemClock};

async fn text(app: &App, test_id: &str) -> String {
    app.el(test_id).await.text().await.unwrap_or_default().trim().to_owned()
}

/// Waits until the accounts list shows `present` and not `absent` (an older list is gone).
async fn wait_accounts(app: &App, present: &str, absent: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if app.exists(&format!("account-username-{present}")).await && !app.exists(&format!("account-username-{absent}")).await {
            return;
        }
        assert!(Instant::now() < deadline, "the accounts list never showed {present} without {absent}");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

fn usernames(data: &Path) -> Vec<String> {
    let registry = Registry::open(data, Arc::new(SystemClock)).unwrap();
    let admin = core_login(&registry, "admin", ADMIN_PASSWORD);
    let query = swreg_core::accounts::signup::AccountQuery { page: 1, page_size: 50, ..Default::default() };
    let mut names: Vec<String> = registry.list_accounts(&admin, query).unwrap().items.into_iter().map(|a| a.username).collect();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread")]
async fn back_up_change_restore_and_find_the_register_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    {
        let registry = data_with_admin(&data);
        let admin = core_login(&registry, "admin", ADMIN_PASSWORD);
        core_worker(&registry, &admin, "before01", "before01@example.cn");
    }
    let save_dir = out.display().to_string();
    let mut app = App::start_with(&test_app(), &data, "backup", &[("SWREG_TEST_SAVE_DIR", save_dir.as_str())]).await;
    login(&app, "admin", ADMIN_PASSWORD).await;

    app.menu("menu-admin-backup").await;
    app.el("backup-page").await;
    // The automatic backup of the start is listed (the app ran it before the page opened, or
    // the list shows it once it is done).
    app.el("backup-runs").await;
    app.shot("page").await;

    // 立即备份: the file, its size, the check and the anchor.
    app.click("backup-now").await;
    let path = text(&app, "backup-result-path").await;
    assert!(path.starts_with(&save_dir) && path.ends_with(".sqlite3"), "{path}");
    assert!(Path::new(&path).is_file(), "{path}");
    assert_eq!(text(&app, "backup-result-check").await, "通过");
    let anchor = text(&app, "backup-result-anchor").await;
    assert_eq!(anchor.len(), 64, "the audit log's newest hash: {anchor}");
    app.wait_text(&path).await;
    app.shot("after-backup").await;

    // A change after the backup: a new account (waiting for review), made through the core on
    // the same file while the app runs.
    {
        let registry = Registry::open(&data, Arc::new(SystemClock)).unwrap();
        // core_worker's ID number is taken by before01: this account has its own.
        let captcha = registry.new_captcha().expect("captcha");
        let answer = registry.peek_captcha(&captcha.id).expect("answer");
        registry
            .register(swreg_core::accounts::signup::RegisterArgs {
                username: "after01".into(),
                password: "Worker2026".into(),
                password_confirm: "Worker2026".into(),
                display_name: "黄晓".into(),
                id_number: "350203199001011256".into(),
                phone: "13959200002".into(),
                email: "after01@example.cn".into(),
                captcha_id: captcha.id,
                captcha_answer: answer,
            })
            .expect("register after01");
    }
    app.menu("menu-admin-accounts").await;
    wait_accounts(&app, "after01", "nobody").await;

    // 恢复: choose the file, see the core's checks, confirm.
    app.menu("menu-admin-backup").await;
    app.click("restore-choose").await;
    assert_eq!(text(&app, "restore-check-path").await, path);
    assert_eq!(text(&app, "restore-check-accounts").await, "2");
    assert_eq!(text(&app, "restore-check-workers").await, "0");
    app.shot("restore-checked").await;
    app.click("restore-start").await;
    let question = text(&app, "confirm-message").await;
    assert!(question.contains(&path) && question.contains("重新登录"), "{question}");
    app.shot("restore-confirm").await;
    app.click("confirm-ok").await;

    // Everyone logs in again; the register is as it was at the backup.
    app.el("login-username").await;
    app.shot("login-after-restore").await;
    login(&app, "admin", ADMIN_PASSWORD).await;
    app.menu("menu-admin-accounts").await;
    wait_accounts(&app, "before01", "after01").await;
    app.shot("accounts-after-restore").await;

    app.quit().await;

    assert_eq!(usernames(&data), ["admin", "before01"]);
    let saved: Vec<_> = std::fs::read_dir(data.join("backups"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with("swreg-before-restore-"))
        .collect();
    assert_eq!(saved.len(), 1, "the database before the restore is kept");
    // It holds the change the restore undid: three accounts.
    assert_eq!(swreg_core::restore::check_backup(&saved[0].path()).unwrap().accounts, 3);
    swreg_core::snapshot::integrity_check(&data.join(swreg_core::DB_FILE_NAME)).unwrap();
}
