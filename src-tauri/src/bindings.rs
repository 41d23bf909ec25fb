//! Generates `ui/src/api/generated/bindings.ts` from the Rust types and checks that the committed file,
//! the capability and `commands.in` agree with the commands the app registers.
//!
//! `UPDATE_BINDINGS=1 cargo test -p swreg --lib bindings` rewrites the file; without the variable
//! the test fails when the file is stale, so CI catches a forgotten regeneration.

use std::path::Path;
use swreg_core::accounts::login::{Captcha, LoginArgs, Session, SetupAdminArgs, UserInfo};
use swreg_core::accounts::policy::PasswordRules;
use swreg_core::accounts::mail::{MailSettings, OutboxEntry, TlsMode};
use swreg_core::page::Page;
use swreg_core::accounts::recovery::{ChangePasswordArgs, RecoverArgs};
use swreg_core::accounts::signup::{AccountQuery, AccountRow, AccountStatus, RegisterArgs, ReviewAccountArgs};
use swreg_core::accounts::staff::{
    CreateStaffArgs, Handover, LoginLogQuery, LoginLogRow, MailResult, ResetPasswordArgs, SecuritySettings,
    SetEnabledArgs, TempPassword, TestMailArgs,
};
use swreg_core::access::{AccessQuery, AccessRow, AccessView, AccessViewInfo};
use swreg_core::audit::{AuditAction, AuditActionInfo, AuditBreak, AuditCheck, AuditQuery, AuditRow};
use swreg_core::registration::codes::{Code, CodeTables, Title, TitleSubject};
use swreg_core::registration::print::{BatchPdfArgs, PdfDocument};
use swreg_core::registration::record::{fields, Contact, RecordForm};
use swreg_core::registration::review::{
    ApplicationDetail, DecideArgs, KindCount, QueueCounts, QueueQuery, QueueRow, QueueSort, ReviewContext, ReviewLevel,
    ReviewSettings, ReviewStep, SetScopeArgs,
};
use swreg_core::registration::cards::{CardRow, CardStatus, IssueCardArgs};
use swreg_core::registration::record::diff::FieldChange;
use swreg_core::registration::freeze::{FreezeArgs, FreezeCandidate, FreezeManyArgs};
use swreg_core::registration::periods::PeriodSettings;
use swreg_core::registration::worker::{
    ApplicationInfo, ContactArgs, EnterWorkerArgs, EnteredWorker, FindByIdNumberArgs, HistoryQuery, Hub, HubAction, HubKey, KnownWorker, PhotoUpload,
    RecordQuery, RecordView, RequestArgs, SaveRecordArgs, Target,
};
use swreg_core::records::export::{ExportArgs, ExportFormat, ExportSummary};
use swreg_core::records::import::{ImportCheck, ImportProblem, ImportRunArgs, ImportSummary};
use swreg_core::records::roster::{
    DetailApplication, RevealArgs, RevealField, RosterQuery, RosterRow, RosterSort, RosterStatus, WorkerDetail,
};
use swreg_core::records::stats::{Count, DueCount, Stats};
use swreg_core::registration::workflow::{Kind, KindInfo, RecordStatus, Status};
use swreg_core::backups::{BackupFileCheck, BackupKind, BackupOverview, BackupRun, BackupSettings};
use swreg_core::local::BackupSummary;
use swreg_core::restore::{BackupCheck, RestoreSummary};
use swreg_core::{ApiError, AppStatus, ErrorCode, FieldError, Role};
use ts_rs::{Config, TS};

pub struct Signature {
    name: &'static str,
    args: String,
    result: String,
}

impl Signature {
    pub fn of<A: TS, R: TS>(name: &'static str) -> Self {
        let cfg = Config::default();
        // IPC carries JSON numbers: a bare i64 argument or result is a number, never a bigint.
        let number = |t: String| if t == "bigint" { "number".to_owned() } else { t };
        Signature { name, args: number(A::name(&cfg)), result: number(R::name(&cfg)) }
    }
}

fn decl<T: TS>() -> String {
    format!("export {}", T::decl(&Config::default()))
}

