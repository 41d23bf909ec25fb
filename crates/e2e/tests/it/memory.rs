//! Memory after use, for BENCHMARKS.md (`scripts/bench-start.sh` runs it; not a test, it asserts
//! nothing): the admin works through the pages a bureau uses all day, ten rounds of 登记名册, a
//! record, its printed form (pdf.js), 审核, 统计 (ECharts) and 操作日志 on 300 demo records; then
//! the app sits on 登记名册 and the PSS of its whole process tree is read from /proc, beside the
//! figure right after login.

use crate::accounts::{data_with_admin, login, ADMIN_PASSWORD};
use crate::harness::{core_login, test_app, App};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};
use swreg_core::demo::SeedArgs;
use swreg_core::records::roster::RosterQuery;

const ROUNDS: usize = 10;

#[tokio::test]
#[ignore = "a benchmark: scripts/bench-start.sh runs it"]
async fn memory_after_a_working_session() {
    let dir = tempfile::tempdir().unwrap();
    let worker_id = {
        let registry = data_with_admin(dir.path());
        let admin = core_login(&registry, "admin", ADMIN_PASSWORD);
        registry.seed_demo(&admin, SeedArgs { workers: 300, seed: 2026 }).expect("seed demo");
        let page = registry.roster(&admin, RosterQuery { page: 1, page_size: 20, ..Default::default() }).unwrap();
        page.items[0].worker_id
    };
    let binary = test_app();
    let app = App::start(&binary, dir.path(), "memory").await;
    login(&app, "admin", ADMIN_PASSWORD).await;
    open(&app, "#/staff/roster", "roster-row-").await;
    settle().await;
    let after_login = tree_pss(&binary);

    let pages = [
        ("#/staff/roster".to_owned(), "roster-row-"),
        (format!("#/staff/roster/{worker_id}"), "worker-detail-page"),
        (format!("#/staff/roster/{worker_id}/print"), "print-page-"),
        ("#/staff/review".to_owned(), "queue-status"),
        ("#/staff/stats".to_owned(), "stats-total"),
        ("#/admin/audit".to_owned(), "audit-row-"),
    ];
    let started = Instant::now();
    for _ in 0..ROUNDS {
        for (hash, marker) in &pages {
            open(&app, hash, marker).await;
        }
    }
    let worked = started.elapsed();
    open(&app, "#/staff/roster", "roster-row-").await;
    settle().await;
    let after_use = tree_pss(&binary);

    println!("memory (PSS of the app and its WebKit processes, MiB), test-hooks build:");
    println!("  after login, on 登记名册: {}", report(&after_login));
    println!(
        "  after {ROUNDS} rounds of {} pages ({:.0} s), back on 登记名册: {}",
        pages.len(),
        worked.as_secs_f64(),
        report(&after_use)
    );
    app.quit().await;
}

/// Goes to a page by its address and waits for an element of it.
async fn open(app: &App, hash: &str, marker: &str) {
    app.driver.execute(&format!("location.hash = {hash:?}"), vec![]).await.expect("navigate");
    let deadline = Instant::now() + Duration::from_secs(30);
    while app.count(marker).await == 0 {
        assert!(Instant::now() < deadline, "{hash} showed no {marker}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Idle: timers and the collector have run.
async fn settle() {
    tokio::time::sleep(Duration::from_secs(5)).await;
}

fn report(by_name: &BTreeMap<String, u64>) -> String {
    let total: u64 = by_name.values().sum();
    let parts: Vec<String> = by_name.iter().map(|(n, k)| format!("{n} {:.0}", *k as f64 / 1024.0)).collect();
    format!("{:.0} ({})", total as f64 / 1024.0, parts.join(", "))
}

/// PSS in KiB of the running app (the process whose executable is `binary`) and every process
/// it started, by process name.
fn tree_pss(binary: &Path) -> BTreeMap<String, u64> {
    let binary = binary.canonicalize().expect("app binary");
    let mut parent_of = BTreeMap::new();
    let mut root = None;
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else { continue };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { continue };
        let Some(ppid) = stat.rsplit_once(") ").and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse::<u32>().ok())
        else {
            continue;
        };
        parent_of.insert(pid, ppid);
        if std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == binary) {
            root = Some(pid);
        }
    }
    let root = root.expect("the app's process");
    let in_tree = |mut pid: u32| loop {
        if pid == root {
            return true;
        }
        match parent_of.get(&pid) {
            Some(&p) if p != 0 && p != pid => pid = p,
            _ => return false,
        }
    };
    let mut by_name = BTreeMap::new();
    for &pid in parent_of.keys().filter(|&&p| in_tree(p)) {
        let name = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default().trim().to_owned();
        let pss = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
            .ok()
            .and_then(|s| s.lines().find(|l| l.starts_with("Pss:"))?.split_whitespace().nth(1)?.parse::<u64>().ok())
            .unwrap_or(0);
        *by_name.entry(name).or_insert(0) += pss;
    }
    by_name
}
