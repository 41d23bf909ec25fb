//! `POST /api/<command>`: the command table of the core over HTTP (see the contract in
//! ARCHITECTURE.md). The arguments are the body's JSON, the session the `Authorization: Bearer`
//! header; the answer is the result's JSON, or the one error shape `{code, message, fields}`
//! with an HTTP status that says its kind.

use crate::App;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use serde_json::Value;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use swreg_core::commands::{self, Caller, Kind};
use swreg_core::{ApiError, Error, ErrorCode};

/// The largest body of a call (the biggest form is a few KiB).
pub const CALL_LIMIT: usize = 64 * 1024;

/// The client's address of one connection, put on each of its requests.
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub SocketAddr);

impl Peer {
    /// The address as rules compare it: an IPv4 client on an IPv6 socket counts as IPv4.
    pub fn ip(&self) -> IpAddr {
        self.0.ip().to_canonical()
    }
}

/// The HTTP status of an error's kind.
pub fn status_of(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::Validation | ErrorCode::Captcha => StatusCode::UNPROCESSABLE_ENTITY,
        ErrorCode::BadRequest => StatusCode::BAD_REQUEST,
        ErrorCode::Unauthenticated | ErrorCode::LoginFailed => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden
        | ErrorCode::AccountPending
        | ErrorCode::AccountRejected
        | ErrorCode::AccountDisabled
        | ErrorCode::MustChangePassword
        | ErrorCode::Locked => StatusCode::FORBIDDEN,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Conflict | ErrorCode::Cancelled => StatusCode::CONFLICT,
        ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::Unsupported => StatusCode::NOT_IMPLEMENTED,
        ErrorCode::Database | ErrorCode::Internal | ErrorCode::File => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// A JSON answer with its status.
pub fn json_response(status: StatusCode, json: String) -> Response {
    let mut response = (status, json).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// The error's JSON with the status of its kind.
pub fn error_response(error: ApiError) -> Response {
    let status = status_of(error.code);
    let json = serde_json::to_string(&error).unwrap_or_else(|_| r#"{"code":"internal","message":"内部错误","fields":null}"#.to_owned());
    json_response(status, json)
}

pub fn internal(e: impl std::fmt::Display) -> ApiError {
    Error::Internal(format!("内部错误：{e}")).into()
}

/// The session token of the `Authorization: Bearer` header; empty without one.
pub fn token_of(headers: &HeaderMap) -> String {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_owned())
        .unwrap_or_default()
}

/// A body read whole, refused past `limit`.
pub async fn read_body(body: Body, limit: usize) -> Result<axum::body::Bytes, ApiError> {
    axum::body::to_bytes(body, limit)
        .await
        .map_err(|_| Error::BadRequest(format!("请求内容过大（最多 {} KB）", limit / 1024)).into())
}

/// A call's arguments: the body's JSON; an empty body is `null` (a command without arguments).
pub fn args_of(bytes: &[u8]) -> Result<Value, ApiError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(bytes).map_err(|_| Error::BadRequest("请求内容不是有效的 JSON".into()).into())
}

/// `POST /api/<name>`.
pub async fn post(
    State(app): State<Arc<App>>,
    Extension(peer): Extension<Peer>,
    Path(name): Path<String>,
    headers: HeaderMap,
    uri: axum::http::Uri,
    body: Body,
) -> Response {
    let token = token_of(&headers);
    if let Err(seconds) = app.limiter.take(&name, peer.ip(), std::time::Instant::now()) {
        let mut response = error_response(Error::RateLimited(crate::limits::message(seconds)).into());
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        return response;
    }
    match commands::kind_of(&name) {
        None => {
            let mut response = error_response(commands::unknown(&name));
            *response.status_mut() = StatusCode::NOT_FOUND;
            response
        }
        Some(Kind::File) => crate::files::answer(app, peer, &name, token, uri.query(), body).await,
        Some(Kind::Call) => match call(app, peer, name, token, body).await {
            Ok(json) => json_response(StatusCode::OK, json),
            Err(e) => error_response(e),
        },
    }
}

async fn call(app: Arc<App>, peer: Peer, name: String, token: String, body: Body) -> Result<String, ApiError> {
    let args = args_of(&read_body(body, CALL_LIMIT).await?)?;
    let address = Some(peer.ip());
    tokio::task::spawn_blocking(move || {
        let caller = Caller { token: &token, address };
        commands::call(&app.registry, &caller, &name, args)
    })
    .await
    .map_err(internal)?
    .unwrap_or_else(|| Err(internal("不是调用类命令")))
}

/// `GET /api/health`: the server answers (no data).
pub async fn health() -> Response {
    json_response(StatusCode::OK, r#"{"status":"ok"}"#.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_kind_has_its_status() {
        let cases = [
            (ErrorCode::Validation, 422),
            (ErrorCode::Captcha, 422),
            (ErrorCode::BadRequest, 400),
            (ErrorCode::Unauthenticated, 401),
            (ErrorCode::LoginFailed, 401),
            (ErrorCode::Forbidden, 403),
            (ErrorCode::AccountPending, 403),
            (ErrorCode::AccountRejected, 403),
            (ErrorCode::AccountDisabled, 403),
            (ErrorCode::MustChangePassword, 403),
            (ErrorCode::Locked, 403),
            (ErrorCode::NotFound, 404),
            (ErrorCode::Conflict, 409),
            (ErrorCode::Cancelled, 409),
            (ErrorCode::RateLimited, 429),
            (ErrorCode::Unsupported, 501),
            (ErrorCode::Database, 500),
            (ErrorCode::Internal, 500),
            (ErrorCode::File, 500),
        ];
        for (code, status) in cases {
            assert_eq!(status_of(code).as_u16(), status, "{code:?}");
        }
    }

    #[test]
    fn the_token_comes_from_the_bearer_header_only() {
        let mut headers = HeaderMap::new();
        assert_eq!(token_of(&headers), "");
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(token_of(&headers), "");
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer abc123"));
        assert_eq!(token_of(&headers), "abc123");
    }

    #[test]
    fn an_empty_body_is_null_and_broken_json_a_bad_request() {
        assert_eq!(args_of(b"").unwrap(), Value::Null);
        assert_eq!(args_of(b" \n").unwrap(), Value::Null);
        assert_eq!(args_of(b"{\"a\":1}").unwrap()["a"], 1);
        assert_eq!(args_of(b"{").unwrap_err().code, ErrorCode::BadRequest);
    }
}
