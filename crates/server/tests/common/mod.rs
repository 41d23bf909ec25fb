//! The real `swreg-server` binary on a free loopback port against a fresh data folder, and a
//! small HTTP/1.1 client (a raw TCP stream: one request per connection).

#![allow(dead_code)]

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const ADMIN_PASSWORD: &str = "Admin2026x";
/// Every captcha's answer in these servers (the core's test hooks).
pub const CAPTCHA: &str = "ABCD";

pub struct Server {
    pub child: Child,
    pub address: SocketAddr,
    pub dir: tempfile::TempDir,
    /// The lines the server wrote to stdout (the access log) so far.
    pub stdout: Arc<Mutex<Vec<String>>>,
    pub stderr: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// A server on a fresh data folder, plain HTTP on 127.0.0.1.
    pub fn start() -> Server {
        Server::start_with(tempfile::tempdir().unwrap(), &[])
    }

    /// A server on `dir` with extra flags.
    pub fn start_with(dir: tempfile::TempDir, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_swreg-server"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(["--listen", "127.0.0.1:0"])
            .args(extra)
            .env("SWREG_TEST_CAPTCHA", CAPTCHA)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let stdout = collect(child.stdout.take().unwrap(), None);
        let (started_tx, started_rx) = mpsc::channel();
        let stderr = collect(child.stderr.take().unwrap(), Some(started_tx));
        let address = match started_rx.recv_timeout(Duration::from_secs(60)) {
            Ok(address) => address,
            Err(_) => {
                let _ = child.kill();
                panic!("the server did not start: {:?}", stderr.lock().unwrap());
            }
        };
        Server { child, address, dir, stdout, stderr }
    }

    /// `POST /api/<name>` with JSON arguments: the status and the answer's JSON.
    pub fn call(&self, name: &str, token: &str, args: Value) -> (u16, Value) {
        let response = self.post(&format!("/api/{name}"), token, "application/json", args.to_string().as_bytes());
        (response.status, response.json())
    }

    /// A call that must succeed: its result.
    pub fn ok(&self, name: &str, token: &str, args: Value) -> Value {
        let (status, value) = self.call(name, token, args);
        assert_eq!(status, 200, "{name}: {value}");
        value
    }

    pub fn post(&self, path: &str, token: &str, content_type: &str, body: &[u8]) -> Response {
        let mut headers = vec![("Content-Type", content_type.to_owned())];
        if !token.is_empty() {
            headers.push(("Authorization", format!("Bearer {token}")));
        }
        self.request("POST", path, &headers, body)
    }

    pub fn get(&self, path: &str) -> Response {
        self.request("GET", path, &[], b"")
    }

    pub fn request(&self, method: &str, path: &str, headers: &[(&str, String)], body: &[u8]) -> Response {
        self.request_from(None, method, path, headers, body)
    }

    /// A call sent from another loopback address (127.0.0.2, say): another client to the server.
    pub fn call_from(&self, source: &str, name: &str, token: &str, args: Value) -> (u16, Value) {
        let mut headers = vec![("Content-Type", "application/json".to_owned())];
        if !token.is_empty() {
            headers.push(("Authorization", format!("Bearer {token}")));
        }
        let response = self.request_from(Some(source), "POST", &format!("/api/{name}"), &headers, args.to_string().as_bytes());
        (response.status, response.json())
    }

    pub fn request_from(&self, source: Option<&str>, method: &str, path: &str, headers: &[(&str, String)], body: &[u8]) -> Response {
        let mut stream = match source {
            None => TcpStream::connect(self.address).expect("connects"),
            Some(source) => connect_from(source, self.address),
        };
        stream.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n", self.address, body.len());
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).unwrap();
        // A server may answer (413) before it has read all of a large body.
        let _ = stream.write_all(body);
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        Response::parse(&raw)
    }

    /// The first admin, logged in: its session token.
    pub fn admin(&self) -> String {
        self.ok(
            "setup_admin",
            "",
            json!({"username": "admin", "displayName": "陈建国", "password": ADMIN_PASSWORD, "passwordConfirm": ADMIN_PASSWORD}),
        );
        self.login("admin", ADMIN_PASSWORD).1["token"].as_str().unwrap().to_owned()
    }

    /// 登录 with the captcha answered: status and answer.
    pub fn login(&self, username: &str, password: &str) -> (u16, Value) {
        let captcha = self.ok("new_captcha", "", Value::Null);
        self.call(
            "login",
            "",
            json!({"username": username, "password": password, "captchaId": captcha["id"], "captchaAnswer": CAPTCHA}),
        )
    }
}

impl Server {
    /// Waits until the access log holds `count` lines (each request writes one as it answers).
    pub fn log_lines(&self, count: usize) -> Vec<String> {
        for _ in 0..600 {
            let lines = self.stdout.lock().unwrap().clone();
            if lines.len() >= count {
                return lines;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the access log did not reach {count} lines: {:?}", self.stdout.lock().unwrap());
    }
}

impl Server {
    /// Sends `signal` (TERM, INT) to the server as systemd or Ctrl+C would, and waits for it to end.
    pub fn stop_with(&mut self, signal: &str) -> std::process::ExitStatus {
        let sent = Command::new("kill").arg(format!("-{signal}")).arg(self.child.id().to_string()).status().unwrap();
        assert!(sent.success());
        self.child.wait().unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A connection whose client end is bound to `source` first.
fn connect_from(source: &str, to: SocketAddr) -> TcpStream {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_io().build().unwrap();
    let stream = runtime.block_on(async {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind(SocketAddr::new(source.parse().unwrap(), 0)).unwrap();
        socket.connect(to).await.expect("connects")
    });
    let stream = stream.into_std().unwrap();
    stream.set_nonblocking(false).unwrap();
    stream
}

/// Keeps reading a pipe into lines (so the server never blocks on a full pipe); the address of
/// the start line goes to `started`.
fn collect(pipe: impl Read + Send + 'static, started: Option<mpsc::Sender<SocketAddr>>) -> Arc<Mutex<Vec<String>>> {
    let lines = Arc::new(Mutex::new(Vec::new()));
    let kept = Arc::clone(&lines);
    std::thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let Ok(line) = line else { break };
            if let (Some(tx), Some(rest)) = (&started, line.split("服务已启动：").nth(1)) {
                let address = rest.split("://").nth(1).and_then(|a| a.parse().ok());
                if let Some(address) = address {
                    let _ = tx.send(address);
                }
            }
            kept.lock().unwrap().push(line);
        }
    });
    lines
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    fn parse(raw: &[u8]) -> Response {
        let end = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a whole answer");
        let head = String::from_utf8_lossy(&raw[..end]).into_owned();
        let mut lines = head.split("\r\n");
        let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let mut body = raw[end + 4..].to_vec();
        if headers.iter().any(|(n, v)| n == "transfer-encoding" && v.contains("chunked")) {
            body = dechunk(&body);
        }
        Response { status, headers, body }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|_| panic!("not JSON ({}): {}", self.status, String::from_utf8_lossy(&self.body)))
    }
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = body.windows(2).position(|w| w == b"\r\n").expect("a chunk size");
        let size = usize::from_str_radix(std::str::from_utf8(&body[..line_end]).unwrap().split(';').next().unwrap().trim(), 16).unwrap();
        body = &body[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&body[..size]);
        body = &body[size + 2..];
    }
}
