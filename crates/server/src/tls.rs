//! The server's certificate: the bureau's (`--tls-cert`, `--tls-key`) or one the server makes on
//! its first start in `<data-dir>/tls/` and keeps. Its SHA-256 fingerprint is printed at start
//! and kept in `fingerprint.txt`: the desktop app shows it and pins it on first connection.

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The folder of the self-made certificate inside the data folder.
pub const FOLDER: &str = "tls";
const CERT: &str = "cert.pem";
const KEY: &str = "key.pem";
const FINGERPRINT: &str = "fingerprint.txt";

/// The TLS settings and the fingerprint of the certificate they present.
pub struct Loaded {
    pub config: Arc<rustls::ServerConfig>,
    pub fingerprint: String,
}

/// The self-made certificate of `data_dir`, made now if there is none yet.
pub fn self_made(data_dir: &Path, listen: std::net::IpAddr) -> Result<Loaded, String> {
    let dir = data_dir.join(FOLDER);
    let (cert, key) = (dir.join(CERT), dir.join(KEY));
    if !cert.exists() || !key.exists() {
        make(&dir, listen)?;
    }
    let loaded = from_files(&cert, &key)?;
    let line = format!("{}\n", loaded.fingerprint);
    std::fs::write(dir.join(FINGERPRINT), line).map_err(|e| format!("无法写入 {}：{e}", dir.join(FINGERPRINT).display()))?;
    Ok(loaded)
}

/// Makes a key and a self-signed certificate for this machine's names and addresses.
fn make(dir: &Path, listen: std::net::IpAddr) -> Result<(), String> {
    create_private_dir(dir)?;
    let mut names = vec!["localhost".to_owned(), "127.0.0.1".to_owned(), "::1".to_owned()];
    if let Ok(host) = std::fs::read_to_string("/proc/sys/kernel/hostname") {
        let host = host.trim();
        if !host.is_empty() {
            names.push(host.to_owned());
        }
    }
    if !listen.is_unspecified() && !listen.is_loopback() {
        names.push(listen.to_string());
    }
    let made = rcgen::generate_simple_self_signed(names).map_err(|e| format!("无法生成证书：{e}"))?;
    write_private(&dir.join(KEY), made.key_pair.serialize_pem().as_bytes())?;
    std::fs::write(dir.join(CERT), made.cert.pem()).map_err(|e| format!("无法写入证书：{e}"))?;
    Ok(())
}

/// A certificate chain and its key from PEM files.
pub fn from_files(cert: &Path, key: &Path) -> Result<Loaded, String> {
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(cert)
        .map_err(|e| format!("无法读取证书 {}：{e}", cert.display()))?
        .collect::<Result<_, _>>()
        .map_err(|e| format!("证书 {} 有误：{e}", cert.display()))?;
    let first = chain.first().ok_or_else(|| format!("证书文件 {} 中没有证书", cert.display()))?;
    let fingerprint = fingerprint(first.as_ref());
    let key = PrivateKeyDer::from_pem_file(key).map_err(|e| format!("无法读取私钥 {}：{e}", key.display()))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS 设置有误：{e}"))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| format!("证书与私钥不匹配或无法使用：{e}"))?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Loaded { config: Arc::new(config), fingerprint })
}

/// SHA-256 of the DER certificate: upper-case hex pairs joined by colons (`AB:CD:…`).
pub fn fingerprint(der: &[u8]) -> String {
    Sha256::digest(der).iter().map(|b| format!("{b:02X}")).collect::<Vec<_>>().join(":")
}

fn create_private_dir(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("无法创建文件夹 {}：{e}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| format!("无法设置文件夹 {} 的权限：{e}", dir.display()))?;
    }
    Ok(())
}

/// A file only the server's user may read (the private key).
fn write_private(path: &PathBuf, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| format!("无法写入私钥 {}：{e}", path.display()))?;
    file.write_all(bytes).map_err(|e| format!("无法写入私钥 {}：{e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_self_made_certificate_is_kept_and_its_fingerprint_written() {
        let dir = tempfile::tempdir().unwrap();
        let first = self_made(dir.path(), "0.0.0.0".parse().unwrap()).unwrap();
        let again = self_made(dir.path(), "0.0.0.0".parse().unwrap()).unwrap();
        assert_eq!(first.fingerprint, again.fingerprint, "a restart keeps the certificate the clients pinned");
        assert_eq!(first.fingerprint.len(), 32 * 3 - 1);
        assert!(first.fingerprint.chars().all(|c| c == ':' || c.is_ascii_digit() || c.is_ascii_uppercase()));
        let written = std::fs::read_to_string(dir.path().join("tls/fingerprint.txt")).unwrap();
        assert_eq!(written.trim(), first.fingerprint);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("tls/key.pem")).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "the key is the server user's alone");
        }
    }
}
