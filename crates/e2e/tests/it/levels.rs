//! Separation of duties and two-level review through the real window: a clerk's 代录入 whose
//! approval is refused to that clerk, with the reason on screen, and approved by another
//! reviewer; an admin gives a reviewer a district and turns two-level review on, the district's
//! reviewer passes one application at 初审 and returns another at 初审 (the worker reads that
//! level's comment), and a city reviewer approves the first at 终审; its detail shows both
//! decisions.

use crate::accounts::{data_with_admin, login, logout, ADMIN_PASSWORD};
use crate::harness::{core_login, test_app, App};
use crate::record::{fill_record, photo_file};
use std::path::Path;
use thirtyfour::prelude::ElementQueryable;
use std::sync::Arc;
use std::time::{Duration, Instant};
use swreg_core::accounts::recovery::ChangePasswordArgs;
use swreg_core::accounts::staff::{CreateStaffArgs, Handover};
use swreg_core::accounts::signup::{AccountQuery, RegisterArgs, ReviewAccountArgs};
use swreg_core::audit::{AuditAction, AuditQuery};
use swreg_core::registration::review::{QueueQuery, SetScopeArgs};
use swreg_core::registration::worker::{RecordQuery, SaveRecordArgs, Target};
use swreg_core::registration::workflow::{Kind, Status};
use swreg_core::{validate, Clock, Registry, Role, SystemClock};

const STAFF_PASSWORD: &str = "Review2026x";

/// A reviewer account whose password is already its own; returns its id.
fn reviewer(registry: &Registry, admin: &str, username: &str, name: &str) -> i64 {
    let temp = registry
        .create_staff(admin, CreateStaffArgs {
            username: username.into(),
            display_name: name.into(),
            role: Role::Reviewer,
            email: String::new(),
            handover: Handover::Show,
        })
        .unwrap()
        .password
        .unwrap();
    let token = core_login(registry, username, &temp);
    let user = registry
        .change_password(&token, ChangePasswordArgs {
            old_password: temp,
            new_password: STAFF_PASSWORD.into(),
            new_password_confirm: STAFF_PASSWORD.into(),
        })
        .unwrap();
    user.id
}

