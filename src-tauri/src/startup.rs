//! Start-up marks for the start-up benchmark (scripts/bench-start.sh): with
//! `SWREG_STARTUP_TRACE=1` the app writes `[启动] <ms since start> ms <stage>` to stderr at each
//! stage — the database opened, the window built, the page's first commands received. Without
//! the variable nothing is written and each mark costs one atomic load.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

static START: OnceLock<Instant> = OnceLock::new();
static ON: AtomicBool = AtomicBool::new(false);
/// Only the page's first few commands are marked: the start, not the whole session.
static COMMANDS_LEFT: AtomicUsize = AtomicUsize::new(6);

/// Called first thing in `run`.
pub fn begin() {
    START.get_or_init(Instant::now);
    ON.store(std::env::var_os("SWREG_STARTUP_TRACE").is_some_and(|v| v == "1"), Ordering::Relaxed);
}

pub fn mark(stage: &str) {
    if !ON.load(Ordering::Relaxed) {
        return;
    }
    let ms = START.get().map(|s| s.elapsed().as_secs_f64() * 1000.0).unwrap_or(0.0);
    eprintln!("[启动] {ms:.1} ms {stage}");
}

/// A command arrived from the page; the first few are marked with their names.
pub fn command(name: &str) {
    if ON.load(Ordering::Relaxed) && COMMANDS_LEFT.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_sub(1)).is_ok() {
        mark(&format!("命令 {name}"));
    }
}
