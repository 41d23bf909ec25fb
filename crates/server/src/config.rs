//! What the server is told at start: command-line flags, then the config file (`--config`,
//! `/etc/swreg/server.toml` in the package) for what the flags leave open. Flags win.

use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

/// The settings a start runs with.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub data_dir: PathBuf,
    pub listen: SocketAddr,
    pub ui_dir: PathBuf,
    pub tls: Tls,
    /// The rate limits of the public commands (off only for a load test on loopback).
    pub rate_limits: bool,
}

/// How connections are carried.
#[derive(Debug, Clone, PartialEq)]
pub enum Tls {
    /// Plain HTTP: only on a loopback address, for tests and for a proxy on the same machine.
    Off,
    /// The certificate the server made itself in `<data-dir>/tls/` (made on first start).
    SelfMade,
    /// The bureau's certificate chain and key (PEM files).
    Files { cert: PathBuf, key: PathBuf },
}

/// The config file (TOML); every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    listen: Option<String>,
    data_dir: Option<PathBuf>,
    ui_dir: Option<PathBuf>,
    tls_cert: Option<PathBuf>,
    tls_key: Option<PathBuf>,
    tls: Option<bool>,
    rate_limits: Option<bool>,
}

pub const USAGE: &str = "用法：swreg-server --data-dir 数据文件夹 --listen 地址:端口 [--ui-dir 网页文件夹] \
[--tls-cert 证书.pem --tls-key 私钥.pem | --tls] [--config server.toml] [--no-rate-limits]";

/// Reads the flags (without the program's name) and the config file they name.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut flags = FileConfig::default();
    let mut config: Option<PathBuf> = None;
    let mut args = args.into_iter();
    while let Some(flag) = args.next() {
        if flag == "--tls" {
            flags.tls = Some(true);
            continue;
        }
        if flag == "--no-rate-limits" {
            flags.rate_limits = Some(false);
            continue;
        }
        if flag == "--help" || flag == "-h" {
            return Err(USAGE.to_owned());
        }
        let value = match args.next() {
            Some(v) => v,
            None => return Err(format!("{flag} 后面缺少值\n{USAGE}")),
        };
        match flag.as_str() {
            "--data-dir" => flags.data_dir = Some(value.into()),
            "--listen" => flags.listen = Some(value),
            "--ui-dir" => flags.ui_dir = Some(value.into()),
            "--tls-cert" => flags.tls_cert = Some(value.into()),
            "--tls-key" => flags.tls_key = Some(value.into()),
            "--config" => config = Some(value.into()),
            _ => return Err(format!("不认识的选项：{flag}\n{USAGE}")),
        }
    }
    let file = match &config {
        Some(path) => read_file(path)?,
        None => FileConfig::default(),
    };
    merge(flags, file)
}

fn read_file(path: &Path) -> Result<FileConfig, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("无法读取配置文件 {}：{e}", path.display()))?;
    toml::from_str(&text).map_err(|e| format!("配置文件 {} 有误：{e}", path.display()))
}

