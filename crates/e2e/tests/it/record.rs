//! The registration record through the real window: a worker fills it in, saves, comes back
//! after a restart, finds the draft, gets an ID-number error beside its field without losing
//! anything, and submits.

use crate::accounts::{data_with_admin, login, ADMIN_PASSWORD};
use crate::harness::{core_login, core_worker, test_app, App};
use std::path::Path;

/// A photo file for the test hook that stands in for the native file dialog.
pub fn photo_file(dir: &Path) -> String {
    let path = dir.join("photo.png");
    let img = image::RgbImage::from_fn(600, 800, |x, y| image::Rgb([(x % 200) as u8 + 40, (y % 200) as u8 + 40, 160]));
    img.save(&path).expect("write photo");
    path.display().to_string()
}

pub async fn fill_record(app: &App) {
    // WebKitWebDriver drops characters outside the BMP when typing: set this one by script.
    app.set_by_script("record-name", "𠈌·买买提").await;
    app.choose("record-ethnicity", "维吾尔族").await;
    app.click("record-xiamen-hukou-yes").await;
    app.fill("record-native-place", "新疆喀什").await;
    app.choose("record-marital", "已婚").await;
    app.choose("record-political", "群众").await;
    app.choose("record-education", "大学本科").await;
    app.fill("record-school", "厦门大学").await;
    app.fill("record-major", "社会工作").await;
    app.date("record-graduation-date", "2012-07-01").await;
    app.date("record-work-start-date", "2012-08-01").await;
    app.click("record-photo-choose").await;
    app.fill("record-address", "厦门市思明区湖滨南路1号").await;
    app.fill("record-postcode", "361001").await;
    app.fill("record-office-phone", "0592-1234567").await;
    app.click("record-full-time-yes").await;
    app.date("record-service-start-date", "2013-01-01").await;
    app.choose("record-position", "一线社工").await;
    app.choose("record-district", "思明区").await;
    app.fill("record-employer", "厦门市思明区阳光社会工作服务中心").await;
    app.choose("record-title", "社会工作师").await;
    app.fill("record-title-cert-no", "SW2019350200123").await;
    app.date("record-title-date", "2019-06-30").await;
    app.fill("record-title-score-zh2", "72").await;
    app.fill("record-title-score-sw2", "68.5").await;
    app.fill("record-title-score-fg2", "75").await;
    app.click("record-field-04").await;
    app.click("record-field-16").await;
    app.fill("record-experience", "2013年起在社区从事长者服务。").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn worker_fills_saves_reloads_and_submits() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    {
        let registry = data_with_admin(&data);
        let admin = core_login(&registry, "admin", ADMIN_PASSWORD);
        core_worker(&registry, &admin, "linmei", "linmei@example.cn");
    }
    let photo = photo_file(dir.path());
    let env = [("SWREG_TEST_PHOTO", photo.as_str())];
    let mut app = App::start_with(&test_app(), &data, "record", &env).await;
    login(&app, "linmei", "Worker2026").await;
    app.click("home-my-top").await;
    app.click("my-register").await;
    app.el("record-form").await;
    app.shot("record-empty").await;
    fill_record(&app).await;
    app.shot("record-filled").await;
    app.click("record-save").await;
    app.wait_text("已保存").await;
    app.quit().await;

    // A new start of the app: the draft is there.
    let mut app = App::start_with(&test_app(), &data, "record", &env).await;
    login(&app, "linmei", "Worker2026").await;
    app.click("home-my-top").await;
    app.click("my-modify").await;
    app.el("record-form").await;
    assert_eq!(app.value("record-name").await, "𠈌·买买提", "a rare character and the middle dot survive");
    assert_eq!(app.value("record-school").await, "厦门大学");
    assert_eq!(app.value("record-title-score-sw2").await, "68.5");
    app.shot("record-draft-reloaded").await;

    // 重置 asks first and puts back what was saved; 返回 leaves for the hub.
    app.fill("record-employer", "另一家单位").await;
    app.el("record-unsaved").await;
    app.click("record-reset").await;
    app.click("confirm-ok").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while app.value("record-employer").await != "厦门市思明区阳光社会工作服务中心" {
        assert!(std::time::Instant::now() < deadline, "重置 did not put back the saved employer");
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
    app.click("record-back").await;
    app.el("my-hub").await;
    app.click("my-modify").await;
    app.el("record-form").await;
    assert_eq!(app.value("record-employer").await, "厦门市思明区阳光社会工作服务中心");

    // A wrong ID number: the error sits beside it, in space kept for it (nothing below moves
    // under the pointer), and nothing typed is lost.
    let layout = below_the_id_number(&app).await;
    app.fill("record-id-number", "350203199001011231").await;
    app.click("record-submit").await;
    assert!(app.field_error("record-id-number").await.contains("校验"));
    assert_eq!(below_the_id_number(&app).await, layout, "the error moved the fields below it");
    assert_eq!(app.value("record-employer").await, "厦门市思明区阳光社会工作服务中心");
    assert_eq!(app.value("record-name").await, "𠈌·买买提");
    app.shot("record-id-error").await;

    app.fill("record-id-number", "35020319900101123x").await;
    app.leave_field_until_valid("record-id-number").await;
    app.click("record-submit").await;
    app.el("record-locked").await;
    app.shot("record-submitted").await;
    app.quit().await;

    let registry = swreg_core::Registry::open(&data, std::sync::Arc::new(swreg_core::SystemClock)).unwrap();
    let admin = core_login(&registry, "admin", ADMIN_PASSWORD);
    let q = registry
        .application_queue(&admin, swreg_core::registration::review::QueueQuery { page: 1, page_size: 10, ..Default::default() })
        .unwrap();
    assert_eq!(q.total, 1);
    assert_eq!(q.items[0].name, "𠈌·买买提");
    let detail = registry.application_detail(&admin, q.items[0].id).unwrap();
    let form = detail.form.unwrap();
    assert_eq!(form.id_number, "35020319900101123X");
    assert_eq!(form.fields, ["04", "16"]);
    assert!(form.photo_id.is_some(), "the photo chosen through the hook was stored");
}

/// Where the fields below 身份证号码 sit within the form (their tops, in pixels).
async fn below_the_id_number(app: &App) -> Vec<i64> {
    let tops = app
        .driver
        .execute(
            "const form = document.querySelector(`[data-testid='record-form']`).getBoundingClientRect().top;
             return ['record-birth-date', 'record-ethnicity', 'record-xiamen-hukou', 'record-address']
               .map((id) => Math.round(document.querySelector(`[data-testid='${id}']`).getBoundingClientRect().top - form));",
            vec![],
        )
        .await
        .expect("measure the form");
    serde_json::from_value(tops.json().clone()).expect("tops")
}
