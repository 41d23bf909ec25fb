//! Commands that cross into the desktop: native file dialogs and the system's PDF viewer.
//! The core makes the files; these only choose where they go.

use serde::Serialize;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use swreg_core::records::export::{ExportArgs, ExportSummary};
use swreg_core::registration::print::BatchPdfArgs;
use swreg_core::records::roster::RosterQuery;
use swreg_core::registration::worker::{PhotoUpload, Target};
use swreg_core::backups::BackupFileCheck;
use swreg_core::local::BackupSummary;
use swreg_core::restore::RestoreSummary;
use std::sync::Mutex;
use swreg_core::{decode_args, ApiError, Error, ErrorCode, Registry};
use tauri::ipc::Channel;
use ts_rs::TS;

/// Set by `cancel_batch`; the batch print or export in progress stops at its next step.
#[derive(Default)]
pub struct BatchCancel(pub(crate) AtomicBool);

/// Progress of a long job: `done` of `total`.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Progress {
    pub done: u32,
    pub total: u32,
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    Error::Internal(format!("内部错误：{e}")).into()
}

pub(crate) async fn blocking<T: Send + 'static>(f: impl FnOnce() -> swreg_core::Result<T> + Send + 'static) -> Result<T, ApiError> {
    tauri::async_runtime::spawn_blocking(f).await.map_err(internal)?.map_err(ApiError::from)
}

/// 选择照片: a native file dialog (from an async command, so the window stays responsive), then
/// the core checks and stores the picture. `None` when the dialog is cancelled.
#[tauri::command]
pub async fn choose_photo(
    state: tauri::State<'_, Arc<Registry>>,
    token: Option<String>,
    args: Option<Value>,
) -> Result<Option<PhotoUpload>, ApiError> {
    let args: Target = decode_args(args.unwrap_or_default())?;
    let Some(path) = pick_photo().await else { return Ok(None) };
    let bytes = read_limited(&path, swreg_core::registration::photo::MAX_BYTES)
        .map_err(|e| ApiError::from(Error::field("photo", format!("无法读取照片文件：{e}"))))?
        .ok_or_else(|| ApiError::from(Error::field("photo", "照片文件不能超过5MB")))?;
    let registry = Arc::clone(&state);
    let token = token.unwrap_or_default();
    blocking(move || registry.upload_photo(&token, args, &bytes)).await.map(Some)
}

/// 保存PDF: the form of one record, saved where the user chooses. The saved path, or `None`
/// when the dialog is cancelled.
#[tauri::command]
pub async fn save_record_pdf(
    state: tauri::State<'_, Arc<Registry>>,
    token: Option<String>,
    args: Option<Value>,
) -> Result<Option<String>, ApiError> {
    let args: Target = decode_args(args.unwrap_or_default())?;
    let registry = Arc::clone(&state);
    let token = token.unwrap_or_default();
    let (bytes, name) = blocking(move || {
        let doc = registry.record_pdf(&token, args)?;
        let bytes = base64_decode(&doc.base64)?;
        Ok((bytes, doc.file_name))
    })
    .await?;
    let Some(path) = pick_save(&name, SaveKind::Pdf).await else { return Ok(None) };
    let registry = Arc::clone(&state);
    let saved = path.clone();
    blocking(move || registry.save_file(&saved, &bytes)).await?;
    Ok(Some(path.display().to_string()))
}

/// 打印: hands the form to the system's PDF viewer, whose print dialog prints it.
#[tauri::command]
pub async fn print_record_pdf(
    state: tauri::State<'_, Arc<Registry>>,
    token: Option<String>,
    args: Option<Value>,
) -> Result<String, ApiError> {
    let args: Target = decode_args(args.unwrap_or_default())?;
    let registry = Arc::clone(&state);
    let token = token.unwrap_or_default();
    let (bytes, name) = blocking(move || {
        let doc = registry.record_pdf(&token, args)?;
        Ok((base64_decode(&doc.base64)?, doc.file_name))
    })
    .await?;
    let registry = Arc::clone(&state);
    let path = blocking(move || registry.print_copy(&name, &bytes)).await?;
    open_with_system(&path)?;
    Ok(path.display().to_string())
}

