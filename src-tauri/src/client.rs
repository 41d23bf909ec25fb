//! The file commands of a desktop app connected to a server (`connection.rs`): the native
//! dialogs stay here, the bytes cross over HTTPS (`swreg-remote`). A photo is uploaded; saved
//! files, exports and backups are downloaded into the file chosen; a form to print is downloaded
//! and handed to the system's viewer. Restoring and importing happen on the server (the server
//! answers them with its `unsupported` message, see `commands.rs`).

use crate::connection::Active;
use crate::files::{open_with_system, pick_photo, pick_save, read_limited, BatchCancel, Progress, SaveKind};
use serde_json::Value;
use std::path::Path;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use swreg_core::records::export::{ExportArgs, ExportFormat};
use swreg_core::records::roster::RosterQuery;
use swreg_core::registration::print::BatchPdfArgs;
use swreg_core::registration::worker::Target;
use swreg_core::partial::Partial;
use swreg_core::{decode_args, ApiError, Error, ErrorCode};
use swreg_remote::Remote;
use tauri::ipc::Channel;
use tauri::State;

type Server<'a> = State<'a, Arc<Remote>>;

/// The command's arguments checked here as the core would (a malformed one never leaves), and
/// kept as JSON for the request.
fn args_of<A: serde::de::DeserializeOwned>(args: Option<Value>) -> Result<Value, ApiError> {
    let args = args.unwrap_or_default();
    decode_args::<A>(args.clone())?;
    Ok(args)
}

fn json(text: String) -> Result<Value, ApiError> {
    serde_json::from_str(&text).map_err(|e| Error::Internal(format!("服务器的应答无法识别：{e}")).into())
}

/// Today in China time, for the file names the save dialogs propose (as the core's clock gives
/// them in 单机使用).
fn today() -> String {
    chrono::Utc::now().with_timezone(&swreg_core::clock::china()).format("%Y%m%d").to_string()
}

/// A download into `path` through a partial file beside it (noted in the data folder, so a
/// killed run leaves nothing behind), with its progress (in KiB) on `on_progress`;
/// `cancel_batch` stops it and leaves no file. `None` when stopped.
#[allow(clippy::too_many_arguments)]
async fn download_to(
    remote: &Remote,
    active: &Active,
    cancel: &BatchCancel,
    name: &str,
    token: &str,
    args: &Value,
    path: &Path,
    on_progress: Option<&Channel<Progress>>,
) -> Result<Option<String>, ApiError> {
    cancel.0.store(false, Ordering::SeqCst);
    let partial = Partial::new(active.dir(), path)?;
    let result = remote
        .download(name, token, args, partial.path(), |done, total| {
            if let Some(channel) = on_progress {
                let kib = |b: u64| u32::try_from(b / 1024).unwrap_or(u32::MAX);
                let _ = channel.send(Progress { done: kib(done), total: kib(total.unwrap_or(done)) });
            }
            !cancel.0.load(Ordering::SeqCst)
        })
        .await;
    match result {
        Ok(_) => {
            partial.commit(path)?;
            Ok(Some(path.display().to_string()))
        }
        Err(e) if e.code == ErrorCode::Cancelled => Ok(None),
        Err(e) => Err(e),
    }
}

/// 选择照片: the native dialog, then the bytes to the server, which checks and stores them.
#[tauri::command]
async fn choose_photo(remote: Server<'_>, token: Option<String>, args: Option<Value>) -> Result<Option<Value>, ApiError> {
    let args = args_of::<Target>(args)?;
    let Some(path) = pick_photo().await else { return Ok(None) };
    let bytes = read_limited(&path, swreg_core::registration::photo::MAX_BYTES)
        .map_err(|e| ApiError::from(Error::field("photo", format!("无法读取照片文件：{e}"))))?
        .ok_or_else(|| ApiError::from(Error::field("photo", "照片文件不能超过5MB")))?;
    json(remote.upload("choose_photo", &token.unwrap_or_default(), &args, bytes).await?).map(Some)
}

