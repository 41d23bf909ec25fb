//! 工作人员登录网络: staff restricted to listed networks when the caller's address is known
//! (the server); workers never; the desktop app's own window never.

use crate::fixture::{Fixture, ADMIN_PASSWORD, ID_A, WORKER_PASSWORD};
use serde_json::{json, Value};
use std::net::IpAddr;
use swreg_core::commands::{self, Caller};
use swreg_core::{Error, ErrorCode};

const INSIDE: &str = "10.20.30.40";
const OUTSIDE: &str = "203.0.113.9";

fn from<'a>(token: &'a str, address: &str) -> Caller<'a> {
    Caller { token, address: Some(address.parse::<IpAddr>().unwrap()) }
}

fn restrict(f: &Fixture, networks: &[&str]) -> swreg_core::Result<()> {
    let mut s = f.registry.security_settings(&f.admin.token)?;
    s.staff_networks = networks.iter().map(|n| n.to_string()).collect();
    f.registry.save_security_settings(&f.admin.token, s)
}

fn login_through(f: &Fixture, username: &str, password: &str, address: &str) -> Result<Value, swreg_core::ApiError> {
    let a = f.login_args(username, password);
    let args = json!({"username": a.username, "password": a.password, "captchaId": a.captcha_id, "captchaAnswer": a.captcha_answer});
    commands::call(&f.registry, &from("", address), "login", args).unwrap().map(|j| serde_json::from_str(&j).unwrap())
}

fn last_outcome(f: &Fixture) -> String {
    let page = f.registry.login_log(&f.admin.token, swreg_core::accounts::staff::LoginLogQuery { page: 1, page_size: 1, ..Default::default() }).unwrap();
    page.items[0].outcome.clone()
}

#[test]
fn the_list_is_saved_cleaned_and_a_bad_line_refused_on_its_field() {
    let f = Fixture::new();
    assert!(f.registry.security_settings(&f.admin.token).unwrap().staff_networks.is_empty(), "anywhere by default");
    restrict(&f, &[" 10.0.0.0/8", "", "192.168.1.20 "]).unwrap();
    assert_eq!(f.registry.security_settings(&f.admin.token).unwrap().staff_networks, ["10.0.0.0/8", "192.168.1.20"]);
    let err = restrict(&f, &["10.0.0.0/8", "10.0.0.0/40"]).unwrap_err();
    assert!(matches!(&err, Error::Invalid(v) if v.iter().any(|e| e.field == "staffNetworks" && e.message.contains("10.0.0.0/40"))), "{err:?}");
    assert_eq!(f.registry.security_settings(&f.admin.token).unwrap().staff_networks, ["10.0.0.0/8", "192.168.1.20"], "unchanged");
}

#[test]
fn a_staff_session_works_only_from_inside_the_networks() {
    let f = Fixture::new();
    let token = f.admin.token.clone();
    // No list: anywhere.
    assert!(commands::call(&f.registry, &from(&token, OUTSIDE), "me", Value::Null).unwrap().is_ok());
    restrict(&f, &["10.0.0.0/8"]).unwrap();
    let refused = commands::call(&f.registry, &from(&token, OUTSIDE), "me", Value::Null).unwrap().unwrap_err();
    assert_eq!(refused.code, ErrorCode::Forbidden);
    assert_eq!(refused.message, "工作人员账号只能从单位内部网络使用");
    let refused = commands::call(&f.registry, &from(&token, OUTSIDE), "roster", json!({})).unwrap().unwrap_err();
    assert_eq!(refused.code, ErrorCode::Forbidden);
    assert!(commands::call(&f.registry, &from(&token, INSIDE), "me", Value::Null).unwrap().is_ok());
    assert!(commands::call(&f.registry, &from(&token, "::ffff:10.1.1.1"), "me", Value::Null).unwrap().is_ok());
    // The desktop app's own window is this computer: never restricted.
    assert!(commands::call(&f.registry, &Caller::local(&token), "me", Value::Null).unwrap().is_ok());
    // Logging out works from anywhere.
    assert!(commands::call(&f.registry, &from(&token, OUTSIDE), "logout", Value::Null).unwrap().is_ok());
    assert_eq!(f.registry.me(&token).unwrap_err().code(), ErrorCode::Unauthenticated);
}

#[test]
fn a_staff_login_from_outside_is_refused_after_the_password_and_gets_no_session() {
    let f = Fixture::new();
    restrict(&f, &["10.0.0.0/8", "192.168.1.20"]).unwrap();
    // A wrong password says only that: the network rule comes after the password check.
    let wrong = login_through(&f, "admin", "Wrong2026x", OUTSIDE).unwrap_err();
    assert_eq!(wrong.code, ErrorCode::LoginFailed);
    let refused = login_through(&f, "admin", ADMIN_PASSWORD, OUTSIDE).unwrap_err();
    assert_eq!((refused.code, refused.message.as_str()), (ErrorCode::Forbidden, "工作人员账号只能从单位内部网络使用"));
    // Logged as what it was, for the admin's 登录日志; no session, and no step towards a lockout.
    assert_eq!(last_outcome(&f), "outside_network");
    for _ in 0..6 {
        assert_eq!(login_through(&f, "admin", ADMIN_PASSWORD, OUTSIDE).unwrap_err().code, ErrorCode::Forbidden);
    }
    // Inside: a session.
    let session = login_through(&f, "admin", ADMIN_PASSWORD, "192.168.1.20").unwrap();
    assert!(f.registry.me(session["token"].as_str().unwrap()).is_ok());
    assert_eq!(last_outcome(&f), "success");
    // The desktop app's own window: a session.
    assert!(f.login("admin", ADMIN_PASSWORD).is_ok());
}

#[test]
fn an_admin_cannot_save_a_list_that_shuts_out_their_own_address() {
    let f = Fixture::new();
    let token = f.admin.token.clone();
    let mut s = f.registry.security_settings(&token).unwrap();
    s.staff_networks = vec!["192.168.0.0/16".into()];
    let args = serde_json::to_value(&s).unwrap();
    let refused = commands::call(&f.registry, &from(&token, INSIDE), "save_security_settings", args.clone()).unwrap().unwrap_err();
    let fields = refused.fields.unwrap();
    assert_eq!(fields[0].field, "staffNetworks");
    assert!(fields[0].message.contains(INSIDE), "{}", fields[0].message);
    assert!(f.registry.security_settings(&token).unwrap().staff_networks.is_empty(), "nothing saved");
    assert!(commands::call(&f.registry, &from(&token, "192.168.3.4"), "save_security_settings", args.clone()).unwrap().is_ok());
    assert!(commands::call(&f.registry, &Caller::local(&token), "save_security_settings", args).unwrap().is_ok(), "the app's own window");
}

#[test]
fn workers_are_never_restricted() {
    let f = Fixture::new();
    f.approved_worker("linxiaohong", ID_A, "lin@example.cn");
    restrict(&f, &["10.0.0.0/8"]).unwrap();
    let session = login_through(&f, "linxiaohong", WORKER_PASSWORD, OUTSIDE).unwrap();
    let token = session["token"].as_str().unwrap();
    assert!(commands::call(&f.registry, &from(token, OUTSIDE), "me", Value::Null).unwrap().is_ok());
    assert!(commands::call(&f.registry, &from(token, OUTSIDE), "hub", json!({})).unwrap().is_ok());
}
