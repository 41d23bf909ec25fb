//! Sessions and login: background polls, lifetime, ending sessions across app instances, equal
//! work for unknown accounts; 注册's captcha and silence about who is registered; the 等保
//! password rules kept as settings.

use crate::fixture::*;
use chrono::Duration;
use swreg_core::accounts::login::Session;
use swreg_core::accounts::password;
use swreg_core::accounts::recovery::{ChangePasswordArgs, RecoverArgs};
use swreg_core::accounts::signup::AccountQuery;
use swreg_core::accounts::staff::{ResetPasswordArgs, SecuritySettings, SetEnabledArgs, Handover};
use swreg_core::{Error, Registry};

fn change(f: &Fixture, s: &Session, old: &str, new: &str) -> swreg_core::Result<()> {
    f.registry
        .change_password(&s.token, ChangePasswordArgs {
            old_password: old.into(),
            new_password: new.into(),
            new_password_confirm: new.into(),
        })
        .map(drop)
}

fn settings(f: &Fixture, edit: impl FnOnce(&mut SecuritySettings)) {
    settings_as(f, &f.admin.token, edit)
}

fn settings_as(f: &Fixture, token: &str, edit: impl FnOnce(&mut SecuritySettings)) {
    let mut s = f.registry.security_settings(token).unwrap();
    edit(&mut s);
    f.registry.save_security_settings(token, s).unwrap();
}

#[test]
fn the_menus_polls_do_not_keep_a_session_alive() {
    let f = Fixture::new();
    // The menu asks every minute; the idle limit is 15 minutes.
    for _ in 0..14 {
        f.clock.advance(Duration::minutes(1));
        f.registry.queue_counts(&f.admin.token).unwrap();
        f.registry.pending_account_count(&f.admin.token).unwrap();
    }
    f.clock.advance(Duration::minutes(2));
    assert!(matches!(f.registry.queue_counts(&f.admin.token), Err(Error::Unauthenticated)));
    assert!(matches!(f.registry.me(&f.admin.token), Err(Error::Unauthenticated)), "idled out");

    // A real action in between starts the idle time again.
    let s = f.login("admin", ADMIN_PASSWORD).unwrap();
    f.clock.advance(Duration::minutes(10));
    f.registry.me(&s.token).unwrap();
    f.clock.advance(Duration::minutes(10));
    f.registry.queue_counts(&s.token).unwrap();
}

#[test]
fn a_session_ends_after_its_lifetime_however_busy() {
    let f = Fixture::new();
    let s = f.login("admin", ADMIN_PASSWORD).unwrap();
    for _ in 0..(12 * 6) {
        f.clock.advance(Duration::minutes(10));
        f.registry.me(&s.token).unwrap();
    }
    f.clock.advance(Duration::minutes(10));
    assert!(matches!(f.registry.me(&s.token), Err(Error::Unauthenticated)), "12 hours by default");

    let s = f.login("admin", ADMIN_PASSWORD).unwrap();
    settings_as(&f, &s.token, |x| x.session_max_hours = 1);
    for _ in 0..5 {
        f.clock.advance(Duration::minutes(10));
        f.registry.me(&s.token).unwrap();
    }
    f.clock.advance(Duration::minutes(11));
    assert!(matches!(f.registry.me(&s.token), Err(Error::Unauthenticated)), "the setting counts");
}

#[test]
fn changing_the_password_ends_the_other_sessions_only() {
    let f = Fixture::new();
    f.approved_worker("linmei", ID_A, "lin@example.cn");
    let here = f.login("linmei", WORKER_PASSWORD).unwrap();
    let there = f.login("linmei", WORKER_PASSWORD).unwrap();
    // Another app on the same data folder, with its own session of the same account.
    let other = Registry::open(f.dir.path(), f.clock.clone()).unwrap();
    let elsewhere = login_in(&other, "linmei", WORKER_PASSWORD).unwrap();
    other.me(&elsewhere.token).unwrap();

    change(&f, &here, WORKER_PASSWORD, "Fresh2027y").unwrap();
    f.registry.me(&here.token).unwrap();
    f.registry.code_tables(&here.token).unwrap();
    assert!(matches!(f.registry.me(&there.token), Err(Error::Unauthenticated)));
    assert!(matches!(other.me(&elsewhere.token), Err(Error::Unauthenticated)), "in the other app too");
}

