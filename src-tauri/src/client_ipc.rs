//! Client mode through Tauri's own IPC path: the app's handler with no registry and a server
//! on loopback (a few lines of plain HTTP that answer as `swreg-server` does), so that every
//! command of the core's table is seen to reach the server or the client's own file command.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use tauri::ipc::InvokeResponseBody;

/// What the server received: the command's name, the Authorization header, the body.
type Seen = Arc<Mutex<Vec<(String, Option<String>, String)>>>;

/// The file commands the server refuses to a client (contract: restore and import).
const SERVER_ONLY: &[&str] =
    &["choose_backup", "restore_backup", "choose_import_file", "choose_import_photos", "recheck_import", "save_import_report", "run_import"];

/// Answers `POST /api/<name>`: `200 {"forwarded": name, …}`, or for restore and import the
/// server's `501 unsupported`; one request per connection.
fn server() -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let seen: Seen = Arc::default();
    let noted = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let path = line.split(' ').nth(1).unwrap_or_default().to_owned();
            let (mut length, mut auth) = (0usize, None);
            loop {
                let mut header = String::new();
                reader.read_line(&mut header).unwrap();
                let header = header.trim_end();
                if header.is_empty() {
                    break;
                }
                let (key, value) = header.split_once(": ").unwrap();
                match key.to_ascii_lowercase().as_str() {
                    "content-length" => length = value.parse().unwrap(),
                    "authorization" => auth = Some(value.to_owned()),
                    _ => {}
                }
            }
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            let name = path.trim_start_matches("/api/").split('?').next().unwrap_or_default().to_owned();
            noted.lock().unwrap().push((name.clone(), auth.clone(), String::from_utf8_lossy(&body).into_owned()));
            let (status, answer) = if SERVER_ONLY.contains(&name.as_str()) {
                ("501 Not Implemented", json!({ "code": "unsupported", "message": "网页和连接服务器的桌面程序中不能导入：请在服务器上使用 swreg-admin import", "fields": null }))
            } else {
                ("200 OK", json!({ "forwarded": name, "auth": auth }))
            };
            let text = answer.to_string();
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                text.len()
            );
        }
    });
    (address, seen)
}

fn client(address: &str) -> (tempfile::TempDir, impl Fn(&str, Value) -> Result<InvokeResponseBody, Value>) {
    let dir = tempfile::tempdir().unwrap();
    let connection = crate::connection::Connection::Server { address: address.into(), fingerprint: None };
    let remote = swreg_remote::Remote::new(address, None).unwrap();
    let app = tauri::test::mock_builder()
        .manage(Arc::new(remote))
        .manage(Arc::new(crate::connection::Active::new(dir.path().to_path_buf(), connection)))
        .manage(Arc::new(crate::files::BatchCancel::default()));
    (dir, crate::ipc_fuzz::invoker(app))
}

#[test]
fn a_call_goes_to_the_server_with_the_session_and_its_answer_comes_back() {
    let (address, seen) = server();
    let (_dir, invoke) = client(&address);
    let answer: Value = invoke("me", json!({ "token": "abc", "args": null })).unwrap().deserialize().unwrap();
    assert_eq!(answer, json!({ "forwarded": "me", "auth": "Bearer abc" }));
    let answer: Value = invoke("worker_detail", json!({ "token": "", "args": 7 })).unwrap().deserialize().unwrap();
    assert_eq!(answer["auth"], Value::Null, "no session, no header");
    assert_eq!(seen.lock().unwrap()[1], ("worker_detail".to_owned(), None, "7".to_owned()));
    // Restoring and importing are the server's to refuse, with its message.
    let refused = invoke("run_import", json!({ "token": "abc", "args": { "skipInvalid": true } })).unwrap_err();
    assert_eq!(refused["code"], "unsupported", "{refused}");
    assert!(refused["message"].as_str().unwrap().contains("swreg-admin import"));
}

/// Every command answers in client mode: a call (and restore, import) reaches the server, a
/// file command the client carries checks its arguments here first (malformed ones open no
/// dialog and send nothing); the shell's own commands answer too.
#[test]
fn every_command_answers_through_tauri_in_client_mode() {
    let (address, seen) = server();
    let (_dir, invoke) = client(&address);
    for name in swreg_core::commands::NAMES {
        let before = seen.lock().unwrap().len();
        let answer = invoke(name, json!({ "token": "t", "args": "不是参数" }));
        let sent = seen.lock().unwrap().len() > before;
        match answer {
            Ok(_) => assert!(sent, "{name} answered without the server"),
            Err(e) if e["code"] == "bad_request" => assert!(!sent, "{name} sent malformed arguments"),
            Err(e) if e["code"] == "unsupported" => assert!(sent, "{name}"),
            Err(e) => assert!(e.as_str().is_some_and(|m| m.contains("missing required key onProgress")), "{name} is not served: {e}"),
        }
    }
    let calls = seen.lock().unwrap().iter().filter(|(name, ..)| swreg_core::commands::kind_of(name) == Some(swreg_core::commands::Kind::Call)).count();
    assert_eq!(calls, swreg_core::commands::NAMES.len() - swreg_core::commands::FILES.len(), "every call reached the server");
    let info: Value = invoke("connection_info", json!({})).unwrap().deserialize().unwrap();
    assert_eq!(info, json!({ "mode": "server", "address": address, "fingerprint": null }));
}
