//! The Tauri shell: finds the data folder, opens the registry, registers the commands.
//! Everything else happens in `swreg-core`.

mod commands;
mod data_dir;
mod files;
mod import;
mod startup;
#[cfg(test)]
mod bindings;
#[cfg(test)]
mod ipc_fuzz;

use std::sync::Arc;
use swreg_core::Registry;

pub fn run() {
    startup::begin();
    #[cfg(target_os = "linux")]
    lighten_webkit();
    let builder = tauri::Builder::default().invoke_handler(commands::handler()).on_page_load(|_, page| {
        if page.event() == tauri::webview::PageLoadEvent::Finished {
            startup::mark("页面已载入");
        }
    });
    let builder = builder.setup(|app| {
        #[cfg(target_os = "linux")]
        lighten_webview(app);
        let dir = data_dir::choose(app.handle())?;
        match Registry::open(&dir, swreg_core::clock::running()) {
            Ok(registry) => {
                startup::mark("数据库已打开");
                eprintln!("数据文件夹：{}", dir.display());
                let registry = Arc::new(registry);
                swreg_core::timed::start(Arc::clone(&registry));
                tauri::Manager::manage(app, registry);
                tauri::Manager::manage(app, Arc::new(files::BatchCancel::default()));
                tauri::Manager::manage(app, Arc::new(files::ChosenBackup::default()));
                tauri::Manager::manage(app, Arc::new(import::ChosenImport::default()));
                Ok(())
            }
            Err(e) => {
                // The page cannot show anything without the database: say why in a dialog.
                rfd::MessageDialog::new()
                    .set_level(rfd::MessageLevel::Error)
                    .set_title("社会工作者登记管理系统")
                    .set_description(format!("{e}\n\n数据文件夹：{}", dir.display()))
                    .show();
                Err(Box::new(e))
            }
        }
    });
    let app = match builder.build(tauri::generate_context!()) {
        Ok(app) => app,
        Err(e) => {
            eprintln!("程序无法启动：{e}");
            std::process::exit(1);
        }
    };
    #[cfg(unix)]
    exit_on_signals(app.handle().clone());
    // Closing the window, SIGTERM and SIGINT all end here: the database is closed cleanly, so
    // the data folder holds one self-contained file and no -wal.
    app.run(|app, event| match event {
        tauri::RunEvent::Ready => startup::mark("窗口已建"),
        tauri::RunEvent::Exit => close_registry(app),
        _ => {}
    });
}

/// WebKit settings that only the environment carries, set before GTK starts and before any thread
/// exists (the page's process inherits them); a value the user set is left alone. Measured in
/// BENCHMARKS.md:
/// - WebKitGTK draws through DMA-BUF buffers when it can; on the machines measured (and on any
///   without a GPU) that path costs ~90 MiB in the page's process and a slower first page. A
///   form-filling app needs no GPU: draw in software.
/// - JavaScriptCore's optimising DFG compiler keeps its own memory (6 MiB idle) for code that runs
///   hot for a long time; this app's pages are forms and lists, which the baseline compilers run
///   as fast.
#[cfg(target_os = "linux")]
fn lighten_webkit() {
    for (name, value) in [("WEBKIT_DISABLE_DMABUF_RENDERER", "1"), ("JSC_useDFGJIT", "false")] {
        if std::env::var_os(name).is_none() {
            std::env::set_var(name, value);
        }
    }
}

/// One page at a time, always the app's own: WebKit's caches for browsing (the back-forward page
/// cache, a browser's memory cache) only hold memory here.
#[cfg(target_os = "linux")]
fn lighten_webview(app: &tauri::App) {
    use webkit2gtk::{CacheModel, SettingsExt, WebContextExt, WebViewExt};
    for window in tauri::Manager::webview_windows(app).into_values() {
        let _ = window.with_webview(|webview| {
            let view = webview.inner();
            if let Some(context) = view.context() {
                context.set_cache_model(CacheModel::DocumentViewer);
            }
            if let Some(settings) = WebViewExt::settings(&view) {
                settings.set_enable_page_cache(false);
            }
        });
    }
}

fn close_registry(app: &tauri::AppHandle) {
    if let Some(registry) = tauri::Manager::try_state::<Arc<Registry>>(app) {
        if let Err(e) = registry.close() {
            eprintln!("数据库未能正常关闭：{e}");
        }
    }
}

/// SIGTERM or SIGINT asks the app to exit as closing its window does; a second one, should the
/// first exit hang, closes the database and ends the process at once.
#[cfg(unix)]
fn exit_on_signals(app: tauri::AppHandle) {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let mut signals = match signal_hook::iterator::Signals::new([SIGTERM, SIGINT]) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("无法处理终止信号：{e}");
            return;
        }
    };
    std::thread::spawn(move || {
        let mut received = signals.forever();
        if received.next().is_some() {
            app.exit(0);
        }
        if received.next().is_some() {
            close_registry(&app);
            std::process::exit(1);
        }
    });
}
