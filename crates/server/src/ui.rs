//! The Vue app for browsers: the files of `ui/dist` (the package's `/usr/share/swreg-server/ui`),
//! and `index.html` for any other path outside `/api/` (the app's own routes).

use crate::api::error_response;
use crate::App;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use swreg_core::Error;

/// Answers a request no route took.
pub async fn serve(State(app): State<Arc<App>>, method: Method, uri: Uri) -> Response {
    let path = uri.path();
    if path == "/api" || path.starts_with("/api/") {
        return error_response(Error::NotFound("没有这个地址".into()).into());
    }
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    let file = match file_of(&app.ui_dir, path) {
        Some(file) if file.is_file() => file,
        // The app's own routes (and anything unknown) get the app, which routes on the page.
        _ => app.ui_dir.join("index.html"),
    };
    let bytes = match tokio::fs::read(&file).await {
        Ok(bytes) => bytes,
        Err(_) => {
            let message = "网页文件缺失：请用 --ui-dir 指定网页文件夹（ui/dist）".to_owned();
            return error_response(Error::NotFound(message).into());
        }
    };
    let mut response = Body::from(bytes).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(&file)));
    // Vite names its built files by their content: they never change; the page itself may.
    let cache = if path.starts_with("/assets/") { "public, max-age=31536000, immutable" } else { "no-cache" };
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response
}

/// The file under `root` a URL path names; `None` for a path that would leave it.
fn file_of(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_encoding::percent_decode_str(url_path).decode_utf8().ok()?;
    let mut file = root.to_path_buf();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            p if p.contains('\\') || p.contains('\0') => return None,
            p => file.push(p),
        }
    }
    Some(file)
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_never_leaves_the_ui_folder() {
        let root = Path::new("/srv/ui");
        assert_eq!(file_of(root, "/assets/app.js"), Some(PathBuf::from("/srv/ui/assets/app.js")));
        assert_eq!(file_of(root, "/"), Some(PathBuf::from("/srv/ui")));
        assert_eq!(file_of(root, "/../etc/passwd"), None);
        assert_eq!(file_of(root, "/assets/%2e%2e/%2e%2e/etc/passwd"), None);
        assert_eq!(file_of(root, "/a%5cb"), None);
    }
}
