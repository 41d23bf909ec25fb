//! Two-level review (初审 by the district, 终审 by the city) and separation of duties (职责分离):
//! scopes, levels, the setting changed while applications wait, the refusals and the audit log.

use crate::fixture::*;
use crate::roster::id_for;
use crate::workflow::worker;
use swreg_core::accounts::login::Session;
use swreg_core::accounts::recovery::ChangePasswordArgs;
use swreg_core::accounts::session::Role;
use swreg_core::accounts::signup::AccountQuery;
use swreg_core::accounts::staff::{CreateStaffArgs, Handover, SetEnabledArgs};
use swreg_core::audit::{AuditAction, AuditQuery, AuditRow};
use swreg_core::registration::review::{DecideArgs, QueueQuery, ReviewLevel, ReviewSettings, SetScopeArgs};
use swreg_core::registration::worker::{EnterWorkerArgs, RecordQuery, SaveRecordArgs, Target};
use swreg_core::registration::workflow::{Kind, RecordStatus, Status};
use swreg_core::Error;

const SIMING: &str = "350203";
const HULI: &str = "350206";
const DISTRICTS: [&str; 7] = ["350203", "350205", "350206", "350211", "350212", "350213", "350200"];

/// A staff account with the given scope, logged in with its own password.
fn staff(f: &Fixture, username: &str, name: &str, scope: Option<&str>) -> Session {
    let temp = f
        .registry
        .create_staff(&f.admin.token, CreateStaffArgs {
            username: username.into(),
            display_name: name.into(),
            role: Role::Reviewer,
            email: String::new(),
            handover: Handover::Show,
        })
        .unwrap()
        .password
        .unwrap();
    let s = f.login(username, &temp).unwrap();
    f.registry
        .change_password(&s.token, ChangePasswordArgs {
            old_password: temp,
            new_password: "Review2026x".into(),
            new_password_confirm: "Review2026x".into(),
        })
        .unwrap();
    let s = f.login(username, "Review2026x").unwrap();
    f.registry.set_review_scope(&f.admin.token, SetScopeArgs { user_id: s.user.id, scope: scope.map(Into::into) }).unwrap();
    s
}

/// A reviewer for every district but those given (without logging them in).
fn district_reviewers(f: &Fixture, except: &[&str]) {
    for code in DISTRICTS.iter().filter(|c| !except.contains(c)) {
        let username = format!("district{code}");
        f.registry
            .create_staff(&f.admin.token, CreateStaffArgs {
                username: username.clone(),
                display_name: "区审核员".into(),
                role: Role::Reviewer,
                email: String::new(),
                handover: Handover::Show,
            })
            .unwrap();
        let id = account_id(f, &username);
        f.registry.set_review_scope(&f.admin.token, SetScopeArgs { user_id: id, scope: Some((*code).into()) }).unwrap();
    }
}

fn account_id(f: &Fixture, username: &str) -> i64 {
    let page = f
        .registry
        .list_accounts(&f.admin.token, AccountQuery { search: username.into(), page: 1, page_size: 10, ..Default::default() })
        .unwrap();
    page.items.iter().find(|a| a.username == username).unwrap().id
}

/// 代录入 by `clerk`: a walk-in worker of `district`, their first application submitted.
/// Returns the worker and the application.
fn walk_in(f: &Fixture, clerk: &Session, n: u32, district: &str) -> (i64, i64) {
    let birth = format!("1990-01-{:02}", n + 1);
    let id_number = id_for("350203", &birth, true, false);
    let entered = f
        .registry
        .enter_worker(&clerk.token, EnterWorkerArgs {
            username: format!("walkin{n:02}"),
            display_name: format!("来访者{}", ["甲", "乙", "丙", "丁"][n as usize % 4]),
            id_number: id_number.clone(),
            phone: format!("1395920{n:04}"),
            email: String::new(),
            handover: Handover::Show,
        })
        .unwrap();
    let photo = f.registry.upload_photo(&clerk.token, Target { worker_id: Some(entered.worker_id) }, &png_photo()).unwrap();
    let mut form = full_form(photo.photo_id);
    form.id_number = id_number;
    form.birth_date = birth;
    form.district = district.into();
    let view = f
        .registry
        .save_record(&clerk.token, SaveRecordArgs { worker_id: Some(entered.worker_id), kind: Kind::Initial, form, submit: true })
        .unwrap();
    (entered.worker_id, view.application.unwrap().id)
}

fn decide(f: &Fixture, s: &Session, id: i64, approve: bool, comment: &str) -> Result<Status, Error> {
    f.registry.decide_application(&s.token, DecideArgs { application_id: id, approve, comment: comment.into() }).map(|i| i.status)
}

