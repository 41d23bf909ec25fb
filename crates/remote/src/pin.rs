//! The server's certificate pinned like SSH's host keys: no certificate authority is trusted;
//! the end-entity certificate must have exactly the SHA-256 fingerprint the user confirmed on
//! first contact. The handshake's signatures are still verified with the ring provider, so a
//! server that shows the pinned certificate must also hold its private key.

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{ring, verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, ClientConfig, DigitallySignedStruct, SignatureScheme};
use sha2::{Digest, Sha256};
use std::sync::{Arc, Mutex};

/// A certificate's SHA-256 fingerprint: 32 bytes, written as upper-case hex pairs joined by ':'.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint([u8; 32]);

impl Fingerprint {
    /// The fingerprint of a DER certificate.
    pub fn of(der: &[u8]) -> Self {
        Fingerprint(Sha256::digest(der).into())
    }

    /// Reads a fingerprint as the server prints it; case, colons and spaces do not matter.
    /// `None` when it is not 32 bytes of hex.
    pub fn parse(text: &str) -> Option<Self> {
        let hex: Vec<u8> = text.bytes().filter(|b| !matches!(b, b':' | b' ' | b'-')).collect();
        if hex.len() != 64 {
            return None;
        }
        let mut out = [0u8; 32];
        for (i, pair) in hex.chunks(2).enumerate() {
            let pair = std::str::from_utf8(pair).ok()?;
            out[i] = u8::from_str_radix(pair, 16).ok()?;
        }
        Some(Fingerprint(out))
    }
}

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let pairs: Vec<String> = self.0.iter().map(|b| format!("{b:02X}")).collect();
        f.write_str(&pairs.join(":"))
    }
}

/// Accepts the pinned certificate only (`expected: None` for a probe, which accepts any
/// certificate but sends nothing that matters); remembers the certificate the server showed.
#[derive(Debug)]
pub(crate) struct Pinned {
    expected: Option<Fingerprint>,
    seen: Mutex<Option<Fingerprint>>,
    provider: Arc<CryptoProvider>,
}

impl Pinned {
    pub(crate) fn new(expected: Option<Fingerprint>) -> Arc<Self> {
        Arc::new(Pinned { expected, seen: Mutex::new(None), provider: Arc::new(ring::default_provider()) })
    }

    /// The fingerprint of the certificate the server showed last.
    pub(crate) fn seen(&self) -> Option<Fingerprint> {
        *self.seen.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The certificate the server showed when it was not the pinned one.
    pub(crate) fn expected_but_saw_other(&self) -> Option<Fingerprint> {
        let seen = self.seen()?;
        self.expected.is_some_and(|e| e != seen).then_some(seen)
    }

    /// The TLS settings that trust this verifier alone.
    pub(crate) fn config(self: &Arc<Self>) -> Result<ClientConfig, rustls::Error> {
        let mut config = ClientConfig::builder_with_provider(Arc::clone(&self.provider))
            .with_safe_default_protocol_versions()?
            .dangerous()
            .with_custom_certificate_verifier(Arc::clone(self) as Arc<dyn ServerCertVerifier>)
            .with_no_client_auth();
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(config)
    }
}

impl ServerCertVerifier for Pinned {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let shown = Fingerprint::of(end_entity);
        *self.seen.lock().unwrap_or_else(|p| p.into_inner()) = Some(shown);
        match self.expected {
            Some(pinned) if pinned != shown => {
                Err(rustls::Error::InvalidCertificate(CertificateError::ApplicationVerificationFailure))
            }
            _ => Ok(ServerCertVerified::assertion()),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::Fingerprint;

    #[test]
    fn fingerprints_read_back_in_any_case_and_print_as_colon_pairs() {
        let fp = Fingerprint::of(b"certificate");
        let shown = fp.to_string();
        assert_eq!(shown.len(), 32 * 3 - 1);
        assert!(shown.chars().all(|c| c == ':' || c.is_ascii_digit() || c.is_ascii_uppercase()));
        assert_eq!(Fingerprint::parse(&shown), Some(fp));
        assert_eq!(Fingerprint::parse(&shown.to_lowercase().replace(':', "")), Some(fp));
        assert_eq!(Fingerprint::parse(&shown[3..]), None);
        assert_eq!(Fingerprint::parse(&"ZZ".repeat(32)), None);
    }
}
