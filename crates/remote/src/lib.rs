//! The desktop app's side of `swreg-server` (issue 16's HTTP contract): every command as
//! `POST /api/<name>` over HTTPS, the server's certificate pinned by its SHA-256 fingerprint
//! like SSH's host keys (`pin.rs`). `probe` reads a server's fingerprint on first contact
//! without trusting it; a `Remote` then talks only to the server that shows that certificate.
//! A changed certificate is refused before any request is sent.
//!
//! Plain `http://` is accepted for loopback addresses only (the tests' servers).

mod address;
mod pin;

pub use address::Address;
pub use pin::Fingerprint;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::client::conn::http1::SendRequest;
use hyper::header::{AUTHORIZATION, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_TYPE, HOST};
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use pin::Pinned;
use serde_json::Value;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use swreg_core::{ApiError, Error, ErrorCode};
use tokio::io::{AsyncRead, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpStream;

/// How long to wait for the server to accept a connection and finish the handshake.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// A kept connection older than this is not reused (the server may have closed it).
const IDLE_REUSE: Duration = Duration::from_secs(20);
/// How many connections are kept for reuse.
const MAX_KEPT: usize = 4;
/// The most a call's answer may hold (a record's PDF as base64 is the largest).
const MAX_ANSWER: usize = 64 * 1024 * 1024;

/// The server as the app knows it: its address and the certificate it must show.
pub struct Remote {
    address: Address,
    verifier: Option<Arc<Pinned>>,
    tls: Option<tokio_rustls::TlsConnector>,
    idle: Mutex<Vec<(Instant, SendRequest<Full<Bytes>>)>>,
}

/// A file fetched from the server: the name it proposes and its bytes (or where they went).
#[derive(Debug)]
pub struct Downloaded<T> {
    pub file_name: Option<String>,
    pub content: T,
}

trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

/// Reads a server's certificate fingerprint on first contact, trusting nothing: the handshake
/// is completed (the server proves it holds the certificate's key) and `GET /api/health` must
/// answer as this system's server does. `None` for a plain `http://` address (loopback only).
pub async fn probe(address: &str) -> Result<Option<Fingerprint>, ApiError> {
    let address = Address::parse(address).map_err(|m| ApiError::from(Error::field("address", m)))?;
    let verifier = address.tls.then(|| Pinned::new(None));
    let tls = verifier.as_ref().map(connector).transpose()?;
    let mut sender = open(&address, tls.as_ref(), verifier.as_deref()).await?;
    let request = Request::get("/api/health")
        .header(HOST, address.authority())
        .body(Full::new(Bytes::new()))
        .map_err(|e| internal(&address, e))?;
    let response = sender.send_request(request).await.map_err(|e| broken(&address, e))?;
    let ok = response.status() == StatusCode::OK;
    let body = read_all(response.into_body(), 4096).await.unwrap_or_default();
    let healthy = ok && serde_json::from_slice::<Value>(&body).is_ok_and(|v| v["status"] == "ok");
    if !healthy {
        return Err(Error::field("address", format!("{address} 上不是社会工作者登记管理系统的服务器")).into());
    }
    Ok(verifier.and_then(|v| v.seen()))
}

fn connector(verifier: &Arc<Pinned>) -> Result<tokio_rustls::TlsConnector, ApiError> {
    let config = verifier.config().map_err(|e| ApiError::from(Error::Internal(format!("无法建立加密连接：{e}"))))?;
    Ok(tokio_rustls::TlsConnector::from(Arc::new(config)))
}

impl Remote {
    /// The server at `address` (as saved by the app), accepted only with the certificate of
    /// `fingerprint` (`None`: plain HTTP on loopback).
    pub fn new(address: &str, fingerprint: Option<&str>) -> Result<Remote, ApiError> {
        let address = Address::parse(address).map_err(|m| ApiError::from(Error::field("address", m)))?;
        let verifier = match (address.tls, fingerprint) {
            (false, _) => None,
            (true, Some(text)) => {
                let pinned = Fingerprint::parse(text)
                    .ok_or_else(|| ApiError::from(Error::field("fingerprint", "证书指纹应为 32 组十六进制数字")))?;
                Some(Pinned::new(Some(pinned)))
            }
            (true, None) => return Err(Error::field("fingerprint", "尚未确认服务器的证书指纹").into()),
        };
        let tls = verifier.as_ref().map(connector).transpose()?;
        Ok(Remote { address, verifier, tls, idle: Mutex::new(Vec::new()) })
    }

    pub fn address(&self) -> &Address {
        &self.address
    }

    /// A call: `args` as JSON in, the result's JSON text out, or the server's `ApiError`.
    pub async fn call(&self, name: &str, token: &str, args: &Value) -> Result<String, ApiError> {
        let body = serde_json::to_vec(args).map_err(|e| internal(&self.address, e))?;
        let response = self.send(&format!("/api/{name}"), token, "application/json", body).await?;
        self.answer(response).await
    }

    /// `choose_photo` and the like: the file's bytes as the body, the arguments in the query.
    pub async fn upload(&self, name: &str, token: &str, args: &Value, bytes: Vec<u8>) -> Result<String, ApiError> {
        let args = serde_json::to_string(args).map_err(|e| internal(&self.address, e))?;
        let query = percent_encoding::utf8_percent_encode(&args, percent_encoding::NON_ALPHANUMERIC);
        let response = self.send(&format!("/api/{name}?args={query}"), token, "application/octet-stream", bytes).await?;
        self.answer(response).await
    }

    /// A small file (a record's PDF) into memory, with the name the server proposes.
    pub async fn fetch(&self, name: &str, token: &str, args: &Value) -> Result<Downloaded<Vec<u8>>, ApiError> {
        let response = self.download_response(name, token, args).await?;
        let file_name = file_name(&response);
        let bytes = read_all(response.into_body(), MAX_ANSWER).await.map_err(|e| broken(&self.address, e))?;
        Ok(Downloaded { file_name, content: bytes.to_vec() })
    }

    /// A file written into `to` (which the caller made: a partial file it renames when this
    /// succeeds and deletes otherwise); `progress(received, total)` after each piece, and `false`
    /// from it stops the download (`cancelled`). A download shorter than announced is an error.
    pub async fn download(
        &self,
        name: &str,
        token: &str,
        args: &Value,
        to: &Path,
        mut progress: impl FnMut(u64, Option<u64>) -> bool,
    ) -> Result<Downloaded<u64>, ApiError> {
        let response = self.download_response(name, token, args).await?;
        let file_name = file_name(&response);
        let total = response.headers().get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse().ok());
        let failed = |e: std::io::Error| ApiError::from(Error::File(format!("无法写入文件 {}：{e}", to.display())));
        let mut file = tokio::fs::OpenOptions::new().write(true).create(true).truncate(true).open(to).await.map_err(failed)?;
        let mut body = response.into_body();
        let mut received = 0u64;
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| broken(&self.address, e))?;
            if let Ok(data) = frame.into_data() {
                file.write_all(&data).await.map_err(failed)?;
                received += data.len() as u64;
                if !progress(received, total) {
                    return Err(Error::Cancelled("已取消".into()).into());
                }
            }
        }
        if total.is_some_and(|t| t != received) {
            return Err(Error::File("下载未完成：与服务器的连接中断".into()).into());
        }
        file.sync_all().await.map_err(failed)?;
        Ok(Downloaded { file_name, content: received })
    }

    async fn download_response(&self, name: &str, token: &str, args: &Value) -> Result<Response<hyper::body::Incoming>, ApiError> {
        let body = serde_json::to_vec(args).map_err(|e| internal(&self.address, e))?;
        let response = self.send(&format!("/api/{name}"), token, "application/json", body).await?;
        if response.status() == StatusCode::OK {
            Ok(response)
        } else {
            Err(self.answer(response).await.err().unwrap_or_else(|| unreadable(StatusCode::OK)))
        }
    }

    async fn send(&self, path: &str, token: &str, content_type: &str, body: Vec<u8>) -> Result<Response<hyper::body::Incoming>, ApiError> {
        let mut request = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(HOST, self.address.authority())
            .header(CONTENT_TYPE, content_type);
        if !token.is_empty() {
            request = request.header(AUTHORIZATION, format!("Bearer {token}"));
        }
        let request = request.body(Full::new(Bytes::from(body))).map_err(|e| internal(&self.address, e))?;
        let mut sender = match self.reuse() {
            Some(s) => s,
            None => open(&self.address, self.tls.as_ref(), self.verifier.as_deref()).await?,
        };
        let response = sender.send_request(request).await.map_err(|e| broken(&self.address, e))?;
        // Kept for the next request once this answer has been read (hyper queues it until then);
        // a few at most, the oldest let go.
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        if idle.len() >= MAX_KEPT {
            idle.remove(0);
        }
        idle.push((Instant::now(), sender));
        Ok(response)
    }

    fn reuse(&self) -> Option<SendRequest<Full<Bytes>>> {
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        while let Some((since, sender)) = idle.pop() {
            if since.elapsed() < IDLE_REUSE && sender.is_ready() {
                return Some(sender);
            }
        }
        None
    }

    /// The result's JSON on 200; otherwise the server's `ApiError`, whatever the status.
    async fn answer(&self, response: Response<hyper::body::Incoming>) -> Result<String, ApiError> {
        let status = response.status();
        let body = read_all(response.into_body(), MAX_ANSWER).await.map_err(|e| broken(&self.address, e))?;
        if status == StatusCode::OK {
            return String::from_utf8(body.to_vec()).map_err(|_| unreadable(status));
        }
        Err(api_error(&body).unwrap_or_else(|| unreadable(status)))
    }
}

