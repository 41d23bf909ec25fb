//! Every command that needs a caller, called by every role: the core refuses whoever may not.

use crate::fixture::*;
use swreg_core::mail::{MailSettings, TlsMode};
use swreg_core::recovery::ChangePasswordArgs;
use swreg_core::registration::{AccountQuery, ReviewAccountArgs};
use swreg_core::staff::{CreateStaffArgs, Handover, LoginLogQuery, ResetPasswordArgs, SecuritySettings, SetEnabledArgs, TestMailArgs};
use swreg_core::{Error, Registry, Role};

/// Who may call a command.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Needs {
    AnyUser,
    Staff,
    Admin,
}

type Call = fn(&Registry, &str) -> Result<(), Error>;

fn q() -> AccountQuery {
    AccountQuery { page: 1, page_size: 10, ..Default::default() }
}

/// Each command with arguments that the core would accept or refuse for reasons other than the
/// role (an unknown id, a field error), so that only the role decides Forbidden.
fn commands() -> Vec<(&'static str, Needs, Call)> {
    vec![
        ("me", Needs::AnyUser, |r, t| r.me(t).map(drop)),
        ("change_password", Needs::AnyUser, |r, t| {
            r.change_password(t, ChangePasswordArgs {
                old_password: "x".into(),
                new_password: "short".into(),
                new_password_confirm: "short".into(),
            })
            .map(drop)
        }),
        ("account_queue", Needs::Staff, |r, t| r.account_queue(t, q()).map(drop)),
        ("review_account", Needs::Staff, |r, t| {
            r.review_account(t, ReviewAccountArgs { user_id: 999_999, approve: true, comment: String::new() })
        }),
        ("list_accounts", Needs::Admin, |r, t| r.list_accounts(t, q()).map(drop)),
        ("create_staff", Needs::Admin, |r, t| {
            r.create_staff(t, CreateStaffArgs {
                username: "!".into(),
                display_name: "x".into(),
                role: Role::Reviewer,
                email: String::new(),
                handover: Handover::Show,
            })
            .map(drop)
        }),
        ("set_account_enabled", Needs::Admin, |r, t| {
            r.set_account_enabled(t, SetEnabledArgs { user_id: 999_999, enabled: true })
        }),
        ("reset_password", Needs::Admin, |r, t| {
            r.reset_password(t, ResetPasswordArgs { user_id: 999_999, handover: Handover::Show }).map(drop)
        }),
        ("security_settings", Needs::Admin, |r, t| r.security_settings(t).map(drop)),
        ("save_security_settings", Needs::Admin, |r, t| {
            r.save_security_settings(t, SecuritySettings {
                max_failed_logins: 5,
                lock_window_minutes: 15,
                lock_minutes: 15,
                session_idle_minutes: 15,
            })
        }),
        ("login_log", Needs::Admin, |r, t| {
            r.login_log(t, LoginLogQuery { page: 1, page_size: 10, ..Default::default() }).map(drop)
        }),
        ("mail_settings", Needs::Admin, |r, t| r.mail_settings(t).map(drop)),
        ("save_mail_settings", Needs::Admin, |r, t| {
            r.save_mail_settings(t, Some(MailSettings {
                host: String::new(),
                port: 25,
                tls: TlsMode::None,
                username: String::new(),
                password: String::new(),
                sender: String::new(),
            }))
        }),
        ("send_test_mail", Needs::Admin, |r, t| r.send_test_mail(t, TestMailArgs { to: "bad".into() }).map(drop)),
        ("list_outbox", Needs::Admin, |r, t| r.list_outbox(t).map(drop)),
        ("read_outbox", Needs::Admin, |r, t| r.read_outbox(t, "../x").map(drop)),
    ]
}

/// Commands anyone may call before logging in.
const PUBLIC: &[&str] =
    &["app_status", "setup_admin", "new_captcha", "login", "logout", "register", "recover_password"];

#[test]
fn every_app_command_is_in_this_table_or_public() {
    let app_commands: &[&str] = include!("../../../../src-tauri/commands.in");
    let table: Vec<&str> = commands().iter().map(|c| c.0).collect();
    for name in app_commands {
        assert!(
            table.contains(name) || PUBLIC.contains(name),
            "command {name} is not checked here: add it with the role it needs"
        );
    }
}

#[test]
fn every_command_with_every_role() {
    let f = Fixture::new();
    f.approved_worker("worker1", ID_A, "w1@example.cn");
    let temp = f
        .registry
        .create_staff(&f.admin.token, CreateStaffArgs {
            username: "reviewer1".into(),
            display_name: "黄丽".into(),
            role: Role::Reviewer,
            email: String::new(),
            handover: Handover::Show,
        })
        .unwrap()
        .password
        .unwrap();
    let reviewer = f.login("reviewer1", &temp).unwrap();
    f.registry
        .change_password(&reviewer.token, ChangePasswordArgs {
            old_password: temp,
            new_password: "Review2026x".into(),
            new_password_confirm: "Review2026x".into(),
        })
        .unwrap();
    let worker = f.login("worker1", WORKER_PASSWORD).unwrap();
    let callers = [
        (Some(Role::Worker), worker.token.clone()),
        (Some(Role::Reviewer), reviewer.token.clone()),
        (Some(Role::Admin), f.admin.token.clone()),
        (None, "no-such-session".to_owned()),
    ];
    for (name, needs, call) in commands() {
        for (role, token) in &callers {
            let result = call(&f.registry, token);
            let allowed = match (role, needs) {
                (None, _) => false,
                (Some(_), Needs::AnyUser) => true,
                (Some(r), Needs::Staff) => r.is_staff(),
                (Some(r), Needs::Admin) => *r == Role::Admin,
            };
            match (&result, role, allowed) {
                (Err(Error::Unauthenticated), None, _) => {}
                (Err(Error::Forbidden), Some(_), false) => {}
                (Err(Error::Forbidden | Error::Unauthenticated), _, true) => {
                    panic!("{name} refused to {role:?}: {result:?}")
                }
                (_, _, false) => panic!("{name} was not refused to {role:?}: {result:?}"),
                _ => {}
            }
        }
    }
}
