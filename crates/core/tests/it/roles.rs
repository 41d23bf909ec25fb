//! Every command that needs a caller, called by every role: the core refuses whoever may not.

use crate::fixture::*;
use swreg_core::accounts::mail::{MailSettings, TlsMode};
use swreg_core::accounts::recovery::ChangePasswordArgs;
use swreg_core::accounts::signup::{AccountQuery, ReviewAccountArgs};
use swreg_core::accounts::staff::{CreateStaffArgs, Handover, LoginLogQuery, ResetPasswordArgs, SecuritySettings, SetEnabledArgs, TestMailArgs};
use swreg_core::audit::AuditQuery;
use swreg_core::registration::record::{Contact, RecordForm};
use swreg_core::registration::review::{DecideArgs, QueueQuery, ReviewSettings, SetScopeArgs};
use swreg_core::registration::freeze::{FreezeArgs, FreezeManyArgs};
use swreg_core::registration::cards::IssueCardArgs;
use swreg_core::registration::periods::PeriodSettings;
use swreg_core::registration::worker::{ContactArgs, EnterWorkerArgs, FindByIdNumberArgs, HistoryQuery, RecordQuery, RequestArgs, SaveRecordArgs, Target};
use swreg_core::registration::workflow::Kind;
use swreg_core::records::export::{ExportArgs, ExportFormat};
use swreg_core::records::import::{ImportFiles, ImportRunArgs};
use swreg_core::records::roster::{RevealArgs, RevealField, RosterQuery};
use swreg_core::{Error, Registry, Role};

/// Who may call a command.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Needs {
    AnyUser,
    Staff,
    Admin,
}

type Call = fn(&Registry, &str) -> Result<(), Error>;

