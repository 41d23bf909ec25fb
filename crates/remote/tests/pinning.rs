//! The client against a real rustls server on loopback, started inside the test with
//! certificates made by rcgen: the pinned certificate passes, a swapped one is refused before
//! any request, a probe reads the fingerprint, and answers, errors and files cross as the
//! contract says.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use swreg_core::ErrorCode;
use swreg_remote::{probe, Fingerprint, Remote};
use tokio::net::TcpListener;

/// A test server: the certificate it presents can be swapped; it counts the API requests it
/// received (the health check aside).
struct Server {
    address: String,
    tls: Option<Arc<Mutex<Arc<rustls::ServerConfig>>>>,
    requests: Arc<AtomicUsize>,
}

struct Cert {
    der: CertificateDer<'static>,
    config: Arc<rustls::ServerConfig>,
}

fn cert() -> Cert {
    let made = rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()]).unwrap();
    let der = made.cert.der().clone();
    let key = PrivateKeyDer::Pkcs8(made.key_pair.serialize_der().into());
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![der.clone()], key)
        .unwrap();
    Cert { der, config: Arc::new(config) }
}

const PDF_NAME: &str = "社会工作者登记申请表-张三.pdf";

async fn serve(tls: Option<&Cert>) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let tls = tls.map(|c| Arc::new(Mutex::new(Arc::clone(&c.config))));
    let requests = Arc::new(AtomicUsize::new(0));
    let (shared, counted) = (tls.clone(), Arc::clone(&requests));
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else { return };
            let config = shared.as_ref().map(|c| Arc::clone(&c.lock().unwrap()));
            let counted = Arc::clone(&counted);
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |req| answer(req, Arc::clone(&counted)));
                let http = hyper::server::conn::http1::Builder::new();
                match config {
                    None => {
                        let _ = http.serve_connection(TokioIo::new(tcp), service).await;
                    }
                    Some(config) => {
                        let Ok(stream) = tokio_rustls::TlsAcceptor::from(config).accept(tcp).await else { return };
                        let _ = http.serve_connection(TokioIo::new(stream), service).await;
                    }
                }
            });
        }
    });
    let scheme = if tls.is_some() { "https" } else { "http" };
    Server { address: format!("{scheme}://127.0.0.1:{port}"), tls, requests }
}

impl Server {
    fn present(&self, cert: &Cert) {
        *self.tls.as_ref().unwrap().lock().unwrap() = Arc::clone(&cert.config);
    }
}

async fn answer(req: Request<hyper::body::Incoming>, requests: Arc<AtomicUsize>) -> Result<Response<Full<Bytes>>, hyper::Error> {
    let path = req.uri().path().to_owned();
    let query = req.uri().query().unwrap_or_default().to_owned();
    if path == "/api/health" {
        return Ok(json_answer(StatusCode::OK, json!({ "status": "ok" })));
    }
    requests.fetch_add(1, Ordering::SeqCst);
    let auth = req.headers().get("authorization").map(|v| v.to_str().unwrap().to_owned());
    let kind = req.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned());
    let body = req.into_body().collect().await?.to_bytes();
    Ok(match path.as_str() {
        "/api/me" => json_answer(
            StatusCode::OK,
            json!({ "auth": auth, "contentType": kind, "args": serde_json::from_slice::<Value>(&body).unwrap() }),
        ),
        "/api/choose_photo" => {
            let args = query.strip_prefix("args=").unwrap();
            let args = percent_encoding::percent_decode_str(args).decode_utf8().unwrap();
            json_answer(StatusCode::OK, json!({ "args": serde_json::from_str::<Value>(&args).unwrap(), "bytes": body.len(), "contentType": kind }))
        }
        "/api/login" => json_answer(
            StatusCode::UNPROCESSABLE_ENTITY,
            json!({ "code": "validation", "message": "请检查填写的内容", "fields": [{ "field": "username", "message": "请填写账号" }] }),
        ),
        "/api/restore_backup" => json_answer(
            StatusCode::NOT_IMPLEMENTED,
            json!({ "code": "unsupported", "message": "网页和连接服务器的桌面程序中不能恢复备份：请在服务器上使用 swreg-admin restore", "fields": null }),
        ),
        "/api/save_record_pdf" => {
            let encoded = percent_encoding::utf8_percent_encode(PDF_NAME, percent_encoding::NON_ALPHANUMERIC);
            Response::builder()
                .header("content-type", "application/pdf")
                .header("content-disposition", format!("attachment; filename*=UTF-8''{encoded}"))
                .body(Full::new(Bytes::from(pdf_bytes())))
                .unwrap()
        }
        _ => Response::builder().status(StatusCode::BAD_GATEWAY).body(Full::new(Bytes::from("<html>bad gateway</html>"))).unwrap(),
    })
}

fn pdf_bytes() -> Vec<u8> {
    (0..300_000u32).map(|i| (i % 251) as u8).collect()
}

fn json_answer(status: StatusCode, value: Value) -> Response<Full<Bytes>> {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(value.to_string())))
        .unwrap()
}