/// A new connection: TCP, then (for `https://`) the handshake with the pinned verifier.
async fn open(
    address: &Address,
    tls: Option<&tokio_rustls::TlsConnector>,
    verifier: Option<&Pinned>,
) -> Result<SendRequest<Full<Bytes>>, ApiError> {
    let tcp = tokio::time::timeout(CONNECT_TIMEOUT, TcpStream::connect((address.host.as_str(), address.port)))
        .await
        .map_err(|_| unreachable(address, "等待超时"))?
        .map_err(|e| unreachable(address, &e.to_string()))?;
    let _ = tcp.set_nodelay(true);
    let stream: Box<dyn Io> = match tls {
        None => Box::new(tcp),
        Some(tls) => {
            let name = rustls::pki_types::ServerName::try_from(address.host.clone())
                .map_err(|_| ApiError::from(Error::field("address", "服务器的主机名无效")))?;
            match tokio::time::timeout(CONNECT_TIMEOUT, tls.connect(name, tcp)).await {
                Ok(Ok(stream)) => Box::new(stream),
                Ok(Err(e)) => return Err(handshake_failed(address, verifier, e)),
                Err(_) => return Err(unreachable(address, "加密握手超时")),
            }
        }
    };
    let (sender, connection) =
        hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.map_err(|e| broken(address, e))?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(sender)
}