/// 保存PDF: the form fetched (the server names it), then saved where the user chooses.
#[tauri::command]
async fn save_record_pdf(
    remote: Server<'_>,
    active: State<'_, Arc<Active>>,
    token: Option<String>,
    args: Option<Value>,
) -> Result<Option<String>, ApiError> {
    let args = args_of::<Target>(args)?;
    let pdf = remote.fetch("save_record_pdf", &token.unwrap_or_default(), &args).await?;
    let name = pdf.file_name.unwrap_or_else(|| "社会工作者登记申请表.pdf".into());
    let Some(path) = pick_save(&name, SaveKind::Pdf).await else { return Ok(None) };
    let dir = active.dir().to_path_buf();
    let saved = path.clone();
    crate::files::blocking(move || swreg_core::registration::print::save_file(&dir, &saved, &pdf.content)).await?;
    Ok(Some(path.display().to_string()))
}

/// 打印: the form fetched into a private folder and handed to the system's viewer.
#[tauri::command]
async fn print_record_pdf(
    remote: Server<'_>,
    active: State<'_, Arc<Active>>,
    token: Option<String>,
    args: Option<Value>,
) -> Result<String, ApiError> {
    let args = args_of::<Target>(args)?;
    let pdf = remote.fetch("print_record_pdf", &token.unwrap_or_default(), &args).await?;
    let name = pdf.file_name.unwrap_or_else(|| "社会工作者登记申请表.pdf".into());
    let dir = active.dir().to_path_buf();
    let path = crate::files::blocking(move || swreg_core::registration::print::print_copy(&dir, &name, &pdf.content)).await?;
    open_with_system(&path)?;
    Ok(path.display().to_string())
}

/// 批量打印: the server makes the PDF; it is downloaded into the file chosen.
#[tauri::command]
async fn save_batch_pdf(
    remote: Server<'_>,
    active: State<'_, Arc<Active>>,
    cancel: State<'_, Arc<BatchCancel>>,
    token: Option<String>,
    args: Option<Value>,
    on_progress: Channel<Progress>,
) -> Result<Option<String>, ApiError> {
    let args = args_of::<BatchPdfArgs>(args)?;
    let Some(path) = pick_save("社会工作者登记申请表-批量.pdf", SaveKind::Pdf).await else { return Ok(None) };
    download_to(&remote, &active, &cancel, "save_batch_pdf", &token.unwrap_or_default(), &args, &path, Some(&on_progress)).await
}

/// 导出: downloaded into the file chosen. A download carries no summary: the rows are the
/// filter's count, asked of the server (a list page, which notes no access) before the dialog.
#[tauri::command]
async fn export_records(
    remote: Server<'_>,
    active: State<'_, Arc<Active>>,
    cancel: State<'_, Arc<BatchCancel>>,
    token: Option<String>,
    args: Option<Value>,
    on_progress: Channel<Progress>,
) -> Result<Option<Value>, ApiError> {
    let args_json = args_of::<ExportArgs>(args)?;
    let export: ExportArgs = decode_args(args_json.clone())?;
    let token = token.unwrap_or_default();
    let mut count = args_json["query"].clone();
    count["page"] = 1.into();
    count["pageSize"] = 1.into();
    let rows = json(remote.call("roster", &token, &count).await?)?["total"].clone();
    let kind = match export.format {
        ExportFormat::Xlsx => SaveKind::Xlsx,
        ExportFormat::Csv => SaveKind::Csv,
    };
    let name = format!("社会工作者登记名册-{}.{}", today(), export.format.extension());
    let Some(path) = pick_save(&name, kind).await else { return Ok(None) };
    let saved = download_to(&remote, &active, &cancel, "export_records", &token, &args_json, &path, Some(&on_progress)).await?;
    Ok(saved.map(|path| serde_json::json!({ "rows": rows, "path": path })))
}

