//! The web portal through a real browser: `swreg-server` on loopback (plain HTTP) serves the Vue
//! app to Debian's Chromium, driven through chromedriver. A worker registers an account in the
//! browser, the admin approves it over HTTP, the worker fills in and submits the registration
//! form with a photo uploaded through the page's file input and downloads the form as a PDF;
//! the reviewer sees the application through the server and approves it, and the worker sees
//! it approved in the browser (已登记 with the number the server gave, the row in 审核通过时间列表).
//! Then the admin, in the same browser, downloads a backup and an export of the register, and
//! is told that 恢复 is done on the server.
//!
//! The server is the one built with the `test-hooks` feature (a fixed captcha answer), named by
//! `SWREG_SERVER` (default `target/debug/swreg-server`); it serves `ui/dist`.

use crate::accounts::{data_with_admin, fill_registration, login, logout, ADMIN_PASSWORD};
use crate::harness::{core_login, free_port, stop_group, workspace_root, App, CAPTCHA};
use crate::record::{fill_record, photo_file};
use crate::workflow::{create_reviewer, REVIEWER_PASSWORD};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use thirtyfour::prelude::*;

/// `swreg-server` on a free loopback port, stopped (SIGTERM, then killed) when dropped — also
/// when the test fails.
pub struct Server {
    child: Child,
    pub url: String,
    http: reqwest::Client,
}

impl Server {
    pub async fn start(data: &Path, log: &Path) -> Server {
        Server::spawn(data, log, false).await
    }

    /// The server over TLS with the certificate it makes on first start (`--tls`), as a bureau
    /// would run it; its fingerprint is in `tls/fingerprint.txt` of the data folder. The calls
    /// of [`Server::api`] are plain HTTP only: a TLS server is used through its clients.
    pub async fn start_tls(data: &Path, log: &Path) -> Server {
        Server::spawn(data, log, true).await
    }

    async fn spawn(data: &Path, log: &Path, tls: bool) -> Server {
        let binary = std::env::var_os("SWREG_SERVER")
            .map(PathBuf::from)
            .unwrap_or_else(|| workspace_root().join("target/debug/swreg-server"));
        assert!(binary.exists(), "the server is not built at {}: run scripts/test.sh", binary.display());
        let ui = workspace_root().join("ui/dist");
        assert!(ui.join("index.html").exists(), "no {}/index.html: npm --prefix ui run build", ui.display());
        let port = free_port();
        let out = std::fs::File::create(log).expect("server log");
        use std::os::unix::process::CommandExt;
        let child = Command::new(&binary)
            .process_group(0)
            .arg("--data-dir")
            .arg(data)
            .args(["--listen", &format!("127.0.0.1:{port}")])
            .args(if tls { &["--tls"][..] } else { &[] })
            .arg("--ui-dir")
            .arg(&ui)
            .env("SWREG_TEST_CAPTCHA", CAPTCHA)
            .stdout(Stdio::null())
            .stderr(out)
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", binary.display()));
        let scheme = if tls { "https" } else { "http" };
        let mut server = Server { child, url: format!("{scheme}://127.0.0.1:{port}"), http: reqwest::Client::new() };
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("the server stopped at start ({status}): {}", std::fs::read_to_string(log).unwrap_or_default());
            }
            // Over TLS (which this test client does not speak) the server listens once its
            // certificate is made and written.
            let up = if tls {
                data.join("tls/fingerprint.txt").exists() && tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok()
            } else {
                let health = server.http.get(format!("{}/api/health", server.url)).send().await;
                health.is_ok_and(|r| r.status().is_success())
            };
            if up {
                return server;
            }
            assert!(Instant::now() < deadline, "the server did not answer /api/health: {}", std::fs::read_to_string(log).unwrap_or_default());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// `POST /api/<name>` as the contract says: the status and the answer's JSON.
    pub async fn api(&self, name: &str, token: Option<&str>, args: Value) -> (u16, Value) {
        let mut request = self
            .http
            .post(format!("{}/api/{name}", self.url))
            .header("Content-Type", "application/json")
            .body(args.to_string());
        if let Some(token) = token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        let response = request.send().await.unwrap_or_else(|e| panic!("POST /api/{name}: {e}"));
        let status = response.status().as_u16();
        let text = response.text().await.expect("answer body");
        let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("/api/{name} answered {status} with no JSON ({e}): {text}"));
        (status, value)
    }

    /// The call's result; fails the test on an error answer.
    pub async fn ok(&self, name: &str, token: Option<&str>, args: Value) -> Value {
        let (status, value) = self.api(name, token, args).await;
        assert_eq!(status, 200, "/api/{name}: {value}");
        value
    }

    /// A session over HTTP, with the test build's captcha answer.
    pub async fn login(&self, username: &str, password: &str) -> String {
        let captcha = self.ok("new_captcha", None, Value::Null).await;
        let args = json!({ "username": username, "password": password, "captchaId": captcha["id"], "captchaAnswer": CAPTCHA });
        let session = self.ok("login", None, args).await;
        session["token"].as_str().expect("session token").to_owned()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // SIGTERM lets it close the database as at a normal stop; it is killed if it lingers.
        let _ = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        stop_group(&mut self.child);
    }
}