fn import_files() -> ImportFiles {
    ImportFiles { sheet: "/nonexistent/名册.xlsx".into(), photos: None }
}

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
        ("pending_account_count", Needs::Staff, |r, t| r.pending_account_count(t).map(drop)),
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
                session_max_hours: 12,
                password_max_age_days: 0,
                password_history: 0,
                password_letters: true,
                password_digits: true,
                password_symbols: false,
                batch_print_admins_only: false,
                import_by_reviewers: false,
                staff_networks: vec![],
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
        ("code_tables", Needs::AnyUser, |r, t| r.code_tables(t).map(drop)),
        ("hub", Needs::AnyUser, |r, t| r.hub(t, Target::default()).map(drop)),
        ("record_form", Needs::AnyUser, |r, t| r.record_form(t, RecordQuery { worker_id: None, kind: Kind::Initial }).map(drop)),
        ("save_record", Needs::AnyUser, |r, t| {
            r.save_record(t, SaveRecordArgs { worker_id: None, kind: Kind::Initial, form: RecordForm::default(), submit: false })
                .map(drop)
        }),
        ("update_contact", Needs::AnyUser, |r, t| {
            r.update_contact(t, ContactArgs { worker_id: None, contact: Contact::default() }).map(drop)
        }),
        ("submit_request", Needs::AnyUser, |r, t| {
            r.submit_request(t, RequestArgs { worker_id: None, kind: Kind::ModificationRequest, reason: String::new() })
                .map(drop)
        }),
        ("applications_of", Needs::AnyUser, |r, t| {
            r.applications_of(t, HistoryQuery { worker_id: None, kinds: vec![], approved_only: false }).map(drop)
        }),
        ("cards_of", Needs::AnyUser, |r, t| r.cards_of(t, Target::default()).map(drop)),
        ("choose_photo", Needs::AnyUser, |r, t| r.upload_photo(t, Target::default(), b"not a photo").map(drop)),
        ("enter_worker", Needs::Staff, |r, t| {
            r.enter_worker(t, EnterWorkerArgs {
                username: "!".into(),
                display_name: String::new(),
                id_number: String::new(),
                phone: String::new(),
                email: String::new(),
                handover: Handover::Show,
            })
            .map(drop)
        }),
        ("find_worker_by_id_number", Needs::Staff, |r, t| {
            r.find_worker_by_id_number(t, FindByIdNumberArgs { id_number: "35020319900101123X".into() }).map(drop)
        }),
        ("application_queue", Needs::Staff, |r, t| r.application_queue(t, QueueQuery::default()).map(drop)),
        ("queue_counts", Needs::Staff, |r, t| r.queue_counts(t).map(drop)),
        ("application_detail", Needs::Staff, |r, t| r.application_detail(t, 999_999).map(drop)),
        ("decide_application", Needs::Staff, |r, t| {
            r.decide_application(t, DecideArgs { application_id: 999_999, approve: true, comment: String::new() }).map(drop)
        }),
        ("review_context", Needs::Staff, |r, t| r.review_context(t).map(drop)),
        ("review_settings", Needs::Admin, |r, t| r.review_settings(t).map(drop)),
        ("save_review_settings", Needs::Admin, |r, t| {
            r.save_review_settings(t, ReviewSettings { two_level: false, separation_of_duties: true })
        }),
        ("set_review_scope", Needs::Admin, |r, t| r.set_review_scope(t, SetScopeArgs { user_id: 999_999, scope: None })),
        ("period_settings", Needs::Staff, |r, t| r.period_settings(t).map(drop)),
        ("save_period_settings", Needs::Admin, |r, t| {
            r.save_period_settings(t, PeriodSettings {
                full_time_years: 0,
                other_years: 3,
                renewal_open_days: 60,
                grace_days: 90,
                registration_prefix: "厦社登".into(),
            })
        }),
        ("freeze_record", Needs::Admin, |r, t| r.freeze_record(t, FreezeArgs { worker_id: 999_999, reason: "x".into() })),
        ("freeze_candidates", Needs::Admin, |r, t| r.freeze_candidates(t).map(drop)),
        ("freeze_expired", Needs::Admin, |r, t| {
            r.freeze_expired(t, FreezeManyArgs { worker_ids: vec![], reason: String::new() }).map(drop)
        }),
        ("issue_card", Needs::Admin, |r, t| r.issue_card(t, IssueCardArgs { worker_id: 999_999, card_no: String::new() }).map(drop)),
        ("audit_log", Needs::Admin, |r, t| r.audit_log(t, AuditQuery::default()).map(drop)),
        ("verify_audit", Needs::Admin, |r, t| r.verify_audit(t).map(drop)),
        ("access_log", Needs::Admin, |r, t| r.access_log(t, swreg_core::access::AccessQuery::default()).map(drop)),
        ("record_pdf", Needs::AnyUser, |r, t| r.record_pdf(t, Target::default()).map(drop)),
        ("save_record_pdf", Needs::AnyUser, |r, t| r.record_pdf(t, Target::default()).map(drop)),
        ("print_record_pdf", Needs::AnyUser, |r, t| r.record_pdf(t, Target::default()).map(drop)),
        ("save_batch_pdf", Needs::Staff, |r, t| {
            r.batch_pdf(t, &swreg_core::registration::print::BatchPdfArgs { worker_ids: vec![], purpose: "核查".into() }, &mut |_, _| true).map(drop)
        }),
        ("roster", Needs::Staff, |r, t| r.roster(t, RosterQuery::default()).map(drop)),
        ("reveal", Needs::Staff, |r, t| {
            r.reveal(t, RevealArgs { worker_id: 999_999, field: RevealField::IdNumber, purpose: "核对身份".into() }).map(drop)
        }),
        ("worker_detail", Needs::Staff, |r, t| r.worker_detail(t, 999_999).map(drop)),
        ("statistics", Needs::Staff, |r, t| r.statistics(t, RosterQuery::default()).map(drop)),
        ("export_records", Needs::Staff, |r, t| {
            let dir = tempfile::tempdir().expect("temp dir");
            let args = ExportArgs { query: RosterQuery::default(), format: ExportFormat::Csv, with_codes: false, unmasked: false, purpose: String::new() };
            r.export(t, args, &dir.path().join("x.csv"), &mut |_, _| true).map(drop)
        }),
        ("save_stats_xlsx", Needs::Staff, |r, t| {
            let dir = tempfile::tempdir().expect("temp dir");
            r.stats_xlsx(t, RosterQuery::default(), &dir.path().join("x.xlsx"))
        }),
        ("backup_overview", Needs::Admin, |r, t| r.backup_overview(t).map(drop)),
        ("backup_alert", Needs::Admin, |r, t| r.backup_alert(t).map(drop)),
        ("save_backup_settings", Needs::Admin, |r, t| {
            r.save_backup_settings(t, swreg_core::backups::BackupSettings {
                auto_enabled: true,
                folder: "相对路径".into(),
                keep_daily: 0,
                keep_monthly: 0,
            })
        }),
        ("backup_now", Needs::Admin, |r, t| {
            let dir = tempfile::tempdir().expect("temp dir");
            r.backup(t, &dir.path().join("x.sqlite3"), &mut |_, _| {}).map(drop)
        }),
        ("choose_backup", Needs::Admin, |r, t| r.inspect_backup(t, std::path::Path::new("/nonexistent/x.sqlite3")).map(drop)),
        ("restore_backup", Needs::Admin, |r, t| r.restore(t, std::path::Path::new("/nonexistent/x.sqlite3")).map(drop)),
        // 导入: admins only while the setting (安全设置) keeps reviewers out, as by default.
        ("may_import", Needs::AnyUser, |r, t| r.may_import(t).map(drop)),
        ("save_import_template", Needs::Admin, |r, t| r.import_template(t, std::path::Path::new("/nonexistent/t.xlsx"))),
        ("choose_import_file", Needs::Admin, |r, t| r.import_check(t, &import_files(), None).map(drop)),
        ("choose_import_photos", Needs::Admin, |r, t| r.import_check(t, &import_files(), None).map(drop)),
        ("recheck_import", Needs::Admin, |r, t| r.import_check(t, &import_files(), None).map(drop)),
        ("save_import_report", Needs::Admin, |r, t| {
            r.import_check(t, &import_files(), Some(std::path::Path::new("/nonexistent/r.xlsx"))).map(drop)
        }),
        ("run_import", Needs::Admin, |r, t| {
            r.import(t, &import_files(), ImportRunArgs { skip_invalid: false }, &mut |_, _| true).map(drop)
        }),
    ]
}

