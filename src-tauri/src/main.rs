// No console window on Windows in release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // A panic on the main thread before the window exists (GTK cannot open a display, seen on a
    // busy machine) would print a Rust backtrace: say what happened in words and exit non-zero.
    // Panics on other threads keep the default hook.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() != Some("main") {
            return default_hook(info);
        }
        let detail = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        eprintln!("社会工作者登记管理系统无法启动：图形界面未能打开。请在桌面环境中运行，或检查 DISPLAY 设置后重试。");
        if !detail.is_empty() {
            eprintln!("详情：{detail}");
        }
        std::process::exit(1);
    }));
    swreg_app::run();
}
