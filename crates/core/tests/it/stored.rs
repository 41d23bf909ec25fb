//! Values written behind the app's back (another program, a hand edit, a damaged file): what the
//! code does not know is an error that says what it met, never a default that shows a wrong row.

use crate::fixture::*;
use crate::workflow::{worker, Worker};
use swreg_core::audit::AuditQuery;
use swreg_core::records::export::{ExportArgs, ExportFormat};
use swreg_core::records::roster::RosterQuery;
use swreg_core::registration::cards::IssueCardArgs;
use swreg_core::registration::review::{DecideArgs, QueueQuery};
use swreg_core::registration::worker::{ContactArgs, RecordQuery, SaveRecordArgs, Target};
use swreg_core::registration::workflow::Kind;
use swreg_core::{ApiError, Error, ErrorCode};

/// A worker whose 初次登记 waits for review.
fn submitted(f: &Fixture) -> Worker {
    let w = worker(f, "ayiguli", "ayi@example.cn");
    let args = SaveRecordArgs { worker_id: None, kind: Kind::Initial, form: full_form(w.photo_id), submit: true };
    f.registry.save_record(&w.token, args).unwrap();
    w
}

/// Runs SQL on the database file as another program would, the schema's checks switched off.
fn behind_the_back(f: &Fixture, sql: &str) {
    let conn = rusqlite::Connection::open(f.dir.path().join(swreg_core::DB_FILE_NAME)).unwrap();
    conn.pragma_update(None, "ignore_check_constraints", true).unwrap();
    conn.execute_batch(sql).unwrap();
}

fn corrupt<T: std::fmt::Debug>(r: swreg_core::Result<T>) -> String {
    match r {
        Err(Error::Corrupt(m)) => m,
        other => panic!("expected an unreadable value, got {other:?}"),
    }
}

fn queue(f: &Fixture) -> swreg_core::Result<swreg_core::page::Page<swreg_core::registration::review::QueueRow>> {
    f.registry.application_queue(&f.admin.token, QueueQuery { page: 1, page_size: 10, ..Default::default() })
}

#[test]
fn an_unknown_kind_is_an_error_not_an_initial_registration() {
    let f = Fixture::new();
    let w = submitted(&f);
    let id = queue(&f).unwrap().items[0].id;
    behind_the_back(&f, "UPDATE applications SET kind = 'transfer'");

    let m = corrupt(queue(&f));
    assert_eq!(m, "数据库中有本程序无法识别的申请类别“transfer”，请联系技术支持");
    corrupt(f.registry.application_detail(&f.admin.token, id));
    corrupt(f.registry.worker_detail(&f.admin.token, w.worker_id));
    // The worker's own pages ask the same rows: they refuse too, rather than open a second 初次登记.
    corrupt(f.registry.hub(&w.token, Target::default()));
    let err = ApiError::from(f.registry.hub(&w.token, Target::default()).unwrap_err());
    assert_eq!((err.code, err.message.contains("transfer")), (ErrorCode::Database, true));
}

#[test]
fn an_unknown_status_is_an_error() {
    let f = Fixture::new();
    let w = submitted(&f);
    behind_the_back(&f, "UPDATE applications SET status = 'withdrawn'");
    let form = f.registry.record_form(&w.token, RecordQuery { worker_id: None, kind: Kind::Initial });
    assert!(corrupt(form).contains("申请状态“withdrawn”"));
    behind_the_back(&f, "UPDATE applications SET status = 'submitted'; UPDATE workers SET status = 'suspended'");
    assert!(corrupt(f.registry.hub(&w.token, Target::default())).contains("登记状态“suspended”"));
    let roster = f.registry.roster(&f.admin.token, RosterQuery { page: 1, page_size: 10, ..Default::default() });
    assert!(corrupt(roster).contains("suspended"));
}

#[test]
fn an_unknown_card_status_or_audit_action_is_an_error() {
    let f = Fixture::new();
    let w = submitted(&f);
    let id = queue(&f).unwrap().items[0].id;
    f.registry.decide_application(&f.admin.token, DecideArgs { application_id: id, approve: true, comment: String::new() }).unwrap();
    f.registry.issue_card(&f.admin.token, IssueCardArgs { worker_id: w.worker_id, card_no: "XM-1".into() }).unwrap();
    let log = || f.registry.audit_log(&f.admin.token, AuditQuery { page: 1, page_size: 50, ..Default::default() });
    assert!(log().unwrap().items.len() >= 3);

    behind_the_back(&f, "UPDATE cards SET status = 'lost'");
    assert!(corrupt(f.registry.cards_of(&w.token, Target::default())).contains("社工卡状态“lost”"));
    // The log cannot be updated, even behind the back: an unknown action can only be appended.
    behind_the_back(&f, "INSERT INTO audit_log (at, action, prev_hash, hash) VALUES ('2026-12-01T02:00:00Z', 'record.purge', '', '')");
    assert!(corrupt(log()).contains("操作类型“record.purge”"));
}

