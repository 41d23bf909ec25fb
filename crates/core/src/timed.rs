//! The timed work of a running registry — the desktop app's and the server's alike (never a
//! browser's): 续期提醒 and 自动备份, each in a thread of its own that checks hourly.

use crate::Registry;
use std::sync::Arc;

/// Starts the timed work on `registry` for as long as the process runs.
pub fn start(registry: Arc<Registry>) {
    remind_daily(Arc::clone(&registry));
    back_up_daily(registry);
}

/// 续期提醒: a run when the app starts and again whenever the date (the registry's clock) has
/// changed, checked hourly; a run whose mails failed is retried at the next check. Each reminder
/// is sent once however often this runs: the core records it.
fn remind_daily(registry: Arc<Registry>) {
    let spawned = std::thread::Builder::new().name("renewal-reminders".into()).spawn(move || {
        let mut done_for = None;
        loop {
            let today = registry.clock().today();
            if done_for != Some(today) {
                match registry.send_due_reminders() {
                    Ok(run) if run.failed == 0 => done_for = Some(today),
                    Ok(run) => eprintln!("续期提醒：{} 封未能发送，稍后重试", run.failed),
                    Err(e) => eprintln!("续期提醒未能完成：{e}"),
                }
            }
            std::thread::sleep(std::time::Duration::from_secs(3600));
        }
    });
    if let Err(e) = spawned {
        eprintln!("续期提醒无法启动：{e}");
    }
}

/// 自动备份: a run when the app starts and hourly after; the core makes at most one successful
/// backup a day (a failed one is tried again at the next check) and records every run, which
/// the 数据备份 page lists and the admin's home page warns about.
fn back_up_daily(registry: Arc<Registry>) {
    let spawned = std::thread::Builder::new().name("auto-backup".into()).spawn(move || loop {
        match registry.auto_backup_if_due() {
            Ok(Some(run)) if !run.ok => eprintln!("自动备份失败：{}", run.message.unwrap_or_default()),
            Ok(_) => {}
            Err(e) => eprintln!("自动备份未能完成：{e}"),
        }
        std::thread::sleep(std::time::Duration::from_secs(3600));
    });
    if let Err(e) = spawned {
        eprintln!("自动备份无法启动：{e}");
    }
}
