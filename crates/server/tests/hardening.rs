//! What the portal needs facing the internet: rate limits (429), the security headers, an access
//! log without personal data, body limits, and staff kept to the networks an admin lists.

mod common;

use common::{Server, ADMIN_PASSWORD};
use serde_json::{json, Value};

/// Sends `name` until the server answers 429 (at most `tries` times): that answer.
fn until_limited(server: &Server, name: &str, args: Value, tries: usize) -> common::Response {
    for _ in 0..tries {
        let response = server.post(&format!("/api/{name}"), "", "application/json", args.to_string().as_bytes());
        if response.status == 429 {
            return response;
        }
    }
    panic!("{name} was never limited in {tries} requests");
}

#[test]
fn the_public_commands_answer_429_with_when_to_try_again() {
    let server = Server::start();
    for (name, args) in [("new_captcha", Value::Null), ("login", Value::Null), ("register", Value::Null), ("recover_password", Value::Null)] {
        let limited = until_limited(&server, name, args, 100);
        let wait: u64 = limited.header("retry-after").expect("Retry-After").parse().unwrap();
        assert!(wait >= 1, "{name}");
        let error = limited.json();
        assert_eq!(error["code"], "rate_limited", "{name}");
        assert_eq!(error["message"], format!("操作过于频繁，请{wait}秒后再试"), "{name}");
    }
    // Another client has its own allowance; other commands are not limited.
    let (status, _) = server.call_from("127.0.0.2", "new_captcha", "", Value::Null);
    assert_eq!(status, 200);
    for _ in 0..50 {
        assert_eq!(server.call("app_status", "", Value::Null).0, 200);
    }
}

#[test]
fn a_load_test_on_loopback_may_turn_the_limits_off() {
    let server = Server::start_with(tempfile::tempdir().unwrap(), &["--no-rate-limits"]);
    for _ in 0..60 {
        assert_eq!(server.call("new_captcha", "", Value::Null).0, 200);
    }
}

#[test]
fn every_answer_carries_the_security_headers() {
    let server = Server::start();
    let answers = [
        ("health", server.get("/api/health")),
        ("call", server.post("/api/app_status", "", "application/json", b"")),
        ("error", server.post("/api/me", "", "application/json", b"")),
        ("unknown command", server.post("/api/nothing", "", "application/json", b"")),
        ("wrong method", server.get("/api/me")),
        ("page", server.get("/")),
    ];
    for (what, response) in &answers {
        let csp = response.header("content-security-policy").unwrap_or_else(|| panic!("{what}: no CSP"));
        assert!(csp.contains("default-src 'self'") && csp.contains("connect-src 'self'") && csp.contains("frame-ancestors 'none'"), "{what}: {csp}");
        assert_eq!(response.header("x-content-type-options"), Some("nosniff"), "{what}");
        assert_eq!(response.header("referrer-policy"), Some("no-referrer"), "{what}");
        assert_eq!(response.header("x-frame-options"), Some("DENY"), "{what}");
        assert!(response.header("permissions-policy").is_some_and(|p| p.contains("camera=()")), "{what}");
        // HSTS only means something under TLS (the TLS test checks it there).
        assert_eq!(response.header("strict-transport-security"), None, "{what}");
    }
    for (what, response) in &answers[..5] {
        assert_eq!(response.header("cache-control"), Some("no-store"), "{what}");
    }
}

#[test]
fn bodies_past_their_limit_are_refused() {
    let server = Server::start();
    let big = format!("{{\"username\":\"{}\"}}", "a".repeat(70 * 1024));
    let response = server.post("/api/login", "", "application/json", big.as_bytes());
    assert_eq!(response.status, 400);
    assert_eq!(response.json()["code"], "bad_request");
    assert!(response.json()["message"].as_str().unwrap().contains("过大"));
}

