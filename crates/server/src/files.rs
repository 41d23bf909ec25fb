//! The file commands over HTTP: an upload for the photo, downloads for the files the core makes;
//! what needs the server's own disk (restoring a backup, importing) is `swreg-admin`'s job there.
//!
//! A file the core writes to a path (exports, statistics, backups, the import template) is
//! written in a private folder of its own under `<data-dir>/downloads/`, opened, deleted, and
//! streamed from the open file; whatever a killed server left there goes at the next start.

use crate::api::{error_response, internal, json_response, read_body, Peer, CALL_LIMIT};
use crate::App;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use swreg_core::records::export::ExportArgs;
use swreg_core::records::roster::RosterQuery;
use swreg_core::registration::print::BatchPdfArgs;
use swreg_core::registration::worker::Target;
use swreg_core::commands::Caller;
use swreg_core::{decode_args, ApiError, Error, Registry};

pub const NO_RESTORE: &str = "网页和连接服务器的桌面程序中不能恢复备份：请在服务器上使用 swreg-admin restore";
pub const NO_IMPORT: &str = "网页和连接服务器的桌面程序中不能导入：请在服务器上使用 swreg-admin import";

/// The folder of the downloads being made, inside the data folder.
const DOWNLOADS: &str = "downloads";

const PDF: &str = "application/pdf";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const CSV: &str = "text/csv; charset=utf-8";
const SQLITE: &str = "application/vnd.sqlite3";

/// The long jobs in progress (batch PDF, export) by session token: `cancel_batch` stops the
/// caller's own, and `GET /api/progress` tells how far it has come while the file is made —
/// before its first byte can be sent.
#[derive(Default)]
pub struct Jobs(Mutex<HashMap<String, Arc<Job>>>);

/// One job's stop flag and its progress, in the core's steps (records).
#[derive(Default)]
struct Job {
    stop: AtomicBool,
    done: AtomicU64,
    total: AtomicU64,
}

impl Job {
    /// The core's progress callback: notes the step, and says whether to go on.
    fn step(&self, done: u64, total: u64) -> bool {
        self.total.store(total, Ordering::Relaxed);
        self.done.store(done, Ordering::Relaxed);
        !self.stop.load(Ordering::SeqCst)
    }
}

/// A job while it runs. Dropped — the job done, or its request gone because the browser left —
/// it stops the job and leaves the table.
struct Running<'a> {
    jobs: &'a Jobs,
    token: String,
    job: Arc<Job>,
}

impl Jobs {
    fn start(&self, token: &str) -> Running<'_> {
        let job = Arc::new(Job::default());
        self.0.lock().unwrap_or_else(|p| p.into_inner()).insert(token.to_owned(), Arc::clone(&job));
        Running { jobs: self, token: token.to_owned(), job }
    }

    fn cancel(&self, token: &str) {
        if let Some(job) = self.0.lock().unwrap_or_else(|p| p.into_inner()).get(token) {
            job.stop.store(true, Ordering::SeqCst);
        }
    }

    /// The caller's job in progress: `(done, total)`.
    fn progress(&self, token: &str) -> Option<(u64, u64)> {
        let jobs = self.0.lock().unwrap_or_else(|p| p.into_inner());
        jobs.get(token).map(|job| (job.done.load(Ordering::Relaxed), job.total.load(Ordering::Relaxed)))
    }
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.job.stop.store(true, Ordering::SeqCst);
        let mut jobs = self.jobs.0.lock().unwrap_or_else(|p| p.into_inner());
        if jobs.get(&self.token).is_some_and(|j| Arc::ptr_eq(j, &self.job)) {
            jobs.remove(&self.token);
        }
    }
}

/// `GET /api/progress`: how far the caller's export or batch PDF has come while the server makes
/// it, `{"done": n, "total": m}` in records, or `null` when none is being made. Keyed by the
/// session token, so it tells a caller about nothing but their own job; not a command (it
/// neither reads nor changes the register), so it is no part of the command table.
pub async fn progress(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let token = crate::api::token_of(&headers);
    let body = match app.jobs.progress(&token).filter(|_| !token.is_empty()) {
        Some((done, total)) => serde_json::json!({ "done": done, "total": total }).to_string(),
        None => "null".to_owned(),
    };
    json_response(StatusCode::OK, body)
}

/// Answers the file command `name`.
pub async fn answer(app: Arc<App>, peer: Peer, name: &str, token: String, query: Option<&str>, body: Body) -> Response {
    // The staff network rule, as for every call (the core's).
    let admitted = {
        let (registry, token, name) = (Arc::clone(&app.registry), token.clone(), name.to_owned());
        let address = Some(peer.ip());
        tokio::task::spawn_blocking(move || swreg_core::commands::admit(&registry, &Caller { token: &token, address }, &name)).await
    };
    match admitted {
        Ok(Ok(())) => {}
        Ok(Err(e)) => return error_response(e),
        Err(e) => return error_response(internal(e)),
    }
    match run(app, name, token, query, body).await {
        Ok(response) => response,
        Err(e) => error_response(e),
    }
}