/// 批量打印: many records' forms in one PDF, saved where the user chooses, with progress on
/// `on_progress`; `cancel_batch` stops it. The saved path, or `None` when cancelled.
#[tauri::command]
pub async fn save_batch_pdf(
    state: tauri::State<'_, Arc<Registry>>,
    cancel: tauri::State<'_, Arc<BatchCancel>>,
    token: Option<String>,
    args: Option<Value>,
    on_progress: Channel<Progress>,
) -> Result<Option<String>, ApiError> {
    let args: BatchPdfArgs = decode_args(args.unwrap_or_default())?;
    let Some(path) = pick_save("社会工作者登记申请表-批量.pdf", SaveKind::Pdf).await else { return Ok(None) };
    let registry = Arc::clone(&state);
    let cancel = Arc::clone(&cancel);
    cancel.0.store(false, Ordering::SeqCst);
    let token = token.unwrap_or_default();
    let saved = path.clone();
    blocking(move || {
        let rendered = registry.batch_pdf(&token, &args, &mut |done, total| {
            let _ = on_progress.send(Progress { done: done as u32, total: total as u32 });
            !cancel.0.load(Ordering::SeqCst)
        })?;
        registry.save_file(&saved, &rendered.pdf)
    })
    .await?;
    Ok(Some(path.display().to_string()))
}

/// 导出: the register's current filter to XLSX or CSV, saved where the user chooses, with
/// progress on `on_progress`; `cancel_batch` stops it and leaves no file. `None` when the dialog
/// or the export is cancelled.
#[tauri::command]
pub async fn export_records(
    state: tauri::State<'_, Arc<Registry>>,
    cancel: tauri::State<'_, Arc<BatchCancel>>,
    token: Option<String>,
    args: Option<Value>,
    on_progress: Channel<Progress>,
) -> Result<Option<ExportSummary>, ApiError> {
    let args: ExportArgs = decode_args(args.unwrap_or_default())?;
    let kind = match args.format {
        swreg_core::records::export::ExportFormat::Xlsx => SaveKind::Xlsx,
        swreg_core::records::export::ExportFormat::Csv => SaveKind::Csv,
    };
    let name = format!("社会工作者登记名册-{}.{}", state.clock().today().format("%Y%m%d"), args.format.extension());
    let Some(path) = pick_save(&name, kind).await else { return Ok(None) };
    let registry = Arc::clone(&state);
    let cancel = Arc::clone(&cancel);
    cancel.0.store(false, Ordering::SeqCst);
    let token = token.unwrap_or_default();
    let result = blocking(move || {
        registry.export(&token, args, &path, &mut |done, total| {
            let _ = on_progress.send(Progress { done: done as u32, total: total as u32 });
            !cancel.0.load(Ordering::SeqCst)
        })
    })
    .await;
    match result {
        Ok(summary) => Ok(Some(summary)),
        Err(e) if e.code == ErrorCode::Cancelled => Ok(None),
        Err(e) => Err(e),
    }
}

/// 统计 to XLSX: the tables of the current filter, saved where the user chooses.
#[tauri::command]
pub async fn save_stats_xlsx(
    state: tauri::State<'_, Arc<Registry>>,
    token: Option<String>,
    args: Option<Value>,
) -> Result<Option<String>, ApiError> {
    let args: RosterQuery = decode_args(args.unwrap_or_default())?;
    let name = format!("社会工作者登记统计-{}.xlsx", state.clock().today().format("%Y%m%d"));
    let Some(path) = pick_save(&name, SaveKind::Xlsx).await else { return Ok(None) };
    let registry = Arc::clone(&state);
    let token = token.unwrap_or_default();
    let shown = path.display().to_string();
    blocking(move || registry.stats_xlsx(&token, args, &path)).await?;
    Ok(Some(shown))
}

