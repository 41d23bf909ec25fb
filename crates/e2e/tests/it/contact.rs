//! 联系信息修改 while the first registration is under review: the worker changes the mobile, the
//! reviewer returns the application, the returned form shows the new mobile, and after
//! resubmission and approval the contact page still shows it.

use crate::accounts::{login, logout, ADMIN_PASSWORD};
use crate::harness::{core_login, test_app, App};
use crate::record::photo_file;
use crate::workflow::{prepare, REVIEWER_PASSWORD};
use std::time::{Duration, Instant};
use swreg_core::registration::worker::{RecordQuery, Target};
use swreg_core::registration::workflow::{Kind, RecordStatus, Status};
use swreg_core::{validate, Registry};

const NEW_MOBILE: &str = "13600000000";

/// Waits until the stored data satisfies `done` (the app writes the same database file).
async fn wait_stored(what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(15);
    while !done() {
        assert!(Instant::now() < deadline, "never stored: {what}");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Scrolls a field into view for the screenshot.
async fn show(app: &App, test_id: &str) {
    let input = app.inner_input(test_id).await;
    let _ = app.driver.execute("arguments[0].scrollIntoView({block: 'center'});", vec![input.to_json().expect("element json")]).await;
}

/// The reviewer opens the one waiting application and returns it, or approves it.
async fn review(app: &mut App, approve: bool) {
    login(app, "shenhe", REVIEWER_PASSWORD).await;
    app.click("menu-staff-review").await;
    app.click_first("queue-open-").await;
    app.el("detail-page").await;
    if approve {
        app.shot("detail-resubmitted").await;
        app.click("detail-approve").await;
        app.click("confirm-ok").await;
    } else {
        app.shot("detail-with-new-mobile").await;
        app.click("detail-reject").await;
        app.fill("detail-comment", "照片不清晰，请重新上传").await;
        app.click("detail-reject-confirm").await;
    }
    app.el("queue-search").await;
    logout(app).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_contact_change_during_review_is_never_undone() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let photo = photo_file(dir.path());
    prepare(&data, &photo);
    let registry = Registry::open(&data, std::sync::Arc::new(swreg_core::SystemClock)).unwrap();
    let worker = core_login(&registry, "linmei", "Worker2026");
    let admin = core_login(&registry, "admin", ADMIN_PASSWORD);
    let worker_id = registry.hub(&worker, Target::default()).unwrap().worker_id;
    let initial = || registry.record_form(&worker, RecordQuery { worker_id: None, kind: Kind::Initial }).unwrap();
    // The record as staff see it (the mobile masked).
    let record_mobile = || registry.worker_detail(&admin, worker_id).unwrap().form.contact.mobile;
    let mut app = App::start(&test_app(), &data, "contact").await;

    // While the first registration waits, the worker changes the mobile.
    login(&app, "linmei", "Worker2026").await;
    app.click("home-my-top").await;
    app.click("my-contact").await;
    app.wait_value("contact-mobile", "13959200001").await;
    app.fill("contact-mobile", NEW_MOBILE).await;
    app.click("contact-save").await;
    wait_stored("the new mobile", || record_mobile() == validate::mask_phone(NEW_MOBILE)).await;
    app.shot("contact-changed").await;
    logout(&app).await;

    review(&mut app, false).await;
    wait_stored("the rejection", || initial().application.is_some_and(|a| a.status == Status::Rejected)).await;

    // The returned form carries the new mobile; the worker resubmits it.
    login(&app, "linmei", "Worker2026").await;
    app.click("home-my-top").await;
    app.click("my-modify").await;
    app.el("record-rejected").await;
    app.wait_value("record-mobile", NEW_MOBILE).await;
    show(&app, "record-mobile").await;
    app.shot("returned-form").await;
    app.click("record-submit").await;
    app.el("record-locked").await;
    logout(&app).await;

    review(&mut app, true).await;
    wait_stored("the approval", || initial().status == RecordStatus::Registered).await;

    // The contact page after approval: still the new mobile.
    login(&app, "linmei", "Worker2026").await;
    app.click("home-my-top").await;
    app.click("my-contact").await;
    app.wait_value("contact-mobile", NEW_MOBILE).await;
    app.shot("contact-after-approval").await;
    assert_eq!(initial().form.contact.mobile, NEW_MOBILE);
    assert_eq!(record_mobile(), validate::mask_phone(NEW_MOBILE));
    app.quit().await;
}
