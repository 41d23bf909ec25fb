//! One register for the whole bureau (issue 16): `swreg-server` over TLS on loopback, with the
//! certificate it made on first start; a social worker in Debian's Chromium (chromedriver) and
//! the bureau's clerks in the desktop app connected to the same server, its certificate pinned
//! (tauri-driver). Each sees the other's change, through the real clients only:
//! the worker's new account waits in the admin's 账号审核 at the desktop, and once approved the
//! worker logs in from the browser; the application submitted in the browser waits in the
//! reviewer's 审核 at the desktop, and once approved the reviewer's 登记名册 shows it 已登记 and the
//! worker's browser shows it registered with its number; the reviewer prints the worker's form at the
//! workstation (made by the server, saved by the desktop app).

use crate::accounts::{data_with_admin, fill_registration, login, logout, ADMIN_PASSWORD};
use crate::harness::{core_login, test_app, App, CAPTCHA};
use crate::portal::{fill_record_in_browser, Server};
use crate::record::photo_file;
use crate::roster::saved;
use crate::workflow::{create_reviewer, REVIEWER_PASSWORD};

#[tokio::test(flavor = "multi_thread")]
async fn a_worker_in_chromium_and_clerks_at_desktop_clients_share_one_register() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let downloads = dir.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    // The admin and a reviewer, made through the core before the server opens the folder.
    {
        let registry = data_with_admin(&data);
        let admin = core_login(&registry, "admin", ADMIN_PASSWORD);
        create_reviewer(&registry, &admin);
        registry.close().unwrap();
    }
    let photo = photo_file(dir.path());
    let server = Server::start_tls(&data, &std::env::temp_dir().join("swreg-e2e-bureau.server.log")).await;
    let fingerprint = std::fs::read_to_string(data.join("tls/fingerprint.txt")).expect("the server's fingerprint");

    // The clerks' workstation: a desktop app whose data folder holds only its connection, the
    // server's certificate pinned as 连接设置 keeps it.
    let workstation = dir.path().join("workstation");
    std::fs::create_dir_all(&workstation).unwrap();
    let connection = serde_json::json!({ "mode": "server", "address": server.url, "fingerprint": fingerprint.trim() });
    std::fs::write(workstation.join("connection.json"), connection.to_string()).unwrap();
    let saves = dir.path().join("saves");
    std::fs::create_dir_all(&saves).unwrap();
    let save_dir = saves.display().to_string();
    let mut clerk = App::start_with(&test_app(), &workstation, "bureau-desktop", &[("SWREG_TEST_SAVE_DIR", save_dir.as_str())]).await;
    clerk.el("login-username").await;
    clerk.wait_text(&format!("服务器 {}", server.url)).await;
    let mut worker = App::chromium(&server.url, "bureau-browser", &downloads).await;

    // 账户注册 in the browser.
    worker.click("login-register").await;
    fill_registration(&worker, "35020319900101123X").await;
    worker.el("register-captcha-image").await;
    worker.fill("register-captcha", CAPTCHA).await;
    worker.click("register-submit").await;
    worker.el("register-done").await;
    worker.shot("register-submitted").await;

    // The admin at the desktop finds the new account waiting and approves it.
    login(&clerk, "admin", ADMIN_PASSWORD).await;
    clerk.click("menu-staff-accounts").await;
    clerk.el("review-approve-linmei").await;
    clerk.shot("account-waiting").await;
    clerk.click("review-approve-linmei").await;
    clerk.click("confirm-ok").await;
    clerk.wait_text("暂无待审核").await;
    logout(&clerk).await;

    // The worker, approved, logs in from the browser and applies.
    worker.click("register-done-login").await;
    login(&worker, "linmei", "Worker2026").await;
    worker.click("home-my-top").await;
    worker.click("my-register").await;
    worker.el("record-form").await;
    fill_record_in_browser(&worker, &photo).await;
    worker.click("record-submit").await;
    worker.el("record-locked").await;
    worker.shot("record-submitted").await;

    // The reviewer at the desktop finds the application and approves it.
    login(&clerk, "shenhe", REVIEWER_PASSWORD).await;
    clerk.click("menu-staff-review").await;
    clerk.wait_count("queue-open-", 1, "the worker's application in 待我审核").await;
    clerk.wait_text("𠈌·买买提").await;
    clerk.shot("queue-application").await;
    clerk.click_first("queue-open-").await;
    clerk.el("detail-page").await;
    clerk.wait_text("厦门市思明区阳光社会工作服务中心").await;
    clerk.shot("application-detail").await;
    clerk.click("detail-approve").await;
    clerk.click("confirm-ok").await;
    // Decided: the queue comes back without it.
    clerk.el("queue-empty").await;
    clerk.menu("menu-staff-roster").await;
    clerk.wait_count("roster-row-", 1, "the worker in the register").await;
    clerk.wait_text("𠈌·买买提").await;
    // (The table's fixed columns hold hidden copies of the cells, without text.)
    let statuses: Vec<String> = clerk.texts("roster-status-").await.iter().map(|t| t.trim().to_owned()).filter(|t| !t.is_empty()).collect();
    assert_eq!(statuses, ["已登记"], "the row's status");
    clerk.shot("roster-registered").await;
    // Its form, printed at the workstation: the server makes the PDF, the desktop app saves it.
    clerk.click("roster-select-page").await;
    clerk.wait_text("已选择 1 条").await;
    clerk.click("roster-batch-print").await;
    clerk.el("batch-print-dialog").await;
    clerk.fill("batch-print-purpose", "登记材料归档").await;
    clerk.click("batch-print-start").await;
    let pdf = saved(&saves, "pdf").await;
    let text = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&text.stdout);
    for expected in ["社会工作者登记申请表", "35020319900101123X", "厦门市思明区阳光社会工作服务中心"] {
        assert!(text.contains(expected), "{expected} not in the form printed at the workstation:\n{text}");
    }
    assert!(!workstation.join("swreg.sqlite3").exists(), "the workstation keeps no register of its own");

    // The worker's browser shows it registered, under the number the server gave.
    worker.click("record-back").await;
    worker.el("my-hub").await;
    assert_eq!(worker.el("my-status").await.text().await.unwrap(), "已登记");
    let registration_no = worker.el("my-registration-no").await.text().await.unwrap();
    assert!(registration_no.chars().any(|c| c.is_ascii_digit()), "a registration number: {registration_no}");
    worker.shot("hub-registered").await;
    worker.quit().await;
    clerk.quit().await;
}