/// 立即备份: the whole database into a file the admin chooses, with progress on `on_progress`;
/// checked, listed on the 数据备份 page and written to the audit log by the core. `None` when
/// the dialog is cancelled.
#[tauri::command]
pub async fn backup_now(
    state: tauri::State<'_, Arc<Registry>>,
    token: Option<String>,
    args: Option<Value>,
    on_progress: Channel<Progress>,
) -> Result<Option<BackupSummary>, ApiError> {
    decode_args::<()>(args.unwrap_or_default())?;
    let token = token.unwrap_or_default();
    // Refused before the dialog opens, when the caller may not back up at all.
    let registry = Arc::clone(&state);
    let check = token.clone();
    blocking(move || registry.actor(&check)?.require_admin()).await?;
    let name = format!("社会工作者登记-备份-{}.sqlite3", state.clock().now().with_timezone(&swreg_core::clock::china()).format("%Y%m%d-%H%M%S"));
    let Some(path) = pick_save(&name, SaveKind::Backup).await else { return Ok(None) };
    let registry = Arc::clone(&state);
    blocking(move || {
        registry.backup(&token, &path, &mut |done, total| {
            let _ = on_progress.send(Progress { done: done as u32, total: total as u32 });
        })
    })
    .await
    .map(Some)
}

/// The backup file chosen for a restore and checked, kept here so that 恢复 restores exactly
/// the file the admin was shown (the page never names a file).
#[derive(Default)]
pub struct ChosenBackup(Mutex<Option<std::path::PathBuf>>);

/// 选择备份文件: a native open dialog, then the core's checks (integrity, this app's database,
/// a schema not newer than this build) before anything is touched. `None` when cancelled.
#[tauri::command]
pub async fn choose_backup(
    state: tauri::State<'_, Arc<Registry>>,
    chosen: tauri::State<'_, Arc<ChosenBackup>>,
    token: Option<String>,
    args: Option<Value>,
) -> Result<Option<BackupFileCheck>, ApiError> {
    decode_args::<()>(args.unwrap_or_default())?;
    let token = token.unwrap_or_default();
    let registry = Arc::clone(&state);
    let check = token.clone();
    blocking(move || registry.actor(&check)?.require_admin()).await?;
    *chosen.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    let Some(path) = pick_backup().await else { return Ok(None) };
    let registry = Arc::clone(&state);
    let checked = path.clone();
    let result = blocking(move || registry.inspect_backup(&token, &checked)).await?;
    *chosen.0.lock().unwrap_or_else(|p| p.into_inner()) = Some(path);
    Ok(Some(result))
}

/// 恢复: replaces the register with the backup checked by `choose_backup` (the core checks it
/// again, saves the current database first and ends every session).
#[tauri::command]
pub async fn restore_backup(
    state: tauri::State<'_, Arc<Registry>>,
    chosen: tauri::State<'_, Arc<ChosenBackup>>,
    token: Option<String>,
    args: Option<Value>,
) -> Result<RestoreSummary, ApiError> {
    decode_args::<()>(args.unwrap_or_default())?;
    let Some(path) = chosen.0.lock().unwrap_or_else(|p| p.into_inner()).clone() else {
        return Err(Error::Conflict("请先选择要恢复的备份文件".into()).into());
    };
    let registry = Arc::clone(&state);
    let token = token.unwrap_or_default();
    let summary = blocking(move || registry.restore(&token, &path)).await?;
    *chosen.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
    Ok(summary)
}

#[tauri::command]
pub fn cancel_batch(cancel: tauri::State<'_, Arc<BatchCancel>>, token: Option<String>, args: Option<Value>) {
    // Nothing to decode: whatever comes, the job in progress stops.
    let _ = (token, args);
    cancel.0.store(true, Ordering::SeqCst);
}

fn base64_decode(s: &str) -> swreg_core::Result<Vec<u8>> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(s).map_err(|e| Error::Internal(e.to_string()))
}