/// 统计 to XLSX: downloaded into the file chosen.
#[tauri::command]
async fn save_stats_xlsx(
    remote: Server<'_>,
    active: State<'_, Arc<Active>>,
    cancel: State<'_, Arc<BatchCancel>>,
    token: Option<String>,
    args: Option<Value>,
) -> Result<Option<String>, ApiError> {
    let args = args_of::<RosterQuery>(args)?;
    let name = format!("社会工作者登记统计-{}.xlsx", today());
    let Some(path) = pick_save(&name, SaveKind::Xlsx).await else { return Ok(None) };
    download_to(&remote, &active, &cancel, "save_stats_xlsx", &token.unwrap_or_default(), &args, &path, None).await
}

/// 立即备份: the server's backup downloaded into the file chosen (admins only: asked before the
/// dialog opens).
#[tauri::command]
async fn backup_now(
    remote: Server<'_>,
    active: State<'_, Arc<Active>>,
    cancel: State<'_, Arc<BatchCancel>>,
    token: Option<String>,
    args: Option<Value>,
    on_progress: Channel<Progress>,
) -> Result<Option<Value>, ApiError> {
    let args = args_of::<()>(args)?;
    let token = token.unwrap_or_default();
    let me = json(remote.call("me", &token, &Value::Null).await?)?;
    if me["role"] != "admin" {
        return Err(Error::Forbidden.into());
    }
    let stamp = chrono::Utc::now().with_timezone(&swreg_core::clock::china()).format("%Y%m%d-%H%M%S");
    let Some(path) = pick_save(&format!("社会工作者登记-备份-{stamp}.sqlite3"), SaveKind::Backup).await else { return Ok(None) };
    let saved = download_to(&remote, &active, &cancel, "backup_now", &token, &args, &path, Some(&on_progress)).await?;
    let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    Ok(saved.map(|path| serde_json::json!({ "path": path, "bytes": bytes, "auditHash": null })))
}

/// 下载导入模板: downloaded into the file chosen (asked whether the caller may import first).
#[tauri::command]
async fn save_import_template(
    remote: Server<'_>,
    active: State<'_, Arc<Active>>,
    cancel: State<'_, Arc<BatchCancel>>,
    token: Option<String>,
    args: Option<Value>,
) -> Result<Option<String>, ApiError> {
    let args = args_of::<()>(args)?;
    let token = token.unwrap_or_default();
    if json(remote.call("may_import", &token, &Value::Null).await?)? != Value::Bool(true) {
        return Err(Error::Forbidden.into());
    }
    let Some(path) = pick_save("社会工作者登记信息导入模板.xlsx", SaveKind::Xlsx).await else { return Ok(None) };
    download_to(&remote, &active, &cancel, "save_import_template", &token, &args, &path, None).await
}

/// 取消: stops this window's download at once and the server's job of the same session.
#[tauri::command]
async fn cancel_batch(remote: Server<'_>, cancel: State<'_, Arc<BatchCancel>>, token: Option<String>) -> Result<(), ApiError> {
    cancel.0.store(true, Ordering::SeqCst);
    remote.call("cancel_batch", &token.unwrap_or_default(), &Value::Null).await.map(drop)
}

/// The file commands a client carries itself (the list below); the server answers the others
/// (restore, import) with its `unsupported` message.
pub const CARRIED: &[&str] = &[
    "choose_photo",
    "save_record_pdf",
    "print_record_pdf",
    "save_batch_pdf",
    "cancel_batch",
    "export_records",
    "save_stats_xlsx",
    "backup_now",
    "save_import_template",
];

/// The commands above for the app's handler (`commands.rs`). They are private, and so is the
/// handler's list of them: their names are the local file commands' own (`files.rs`), and Tauri
/// exports the macros of public commands at the crate's root.
pub fn handler<R: tauri::Runtime>() -> Box<dyn Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync> {
    Box::new(tauri::generate_handler![
        choose_photo,
        save_record_pdf,
        print_record_pdf,
        save_batch_pdf,
        cancel_batch,
        export_records,
        save_stats_xlsx,
        backup_now,
        save_import_template
    ])
}