fn refusal(r: Result<Status, Error>) -> String {
    match r {
        Err(Error::Conflict(m)) => m,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn settings(f: &Fixture, two_level: bool, separation_of_duties: bool) -> Result<(), Error> {
    f.registry.save_review_settings(&f.admin.token, ReviewSettings { two_level, separation_of_duties })
}

/// The queue of waiting applications as `s` sees it, only theirs or all: (id, level) pairs.
fn queue(f: &Fixture, s: &Session, mine: bool) -> Vec<(i64, Option<ReviewLevel>)> {
    let page = f.registry.application_queue(&s.token, QueueQuery { mine: Some(mine), page: 1, page_size: 50, ..Default::default() }).unwrap();
    assert_eq!(page.total as usize, page.items.len());
    page.items.iter().map(|r| (r.id, r.level)).collect()
}

fn audit(f: &Fixture, action: AuditAction) -> Vec<AuditRow> {
    f.registry.audit_log(&f.admin.token, AuditQuery { action: Some(action), page: 1, page_size: 50, ..Default::default() }).unwrap().items
}

#[test]
fn the_clerk_who_entered_a_record_cannot_approve_it_and_another_reviewer_can() {
    let f = Fixture::new();
    let clerk = staff(&f, "clerk1", "王小明", None);
    let other = staff(&f, "reviewer2", "黄丽", None);
    let (worker_id, app) = walk_in(&f, &clerk, 1, SIMING);

    // The detail says so before the clerk tries; the refusal names the reason.
    let detail = f.registry.application_detail(&clerk.token, app).unwrap();
    let shown = detail.cannot_approve.expect("the clerk may not approve");
    assert!(shown.contains("职责分离"), "{shown}");
    assert_eq!(detail.cannot_reject, None, "退回 stays open to the clerk");
    let refused = refusal(decide(&f, &clerk, app, true, ""));
    assert_eq!(refused, shown);
    assert!(refused.contains("录入或修改过该申请"), "{refused}");
    assert_eq!(f.registry.application_detail(&other.token, app).unwrap().info.status, Status::Submitted, "nothing changed");

    // Another reviewer sees no obstacle and approves; the audit names who entered it.
    assert_eq!(f.registry.application_detail(&other.token, app).unwrap().cannot_approve, None);
    assert_eq!(decide(&f, &other, app, true, "").unwrap(), Status::Approved);
    let view = f.registry.record_form(&other.token, RecordQuery { worker_id: Some(worker_id), kind: Kind::Initial }).unwrap();
    assert_eq!(view.status, RecordStatus::Registered);
    let approved = audit(&f, AuditAction::ApplicationApprove);
    assert_eq!(approved.len(), 1);
    assert!(approved[0].actor.starts_with("黄丽"), "{:?}", approved[0].actor);
    assert!(approved[0].note.as_deref().unwrap().contains("代录入：王小明"), "{:?}", approved[0].note);
}

#[test]
fn staff_who_edited_a_workers_application_cannot_approve_it() {
    let f = Fixture::new();
    let w = worker(&f, "worker1", "w1@example.cn");
    let reviewer = staff(&f, "reviewer2", "黄丽", None);
    // The worker saves a draft; the admin completes and submits it at the counter.
    f.registry
        .save_record(&w.token, SaveRecordArgs { worker_id: None, kind: Kind::Initial, form: full_form(w.photo_id), submit: false })
        .unwrap();
    let view = f
        .registry
        .save_record(&f.admin.token, SaveRecordArgs {
            worker_id: Some(w.worker_id),
            kind: Kind::Initial,
            form: full_form(w.photo_id),
            submit: true,
        })
        .unwrap();
    let app = view.application.unwrap().id;
    let refused = refusal(decide(&f, &f.admin, app, true, ""));
    assert!(refused.contains("录入或修改过该申请") && refused.contains("职责分离"), "{refused}");
    // A worker's own application, untouched by staff, is approved by anyone: here the reviewer.
    assert_eq!(decide(&f, &reviewer, app, true, "").unwrap(), Status::Approved);
}

#[test]
fn with_separation_of_duties_off_one_person_may_do_both_and_the_audit_says_so() {
    let f = Fixture::new();
    let clerk = staff(&f, "clerk1", "王小明", None);
    let (_, app) = walk_in(&f, &clerk, 1, SIMING);
    settings(&f, false, false).unwrap();
    let changed = audit(&f, AuditAction::SettingsReview);
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0].note.as_deref(), Some("二级审核：关闭；职责分离：关闭"));

    assert_eq!(f.registry.application_detail(&clerk.token, app).unwrap().cannot_approve, None);
    assert_eq!(decide(&f, &clerk, app, true, "").unwrap(), Status::Approved);
    let approved = audit(&f, AuditAction::ApplicationApprove);
    let note = approved[0].note.as_deref().unwrap();
    assert!(approved[0].actor.starts_with("王小明"));
    assert!(note.contains("代录入：王小明") && note.contains("录入与审核通过为同一人"), "{note}");

    // Turned on again, the rule holds again.
    settings(&f, false, true).unwrap();
    let (_, second) = walk_in(&f, &clerk, 2, SIMING);
    assert!(refusal(decide(&f, &clerk, second, true, "")).contains("职责分离"));
}

