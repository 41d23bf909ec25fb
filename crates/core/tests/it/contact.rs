//! 联系信息修改 while applications are open, and the record's identity (its ID number) being the
//! account's.

use crate::fixture::*;
use crate::workflow::{decide, worker, worker_with_id, Worker};
use base64::Engine;
use std::process::Command;
use swreg_core::accounts::staff::Handover;
use swreg_core::records::roster::{RevealArgs, RevealField};
use swreg_core::registration::record::{Contact, RecordForm};
use swreg_core::registration::review::{DecideArgs, QueueQuery};
use swreg_core::registration::worker::{
    ContactArgs, EnterWorkerArgs, RecordQuery, RecordView, RequestArgs, SaveRecordArgs, Target,
};
use swreg_core::registration::workflow::{Kind, RecordStatus, Status};
use swreg_core::Error;

const NEW_MOBILE: &str = "13600000000";

fn save(f: &Fixture, w: &Worker, kind: Kind, form: RecordForm, submit: bool) -> Result<RecordView, Error> {
    f.registry.save_record(&w.token, SaveRecordArgs { worker_id: None, kind, form, submit })
}

fn form_view(f: &Fixture, w: &Worker, kind: Kind) -> RecordView {
    f.registry.record_form(&w.token, RecordQuery { worker_id: None, kind }).unwrap()
}

fn change_mobile(f: &Fixture, w: &Worker, mobile: &str) -> Contact {
    let mut c = form_view(f, w, Kind::Initial).form.contact;
    c.mobile = mobile.into();
    f.registry.update_contact(&w.token, ContactArgs { worker_id: None, contact: c }).unwrap()
}

fn waiting(f: &Fixture, kind: Kind) -> i64 {
    let q = f
        .registry
        .application_queue(&f.admin.token, QueueQuery { kind: Some(kind), page: 1, page_size: 10, ..Default::default() })
        .unwrap();
    assert_eq!(q.total, 1, "one {kind:?} waiting");
    q.items[0].id
}

/// The mobile as 登记名册 shows it to staff who reveal it, and as the printed form reads it.
fn mobile_in_roster_and_pdf(f: &Fixture, w: &Worker) -> (String, String) {
    let roster = f
        .registry
        .reveal(&f.admin.token, RevealArgs { worker_id: w.worker_id, field: RevealField::Mobile, purpose: "核对联系方式".into() })
        .unwrap();
    let pdf = f.registry.record_pdf(&w.token, Target::default()).unwrap();
    let path = f.dir.path().join("form.pdf");
    std::fs::write(&path, base64::engine::general_purpose::STANDARD.decode(pdf.base64).unwrap()).unwrap();
    let out = Command::new("pdftotext").args(["-raw", path.to_str().unwrap(), "-"]).output().expect("pdftotext (poppler-utils)");
    (roster, String::from_utf8(out.stdout).unwrap())
}

#[test]
fn a_contact_change_during_the_first_review_survives_rejection_and_approval() {
    let f = Fixture::new();
    let w = worker(&f, "ayiguli", "ayi@example.cn");
    save(&f, &w, Kind::Initial, full_form(w.photo_id), true).unwrap();
    change_mobile(&f, &w, NEW_MOBILE);

    // The reviewer sees the application as it now stands, the new mobile included.
    let id = waiting(&f, Kind::Initial);
    let detail = f.registry.application_detail(&f.admin.token, id).unwrap();
    assert_eq!(detail.form.unwrap().contact.mobile, NEW_MOBILE);

    decide(&f, Kind::Initial, false, "照片不清晰");
    let returned = form_view(&f, &w, Kind::Initial);
    assert!(returned.editable);
    assert_eq!(returned.form.contact.mobile, NEW_MOBILE, "the returned form carries the contact change");
    assert_eq!(returned.form.contact.address, "厦门市思明区湖滨南路1号", "the rest of the contact stays");

    save(&f, &w, Kind::Initial, returned.form, true).unwrap();
    decide(&f, Kind::Initial, true, "");
    let view = form_view(&f, &w, Kind::Initial);
    assert_eq!(view.status, RecordStatus::Registered);
    assert_eq!(view.form.contact.mobile, NEW_MOBILE);
    let (roster, pdf) = mobile_in_roster_and_pdf(&f, &w);
    assert_eq!(roster, NEW_MOBILE);
    assert!(pdf.contains(NEW_MOBILE), "the PDF shows the new mobile:\n{pdf}");
    assert!(!pdf.contains("13959200001"), "the PDF no longer shows the old mobile");
}

