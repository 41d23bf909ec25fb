//! Admin actions are audited: creating, disabling and enabling accounts, resetting passwords,
//! approving or rejecting sign-ups, and every change of the security, mail and period settings —
//! with before and after, and never a password.

use crate::fixture::*;
use swreg_core::accounts::mail::{MailSettings, TlsMode};
use swreg_core::accounts::signup::ReviewAccountArgs;
use swreg_core::accounts::staff::{CreateStaffArgs, Handover, ResetPasswordArgs, SetEnabledArgs};
use swreg_core::audit::{AuditAction, AuditQuery, AuditRow};
use swreg_core::Role;

fn log(f: &Fixture) -> Vec<AuditRow> {
    let mut rows = f.registry.audit_log(&f.admin.token, AuditQuery { page: 1, page_size: 100, ..Default::default() }).unwrap().items;
    rows.reverse();
    rows
}

fn of(rows: &[AuditRow], action: AuditAction) -> Vec<&AuditRow> {
    rows.iter().filter(|r| r.action == action).collect()
}

#[test]
fn every_admin_action_is_in_the_log_and_no_password_is() {
    let f = Fixture::new();
    let rows = log(&f);
    let first = of(&rows, AuditAction::AccountCreateAdmin);
    assert_eq!(first.len(), 1, "the first admin's creation");
    assert!(first[0].note.as_deref().unwrap().contains("admin（陈建国）"));

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
    let reviewer = f.login("reviewer1", &temp).unwrap().user.id;
    f.registry.set_account_enabled(&f.admin.token, SetEnabledArgs { user_id: reviewer, enabled: false }).unwrap();
    f.registry.set_account_enabled(&f.admin.token, SetEnabledArgs { user_id: reviewer, enabled: true }).unwrap();
    let reset = f
        .registry
        .reset_password(&f.admin.token, ResetPasswordArgs { user_id: reviewer, handover: Handover::Show })
        .unwrap()
        .password
        .unwrap();

    f.register(register_args("lihua", ID_A, "lihua@example.cn")).unwrap();
    f.register(register_args("wangwu", "350203199001011029", "wangwu@example.cn")).unwrap();
    let pending = |name: &str| {
        f.registry
            .account_queue(&f.admin.token, swreg_core::accounts::signup::AccountQuery { search: name.into(), page: 1, page_size: 10, ..Default::default() })
            .unwrap()
            .items[0]
            .id
    };
    f.registry.review_account(&f.admin.token, ReviewAccountArgs { user_id: pending("lihua"), approve: true, comment: String::new() }).unwrap();
    f.registry
        .review_account(&f.admin.token, ReviewAccountArgs { user_id: pending("wangwu"), approve: false, comment: "身份证号码与姓名不符".into() })
        .unwrap();

    let mut security = f.registry.security_settings(&f.admin.token).unwrap();
    security.max_failed_logins = 6;
    security.batch_print_admins_only = true;
    f.registry.save_security_settings(&f.admin.token, security.clone()).unwrap();
    // Saving without a change writes nothing.
    f.registry.save_security_settings(&f.admin.token, security).unwrap();

    let smtp_password = "Smtp-Secret-2026";
    let mail = MailSettings {
        host: "smtp.example.cn".into(),
        port: 465,
        tls: TlsMode::Tls,
        username: "swreg".into(),
        password: smtp_password.into(),
        sender: "swreg@example.cn".into(),
    };
    f.registry.save_mail_settings(&f.admin.token, Some(mail)).unwrap();

    let mut periods = f.registry.period_settings(&f.admin.token).unwrap();
    periods.grace_days = 30;
    f.registry.save_period_settings(&f.admin.token, periods).unwrap();

    let rows = log(&f);
    let note = |a: AuditAction| of(&rows, a).iter().map(|r| r.note.clone().unwrap_or_default()).collect::<Vec<_>>();
    assert_eq!(note(AuditAction::AccountCreate), ["账号 reviewer1（黄丽），角色：审核员"]);
    assert_eq!(note(AuditAction::AccountDisable), ["账号 reviewer1（黄丽）"]);
    assert_eq!(note(AuditAction::AccountEnable), ["账号 reviewer1（黄丽）"]);
    assert_eq!(note(AuditAction::AccountResetPassword), ["账号 reviewer1（黄丽），临时密码当面告知"]);
    assert_eq!(note(AuditAction::AccountApprove).len(), 1);
    assert!(note(AuditAction::AccountApprove)[0].starts_with("账号 lihua"));
    assert!(note(AuditAction::AccountReject)[0].ends_with("审核意见：身份证号码与姓名不符"));
    assert!(rows.iter().all(|r| r.actor == "陈建国（admin）"), "who did it");

    let security = of(&rows, AuditAction::SettingsSecurity);
    assert_eq!(security.len(), 1, "one change, one entry");
    assert!(security[0].before.as_deref().unwrap().contains("\"maxFailedLogins\":5"));
    assert!(security[0].after.as_deref().unwrap().contains("\"maxFailedLogins\":6"));
    assert!(security[0].after.as_deref().unwrap().contains("\"batchPrintAdminsOnly\":true"));
    let mail = of(&rows, AuditAction::SettingsMail);
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].before.as_deref(), Some("null"), "from the outbox");
    assert!(mail[0].after.as_deref().unwrap().contains("smtp.example.cn"));
    assert_eq!(mail[0].note.as_deref(), Some("SMTP 密码已修改"));
    let periods = of(&rows, AuditAction::SettingsPeriods);
    assert!(periods[0].before.as_deref().unwrap().contains("\"graceDays\":90"));
    assert!(periods[0].after.as_deref().unwrap().contains("\"graceDays\":30"));

    // No password of any kind is in the log.
    for r in &rows {
        let all = format!("{:?} {:?} {:?}", r.before, r.after, r.note);
        for secret in [smtp_password, temp.as_str(), reset.as_str(), ADMIN_PASSWORD, WORKER_PASSWORD] {
            assert!(!all.contains(secret), "{:?} holds a password: {all}", r.action);
        }
    }
    // And the chain holds with all of them.
    assert_eq!(f.registry.verify_audit(&f.admin.token).unwrap().first_break, None);
}