/// The flags, then the file for what they leave open; then the rules of a start.
fn merge(flags: FileConfig, file: FileConfig) -> Result<Options, String> {
    let data_dir = flags.data_dir.or(file.data_dir).ok_or_else(|| format!("请用 --data-dir 指定数据文件夹\n{USAGE}"))?;
    let listen = flags.listen.or(file.listen).ok_or_else(|| format!("请用 --listen 指定监听地址，例如 0.0.0.0:8443\n{USAGE}"))?;
    let listen: SocketAddr =
        listen.parse().map_err(|_| format!("监听地址“{listen}”无效：应为 IP 地址:端口，例如 0.0.0.0:8443 或 127.0.0.1:8080"))?;
    let ui_dir = flags.ui_dir.or(file.ui_dir).unwrap_or_else(|| PathBuf::from("ui/dist"));
    // A certificate given by flag replaces the file's pair whole: never one half from each.
    let (cert, key) = if flags.tls_cert.is_some() || flags.tls_key.is_some() {
        (flags.tls_cert, flags.tls_key)
    } else {
        (file.tls_cert, file.tls_key)
    };
    let tls = match (cert, key) {
        (Some(cert), Some(key)) => Tls::Files { cert, key },
        (Some(_), None) | (None, Some(_)) => return Err("--tls-cert 和 --tls-key 必须同时给出（证书和它的私钥）".to_owned()),
        (None, None) if flags.tls.or(file.tls).unwrap_or(false) => Tls::SelfMade,
        (None, None) if listen.ip().is_loopback() => Tls::Off,
        (None, None) => Tls::SelfMade,
    };
    let rate_limits = flags.rate_limits.or(file.rate_limits).unwrap_or(true);
    if !rate_limits && !listen.ip().is_loopback() {
        return Err("只有在本机回环地址（127.0.0.1）上做负载测试时才能关闭频率限制".to_owned());
    }
    Ok(Options { data_dir, listen, ui_dir, tls, rate_limits })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_flags(flags: &[&str]) -> Result<Options, String> {
        parse(flags.iter().map(|s| s.to_string()))
    }

    #[test]
    fn loopback_without_certificate_is_plain_http_and_anything_else_is_tls() {
        let plain = parse_flags(&["--data-dir", "d", "--listen", "127.0.0.1:0"]).unwrap();
        assert_eq!(plain.tls, Tls::Off);
        let public = parse_flags(&["--data-dir", "d", "--listen", "0.0.0.0:8443"]).unwrap();
        assert_eq!(public.tls, Tls::SelfMade);
        let asked = parse_flags(&["--data-dir", "d", "--listen", "127.0.0.1:0", "--tls"]).unwrap();
        assert_eq!(asked.tls, Tls::SelfMade);
        let given = parse_flags(&["--data-dir", "d", "--listen", "[::1]:1", "--tls-cert", "c.pem", "--tls-key", "k.pem"]).unwrap();
        assert_eq!(given.tls, Tls::Files { cert: "c.pem".into(), key: "k.pem".into() });
    }

    #[test]
    fn half_a_certificate_or_a_bad_address_is_refused_in_chinese() {
        let half = parse_flags(&["--data-dir", "d", "--listen", "127.0.0.1:0", "--tls-cert", "c.pem"]).unwrap_err();
        assert!(half.contains("必须同时给出"), "{half}");
        let bad = parse_flags(&["--data-dir", "d", "--listen", "localhost"]).unwrap_err();
        assert!(bad.contains("监听地址"), "{bad}");
        let missing = parse_flags(&["--listen", "127.0.0.1:0"]).unwrap_err();
        assert!(missing.contains("--data-dir"), "{missing}");
        let unlimited = parse_flags(&["--data-dir", "d", "--listen", "0.0.0.0:8443", "--no-rate-limits"]).unwrap_err();
        assert!(unlimited.contains("频率限制"), "{unlimited}");
        assert!(!parse_flags(&["--data-dir", "d", "--listen", "127.0.0.1:0", "--no-rate-limits"]).unwrap().rate_limits);
    }

    #[test]
    fn the_packaged_config_file_reads() {
        let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../../packaging/server/server.toml");
        let o = parse_flags(&["--config", file]).unwrap();
        assert_eq!(o.listen, "0.0.0.0:443".parse().unwrap());
        assert_eq!(o.data_dir, PathBuf::from("/var/lib/swreg"));
        assert_eq!(o.ui_dir, PathBuf::from("/usr/share/swreg-server/ui"));
        assert_eq!(o.tls, Tls::SelfMade);
        assert!(o.rate_limits);
    }

    #[test]
    fn flags_win_over_the_config_file() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("server.toml");
        std::fs::write(&file, "listen = \"0.0.0.0:8443\"\ndata_dir = \"/var/lib/swreg\"\nui_dir = \"/usr/share/swreg-server/ui\"\n").unwrap();
        let file = file.display().to_string();
        let o = parse_flags(&["--config", &file, "--listen", "127.0.0.1:9000"]).unwrap();
        assert_eq!(o.listen, "127.0.0.1:9000".parse().unwrap());
        assert_eq!(o.data_dir, PathBuf::from("/var/lib/swreg"));
        assert_eq!(o.ui_dir, PathBuf::from("/usr/share/swreg-server/ui"));
        assert_eq!(o.tls, Tls::Off);
        std::fs::write(dir.path().join("bad.toml"), "listen = 1\nport = 2\n").unwrap();
        let bad = dir.path().join("bad.toml").display().to_string();
        assert!(parse_flags(&["--config", &bad]).unwrap_err().contains("配置文件"));
    }
}