fn login_in(r: &Registry, username: &str, pw: &str) -> swreg_core::Result<Session> {
    let c = r.new_captcha().unwrap();
    let answer = r.peek_captcha(&c.id).unwrap();
    r.login(swreg_core::accounts::login::LoginArgs {
        username: username.into(),
        password: pw.into(),
        captcha_id: c.id,
        captcha_answer: answer,
    })
}

#[test]
fn disabling_or_resetting_ends_sessions_in_every_app_on_the_data_folder() {
    let f = Fixture::new();
    let id = f.approved_worker("linmei", ID_A, "lin@example.cn");
    let other = Registry::open(f.dir.path(), f.clock.clone()).unwrap();
    let s = login_in(&other, "linmei", WORKER_PASSWORD).unwrap();
    other.code_tables(&s.token).unwrap();
    f.registry.set_account_enabled(&f.admin.token, SetEnabledArgs { user_id: id, enabled: false }).unwrap();
    assert!(matches!(other.code_tables(&s.token), Err(Error::Unauthenticated)));
    // Enabled again, the old session stays ended.
    f.registry.set_account_enabled(&f.admin.token, SetEnabledArgs { user_id: id, enabled: true }).unwrap();
    assert!(matches!(other.me(&s.token), Err(Error::Unauthenticated)));

    let s = login_in(&other, "linmei", WORKER_PASSWORD).unwrap();
    f.registry.reset_password(&f.admin.token, ResetPasswordArgs { user_id: id, handover: Handover::Show }).unwrap();
    assert!(matches!(other.me(&s.token), Err(Error::Unauthenticated)), "a reset ends them too");
}

#[test]
fn every_login_makes_the_same_number_of_password_verifications() {
    let f = Fixture::new();
    f.approved_worker("linmei", ID_A, "lin@example.cn");
    f.approved_worker("wangfang", "440305198512254511", "wang@example.cn");
    // wangfang has a temporary password pending besides her own.
    f.registry.recover_password(RecoverArgs { username: "wangfang".into(), email: "wang@example.cn".into() }).unwrap();
    let count = |username: &str, pw: &str| {
        let args = f.login_args(username, pw);
        let before = password::verifications_on_this_thread();
        let _ = f.registry.login(args);
        password::verifications_on_this_thread() - before
    };
    let unknown = count("nobody", "Wrong12345");
    assert!(unknown >= 1);
    assert_eq!(count("linmei", "Wrong12345"), unknown, "a known account, wrong password");
    assert_eq!(count("wangfang", "Wrong12345"), unknown, "a known account with a pending temporary password");
    assert_eq!(count("linmei", WORKER_PASSWORD), unknown, "a right password");
}

#[test]
fn sign_up_needs_the_captcha() {
    let f = Fixture::new();
    let c = f.registry.new_captcha().unwrap();
    let answer = f.registry.peek_captcha(&c.id).unwrap();
    let mut args = register_args("linmei", ID_A, "lin@example.cn");
    args.captcha_id = c.id.clone();
    args.captcha_answer = format!("{answer}x");
    assert!(matches!(f.registry.register(args.clone()), Err(Error::Captcha(_))));
    args.captcha_answer = answer;
    assert!(matches!(f.registry.register(args.clone()), Err(Error::Captcha(_))), "a captcha answers once");
    args.captcha_id = String::new();
    args.captcha_answer = String::new();
    match f.registry.register(args) {
        Err(Error::Invalid(e)) => assert_eq!(e[0].field, "captchaAnswer"),
        other => panic!("{other:?}"),
    }
    let q = AccountQuery { page: 1, page_size: 10, ..Default::default() };
    assert_eq!(f.registry.list_accounts(&f.admin.token, q).unwrap().total, 1, "only the admin");
}

