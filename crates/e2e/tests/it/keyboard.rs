//! The counter clerk at the keyboard: a walk-in worker's whole record entered through 代录入
//! without the mouse, in the paper form's order; an ID number already in the register is said at
//! once; dates typed both as 20120701 and as 2012-07-01; Enter in a field submits nothing.

use crate::accounts::{data_with_admin, login, ADMIN_PASSWORD};
use crate::harness::{core_login, core_worker, test_app, App};
use crate::levels::id_number_born;
use crate::record::photo_file;
use std::time::{Duration, Instant};
use swreg_core::registration::review::QueueQuery;
use swreg_core::registration::worker::RecordQuery;
use swreg_core::registration::workflow::Kind;
use thirtyfour::prelude::*;

/// 社工信息登记表 in the order of the paper form (PRODUCT.md §3), as the Tab key must visit it.
const PAPER_ORDER: [&str; 29] = [
    "record-name",
    "record-sex",
    "record-id-number",
    "record-birth-date",
    "record-ethnicity",
    "record-xiamen-hukou",
    "record-native-place",
    "record-marital",
    "record-political",
    "record-education",
    "record-school",
    "record-major",
    "record-graduation-date",
    "record-work-start-date",
    "record-photo",
    "record-address",
    "record-postcode",
    "record-mobile",
    "record-office-phone",
    "record-email",
    "record-qq",
    "record-full-time",
    "record-service-start-date",
    "record-position",
    "record-district",
    "record-employer",
    "record-title",
    "record-fields",
    "record-experience",
];

/// Replaces the focused field's text by typing.
async fn type_over(app: &App, text: &str) {
    app.press(Key::Control + "a").await;
    app.press(Key::Backspace).await;
    app.press(text).await;
}

/// Types into a searchable select and takes the first match with Enter.
async fn pick(app: &App, field: &str, label: &str) {
    app.press(label).await;
    let xpath = format!(
        "//div[contains(@class,'el-select-dropdown') and not(contains(@style,'display: none'))]//li[contains(@class,'is-hovering') and normalize-space()='{label}']"
    );
    app.driver
        .query(By::XPath(xpath))
        .wait(Duration::from_secs(10), Duration::from_millis(100))
        .first()
        .await
        .unwrap_or_else(|e| panic!("{field}: {label} is not the option Enter would take: {e}"));
    app.press(Key::Enter).await;
    wait_shown(app, field, label).await;
}

