//! First run, logout and login through the real window; the release build's lack of test hooks.

use crate::harness::{test_app, App, CAPTCHA};
use std::path::PathBuf;

#[tokio::test(flavor = "multi_thread")]
async fn first_admin_then_logout_then_login_with_the_captcha() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).unwrap();
    let mut app = App::start(&test_app(), &data, "foundation").await;

    // A new data folder opens on the setup page.
    app.el("setup-username").await;
    app.wait_text("创建系统管理员").await;
    app.shot("setup-page").await;

    // The policy is enforced beside the field, and what was typed stays.
    app.fill("setup-username", "admin").await;
    app.fill("setup-display-name", "陈建国").await;
    app.fill("setup-password", "short").await;
    app.fill("setup-password-confirm", "short").await;
    app.click("setup-submit").await;
    assert!(app.field_error("setup-password").await.contains("8"));
    assert_eq!(app.value("setup-username").await, "admin");
    app.shot("setup-policy-error").await;

    app.fill("setup-password", "Xiamen2026").await;
    app.fill("setup-password-confirm", "Xiamen2026").await;
    app.click("setup-submit").await;
    app.el("home-welcome").await;
    app.wait_text("陈建国").await;
    app.shot("home-after-setup").await;
    assert!(data.join("swreg.sqlite3").exists(), "the database lives in the chosen data folder");

    // Logout asks first, then lands on the login page.
    app.click("logout").await;
    app.click("logout-confirm").await;
    app.el("login-username").await;
    app.shot("login-page").await;

    // A wrong captcha is refused beside its field and the picture changes.
    let first_image = app.el("login-captcha-image").await.attr("src").await.unwrap();
    app.fill("login-username", "admin").await;
    app.fill("login-password", "Xiamen2026").await;
    app.fill("login-captcha", "WRNG").await;
    app.click("login-submit").await;
    let error = app.field_error("login-captcha").await;
    app.shot("login-wrong-captcha").await;
    assert!(error.contains("验证码不正确"), "{error:?}");
    let second_image = app.el("login-captcha-image").await.attr("src").await.unwrap();
    assert_ne!(first_image, second_image, "a new captcha after a failure");
    assert_eq!(app.value("login-username").await, "admin", "the account name is kept");

    // The right answer logs in.
    app.fill("login-password", "Xiamen2026").await;
    app.fill("login-captcha", &CAPTCHA.to_lowercase()).await;
    app.click("login-submit").await;
    app.el("home-welcome").await;
    app.wait_text("管理员").await;
    app.shot("home-after-login").await;

    // 操作日志 → 校验完整性: the hash chain of what was logged so far holds.
    app.menu("menu-admin-audit").await;
    app.click("audit-verify").await;
    // The first admin's creation is logged, so the chain has a newest hash to note down.
    let ok = app.el("audit-check-ok").await.text().await.unwrap();
    assert!(ok.contains("操作日志完整"), "{ok}");
    let hash = app.el("audit-check-hash").await.text().await.unwrap();
    assert!(hash.len() == 64 && hash.chars().all(|c| c.is_ascii_hexdigit()), "{hash}");
    app.shot("audit-chain-checked").await;
    app.quit().await;
}

/// Without a display GTK cannot start: the app says so in words and exits non-zero, without a
/// Rust backtrace.
#[test]
fn without_a_display_the_app_says_why_and_exits() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(test_app())
        .arg("--data-dir")
        .arg(dir.path())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("run the app");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "the app must exit non-zero without a display: {stderr}");
    assert!(stderr.contains("图形界面未能打开"), "no message in words: {stderr}");
    assert!(!stderr.contains("stack backtrace") && !stderr.contains("panicked at"), "a backtrace reached the user: {stderr}");
}

/// The release build (from the .deb) has no test hook, starts, and shows the setup page.
#[tokio::test(flavor = "multi_thread")]
async fn release_build_has_no_test_hooks_and_starts() {
    let release = PathBuf::from(
        std::env::var_os("SWREG_RELEASE_APP").expect("SWREG_RELEASE_APP names the release binary (scripts/test.sh sets it)"),
    );
    // Every hook is named SWREG_TEST_…: the test build carries them, the release build none.
    let hooks = |bytes: &[u8]| -> Vec<String> {
        let prefix = b"SWREG_TEST_";
        let mut found: Vec<String> = bytes
            .windows(prefix.len())
            .enumerate()
            .filter(|(_, w)| *w == prefix)
            .map(|(i, _)| {
                let name = bytes[i..].iter().take_while(|b| b.is_ascii_uppercase() || **b == b'_').copied().collect();
                String::from_utf8(name).unwrap_or_default()
            })
            .collect();
        found.sort();
        found.dedup();
        found
    };
    let in_test = hooks(&std::fs::read(test_app()).unwrap());
    for hook in ["SWREG_TEST_CAPTCHA", "SWREG_TEST_PHOTO", "SWREG_TEST_SAVE_DIR", "SWREG_TEST_DAYS_AHEAD", "SWREG_TEST_IMPORT_FILE"] {
        // A name read from the binary may run on into the next string of its data section
        // (SWREG_TEST_DAYS_AHEADF…): the hook only has to begin one of them.
        assert!(in_test.iter().any(|h| h.starts_with(hook)), "the test build must carry {hook}, or this check proves nothing: {in_test:?}");
    }
    let in_release = hooks(&std::fs::read(&release).unwrap());
    assert!(in_release.is_empty(), "the release build carries test hooks: {in_release:?}");

    let dir = tempfile::tempdir().unwrap();
    let mut app = App::start(&release, dir.path(), "release").await;
    app.el("setup-username").await;
    app.wait_text("社会工作者登记管理系统").await;
    app.shot("release-setup-page").await;
    app.quit().await;
}
