//! 导入's commands: the native dialogs that choose the sheet, the photos' ZIP and where the
//! template and the error report go. The chosen files are kept here, so that the check, the
//! report and the import read exactly the files the clerk chose (the page never names a file);
//! the core does every check, again at the import.

use crate::files::{blocking, pick_save, BatchCancel, Progress, SaveKind};
use serde_json::Value;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use swreg_core::records::import::{ImportCheck, ImportFiles, ImportRunArgs, ImportSummary};
use swreg_core::{decode_args, ApiError, Error, ErrorCode, Registry};
use tauri::ipc::Channel;

/// The sheet and photos chosen on the 导入 page.
#[derive(Default)]
pub struct ChosenImport(Mutex<Option<ImportFiles>>);

impl ChosenImport {
    fn get(&self) -> Result<ImportFiles, ApiError> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clone().ok_or_else(|| Error::Conflict("请先选择要导入的文件".into()).into())
    }

    fn set(&self, files: Option<ImportFiles>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = files;
    }
}

async fn check(registry: Arc<Registry>, token: String, files: ImportFiles, report: Option<PathBuf>) -> Result<ImportCheck, ApiError> {
    blocking(move || registry.import_check(&token, &files, report.as_deref())).await
}

/// 下载导入模板: the template saved where the clerk chooses. The saved path, or `None`.
#[tauri::command]
pub async fn save_import_template(
    state: tauri::State<'_, Arc<Registry>>,
    token: Option<String>,
    args: Option<Value>,
) -> Result<Option<String>, ApiError> {
    decode_args::<()>(args.unwrap_or_default())?;
    let token = token.unwrap_or_default();
    let registry = Arc::clone(&state);
    let t = token.clone();
    blocking(move || registry.may_import(&t).and_then(|ok| if ok { Ok(()) } else { Err(Error::Forbidden) })).await?;
    let Some(path) = pick_save("社会工作者登记信息导入模板.xlsx", SaveKind::Xlsx).await else { return Ok(None) };
    let registry = Arc::clone(&state);
    let shown = path.display().to_string();
    blocking(move || registry.import_template(&token, &path)).await?;
    Ok(Some(shown))
}

/// 选择文件: the sheet (XLSX or CSV), then the dry run on it. `None` when the dialog is cancelled.
#[tauri::command]
pub async fn choose_import_file(
    state: tauri::State<'_, Arc<Registry>>,
    chosen: tauri::State<'_, Arc<ChosenImport>>,
    token: Option<String>,
    args: Option<Value>,
) -> Result<Option<ImportCheck>, ApiError> {
    decode_args::<()>(args.unwrap_or_default())?;
    chosen.set(None);
    let Some(sheet) = pick_sheet().await else { return Ok(None) };
    let files = ImportFiles { sheet, photos: None };
    let result = check(Arc::clone(&state), token.unwrap_or_default(), files.clone(), None).await?;
    chosen.set(Some(files));
    Ok(Some(result))
}

/// 选择照片: the photos' ZIP beside the chosen sheet, then the dry run again.
#[tauri::command]
pub async fn choose_import_photos(
    state: tauri::State<'_, Arc<Registry>>,
    chosen: tauri::State<'_, Arc<ChosenImport>>,
    token: Option<String>,
    args: Option<Value>,
) -> Result<Option<ImportCheck>, ApiError> {
    decode_args::<()>(args.unwrap_or_default())?;
    let mut files = chosen.get()?;
    let Some(zip) = pick_zip().await else { return Ok(None) };
    files.photos = Some(zip);
    let result = check(Arc::clone(&state), token.unwrap_or_default(), files.clone(), None).await?;
    chosen.set(Some(files));
    Ok(Some(result))
}

/// 重新检查: the chosen files read again (the clerk corrected them).
#[tauri::command]
pub async fn recheck_import(
    state: tauri::State<'_, Arc<Registry>>,
    chosen: tauri::State<'_, Arc<ChosenImport>>,
    token: Option<String>,
    args: Option<Value>,
) -> Result<ImportCheck, ApiError> {
    decode_args::<()>(args.unwrap_or_default())?;
    check(Arc::clone(&state), token.unwrap_or_default(), chosen.get()?, None).await
}

/// 下载错误报告: the refused rows with their reasons, saved where the clerk chooses.
#[tauri::command]
pub async fn save_import_report(
    state: tauri::State<'_, Arc<Registry>>,
    chosen: tauri::State<'_, Arc<ChosenImport>>,
    token: Option<String>,
    args: Option<Value>,
) -> Result<Option<String>, ApiError> {
    decode_args::<()>(args.unwrap_or_default())?;
    let files = chosen.get()?;
    let name = format!("导入错误报告-{}.xlsx", state.clock().today().format("%Y%m%d"));
    let Some(path) = pick_save(&name, SaveKind::Xlsx).await else { return Ok(None) };
    let shown = path.display().to_string();
    check(Arc::clone(&state), token.unwrap_or_default(), files, Some(path)).await?;
    Ok(Some(shown))
}

/// 导入: the chosen files checked again and their valid rows written in one transaction, with
/// progress on `on_progress`; `cancel_batch` stops it with nothing written (`None`).
#[tauri::command]
pub async fn run_import(
    state: tauri::State<'_, Arc<Registry>>,
    chosen: tauri::State<'_, Arc<ChosenImport>>,
    cancel: tauri::State<'_, Arc<BatchCancel>>,
    token: Option<String>,
    args: Option<Value>,
    on_progress: Channel<Progress>,
) -> Result<Option<ImportSummary>, ApiError> {
    let args: ImportRunArgs = decode_args(args.unwrap_or_default())?;
    let files = chosen.get()?;
    let registry = Arc::clone(&state);
    let cancel = Arc::clone(&cancel);
    cancel.0.store(false, Ordering::SeqCst);
    let token = token.unwrap_or_default();
    let result = blocking(move || {
        registry.import(&token, &files, args, &mut |done, total| {
            let _ = on_progress.send(Progress { done: done as u32, total: total as u32 });
            !cancel.0.load(Ordering::SeqCst)
        })
    })
    .await;
    match result {
        Ok(summary) => {
            chosen.set(None);
            Ok(Some(summary))
        }
        Err(e) if e.code == ErrorCode::Cancelled => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(not(feature = "test-hooks"))]
async fn pick_sheet() -> Option<PathBuf> {
    rfd::AsyncFileDialog::new()
        .set_title("选择要导入的文件")
        .add_filter("Excel 工作簿或 CSV", &["xlsx", "xls", "csv", "XLSX", "XLS", "CSV"])
        .pick_file()
        .await
        .map(|f| f.path().to_path_buf())
}

#[cfg(not(feature = "test-hooks"))]
async fn pick_zip() -> Option<PathBuf> {
    rfd::AsyncFileDialog::new()
        .set_title("选择照片压缩包")
        .add_filter("ZIP 压缩包", &["zip", "ZIP"])
        .pick_file()
        .await
        .map(|f| f.path().to_path_buf())
}

/// With the `test-hooks` feature the end-to-end test names the files instead of the dialogs.
#[cfg(feature = "test-hooks")]
async fn pick_sheet() -> Option<PathBuf> {
    std::env::var_os("SWREG_TEST_IMPORT_FILE").map(PathBuf::from)
}

#[cfg(feature = "test-hooks")]
async fn pick_zip() -> Option<PathBuf> {
    std::env::var_os("SWREG_TEST_IMPORT_PHOTOS").map(PathBuf::from)
}