#[test]
fn two_level_review_needs_every_district_and_the_city_covered() {
    let f = Fixture::new();
    let refused = settings(&f, true, true).unwrap_err();
    let Error::Invalid(fields) = refused else { panic!("{refused:?}") };
    assert_eq!(fields[0].field, "twoLevel");
    assert!(fields[0].message.contains("思明区") && fields[0].message.contains("市本级"), "{}", fields[0].message);
    assert!(!f.registry.review_settings(&f.admin.token).unwrap().two_level);

    district_reviewers(&f, &[SIMING]);
    let siming = staff(&f, "siming1", "林思明", Some(SIMING));
    settings(&f, true, true).unwrap();
    assert!(f.registry.review_settings(&f.admin.token).unwrap().two_level);

    // While it is on, no change may leave a district or the city without a reviewer.
    let moved = f.registry.set_review_scope(&f.admin.token, SetScopeArgs { user_id: siming.user.id, scope: Some(HULI.into()) });
    assert!(matches!(&moved, Err(Error::Conflict(m)) if m.contains("思明区")), "{moved:?}");
    let to_city = f.registry.set_review_scope(&f.admin.token, SetScopeArgs { user_id: f.admin.user.id, scope: Some(HULI.into()) });
    assert!(matches!(&to_city, Err(Error::Conflict(m)) if m.contains("全市")), "{to_city:?}");
    let disabled = f.registry.set_account_enabled(&f.admin.token, SetEnabledArgs { user_id: siming.user.id, enabled: false });
    assert!(matches!(&disabled, Err(Error::Conflict(m)) if m.contains("思明区")), "{disabled:?}");
    let accounts = f.registry.list_accounts(&f.admin.token, AccountQuery { page: 1, page_size: 50, ..Default::default() }).unwrap();
    let row = accounts.items.iter().find(|a| a.id == siming.user.id).unwrap();
    assert_eq!(row.review_scope.as_deref(), Some(SIMING), "the refused change left the scope");
    assert_eq!(accounts.items.iter().find(|a| a.id == f.admin.user.id).unwrap().review_scope, None);

    // Scopes are district codes of the table, for staff only, set by admins only.
    let bad = f.registry.set_review_scope(&f.admin.token, SetScopeArgs { user_id: siming.user.id, scope: Some("110105".into()) });
    assert!(matches!(bad, Err(Error::Invalid(_))));
    let w = worker(&f, "worker1", "w1@example.cn");
    let uid = account_id(&f, "worker1");
    assert!(matches!(f.registry.set_review_scope(&f.admin.token, SetScopeArgs { user_id: uid, scope: None }), Err(Error::Conflict(_))));
    assert!(matches!(
        f.registry.set_review_scope(&siming.token, SetScopeArgs { user_id: siming.user.id, scope: None }),
        Err(Error::Forbidden)
    ));
    assert!(matches!(f.registry.review_context(&w.token), Err(Error::Forbidden)));
    let ctx = f.registry.review_context(&siming.token).unwrap();
    assert_eq!((ctx.two_level, ctx.scope.as_deref(), ctx.scope_label.as_str(), ctx.decides), (true, Some(SIMING), "思明区", Some(ReviewLevel::First)));
    let ctx = f.registry.review_context(&f.admin.token).unwrap();
    assert_eq!((ctx.scope_label.as_str(), ctx.decides), ("全市", Some(ReviewLevel::Final)));

    // With it off, scopes change freely.
    settings(&f, false, true).unwrap();
    f.registry.set_review_scope(&f.admin.token, SetScopeArgs { user_id: siming.user.id, scope: Some(HULI.into()) }).unwrap();
    assert_eq!(f.registry.review_context(&siming.token).unwrap().decides, None);
}

