//! What every answer carries and what every request leaves: the security headers (the app's own
//! CSP from tauri.conf.json, HSTS under TLS, and the usual others) and one line of access log.

use axum::body::HttpBody;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, Response};
use std::net::IpAddr;
use std::sync::OnceLock;
use std::time::Duration;

/// The desktop app's Content-Security-Policy (tauri.conf.json, built in), with the page's
/// requests going to this server instead of Tauri's IPC.
pub fn csp() -> &'static str {
    static CSP: OnceLock<String> = OnceLock::new();
    CSP.get_or_init(|| {
        let conf: serde_json::Value = serde_json::from_str(include_str!("../../../tauri.conf.json")).unwrap_or_default();
        let Some(directives) = conf["app"]["security"]["csp"].as_object() else {
            // The conf file always has it (a test checks); should it not, the strictest.
            return "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'".to_owned();
        };
        directives
            .iter()
            .map(|(name, value)| match name.as_str() {
                "connect-src" => "connect-src 'self'".to_owned(),
                _ => format!("{name} {}", value.as_str().unwrap_or("'none'")),
            })
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// Sets the security headers on an answer; `/api/` answers are never stored by a cache.
pub fn secure<B>(response: &mut Response<B>, tls: bool, api: bool) {
    let headers = response.headers_mut();
    let mut set = |name: HeaderName, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::REFERRER_POLICY, "no-referrer");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()");
    set(HeaderName::from_static("cross-origin-opener-policy"), "same-origin");
    set(HeaderName::from_static("cross-origin-resource-policy"), "same-origin");
    if tls {
        set(header::STRICT_TRANSPORT_SECURITY, "max-age=31536000");
    }
    if api {
        set(header::CACHE_CONTROL, "no-store");
    }
    if let Ok(value) = HeaderValue::from_str(csp()) {
        headers.insert(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// What a request is, for the log: the command's name under `/api/` (only names of the table:
/// anything else is `?`), or the path of a page file. Never the query, the body or a token.
pub fn what(path: &str) -> String {
    match path.strip_prefix("/api/") {
        Some(name) if matches!(name, "health" | "progress") || swreg_core::commands::kind_of(name).is_some() => name.to_owned(),
        Some(_) => "?".to_owned(),
        None => path.chars().take(120).collect(),
    }
}

/// One JSON line on stdout: when, from where, what, how it ended, how long, how many bytes.
/// No token, no arguments, no user names.
pub fn log<B: HttpBody>(client: IpAddr, method: &Method, what: &str, response: &Response<B>, took: Duration) {
    let bytes = length(response.headers()).or_else(|| response.body().size_hint().exact());
    let line = serde_json::json!({
        "time": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "client": client.to_string(),
        "method": method.as_str(),
        "command": what,
        "status": response.status().as_u16(),
        "ms": took.as_millis() as u64,
        "bytes": bytes,
    });
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

fn length(headers: &HeaderMap) -> Option<u64> {
    headers.get(header::CONTENT_LENGTH)?.to_str().ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_csp_is_the_apps_with_requests_to_this_server() {
        let csp = csp();
        for part in ["default-src 'self'", "script-src 'self'", "connect-src 'self'", "object-src 'none'", "frame-ancestors 'none'", "img-src 'self' data: blob:"] {
            assert!(csp.split("; ").any(|d| d == part), "{part} in {csp}");
        }
        assert!(!csp.contains("ipc"), "{csp}");
    }

    #[test]
    fn only_names_of_the_table_reach_the_log() {
        assert_eq!(what("/api/login"), "login");
        assert_eq!(what("/api/health"), "health");
        assert_eq!(what("/api/progress"), "progress");
        assert_eq!(what("/api/张三的身份证"), "?");
        assert_eq!(what("/assets/app.js"), "/assets/app.js");
    }
}