/// The reviewer's queue of applications in `status` (the waiting ones for `submitted`).
fn applications(status: &str) -> Value {
    json!({
        "kind": null, "status": status, "district": "", "title": "", "from": "", "to": "", "search": "",
        "sort": "submitted_asc", "page": 1, "pageSize": 20,
    })
}

/// Waits until `check` holds of what the server answers for `name`.
async fn wait_for(server: &Server, token: &str, name: &str, args: Value, what: &str, check: impl Fn(&Value) -> bool) -> Value {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let answer = server.ok(name, Some(token), args.clone()).await;
        if check(&answer) {
            return answer;
        }
        assert!(Instant::now() < deadline, "{what}: the server answers {answer}");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Waits until a file named `name` is complete in `dir` (Chromium writes `*.crdownload` first).
async fn wait_for_download(dir: &Path, name: &str) -> Vec<u8> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let path = dir.join(name);
        if path.exists() {
            return std::fs::read(&path).expect("read the download");
        }
        let present: Vec<_> = std::fs::read_dir(dir).map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name()).collect()).unwrap_or_default();
        assert!(Instant::now() < deadline, "no download {name} in {}; it holds {present:?}", dir.display());
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Fills in the open registration form in the browser, the photo uploaded through the page's
/// file input, and waits for the photo to show on the form.
pub async fn fill_record_in_browser(browser: &App, photo: &str) {
    // WebDriver cannot answer the browser's own file dialog: the input stays closed, and the
    // file is handed to it as a person would pick it.
    browser
        .driver
        .execute(
            "const click = HTMLInputElement.prototype.click;
             HTMLInputElement.prototype.click = function () { if (this.type !== 'file') click.call(this); };",
            vec![],
        )
        .await
        .expect("keep the file dialog closed");
    fill_record(browser).await;
    let input = browser.driver.query(By::Css("input[type=file]")).wait(Duration::from_secs(10), Duration::from_millis(100)).first().await.expect("the file input");
    assert_eq!(input.attr("accept").await.unwrap().as_deref(), Some("image/jpeg,image/png"));
    input.send_keys(photo).await.expect("choose the photo");
    browser
        .driver
        .query(By::Css("[data-testid='record-photo'] img"))
        .wait(Duration::from_secs(15), Duration::from_millis(100))
        .first()
        .await
        .expect("the uploaded photo shown on the form");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_worker_registers_and_applies_in_chromium() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let downloads = dir.path().join("downloads");
    std::fs::create_dir_all(&downloads).unwrap();
    // The admin and a reviewer, made through the core before the server opens the folder.
    {
        let registry = data_with_admin(&data);
        let admin = core_login(&registry, "admin", ADMIN_PASSWORD);
        create_reviewer(&registry, &admin);
    }
    let photo = photo_file(dir.path());
    let server = Server::start(&data, &std::env::temp_dir().join("swreg-e2e-portal.server.log")).await;
    let mut browser = App::chromium(&server.url, "portal", &downloads).await;

    // 账户注册 in the browser.
    browser.click("login-register").await;
    fill_registration(&browser, "35020319900101123X").await;
    browser.el("register-captcha-image").await;
    browser.fill("register-captcha", CAPTCHA).await;
    browser.shot("register-filled").await;
    browser.click("register-submit").await;
    browser.el("register-done").await;
    browser.shot("register-submitted").await;

    // The admin approves the account over HTTP.
    let admin = server.login("admin", ADMIN_PASSWORD).await;
    let pending = json!({ "status": "pending", "role": null, "search": "linmei", "page": 1, "pageSize": 5 });
    let queue = wait_for(&server, &admin, "account_queue", pending, "linmei's account waits for review", |q| q["total"] == 1).await;
    let user_id = queue["items"][0]["id"].clone();
    server.ok("review_account", Some(&admin), json!({ "userId": user_id, "approve": true, "comment": "" })).await;

    // The worker logs in and fills in the form; the photo goes through the page's file input.
    browser.click("register-done-login").await;
    login(&browser, "linmei", "Worker2026").await;
    browser.click("home-my-top").await;
    browser.click("my-register").await;
    browser.el("record-form").await;
    fill_record_in_browser(&browser, &photo).await;
    browser.shot("record-filled").await;
    browser
        .driver
        .execute("document.querySelector(`[data-testid='record-photo']`).scrollIntoView({ block: 'center' });", vec![])
        .await
        .expect("scroll to the photo");
    browser.shot("record-photo").await;
    browser.click("record-submit").await;
    browser.el("record-locked").await;
    browser.shot("record-submitted").await;

    // The reviewer sees the application, with its photo, through the server.
    let reviewer = server.login("shenhe", REVIEWER_PASSWORD).await;
    let queue = wait_for(&server, &reviewer, "application_queue", applications("submitted"), "the application is submitted", |q| {
        q["total"] == 1 && q["items"][0]["status"] == "submitted"
    })
    .await;
    let application = &queue["items"][0];
    assert_eq!(application["name"], "𠈌·买买提");
    assert_eq!(application["kind"], "initial");
    let id = application["id"].clone();
    let detail = server.ok("application_detail", Some(&reviewer), id.clone()).await;
    assert_eq!(detail["form"]["idNumber"], "35020319900101123X");
    assert!(detail["form"]["photoId"].is_i64(), "the uploaded photo is on the form: {}", detail["form"]);
    assert!(detail["photo"].as_str().is_some_and(|p| p.starts_with("data:image/")), "the photo is stored");

    // Approved over HTTP; the worker sees it in the browser.
    server.ok("decide_application", Some(&reviewer), json!({ "applicationId": id, "approve": true, "comment": "" })).await;
    wait_for(&server, &reviewer, "application_queue", applications("approved"), "the application is approved", |q| q["total"] == 1).await;
    let detail = server.ok("application_detail", Some(&reviewer), id).await;
    let registration_no = detail["registrationNo"].as_str().expect("a registration number once approved").to_owned();
    browser.click("record-back").await;
    browser.el("my-hub").await;
    assert_eq!(browser.el("my-status").await.text().await.unwrap(), "已登记");
    assert_eq!(browser.el("my-registration-no").await.text().await.unwrap(), registration_no);
    browser.shot("hub-registered").await;
    browser.click("my-approval_list").await;
    browser.el("history-table").await;
    browser.wait_count("history-row-", 1, "the first registration, approved").await;
    browser.wait_text("审核通过时间列表").await;
    browser.wait_text("初次登记").await;
    browser.shot("approvals").await;

    // 信息预览打印 → 保存PDF: a download under the name the server gives.
    browser.click("history-my").await;
    browser.click("my-print").await;
    // 保存PDF waits for the preview (it is disabled until the form is drawn).
    browser.wait_text("共 1 页").await;
    browser.wait_text("打开浏览器的打印窗口").await;
    browser.click("print-save").await;
    browser.wait_text("已保存到").await;
    let name = swreg_core::registration::print::file_name("𠈌·买买提", Some(&registration_no));
    let pdf = wait_for_download(&downloads, &name).await;
    assert!(pdf.starts_with(b"%PDF-"), "the download is a PDF");
    browser.shot("print-saved").await;
    // 打印: the PDF in a hidden frame of the page, for the browser's print.
    browser.click("print-print").await;
    browser.wait_text("已打开浏览器的打印窗口").await;
    let frame = browser.driver.find(By::Css("iframe[aria-hidden='true']")).await.expect("the print frame");
    assert!(frame.attr("src").await.unwrap().is_some_and(|src| src.starts_with("blob:")), "the frame holds the PDF");
    logout(&browser).await;

    // The admin in the browser: 立即备份 downloads the backup, with its size and anchor; 恢复
    // is not for the web, and the page says where to do it.
    login(&browser, "admin", ADMIN_PASSWORD).await;
    browser.menu("menu-admin-backup").await;
    browser.click("backup-now").await;
    let shown = browser.el("backup-result-path").await.text().await.unwrap();
    assert!(shown.starts_with("社会工作者登记-备份-") && shown.ends_with(".sqlite3"), "the backup's name: {shown}");
    let backup = wait_for_download(&downloads, &shown).await;
    assert!(backup.starts_with(b"SQLite format 3\0"), "the download is the database");
    assert!(!browser.el("backup-result-anchor").await.text().await.unwrap().contains("无"), "the backup's anchor is shown");
    browser.shot("backup-downloaded").await;
    browser.click("restore-choose").await;
    browser.wait_text("请在服务器上使用 swreg-admin restore").await;
    browser.shot("restore-unsupported").await;

    // 导出 from 登记名册: the CSV is downloaded, and the page counts its rows.
    browser.menu("menu-staff-roster").await;
    browser.wait_count("roster-row-", 1, "linmei in the register").await;
    browser.click("roster-export").await;
    browser.el("export-dialog").await;
    browser.click("export-format-csv").await;
    browser.click("export-confirm").await;
    browser.wait_text("已导出 1 条记录到 ").await;
    let message = browser.driver.find(By::Css(".el-message--success")).await.expect("the export's message").text().await.unwrap();
    let csv_name = message.rsplit("记录到 ").next().unwrap_or_default().trim().to_owned();
    assert!(csv_name.ends_with(".csv"), "the export's file name: {message}");
    let csv = String::from_utf8(wait_for_download(&downloads, &csv_name).await).expect("UTF-8 CSV");
    let lines: Vec<&str> = csv.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 2, "a header and linmei:\n{csv}");
    assert!(lines[1].contains("买买提"), "linmei's row: {}", lines[1]);
    browser.shot("exported").await;
    browser.quit().await;
}
