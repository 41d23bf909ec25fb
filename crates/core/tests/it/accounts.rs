//! 注册, review, login with captcha and lockout, recovery by mail, password change, staff accounts.

use crate::fixture::*;
use chrono::Duration;
use swreg_core::accounts::login::SetupAdminArgs;
use swreg_core::accounts::mail::{MailSettings, TlsMode};
use swreg_core::accounts::recovery::{ChangePasswordArgs, RecoverArgs};
use swreg_core::accounts::signup::{AccountQuery, AccountStatus, ReviewAccountArgs};
use swreg_core::accounts::staff::{CreateStaffArgs, Handover, LoginLogQuery, ResetPasswordArgs, SetEnabledArgs, TestMailArgs};
use swreg_core::{Error, Role};

fn fields(e: &Error) -> Vec<String> {
    match e {
        Error::Invalid(f) => f.iter().map(|f| f.field.clone()).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[test]
fn setup_only_once_and_no_default_account() {
    let f = Fixture::new();
    assert!(!f.registry.status().unwrap().needs_setup);
    let again = f.registry.setup_admin(SetupAdminArgs {
        username: "admin2".into(),
        display_name: "王五".into(),
        password: ADMIN_PASSWORD.into(),
        password_confirm: ADMIN_PASSWORD.into(),
    });
    assert!(matches!(again, Err(Error::Conflict(_))));

    let dir = tempfile::tempdir().unwrap();
    let fresh = swreg_core::Registry::open(dir.path(), f.clock.clone()).unwrap();
    assert!(fresh.status().unwrap().needs_setup);
    let weak = fresh.setup_admin(SetupAdminArgs {
        username: "a".into(),
        display_name: "王".into(),
        password: "password".into(),
        password_confirm: "other".into(),
    });
    let mut got = fields(&weak.unwrap_err());
    got.sort();
    assert_eq!(got, ["displayName", "password", "passwordConfirm", "username"]);
}

#[test]
fn registration_is_validated_and_duplicates_refused() {
    let f = Fixture::new();
    let mut bad = register_args("li", "110105194912310021", "not-mail");
    bad.phone = "12345".into();
    bad.password_confirm = "different1".into();
    let mut got = fields(&f.register(bad).unwrap_err());
    got.sort();
    assert_eq!(got, ["email", "idNumber", "passwordConfirm", "phone", "username"]);

    f.register(register_args("linmei", ID_A, "lin@example.cn")).unwrap();
    let dup = f.register(register_args("LINMEI", "440305198512254511", "other@example.cn")).unwrap_err();
    assert_eq!(fields(&dup), ["username"], "a taken 账号 is said, case-insensitively");
    // A taken ID number or address is not said (see sessions.rs for what happens instead).
    let accounts = |f: &Fixture| f.registry.list_accounts(&f.admin.token, AccountQuery { page: 1, page_size: 50, ..Default::default() }).unwrap().total;
    let before = accounts(&f);
    f.register(register_args("linmei2", ID_A, "lin2@example.cn")).unwrap();
    f.register(register_args("linmei3", "440305198512254511", "LIN@example.cn")).unwrap();
    assert_eq!(accounts(&f), before, "no second account for one ID number or address");
}

#[test]
fn pending_and_rejected_accounts_are_told_why_after_the_right_password_only() {
    let f = Fixture::new();
    f.register(register_args("linmei", ID_A, "lin@example.cn")).unwrap();
    assert!(matches!(f.login("linmei", WORKER_PASSWORD), Err(Error::AccountPending)));
    assert!(matches!(f.login("linmei", "Wrong12345"), Err(Error::LoginFailed)), "no state without the password");

    let row = &f.registry.account_queue(&f.admin.token, AccountQuery { page: 1, page_size: 20, ..Default::default() })
        .unwrap()
        .items[0];
    assert_eq!(row.id_number, "110105********002X", "masked in lists");
    assert_eq!(row.phone, "138****1234");
    assert_eq!(row.display_name, "林𠈌", "a rare character survives");

    let no_reason = f.registry.review_account(&f.admin.token, ReviewAccountArgs {
        user_id: row.id,
        approve: false,
        comment: " ".into(),
    });
    assert_eq!(fields(&no_reason.unwrap_err()), ["comment"]);
    f.registry
        .review_account(&f.admin.token, ReviewAccountArgs { user_id: row.id, approve: false, comment: "身份证号码与姓名不符".into() })
        .unwrap();
    match f.login("linmei", WORKER_PASSWORD) {
        Err(Error::AccountRejected(m)) => assert!(m.contains("身份证号码与姓名不符"), "{m}"),
        other => panic!("{other:?}"),
    }
    let again = f.registry.review_account(&f.admin.token, ReviewAccountArgs { user_id: row.id, approve: true, comment: String::new() });
    assert!(matches!(again, Err(Error::Conflict(_))), "a decided registration stays decided");
    // The applicant was told by mail (to the outbox: no SMTP is set).
    let outbox = f.registry.list_outbox(&f.admin.token).unwrap();
    let subjects: Vec<&str> = outbox.iter().map(|e| e.subject.as_str()).collect();
    assert_eq!(subjects.len(), 2, "{subjects:?}");
    assert!(subjects.iter().any(|s| s.contains("注册申请已收到")), "{subjects:?}");
    assert!(subjects.iter().any(|s| s.contains("账号审核结果")), "{subjects:?}");
}

#[test]
fn approved_worker_logs_in_and_the_queue_empties() {
    let f = Fixture::new();
    f.approved_worker("linmei", ID_A, "lin@example.cn");
    let s = f.login("linmei", WORKER_PASSWORD).unwrap();
    assert_eq!(s.user.role, Role::Worker);
    assert_eq!(s.idle_minutes, 15);
    let q = f.registry.account_queue(&f.admin.token, AccountQuery { page: 1, page_size: 20, ..Default::default() }).unwrap();
    assert_eq!(q.total, 0);
    let active = f
        .registry
        .account_queue(&f.admin.token, AccountQuery { status: Some(AccountStatus::Active), page: 1, page_size: 20, ..Default::default() })
        .unwrap();
    assert_eq!(active.total, 1);
}

#[test]
fn captcha_is_single_use_expires_and_is_checked_first() {
    let f = Fixture::new();
    let args = f.login_args("admin", ADMIN_PASSWORD);
    f.registry.login(args.clone()).unwrap();
    assert!(matches!(f.registry.login(args), Err(Error::Captcha(_))), "one use");

    let mut wrong = f.login_args("admin", ADMIN_PASSWORD);
    wrong.captcha_answer = "0000".into();
    assert!(matches!(f.registry.login(wrong), Err(Error::Captcha(_))));

    let late = f.login_args("admin", ADMIN_PASSWORD);
    f.clock.advance(Duration::minutes(6));
    assert!(matches!(f.registry.login(late), Err(Error::Captcha(_))), "expired after 5 minutes");
}

#[test]
fn five_wrong_passwords_lock_for_fifteen_minutes_known_or_not() {
    let f = Fixture::new();
    for name in ["admin", "nobody-here"] {
        for i in 0..4 {
            assert!(matches!(f.login(name, "Wrong12345"), Err(Error::LoginFailed)), "{name} attempt {i}");
        }
        assert!(matches!(f.login(name, "Wrong12345"), Err(Error::Locked(_))), "{name}: the fifth locks");
    }
    // Locked even with the right password; wrong captchas do not count.
    assert!(matches!(f.login("admin", ADMIN_PASSWORD), Err(Error::Locked(_))));
    f.clock.advance(Duration::minutes(14));
    assert!(matches!(f.login("admin", ADMIN_PASSWORD), Err(Error::Locked(_))));
    f.clock.advance(Duration::minutes(2));
    f.login("admin", ADMIN_PASSWORD).unwrap();

    let admin = f.login("admin", ADMIN_PASSWORD).unwrap();
    let log = f
        .registry
        .login_log(&admin.token, LoginLogQuery { username: "admin".into(), page: 1, page_size: 100, ..Default::default() })
        .unwrap();
    let outcomes: Vec<&str> = log.items.iter().rev().map(|r| r.outcome.as_str()).collect();
    assert_eq!(
        outcomes,
        ["wrong_password", "wrong_password", "wrong_password", "wrong_password", "wrong_password", "locked", "locked", "success", "success"]
    );
    // The log never holds a password.
    let dump = std::fs::read(f.dir.path().join(swreg_core::DB_FILE_NAME)).unwrap();
    let wal = std::fs::read(f.dir.path().join("swreg.sqlite3-wal")).unwrap_or_default();
    for bytes in [dump, wal] {
        assert!(!bytes.windows(10).any(|w| w == b"Wrong12345"), "no password in the database file");
    }
}

#[test]
fn lock_settings_are_admin_settings() {
    let f = Fixture::new();
    let mut s = f.registry.security_settings(&f.admin.token).unwrap();
    assert_eq!((s.max_failed_logins, s.lock_minutes), (5, 15));
    s.max_failed_logins = 3;
    s.lock_minutes = 1;
    f.registry.save_security_settings(&f.admin.token, s.clone()).unwrap();
    for _ in 0..2 {
        assert!(matches!(f.login("admin", "Wrong12345"), Err(Error::LoginFailed)));
    }
    assert!(matches!(f.login("admin", "Wrong12345"), Err(Error::Locked(_))));
    f.clock.advance(Duration::seconds(61));
    f.login("admin", ADMIN_PASSWORD).unwrap();
    s.session_idle_minutes = 0;
    assert_eq!(fields(&f.registry.save_security_settings(&f.admin.token, s).unwrap_err()), ["sessionIdleMinutes"]);
}

#[test]
fn idle_sessions_end_and_logout_ends_the_session() {
    let f = Fixture::new();
    let s = f.login("admin", ADMIN_PASSWORD).unwrap();
    f.clock.advance(Duration::minutes(14));
    f.registry.me(&s.token).unwrap();
    f.clock.advance(Duration::minutes(14));
    f.registry.me(&s.token).unwrap();
    f.clock.advance(Duration::minutes(16));
    assert!(matches!(f.registry.me(&s.token), Err(Error::Unauthenticated)));

    let s = f.login("admin", ADMIN_PASSWORD).unwrap();
    f.registry.logout(&s.token);
    assert!(matches!(f.registry.me(&s.token), Err(Error::Unauthenticated)));
}

#[test]
fn recovery_over_real_smtp_gives_a_one_time_password_that_forces_a_change() {
    let f = Fixture::new();
    f.approved_worker("linmei", ID_A, "lin@example.cn");
    let sink = smtp_sink::Sink::start();
    f.registry
        .save_mail_settings(&f.admin.token, Some(MailSettings {
            host: "127.0.0.1".into(),
            port: sink.port,
            tls: TlsMode::None,
            username: "mailer".into(),
            password: "smtp-pass".into(),
            sender: "民政局 <noreply@mz.xm.gov.cn>".into(),
        }))
        .unwrap();
    let shown = f.registry.mail_settings(&f.admin.token).unwrap().unwrap();
    assert_eq!(shown.password, "", "the SMTP password never goes back to the page");

    let mismatch = f.registry.recover_password(RecoverArgs { username: "linmei".into(), email: "other@example.cn".into() });
    let unknown = f.registry.recover_password(RecoverArgs { username: "nobody".into(), email: "lin@example.cn".into() });
    assert_eq!(mismatch.unwrap_err().to_string(), unknown.unwrap_err().to_string(), "one message for both");

    f.registry.recover_password(RecoverArgs { username: "linmei".into(), email: "LIN@example.cn".into() }).unwrap();
    let got = sink.wait_for(1, std::time::Duration::from_secs(10));
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].to, ["lin@example.cn"]);
    assert_eq!(got[0].auth_user.as_deref(), Some("mailer"));
    let body = got[0].body_text();
    let temp = body
        .lines()
        .map(str::trim)
        .find(|l| l.len() == 12 && l.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or_else(|| panic!("no temporary password in:\n{body}"))
        .to_owned();

    // The old password still works until the temporary one is used.
    f.login("linmei", WORKER_PASSWORD).unwrap();
    let s = f.login("linmei", &temp).unwrap();
    assert!(s.user.must_change_password);
    assert!(!s.user.password_expired, "a temporary password is in use");
    let q = AccountQuery { page: 1, page_size: 10, ..Default::default() };
    assert!(matches!(f.registry.account_queue(&s.token, q), Err(Error::MustChangePassword)));
    let wrong_old = f.registry.change_password(&s.token, ChangePasswordArgs {
        old_password: "nope".into(),
        new_password: "Fresh2027y".into(),
        new_password_confirm: "Fresh2027y".into(),
    });
    assert_eq!(fields(&wrong_old.unwrap_err()), ["oldPassword"]);
    let user = f
        .registry
        .change_password(&s.token, ChangePasswordArgs {
            old_password: temp.clone(),
            new_password: "Fresh2027y".into(),
            new_password_confirm: "Fresh2027y".into(),
        })
        .unwrap();
    assert!(!user.must_change_password);
    assert!(matches!(f.login("linmei", &temp), Err(Error::LoginFailed)), "the temporary password worked once");
    assert!(matches!(f.login("linmei", WORKER_PASSWORD), Err(Error::LoginFailed)));
    f.login("linmei", "Fresh2027y").unwrap();
}

#[test]
fn recovery_without_smtp_goes_to_the_outbox_expires_and_is_rate_limited() {
    let f = Fixture::new();
    f.approved_worker("linmei", ID_A, "lin@example.cn");
    let before = f.registry.list_outbox(&f.admin.token).unwrap().len();
    f.registry.recover_password(RecoverArgs { username: "linmei".into(), email: "lin@example.cn".into() }).unwrap();
    let outbox = f.registry.list_outbox(&f.admin.token).unwrap();
    assert_eq!(outbox.len(), before + 1);
    let entry = outbox.iter().find(|e| e.subject.contains("临时密码")).expect("the recovery mail");
    let text = f.registry.read_outbox(&f.admin.token, &entry.file_name).unwrap();
    assert!(text.contains("临时密码"), "{text}");
    let temp = text.lines().map(str::trim).find(|l| l.len() == 12 && l.chars().all(|c| c.is_ascii_alphanumeric())).unwrap();

    f.clock.advance(Duration::hours(25));
    assert!(matches!(f.login("linmei", temp), Err(Error::LoginFailed)), "expired after 24 hours");

    for _ in 0..2 {
        f.registry.recover_password(RecoverArgs { username: "linmei".into(), email: "x@example.cn".into() }).unwrap_err();
    }
    f.registry.recover_password(RecoverArgs { username: "linmei".into(), email: "lin@example.cn".into() }).unwrap();
    let limited = f.registry.recover_password(RecoverArgs { username: "linmei".into(), email: "lin@example.cn".into() });
    assert!(limited.unwrap_err().to_string().contains("频繁"));
}

#[test]
fn test_mail_reports_where_it_went() {
    let f = Fixture::new();
    let r = f.registry.send_test_mail(&f.admin.token, TestMailArgs { to: "it@example.cn".into() }).unwrap();
    assert!(!r.sent);
    assert!(r.outbox_file.unwrap().ends_with(".eml"));
}

#[test]
fn admin_creates_disables_and_resets_staff() {
    let f = Fixture::new();
    let temp = f
        .registry
        .create_staff(&f.admin.token, CreateStaffArgs {
            username: "shenhe1".into(),
            display_name: "黄丽".into(),
            role: Role::Reviewer,
            email: String::new(),
            handover: Handover::Show,
        })
        .unwrap()
        .password
        .unwrap();
    let s = f.login("shenhe1", &temp).unwrap();
    assert!(s.user.must_change_password);
    assert_eq!(s.user.role, Role::Reviewer);

    let id = f
        .registry
        .list_accounts(&f.admin.token, AccountQuery { search: "shenhe1".into(), page: 1, page_size: 10, ..Default::default() })
        .unwrap()
        .items[0]
        .id;
    f.registry.set_account_enabled(&f.admin.token, SetEnabledArgs { user_id: id, enabled: false }).unwrap();
    assert!(matches!(f.registry.me(&s.token), Err(Error::Unauthenticated)), "disabling ends the sessions");
    assert!(matches!(f.login("shenhe1", &temp), Err(Error::AccountDisabled)));
    f.registry.set_account_enabled(&f.admin.token, SetEnabledArgs { user_id: id, enabled: true }).unwrap();

    let mailed = f.registry.reset_password(&f.admin.token, ResetPasswordArgs { user_id: id, handover: Handover::Mail }).unwrap();
    assert!(mailed.password.is_some(), "no e-mail on file: shown instead of lost");
    let new_temp = mailed.password.unwrap();
    assert!(matches!(f.login("shenhe1", &temp), Err(Error::LoginFailed)), "the old one stops at once");
    f.clock.advance(Duration::hours(25));
    assert!(matches!(f.login("shenhe1", &new_temp), Err(Error::Conflict(_))), "an unused reset expires");

    let own = f.registry.set_account_enabled(&f.admin.token, SetEnabledArgs { user_id: f.admin.user.id, enabled: false });
    assert!(matches!(own, Err(Error::Conflict(_))) || matches!(own, Err(Error::Unauthenticated)));
}

#[test]
fn a_hash_from_weaker_settings_is_replaced_at_the_next_login() {
    let f = Fixture::new();
    let db = f.dir.path().join(swreg_core::DB_FILE_NAME);
    // A hash as an earlier version of the app stored it: m = 19 MiB, t = 2.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let old: String = {
        use argon2::{Algorithm, Argon2, Params, PasswordHasher, Version};
        let a = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(19456, 2, 1, None).unwrap());
        a.hash_password(ADMIN_PASSWORD.as_bytes()).unwrap().to_string()
    };
    assert!(old.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
    conn.execute("UPDATE users SET password_hash = ?1 WHERE username = 'admin'", [&old]).unwrap();

    f.login("admin", ADMIN_PASSWORD).expect("the old hash still verifies");
    let now: String = conn.query_row("SELECT password_hash FROM users WHERE username = 'admin'", [], |r| r.get(0)).unwrap();
    assert!(now.starts_with("$argon2id$v=19$m=47104,t=2,p=1$"), "{now}");
    f.login("admin", ADMIN_PASSWORD).expect("the new hash verifies");
}