#[tokio::test]
async fn a_probe_reads_the_fingerprint_without_sending_a_request() {
    let first = cert();
    let server = serve(Some(&first)).await;
    let seen = probe(&server.address).await.unwrap().expect("an https server has a fingerprint");
    assert_eq!(seen, Fingerprint::of(&first.der));
    let shown = seen.to_string();
    assert_eq!(shown.split(':').count(), 32);
    assert!(shown.split(':').all(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_digit() || ('A'..='F').contains(&c))));
    assert_eq!(server.requests.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn the_pinned_certificate_passes_and_a_swapped_one_is_refused_before_any_request() {
    let (first, second) = (cert(), cert());
    let server = serve(Some(&first)).await;
    let pinned = probe(&server.address).await.unwrap().unwrap().to_string();

    let remote = Remote::new(&server.address, Some(&pinned)).unwrap();
    let answer: Value = serde_json::from_str(&remote.call("me", "t0ken", &json!({ "x": 1 })).await.unwrap()).unwrap();
    assert_eq!(answer["auth"], "Bearer t0ken");
    assert_eq!(answer["contentType"], "application/json");
    assert_eq!(answer["args"], json!({ "x": 1 }));
    // A second call (on the kept connection) still works.
    remote.call("me", "t0ken", &Value::Null).await.unwrap();
    assert_eq!(server.requests.load(Ordering::SeqCst), 2);

    server.present(&second);
    let again = Remote::new(&server.address, Some(&pinned)).unwrap();
    let refused = again.call("me", "t0ken", &Value::Null).await.unwrap_err();
    let other = Fingerprint::of(&second.der).to_string();
    assert!(refused.message.starts_with(&format!("服务器的证书已改变（指纹 {other}），可能有人冒充服务器")), "{}", refused.message);
    assert_eq!(server.requests.load(Ordering::SeqCst), 2, "nothing reaches a server with another certificate");
    // Nor does a file go out.
    let upload = again.upload("choose_photo", "t0ken", &json!({ "userId": null }), vec![1; 10]).await.unwrap_err();
    assert_eq!(upload.message, refused.message);
    assert_eq!(server.requests.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn without_a_confirmed_fingerprint_there_is_no_client() {
    let e = Remote::new("https://127.0.0.1:8443", None).err().unwrap();
    assert_eq!(e.code, ErrorCode::Validation);
    let e = Remote::new("https://127.0.0.1:8443", Some("AB:CD")).err().unwrap();
    assert_eq!(e.fields.unwrap()[0].field, "fingerprint");
    let e = Remote::new("http://192.168.1.10:8080", None).err().unwrap();
    assert_eq!(e.fields.unwrap()[0].field, "address");
}

#[tokio::test]
async fn errors_come_back_whatever_the_status() {
    let first = cert();
    let server = serve(Some(&first)).await;
    let remote = Remote::new(&server.address, Some(&Fingerprint::of(&first.der).to_string())).unwrap();

    let invalid = remote.call("login", "", &json!({})).await.unwrap_err();
    assert_eq!(invalid.code, ErrorCode::Validation);
    assert_eq!(invalid.fields.unwrap()[0].message, "请填写账号");
    let unsupported = remote.call("restore_backup", "t", &Value::Null).await.unwrap_err();
    assert_eq!(unsupported.code, ErrorCode::Unsupported);
    assert!(unsupported.message.contains("swreg-admin restore"));
    let garbled = remote.call("nothing", "t", &Value::Null).await.unwrap_err();
    assert_eq!(garbled.code, ErrorCode::Internal);
    assert!(garbled.message.contains("HTTP 502"), "{}", garbled.message);
    let download = remote.fetch("restore_backup", "t", &Value::Null).await.unwrap_err();
    assert_eq!(download.code, ErrorCode::Unsupported);
}

#[tokio::test]
async fn files_go_up_and_come_down_with_their_names() {
    let first = cert();
    let server = serve(Some(&first)).await;
    let remote = Remote::new(&server.address, Some(&Fingerprint::of(&first.der).to_string())).unwrap();

    let args = json!({ "userId": 7, "note": "照片 & ?=" });
    let up: Value = serde_json::from_str(&remote.upload("choose_photo", "t", &args, vec![9; 1234]).await.unwrap()).unwrap();
    assert_eq!(up["args"], args);
    assert_eq!(up["bytes"], 1234);
    assert_eq!(up["contentType"], "application/octet-stream");

    let fetched = remote.fetch("save_record_pdf", "t", &json!({})).await.unwrap();
    assert_eq!(fetched.file_name.as_deref(), Some(PDF_NAME));
    assert_eq!(fetched.content, pdf_bytes());

    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("保存.pdf");
    let mut seen = Vec::new();
    let saved = remote
        .download("save_record_pdf", "t", &json!({}), &to, |done, total| {
            seen.push((done, total));
            true
        })
        .await
        .unwrap();
    assert_eq!(saved.content, 300_000);
    assert_eq!(saved.file_name.as_deref(), Some(PDF_NAME));
    assert_eq!(std::fs::read(&to).unwrap(), pdf_bytes());
    assert_eq!(seen.last(), Some(&(300_000, Some(300_000))));

    // Stopped half-way: the answer is `cancelled` (the caller deletes its partial file).
    let e = remote.download("save_record_pdf", "t", &json!({}), &to, |done, _| done < 1000).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Cancelled);
    // An error answer writes nothing.
    let other = dir.path().join("无.pdf");
    let e = remote.download("restore_backup", "t", &Value::Null, &other, |_, _| true).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Unsupported);
    assert!(!other.exists());
}

#[tokio::test]
async fn plain_http_works_on_loopback_only() {
    let server = serve(None).await;
    assert_eq!(probe(&server.address).await.unwrap(), None);
    let remote = Remote::new(&server.address, None).unwrap();
    let answer: Value = serde_json::from_str(&remote.call("me", "", &Value::Null).await.unwrap()).unwrap();
    assert_eq!(answer["auth"], Value::Null);

    let e = probe("http://10.0.0.1:8080").await.unwrap_err();
    assert_eq!(e.fields.unwrap()[0].field, "address");
}

#[tokio::test]
async fn an_address_where_nothing_listens_is_said_in_chinese() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let e = probe(&format!("127.0.0.1:{port}")).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::Internal);
    assert!(e.message.starts_with(&format!("无法连接服务器 https://127.0.0.1:{port}")), "{}", e.message);
}
