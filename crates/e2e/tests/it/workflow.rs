//! The review workflow's main path through the real window: submit → approve; modification
//! request → approve → edit → approve; card issued → replacement → approve; a year later renewal
//! → approve; past the grace freeze → restoration → approve; then the three history lists.

use crate::accounts::{data_with_admin, login, logout, ADMIN_PASSWORD};
use crate::harness::{core_login, core_worker, test_app, App};
use crate::record::photo_file;
use std::path::Path;
use swreg_core::accounts::recovery::ChangePasswordArgs;
use swreg_core::accounts::staff::{CreateStaffArgs, Handover};
use swreg_core::registration::worker::{SaveRecordArgs, Target};
use swreg_core::registration::workflow::Kind;
use swreg_core::Role;

pub const REVIEWER_PASSWORD: &str = "Review2026x";

/// Admin, a reviewer, and a worker whose first registration is submitted, all through the core.
pub fn prepare(data: &Path, photo: &str) {
    let registry = data_with_admin(data);
    let admin = core_login(&registry, "admin", ADMIN_PASSWORD);
    create_reviewer(&registry, &admin);
    core_worker(&registry, &admin, "linmei", "linmei@example.cn");
    let worker = core_login(&registry, "linmei", "Worker2026");
    let photo = registry.upload_photo(&worker, Target::default(), &std::fs::read(photo).unwrap()).unwrap();
    let form = linmei_form(photo.photo_id);
    registry.save_record(&worker, SaveRecordArgs { worker_id: None, kind: Kind::Initial, form, submit: true }).unwrap();
}

/// The reviewer 黄丽 (`shenhe`, [`REVIEWER_PASSWORD`]), made by the admin through the core.
pub fn create_reviewer(registry: &swreg_core::Registry, admin: &str) {
    let temp = registry
        .create_staff(admin, CreateStaffArgs {
            username: "shenhe".into(),
            display_name: "黄丽".into(),
            role: Role::Reviewer,
            email: String::new(),
            handover: Handover::Show,
        })
        .unwrap()
        .password
        .unwrap();
    let reviewer = core_login(registry, "shenhe", &temp);
    registry
        .change_password(&reviewer, ChangePasswordArgs {
            old_password: temp,
            new_password: REVIEWER_PASSWORD.into(),
            new_password_confirm: REVIEWER_PASSWORD.into(),
        })
        .unwrap();
}

/// linmei's first registration (思明区), complete for 提交审核, with an uploaded photo.
pub fn linmei_form(photo_id: i64) -> swreg_core::registration::record::RecordForm {
    let mut form = swreg_core::registration::record::RecordForm {
        name: "林美".into(),
        sex: "1".into(),
        id_number: "35020319900101123X".into(),
        birth_date: "1990-01-01".into(),
        ethnicity: "01".into(),
        xiamen_hukou: Some(true),
        native_place: "福建厦门".into(),
        political: "13".into(),
        education: "21".into(),
        school: "厦门大学".into(),
        major: "社会工作".into(),
        graduation_date: "2012-07-01".into(),
        work_start_date: "2012-08-01".into(),
        photo_id: Some(photo_id),
        full_time: Some(true),
        service_start_date: "2013-01-01".into(),
        position: "1".into(),
        district: "350203".into(),
        employer: "厦门市思明区阳光社会工作服务中心".into(),
        fields: vec!["04".into()],
        experience: "社区长者服务。".into(),
        ..Default::default()
    };
    form.contact.address = "厦门市思明区湖滨南路1号".into();
    form.contact.postcode = "361001".into();
    form.contact.mobile = "13959200001".into();
    form.contact.email = "linmei@example.cn".into();
    form
}

/// The reviewer opens the first waiting application and approves it.
pub async fn approve_first(app: &mut App, what: &str) {
    login(app, "shenhe", REVIEWER_PASSWORD).await;
    app.click("menu-staff-review").await;
    app.el("queue-search").await;
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    app.shot(&format!("queue-{what}")).await;
    app.click_first("queue-open-").await;
    app.el("detail-page").await;
    app.shot(&format!("detail-{what}")).await;
    app.click("detail-approve").await;
    app.click("confirm-ok").await;
    app.el("queue-search").await;
    logout(app).await;
}

