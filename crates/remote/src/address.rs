//! The server's address as the user types it: `https://主机:端口`, `主机:端口` or `主机`
//! (HTTPS, port 443). Plain `http://` only to this computer (the tests' servers on loopback).

use std::net::IpAddr;

/// A checked address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Address {
    pub tls: bool,
    /// A host name or an IP address (an IPv6 one without its brackets).
    pub host: String,
    pub port: u16,
}

impl Address {
    /// Reads what the user typed; the error is the Chinese message shown beside the field.
    pub fn parse(text: &str) -> Result<Address, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("请填写服务器地址".into());
        }
        let (tls, rest) = if let Some(rest) = strip_scheme(text, "https://") {
            (true, rest)
        } else if let Some(rest) = strip_scheme(text, "http://") {
            (false, rest)
        } else if text.contains("://") {
            return Err("服务器地址应以 https:// 开头".into());
        } else {
            (true, text)
        };
        let rest = rest.trim_end_matches('/');
        if rest.contains('/') || rest.contains('?') || rest.contains('#') || rest.contains('@') {
            return Err("服务器地址只写主机和端口，例如 https://192.168.1.10:8443".into());
        }
        let (host, port) = split_port(rest)?;
        let port = match port {
            None => 443,
            Some(p) => match p.parse::<u16>() {
                Ok(p) if p > 0 => p,
                _ => return Err("端口应为 1–65535 之间的数字".into()),
            },
        };
        if host.is_empty() {
            return Err("请填写服务器的主机名或 IP 地址".into());
        }
        let is_ip = host.parse::<IpAddr>().is_ok();
        if !is_ip && !valid_host_name(host) {
            return Err("主机名只能包含字母、数字、“-”和“.”".into());
        }
        let address = Address { tls, host: host.to_owned(), port };
        if !tls && !address.is_loopback() {
            return Err("不加密的 http:// 只能连接本机；其他计算机上的服务器请用 https://".into());
        }
        Ok(address)
    }

    fn is_loopback(&self) -> bool {
        self.host.eq_ignore_ascii_case("localhost") || self.host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
    }

    /// The `Host` header's value.
    pub(crate) fn authority(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}

/// The address written the one way the app keeps and shows it: `https://主机:端口`.
impl std::fmt::Display for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}://{}", if self.tls { "https" } else { "http" }, self.authority())
    }
}

fn strip_scheme<'a>(text: &'a str, scheme: &str) -> Option<&'a str> {
    let head = text.get(..scheme.len())?;
    head.eq_ignore_ascii_case(scheme).then(|| &text[scheme.len()..])
}

/// `host`, `host:port`, `[v6]`, `[v6]:port`; a bare IPv6 address is taken whole.
fn split_port(text: &str) -> Result<(&str, Option<&str>), String> {
    if let Some(rest) = text.strip_prefix('[') {
        let (host, after) = rest.split_once(']').ok_or_else(|| "IPv6 地址缺少“]”".to_owned())?;
        return match after {
            "" => Ok((host, None)),
            _ => after.strip_prefix(':').map(|p| (host, Some(p))).ok_or_else(|| "“]”后应为“:端口”".to_owned()),
        };
    }
    if text.matches(':').count() > 1 {
        return Ok((text, None));
    }
    Ok(match text.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (text, None),
    })
}

fn valid_host_name(host: &str) -> bool {
    host.len() <= 253
        && host.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
}

#[cfg(test)]
mod tests {
    use super::Address;

    fn ok(text: &str) -> String {
        Address::parse(text).unwrap().to_string()
    }

    #[test]
    fn reads_the_usual_forms_and_keeps_one() {
        assert_eq!(ok("192.168.1.10:8443"), "https://192.168.1.10:8443");
        assert_eq!(ok(" HTTPS://swreg.example.gov.cn/ "), "https://swreg.example.gov.cn:443");
        assert_eq!(ok("https://[fe80::1]:8443"), "https://[fe80::1]:8443");
        assert_eq!(ok("fe80::1"), "https://[fe80::1]:443");
        assert_eq!(ok("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
        assert_eq!(ok("http://localhost:8080"), "http://localhost:8080");
    }

    #[test]
    fn refuses_with_a_chinese_reason() {
        for bad in ["", "ftp://x", "http://192.168.1.10:8080", "x:0", "x:99999", "x:abc", "a b", "https://x/path", "[::1", "https://:8443"] {
            let e = Address::parse(bad).unwrap_err();
            assert!(e.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)), "{bad}: {e}");
        }
    }
}