/// The file's bytes, or `None` when it holds more than `limit`: read through a cap, so a pipe or
/// a device that never ends is stopped too (its reported size says nothing).
pub(crate) fn read_limited(path: &Path, limit: usize) -> std::io::Result<Option<Vec<u8>>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.take(limit as u64 + 1).read_to_end(&mut bytes)?;
    Ok((bytes.len() <= limit).then_some(bytes))
}

pub(crate) fn open_with_system(path: &Path) -> Result<(), ApiError> {
    let mut cmd = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(path)
        .spawn()
        .map(drop)
        .map_err(|_| Error::File("无法打开系统的PDF阅读器：请使用“保存PDF”保存后再打印".into()).into())
}

#[cfg(not(feature = "test-hooks"))]
pub(crate) async fn pick_photo() -> Option<PathBuf> {
    rfd::AsyncFileDialog::new()
        .set_title("选择个人照片")
        .add_filter("照片（JPEG、PNG）", &["jpg", "jpeg", "png", "JPG", "JPEG", "PNG"])
        .pick_file()
        .await
        .map(|f| f.path().to_path_buf())
}

/// What a save dialog saves: its title and file filter.
#[derive(Clone, Copy)]
pub enum SaveKind {
    Pdf,
    Xlsx,
    Csv,
    Backup,
}

#[cfg(not(feature = "test-hooks"))]
pub(crate) async fn pick_save(default_name: &str, kind: SaveKind) -> Option<PathBuf> {
    let (title, filter, ext) = match kind {
        SaveKind::Pdf => ("保存PDF", "PDF 文件", "pdf"),
        SaveKind::Xlsx => ("导出为 Excel", "Excel 工作簿", "xlsx"),
        SaveKind::Csv => ("导出为 CSV", "CSV 文件（UTF-8）", "csv"),
        SaveKind::Backup => ("保存备份", "数据库备份", "sqlite3"),
    };
    rfd::AsyncFileDialog::new()
        .set_title(title)
        .set_file_name(default_name)
        .add_filter(filter, &[ext])
        .save_file()
        .await
        .map(|f| f.path().to_path_buf())
}

#[cfg(not(feature = "test-hooks"))]
async fn pick_backup() -> Option<PathBuf> {
    rfd::AsyncFileDialog::new()
        .set_title("选择要恢复的备份文件")
        .add_filter("数据库备份", &["sqlite3", "db", "sqlite"])
        .pick_file()
        .await
        .map(|f| f.path().to_path_buf())
}

/// With the `test-hooks` feature the end-to-end test names the files instead of using the
/// dialogs, which WebDriver cannot reach.
#[cfg(feature = "test-hooks")]
pub(crate) async fn pick_photo() -> Option<PathBuf> {
    std::env::var_os("SWREG_TEST_PHOTO").map(PathBuf::from)
}

#[cfg(feature = "test-hooks")]
pub(crate) async fn pick_save(default_name: &str, _kind: SaveKind) -> Option<PathBuf> {
    std::env::var_os("SWREG_TEST_SAVE_DIR").map(|d| PathBuf::from(d).join(default_name))
}

/// The newest `.sqlite3` file in `SWREG_TEST_SAVE_DIR`: the backup the test made last.
#[cfg(feature = "test-hooks")]
async fn pick_backup() -> Option<PathBuf> {
    let dir = std::env::var_os("SWREG_TEST_SAVE_DIR")?;
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "sqlite3"))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .max()
        .map(|(_, p)| p)
}

#[cfg(test)]
mod tests {
    use super::read_limited;

    #[test]
    fn reading_is_capped_for_files_pipes_and_devices() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("small.jpg");
        std::fs::write(&small, [1u8; 100]).unwrap();
        assert_eq!(read_limited(&small, 100).unwrap().map(|b| b.len()), Some(100));
        assert_eq!(read_limited(&small, 99).unwrap(), None);
        // A device that reports no size and never ends is stopped at the cap.
        assert_eq!(read_limited(std::path::Path::new("/dev/zero"), 5 * 1024 * 1024).unwrap(), None);
    }
}
