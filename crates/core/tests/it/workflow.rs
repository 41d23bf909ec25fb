//! The seed's functions 二.1–二.11 end to end in the core, with the review side.

use crate::fixture::*;
use chrono::Duration;
use swreg_core::registration::review::{DecideArgs, QueueQuery};
use swreg_core::registration::freeze::{FreezeArgs, FreezeManyArgs};
use swreg_core::registration::cards::IssueCardArgs;
use swreg_core::registration::worker::{ContactArgs, FindByIdNumberArgs, HistoryQuery, HubKey, RecordQuery, RequestArgs, SaveRecordArgs, Target};
use swreg_core::registration::workflow::{Kind, RecordStatus, Status};
use swreg_core::{Error, Registry};

pub struct Worker {
    pub token: String,
    pub worker_id: i64,
    pub photo_id: i64,
}

/// An approved account, logged in, with a photo uploaded; its ID number is `full_form`'s, as
/// the record's must be the account's.
pub fn worker(f: &Fixture, username: &str, email: &str) -> Worker {
    worker_with_id(f, username, email, "35020319900101123X")
}

/// An approved account with the given ID number, logged in, with a photo uploaded.
pub fn worker_with_id(f: &Fixture, username: &str, email: &str, id_number: &str) -> Worker {
    f.approved_worker(username, id_number, email);
    let s = f.login(username, WORKER_PASSWORD).unwrap();
    let up = f.registry.upload_photo(&s.token, Target::default(), &png_photo()).unwrap();
    let hub = f.registry.hub(&s.token, Target::default()).unwrap();
    Worker { token: s.token, worker_id: hub.worker_id, photo_id: up.photo_id }
}

fn save(r: &Registry, token: &str, kind: Kind, form: swreg_core::registration::record::RecordForm, submit: bool) -> Result<swreg_core::registration::worker::RecordView, Error> {
    r.save_record(token, SaveRecordArgs { worker_id: None, kind, form, submit })
}