fn generate() -> String {
    let decls = [
        decl::<ErrorCode>(),
        decl::<FieldError>(),
        decl::<ApiError>(),
        decl::<Role>(),
        decl::<AppStatus>(),
        decl::<SetupAdminArgs>(),
        decl::<Captcha>(),
        decl::<PasswordRules>(),
        decl::<LoginArgs>(),
        decl::<UserInfo>(),
        decl::<Session>(),
        decl::<Page<()>>(),
        decl::<RegisterArgs>(),
        decl::<RecoverArgs>(),
        decl::<ChangePasswordArgs>(),
        decl::<AccountStatus>(),
        decl::<AccountQuery>(),
        decl::<AccountRow>(),
        decl::<ReviewAccountArgs>(),
        decl::<Handover>(),
        decl::<TempPassword>(),
        decl::<CreateStaffArgs>(),
        decl::<SetEnabledArgs>(),
        decl::<ResetPasswordArgs>(),
        decl::<SecuritySettings>(),
        decl::<LoginLogQuery>(),
        decl::<LoginLogRow>(),
        decl::<TlsMode>(),
        decl::<MailSettings>(),
        decl::<TestMailArgs>(),
        decl::<MailResult>(),
        decl::<OutboxEntry>(),
        decl::<Code>(),
        decl::<TitleSubject>(),
        decl::<Title>(),
        decl::<CodeTables>(),
        decl::<Kind>(),
        decl::<KindInfo>(),
        decl::<Status>(),
        decl::<RecordStatus>(),
        decl::<Contact>(),
        decl::<RecordForm>(),
        decl::<fields::FieldKey>(),
        decl::<fields::Section>(),
        decl::<fields::FieldKind>(),
        decl::<fields::Required>(),
        decl::<Target>(),
        decl::<RecordQuery>(),
        decl::<SaveRecordArgs>(),
        decl::<ApplicationInfo>(),
        decl::<RecordView>(),
        decl::<ContactArgs>(),
        decl::<RequestArgs>(),
        decl::<HistoryQuery>(),
        decl::<PhotoUpload>(),
        decl::<HubKey>(),
        decl::<HubAction>(),
        decl::<Hub>(),
        decl::<EnterWorkerArgs>(),
        decl::<EnteredWorker>(),
        decl::<FindByIdNumberArgs>(),
        decl::<KnownWorker>(),
        decl::<QueueSort>(),
        decl::<QueueQuery>(),
        decl::<QueueRow>(),
        decl::<KindCount>(),
        decl::<QueueCounts>(),
        decl::<FieldChange>(),
        decl::<ApplicationDetail>(),
        decl::<DecideArgs>(),
        decl::<ReviewLevel>(),
        decl::<ReviewStep>(),
        decl::<ReviewContext>(),
        decl::<ReviewSettings>(),
        decl::<SetScopeArgs>(),
        decl::<FreezeArgs>(),
        decl::<FreezeManyArgs>(),
        decl::<FreezeCandidate>(),
        decl::<IssueCardArgs>(),
        decl::<CardStatus>(),
        decl::<CardRow>(),
        decl::<PeriodSettings>(),
        decl::<AuditAction>(),
        decl::<AuditActionInfo>(),
        decl::<AuditQuery>(),
        decl::<AuditRow>(),
        decl::<AuditCheck>(),
        decl::<AuditBreak>(),
        decl::<AccessView>(),
        decl::<AccessViewInfo>(),
        decl::<AccessQuery>(),
        decl::<AccessRow>(),
        decl::<PdfDocument>(),
        decl::<BatchPdfArgs>(),
        decl::<crate::files::Progress>(),
        decl::<RosterStatus>(),
        decl::<RosterSort>(),
        decl::<RosterQuery>(),
        decl::<RosterRow>(),
        decl::<RevealField>(),
        decl::<RevealArgs>(),
        decl::<DetailApplication>(),
        decl::<WorkerDetail>(),
        decl::<ExportFormat>(),
        decl::<ExportArgs>(),
        decl::<ExportSummary>(),
        decl::<ImportProblem>(),
        decl::<ImportCheck>(),
        decl::<ImportRunArgs>(),
        decl::<ImportSummary>(),
        decl::<BackupKind>(),
        decl::<BackupRun>(),
        decl::<BackupSettings>(),
        decl::<BackupOverview>(),
        decl::<BackupSummary>(),
        decl::<BackupCheck>(),
        decl::<BackupFileCheck>(),
        decl::<RestoreSummary>(),
        decl::<Count>(),
        decl::<DueCount>(),
        decl::<Stats>(),
        decl::<crate::connection::Connection>(),
        decl::<crate::connection::ProbeArgs>(),
        decl::<crate::connection::Probed>(),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by `scripts/bindings.sh`; do not edit by hand.\n\
         // CI fails when this file differs from what the Rust code generates.\n\n",
    );
    for d in decls {
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.push_str(&fields::typescript());
    out.push('\n');
    out.push_str(&table(
        "The application kinds in the order of the review queues, with their words and properties.",
        "KINDS",
        "KindInfo",
        &KindInfo::all(),
    ));
    out.push_str(&table(
        "Every action the core writes to the 操作日志, with its label, in the order the filter offers them.",
        "AUDIT_ACTIONS",
        "AuditActionInfo",
        &AuditActionInfo::all(),
    ));
    out.push_str(&table(
        "Every view through which staff read a worker's data (访问日志), with its label, in the order the filter offers them.",
        "ACCESS_VIEWS",
        "AccessViewInfo",
        &AccessViewInfo::all(),
    ));
    out.push_str("/** Every IPC command: `invoke(name, { token, args })` resolves to `result` or rejects with an `ApiError`. */\n");
    out.push_str("export interface Commands {\n");
    for s in crate::commands::signatures() {
        out.push_str(&format!("  {}: {{ args: {}, result: {} }};\n", s.name, s.args, s.result));
    }
    out.push_str("}\n\n");
    out.push_str("/** The shell's own commands (连接设置, src-tauri/src/connection.rs): IPC only, no registry command. */\n");
    out.push_str("export interface ShellCommands {\n");
    for s in shell_signatures() {
        out.push_str(&format!("  {}: {{ args: {}, result: {} }};\n", s.name, s.args, s.result));
    }
    out.push_str("}\n");
    out
}

/// The shell's own commands with their argument and result types, in the order of
/// `connection::COMMANDS`.
fn shell_signatures() -> Vec<Signature> {
    use crate::connection::{Connection, ProbeArgs, Probed};
    vec![
        Signature::of::<(), Connection>("connection_info"),
        Signature::of::<ProbeArgs, Probed>("probe_server"),
        Signature::of::<Connection, ()>("save_connection"),
    ]
}

/// A constant table of the core's, one entry a line.
fn table<T: serde::Serialize>(doc: &str, name: &str, ty: &str, rows: &[T]) -> String {
    let mut out = format!("/** {doc} */\nexport const {name}: readonly {ty}[] = [\n");
    for row in rows {
        out.push_str(&format!("  {},\n", serde_json::to_string(row).expect("a table serializes")));
    }
    out.push_str("]\n\n");
    out
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn bindings_are_current() {
    let path = root().join("ui/src/api/generated/bindings.ts");
    let fresh = generate();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &fresh).expect("write bindings");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/api/generated/bindings.ts is stale: run `scripts/bindings.sh` and commit the result"
    );
}

