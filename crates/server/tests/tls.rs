//! TLS: the certificate the server makes on its first start, its fingerprint (printed, written,
//! and the one a client sees); a certificate without its key is refused.

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use std::io::{Read, Write};
use std::process::Command;
use std::sync::{Arc, Mutex};

mod common;

/// Accepts any certificate and keeps it: a client that pins checks the fingerprint itself.
#[derive(Debug)]
struct Keep(Mutex<Option<Vec<u8>>>, Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for Keep {
    fn verify_server_cert(&self, end: &CertificateDer<'_>, _: &[CertificateDer<'_>], _: &ServerName<'_>, _: &[u8], _: UnixTime) -> Result<ServerCertVerified, rustls::Error> {
        *self.0.lock().unwrap() = Some(end.as_ref().to_vec());
        Ok(ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(&self, m: &[u8], c: &CertificateDer<'_>, d: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(m, c, d, &self.1.signature_verification_algorithms)
    }
    fn verify_tls13_signature(&self, m: &[u8], c: &CertificateDer<'_>, d: &DigitallySignedStruct) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(m, c, d, &self.1.signature_verification_algorithms)
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.1.signature_verification_algorithms.supported_schemes()
    }
}

#[test]
fn the_self_made_certificate_is_served_and_its_fingerprint_told() {
    let server = common::Server::start_with(tempfile::tempdir().unwrap(), &["--tls"]);
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let keep = Arc::new(Keep(Mutex::new(None), Arc::clone(&provider)));
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .dangerous()
        .with_custom_certificate_verifier(keep.clone())
        .with_no_client_auth();
    let connection = rustls::ClientConnection::new(Arc::new(config), ServerName::try_from("localhost").unwrap()).unwrap();
    let mut tls = rustls::StreamOwned::new(connection, std::net::TcpStream::connect(server.address).unwrap());
    tls.write_all(b"GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").unwrap();
    let mut answer = Vec::new();
    let _ = tls.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with(r#"{"status":"ok"}"#), "{answer}");
    assert!(answer.to_ascii_lowercase().contains("\r\nstrict-transport-security: max-age="), "HSTS under TLS: {answer}");
    let der = keep.0.lock().unwrap().clone().expect("a certificate");
    let seen: Vec<String> = sha256(&der).iter().map(|b| format!("{b:02X}")).collect();
    let seen = seen.join(":");
    let written = std::fs::read_to_string(server.dir.path().join("tls/fingerprint.txt")).unwrap();
    assert_eq!(written.trim(), seen);
    assert!(server.stderr.lock().unwrap().iter().any(|l| l.contains(&seen)), "the fingerprint is printed at start");
}

#[test]
fn half_a_certificate_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_swreg-server"))
        .arg("--data-dir")
        .arg(dir.path())
        .args(["--listen", "127.0.0.1:0", "--tls-cert", "cert.pem"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("必须同时给出"));
}

fn sha256(bytes: &[u8]) -> Vec<u8> {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).to_vec()
}
