//! The desktop app as a client of `swreg-server` (issue 16): the 连接设置 page probes a real
//! server on loopback and shows its certificate's fingerprint; an app pinned to it works on the
//! server's register and keeps none of its own; a swapped certificate is refused with the warning.

use crate::accounts::{data_with_admin, login};
use crate::harness::{test_app, workspace_root, App, CAPTCHA};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The server built for tests (`cargo build -p swreg-server --features test-hooks`), or `SWREG_SERVER`.
fn server_binary() -> PathBuf {
    let path = std::env::var_os("SWREG_SERVER").map(PathBuf::from).unwrap_or_else(|| workspace_root().join("target/debug/swreg-server"));
    assert!(path.exists(), "swreg-server is not built at {}: run scripts/test.sh", path.display());
    path
}

/// `swreg-server` over TLS (its own certificate) on a loopback port; stopped when dropped.
struct Server(Child);

impl Server {
    fn start(data: &Path, port: u16) -> Server {
        let child = Command::new(server_binary())
            .args(["--data-dir"])
            .arg(data)
            .args(["--listen", &format!("127.0.0.1:{port}"), "--tls", "--no-rate-limits"])
            .env("SWREG_TEST_CAPTCHA", CAPTCHA)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start swreg-server");
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "swreg-server did not listen on {port}");
            std::thread::sleep(Duration::from_millis(100));
        }
        Server(child)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn fingerprint(server_data: &Path) -> String {
    std::fs::read_to_string(server_data.join("tls/fingerprint.txt")).expect("the server's fingerprint").trim().to_owned()
}

/// A fingerprint as the page shows it (four lines of eight pairs), read without white space.
fn as_shown(fingerprint: &str) -> String {
    let pairs: Vec<&str> = fingerprint.split(':').collect();
    pairs.chunks(8).map(|line| line.join(":")).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_desktop_app_works_on_the_server_and_refuses_a_swapped_certificate() {
    let dir = tempfile::tempdir().unwrap();
    let server_data = dir.path().join("server");
    std::fs::create_dir_all(&server_data).unwrap();
    let registry = data_with_admin(&server_data);
    let admin = crate::harness::core_login(&registry, "admin", crate::accounts::ADMIN_PASSWORD);
    registry.seed_demo(&admin, swreg_core::demo::SeedArgs { workers: 12, seed: 16 }).expect("seed demo");
    let query = swreg_core::records::roster::RosterQuery { page: 1, page_size: 20, ..Default::default() };
    let records = registry.roster(&admin, query).unwrap().total as usize;
    assert!(records > 0);
    registry.close().unwrap();
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let server = Server::start(&server_data, port);
    let pinned = fingerprint(&server_data);
    let address = format!("https://127.0.0.1:{port}");

    // First start: the 首次使用 page offers 连接服务器; 连接 shows the server's fingerprint.
    let first = dir.path().join("first");
    std::fs::create_dir_all(&first).unwrap();
    let mut app = App::start(&test_app(), &first, "client").await;
    app.el("setup-connection").await;
    app.shot("setup-offers-connection").await;
    app.click("setup-connection").await;
    app.click("connection-mode-server").await;
    app.fill("connection-address", "http://192.168.1.10:8443").await;
    app.click("connection-connect").await;
    assert!(app.field_error("connection-address").await.contains("只能连接本机"));
    app.shot("connection-address-refused").await;
    app.fill("connection-address", &format!("127.0.0.1:{port}")).await;
    app.click("connection-connect").await;
    let shown = app.el("connection-fingerprint").await.text().await.unwrap();
    assert_eq!(shown.split_whitespace().collect::<String>(), as_shown(&pinned));
    app.wait_text(&address).await;
    app.shot("connection-fingerprint").await;
    app.click("connection-cancel").await;
    assert!(!first.join("connection.json").exists(), "取消 keeps 单机使用");
    app.click("connection-connect").await;
    app.click("connection-trust").await;
    // 信任并连接 keeps the choice, then the app restarts in it (beyond WebDriver's reach).
    let file = first.join("connection.json");
    let deadline = Instant::now() + Duration::from_secs(15);
    while !file.exists() {
        assert!(Instant::now() < deadline, "信任并连接 wrote no connection.json");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let kept: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(kept, serde_json::json!({ "mode": "server", "address": address, "fingerprint": pinned }));
    app.quit().await;

    // A client's data folder holds the connection file alone.
    let client = dir.path().join("client");
    std::fs::create_dir_all(&client).unwrap();
    std::fs::copy(&file, client.join("connection.json")).unwrap();
    let saves = dir.path().join("saves");
    std::fs::create_dir_all(&saves).unwrap();
    let save_dir = saves.display().to_string();
    let mut app = App::start_with(&test_app(), &client, "client", &[("SWREG_TEST_SAVE_DIR", save_dir.as_str())]).await;
    app.el("login-username").await;
    app.wait_text(&format!("服务器 {address}")).await;
    app.shot("client-login").await;
    login(&app, "admin", crate::accounts::ADMIN_PASSWORD).await;
    app.el("home-welcome").await;
    app.wait_text("陈建国").await;
    app.menu("menu-admin-connection").await;
    app.wait_text(&address).await;
    let kept = app.el("connection-pinned").await.text().await.unwrap();
    assert_eq!(kept.split_whitespace().collect::<String>(), as_shown(&pinned));
    app.shot("client-connection-settings").await;
    assert!(!client.join("swreg.sqlite3").exists(), "a client keeps no register of its own");

    // The server's register, exported through the client: downloaded into the file chosen.
    app.menu("menu-staff-roster").await;
    app.wait_count("roster-row-", records, "the server's records").await;
    app.click("roster-export").await;
    app.el("export-dialog").await;
    app.click("export-format-csv").await;
    app.click("export-confirm").await;
    app.wait_text(&format!("已导出 {records} 条记录")).await;
    app.shot("client-exported").await;
    let csv = std::fs::read_dir(&saves).unwrap().flatten().map(|e| e.path()).find(|p| p.extension().is_some_and(|e| e == "csv"));
    let body = std::fs::read_to_string(csv.expect("the CSV saved")).unwrap();
    assert_eq!(body.lines().filter(|l| !l.trim().is_empty()).count(), records + 1, "a header and the server's records:\n{body}");
    assert_eq!(std::fs::read_dir(&saves).unwrap().count(), 1, "no partial file is left");

    // The server comes back with another certificate: nothing is sent, the warning says why.
    drop(server);
    std::fs::remove_dir_all(server_data.join("tls")).unwrap();
    let _server = Server::start(&server_data, port);
    let other = fingerprint(&server_data);
    assert_ne!(other, pinned);
    app.menu("menu-staff-review").await;
    app.wait_text(&format!("服务器的证书已改变（指纹 {other}），可能有人冒充服务器")).await;
    app.shot("client-certificate-changed").await;
    app.quit().await;
}