fn field_errors(e: Error) -> Vec<(String, String)> {
    match e {
        Error::Invalid(f) => f.into_iter().map(|f| (f.field, f.message)).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

/// The single waiting application of a kind, approved or rejected by the admin.
pub fn decide(f: &Fixture, kind: Kind, approve: bool, comment: &str) -> i64 {
    let q = f
        .registry
        .application_queue(&f.admin.token, QueueQuery { kind: Some(kind), page: 1, page_size: 50, ..Default::default() })
        .unwrap();
    assert_eq!(q.total, 1, "one {kind:?} waiting");
    let id = q.items[0].id;
    let info = f
        .registry
        .decide_application(&f.admin.token, DecideArgs { application_id: id, approve, comment: comment.into() })
        .unwrap();
    assert_eq!(info.status, if approve { Status::Approved } else { Status::Rejected });
    id
}

#[test]
fn registration_draft_submit_reject_resubmit_approve() {
    let f = Fixture::new();
    let w = worker(&f, "ayiguli", "ayi@example.cn");
    let hub = f.registry.hub(&w.token, Target::default()).unwrap();
    assert!(hub.actions.iter().find(|a| a.key == HubKey::Register).unwrap().available);
    assert!(!hub.actions.iter().find(|a| a.key == HubKey::Print).unwrap().available);

    // A draft keeps anything, even incomplete or wrong.
    let mut partial = swreg_core::registration::record::RecordForm { name: "  阿依古丽·买买提 ".into(), id_number: "123".into(), ..Default::default() };
    partial.contact.mobile = "abc".into();
    let view = save(&f.registry, &w.token, Kind::Initial, partial.clone(), false).unwrap();
    assert_eq!(view.form.name, "阿依古丽·买买提");
    assert_eq!(view.form.id_number, "123");

    // A failed submit names every field and stores nothing new.
    let errors = field_errors(save(&f.registry, &w.token, Kind::Initial, partial, true).unwrap_err());
    let names: Vec<&str> = errors.iter().map(|e| e.0.as_str()).collect();
    for field in ["sex", "idNumber", "ethnicity", "mobile", "photo", "fields", "experience", "employer"] {
        assert!(names.contains(&field), "{field} missing from {names:?}");
    }
    let reloaded = f.registry.record_form(&w.token, RecordQuery { worker_id: None, kind: Kind::Initial }).unwrap();
    assert_eq!(reloaded.form.id_number, "123", "the draft is untouched");
    assert!(reloaded.editable);

    let view = save(&f.registry, &w.token, Kind::Initial, full_form(w.photo_id), true).unwrap();
    assert_eq!(view.form.id_number, "35020319900101123X", "lower-case x normalised");
    assert_eq!(view.form.contact.mobile, "13959200001");
    assert_eq!(view.form.fields, ["01", "04", "16"], "in the table's order");
    assert!(!view.editable, "read-only once submitted");
    assert!(view.photo.is_some());
    assert_eq!(view.application.as_ref().unwrap().status, Status::Submitted);
    assert!(matches!(save(&f.registry, &w.token, Kind::Initial, full_form(w.photo_id), false), Err(Error::Conflict(_))));

    decide(&f, Kind::Initial, false, "照片不清晰，请重新上传");
    let view = f.registry.record_form(&w.token, RecordQuery { worker_id: None, kind: Kind::Initial }).unwrap();
    assert!(view.editable, "editable again after rejection");
    assert_eq!(view.application.unwrap().decision_comment.as_deref(), Some("照片不清晰，请重新上传"));
    assert_eq!(view.form.name, "阿依古丽·买买提", "the rejected form comes back to edit");

    save(&f.registry, &w.token, Kind::Initial, view.form, true).unwrap();
    decide(&f, Kind::Initial, true, "");
    let view = f.registry.record_form(&w.token, RecordQuery { worker_id: None, kind: Kind::Initial }).unwrap();
    assert_eq!(view.status, RecordStatus::Registered);
    assert_eq!(view.registration_no.as_deref(), Some("厦社登202600001"));
    assert_eq!(view.valid_from.as_deref(), Some("2026-12-01"));
    assert_eq!(view.valid_until.as_deref(), Some("2027-12-01"), "full-time: one year");
    assert!(!view.editable);

    let mails = f.registry.list_outbox(&f.admin.token).unwrap();
    assert!(mails.iter().any(|m| m.subject.contains("初次登记已通过审核")));
    assert!(mails.iter().any(|m| m.subject.contains("初次登记未通过审核")));
}

#[test]
fn id_number_rules_show_beside_the_field() {
    let f = Fixture::new();
    let w = worker(&f, "ayiguli", "ayi@example.cn");
    let cases = [
        ("350203199001011231", "校验位"),
        ("350203199902291234", "不存在"),
        ("11010519491231002X", "出生日期"),
        ("350203203001011234", "晚于今天"),
    ];
    for (id, expect) in cases {
        let form = swreg_core::registration::record::RecordForm { id_number: id.into(), ..full_form(w.photo_id) };
        let errors = field_errors(save(&f.registry, &w.token, Kind::Initial, form, true).unwrap_err());
        let msg = errors.iter().find(|e| e.0 == "idNumber").unwrap_or_else(|| panic!("{id}: {errors:?}")).1.clone();
        assert!(msg.contains(expect), "{id}: {msg}");
    }
    // A sex digit that disagrees with 性别.
    let form = swreg_core::registration::record::RecordForm { sex: "2".into(), ..full_form(w.photo_id) };
    let errors = field_errors(save(&f.registry, &w.token, Kind::Initial, form, true).unwrap_err());
    assert!(errors.iter().any(|e| e.0 == "idNumber" && e.1.contains("性别")), "{errors:?}");
    // Rare characters and the middle dot survive storing and reloading.
    let form = swreg_core::registration::record::RecordForm { name: "𠈌·买买提".into(), ..full_form(w.photo_id) };
    save(&f.registry, &w.token, Kind::Initial, form, false).unwrap();
    let again = f.registry.record_form(&w.token, RecordQuery { worker_id: None, kind: Kind::Initial }).unwrap();
    assert_eq!(again.form.name, "𠈌·买买提");
}

fn registered(f: &Fixture) -> Worker {
    let w = worker(f, "ayiguli", "ayi@example.cn");
    save(&f.registry, &w.token, Kind::Initial, full_form(w.photo_id), true).unwrap();
    decide(f, Kind::Initial, true, "");
    w
}

#[test]
fn modification_request_then_modification() {
    let f = Fixture::new();
    let w = registered(&f);
    assert!(matches!(save(&f.registry, &w.token, Kind::Modification, full_form(w.photo_id), false), Err(Error::Conflict(_))));
    let empty = f.registry.submit_request(&w.token, RequestArgs { worker_id: None, kind: Kind::ModificationRequest, reason: " ".into() });
    assert_eq!(field_errors(empty.unwrap_err())[0].0, "reason");
    f.registry
        .submit_request(&w.token, RequestArgs { worker_id: None, kind: Kind::ModificationRequest, reason: "工作单位变更".into() })
        .unwrap();
    decide(&f, Kind::ModificationRequest, true, "");

    let view = f.registry.record_form(&w.token, RecordQuery { worker_id: None, kind: Kind::Modification }).unwrap();
    assert!(view.editable);
    let mut form = view.form;
    form.employer = "厦门市湖里区社会工作服务中心".into();
    form.district = "350206".into();
    save(&f.registry, &w.token, Kind::Modification, form, true).unwrap();

    let q = f.registry.application_queue(&f.admin.token, QueueQuery { kind: Some(Kind::Modification), page: 1, page_size: 10, ..Default::default() }).unwrap();
    let detail = f.registry.application_detail(&f.admin.token, q.items[0].id).unwrap();
    let changed: Vec<(&str, &str, &str)> =
        detail.changes.iter().map(|c| (c.label.as_str(), c.before.as_str(), c.after.as_str())).collect();
    assert_eq!(
        changed,
        [("所在区", "思明区", "湖里区"), ("目前所在单位", "厦门市思明区阳光社会工作服务中心", "厦门市湖里区社会工作服务中心")]
    );
    decide(&f, Kind::Modification, true, "");
    let view = f.registry.record_form(&w.token, RecordQuery { worker_id: None, kind: Kind::Modification }).unwrap();
    assert_eq!(view.form.employer, "厦门市湖里区社会工作服务中心");
    assert_eq!(view.valid_until.as_deref(), Some("2027-12-01"), "validity unchanged");
    assert!(!view.editable, "editing locks again");
}

#[test]
fn renewal_after_expiry_freeze_restoration() {
    let f = Fixture::new();
    let w = registered(&f);
    let hub = f.registry.hub(&w.token, Target::default()).unwrap();
    let renewal = hub.actions.iter().find(|a| a.key == HubKey::Renewal).unwrap();
    assert_eq!(renewal.reason.as_deref(), Some("登记有效期至 2027-12-01，可于 2027-10-02 起申请续期"));

    f.clock.advance(Duration::days(366));
    let w = Worker { token: f.login("ayiguli", WORKER_PASSWORD).unwrap().token, ..w };
    let admin = f.login("admin", ADMIN_PASSWORD).unwrap();
    let view = f.registry.record_form(&w.token, RecordQuery { worker_id: None, kind: Kind::Renewal }).unwrap();
    assert!(view.expired && view.editable);
    save(&f.registry, &w.token, Kind::Renewal, view.form, true).unwrap();
    let id = f.registry.application_queue(&admin.token, QueueQuery { kind: Some(Kind::Renewal), page: 1, page_size: 10, ..Default::default() }).unwrap().items[0].id;
    f.registry.decide_application(&admin.token, DecideArgs { application_id: id, approve: true, comment: String::new() }).unwrap();
    let view = f.registry.record_form(&w.token, RecordQuery { worker_id: None, kind: Kind::Renewal }).unwrap();
    assert_eq!(view.valid_until.as_deref(), Some("2028-12-02"), "a new year from the approval day");

    // Two years later, past the grace: the admin previews and freezes.
    f.clock.advance(Duration::days(366 + 100));
    let admin = f.login("admin", ADMIN_PASSWORD).unwrap();
    let w = Worker { token: f.login("ayiguli", WORKER_PASSWORD).unwrap().token, ..w };
    let candidates = f.registry.freeze_candidates(&admin.token).unwrap();
    assert_eq!(candidates.len(), 1);
    assert!(candidates[0].days_overdue > 90);
    let n = f.registry.freeze_expired(&admin.token, FreezeManyArgs { worker_ids: vec![w.worker_id], reason: "逾期未续期".into() }).unwrap();
    assert_eq!(n, 1);
    let hub = f.registry.hub(&w.token, Target::default()).unwrap();
    assert_eq!(hub.status, RecordStatus::Frozen);
    assert!(!hub.actions.iter().find(|a| a.key == HubKey::Renewal).unwrap().available, "a frozen record cannot renew");
    let view = f.registry.record_form(&w.token, RecordQuery { worker_id: None, kind: Kind::Restoration }).unwrap();
    save(&f.registry, &w.token, Kind::Restoration, view.form, true).unwrap();
    let id = f.registry.application_queue(&admin.token, QueueQuery { kind: Some(Kind::Restoration), page: 1, page_size: 10, ..Default::default() }).unwrap().items[0].id;
    f.registry.decide_application(&admin.token, DecideArgs { application_id: id, approve: true, comment: String::new() }).unwrap();
    let hub = f.registry.hub(&w.token, Target::default()).unwrap();
    assert_eq!(hub.status, RecordStatus::Registered);

    let lists = |kinds: Vec<Kind>, approved_only| {
        f.registry.applications_of(&w.token, HistoryQuery { worker_id: None, kinds, approved_only }).unwrap()
    };
    assert_eq!(lists(vec![Kind::Renewal], false).len(), 1);
    assert_eq!(lists(vec![Kind::Restoration], false).len(), 1);
    let approvals: Vec<Kind> = lists(vec![], true).iter().map(|a| a.kind).collect();
    assert_eq!(approvals, [Kind::Restoration, Kind::Renewal, Kind::Initial]);
    let single = f.registry.freeze_record(&admin.token, FreezeArgs { worker_id: w.worker_id, reason: "x".into() });
    assert!(matches!(single, Err(Error::Conflict(_))), "valid again: cannot be frozen");
}

#[test]
fn cards_are_issued_and_replaced() {
    let f = Fixture::new();
    let w = registered(&f);
    let none = f.registry.submit_request(&w.token, RequestArgs { worker_id: None, kind: Kind::CardReplacement, reason: "遗失".into() });
    assert!(matches!(none, Err(Error::Conflict(_))));
    let card = f.registry.issue_card(&f.admin.token, IssueCardArgs { worker_id: w.worker_id, card_no: "XM-0001".into() }).unwrap();
    assert_eq!(card.serial_no, "SG2026000001");
    f.registry.submit_request(&w.token, RequestArgs { worker_id: None, kind: Kind::CardReplacement, reason: "社工卡遗失".into() }).unwrap();
    decide(&f, Kind::CardReplacement, true, "");
    let cards = f.registry.cards_of(&w.token, Target::default()).unwrap();
    assert_eq!(cards.len(), 2);
    assert_eq!((cards[0].status.as_str(), cards[0].serial_no.as_str()), ("valid", "SG2026000002"));
    assert_eq!((cards[1].status.as_str(), cards[1].serial_no.as_str()), ("void", "SG2026000001"));
    assert_eq!(cards[0].card_no, "XM-0001");
}

/// The audit entry of an issued card is JSON whatever the card number holds.
#[test]
fn a_card_number_with_quotes_is_audited_as_valid_json() {
    let f = Fixture::new();
    let w = registered(&f);
    let odd = r#"XM"0001\"#;
    f.registry.issue_card(&f.admin.token, IssueCardArgs { worker_id: w.worker_id, card_no: odd.into() }).unwrap();
    let log = f.registry.audit_log(&f.admin.token, swreg_core::audit::AuditQuery { action: Some(swreg_core::audit::AuditAction::CardIssue), page: 1, page_size: 10, ..Default::default() }).unwrap();
    assert_eq!(log.total, 1);
    let after: serde_json::Value = serde_json::from_str(log.items[0].after.as_deref().unwrap()).expect("valid JSON");
    assert_eq!(after["cardNo"], odd);
    assert_eq!(after["serialNo"], "SG2026000001");
}

#[test]
fn contact_changes_need_no_review_and_are_audited() {
    let f = Fixture::new();
    let w = registered(&f);
    let mut c = full_form(w.photo_id).contact;
    c.mobile = "13600000000".into();
    c.postcode = "12".into();
    let errors = field_errors(f.registry.update_contact(&w.token, ContactArgs { worker_id: None, contact: c.clone() }).unwrap_err());
    assert_eq!(errors[0].0, "postcode");
    c.postcode = "361000".into();
    f.registry.update_contact(&w.token, ContactArgs { worker_id: None, contact: c }).unwrap();
    let view = f.registry.record_form(&w.token, RecordQuery { worker_id: None, kind: Kind::Initial }).unwrap();
    assert_eq!(view.form.contact.mobile, "13600000000");
    let log = f.registry.audit_log(&f.admin.token, swreg_core::audit::AuditQuery { action: Some(swreg_core::audit::AuditAction::RecordContact), page: 1, page_size: 10, ..Default::default() }).unwrap();
    assert_eq!(log.total, 1);
    assert!(log.items[0].before.as_ref().unwrap().contains("13959200001"));
    assert!(log.items[0].after.as_ref().unwrap().contains("13600000000"));
}

#[test]
fn the_audit_log_cannot_be_changed() {
    let f = Fixture::new();
    let _ = registered(&f);
    let conn = rusqlite::Connection::open(f.dir.path().join(swreg_core::DB_FILE_NAME)).unwrap();
    assert!(conn.execute("UPDATE audit_log SET note = 'x'", []).is_err());
    assert!(conn.execute("DELETE FROM audit_log", []).is_err());
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0)).unwrap();
    assert!(n >= 2);
}