async fn worker_submits_form(app: &mut App, hub_key: &str) {
    login(app, "linmei", "Worker2026").await;
    app.click("home-my-top").await;
    app.click(&format!("my-{hub_key}")).await;
    app.el("record-form").await;
    app.click("record-submit").await;
    app.el("record-locked").await;
    app.shot(&format!("submitted-{hub_key}")).await;
    logout(app).await;
}

async fn worker_requests(app: &mut App, hub_key: &str, reason: &str) {
    login(app, "linmei", "Worker2026").await;
    app.click("home-my-top").await;
    app.click(&format!("my-{hub_key}")).await;
    app.fill("request-reason", reason).await;
    app.shot(&format!("request-{hub_key}")).await;
    app.click("request-submit").await;
    app.el("my-hub").await;
    logout(app).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_main_path_of_the_workflow() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let photo = photo_file(dir.path());
    prepare(&data, &photo);
    let name = "workflow";
    let mut app = App::start(&test_app(), &data, name).await;

    approve_first(&mut app, "initial").await;
    worker_requests(&mut app, "modification_request", "工作单位变更").await;
    approve_first(&mut app, "modification-request").await;

    login(&app, "linmei", "Worker2026").await;
    app.click("home-my-top").await;
    app.click("my-modify").await;
    app.el("record-form").await;
    app.fill("record-employer", "厦门市湖里区社会工作服务中心").await;
    app.click("record-submit").await;
    app.el("record-locked").await;
    logout(&app).await;
    login(&app, "shenhe", REVIEWER_PASSWORD).await;
    app.click("menu-staff-review").await;
    app.click_first("queue-open-").await;
    app.el("detail-change-employer").await;
    app.shot("detail-modification-side-by-side").await;
    app.click("detail-approve").await;
    app.click("confirm-ok").await;
    app.el("queue-search").await;
    logout(&app).await;

    // The admin issues a card; the worker asks for a replacement.
    login(&app, "admin", ADMIN_PASSWORD).await;
    app.menu("menu-admin-cards").await;
    app.el("card-search").await;
    app.shot("cards-empty-search").await;
    app.fill("card-search", "林美").await;
    app.click("card-search-submit").await;
    app.click_first("card-worker-").await;
    app.fill("card-no", "XM-000123").await;
    app.click("card-issue").await;
    app.el("card-result").await;
    app.shot("card-issued").await;
    logout(&app).await;
    worker_requests(&mut app, "card_replacement", "社工卡遗失").await;
    approve_first(&mut app, "card-replacement").await;
    app.quit().await;

    // More than a year later: the registration has run out and is renewed.
    let mut app = App::start_with(&test_app(), &data, name, &[("SWREG_TEST_DAYS_AHEAD", "370")]).await;
    worker_submits_form(&mut app, "renewal").await;
    approve_first(&mut app, "renewal").await;
    app.quit().await;

    // Past the next end and the grace: frozen, then restored.
    let mut app = App::start_with(&test_app(), &data, name, &[("SWREG_TEST_DAYS_AHEAD", "840")]).await;
    login(&app, "admin", ADMIN_PASSWORD).await;
    app.menu("menu-admin-freeze").await;
    app.el("freeze-table").await;
    // Nothing is ticked until the admin ticks it.
    assert!(app.el("freeze-picked").await.text().await.unwrap().contains("已选 0 条"));
    app.click("freeze-all").await;
    app.fill("freeze-reason", "逾期未续期").await;
    app.shot("freeze-preview").await;
    app.click("freeze-submit").await;
    app.click("confirm-ok").await;
    app.el("freeze-empty").await;
    logout(&app).await;
    worker_submits_form(&mut app, "restoration").await;
    approve_first(&mut app, "restoration").await;

    // The three lists show exactly those rows.
    login(&app, "linmei", "Worker2026").await;
    app.click("home-my-top").await;
    app.click("my-renewal_list").await;
    app.el("history-table").await;
    app.wait_count("history-row-", 1, "one renewal").await;
    app.shot("list-renewal").await;
    app.click("history-my").await;
    app.click("my-restoration_list").await;
    app.el("history-table").await;
    app.wait_count("history-row-", 1, "one restoration").await;
    app.click("history-my").await;
    app.click("my-approval_list").await;
    app.el("history-table").await;
    app.wait_count("history-row-", 6, "initial, modification request, modification, card, renewal, restoration").await;
    app.shot("list-approvals").await;
    app.quit().await;
}