async fn run(app: Arc<App>, name: &str, token: String, query: Option<&str>, body: Body) -> Result<Response, ApiError> {
    match name {
        "choose_photo" => {
            let target: Target = decode_args(query_args(query)?)?;
            let bytes = axum::body::to_bytes(body, swreg_core::registration::photo::MAX_BYTES)
                .await
                .map_err(|_| ApiError::from(Error::field("photo", "照片文件不能超过5MB")))?;
            let upload = blocking(&app, move |r| r.upload_photo(&token, target, &bytes)).await?;
            Ok(json_response(StatusCode::OK, serde_json::to_string(&upload).map_err(internal)?))
        }
        "save_record_pdf" | "print_record_pdf" => {
            let target: Target = args(body).await?;
            let doc = blocking(&app, move |r| r.record_pdf(&token, target)).await?;
            let bytes = base64_decode(&doc.base64)?;
            let disposition = if name == "print_record_pdf" { "inline" } else { "attachment" };
            Ok(download(Body::from(bytes.clone()), bytes.len() as u64, PDF, disposition, &doc.file_name))
        }
        "save_batch_pdf" => {
            let args: BatchPdfArgs = args(body).await?;
            let running = app.jobs.start(&token);
            let job = Arc::clone(&running.job);
            let rendered = blocking(&app, move |r| r.batch_pdf(&token, &args, &mut |done, total| job.step(done as u64, total as u64))).await?;
            drop(running);
            let length = rendered.pdf.len() as u64;
            Ok(download(Body::from(rendered.pdf), length, PDF, "attachment", "社会工作者登记申请表-批量.pdf"))
        }
        "cancel_batch" => {
            // Nothing to decode: whatever comes, the caller's job in progress stops.
            app.jobs.cancel(&token);
            Ok(json_response(StatusCode::OK, "null".to_owned()))
        }
        "export_records" => {
            let args: ExportArgs = args(body).await?;
            let (file_name, kind) = (
                format!("社会工作者登记名册-{}.{}", app.registry.clock().today().format("%Y%m%d"), args.format.extension()),
                match args.format {
                    swreg_core::records::export::ExportFormat::Xlsx => XLSX,
                    swreg_core::records::export::ExportFormat::Csv => CSV,
                },
            );
            let running = app.jobs.start(&token);
            let job = Arc::clone(&running.job);
            let response = through_file(&app, file_name, kind, move |r, out| {
                r.export(&token, args, out, &mut |done, total| job.step(done, total)).map(drop)
            })
            .await;
            drop(running);
            response
        }
        "save_stats_xlsx" => {
            let query: RosterQuery = args(body).await?;
            let file_name = format!("社会工作者登记统计-{}.xlsx", app.registry.clock().today().format("%Y%m%d"));
            through_file(&app, file_name, XLSX, move |r, out| r.stats_xlsx(&token, query, out)).await
        }
        "backup_now" => {
            let () = args(body).await?;
            let now = app.registry.clock().now().with_timezone(&swreg_core::clock::china());
            let file_name = format!("社会工作者登记-备份-{}.sqlite3", now.format("%Y%m%d-%H%M%S"));
            let shown = file_name.clone();
            through_file(&app, file_name, SQLITE, move |r, out| r.backup_for_download(&token, out, &shown).map(drop)).await
        }
        "save_import_template" => {
            let () = args(body).await?;
            let file_name = "社会工作者登记信息导入模板.xlsx".to_owned();
            through_file(&app, file_name, XLSX, move |r, out| r.import_template(&token, out)).await
        }
        "choose_backup" | "restore_backup" => Err(Error::Unsupported(NO_RESTORE.to_owned()).into()),
        "choose_import_file" | "choose_import_photos" | "recheck_import" | "save_import_report" | "run_import" => {
            Err(Error::Unsupported(NO_IMPORT.to_owned()).into())
        }
        _ => Err(internal(format!("未处理的文件命令 {name}"))),
    }
}

/// The arguments of a download: the body's JSON.
async fn args<T: DeserializeOwned>(body: Body) -> Result<T, ApiError> {
    decode_args(crate::api::args_of(&read_body(body, CALL_LIMIT).await?)?)
}

/// The `args` parameter of the query (percent-encoded JSON); `null` without one.
fn query_args(query: Option<&str>) -> Result<serde_json::Value, ApiError> {
    let Some(raw) = query.unwrap_or("").split('&').find_map(|p| p.strip_prefix("args=")) else {
        return Ok(serde_json::Value::Null);
    };
    let spaced = raw.replace('+', " ");
    let text = percent_decode_str(&spaced).decode_utf8().map_err(|_| ApiError::from(Error::BadRequest("请求参数不是有效的 UTF-8".into())))?;
    crate::api::args_of(text.as_bytes())
}

/// Runs the core on the blocking pool.
async fn blocking<T: Send + 'static>(
    app: &Arc<App>,
    job: impl FnOnce(&Registry) -> swreg_core::Result<T> + Send + 'static,
) -> Result<T, ApiError> {
    let registry = Arc::clone(&app.registry);
    tokio::task::spawn_blocking(move || job(&registry)).await.map_err(internal)?.map_err(ApiError::from)
}