/// Commands anyone may call before logging in.
/// (`cancel_batch` only raises the flag that stops the caller's own batch print or export;
/// `password_rules` says which character classes 安全设置 asks of a password, for 注册.)
const PUBLIC: &[&str] = &[
    "app_status",
    "setup_admin",
    "new_captcha",
    "password_rules",
    "login",
    "logout",
    "register",
    "recover_password",
    "cancel_batch",
];

/// The desktop shell's own commands (连接设置: 单机使用 or 连接服务器), which reach no registry.
const SHELL: &[&str] = &["connection_info", "probe_server", "save_connection"];

#[test]
fn every_app_command_is_in_this_table_or_public() {
    let app_commands: &[&str] = include!("../../../../src-tauri/commands.in");
    let table: Vec<&str> = commands().iter().map(|c| c.0).collect();
    for name in SHELL {
        assert!(swreg_core::commands::kind_of(name).is_none(), "{name} is in the core's command table: check its role here");
    }
    for name in app_commands {
        assert!(
            table.contains(name) || PUBLIC.contains(name) || SHELL.contains(name),
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

/// Every command that takes a worker's id, called by another worker with it: refused, and
/// nothing of the other worker's is read or changed.
#[test]
fn a_worker_never_reaches_another_workers_data() {
    let f = Fixture::new();
    let other = crate::workflow::worker(&f, "other", "other@example.cn");
    f.registry
        .save_record(&other.token, SaveRecordArgs { worker_id: None, kind: Kind::Initial, form: full_form(other.photo_id), submit: true })
        .unwrap();
    let me = crate::workflow::worker_with_id(&f, "myself", "me@example.cn", ID_A);
    let theirs = Some(other.worker_id);
    let before = f.registry.record_form(&other.token, RecordQuery { worker_id: None, kind: Kind::Initial }).unwrap();

    type Aimed = fn(&Registry, &str, Option<i64>) -> Result<(), Error>;
    let calls: Vec<(&str, Aimed)> = vec![
        ("hub", |r, t, w| r.hub(t, Target { worker_id: w }).map(drop)),
        ("record_form", |r, t, w| r.record_form(t, RecordQuery { worker_id: w, kind: Kind::Initial }).map(drop)),
        ("save_record", |r, t, w| {
            r.save_record(t, SaveRecordArgs { worker_id: w, kind: Kind::Initial, form: RecordForm::default(), submit: false }).map(drop)
        }),
        ("update_contact", |r, t, w| r.update_contact(t, ContactArgs { worker_id: w, contact: Contact::default() }).map(drop)),
        ("submit_request", |r, t, w| {
            r.submit_request(t, RequestArgs { worker_id: w, kind: Kind::ModificationRequest, reason: "改一下".into() }).map(drop)
        }),
        ("applications_of", |r, t, w| r.applications_of(t, HistoryQuery { worker_id: w, kinds: vec![], approved_only: false }).map(drop)),
        ("cards_of", |r, t, w| r.cards_of(t, Target { worker_id: w }).map(drop)),
        ("choose_photo", |r, t, w| r.upload_photo(t, Target { worker_id: w }, &png_photo()).map(drop)),
        ("record_pdf", |r, t, w| r.record_pdf(t, Target { worker_id: w }).map(drop)),
        ("worker_detail", |r, t, w| r.worker_detail(t, w.unwrap_or_default()).map(drop)),
        ("reveal", |r, t, w| {
            r.reveal(t, RevealArgs { worker_id: w.unwrap_or_default(), field: RevealField::IdNumber, purpose: "看看".into() }).map(drop)
        }),
        ("save_batch_pdf", |r, t, w| {
            let args = swreg_core::registration::print::BatchPdfArgs { worker_ids: w.into_iter().collect(), purpose: "看看".into() };
            r.batch_pdf(t, &args, &mut |_, _| true).map(drop)
        }),
        ("freeze_record", |r, t, w| r.freeze_record(t, FreezeArgs { worker_id: w.unwrap_or_default(), reason: "冻结".into() })),
        ("issue_card", |r, t, w| r.issue_card(t, IssueCardArgs { worker_id: w.unwrap_or_default(), card_no: "XM-1".into() }).map(drop)),
    ];
    for (name, call) in calls {
        // The worker's own id works where the command is a worker's; another's never does.
        match call(&f.registry, &me.token, theirs) {
            Err(Error::Forbidden) => {}
            other => panic!("{name} with another worker's id: {other:?}"),
        }
    }
    // The worker's own id is fine for the worker's commands.
    f.registry.hub(&me.token, Target { worker_id: Some(me.worker_id) }).unwrap();
    let after = f.registry.record_form(&other.token, RecordQuery { worker_id: None, kind: Kind::Initial }).unwrap();
    assert_eq!(after.form, before.form, "nothing of the other worker's changed");
    assert!(f.registry.cards_of(&other.token, Target::default()).unwrap().is_empty());
}

/// Commands an account that must change its password may still call: the change itself and
/// `me` (logout needs no session).
const BEFORE_PASSWORD_CHANGE: &[&str] = &["me", "change_password"];

#[test]
fn an_account_that_must_change_its_password_can_do_nothing_else() {
    let f = Fixture::new();
    let mut callers = Vec::new();
    for (username, role) in [("reviewer1", Role::Reviewer), ("admin2", Role::Admin)] {
        let temp = f
            .registry
            .create_staff(&f.admin.token, CreateStaffArgs {
                username: username.into(),
                display_name: "黄丽".into(),
                role,
                email: String::new(),
                handover: Handover::Show,
            })
            .unwrap()
            .password
            .unwrap();
        callers.push((role, f.login(username, &temp).unwrap().token));
    }
    let id = f.approved_worker("worker1", ID_A, "w1@example.cn");
    let temp = f
        .registry
        .reset_password(&f.admin.token, ResetPasswordArgs { user_id: id, handover: Handover::Show })
        .unwrap()
        .password
        .unwrap();
    callers.push((Role::Worker, f.login("worker1", &temp).unwrap().token));
    for (name, _, call) in commands() {
        for (role, token) in &callers {
            let result = call(&f.registry, token);
            if BEFORE_PASSWORD_CHANGE.contains(&name) {
                assert!(
                    !matches!(result, Err(Error::MustChangePassword | Error::Unauthenticated | Error::Forbidden)),
                    "{name} refused to a {role:?} who must change the password: {result:?}"
                );
            } else {
                assert!(
                    matches!(result, Err(Error::MustChangePassword)),
                    "{name} was not refused to a {role:?} who must change the password: {result:?}"
                );
            }
        }
    }
}
