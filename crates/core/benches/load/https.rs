//! The load's transport through `swreg-server` over HTTPS on loopback: the server binary started
//! on a copy of the seeded folder (`--tls`: the certificate it makes, pinned by the fingerprint it
//! prints), one kept-alive TLS connection per client, `POST /api/<name>` as the contract says.

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, ClientConnection, DigitallySignedStruct, SignatureScheme, StreamOwned};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc};
use swreg_core::demo::load::Transport;
use swreg_core::{ApiError, Error};

/// Every captcha's answer in the server under load (its `test-hooks` build).
const CAPTCHA: &str = "LOAD";

pub struct Server {
    child: Child,
    address: SocketAddr,
    fingerprint: Vec<u8>,
}

impl Server {
    /// `binary --data-dir dir --listen 127.0.0.1:0 --tls --no-rate-limits` (`SWREG_LOAD_SERVER_FLAGS`
    /// replaces the last), once it says it serves.
    pub fn start(binary: &Path, dir: &Path) -> Server {
        let mut child = Command::new(binary)
            .arg("--data-dir")
            .arg(dir)
            .args(["--listen", "127.0.0.1:0", "--tls"])
            // Rate limits off (loopback only): 50 clients log in from one address.
            .args(std::env::var("SWREG_LOAD_SERVER_FLAGS").unwrap_or_else(|_| "--no-rate-limits".into()).split_whitespace())
            .env("SWREG_TEST_CAPTCHA", CAPTCHA)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("swreg-server starts");
        let stderr = child.stderr.take().expect("stderr");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut fingerprint = None;
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Some(hex) = line.split("证书指纹（SHA-256）：").nth(1) {
                    fingerprint = hex.split(':').map(|b| u8::from_str_radix(b.trim(), 16).ok()).collect::<Option<Vec<u8>>>();
                }
                if let Some(url) = line.split("服务已启动：").nth(1) {
                    let address = url.split("://").nth(1).and_then(|a| a.trim().parse::<SocketAddr>().ok());
                    let _ = tx.send((address, fingerprint.clone()));
                }
                // Later lines are read and dropped, so that the server never blocks on its pipe.
            }
        });
        let (address, fingerprint) = rx.recv().expect("the server says where it serves");
        Server {
            child,
            address: address.expect("the server's address"),
            fingerprint: fingerprint.expect("the certificate's fingerprint (the server runs with --tls)"),
        }
    }

    pub fn client(&self) -> Https {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(Pinned { fingerprint: self.fingerprint.clone(), provider }))
            .with_no_client_auth();
        Https { address: self.address, config: Arc::new(config) }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server's own certificate, pinned by its SHA-256 as the desktop app pins it.
#[derive(Debug)]
struct Pinned {
    fingerprint: Vec<u8>,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for Pinned {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if Sha256::digest(end_entity.as_ref()).as_slice() == self.fingerprint.as_slice() {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::General("the server's certificate is not the pinned one".into()))
        }
    }

    fn verify_tls12_signature(&self, message: &[u8], cert: &CertificateDer<'_>, dss: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(&self, message: &[u8], cert: &CertificateDer<'_>, dss: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}

pub struct Https {
    address: SocketAddr,
    config: Arc<ClientConfig>,
}

type Stream = BufReader<StreamOwned<ClientConnection, TcpStream>>;

fn failed(what: impl std::fmt::Display) -> ApiError {
    Error::Internal(format!("HTTPS: {what}")).into()
}

/// Reads one answer: the status, the body and whether the server closes the connection.
fn read_answer(stream: &mut Stream) -> std::io::Result<(u16, Vec<u8>, bool)> {
    let mut line = String::new();
    stream.read_line(&mut line)?;
    let status: u16 =
        line.split(' ').nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| std::io::Error::other(format!("status line {line:?}")))?;
    let (mut length, mut chunked, mut close) = (None, false, false);
    loop {
        line.clear();
        stream.read_line(&mut line)?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        let (key, value) = header.split_once(':').unwrap_or((header, ""));
        let (key, value) = (key.to_ascii_lowercase(), value.trim().to_ascii_lowercase());
        match key.as_str() {
            "content-length" => length = value.parse::<usize>().ok(),
            "transfer-encoding" => chunked = value.contains("chunked"),
            "connection" => close = value == "close",
            _ => {}
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            line.clear();
            stream.read_line(&mut line)?;
            let size = usize::from_str_radix(line.trim().split(';').next().unwrap_or(""), 16).map_err(std::io::Error::other)?;
            let mut chunk = vec![0; size + 2];
            stream.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else if let Some(n) = length {
        body.resize(n, 0);
        stream.read_exact(&mut body)?;
    } else {
        stream.read_to_end(&mut body)?;
        close = true;
    }
    Ok((status, body, close))
}

impl Https {
    fn open(&self) -> Result<Stream, ApiError> {
        let tcp = TcpStream::connect(self.address).map_err(failed)?;
        tcp.set_nodelay(true).map_err(failed)?;
        let name = ServerName::try_from("localhost").map_err(failed)?;
        let tls = ClientConnection::new(self.config.clone(), name).map_err(failed)?;
        Ok(BufReader::new(StreamOwned::new(tls, tcp)))
    }

    /// One request on the client's connection (opened again when the server closed it): the
    /// status and the body.
    fn post(&self, conn: &mut Option<Stream>, token: &str, name: &str, body: &[u8]) -> Result<(u16, Vec<u8>), ApiError> {
        if conn.is_none() {
            *conn = Some(self.open()?);
        }
        let Some(stream) = conn.as_mut() else { return Err(failed("no connection")) };
        let auth = if token.is_empty() { String::new() } else { format!("Authorization: Bearer {token}\r\n") };
        let mut request = format!(
            "POST /api/{name} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n{auth}Content-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        request.extend_from_slice(body);
        let answer = stream.get_mut().write_all(&request).and_then(|()| stream.get_mut().flush()).and_then(|()| read_answer(stream));
        match answer {
            Ok((status, body, close)) => {
                if close {
                    *conn = None;
                }
                Ok((status, body))
            }
            Err(e) => {
                *conn = None;
                Err(failed(e))
            }
        }
    }
}

impl Transport for Https {
    type Conn = Option<Stream>;

    fn connect(&self) -> Option<Stream> {
        None
    }

    fn call(&self, conn: &mut Option<Stream>, token: &str, name: &str, args: Value) -> Result<String, ApiError> {
        let (status, body) = self.post(conn, token, name, args.to_string().as_bytes())?;
        let text = String::from_utf8(body).map_err(failed)?;
        if status == 200 {
            Ok(text)
        } else {
            Err(failed(format!("{status} {text}")))
        }
    }

    fn login(&self, conn: &mut Option<Stream>, username: &str, password: &str) -> Result<String, ApiError> {
        let captcha: Value = serde_json::from_str(&self.call(conn, "", "new_captcha", Value::Null)?).map_err(failed)?;
        let args = json!({"username": username, "password": password, "captchaId": captcha["id"], "captchaAnswer": CAPTCHA});
        let session: Value = serde_json::from_str(&self.call(conn, "", "login", args)?).map_err(failed)?;
        session["token"].as_str().map(str::to_owned).ok_or_else(|| failed("no token in the login's answer"))
    }
}
