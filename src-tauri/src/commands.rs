//! The IPC commands. Each one is a line: the core does the work and the checks.
//!
//! Every command is invoked as `invoke(name, { token, args })`. Tauri hands over `args` as JSON,
//! which the core's `decode_args` turns into the command's argument type (a malformed request is
//! refused in Chinese, never with serde's English). It runs on the blocking pool, so that
//! password hashing or a long query never freezes the window, and returns the core's result with
//! its error turned into the one IPC error shape, `ApiError`.

use serde_json::Value;
use std::sync::Arc;
use swreg_core::accounts::login::{Captcha, LoginArgs, Session, SetupAdminArgs, UserInfo};
use swreg_core::accounts::policy::PasswordRules;
use swreg_core::accounts::mail::{MailSettings, OutboxEntry};
use swreg_core::page::Page;
use swreg_core::accounts::recovery::{ChangePasswordArgs, RecoverArgs};
use swreg_core::accounts::signup::{AccountQuery, AccountRow, RegisterArgs, ReviewAccountArgs};
use swreg_core::accounts::staff::{
    CreateStaffArgs, LoginLogQuery, LoginLogRow, MailResult, ResetPasswordArgs, SecuritySettings, SetEnabledArgs,
    TempPassword, TestMailArgs,
};
use swreg_core::access::{AccessQuery, AccessRow};
use swreg_core::audit::{AuditCheck, AuditQuery, AuditRow};
use swreg_core::backups::{BackupOverview, BackupSettings};
#[cfg(test)]
use swreg_core::{backups::BackupFileCheck, local::BackupSummary, restore::RestoreSummary};
use swreg_core::registration::codes::CodeTables;
#[cfg(test)]
use swreg_core::records::import::{ImportCheck, ImportRunArgs, ImportSummary};
use swreg_core::registration::print::PdfDocument;
#[cfg(test)]
use swreg_core::{records::export::{ExportArgs, ExportSummary}, registration::print::BatchPdfArgs, registration::worker::PhotoUpload};
use swreg_core::records::roster::{RevealArgs, RosterQuery, RosterRow, WorkerDetail};
use swreg_core::records::stats::Stats;
use swreg_core::registration::record::Contact;
use swreg_core::registration::review::{
    ApplicationDetail, DecideArgs, QueueCounts, QueueQuery, QueueRow, ReviewContext, ReviewSettings, SetScopeArgs,
};
use swreg_core::registration::cards::{CardRow, IssueCardArgs};
use swreg_core::registration::freeze::{FreezeArgs, FreezeCandidate, FreezeManyArgs};
use swreg_core::registration::periods::PeriodSettings;
use swreg_core::registration::worker::{
    ApplicationInfo, ContactArgs, EnterWorkerArgs, EnteredWorker, FindByIdNumberArgs, HistoryQuery, Hub, KnownWorker, RecordQuery,
    RecordView, RequestArgs, SaveRecordArgs, Target,
};
use swreg_core::{decode_args, ApiError, AppStatus, Error, Registry};

type Core<T> = swreg_core::Result<T>;

