//! 访问日志: every read of a worker's full data by staff is noted — who, whose, when, which view —
//! and an admin can answer "who looked at this worker's data, and when"; a worker's own reads are
//! not noted; batch printing needs a purpose and may be kept to admins.

use crate::fixture::*;
use crate::roster::reviewer;
use crate::workflow::{worker, worker_with_id};
use rusqlite::Connection;
use swreg_core::access::{AccessQuery, AccessRow, AccessView};
use swreg_core::records::roster::{RevealArgs, RevealField};
use swreg_core::registration::print::BatchPdfArgs;
use swreg_core::registration::review::QueueQuery;
use swreg_core::registration::worker::{RecordQuery, SaveRecordArgs, Target};
use swreg_core::registration::workflow::Kind;
use swreg_core::Error;

fn log(f: &Fixture, q: AccessQuery) -> Vec<AccessRow> {
    f.registry.access_log(&f.admin.token, AccessQuery { page: 1, page_size: 100, ..q }).unwrap().items
}

#[test]
fn every_staff_read_of_a_workers_full_data_is_noted_and_the_workers_own_are_not() {
    let f = Fixture::new();
    let w = worker(&f, "ayiguli", "ayi@example.cn");
    f.registry
        .save_record(&w.token, SaveRecordArgs { worker_id: None, kind: Kind::Initial, form: full_form(w.photo_id), submit: true })
        .unwrap();
    // The worker reads their own data: nothing is noted.
    f.registry.record_form(&w.token, RecordQuery { worker_id: None, kind: Kind::Initial }).unwrap();
    f.registry.record_pdf(&w.token, Target::default()).unwrap();
    assert!(log(&f, AccessQuery::default()).is_empty());

    let r = reviewer(&f);
    let app = f
        .registry
        .application_queue(&r.token, QueueQuery { kind: Some(Kind::Initial), page: 1, page_size: 10, ..Default::default() })
        .unwrap()
        .items[0]
        .id;
    f.registry.application_detail(&r.token, app).unwrap();
    f.registry.record_form(&r.token, RecordQuery { worker_id: Some(w.worker_id), kind: Kind::Initial }).unwrap();
    f.registry.worker_detail(&r.token, w.worker_id).unwrap();
    f.registry.record_pdf(&r.token, Target { worker_id: Some(w.worker_id) }).unwrap();
    f.registry
        .reveal(&r.token, RevealArgs { worker_id: w.worker_id, field: RevealField::IdNumber, purpose: "核对身份".into() })
        .unwrap();
    f.registry
        .batch_pdf(&f.admin.token, &BatchPdfArgs { worker_ids: vec![w.worker_id], purpose: "年度核查".into() }, &mut |_, _| true)
        .unwrap();

    let rows = log(&f, AccessQuery::default());
    let views: Vec<AccessView> = rows.iter().rev().map(|r| r.view).collect();
    assert_eq!(views, vec![
        AccessView::Application,
        AccessView::Record,
        AccessView::Detail,
        AccessView::Print,
        AccessView::Reveal,
        AccessView::BatchPrint,
    ]);
    assert!(rows.iter().all(|r| r.worker == "阿依古丽·买买提（ayiguli）"), "{rows:?}");
    assert_eq!(rows.iter().filter(|r| r.staff == "黄丽（reviewer1）").count(), 5);
    assert_eq!(rows[0].staff, "陈建国（admin）");
    assert_eq!(rows[0].note.as_deref(), Some("批量打印 1 份，用途：年度核查"));
    assert_eq!(rows.last().unwrap().application_id, Some(app));
    assert!(rows.iter().all(|r| r.at == "2026-12-01T02:00:00Z"), "who, whose, when");

    // The admin answers "who looked at this worker's data": by the worker, the staff, the view.
    let other = worker_with_id(&f, "wangwu", "wang@example.cn", ID_A);
    f.registry.worker_detail(&r.token, other.worker_id).unwrap();
    assert_eq!(log(&f, AccessQuery { worker: "ayiguli".into(), ..Default::default() }).len(), 6);
    assert_eq!(log(&f, AccessQuery { worker: "wangwu".into(), ..Default::default() }).len(), 1);
    assert_eq!(log(&f, AccessQuery { staff: "黄丽".into(), ..Default::default() }).len(), 6);
    assert_eq!(log(&f, AccessQuery { view: Some(AccessView::Detail), ..Default::default() }).len(), 2);
    assert_eq!(log(&f, AccessQuery { from: "2026-12-02".into(), ..Default::default() }).len(), 0);

    // Only admins read it, and nobody changes it.
    assert!(matches!(f.registry.access_log(&r.token, AccessQuery::default()), Err(Error::Forbidden)));
    let conn = Connection::open(f.dir.path().join(swreg_core::DB_FILE_NAME)).unwrap();
    assert!(conn.execute("UPDATE access_log SET actor_id = 1", []).is_err());
    assert!(conn.execute("DELETE FROM access_log", []).is_err());
}

#[test]
fn batch_printing_needs_a_purpose_and_can_be_kept_to_admins() {
    let f = Fixture::new();
    let w = worker(&f, "ayiguli", "ayi@example.cn");
    let r = reviewer(&f);
    let args = |purpose: &str| BatchPdfArgs { worker_ids: vec![w.worker_id], purpose: purpose.into() };
    match f.registry.batch_pdf(&r.token, &args("  "), &mut |_, _| true) {
        Err(Error::Invalid(e)) => assert_eq!((e[0].field.as_str(), e[0].message.as_str()), ("purpose", "请填写打印用途")),
        other => panic!("{:?}", other.map(|_| ())),
    }
    assert!(f.registry.batch_pdf(&r.token, &args("年度核查"), &mut |_, _| true).is_ok());

    let conn = Connection::open(f.dir.path().join(swreg_core::DB_FILE_NAME)).unwrap();
    conn.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('print.batch_roles', 'admin')", []).unwrap();
    assert!(matches!(f.registry.batch_pdf(&r.token, &args("年度核查"), &mut |_, _| true), Err(Error::Forbidden)));
    assert!(f.registry.batch_pdf(&f.admin.token, &args("年度核查"), &mut |_, _| true).is_ok());
}