/// Waits until the element's text satisfies `ok` (the state it shows was stored).
async fn wait_text_of(app: &App, test_id: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let text = app.el(test_id).await.text().await.unwrap_or_default();
        if ok(&text) {
            return text;
        }
        if Instant::now() > deadline {
            app.failure_shot(test_id).await;
            panic!("{test_id} shows {text:?}");
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Waits for an element longer than `App::el` does.
async fn shown_within(app: &App, test_id: &str, secs: u64) {
    let by = thirtyfour::By::Css(format!("[data-testid='{test_id}']"));
    let found = app.driver.query(by).wait(Duration::from_secs(secs), Duration::from_millis(200)).and_displayed().first().await;
    found.unwrap_or_else(|e| panic!("no [data-testid={test_id}] within {secs} s: {e}"));
}

/// The text of the first element whose test id starts with `prefix`, once one is shown.
async fn first_text(app: &App, prefix: &str) -> String {
    let by = thirtyfour::By::Css(format!("[data-testid^='{prefix}']"));
    let el = app.driver.query(by).wait(Duration::from_secs(15), Duration::from_millis(100)).and_displayed().first().await;
    el.unwrap_or_else(|e| panic!("no [data-testid^={prefix}]: {e}")).text().await.unwrap_or_default().trim().to_owned()
}

async fn is_checked(app: &App, test_id: &str) -> bool {
    app.el(test_id).await.class_name().await.ok().flatten().unwrap_or_default().contains("is-checked")
}

async fn is_disabled(app: &App, test_id: &str) -> bool {
    app.el(test_id).await.attr("disabled").await.ok().flatten().is_some()
}

fn reopen(data: &Path) -> (Registry, String) {
    let registry = Registry::open(data, Arc::new(SystemClock)).unwrap();
    let admin = core_login(&registry, "admin", ADMIN_PASSWORD);
    (registry, admin)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_clerk_who_entered_a_record_cannot_approve_it() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    {
        let registry = data_with_admin(&data);
        let admin = core_login(&registry, "admin", ADMIN_PASSWORD);
        reviewer(&registry, &admin, "luru", "王小明");
        reviewer(&registry, &admin, "shenhe", "黄丽");
    }
    let photo = photo_file(dir.path());
    let mut app = App::start_with(&test_app(), &data, "levels-separation", &[("SWREG_TEST_PHOTO", photo.as_str())]).await;

    // The clerk enters a walk-in worker and their registration, and submits it.
    login(&app, "luru", STAFF_PASSWORD).await;
    app.menu("menu-staff-enter").await;
    app.fill("enter-username", "walkin01").await;
    app.fill("enter-display-name", "阿依古丽").await;
    app.fill("enter-id-number", "35020319900101123X").await;
    app.fill("enter-phone", "13959200001").await;
    // The record starts from the account: its ID number (the record's must equal it) and its
    // e-mail, which 提交审核 needs.
    app.fill("enter-email", "walkin01@example.cn").await;
    app.click("enter-submit").await;
    app.el("temp-password").await;
    app.click("temp-password-close").await;
    app.el("record-form").await;
    fill_record(&app).await;
    app.click("record-submit").await;
    // Stored: the page says the record was submitted (a busy machine may take a while).
    shown_within(&app, "enter-submitted", 60).await;

    // In the queue, the same clerk is told why they may not approve it.
    app.menu("menu-staff-review").await;
    assert_eq!(first_text(&app, "queue-entered-").await, "代录入");
    app.click_first("queue-open-").await;
    let reason = wait_text_of(&app, "detail-refusal", |t| !t.is_empty()).await;
    assert!(reason.contains("录入或修改过该申请") && reason.contains("职责分离"), "{reason}");
    assert!(is_disabled(&app, "detail-approve").await, "通过 is not offered to the clerk");
    assert!(!is_disabled(&app, "detail-reject").await, "退回 stays open");
    app.shot("refused-to-the-clerk").await;
    logout(&app).await;

    // Another reviewer approves it.
    login(&app, "shenhe", STAFF_PASSWORD).await;
    app.menu("menu-staff-review").await;
    app.click_first("queue-open-").await;
    app.el("detail-page").await;
    assert!(!app.exists("detail-refusal").await);
    app.click("detail-approve").await;
    app.click("confirm-ok").await;
    app.el("queue-empty").await;
    app.shot("approved-by-another").await;
    app.quit().await;

    let (registry, admin) = reopen(&data);
    let decided = registry
        .application_queue(&admin, QueueQuery { status: Some(Status::Approved), page: 1, page_size: 10, ..Default::default() })
        .unwrap();
    assert_eq!(decided.total, 1);
    let log = registry.audit_log(&admin, AuditQuery { action: Some(AuditAction::ApplicationApprove), page: 1, page_size: 10, ..Default::default() }).unwrap();
    assert!(log.items[0].actor.starts_with("黄丽"), "{:?}", log.items[0].actor);
    assert!(log.items[0].note.as_deref().unwrap_or_default().contains("代录入：王小明"), "{:?}", log.items[0].note);
}

/// A valid ID number of a man born on `birth` (YYYYMMDD) in 思明区.
pub fn id_number_born(birth: &str) -> String {
    let today = SystemClock.today();
    (101..999)
        .step_by(2)
        .flat_map(|seq| "0123456789X".chars().map(move |c| format!("350203{birth}{seq:03}{c}")))
        .find(|v| validate::id_number(v, today).is_ok())
        .expect("some sequence and check character")
}

/// A second worker of 思明区, 陈文 (chenwen), whose first registration waits; returns its id.
fn second_worker(registry: &Registry, admin: &str, photo: &str) -> i64 {
    let id_number = id_number_born("19880315");
    let captcha = registry.new_captcha().expect("captcha");
    let answer = registry.peek_captcha(&captcha.id).expect("answer");
    registry
        .register(RegisterArgs {
            username: "chenwen".into(),
            password: "Worker2026".into(),
            password_confirm: "Worker2026".into(),
            display_name: "陈文".into(),
            id_number: id_number.clone(),
            phone: "13959200002".into(),
            email: "chenwen@example.cn".into(),
            captcha_id: captcha.id,
            captcha_answer: answer,
        })
        .unwrap();
    let account = registry.account_queue(admin, AccountQuery { search: "chenwen".into(), page: 1, page_size: 5, ..Default::default() }).unwrap();
    registry.review_account(admin, ReviewAccountArgs { user_id: account.items[0].id, approve: true, comment: String::new() }).unwrap();
    let worker = core_login(registry, "chenwen", "Worker2026");
    let photo = registry.upload_photo(&worker, Target::default(), &std::fs::read(photo).unwrap()).unwrap();
    let mut form = crate::workflow::linmei_form(photo.photo_id);
    form.name = "陈文".into();
    form.id_number = id_number;
    form.birth_date = "1988-03-15".into();
    form.contact.mobile = "13959200002".into();
    form.contact.email = "chenwen@example.cn".into();
    let view = registry.save_record(&worker, SaveRecordArgs { worker_id: None, kind: Kind::Initial, form, submit: true }).unwrap();
    view.application.unwrap().id
}

#[tokio::test(flavor = "multi_thread")]
async fn two_level_review_first_the_district_then_the_city() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let photo = photo_file(dir.path());
    // Admin, the city reviewer 黄丽 (shenhe) and linmei's registration in 思明区, waiting; then
    // 陈文's, also in 思明区.
    crate::workflow::prepare(&data, &photo);
    let (linmei, chenwen) = {
        let (registry, admin) = reopen(&data);
        let waiting = registry.application_queue(&admin, QueueQuery { page: 1, page_size: 10, ..Default::default() }).unwrap();
        let linmei = waiting.items[0].id;
        let chenwen = second_worker(&registry, &admin, &photo);
        reviewer(&registry, &admin, "siming", "林思明");
        // The other districts have their reviewers already.
        for code in ["350205", "350206", "350211", "350212", "350213", "350200"] {
            let id = reviewer(&registry, &admin, &format!("qu{code}"), "区审核员");
            registry.set_review_scope(&admin, SetScopeArgs { user_id: id, scope: Some(code.into()) }).unwrap();
        }
        (linmei, chenwen)
    };
    let mut app = App::start(&test_app(), &data, "levels-two").await;

    // The admin gives 林思明 思明区 and turns two-level review on.
    login(&app, "admin", ADMIN_PASSWORD).await;
    app.menu("menu-admin-accounts").await;
    wait_text_of(&app, "account-scope-siming", |t| t == "全市").await;
    app.click("account-scope-edit-siming").await;
    app.choose("scope-select", "思明区（初审）").await;
    app.click("scope-save").await;
    wait_text_of(&app, "account-scope-siming", |t| t == "思明区").await;
    app.shot("accounts-with-scopes").await;
    app.menu("menu-admin-security").await;
    app.el("review-rules").await;
    assert!(!is_checked(&app, "review-two-level").await, "off by default");
    assert!(is_checked(&app, "review-sod").await, "separation of duties is on by default");
    app.click("review-two-level").await;
    app.click("review-save").await;
    // Stored: a new visit of the page reads it back on.
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        app.menu("menu-admin-accounts").await;
        app.el("account-scope-siming").await;
        app.menu("menu-admin-security").await;
        app.el("review-rules").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        if is_checked(&app, "review-two-level").await {
            break;
        }
        assert!(Instant::now() < deadline, "two-level review was not stored");
    }
    app.shot("review-rules-on").await;
    logout(&app).await;

    // The city reviewer has nothing to decide yet; both applications wait for 初审.
    login(&app, "shenhe", STAFF_PASSWORD).await;
    app.menu("menu-staff-review").await;
    wait_text_of(&app, "queue-decides", |t| t.contains("全市终审")).await;
    app.el("queue-empty").await;
    app.click("queue-scope-all").await;
    wait_text_of(&app, &format!("queue-level-{chenwen}"), |t| t == "待初审").await;
    assert_eq!(app.el(&format!("queue-level-{linmei}")).await.text().await.unwrap(), "待初审");
    app.shot("city-sees-first-level-waiting").await;
    // Among every application, none waits for 终审 yet.
    app.click("queue-level-final").await;
    app.el("queue-empty").await;
    app.click("queue-level-any").await;
    app.click(&format!("queue-open-{linmei}")).await;
    let reason = wait_text_of(&app, "detail-refusal", |t| !t.is_empty()).await;
    assert!(reason.contains("须由思明区的审核员初审"), "{reason}");
    assert!(is_disabled(&app, "detail-approve").await && is_disabled(&app, "detail-reject").await);
    logout(&app).await;

    // 思明区 passes linmei's at 初审 and returns 陈文's at 初审.
    login(&app, "siming", STAFF_PASSWORD).await;
    app.menu("menu-staff-review").await;
    wait_text_of(&app, "queue-decides", |t| t.contains("思明区初审")).await;
    wait_text_of(&app, &format!("queue-level-{chenwen}"), |t| t == "待初审").await;
    app.shot("district-queue").await;
    app.click(&format!("queue-open-{linmei}")).await;
    wait_text_of(&app, "detail-level", |t| t == "待初审").await;
    wait_text_of(&app, "detail-approve", |t| t == "初审通过").await;
    app.shot("district-detail").await;
    app.click("detail-approve").await;
    app.click("confirm-ok").await;
    app.el(&format!("queue-open-{chenwen}")).await;
    app.click(&format!("queue-open-{chenwen}")).await;
    wait_text_of(&app, "detail-reject", |t| t == "初审退回").await;
    app.click("detail-reject").await;
    app.fill("detail-comment", "照片不清晰，请重新上传（初审）").await;
    app.click("detail-reject-confirm").await;
    app.el("queue-empty").await;
    logout(&app).await;

    // The city approves linmei's at 终审, with the 初审 shown.
    login(&app, "shenhe", STAFF_PASSWORD).await;
    app.menu("menu-staff-review").await;
    wait_text_of(&app, "queue-decides", |t| t.contains("全市终审")).await;
    wait_text_of(&app, &format!("queue-level-{linmei}"), |t| t == "待终审").await;
    assert!(!app.exists(&format!("queue-open-{chenwen}")).await, "a returned application waits for nobody");
    app.shot("city-queue-final-level").await;
    app.click(&format!("queue-open-{linmei}")).await;
    wait_text_of(&app, "detail-level", |t| t == "待终审").await;
    wait_text_of(&app, "detail-review-0-by", |t| t == "林思明").await;
    assert_eq!(app.el("detail-review-0-level").await.text().await.unwrap(), "初审");
    app.shot("city-detail-with-first-level").await;
    app.click("detail-approve").await;
    app.click("confirm-ok").await;
    app.el("queue-empty").await;
    // The decided application shows both decisions.
    app.click("queue-status-approved").await;
    app.click(&format!("queue-open-{linmei}")).await;
    wait_text_of(&app, "detail-review-1-by", |t| t == "黄丽").await;
    assert_eq!(app.el("detail-review-0-outcome").await.text().await.unwrap(), "通过");
    assert_eq!(app.el("detail-review-1-level").await.text().await.unwrap(), "终审");
    app.shot("detail-both-decisions").await;
    logout(&app).await;

    // 陈文 reads the comment of the level that returned it.
    login(&app, "chenwen", "Worker2026").await;
    app.click("home-my-top").await;
    app.click("my-modify").await;
    wait_text_of(&app, "record-rejected", |t| t.contains("照片不清晰，请重新上传（初审）")).await;
    app.shot("worker-returned-at-first-level").await;
    app.quit().await;

    let (registry, admin) = reopen(&data);
    let detail = registry.application_detail(&admin, linmei).unwrap();
    assert_eq!(detail.info.status, Status::Approved);
    let steps: Vec<_> = detail.reviews.iter().map(|s| (s.level.map(|l| l.label()), s.approved, s.by.as_str())).collect();
    assert_eq!(steps, vec![(Some("初审"), true, "林思明"), (Some("终审"), true, "黄丽")]);
    let returned = registry.application_detail(&admin, chenwen).unwrap();
    assert_eq!(returned.info.status, Status::Rejected);
    let steps: Vec<_> = returned.reviews.iter().map(|s| (s.level.map(|l| l.label()), s.approved, s.by.as_str())).collect();
    assert_eq!(steps, vec![(Some("初审"), false, "林思明")]);
    let worker = core_login(&registry, "chenwen", "Worker2026");
    let view = registry.record_form(&worker, RecordQuery { worker_id: None, kind: Kind::Initial }).unwrap();
    assert_eq!(view.application.unwrap().decision_comment.as_deref(), Some("照片不清晰，请重新上传（初审）"));
    let first = registry
        .audit_log(&admin, AuditQuery { action: Some(AuditAction::ApplicationFirstApprove), page: 1, page_size: 10, ..Default::default() })
        .unwrap();
    assert_eq!(first.total, 1);
    assert!(first.items[0].actor.starts_with("林思明"));
}