macro_rules! commands {
    (
        // Commands written out by hand below (they open native dialogs), listed for the handler.
        by_hand { $( $hname:ident ( $hargs:ty ) -> $hret:ty; )* }
        $( $name:ident ( $args:ty ) -> $ret:ty = $body:expr; )*
    ) => {
        $(
            #[tauri::command]
            pub async fn $name(
                state: tauri::State<'_, Arc<Registry>>,
                token: Option<String>,
                args: Option<Value>,
            ) -> Result<$ret, ApiError> {
                crate::startup::command(stringify!($name));
                let args: $args = decode_args(args.unwrap_or_default())?;
                let registry = Arc::clone(&state);
                let token = token.unwrap_or_default();
                let run: fn(&Registry, &str, $args) -> Core<$ret> = $body;
                tauri::async_runtime::spawn_blocking(move || run(&registry, &token, args))
                    .await
                    .map_err(|e| ApiError::from(Error::Internal(format!("内部错误：{e}"))))?
                    .map_err(ApiError::from)
            }
        )*

        /// The names of every command, in the order they are declared.
        #[cfg(test)]
        pub const NAMES: &[&str] = &[$(stringify!($name),)* $(stringify!($hname)),*];

        /// Every command for Tauri's invoke handler (any runtime: the app's, or the tests' mock).
        pub fn handler<R: tauri::Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            use crate::files::*;
            use crate::import::*;
            tauri::generate_handler![$($name,)* $($hname),*]
        }

        /// Each command's name with the decoding of its arguments, in parts and as the command
        /// decodes them, for the fuzz tests (`ipc_fuzz.rs`).
        #[cfg(test)]
        pub fn decoders() -> Vec<crate::ipc_fuzz::Decoder> {
            vec![
                $(crate::ipc_fuzz::Decoder::of::<$args>(stringify!($name)),)*
                $(crate::ipc_fuzz::Decoder::of::<$hargs>(stringify!($hname)),)*
            ]
        }

        /// Each command's name with its argument and result types, for the TypeScript bindings.
        #[cfg(test)]
        pub fn signatures() -> Vec<crate::bindings::Signature> {
            vec![
                $(crate::bindings::Signature::of::<$args, $ret>(stringify!($name)),)*
                $(crate::bindings::Signature::of::<$hargs, $hret>(stringify!($hname)),)*
            ]
        }
    };
}