#[test]
fn staff_enter_a_walk_in_worker() {
    let f = Fixture::new();
    let entered = f
        .registry
        .enter_worker(&f.admin.token, walk_in_args())
        .unwrap();
    let temp = entered.temp_password.password.unwrap();
    let photo = f.registry.upload_photo(&f.admin.token, Target { worker_id: Some(entered.worker_id) }, &png_photo()).unwrap();
    let prefilled = f.registry.record_form(&f.admin.token, RecordQuery { worker_id: Some(entered.worker_id), kind: Kind::Initial }).unwrap();
    assert_eq!(prefilled.form.birth_date, "1990-01-01", "prefilled from the ID number");
    f.registry
        .save_record(&f.admin.token, SaveRecordArgs { worker_id: Some(entered.worker_id), kind: Kind::Initial, form: full_form(photo.photo_id), submit: true })
        .unwrap();
    let view = f.registry.record_form(&f.admin.token, RecordQuery { worker_id: Some(entered.worker_id), kind: Kind::Initial }).unwrap();
    assert_eq!(view.entered_by.as_deref(), Some("陈建国"));
    assert!(view.entered_at.is_some());
    let q = f.registry.application_queue(&f.admin.token, QueueQuery { page: 1, page_size: 10, ..Default::default() }).unwrap();
    assert_eq!(q.items[0].entered_by.as_deref(), Some("陈建国"));

    // The worker logs in with the temporary password, must change it, then sees the record.
    let s = f.login("walkin01", &temp).unwrap();
    assert!(s.user.must_change_password);
    // Another worker cannot read this record.
    let other = worker_with_id(&f, "other1", "o@example.cn", ID_A);
    let denied = f.registry.record_form(&other.token, RecordQuery { worker_id: Some(entered.worker_id), kind: Kind::Initial });
    assert!(matches!(denied, Err(Error::Forbidden)));
}