async fn wait_shown(app: &App, field: &str, text: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let shown = app.el(field).await.text().await.unwrap_or_default();
        if shown.contains(text) {
            return;
        }
        assert!(Instant::now() < deadline, "{field} shows {shown:?}, not {text}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_clerk_enters_a_whole_record_by_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    {
        let registry = data_with_admin(&data);
        let admin = core_login(&registry, "admin", ADMIN_PASSWORD);
        // 林美 (35020319900101123X) is in the register already: her record exists once she has
        // opened her form.
        core_worker(&registry, &admin, "linmei", "linmei@example.cn");
        let linmei = core_login(&registry, "linmei", "Worker2026");
        registry.record_form(&linmei, RecordQuery { worker_id: None, kind: Kind::Initial }).unwrap();
    }
    let photo = photo_file(dir.path());
    let env = [("SWREG_TEST_PHOTO", photo.as_str())];
    let mut app = App::start_with(&test_app(), &data, "keyboard", &env).await;
    login(&app, "admin", ADMIN_PASSWORD).await;
    app.menu("menu-staff-enter").await;
    app.el("enter-username").await;
    app.shot("enter-account").await;

    // Step 1, the account, from the top of the page by Tab alone.
    let mut visited = Vec::new();
    app.tab_to("enter-username", &mut visited).await;
    app.press("walkin01").await;
    app.press(Key::Tab).await;
    assert_eq!(app.focused_field().await.as_deref(), Some("enter-display-name"));
    app.press("阿依古丽").await;
    app.press(Key::Tab).await;
    assert_eq!(app.focused_field().await.as_deref(), Some("enter-id-number"));

    // 林美's number: said at once, with her record offered.
    app.press("35020319900101123x").await;
    let known = app.el("enter-known").await.text().await.unwrap();
    assert!(known.contains("林美") && known.contains("linmei"), "{known}");
    app.el("enter-known-open").await;
    app.shot("enter-known-worker").await;

    let id_number = id_number_born("19900315");
    type_over(&app, &id_number).await;
    let deadline = Instant::now() + Duration::from_secs(10);
    while app.exists("enter-known").await {
        assert!(Instant::now() < deadline, "the notice stayed for a number nobody holds");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    app.press(Key::Tab).await;
    assert_eq!(app.focused_field().await.as_deref(), Some("enter-phone"));
    app.press("13959200009").await;
    app.press(Key::Tab).await;
    assert_eq!(app.focused_field().await.as_deref(), Some("enter-email"));
    app.tab_to("enter-submit", &mut visited).await;
    app.press(Key::Enter).await;

    // The temporary password, in a dialog that holds the focus until it is closed.
    app.el("temp-password").await;
    app.shot("temp-password").await;
    let mut in_dialog = Vec::new();
    app.tab_to("temp-password-close", &mut in_dialog).await;
    assert!(in_dialog.iter().all(|f| f.starts_with("temp-password")), "the focus left the dialog: {in_dialog:?}");
    app.press(Key::Enter).await;

    // Step 2, the form: every field by Tab in the paper form's order.
    app.el("record-form").await;
    app.wait_value("record-id-number", &id_number).await;
    let mut visited = Vec::new();
    app.tab_to("record-name", &mut visited).await;
    type_over(&app, "阿依古丽·买买提").await;
    app.tab_to("record-sex", &mut visited).await;
    app.tab_to("record-id-number", &mut visited).await;
    app.tab_to("record-birth-date", &mut visited).await;
    assert_eq!(app.value("record-birth-date").await, "1990-03-15", "read from the ID number");
    app.tab_to("record-ethnicity", &mut visited).await;
    pick(&app, "record-ethnicity", "维吾尔族").await;
    app.tab_to("record-xiamen-hukou", &mut visited).await;
    app.press(" ").await;
    app.tab_to("record-native-place", &mut visited).await;
    app.press("新疆喀什").await;
    // Enter in a field saves nothing and submits nothing.
    app.press(Key::Enter).await;
    app.tab_to("record-marital", &mut visited).await;
    pick(&app, "record-marital", "已婚").await;
    app.tab_to("record-political", &mut visited).await;
    pick(&app, "record-political", "群众").await;
    app.tab_to("record-education", &mut visited).await;
    pick(&app, "record-education", "大学本科").await;
    app.tab_to("record-school", &mut visited).await;
    app.press("厦门大学").await;
    app.tab_to("record-major", &mut visited).await;
    app.press("社会工作").await;
    // Dates typed either way.
    app.tab_to("record-graduation-date", &mut visited).await;
    app.press("20120701").await;
    app.tab_to("record-work-start-date", &mut visited).await;
    assert_eq!(app.value("record-graduation-date").await, "2012-07-01");
    app.press("2012-08-01").await;
    app.tab_to("record-photo", &mut visited).await;
    assert_eq!(app.value("record-work-start-date").await, "2012-08-01");
    assert_eq!(app.focused_testid().await.as_deref(), Some("record-photo-choose"));
    app.press(Key::Enter).await;
    app.driver
        .query(By::Css("[data-testid='record-photo'] img"))
        .wait(Duration::from_secs(15), Duration::from_millis(100))
        .first()
        .await
        .expect("the photo chosen by Enter on its button");
    app.tab_to("record-address", &mut visited).await;
    app.press("厦门市思明区湖滨南路1号").await;
    app.tab_to("record-postcode", &mut visited).await;
    app.press("361001").await;
    app.tab_to("record-mobile", &mut visited).await;
    type_over(&app, "13959200009").await;
    app.tab_to("record-office-phone", &mut visited).await;
    app.tab_to("record-email", &mut visited).await;
    type_over(&app, "walkin01@example.cn").await;
    app.tab_to("record-qq", &mut visited).await;
    app.tab_to("record-full-time", &mut visited).await;
    app.press(" ").await;
    app.tab_to("record-service-start-date", &mut visited).await;
    app.press("20130101").await;
    app.tab_to("record-position", &mut visited).await;
    assert_eq!(app.value("record-service-start-date").await, "2013-01-01");
    pick(&app, "record-position", "一线社工").await;
    app.tab_to("record-district", &mut visited).await;
    pick(&app, "record-district", "思明区").await;
    app.tab_to("record-employer", &mut visited).await;
    app.press("厦门市思明区阳光社会工作服务中心").await;
    app.press(Key::Enter).await;
    app.tab_to("record-title", &mut visited).await;
    app.tab_to("record-fields", &mut visited).await;
    // 执业领域: each box a Tab stop; Space ticks 04 and 16.
    for wanted in ["record-field-04", "record-field-16"] {
        for _ in 0..20 {
            if app.focused_testid().await.as_deref() == Some(wanted) {
                break;
            }
            app.press(Key::Tab).await;
        }
        assert_eq!(app.focused_testid().await.as_deref(), Some(wanted));
        app.press(" ").await;
    }
    app.tab_to("record-experience", &mut visited).await;
    app.press("2013年起在社区从事长者服务。").await;
    app.press(Key::Enter).await;
    app.press("获评区优秀社工。").await;

    let order: Vec<&str> = visited.iter().map(String::as_str).filter(|f| f.starts_with("record-")).collect();
    assert_eq!(order, PAPER_ORDER, "Tab visits the fields in the paper form's order");
    assert!(!app.exists("record-locked").await, "Enter in a field submitted the form");
    app.shot("record-filled-by-keyboard").await;

    // 提交审核 is the next Tab stop after 保存资料 below the form.
    app.tab_to("record-save", &mut visited).await;
    app.tab_to("record-submit", &mut visited).await;
    app.press(Key::Enter).await;
    app.el("enter-submitted").await;
    app.shot("record-submitted-by-keyboard").await;
    app.quit().await;

    let registry = swreg_core::Registry::open(&data, std::sync::Arc::new(swreg_core::SystemClock)).unwrap();
    let admin = core_login(&registry, "admin", ADMIN_PASSWORD);
    let q = registry.application_queue(&admin, QueueQuery { page: 1, page_size: 10, ..Default::default() }).unwrap();
    assert_eq!(q.total, 1, "one application, submitted once");
    let form = registry.application_detail(&admin, q.items[0].id).unwrap().form.unwrap();
    assert_eq!(form.name, "阿依古丽·买买提");
    assert_eq!(form.id_number, id_number);
    assert_eq!(form.ethnicity, "05", "维吾尔族");
    assert_eq!(form.xiamen_hukou, Some(true));
    assert_eq!(form.graduation_date, "2012-07-01");
    assert_eq!(form.work_start_date, "2012-08-01");
    assert_eq!(form.service_start_date, "2013-01-01");
    assert_eq!(form.fields, ["04", "16"]);
    assert_eq!(form.experience, "2013年起在社区从事长者服务。\n获评区优秀社工。");
    assert!(form.photo_id.is_some());
}