/// A registered worker whose 信息修改 (the edited record) waits for review.
fn modification_waiting(f: &Fixture, employer: &str) -> Worker {
    let w = worker(f, "ayiguli", "ayi@example.cn");
    save(f, &w, Kind::Initial, full_form(w.photo_id), true).unwrap();
    decide(f, Kind::Initial, true, "");
    f.registry
        .submit_request(&w.token, RequestArgs { worker_id: None, kind: Kind::ModificationRequest, reason: "单位变更".into() })
        .unwrap();
    decide(f, Kind::ModificationRequest, true, "");
    let mut form = form_view(f, &w, Kind::Modification).form;
    form.employer = employer.into();
    save(f, &w, Kind::Modification, form, true).unwrap();
    w
}

#[test]
fn a_contact_change_while_a_modification_waits_is_not_undone_by_its_approval() {
    let f = Fixture::new();
    let w = modification_waiting(&f, "厦门市湖里区社会工作服务中心");
    change_mobile(&f, &w, NEW_MOBILE);

    // The diff is the application's own edit only: the employer, not the mobile.
    let id = waiting(&f, Kind::Modification);
    let detail = f.registry.application_detail(&f.admin.token, id).unwrap();
    let changed: Vec<&str> = detail.changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(changed, ["employer"], "{:?}", detail.changes);

    decide(&f, Kind::Modification, true, "");
    let view = form_view(&f, &w, Kind::Initial);
    assert_eq!(view.form.employer, "厦门市湖里区社会工作服务中心", "the application's edit is applied");
    assert_eq!(view.form.contact.mobile, NEW_MOBILE, "the contact change stays");
    let (roster, pdf) = mobile_in_roster_and_pdf(&f, &w);
    assert_eq!(roster, NEW_MOBILE);
    assert!(pdf.contains(NEW_MOBILE), "{pdf}");
}

#[test]
fn a_contact_change_reaches_drafts_and_returned_forms_of_every_kind() {
    let f = Fixture::new();
    let w = modification_waiting(&f, "厦门市湖里区社会工作服务中心");
    decide(&f, Kind::Modification, false, "请补充单位证明");
    change_mobile(&f, &w, NEW_MOBILE);
    let returned = form_view(&f, &w, Kind::Modification);
    assert_eq!(returned.application.as_ref().unwrap().status, Status::Rejected);
    assert_eq!(returned.form.contact.mobile, NEW_MOBILE);
    assert_eq!(returned.form.employer, "厦门市湖里区社会工作服务中心", "the returned edit is kept");

    // A draft saved after the change keeps both; a later change reaches it too.
    save(&f, &w, Kind::Modification, returned.form, false).unwrap();
    change_mobile(&f, &w, "13700000000");
    assert_eq!(form_view(&f, &w, Kind::Modification).form.contact.mobile, "13700000000");
}

#[test]
fn a_contact_edit_made_in_the_form_after_a_contact_change_is_the_workers_and_is_applied() {
    let f = Fixture::new();
    let w = worker(&f, "ayiguli", "ayi@example.cn");
    save(&f, &w, Kind::Initial, full_form(w.photo_id), false).unwrap();
    change_mobile(&f, &w, NEW_MOBILE);
    // The form, reopened, carries the change; the worker then edits the mobile in the form.
    let mut form = form_view(&f, &w, Kind::Initial).form;
    assert_eq!(form.contact.mobile, NEW_MOBILE);
    form.contact.mobile = "13800000000".into();
    save(&f, &w, Kind::Initial, form, true).unwrap();
    let id = waiting(&f, Kind::Initial);
    f.registry.decide_application(&f.admin.token, DecideArgs { application_id: id, approve: true, comment: String::new() }).unwrap();
    assert_eq!(form_view(&f, &w, Kind::Initial).form.contact.mobile, "13800000000");
}