/// 代录入 says at once when the ID number typed is someone's already, and offers the record;
/// only staff may ask.
#[test]
fn staff_find_who_holds_an_id_number() {
    let f = Fixture::new();
    let find = |token: &str, id: &str| f.registry.find_worker_by_id_number(token, FindByIdNumberArgs { id_number: id.into() });
    assert_eq!(find(&f.admin.token, "35020319900101123X").unwrap(), None, "nobody holds it yet");
    let entered = f
        .registry
        .enter_worker(&f.admin.token, walk_in_args())
        .unwrap();
    // Typed with a small x, as a clerk may.
    let known = find(&f.admin.token, "35020319900101123x").unwrap().expect("the walk-in worker");
    assert_eq!(known.worker_id, Some(entered.worker_id));
    assert_eq!(known.username, "walkin01");
    assert_eq!(known.name, "阿依古丽·买买提");
    assert_eq!(known.status.map(|s| s.as_str()), Some("unregistered"));
    assert_eq!(find(&f.admin.token, "3502031990010112").unwrap(), None, "a number not yet whole finds nobody");
    assert_eq!(find(&f.admin.token, "350203199001011231").unwrap(), None, "nor one with a wrong check digit");

    let worker = worker_with_id(&f, "other1", "o@example.cn", ID_A);
    assert!(matches!(find(&worker.token, "35020319900101123X"), Err(Error::Forbidden)), "workers may not ask");
    assert!(find("no-such-token", "35020319900101123X").is_err());
}