#[test]
fn every_command_is_listed_for_the_build_and_allowed_in_the_capability() {
    let mut listed: Vec<&str> = include!("../commands.in").to_vec();
    let mut registered = [crate::commands::NAMES, crate::connection::COMMANDS].concat();
    listed.sort();
    registered.sort();
    assert_eq!(listed, registered, "src-tauri/commands.in must list the core's commands and the shell's own");

    let text = std::fs::read_to_string(root().join("src-tauri/capabilities/main.json")).unwrap();
    let capability: serde_json::Value = serde_json::from_str(&text).unwrap();
    let mut granted: Vec<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().expect("plain permission names only").to_owned())
        .collect();
    let mut expected: Vec<String> = registered.iter().map(|n| format!("allow-{}", n.replace('_', "-"))).collect();
    granted.sort();
    expected.sort();
    assert_eq!(granted, expected, "the capability grants exactly the app's own commands");
}

#[test]
fn the_shell_commands_are_bound_and_none_is_a_registry_command() {
    let bound: Vec<&str> = shell_signatures().iter().map(|s| s.name).collect();
    assert_eq!(bound, crate::connection::COMMANDS);
    for name in crate::connection::COMMANDS {
        assert_eq!(swreg_core::commands::kind_of(name), None, "{name} is the shell's, not the core's");
    }
}
