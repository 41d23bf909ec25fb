//! Accounts through the real window: registration and review, password change, recovery by mail
//! over a loopback SMTP server, and the lockout.

use crate::harness::{test_app, App, CAPTCHA};
use std::path::Path;
use std::sync::Arc;
use swreg_core::accounts::login::SetupAdminArgs;
use swreg_core::accounts::mail::{MailSettings, TlsMode};
use swreg_core::{Registry, SystemClock};

pub const ADMIN_PASSWORD: &str = "Xiamen2026";

/// A data folder with its first admin already created through the core.
pub fn data_with_admin(dir: &Path) -> Registry {
    let registry = Registry::open(dir, Arc::new(SystemClock)).unwrap();
    registry
        .setup_admin(SetupAdminArgs {
            username: "admin".into(),
            display_name: "陈建国".into(),
            password: ADMIN_PASSWORD.into(),
            password_confirm: ADMIN_PASSWORD.into(),
        })
        .unwrap();
    registry
}

pub async fn login(app: &App, username: &str, password: &str) {
    app.el("login-username").await;
    app.fill("login-username", username).await;
    app.fill("login-password", password).await;
    app.fill("login-captcha", CAPTCHA).await;
    app.click("login-submit").await;
}

pub async fn logout(app: &App) {
    app.click("logout").await;
    app.click("logout-confirm").await;
    app.el("login-username").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn register_review_login_change_password() {
    let dir = tempfile::tempdir().unwrap();
    drop(data_with_admin(dir.path()));
    let mut app = App::start(&test_app(), dir.path(), "accounts-register").await;

    app.click("login-register").await;
    app.fill("register-username", "linmei").await;
    app.fill("register-password", "Worker2026").await;
    app.fill("register-password-confirm", "Worker2026").await;
    app.fill("register-display-name", "林美").await;
    app.fill("register-id-number", "350203199001011231").await;
    app.fill("register-phone", "13959200001").await;
    app.fill("register-email", "linmei@example.cn").await;
    // The test build draws the fixed captcha, as on the login page.
    app.fill("register-captcha", CAPTCHA).await;
    app.el("register-captcha-image").await;
    app.shot("register-filled").await;
    app.click("register-submit").await;
    // The checksum is wrong: the error sits beside the field and nothing typed is lost.
    assert!(app.field_error("register-id-number").await.contains("校验"));
    assert_eq!(app.value("register-email").await, "linmei@example.cn");
    app.shot("register-bad-id").await;
    app.fill("register-id-number", "35020319900101123x").await;
    // A captcha answers once: whether or not the core saw the first try, the answer is typed again.
    app.fill("register-captcha", CAPTCHA).await;
    app.click("register-submit").await;
    app.el("register-done").await;
    app.wait_text("等待").await;
    app.shot("register-submitted").await;
    app.click("register-done-login").await;

    login(&app, "linmei", "Worker2026").await;
    app.el("login-alert").await;
    app.wait_text("等待审核").await;
    app.shot("login-pending").await;

    login(&app, "admin", ADMIN_PASSWORD).await;
    app.click("menu-staff-accounts").await;
    app.click("review-approve-linmei").await;
    app.click("confirm-ok").await;
    app.wait_text("暂无待审核").await;
    app.shot("review-approved").await;
    logout(&app).await;

    login(&app, "linmei", "Worker2026").await;
    app.el("home-my-top").await;
    app.click("home-my-top").await;
    app.click("my-password").await;
    app.fill("password-old", "Worker2026").await;
    app.fill("password-new", "Better2027").await;
    app.fill("password-confirm", "Better2027").await;
    app.shot("password-change").await;
    app.click("password-save").await;
    app.el("my-hub").await;
    logout(&app).await;
    login(&app, "linmei", "Better2027").await;
    app.el("home-welcome").await;
    app.shot("login-new-password").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn recover_password_by_mail_and_forced_change() {
    let sink = smtp_sink::Sink::start();
    let dir = tempfile::tempdir().unwrap();
    {
        let registry = data_with_admin(dir.path());
        let admin = crate::harness::core_login(&registry, "admin", ADMIN_PASSWORD);
        registry
            .save_mail_settings(&admin, Some(MailSettings {
                host: "127.0.0.1".into(),
                port: sink.port,
                tls: TlsMode::None,
                username: String::new(),
                password: String::new(),
                sender: "厦门市民政局 <noreply@mz.xm.gov.cn>".into(),
            }))
            .unwrap();
        crate::harness::core_worker(&registry, &admin, "linmei", "linmei@example.cn");
    }
    let mut app = App::start(&test_app(), dir.path(), "accounts-recover").await;
    app.click("login-recover").await;
    app.fill("recover-username", "linmei").await;
    app.fill("recover-email", "wrong@example.cn").await;
    app.click("recover-submit").await;
    app.wait_text("不匹配").await;
    app.fill("recover-email", "linmei@example.cn").await;
    app.click("recover-submit").await;
    app.el("recover-done").await;
    app.shot("recover-sent").await;

    // The first mail told the worker the account was approved; the second holds the password.
    let mails = sink.wait_for(2, std::time::Duration::from_secs(15));
    let mail = mails
        .iter()
        .find(|m| m.header("Subject").is_some_and(|s| s.contains("临时密码")))
        .expect("the recovery mail arrived over SMTP");
    assert_eq!(mail.to, ["linmei@example.cn"]);
    let body = mail.body_text();
    let temp = body
        .lines()
        .map(str::trim)
        .find(|l| l.len() == 12 && l.chars().all(|c| c.is_ascii_alphanumeric()))
        .expect("a temporary password in the mail")
        .to_owned();
    app.click("recover-done-login").await;
    login(&app, "linmei", &temp).await;
    app.el("password-forced-banner").await;
    app.shot("forced-change").await;
    app.fill("password-old", &temp).await;
    app.fill("password-new", "Fresh2027y").await;
    app.fill("password-confirm", "Fresh2027y").await;
    app.click("password-save").await;
    app.el("my-hub").await;
    logout(&app).await;
    // Used once: the temporary password no longer works.
    login(&app, "linmei", &temp).await;
    app.el("login-alert").await;
    app.wait_text("账号或密码不正确").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn five_wrong_passwords_lock_the_account() {
    let dir = tempfile::tempdir().unwrap();
    drop(data_with_admin(dir.path()));
    let mut app = App::start(&test_app(), dir.path(), "accounts-lockout").await;
    for _ in 0..5 {
        login(&app, "admin", "Wrong12345").await;
        app.el("login-alert").await;
    }
    app.wait_text("锁定").await;
    app.shot("locked").await;
    login(&app, "admin", ADMIN_PASSWORD).await;
    app.wait_text("锁定").await;
    assert!(!app.exists("home-welcome").await);
    app.quit().await;
}

/// 安全设置 explains each 等保 login rule in words and keeps what the admin sets.
#[tokio::test(flavor = "multi_thread")]
async fn security_settings_explain_and_keep_the_login_rules() {
    let dir = tempfile::tempdir().unwrap();
    let registry = data_with_admin(dir.path());
    let mut app = App::start(&test_app(), dir.path(), "accounts-security").await;
    login(&app, "admin", ADMIN_PASSWORD).await;
    app.menu("menu-admin-security").await;
    app.el("security-page").await;
    // The page has loaded the stored values (the defaults) before anything is typed.
    app.wait_value("security-max-hours", "12").await;
    for explained in [
        "无论是否在操作都须重新登录",
        "密码使用超过此天数后，用户登录时须先修改密码；填 0 表示密码不过期",
        "新密码不能与最近使用过的这么多个密码相同",
        "并须包含勾选的每一类字符",
    ] {
        app.wait_text(explained).await;
    }
    app.shot("security-explained").await;
    app.fill("security-password-age", "90").await;
    app.fill("security-password-history", "5").await;
    app.click("security-class-symbols").await;
    app.shot("security-settings").await;
    // 工作人员登录网络: one a line, for the server only (the app's own window is never restricted).
    app.wait_text("仅对服务器").await;
    app.fill("security-networks", "10.0.0.0/8").await;
    app.shot("security-networks").await;
    app.click("security-save").await;

    let admin = crate::harness::core_login(&registry, "admin", ADMIN_PASSWORD);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let s = registry.security_settings(&admin).unwrap();
        if (s.password_max_age_days, s.password_history, s.password_symbols) == (90, 5, true) {
            assert!(s.password_letters && s.password_digits, "{s:?}");
            assert_eq!(s.staff_networks, ["10.0.0.0/8"], "{s:?}");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "never stored: {s:?}");
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
    app.quit().await;
}

/// 账号审核 → 退回: a comment is required, the sign-up leaves the queue, and the applicant is
/// told why at the next login.
#[tokio::test(flavor = "multi_thread")]
async fn a_returned_sign_up_is_told_its_reason_at_login() {
    let dir = tempfile::tempdir().unwrap();
    {
        let registry = data_with_admin(dir.path());
        let captcha = registry.new_captcha().unwrap();
        let answer = registry.peek_captcha(&captcha.id).unwrap();
        registry
            .register(swreg_core::accounts::signup::RegisterArgs {
                username: "zhaoli".into(),
                password: "Worker2026".into(),
                password_confirm: "Worker2026".into(),
                display_name: "赵丽".into(),
                id_number: "35020319900101123X".into(),
                phone: "13959200002".into(),
                email: "zhaoli@example.cn".into(),
                captcha_id: captcha.id,
                captcha_answer: answer,
            })
            .unwrap();
    }
    let mut app = App::start(&test_app(), dir.path(), "accounts-return").await;
    login(&app, "admin", ADMIN_PASSWORD).await;
    app.click("menu-staff-accounts").await;
    app.click("review-reject-zhaoli").await;
    app.click("review-reject-confirm").await;
    assert!(app.field_error("review-comment").await.contains("请填写退回的原因"));
    app.fill("review-comment", "身份证号码与姓名不符，请核对后重新注册").await;
    app.shot("account-return").await;
    app.click("review-reject-confirm").await;
    app.el("review-empty").await;
    app.shot("account-returned").await;
    logout(&app).await;

    login(&app, "zhaoli", "Worker2026").await;
    let alert = app.el("login-alert").await.text().await.unwrap();
    assert!(alert.contains("身份证号码与姓名不符"), "{alert}");
    app.shot("login-returned").await;
    app.quit().await;
}
