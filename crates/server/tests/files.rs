//! The file commands over HTTP: the photo uploaded as bytes, the form downloaded as a PDF.

mod common;

use common::Server;
use serde_json::{json, Value};
use std::process::Command;

fn png_photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(600, 800, |x, y| image::Rgb([(x % 200) as u8 + 30, (y % 200) as u8 + 30, 150]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

/// 代录入 of 张伟 by the admin: the worker's id.
fn walk_in(server: &Server, token: &str) -> i64 {
    let entered = server.ok(
        "enter_worker",
        token,
        json!({"username": "walkin01", "displayName": "张伟", "idNumber": "35020319900101123X", "phone": "13959200001", "email": "", "handover": "show"}),
    );
    entered["workerId"].as_i64().unwrap()
}

fn upload(server: &Server, token: &str, worker: i64, bytes: &[u8]) -> common::Response {
    let args = format!("%7B%22workerId%22%3A{worker}%7D");
    server.post(&format!("/api/choose_photo?args={args}"), token, "application/octet-stream", bytes)
}

#[test]
fn the_photo_is_uploaded_as_bytes_and_checked_by_the_core() {
    let server = Server::start();
    let admin = server.admin();
    let worker = walk_in(&server, &admin);
    let response = upload(&server, &admin, worker, &png_photo());
    assert_eq!(response.status, 200, "{}", String::from_utf8_lossy(&response.body));
    let photo = response.json();
    assert!(photo["photoId"].as_i64().is_some_and(|id| id > 0), "{photo}");
    assert!(photo["dataUrl"].as_str().is_some_and(|u| u.starts_with("data:image/")), "{photo}");
    // Not a picture: the core's message beside the photo field.
    let refused = upload(&server, &admin, worker, b"not a picture at all");
    assert_eq!(refused.status, 422);
    assert_eq!(refused.json()["fields"][0]["field"], "photo");
    // Over 5 MB: refused with the photo field's message, before the core sees it.
    let huge = upload(&server, &admin, worker, &vec![0u8; 5 * 1024 * 1024 + 1]);
    assert_eq!(huge.status, 422);
    assert_eq!(huge.json()["fields"][0], json!({"field": "photo", "message": "照片文件不能超过5MB"}));
    // Without a session: 401, nothing stored.
    assert_eq!(upload(&server, "", worker, &png_photo()).status, 401);
}

#[test]
fn the_form_downloads_as_a_pdf_with_its_chinese_file_name() {
    let server = Server::start();
    let admin = server.admin();
    let worker = walk_in(&server, &admin);
    let response = server.post("/api/save_record_pdf", &admin, "application/json", json!({"workerId": worker}).to_string().as_bytes());
    assert_eq!(response.status, 200, "{}", String::from_utf8_lossy(&response.body));
    assert_eq!(response.header("content-type"), Some("application/pdf"));
    assert_eq!(response.header("content-length"), Some(response.body.len().to_string().as_str()));
    let disposition = response.header("content-disposition").unwrap();
    assert!(disposition.starts_with("attachment; filename*=UTF-8''"), "{disposition}");
    assert!(disposition.ends_with(".pdf"), "{disposition}");
    assert!(response.body.starts_with(b"%PDF"));
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("form.pdf");
    std::fs::write(&pdf, &response.body).unwrap();
    let text = Command::new("pdftotext").arg(&pdf).arg("-").output().expect("poppler's pdftotext");
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(text.contains("张伟"), "the worker's name is on the form: {text}");
    // 打印 shows the same form in the browser.
    let print = server.post("/api/print_record_pdf", &admin, "application/json", json!({"workerId": worker}).to_string().as_bytes());
    assert!(print.header("content-disposition").unwrap().starts_with("inline; filename*=UTF-8''"));
    // An error stays JSON with its status.
    let (status, error) = server.call("save_record_pdf", "", json!({"workerId": worker}));
    assert_eq!((status, error["code"].as_str()), (401, Some("unauthenticated")));
}

#[test]
fn files_made_on_the_servers_disk_stream_and_leave_nothing_behind() {
    let server = Server::start();
    let admin = server.admin();
    walk_in(&server, &admin);
    let export = server.post("/api/export_records", &admin, "application/json", json!({"query": {}, "format": "csv", "unmasked": false, "purpose": "", "withCodes": false}).to_string().as_bytes());
    assert_eq!(export.status, 200, "{}", String::from_utf8_lossy(&export.body));
    assert_eq!(export.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(export.header("content-disposition").unwrap().contains("%E5%90%8D%E5%86%8C"), "名册 in the name");
    assert!(String::from_utf8_lossy(&export.body).contains("张伟"));
    let template = server.post("/api/save_import_template", &admin, "application/json", b"null");
    assert_eq!(template.status, 200);
    assert!(template.body.starts_with(b"PK"), "an XLSX is a ZIP");
    let backup = server.post("/api/backup_now", &admin, "application/json", b"");
    assert_eq!(backup.status, 200);
    assert!(backup.body.starts_with(b"SQLite format 3\0"));
    // 数据备份 lists it as the browser's download, under the name the browser saved it as.
    let overview = server.ok("backup_overview", &admin, Value::Null);
    let listed = overview["runs"][0]["path"].as_str().unwrap_or_default();
    assert!(listed.starts_with("浏览器下载 社会工作者登记-备份-") && listed.ends_with(".sqlite3"), "{overview}");
    assert_eq!(overview["runs"][0]["ok"], true);
    let downloads = server.dir.path().join("downloads");
    let left: Vec<_> = std::fs::read_dir(&downloads).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    assert!(left.is_empty(), "{left:?}");
    // What needs the server's own disk is refused with what to do instead.
    for (name, hint) in [("restore_backup", "swreg-admin restore"), ("choose_import_file", "swreg-admin import"), ("run_import", "swreg-admin import")] {
        let (status, error) = server.call(name, &admin, Value::Null);
        assert_eq!((status, error["code"].as_str()), (501, Some("unsupported")), "{name}");
        assert!(error["message"].as_str().unwrap().contains(hint), "{name}: {error}");
    }
    assert_eq!(server.call("cancel_batch", &admin, Value::Null), (200, Value::Null));
    // No export or batch PDF is being made: the progress is null, with or without a session.
    for headers in [vec![("Authorization", format!("Bearer {admin}"))], vec![]] {
        let progress = server.request("GET", "/api/progress", &headers, b"");
        assert_eq!((progress.status, progress.json()), (200, Value::Null));
    }
}
