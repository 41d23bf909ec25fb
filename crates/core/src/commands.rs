//! The one command table: every command a page can send, whatever carries it — the desktop
//! app's IPC (`src-tauri`) or HTTPS (`swreg-server`). A transport receives a command's name, the
//! caller's session token and its JSON arguments, and hands them to [`call`]; it never keeps a
//! list of its own (the tests of both transports compare what they serve with [`NAMES`]).
//!
//! Two kinds of command:
//! - **calls** — the core does all of it: arguments in, a value or an `ApiError` out.
//! - **files** — the command moves bytes between the register and a file the user picks: the app
//!   opens a native dialog; the server takes an upload or answers with a download. The core makes
//!   and checks the bytes either way; each transport writes these few by hand.

use crate::access::{AccessQuery, AccessRow};
use crate::accounts::login::{Captcha, LoginArgs, Session, SetupAdminArgs, UserInfo};
use crate::accounts::mail::{MailSettings, OutboxEntry};
use crate::accounts::policy::PasswordRules;
use crate::accounts::recovery::{ChangePasswordArgs, RecoverArgs};
use crate::accounts::signup::{AccountQuery, AccountRow, RegisterArgs, ReviewAccountArgs};
use crate::accounts::staff::{
    CreateStaffArgs, LoginLogQuery, LoginLogRow, MailResult, ResetPasswordArgs, SecuritySettings, SetEnabledArgs,
    TempPassword, TestMailArgs,
};
use crate::audit::{AuditCheck, AuditQuery, AuditRow};
use crate::backups::{BackupFileCheck, BackupOverview, BackupSettings};
use crate::error::{ApiError, Error};
use crate::local::BackupSummary;
use crate::page::Page;
use crate::records::export::{ExportArgs, ExportSummary};
use crate::records::import::{ImportCheck, ImportRunArgs, ImportSummary};
use crate::records::roster::{RevealArgs, RosterQuery, RosterRow, WorkerDetail};
use crate::records::stats::Stats;
use crate::registration::cards::{CardRow, IssueCardArgs};
use crate::registration::codes::CodeTables;
use crate::registration::freeze::{FreezeArgs, FreezeCandidate, FreezeManyArgs};
use crate::registration::periods::PeriodSettings;
use crate::registration::print::{BatchPdfArgs, PdfDocument};
use crate::registration::record::Contact;
use crate::registration::review::{
    ApplicationDetail, DecideArgs, QueueCounts, QueueQuery, QueueRow, ReviewContext, ReviewSettings, SetScopeArgs,
};
use crate::registration::worker::{
    ApplicationInfo, ContactArgs, EnterWorkerArgs, EnteredWorker, FindByIdNumberArgs, HistoryQuery, Hub, KnownWorker, PhotoUpload, RecordQuery,
    RecordView, RequestArgs, SaveRecordArgs, Target,
};
use crate::restore::RestoreSummary;
use crate::{decode_args, AppStatus, Registry};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;

/// Who sends a command: the session token (empty without a session) and, through the server,
/// the address the request came from (`None`: this computer, the desktop app's own window).
#[derive(Debug, Clone, Copy)]
pub struct Caller<'a> {
    pub token: &'a str,
    pub address: Option<std::net::IpAddr>,
}

impl<'a> Caller<'a> {
    /// The desktop app's window on this computer.
    pub fn local(token: &'a str) -> Self {
        Caller { token, address: None }
    }
}

/// A caller stands for its session token wherever a core function asks for one (the rows of the
/// table below pass it on as `t`).
impl std::ops::Deref for Caller<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        self.token
    }
}

/// The staff network rule (`accounts::network`) for a command sent from an address (through the
/// server): a staff session from outside the listed networks is refused, whatever the command;
/// logging out always works. Every call passes here; the server checks its file commands here.
pub fn admit(registry: &Registry, caller: &Caller<'_>, name: &str) -> Result<(), ApiError> {
    match caller.address {
        Some(address) if name != "logout" => registry.admit_from(caller.token, address).map_err(ApiError::from),
        _ => Ok(()),
    }
}

/// How a transport carries a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Arguments in, a value out: [`call`] does it all.
    Call,
    /// Bytes to or from a file the user picks: each transport carries it its own way.
    File,
}

/// Sees every command with its argument and result types (the bindings, the fuzz tests).
pub trait Visitor {
    fn command<A: DeserializeOwned + TS + 'static, R: Serialize + TS + 'static>(&mut self, name: &'static str, kind: Kind);
}

type Core<T> = crate::Result<T>;

/// The result as the JSON text every transport sends back.
fn json<T: Serialize>(value: T) -> Result<String, ApiError> {
    serde_json::to_string(&value).map_err(|e| Error::Internal(format!("内部错误：{e}")).into())
}

macro_rules! table {
    (
        files { $( $fname:ident ( $fargs:ty ) -> $fret:ty; )* }
        $( $name:ident ( $args:ty ) -> $ret:ty = $body:expr; )*
    ) => {
        /// Every command's name: the calls, then the file commands.
        pub const NAMES: &[&str] = &[$(stringify!($name),)* $(stringify!($fname)),*];

        /// The file commands' names (see the module's comment).
        pub const FILES: &[&str] = &[$(stringify!($fname)),*];

        /// Runs the call `name` for `caller`: its result as JSON text, or the one error shape.
        /// `None` when `name` is not a call (a file command, or no command at all). Blocks
        /// (password hashing, queries): transports run it off their event loop.
        pub fn call(registry: &Registry, caller: &Caller<'_>, name: &str, args: Value) -> Option<Result<String, ApiError>> {
            match name {
                $(stringify!($name) => Some((|| {
                    admit(registry, caller, name)?;
                    let args: $args = decode_args(args)?;
                    let run: fn(&Registry, &Caller<'_>, $args) -> Core<$ret> = $body;
                    json(run(registry, caller, args).map_err(ApiError::from)?)
                })()),)*
                _ => None,
            }
        }

        /// Shows every command, in the order of [`NAMES`], to `visitor`.
        pub fn visit(visitor: &mut impl Visitor) {
            $(visitor.command::<$args, $ret>(stringify!($name), Kind::Call);)*
            $(visitor.command::<$fargs, $fret>(stringify!($fname), Kind::File);)*
        }
    };
}

table! {
    files {
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
    login(LoginArgs) -> Session = |r, c, a| r.login_from(a, c.address);
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
    save_security_settings(SecuritySettings) -> () = |r, c, a| r.save_security_settings_from(c, a, c.address);
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

/// The kind of the command `name`; `None` for no command.
pub fn kind_of(name: &str) -> Option<Kind> {
    if FILES.contains(&name) {
        Some(Kind::File)
    } else if NAMES.contains(&name) {
        Some(Kind::Call)
    } else {
        None
    }
}

/// The answer to a name that is no command.
pub fn unknown(name: &str) -> ApiError {
    let shown: String = name.chars().take(40).collect();
    Error::BadRequest(format!("没有名为“{shown}”的命令")).into()
}
