//! `swreg-server`: one registry (the same core and SQLite file as the desktop app) served over
//! HTTPS to the workers' browsers and to desktop apps connected as clients. See ARCHITECTURE.md.

mod api;
mod config;
mod edge;
mod files;
mod limits;
mod tls;
mod ui;

use axum::routing::{get, post};
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use swreg_core::Registry;
use tokio::net::TcpListener;

/// What every request handler shares.
pub struct App {
    pub registry: Arc<Registry>,
    pub ui_dir: PathBuf,
    pub jobs: files::Jobs,
    pub limiter: limits::Limiter,
}

fn main() {
    let options = match config::parse(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("服务器无法启动：{e}");
            std::process::exit(1);
        }
    };
    if let Err(message) = runtime.block_on(run(options)) {
        eprintln!("{message}");
        std::process::exit(1);
    }
}

async fn run(options: config::Options) -> Result<(), String> {
    let data_dir = options.data_dir.clone();
    let registry = tokio::task::spawn_blocking(move || Registry::open(&data_dir, swreg_core::clock::running()))
        .await
        .map_err(|e| format!("服务器无法启动：{e}"))?
        .map_err(|e| format!("{e}\n数据文件夹：{}", options.data_dir.display()))?;
    let registry = Arc::new(registry);
    eprintln!("数据文件夹：{}", options.data_dir.display());
    let (tls, listener) = match listen(&options).await {
        Ok(ready) => ready,
        Err(message) => {
            let _ = registry.close();
            return Err(message);
        }
    };
    // 续期提醒 and 自动备份 run here, as in the desktop app, never in a browser.
    swreg_core::timed::start(Arc::clone(&registry));
    if !options.ui_dir.join("index.html").is_file() {
        eprintln!("注意：网页文件夹 {} 中没有 index.html，浏览器将打不开网页（接口仍可用）", options.ui_dir.display());
    }
    files::sweep(&options.data_dir);
    let limiter = if options.rate_limits { limits::Limiter::default() } else { limits::Limiter::off() };
    if !options.rate_limits {
        eprintln!("注意：频率限制已关闭（仅供本机负载测试）");
    }
    let app = Arc::new(App { registry: Arc::clone(&registry), ui_dir: options.ui_dir.clone(), jobs: files::Jobs::default(), limiter });
    let bound = listener.local_addr().map_err(|e| format!("无法监听 {}：{e}", options.listen))?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    if let Some(tls) = &tls {
        eprintln!("证书指纹（SHA-256）：{}", tls.fingerprint);
    }
    eprintln!("服务已启动：{scheme}://{bound}");
    serve(listener, tls.map(|t| tokio_rustls::TlsAcceptor::from(t.config)), router(app), shutdown_signal()).await;
    // Like the desktop app at exit: the data folder holds one self-contained file, no -wal.
    let closing = Arc::clone(&registry);
    match tokio::task::spawn_blocking(move || closing.close()).await {
        Ok(Ok(())) => eprintln!("服务已停止，数据库已关闭"),
        Ok(Err(e)) => eprintln!("数据库未能正常关闭：{e}"),
        Err(e) => eprintln!("数据库未能正常关闭：{e}"),
    }
    Ok(())
}

/// The certificate (the self-made one inside the data folder, which the registry has prepared)
/// and the listening socket.
async fn listen(options: &config::Options) -> Result<(Option<tls::Loaded>, TcpListener), String> {
    let tls = match &options.tls {
        config::Tls::Off => None,
        config::Tls::SelfMade => Some(tls::self_made(&options.data_dir, options.listen.ip())?),
        config::Tls::Files { cert, key } => Some(tls::from_files(cert, key)?),
    };
    let listener = TcpListener::bind(options.listen).await.map_err(|e| format!("无法监听 {}：{e}", options.listen))?;
    Ok((tls, listener))
}

fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/api/health", get(api::health))
        .route("/api/progress", get(files::progress))
        .route("/api/{name}", post(api::post))
        .fallback(ui::serve)
        .with_state(app)
}

/// Accepts connections until `shutdown`, then lets the requests in progress finish (at most 20 s).
async fn serve(
    listener: TcpListener,
    tls: Option<tokio_rustls::TlsAcceptor>,
    router: Router,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(Duration::from_secs(30)).max_buf_size(64 * 1024);
    let http = Arc::new(http);
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment rather than spin.
                    eprintln!("接受连接失败：{e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let secure = tls.is_some();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<hyper::body::Incoming>| {
            let peer = api::Peer(peer);
            request.extensions_mut().insert(peer);
            let mut router = router.clone();
            let (started, method, path) = (Instant::now(), request.method().clone(), request.uri().path().to_owned());
            async move {
                let mut response = tower::Service::call(&mut router, request).await?;
                edge::secure(&mut response, secure, path.starts_with("/api/"));
                edge::log(peer.ip(), &method, &edge::what(&path), &response, started.elapsed());
                Ok::<_, std::convert::Infallible>(response)
            }
        });
        let watcher = graceful.watcher();
        let http = Arc::clone(&http);
        let tls = tls.clone();
        tokio::spawn(async move {
            match tls {
                None => {
                    let _ = watcher.watch(http.serve_connection(TokioIo::new(stream), service)).await;
                }
                Some(acceptor) => {
                    let stream = match tokio::time::timeout(Duration::from_secs(15), acceptor.accept(stream)).await {
                        Ok(Ok(s)) => s,
                        _ => return, // a failed or stalled handshake: nothing to answer
                    };
                    let _ = watcher.watch(http.serve_connection(TokioIo::new(stream), service)).await;
                }
            }
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(Duration::from_secs(20)) => eprintln!("仍有请求未完成，服务器不再等待"),
    }
}

/// SIGTERM (systemd's stop) or SIGINT (Ctrl+C).
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        let mut term = match signal(SignalKind::terminate()) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("无法处理终止信号：{e}");
                std::future::pending::<()>().await;
                return;
            }
        };
        tokio::select! {
            _ = term.recv() => {}
            _ = tokio::signal::ctrl_c() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