#[test]
fn sign_up_does_not_say_who_is_registered_but_tells_the_owner() {
    let f = Fixture::new();
    f.approved_worker("linmei", ID_A, "lin@example.cn");
    let mails = |f: &Fixture| f.registry.list_outbox(&f.admin.token).unwrap();
    let before = mails(&f).len();

    // A fresh sign-up and one with linmei's ID number answer alike, each with one mail.
    f.register(register_args("fresh1", "440305198512254511", "fresh@example.cn")).unwrap();
    let after_fresh = mails(&f);
    assert_eq!(after_fresh.len(), before + 1);
    assert!(after_fresh.iter().any(|m| m.to.contains("fresh@example.cn") && m.subject.contains("注册申请已收到")));

    f.register(register_args("copycat", ID_A, "copy@example.cn")).unwrap();
    let after_copy = mails(&f);
    assert_eq!(after_copy.len(), before + 2);
    assert!(!after_copy.iter().any(|m| m.to.contains("copy@example.cn")), "nothing to the address typed");
    let told = after_copy.iter().find(|m| m.subject.contains("有人用您的信息申请注册")).expect("the owner is told");
    assert!(told.to.contains("lin@example.cn"), "{}", told.to);
    let text = f.registry.read_outbox(&f.admin.token, &told.file_name).unwrap();
    assert!(text.contains("linmei") || text.contains("忘记密码"), "{text}");
    assert!(text.contains("登记的身份证号码或电子邮箱申请注册新账号"), "one sentence, no gap: {text}");
    let fresh = after_fresh.iter().find(|m| m.subject.contains("注册申请已收到")).expect("confirmation");
    let text = f.registry.read_outbox(&f.admin.token, &fresh.file_name).unwrap();
    assert!(text.contains("正在等待审核。\n审核结果"), "lines start without indentation: {text:?}");
    // No account was made for it.
    assert!(matches!(f.login("copycat", WORKER_PASSWORD), Err(Error::LoginFailed)));
}

#[test]
fn an_expired_password_must_be_changed_at_login() {
    let f = Fixture::new();
    f.approved_worker("linmei", ID_A, "lin@example.cn");
    settings(&f, |x| x.password_max_age_days = 90);
    let s = f.login("linmei", WORKER_PASSWORD).unwrap();
    assert!(!s.user.must_change_password);
    f.clock.advance(Duration::days(91));
    let s = f.login("linmei", WORKER_PASSWORD).unwrap();
    assert!(s.user.must_change_password, "expired after 90 days");
    assert!(s.user.password_expired, "the page asks for the current password, not a temporary one");
    assert!(matches!(f.registry.code_tables(&s.token), Err(Error::MustChangePassword)));
    change(&f, &s, WORKER_PASSWORD, "Fresh2027y").unwrap();
    f.registry.code_tables(&s.token).unwrap();
    assert!(!f.login("linmei", "Fresh2027y").unwrap().user.must_change_password);
}

#[test]
fn the_latest_passwords_are_not_chosen_again() {
    let f = Fixture::new();
    let admin = f.login("admin", ADMIN_PASSWORD).unwrap();
    settings(&f, |x| x.password_history = 3);
    change(&f, &admin, ADMIN_PASSWORD, "Second2026x").unwrap();
    change(&f, &admin, "Second2026x", "Third2026x").unwrap();
    match change(&f, &admin, "Third2026x", ADMIN_PASSWORD) {
        Err(Error::Invalid(e)) => assert_eq!(e[0].field, "newPassword", "{e:?}"),
        other => panic!("reused the password of two changes ago: {other:?}"),
    }
    change(&f, &admin, "Third2026x", "Fourth2026x").unwrap();
    // Now the first one is four back: allowed again.
    change(&f, &admin, "Fourth2026x", ADMIN_PASSWORD).unwrap();
}

#[test]
fn the_required_character_classes_are_a_setting() {
    let f = Fixture::new();
    let admin = f.login("admin", ADMIN_PASSWORD).unwrap();
    let rules = f.registry.password_rules().unwrap();
    assert!(rules.letters && rules.digits && !rules.symbols, "letters and digits by default: {rules:?}");
    settings(&f, |x| x.password_symbols = true);
    // What 注册 and 密码修改 are told to check, asked without a login.
    assert!(f.registry.password_rules().unwrap().symbols);
    match change(&f, &admin, ADMIN_PASSWORD, "NoSymbol2026") {
        Err(Error::Invalid(e)) => assert!(e[0].message.contains("符号"), "{e:?}"),
        other => panic!("{other:?}"),
    }
    change(&f, &admin, ADMIN_PASSWORD, "With-Symbol2026").unwrap();
    let mut none = f.registry.security_settings(&f.login("admin", "With-Symbol2026").unwrap().token).unwrap();
    none.password_letters = false;
    none.password_digits = false;
    none.password_symbols = false;
    let token = f.login("admin", "With-Symbol2026").unwrap().token;
    assert!(matches!(f.registry.save_security_settings(&token, none), Err(Error::Invalid(_))));
}