#[test]
fn first_the_district_then_the_city() {
    let f = Fixture::new();
    let clerk = staff(&f, "clerk1", "王小明", None);
    let city = staff(&f, "city1", "黄丽", None);
    let siming = staff(&f, "siming1", "林思明", Some(SIMING));
    let huli = staff(&f, "huli1", "郑湖里", Some(HULI));
    // A second reviewer for 思明区, so that 林思明 may later move to the city.
    district_reviewers(&f, &[HULI]);
    settings(&f, true, true).unwrap();
    let (worker_id, app) = walk_in(&f, &clerk, 1, SIMING);

    // 初审 waits for 思明区: its reviewer sees it as theirs; the city and 湖里区 see it waiting.
    assert_eq!(queue(&f, &siming, true), vec![(app, Some(ReviewLevel::First))]);
    assert_eq!(queue(&f, &huli, true), vec![]);
    assert_eq!(queue(&f, &city, true), vec![]);
    assert_eq!(queue(&f, &city, false), vec![(app, Some(ReviewLevel::First))]);
    let detail = f.registry.application_detail(&city.token, app).unwrap();
    assert_eq!(detail.level, Some(ReviewLevel::First));
    assert!(detail.cannot_reject.as_deref().unwrap().contains("须由思明区的审核员初审"), "{:?}", detail.cannot_reject);
    assert!(refusal(decide(&f, &city, app, true, "")).contains("须由思明区的审核员初审"));
    assert!(refusal(decide(&f, &huli, app, false, "不是本区")).contains("您的审核范围为湖里区"));

    // 初审 通过: still waiting, now for the city; nothing on the record changed yet.
    assert_eq!(decide(&f, &siming, app, true, "材料齐全").unwrap(), Status::Submitted);
    let view = f.registry.record_form(&city.token, RecordQuery { worker_id: Some(worker_id), kind: Kind::Initial }).unwrap();
    assert_eq!(view.status, RecordStatus::Unregistered);
    assert_eq!(queue(&f, &siming, true), vec![]);
    assert_eq!(queue(&f, &city, true), vec![(app, Some(ReviewLevel::Final))]);
    let first_only = f
        .registry
        .application_queue(&city.token, QueueQuery { level: Some(ReviewLevel::First), page: 1, page_size: 50, ..Default::default() })
        .unwrap();
    assert_eq!(first_only.total, 0);
    assert!(refusal(decide(&f, &siming, app, true, "")).contains("待全市终审"));
    // The 初审 reviewer may not take 终审 too, whatever their scope becomes.
    settings(&f, false, true).unwrap();
    f.registry.set_review_scope(&f.admin.token, SetScopeArgs { user_id: siming.user.id, scope: None }).unwrap();
    settings(&f, true, true).unwrap();
    assert!(refusal(decide(&f, &siming, app, true, "")).contains("终审须由另一位审核员"));

    // 终审 通过 by the city: registered.
    assert_eq!(decide(&f, &city, app, true, "同意登记").unwrap(), Status::Approved);
    let view = f.registry.record_form(&city.token, RecordQuery { worker_id: Some(worker_id), kind: Kind::Initial }).unwrap();
    assert_eq!(view.status, RecordStatus::Registered);
    let detail = f.registry.application_detail(&city.token, app).unwrap();
    assert_eq!(detail.level, None, "decided");
    let steps: Vec<_> = detail.reviews.iter().map(|s| (s.level, s.approved, s.by.as_str(), s.comment.as_deref())).collect();
    assert_eq!(steps, vec![
        (Some(ReviewLevel::First), true, "林思明", Some("材料齐全")),
        (Some(ReviewLevel::Final), true, "黄丽", Some("同意登记")),
    ]);
    let first = audit(&f, AuditAction::ApplicationFirstApprove);
    assert_eq!(first.len(), 1);
    assert!(first[0].actor.starts_with("林思明"));
    assert_eq!(first[0].note.as_deref(), Some(format!("{}（初审）：材料齐全；代录入：王小明", Kind::Initial.label()).as_str()));
    let last = audit(&f, AuditAction::ApplicationApprove);
    assert!(last[0].actor.starts_with("黄丽"));
    assert_eq!(last[0].note.as_deref(), Some(format!("{}（终审）：同意登记；代录入：王小明", Kind::Initial.label()).as_str()));
}

