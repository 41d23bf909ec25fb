//! Many clients at once on the register at 100,000 workers, through the core's command table:
//! staff paging the register, searching, opening records, applications and the review queues
//! while workers save drafts and staff decide applications (`swreg_core::demo::load`). Measures
//! the registry's connection set (one writer, a few readers). With `SWREG_LOAD_SERVER=<path of
//! swreg-server>` (a `test-hooks` build: its captchas have a fixed answer), the same mix goes over
//! HTTPS on loopback to that server, started on the same copy (`https.rs`).
//!
//! `cargo bench -p swreg-core --bench load` seeds a temporary folder first (about a minute);
//! `SWREG_BENCH_DIR=<folder>` copies the database of a folder seeded before (by this bench when
//! the folder has none yet, or `swreg-admin --data-dir <folder> seed-demo --workers 100000`) into
//! a temporary folder, so that the seeded one stays as it was. `SWREG_BENCH_WORKERS` (100000), `SWREG_LOAD_CLIENTS` (50),
//! `SWREG_LOAD_SECONDS` (60), `SWREG_LOAD_THINK_MS` (mean pause between a client's calls, 100),
//! `SWREG_LOAD_DECIDE_EVERY` (one staff call in this many decides, 20). `bash scripts/bench-load.sh`
//! runs it with these defaults.

mod https;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use swreg_core::demo::load::{self, Core, LoadArgs};
use swreg_core::demo::SeedArgs;
use swreg_core::{Registry, SystemClock};

fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn main() {
    let workers: u32 = env("SWREG_BENCH_WORKERS", 100_000);
    let clients: usize = env("SWREG_LOAD_CLIENTS", 50);
    let seconds: u64 = env("SWREG_LOAD_SECONDS", 60);
    let think_ms: u64 = env("SWREG_LOAD_THINK_MS", 100);
    let decide_every: u32 = env("SWREG_LOAD_DECIDE_EVERY", 20);

    let temp = tempfile::tempdir().expect("temp dir");
    let dir: PathBuf = temp.path().to_path_buf();
    if let Some(seeded) = std::env::var_os("SWREG_BENCH_DIR") {
        let seeded = PathBuf::from(seeded);
        let from = seeded.join(swreg_core::DB_FILE_NAME);
        if !from.exists() {
            // Seeded once here, kept for the next runs (and for the register bench).
            let r = Registry::open(&seeded, Arc::new(SystemClock)).expect("open the folder to seed");
            let t = Instant::now();
            let s = r.seed_demo(&r.system_token(), SeedArgs { workers, seed: 2026 }).expect("seed");
            r.close().expect("close the seeded folder");
            println!("seeded {} workers, {} applications in {:.1} s into {}", s.workers, s.applications, t.elapsed().as_secs_f64(), seeded.display());
        }
        // Through SQLite, so that a seeded folder still in WAL mode comes whole.
        let src = rusqlite::Connection::open_with_flags(&from, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).expect("seeded database");
        src.execute("VACUUM INTO ?1", [dir.join(swreg_core::DB_FILE_NAME).to_string_lossy()]).expect("copy of the seeded database");
    }
    let registry = Registry::open(&dir, Arc::new(SystemClock)).expect("open registry");
    let token = registry.system_token();
    let empty = registry.roster(&token, Default::default()).expect("roster").total == 0;
    if empty {
        let t = Instant::now();
        let s = registry.seed_demo(&token, SeedArgs { workers, seed: 2026 }).expect("seed");
        println!("seeded {} workers, {} applications in {:.1} s", s.workers, s.applications, t.elapsed().as_secs_f64());
    }
    let args = LoadArgs {
        clients,
        calls_per_client: usize::MAX,
        until: Some(Duration::from_secs(seconds)),
        think: Duration::from_millis(think_ms),
        decide_every,
        seed: 2026,
    };
    let server = std::env::var_os("SWREG_LOAD_SERVER");
    println!(
        "load {}: {clients} clients for {seconds} s, think time {think_ms} ms (mean), one staff call in {decide_every} decides",
        if server.is_some() { "over HTTPS through swreg-server" } else { "through the core's command table" }
    );
    let report = match server {
        None => load::run(&Core(&registry), &args),
        Some(binary) => {
            registry.close().expect("close before the server opens the folder");
            drop(registry);
            let server = https::Server::start(binary.as_ref(), &dir);
            load::run(&server.client(), &args)
        }
    }
    .expect("load");
    println!("{}", report.table());
    for e in &report.error_samples {
        println!("error: {e}");
    }
    if report.errors() > 0 {
        std::process::exit(1);
    }
}