/// Has the core write a file in a private folder of its own, then answers with its bytes
/// streamed from the open file, which is already deleted.
async fn through_file(
    app: &Arc<App>,
    file_name: String,
    content_type: &'static str,
    write: impl FnOnce(&Registry, &Path) -> swreg_core::Result<()> + Send + 'static,
) -> Result<Response, ApiError> {
    let folder = private_folder(&app.registry.data_dir().join(DOWNLOADS)).map_err(|e| internal(format!("无法创建临时文件夹：{e}")))?;
    let out = folder.join(&file_name);
    let written = blocking(app, {
        let out = out.clone();
        move |r| write(r, &out)
    })
    .await;
    let opened = match written {
        Ok(()) => tokio::fs::File::open(&out).await.map_err(|e| internal(format!("无法读取生成的文件：{e}"))),
        Err(e) => Err(e),
    };
    // The open file keeps its bytes; nothing stays on disk.
    let _ = tokio::fs::remove_dir_all(&folder).await;
    let file = opened?;
    let length = file.metadata().await.map_err(internal)?.len();
    let body = Body::from_stream(tokio_util::io::ReaderStream::with_capacity(file, 64 * 1024));
    Ok(download(body, length, content_type, "attachment", &file_name))
}

/// A new folder only the server's user can enter, with a random name.
fn private_folder(root: &Path) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(root)?;
    loop {
        let folder = root.join(format!("{:016x}", rand::random::<u64>()));
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        match builder.create(&folder) {
            Ok(()) => return Ok(folder),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Deletes what a killed server left in the downloads folder (exports may hold ID numbers).
pub fn sweep(data_dir: &Path) {
    let _ = std::fs::remove_dir_all(data_dir.join(DOWNLOADS));
}

/// RFC 5987's `attr-char`s stay as they are; everything else is percent-encoded.
const ATTR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// `attachment; filename*=UTF-8''<name>` (or `inline`).
pub fn disposition(kind: &str, file_name: &str) -> String {
    format!("{kind}; filename*=UTF-8''{}", utf8_percent_encode(file_name, ATTR))
}

fn download(body: Body, length: u64, content_type: &'static str, kind: &str, file_name: &str) -> Response {
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    if let Ok(value) = HeaderValue::from_str(&disposition(kind, file_name)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

fn base64_decode(s: &str) -> Result<Vec<u8>, ApiError> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.decode(s).map_err(internal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_tells_its_own_caller_how_far_it_has_come_until_it_ends() {
        let jobs = Jobs::default();
        assert_eq!(jobs.progress("a"), None, "nothing is being made");
        let running = jobs.start("a");
        assert_eq!(jobs.progress("a"), Some((0, 0)), "started, no step yet");
        assert!(running.job.step(40, 120), "goes on");
        assert_eq!(jobs.progress("a"), Some((40, 120)));
        assert_eq!(jobs.progress("b"), None, "another session sees nothing of it");
        jobs.cancel("b");
        assert!(running.job.step(41, 120), "another session cannot stop it");
        jobs.cancel("a");
        assert!(!running.job.step(42, 120), "取消 stops it at its next step");
        drop(running);
        assert_eq!(jobs.progress("a"), None, "done: gone from the table");
        // A newer job of the same session is not removed by an older one ending.
        let older = jobs.start("a");
        let newer = jobs.start("a");
        drop(older);
        assert!(newer.job.step(1, 2));
        assert_eq!(jobs.progress("a"), Some((1, 2)));
    }

    #[test]
    fn the_file_name_is_percent_encoded_in_utf8() {
        assert_eq!(
            disposition("attachment", "名册 1.csv"),
            "attachment; filename*=UTF-8''%E5%90%8D%E5%86%8C%201.csv"
        );
        assert_eq!(disposition("inline", "a-b_c.pdf"), "inline; filename*=UTF-8''a-b_c.pdf");
    }

    #[test]
    fn the_photo_target_comes_from_the_query() {
        assert_eq!(query_args(None).unwrap(), serde_json::Value::Null);
        assert_eq!(query_args(Some("args=%7B%22workerId%22%3A7%7D")).unwrap()["workerId"], 7);
        assert_eq!(query_args(Some("x=1&args=null")).unwrap(), serde_json::Value::Null);
        assert!(query_args(Some("args=%7B")).is_err());
    }

    #[test]
    fn a_cancel_reaches_only_the_same_sessions_job_and_a_finished_job_leaves() {
        let jobs = Jobs::default();
        let mine = jobs.start("a");
        let theirs = jobs.start("b");
        jobs.cancel("a");
        assert!(mine.job.stop.load(Ordering::SeqCst));
        assert!(!theirs.job.stop.load(Ordering::SeqCst));
        drop(mine);
        assert!(!jobs.0.lock().unwrap().contains_key("a"));
        assert!(jobs.0.lock().unwrap().contains_key("b"));
    }
}
