//! 续期登记 before expiry through the real window: while the window is closed the hub says from
//! which day it opens; inside it the worker applies, a reviewer approves, and the new 有效期至
//! follows the old one by a full period.

use crate::accounts::{login, logout, ADMIN_PASSWORD};
use crate::harness::{core_login, test_app, App};
use crate::record::photo_file;
use crate::workflow::{approve_first, prepare};
use chrono::{Duration, NaiveDate};
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;
use swreg_core::registration::record::add_years;
use swreg_core::registration::review::{DecideArgs, QueueQuery};
use swreg_core::{Clock, Registry, SystemClock};

/// The worker's (有效期自, 有效期至) as stored, read through the core.
fn validity(registry: &Registry, admin: &str, worker_id: i64) -> (Option<String>, Option<String>) {
    let view = registry
        .record_form(admin, swreg_core::registration::worker::RecordQuery {
            worker_id: Some(worker_id),
            kind: swreg_core::registration::workflow::Kind::Renewal,
        })
        .expect("record");
    (view.valid_from, view.valid_until)
}

/// Approves the submitted first registration through the core (today, real time); returns the
/// worker's record id and its 有效期至.
fn registered(data: &Path) -> (i64, NaiveDate) {
    let registry = Registry::open(data, Arc::new(SystemClock)).unwrap();
    let admin = core_login(&registry, "admin", ADMIN_PASSWORD);
    let q = registry.application_queue(&admin, QueueQuery { page: 1, page_size: 10, ..Default::default() }).unwrap();
    assert_eq!(q.total, 1);
    let worker_id = registry.application_detail(&admin, q.items[0].id).unwrap().worker_id;
    registry.decide_application(&admin, DecideArgs { application_id: q.items[0].id, approve: true, comment: String::new() }).unwrap();
    let until = validity(&registry, &admin, worker_id).1.expect("valid until");
    (worker_id, NaiveDate::parse_from_str(&until, "%Y-%m-%d").unwrap())
}

/// Waits until an element shows exactly `expected`.
async fn wait_el_text(app: &App, test_id: &str, expected: &str) {
    let deadline = Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let text = app.el(test_id).await.text().await.unwrap_or_default();
        if text.trim() == expected {
            return;
        }
        assert!(Instant::now() < deadline, "[{test_id}] shows {text:?}, not {expected:?}");
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
}

/// Waits until the stored validity is `expected` (the decision is in the database).
async fn wait_validity(data: &Path, worker_id: i64, expected: (String, String)) {
    let registry = Registry::open(data, Arc::new(SystemClock)).unwrap();
    let admin = core_login(&registry, "admin", ADMIN_PASSWORD);
    let deadline = Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let (from, until) = validity(&registry, &admin, worker_id);
        if (from.as_deref(), until.as_deref()) == (Some(expected.0.as_str()), Some(expected.1.as_str())) {
            return;
        }
        assert!(Instant::now() < deadline, "validity stays {from:?} – {until:?}, expected {expected:?}");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

/// Waits until the outbox holds a mail with this subject (the app's reminder run wrote it).
async fn wait_outbox(data: &Path, subject: &str) {
    let registry = Registry::open(data, Arc::new(SystemClock)).unwrap();
    let admin = core_login(&registry, "admin", ADMIN_PASSWORD);
    let deadline = Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let subjects: Vec<String> = registry.list_outbox(&admin).unwrap().into_iter().map(|m| m.subject).collect();
        if subjects.iter().any(|s| s == subject) {
            return;
        }
        assert!(Instant::now() < deadline, "no mail {subject:?} in the outbox: {subjects:?}");
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

async fn worker_hub(app: &App) {
    login(app, "linmei", "Worker2026").await;
    app.click("home-my-top").await;
    app.el("my-hub").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn early_renewal_continues_from_the_old_end() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let photo = photo_file(dir.path());
    prepare(&data, &photo);
    let (worker_id, old_end) = registered(&data);
    let opens = old_end - Duration::days(60);
    let name = "renewal-early";

    // Today the window is closed: the hub says from which day it opens.
    let mut app = App::start(&test_app(), &data, name).await;
    worker_hub(&app).await;
    wait_el_text(&app, "my-valid-until", &old_end.to_string()).await;
    wait_el_text(&app, "my-renewal-reason", &format!("登记有效期至 {old_end}，可于 {opens} 起申请续期")).await;
    app.shot("hub-window-closed").await;
    app.quit().await;

    // 25 days before the end: inside the window.
    let ahead = (old_end - SystemClock.today()).num_days() - 25;
    let ahead = ahead.to_string();
    let mut app = App::start_with(&test_app(), &data, name, &[("SWREG_TEST_DAYS_AHEAD", ahead.as_str())]).await;
    // The app's start ran the reminders: the one of 30 days before the end is due.
    wait_outbox(&data, &format!("社会工作者登记管理系统：登记将于 {old_end} 到期，请申请续期")).await;
    worker_hub(&app).await;
    wait_el_text(&app, "my-valid-until", &old_end.to_string()).await;
    assert!(!app.exists("my-renewal-reason").await, "续期登记申请 is open");
    app.shot("hub-window-open").await;
    app.click("my-renewal").await;
    app.el("record-form").await;
    app.click("record-submit").await;
    app.el("record-locked").await;
    logout(&app).await;
    approve_first(&mut app, "renewal-early").await;

    let new_end = add_years(old_end, 1);
    wait_validity(&data, worker_id, ((old_end + Duration::days(1)).to_string(), new_end.to_string())).await;
    worker_hub(&app).await;
    wait_el_text(&app, "my-valid-until", &new_end.to_string()).await;
    wait_el_text(&app, "my-renewal-reason", &format!("登记有效期至 {new_end}，可于 {} 起申请续期", new_end - Duration::days(60)))
        .await;
    app.shot("hub-renewed").await;
    app.quit().await;
}