/// A refused handshake: the warning about a changed certificate when that is the reason.
fn handshake_failed(address: &Address, verifier: Option<&Pinned>, e: std::io::Error) -> ApiError {
    if let Some(seen) = verifier.and_then(|v| v.expected_but_saw_other()) {
        return changed(seen);
    }
    unreachable(address, &format!("加密连接失败（{e}）"))
}

/// The warning for a certificate other than the pinned one: nothing was sent.
pub fn changed(seen: Fingerprint) -> ApiError {
    Error::Conflict(format!(
        "服务器的证书已改变（指纹 {seen}），可能有人冒充服务器。如果是管理员更换了证书，请在“连接设置”中核对新指纹后重新确认"
    ))
    .into()
}

fn unreachable(address: &Address, why: &str) -> ApiError {
    Error::Internal(format!("无法连接服务器 {address}：{why}。请检查网络和服务器地址，或联系管理员")).into()
}

fn broken(address: &Address, e: impl std::fmt::Display) -> ApiError {
    Error::Internal(format!("与服务器 {address} 的连接中断（{e}），请重试")).into()
}

fn internal(address: &Address, e: impl std::fmt::Display) -> ApiError {
    Error::Internal(format!("无法向服务器 {address} 发送请求：{e}")).into()
}

fn unreadable(status: StatusCode) -> ApiError {
    Error::Internal(format!("服务器的应答无法识别（HTTP {}），请确认服务器与本程序的版本一致", status.as_u16())).into()
}

/// The `{code, message, fields}` of an error answer; an unknown code is an internal error
/// keeping the server's message.
fn api_error(body: &[u8]) -> Option<ApiError> {
    let value: Value = serde_json::from_slice(body).ok()?;
    let message = value.get("message")?.as_str()?.to_owned();
    let code = serde_json::from_value(value.get("code")?.clone()).unwrap_or(ErrorCode::Internal);
    let fields = value.get("fields").cloned().and_then(|f| serde_json::from_value(f).ok());
    Some(ApiError { code, message, fields })
}

async fn read_all(body: hyper::body::Incoming, limit: usize) -> Result<Bytes, String> {
    Limited::new(body, limit).collect().await.map(|c| c.to_bytes()).map_err(|e| e.to_string())
}

/// The name in `Content-Disposition: …; filename*=UTF-8''<percent-encoded>`.
fn file_name<B>(response: &Response<B>) -> Option<String> {
    let header = response.headers().get(CONTENT_DISPOSITION)?.to_str().ok()?;
    let encoded = header.split(';').find_map(|part| part.trim().strip_prefix("filename*=UTF-8''"))?;
    let name = percent_encoding::percent_decode_str(encoded.trim_matches('"')).decode_utf8().ok()?;
    // Only a last component: a crafted name cannot point elsewhere.
    Path::new(name.as_ref()).file_name().map(|n| n.to_string_lossy().into_owned())
}
