//! The server through HTTP: sessions, the error shape and its statuses, the command table.

mod common;

use common::{Server, ADMIN_PASSWORD};
use serde_json::{json, Value};

#[test]
fn setup_login_and_me_work_with_the_bearer_token() {
    let server = Server::start();
    let health = server.get("/api/health");
    assert_eq!((health.status, health.json()), (200, json!({"status": "ok"})));
    assert_eq!(server.ok("app_status", "", Value::Null)["needsSetup"], true);
    let token = server.admin();
    let me = server.ok("me", &token, Value::Null);
    assert_eq!(me["username"], "admin");
    assert_eq!(me["displayName"], "陈建国");
    assert_eq!(me["role"], "admin");
    // No token, or one that is not a session: 401 with the core's error.
    let (status, error) = server.call("me", "", Value::Null);
    assert_eq!((status, error["code"].as_str()), (401, Some("unauthenticated")));
    let (status, _) = server.call("me", "not-a-session", Value::Null);
    assert_eq!(status, 401);
    // Logged out, the token no longer works.
    server.ok("logout", &token, Value::Null);
    assert_eq!(server.call("me", &token, Value::Null).0, 401);
}

#[test]
fn errors_keep_their_shape_and_get_the_status_of_their_kind() {
    let server = Server::start();
    // A validation error: 422, with the field's message.
    let (status, error) = server.call("setup_admin", "", json!({"username": "admin", "displayName": "陈建国", "password": "short", "passwordConfirm": "short"}));
    assert_eq!(status, 422, "{error}");
    assert_eq!(error["code"], "validation");
    assert!(error["message"].is_string());
    assert!(error["fields"].as_array().is_some_and(|f| f.iter().any(|f| f["field"] == "password")), "{error}");
    let token = server.admin();
    // A wrong password: 401 login_failed, `fields` present and null.
    let (status, error) = server.login("admin", "Wrong2026x");
    assert_eq!((status, error["code"].as_str()), (401, Some("login_failed")), "{error}");
    assert!(error.as_object().unwrap().contains_key("fields") && error["fields"].is_null());
    // Arguments that do not decode: 400 bad_request. Broken JSON: the same.
    let (status, error) = server.call("worker_detail", &token, json!("不是编号"));
    assert_eq!((status, error["code"].as_str()), (400, Some("bad_request")), "{error}");
    let broken = server.post("/api/me", &token, "application/json", b"{");
    assert_eq!((broken.status, broken.json()["code"].as_str()), (400, Some("bad_request")));
    // Not found: 404 with the core's message.
    let (status, error) = server.call("worker_detail", &token, json!(999_999));
    assert_eq!((status, error["code"].as_str()), (404, Some("not_found")), "{error}");
    // A second admin setup: 409 conflict.
    let (status, error) = server.call("setup_admin", "", json!({"username": "second", "displayName": "某某", "password": ADMIN_PASSWORD, "passwordConfirm": ADMIN_PASSWORD}));
    assert_eq!(status, 409, "{error}");
    // Every answer is JSON with its type said.
    let response = server.post("/api/me", &token, "application/json", b"");
    assert_eq!(response.header("content-type"), Some("application/json"));
}

/// Every name in the core's table is answered by the server — with its own answer or the one
/// error shape, never the server's "no such command" — and a name outside the table is not.
/// With `every_command_answers_through_tauri` (src-tauri) a command reachable through one
/// transport and not the other fails a test.
#[test]
fn every_command_in_the_table_answers_and_no_other() {
    let server = Server::start();
    for name in swreg_core::commands::NAMES {
        let (status, answer) = server.call(name, "", json!("不是参数"));
        let unknown = serde_json::to_value(swreg_core::commands::unknown(name)).unwrap();
        assert_ne!(answer, unknown, "{name} is not served over HTTP");
        assert!(status == 200 || (answer["code"].is_string() && answer["message"].is_string()), "{name}: {status} {answer}");
    }
    for name in ["no_such_command", "NAMES", "me2"] {
        let (status, answer) = server.call(name, "", Value::Null);
        assert_eq!(status, 404, "{name}");
        assert_eq!(answer, serde_json::to_value(swreg_core::commands::unknown(name)).unwrap());
    }
    // Only POST carries commands.
    assert_eq!(server.get("/api/me").status, 405);
}

#[test]
fn the_app_is_served_with_index_html_for_its_own_routes() {
    let ui = tempfile::tempdir().unwrap();
    std::fs::create_dir(ui.path().join("assets")).unwrap();
    std::fs::write(ui.path().join("index.html"), "<!doctype html><title>社会工作者登记管理系统</title>").unwrap();
    std::fs::write(ui.path().join("assets/app-1234.js"), "console.log(1)").unwrap();
    let ui_dir = ui.path().display().to_string();
    let server = Server::start_with(tempfile::tempdir().unwrap(), &["--ui-dir", &ui_dir]);
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(page.header("content-type").unwrap().starts_with("text/html"));
    assert!(String::from_utf8_lossy(&page.body).contains("社会工作者登记管理系统"));
    let script = server.get("/assets/app-1234.js");
    assert_eq!((script.status, script.body.as_slice()), (200, b"console.log(1)".as_slice()));
    assert!(script.header("content-type").unwrap().starts_with("text/javascript"));
    // A route of the app: the page, which routes itself.
    let route = server.get("/worker/records?tab=1");
    assert_eq!(route.status, 200);
    assert_eq!(route.body, page.body);
    // Nothing outside the folder.
    let escape = server.get("/assets/%2e%2e/%2e%2e/%2e%2e/etc/passwd");
    assert!(!String::from_utf8_lossy(&escape.body).contains("root:"));
}