#[test]
fn either_level_returns_the_application_with_its_own_comment() {
    let f = Fixture::new();
    let clerk = staff(&f, "clerk1", "王小明", None);
    let city = staff(&f, "city1", "黄丽", None);
    let siming = staff(&f, "siming1", "林思明", Some(SIMING));
    district_reviewers(&f, &[SIMING]);
    settings(&f, true, true).unwrap();
    let (_, at_first) = walk_in(&f, &clerk, 1, SIMING);
    let (_, at_final) = walk_in(&f, &clerk, 2, SIMING);

    assert_eq!(decide(&f, &siming, at_first, false, "照片不清晰").unwrap(), Status::Rejected);
    assert_eq!(decide(&f, &siming, at_final, true, "").unwrap(), Status::Submitted);
    assert_eq!(decide(&f, &city, at_final, false, "单位名称有误").unwrap(), Status::Rejected);

    let one = f.registry.application_detail(&city.token, at_first).unwrap();
    assert_eq!(one.info.decision_comment.as_deref(), Some("照片不清晰"), "the worker reads the 初审 comment");
    let steps: Vec<_> = one.reviews.iter().map(|s| (s.level, s.approved, s.comment.as_deref())).collect();
    assert_eq!(steps, vec![(Some(ReviewLevel::First), false, Some("照片不清晰"))]);
    let two = f.registry.application_detail(&city.token, at_final).unwrap();
    assert_eq!(two.info.decision_comment.as_deref(), Some("单位名称有误"), "the worker reads the 终审 comment");
    let steps: Vec<_> = two.reviews.iter().map(|s| (s.level, s.approved, s.comment.as_deref())).collect();
    assert_eq!(steps, vec![(Some(ReviewLevel::First), true, None), (Some(ReviewLevel::Final), false, Some("单位名称有误"))]);
    let rejected: Vec<_> = audit(&f, AuditAction::ApplicationReject).into_iter().filter_map(|r| r.note).collect();
    assert_eq!(rejected, vec![
        format!("{}（终审）：单位名称有误", Kind::Initial.label()),
        format!("{}（初审）：照片不清晰", Kind::Initial.label()),
    ]);
}

#[test]
fn changing_the_setting_while_applications_wait_strands_none() {
    let f = Fixture::new();
    let clerk = staff(&f, "clerk1", "王小明", None);
    let city = staff(&f, "city1", "黄丽", None);
    let siming = staff(&f, "siming1", "林思明", Some(SIMING));
    let huli = staff(&f, "huli1", "郑湖里", Some(HULI));
    district_reviewers(&f, &[SIMING, HULI]);

    // Off → on: what waits starts at 初审, in its district's queue.
    let (_, a) = walk_in(&f, &clerk, 1, SIMING);
    let (_, b) = walk_in(&f, &clerk, 2, SIMING);
    let (_, c) = walk_in(&f, &clerk, 3, HULI);
    assert_eq!(queue(&f, &siming, true), vec![(a, None), (b, None), (c, None)], "one level: everything is everyone's");
    settings(&f, true, true).unwrap();
    assert_eq!(queue(&f, &siming, true), vec![(a, Some(ReviewLevel::First)), (b, Some(ReviewLevel::First))]);
    assert_eq!(queue(&f, &huli, true), vec![(c, Some(ReviewLevel::First))]);
    assert_eq!(decide(&f, &siming, a, true, "初审意见").unwrap(), Status::Submitted);
    assert_eq!(decide(&f, &huli, c, true, "").unwrap(), Status::Submitted);
    assert_eq!(queue(&f, &city, true), vec![(a, Some(ReviewLevel::Final)), (c, Some(ReviewLevel::Final))]);

    // On → off with two past 初审 and one before it: each takes one more decision, by anyone.
    settings(&f, false, true).unwrap();
    assert_eq!(queue(&f, &huli, true), vec![(a, None), (b, None), (c, None)]);
    assert_eq!(f.registry.application_detail(&huli.token, a).unwrap().level, None);
    assert_eq!(decide(&f, &huli, a, true, "").unwrap(), Status::Approved, "a district reviewer, as before");
    assert_eq!(decide(&f, &city, b, true, "").unwrap(), Status::Approved);
    assert_eq!(decide(&f, &siming, c, false, "请补充材料").unwrap(), Status::Rejected);
    assert_eq!(queue(&f, &city, false), vec![]);
    // The 初审 taken before the switch stays in the detail beside the one-level decision.
    let steps: Vec<_> = f.registry.application_detail(&city.token, a).unwrap().reviews.iter().map(|s| (s.level, s.approved)).collect();
    assert_eq!(steps, vec![(Some(ReviewLevel::First), true), (None, true)]);
    let note = audit(&f, AuditAction::ApplicationApprove).into_iter().find(|r| r.application_id == Some(a)).unwrap().note.unwrap();
    assert_eq!(note, format!("{}；代录入：王小明", Kind::Initial.label()));
}