#[test]
fn an_unknown_role_refuses_the_login() {
    let f = Fixture::new();
    worker(&f, "ayiguli", "ayi@example.cn");
    behind_the_back(&f, "UPDATE users SET role = 'auditor' WHERE username = 'ayiguli'");
    assert!(corrupt(f.login("ayiguli", WORKER_PASSWORD)).contains("角色“auditor”"));
}

#[test]
fn an_unreadable_setting_is_an_error_not_its_default() {
    let f = Fixture::new();
    behind_the_back(&f, "INSERT INTO settings (key, value) VALUES ('period.full_time_years', 'one')");
    assert!(corrupt(f.registry.period_settings(&f.admin.token)).contains("“one”"));
}

#[test]
fn a_broken_record_is_never_read_as_an_empty_one() {
    let f = Fixture::new();
    let w = submitted(&f);
    let id = queue(&f).unwrap().items[0].id;
    f.registry.decide_application(&f.admin.token, DecideArgs { application_id: id, approve: true, comment: String::new() }).unwrap();
    behind_the_back(&f, "UPDATE workers SET data = '{\"name\": \"阿依古丽' ");

    let m = corrupt(f.registry.record_form(&w.token, RecordQuery { worker_id: None, kind: Kind::Modification }));
    assert!(m.contains("阿依古丽·买买提") && m.contains("无法读取"), "{m}");
    // A contact change would have written the empty record back over the broken one.
    let contact = full_form(w.photo_id).contact;
    corrupt(f.registry.update_contact(&w.token, ContactArgs { worker_id: None, contact }));
    let conn = rusqlite::Connection::open(f.dir.path().join(swreg_core::DB_FILE_NAME)).unwrap();
    let data: String = conn.query_row("SELECT data FROM workers", [], |r| r.get(0)).unwrap();
    assert_eq!(data, "{\"name\": \"阿依古丽", "left as it was for IT staff to repair");
    corrupt(f.registry.worker_detail(&f.admin.token, w.worker_id));
}

#[test]
fn an_export_stops_at_a_broken_record_and_names_it() {
    let f = Fixture::new();
    let w = submitted(&f);
    behind_the_back(&f, &format!("UPDATE workers SET data = 'not json' WHERE id = {}", w.worker_id));
    for format in [ExportFormat::Xlsx, ExportFormat::Csv] {
        let out = f.dir.path().join(format!("名册.{}", format.extension()));
        let args = ExportArgs { query: RosterQuery::default(), format, with_codes: false, unmasked: false, purpose: String::new() };
        let m = corrupt(f.registry.export(&f.admin.token, args, &out, &mut |_, _| true));
        assert_eq!(
            m,
            format!("导出已停止：社工“阿依古丽·买买提”（编号 {}）的登记信息无法读取（数据已损坏），请联系技术支持", w.worker_id)
        );
        assert!(!out.exists(), "no file with an empty row in place of the record");
    }
}

#[test]
fn a_file_that_cannot_be_written_is_a_file_error() {
    let f = Fixture::new();
    let out = f.dir.path().join("no-such-folder").join("名册.csv");
    let args = ExportArgs { query: RosterQuery::default(), format: ExportFormat::Csv, with_codes: false, unmasked: false, purpose: String::new() };
    let err = f.registry.export(&f.admin.token, args, &out, &mut |_, _| true).unwrap_err();
    assert!(matches!(&err, Error::File(m) if m.contains("无法写入文件")), "{err:?}");
    assert_eq!(ApiError::from(err).code, ErrorCode::File);
    let live = f.dir.path().join(swreg_core::DB_FILE_NAME);
    let err = f.registry.backup(&f.admin.token, &live, &mut |_, _| {}).unwrap_err();
    assert!(matches!(err, Error::File(_)), "{err:?}");
}

#[test]
fn a_cancelled_export_has_its_own_code() {
    let f = Fixture::new();
    submitted(&f);
    let out = f.dir.path().join("名册.csv");
    let args = ExportArgs { query: RosterQuery::default(), format: ExportFormat::Csv, with_codes: false, unmasked: false, purpose: String::new() };
    let err = f.registry.export(&f.admin.token, args, &out, &mut |_, _| false).unwrap_err();
    let json = serde_json::to_value(ApiError::from(err)).unwrap();
    assert_eq!((json["code"].as_str(), json["message"].as_str()), (Some("cancelled"), Some("已取消导出")));
}