#[test]
fn the_record_id_number_is_the_accounts() {
    let f = Fixture::new();
    let w = worker(&f, "ayiguli", "ayi@example.cn");
    // Someone else's (valid) ID number: refused beside the field, nothing stored changes.
    let other = RecordForm { id_number: "440305198512254511".into(), birth_date: "1985-12-25".into(), ..full_form(w.photo_id) };
    let err = save(&f, &w, Kind::Initial, other.clone(), true).unwrap_err();
    let Error::Invalid(fields) = err else { panic!("field errors expected") };
    let msg = &fields.iter().find(|e| e.field == "idNumber").expect("idNumber error").message;
    assert!(msg.contains("账号") && msg.contains("工作人员"), "{msg}");
    assert!(form_view(&f, &w, Kind::Initial).application.is_none(), "nothing submitted");

    // A draft keeps what was typed, but the record keeps the account's number.
    let view = save(&f, &w, Kind::Initial, other, false).unwrap();
    assert_eq!(view.form.id_number, "440305198512254511");
    let roster = f
        .registry
        .reveal(&f.admin.token, RevealArgs { worker_id: w.worker_id, field: RevealField::IdNumber, purpose: "核对身份".into() })
        .unwrap();
    assert_eq!(roster, "35020319900101123X");

    // Another person whose account holds that number: the draft blocks neither their
    // registration nor staff entering them.
    let b = worker_with_id(&f, "zhangwei", "zw@example.cn", "440305198512254511");
    let form_b = RecordForm { id_number: "440305198512254511".into(), birth_date: "1985-12-25".into(), ..full_form(b.photo_id) };
    save(&f, &b, Kind::Initial, form_b, true).expect("the other's draft claims nothing");
    // The own number still submits.
    save(&f, &w, Kind::Initial, full_form(w.photo_id), true).unwrap();
}

#[test]
fn a_draft_with_a_typed_id_number_does_not_block_staff_entry() {
    let f = Fixture::new();
    let w = worker(&f, "ayiguli", "ayi@example.cn");
    let typed = RecordForm { id_number: "440305198512254511".into(), ..full_form(w.photo_id) };
    save(&f, &w, Kind::Initial, typed, false).unwrap();
    let entered = f.registry.enter_worker(&f.admin.token, EnterWorkerArgs {
        username: "walkin01".into(),
        display_name: "张伟".into(),
        id_number: "440305198512254511".into(),
        phone: "13959200002".into(),
        email: String::new(),
        handover: Handover::Show,
    });
    assert!(entered.is_ok(), "{entered:?}");
}

#[test]
fn staff_entering_a_record_keep_the_accounts_id_number() {
    let f = Fixture::new();
    let entered = f
        .registry
        .enter_worker(&f.admin.token, walk_in_args())
        .unwrap();
    let photo = f.registry.upload_photo(&f.admin.token, Target { worker_id: Some(entered.worker_id) }, &png_photo()).unwrap();
    let other = RecordForm { id_number: "440305198512254511".into(), birth_date: "1985-12-25".into(), ..full_form(photo.photo_id) };
    let args = |form| SaveRecordArgs { worker_id: Some(entered.worker_id), kind: Kind::Initial, form, submit: true };
    let err = f.registry.save_record(&f.admin.token, args(other)).unwrap_err();
    assert!(matches!(&err, Error::Invalid(v) if v.iter().any(|e| e.field == "idNumber")), "{err:?}");
    f.registry.save_record(&f.admin.token, args(full_form(photo.photo_id))).unwrap();
}