#[test]
fn the_access_log_has_one_line_a_request_and_nothing_personal() {
    let server = Server::start();
    let token = server.admin();
    server.ok("me", &token, Value::Null);
    server.get("/api/health");
    server.post("/api/张三350203199003071246", &token, "application/json", b"");
    // setup_admin, new_captcha, login, me, health, the unknown one.
    let lines = server.log_lines(6);
    let entries: Vec<Value> = lines.iter().map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}"))).collect();
    let commands: Vec<&str> = entries.iter().map(|e| e["command"].as_str().unwrap()).collect();
    assert_eq!(commands, ["setup_admin", "new_captcha", "login", "me", "health", "?"]);
    for entry in &entries {
        let keys: Vec<&String> = entry.as_object().unwrap().keys().collect();
        assert_eq!(keys.len(), 7, "{entry}");
        for key in ["time", "client", "method", "command", "status", "ms", "bytes"] {
            assert!(entry.get(key).is_some(), "{key} in {entry}");
        }
        assert_eq!(entry["client"], "127.0.0.1");
    }
    assert_eq!(entries[3]["status"], 200);
    assert_eq!(entries[5]["status"], 404);
    let all = lines.join("\n");
    for secret in [token.as_str(), ADMIN_PASSWORD, "陈建国", "350203199003071246", "张三"] {
        assert!(!all.contains(secret), "{secret} in the log");
    }
}

#[test]
fn staff_work_only_from_the_listed_networks_workers_from_anywhere() {
    let server = Server::start();
    let admin = server.admin();
    let mut settings = server.ok("security_settings", &admin, Value::Null);
    // A list that leaves out the admin's own address is refused: nobody locks themselves out.
    settings["staffNetworks"] = json!(["10.0.0.0/8"]);
    let (status, error) = server.call("save_security_settings", &admin, settings.clone());
    assert_eq!(status, 422, "{error}");
    assert_eq!(error["fields"][0]["field"], "staffNetworks");
    settings["staffNetworks"] = json!(["127.0.0.1"]);
    server.ok("save_security_settings", &admin, settings);
    // The same session from another address: refused, calls and file commands alike.
    let (status, error) = server.call_from("127.0.0.2", "me", &admin, Value::Null);
    assert_eq!((status, error["code"].as_str(), error["message"].as_str()), (403, Some("forbidden"), Some("工作人员账号只能从单位内部网络使用")));
    let (status, _) = server.call_from("127.0.0.2", "backup_now", &admin, Value::Null);
    assert_eq!(status, 403);
    // A login from there: refused after the password check; a wrong password says only that.
    let captcha = server.call_from("127.0.0.2", "new_captcha", "", Value::Null).1;
    let login = json!({"username": "admin", "password": ADMIN_PASSWORD, "captchaId": captcha["id"], "captchaAnswer": common::CAPTCHA});
    let (status, error) = server.call_from("127.0.0.2", "login", "", login);
    assert_eq!((status, error["message"].as_str()), (403, Some("工作人员账号只能从单位内部网络使用")), "{error}");
    // From inside, all as before.
    assert_eq!(server.call("me", &admin, Value::Null).0, 200);
    // A worker from the other address works.
    let entered = server.ok(
        "enter_worker",
        &admin,
        json!({"username": "walkin01", "displayName": "张伟", "idNumber": "35020319900101123X", "phone": "13959200001", "email": "", "handover": "show"}),
    );
    let temp = entered["tempPassword"]["password"].as_str().unwrap().to_owned();
    let captcha = server.call_from("127.0.0.2", "new_captcha", "", Value::Null).1;
    let login = json!({"username": "walkin01", "password": temp, "captchaId": captcha["id"], "captchaAnswer": common::CAPTCHA});
    let (status, session) = server.call_from("127.0.0.2", "login", "", login);
    assert_eq!(status, 200, "{session}");
    let token = session["token"].as_str().unwrap();
    assert_eq!(server.call_from("127.0.0.2", "me", token, Value::Null).0, 200);
}
