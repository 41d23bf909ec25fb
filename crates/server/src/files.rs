//! The file commands over HTTP: an upload for the photo, downloads for the files the core makes;
//! what needs the server's own disk (restoring a backup, importing) is `swreg-admin`'s job there.

use crate::api::{error_response, Peer};
use crate::App;
use axum::body::Body;
use axum::response::Response;
use std::sync::Arc;
use swreg_core::Error;

pub const NO_RESTORE: &str = "网页和连接服务器的桌面程序中不能恢复备份：请在服务器上使用 swreg-admin restore";
pub const NO_IMPORT: &str = "网页和连接服务器的桌面程序中不能导入：请在服务器上使用 swreg-admin import";

/// Answers the file command `name`.
pub async fn answer(_app: Arc<App>, _peer: Peer, name: &str, _token: String, _query: Option<&str>, _body: Body) -> Response {
    let message = match name {
        "choose_backup" | "restore_backup" => NO_RESTORE,
        "choose_import_file" | "choose_import_photos" | "recheck_import" | "save_import_report" | "run_import" => NO_IMPORT,
        _ => "服务器暂不支持此操作",
    };
    error_response(Error::Unsupported(message.to_owned()).into())
}