commands! {
    by_hand {
        choose_photo(Target) -> Option<PhotoUpload>;
        save_record_pdf(Target) -> Option<String>;
        print_record_pdf(Target) -> String;
        save_batch_pdf(BatchPdfArgs) -> Option<String>;
        cancel_batch(()) -> ();
        export_records(ExportArgs) -> Option<ExportSummary>;
        save_stats_xlsx(RosterQuery) -> Option<String>;
        backup_now(()) -> Option<BackupSummary>;
        choose_backup(()) -> Option<BackupFileCheck>;
        restore_backup(()) -> RestoreSummary;
        save_import_template(()) -> Option<String>;
        choose_import_file(()) -> Option<ImportCheck>;
        choose_import_photos(()) -> Option<ImportCheck>;
        recheck_import(()) -> ImportCheck;
        save_import_report(()) -> Option<String>;
        run_import(ImportRunArgs) -> Option<ImportSummary>;
    }
    may_import(()) -> bool = |r, t, ()| r.may_import(t);
    app_status(()) -> AppStatus = |r, _, ()| r.status();
    setup_admin(SetupAdminArgs) -> Session = |r, _, a| r.setup_admin(a);
    new_captcha(()) -> Captcha = |r, _, ()| r.new_captcha();
    password_rules(()) -> PasswordRules = |r, _, ()| r.password_rules();
    login(LoginArgs) -> Session = |r, _, a| r.login(a);
    logout(()) -> () = |r, t, ()| { r.logout(t); Ok(()) };
    me(()) -> UserInfo = |r, t, ()| r.me(t);
    register(RegisterArgs) -> () = |r, _, a| r.register(a);
    recover_password(RecoverArgs) -> () = |r, _, a| r.recover_password(a);
    change_password(ChangePasswordArgs) -> UserInfo = |r, t, a| r.change_password(t, a);
    account_queue(AccountQuery) -> Page<AccountRow> = |r, t, a| r.account_queue(t, a);
    pending_account_count(()) -> usize = |r, t, ()| r.pending_account_count(t);
    review_account(ReviewAccountArgs) -> () = |r, t, a| r.review_account(t, a);
    list_accounts(AccountQuery) -> Page<AccountRow> = |r, t, a| r.list_accounts(t, a);
    create_staff(CreateStaffArgs) -> TempPassword = |r, t, a| r.create_staff(t, a);
    set_account_enabled(SetEnabledArgs) -> () = |r, t, a| r.set_account_enabled(t, a);
    reset_password(ResetPasswordArgs) -> TempPassword = |r, t, a| r.reset_password(t, a);
    security_settings(()) -> SecuritySettings = |r, t, ()| r.security_settings(t);
    save_security_settings(SecuritySettings) -> () = |r, t, a| r.save_security_settings(t, a);
    login_log(LoginLogQuery) -> Page<LoginLogRow> = |r, t, a| r.login_log(t, a);
    mail_settings(()) -> Option<MailSettings> = |r, t, ()| r.mail_settings(t);
    save_mail_settings(Option<MailSettings>) -> () = |r, t, a| r.save_mail_settings(t, a);
    send_test_mail(TestMailArgs) -> MailResult = |r, t, a| r.send_test_mail(t, a);
    list_outbox(()) -> Vec<OutboxEntry> = |r, t, ()| r.list_outbox(t);
    read_outbox(String) -> String = |r, t, a| r.read_outbox(t, &a);
    code_tables(()) -> CodeTables = |r, t, ()| r.code_tables(t);
    hub(Target) -> Hub = |r, t, a| r.hub(t, a);
    record_form(RecordQuery) -> RecordView = |r, t, a| r.record_form(t, a);
    save_record(SaveRecordArgs) -> RecordView = |r, t, a| r.save_record(t, a);
    update_contact(ContactArgs) -> Contact = |r, t, a| r.update_contact(t, a);
    submit_request(RequestArgs) -> ApplicationInfo = |r, t, a| r.submit_request(t, a);
    applications_of(HistoryQuery) -> Vec<ApplicationInfo> = |r, t, a| r.applications_of(t, a);
    enter_worker(EnterWorkerArgs) -> EnteredWorker = |r, t, a| r.enter_worker(t, a);
    find_worker_by_id_number(FindByIdNumberArgs) -> Option<KnownWorker> = |r, t, a| r.find_worker_by_id_number(t, a);
    application_queue(QueueQuery) -> Page<QueueRow> = |r, t, a| r.application_queue(t, a);
    queue_counts(()) -> QueueCounts = |r, t, ()| r.queue_counts(t);
    application_detail(i64) -> ApplicationDetail = |r, t, a| r.application_detail(t, a);
    decide_application(DecideArgs) -> ApplicationInfo = |r, t, a| r.decide_application(t, a);
    review_context(()) -> ReviewContext = |r, t, ()| r.review_context(t);
    review_settings(()) -> ReviewSettings = |r, t, ()| r.review_settings(t);
    save_review_settings(ReviewSettings) -> () = |r, t, a| r.save_review_settings(t, a);
    set_review_scope(SetScopeArgs) -> () = |r, t, a| r.set_review_scope(t, a);
    freeze_record(FreezeArgs) -> () = |r, t, a| r.freeze_record(t, a);
    freeze_candidates(()) -> Vec<FreezeCandidate> = |r, t, ()| r.freeze_candidates(t);
    freeze_expired(FreezeManyArgs) -> usize = |r, t, a| r.freeze_expired(t, a);
    issue_card(IssueCardArgs) -> CardRow = |r, t, a| r.issue_card(t, a);
    cards_of(Target) -> Vec<CardRow> = |r, t, a| r.cards_of(t, a);
    period_settings(()) -> PeriodSettings = |r, t, ()| r.period_settings(t);
    save_period_settings(PeriodSettings) -> () = |r, t, a| r.save_period_settings(t, a);
    audit_log(AuditQuery) -> Page<AuditRow> = |r, t, a| r.audit_log(t, a);
    verify_audit(()) -> AuditCheck = |r, t, ()| r.verify_audit(t);
    access_log(AccessQuery) -> Page<AccessRow> = |r, t, a| r.access_log(t, a);
    record_pdf(Target) -> PdfDocument = |r, t, a| r.record_pdf(t, a);
    roster(RosterQuery) -> Page<RosterRow> = |r, t, a| r.roster(t, a);
    reveal(RevealArgs) -> String = |r, t, a| r.reveal(t, a);
    worker_detail(i64) -> WorkerDetail = |r, t, a| r.worker_detail(t, a);
    statistics(RosterQuery) -> Stats = |r, t, a| r.statistics(t, a);
    backup_overview(()) -> BackupOverview = |r, t, ()| r.backup_overview(t);
    backup_alert(()) -> Option<String> = |r, t, ()| r.backup_alert(t);
    save_backup_settings(BackupSettings) -> () = |r, t, a| r.save_backup_settings(t, a);
}
