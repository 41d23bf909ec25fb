//! The register at 100,000 workers and their applications: list pages with each filter and sort,
//! each kind of search, a review-queue page, statistics, one registration form as PDF, exporting
//! every row to XLSX and CSV (with the export's peak memory), and argon2.
//!
//! `cargo bench -p swreg-core --bench registry` seeds 100,000 demo workers into a temporary
//! folder first (under a minute); `SWREG_BENCH_DIR=<folder>` reuses a folder seeded before with
//! `swreg-admin --data-dir <folder> seed-demo --workers 100000`. `SWREG_BENCH_WORKERS` changes
//! the count. The table of p50/p95/max printed at the end is what BENCHMARKS.md records;
//! criterion's own statistics for the list and search cases come before it.

use criterion::Criterion;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use swreg_core::demo::SeedArgs;
use swreg_core::records::export::{ExportArgs, ExportFormat};
use swreg_core::accounts::signup::AccountQuery;
use swreg_core::accounts::login::SetupAdminArgs;
use swreg_core::registration::review::{QueueQuery, QueueSort, ReviewLevel, ReviewSettings, SetScopeArgs};
use swreg_core::records::roster::{RosterQuery, RosterSort, RosterStatus, NO_TITLE};
use swreg_core::registration::workflow::{Kind, Status};
use swreg_core::{Registry, SystemClock};

struct Case {
    group: &'static str,
    name: String,
    run: Box<dyn Fn(&Registry, &str)>,
}

fn list(group: &'static str, name: &str, q: RosterQuery) -> Case {
    Case {
        group,
        name: name.to_owned(),
        run: Box::new(move |r, t| {
            let page = r.roster(t, q.clone()).expect("roster page");
            std::hint::black_box(page);
        }),
    }
}

fn queue(name: &str, q: QueueQuery) -> Case {
    Case {
        group: "queue",
        name: name.to_owned(),
        run: Box::new(move |r, t| {
            let page = r.application_queue(t, QueueQuery { page: q.page.max(1), page_size: 20, ..q.clone() }).expect("queue page");
            std::hint::black_box(page);
        }),
    }
}

/// Two-level review on, with a staff account for every district and one for the city (created once
/// per seeded folder), so that the queue cases run with the level of every row computed and the
/// level filters answer.
fn two_level_on(r: &Registry, t: &str) {
    if r.review_settings(t).expect("review settings").two_level {
        return;
    }
    let scopes = [None, Some("350203"), Some("350205"), Some("350206"), Some("350211"), Some("350212"), Some("350213"), Some("350200")];
    for scope in scopes {
        let username = format!("bench{}", scope.unwrap_or("city"));
        // Staff accounts through the operator's own call (the local operator is no account).
        r.create_admin(t, SetupAdminArgs {
            username: username.clone(),
            display_name: "审核员".into(),
            password: "Bench2026x".into(),
            password_confirm: "Bench2026x".into(),
        })
        .expect("reviewer");
        let id = r.list_accounts(t, AccountQuery { search: username, page: 1, page_size: 5, ..Default::default() }).expect("accounts").items[0].id;
        r.set_review_scope(t, SetScopeArgs { user_id: id, scope: scope.map(str::to_owned) }).expect("scope");
    }
    r.save_review_settings(t, ReviewSettings { two_level: true, separation_of_duties: true }).expect("two-level review on");
}

fn q() -> RosterQuery {
    RosterQuery { page: 1, page_size: 20, ..Default::default() }
}

/// Samples one case: a few warm-up runs, then up to `n` timed runs (fewer past 5 seconds).
fn sample(case: &Case, r: &Registry, token: &str, n: usize) -> Vec<Duration> {
    for _ in 0..5 {
        (case.run)(r, token);
    }
    let started = Instant::now();
    let mut out = Vec::with_capacity(n);
    while out.len() < n && (out.len() < 20 || started.elapsed() < Duration::from_secs(5)) {
        let t = Instant::now();
        (case.run)(r, token);
        out.push(t.elapsed());
    }
    out
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn main() {
    let workers: u32 = std::env::var("SWREG_BENCH_WORKERS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000);
    let temp;
    let dir: PathBuf = match std::env::var_os("SWREG_BENCH_DIR") {
        Some(d) => d.into(),
        None => {
            temp = tempfile::tempdir().expect("temp dir");
            temp.path().to_path_buf()
        }
    };
    let registry = Registry::open(&dir, Arc::new(SystemClock)).expect("open registry");
    let token = registry.system_token();
    let empty = registry.roster(&token, q()).expect("roster").total == 0;
    if empty {
        let t = Instant::now();
        let s = registry.seed_demo(&token, SeedArgs { workers, seed: 2026 }).expect("seed");
        println!(
            "seeded {} workers, {} applications, {} cards in {:.1} s",
            s.workers,
            s.applications,
            s.cards,
            t.elapsed().as_secs_f64()
        );
    }
    let size = std::fs::metadata(dir.join(swreg_core::DB_FILE_NAME)).map(|m| m.len()).unwrap_or(0);
    println!("database: {} MB", size / 1_000_000);

    // Search terms taken from the data itself.
    let sample_row = registry
        .roster(&token, RosterQuery { status: Some(RosterStatus::Registered), sort: RosterSort::Name, page: 3, ..q() })
        .expect("a page")
        .items
        .into_iter()
        .find(|r| r.name.chars().count() == 3)
        .expect("a three-character name");
    let id = registry.reveal(&token, reveal(sample_row.worker_id, true)).expect("id");
    let mobile = registry.reveal(&token, reveal(sample_row.worker_id, false)).expect("mobile");
    let regno = sample_row.registration_no.clone().expect("registered");
    let surname: String = sample_row.name.chars().take(1).collect();
    let two: String = sample_row.name.chars().take(2).collect();

    let pdf_worker = sample_row.worker_id;
    let name = sample_row.name.clone();
    let week_ago = (chrono::Utc::now().date_naive() - chrono::Duration::days(7)).to_string();
    let s = |search: &str| RosterQuery { search: search.to_owned(), ..q() };
    let cases = vec![
        list("list", "no filter, by update", q()),
        list("list", "no filter, by name", RosterQuery { sort: RosterSort::Name, ..q() }),
        list("list", "no filter, by registration no", RosterQuery { sort: RosterSort::RegistrationNo, ..q() }),
        list("list", "no filter, by validity end", RosterQuery { sort: RosterSort::ValidUntil, ..q() }),
        list("list", "no filter, page 200", RosterQuery { page: 200, ..q() }),
        list("list", "status 未登记", RosterQuery { status: Some(RosterStatus::Unregistered), ..q() }),
        list("list", "status 已登记", RosterQuery { status: Some(RosterStatus::Registered), ..q() }),
        list("list", "status 超期", RosterQuery { status: Some(RosterStatus::Expired), ..q() }),
        list("list", "status 已冻结", RosterQuery { status: Some(RosterStatus::Frozen), ..q() }),
        list("list", "district 思明区", RosterQuery { district: "350203".into(), ..q() }),
        list("list", "district 翔安区, by name", RosterQuery { district: "350213".into(), sort: RosterSort::Name, ..q() }),
        list("list", "title 社会工作师", RosterQuery { title: "2".into(), ..q() }),
        list("list", "title 无职称", RosterQuery { title: NO_TITLE.into(), ..q() }),
        list("list", "field 社区 (common)", RosterQuery { field: "04".into(), ..q() }),
        list("list", "field 军队 (rare)", RosterQuery { field: "13".into(), ..q() }),
        list("list", "full-time", RosterQuery { full_time: Some(true), ..q() }),
        list("list", "not 厦户", RosterQuery { xiamen_hukou: Some(false), ..q() }),
        list("list", "validity ends in 30 days", {
            let today = chrono::Utc::now().date_naive();
            RosterQuery {
                valid_from: today.to_string(),
                valid_to: (today + chrono::Duration::days(30)).to_string(),
                sort: RosterSort::ValidUntil,
                ..q()
            }
        }),
        list("list", "district + status + field, by name", RosterQuery {
            district: "350206".into(),
            status: Some(RosterStatus::Registered),
            field: "16".into(),
            sort: RosterSort::Name,
            ..q()
        }),
        list("list", "all six filters, by validity end", RosterQuery {
            district: "350211".into(),
            status: Some(RosterStatus::Registered),
            title: "1".into(),
            field: "04".into(),
            full_time: Some(true),
            xiamen_hukou: Some(true),
            sort: RosterSort::ValidUntil,
            ..q()
        }),
        list("search", "full name (3 chars)", s(&sample_row.name)),
        list("search", "name start (2 chars)", s(&two)),
        list("search", "surname (1 char)", s(&surname)),
        list("search", "ID number, full", s(&id)),
        list("search", "ID number, last 6", s(&id[12..])),
        list("search", "phone, full", s(&mobile)),
        list("search", "phone, last 4", s(&mobile[7..])),
        list("search", "employer keyword", s("阳光社会")),
        list("search", "registration no, full", s(&regno)),
        list("search", "search + district, by name", RosterQuery { district: "350203".into(), sort: RosterSort::Name, ..s(&surname) }),
        queue("all kinds waiting", QueueQuery::default()),
        queue("all kinds waiting, newest first", QueueQuery { sort: QueueSort::SubmittedDesc, ..Default::default() }),
        queue("all kinds waiting, page 20", QueueQuery { page: 20, ..Default::default() }),
        queue("all kinds waiting, by name", QueueQuery { sort: QueueSort::Name, ..Default::default() }),
        queue("renewals waiting", QueueQuery { kind: Some(Kind::Renewal), ..Default::default() }),
        queue("renewals waiting, by name", QueueQuery { kind: Some(Kind::Renewal), sort: QueueSort::Name, ..Default::default() }),
        queue("card replacements waiting, by name", QueueQuery { kind: Some(Kind::CardReplacement), sort: QueueSort::Name, ..Default::default() }),
        queue("district 思明区", QueueQuery { district: "350203".into(), ..Default::default() }),
        queue("title 社会工作师, by name", QueueQuery { title: "2".into(), sort: QueueSort::Name, ..Default::default() }),
        queue("submitted in the last 7 days", QueueQuery { from: week_ago.clone(), ..Default::default() }),
        queue("search 陈", QueueQuery { search: "陈".into(), ..Default::default() }),
        queue("search 陈, by name", QueueQuery { search: "陈".into(), sort: QueueSort::Name, ..Default::default() }),
        queue("search full name", QueueQuery { search: name.clone(), ..Default::default() }),
        queue("search employer keyword", QueueQuery { search: "阳光社会".into(), ..Default::default() }),
        queue("decided (approved), newest first", QueueQuery { status: Some(Status::Approved), sort: QueueSort::SubmittedDesc, ..Default::default() }),
        queue("two-level: waiting for 初审", QueueQuery { level: Some(ReviewLevel::First), ..Default::default() }),
        queue("two-level: 思明区's 初审", QueueQuery { level: Some(ReviewLevel::First), district: "350203".into(), ..Default::default() }),
        queue("two-level: 思明区's 初审, by name", QueueQuery { level: Some(ReviewLevel::First), district: "350203".into(), sort: QueueSort::Name, ..Default::default() }),
        queue("two-level: waiting for 终审", QueueQuery { level: Some(ReviewLevel::Final), ..Default::default() }),
        Case {
            group: "stats",
            name: "statistics, all records".into(),
            run: Box::new(|r, t| {
                std::hint::black_box(r.statistics(t, RosterQuery::default()).unwrap());
            }),
        },
        Case {
            group: "stats",
            name: "statistics, one district".into(),
            run: Box::new(|r, t| {
                std::hint::black_box(r.statistics(t, RosterQuery { district: "350205".into(), ..Default::default() }).unwrap());
            }),
        },
        Case {
            group: "pdf",
            name: "one registration form (with photo)".into(),
            run: Box::new(move |r, t| {
                let target = swreg_core::registration::worker::Target { worker_id: Some(pdf_worker) };
                std::hint::black_box(r.record_pdf(t, target).unwrap());
            }),
        },
    ];

    // SWREG_BENCH_ONLY=queue,csv runs only those groups (list, search, queue, stats, pdf, xlsx,
    // csv, argon2).
    let only: Option<Vec<String>> =
        std::env::var("SWREG_BENCH_ONLY").ok().map(|v| v.split(',').map(|g| g.trim().to_owned()).collect());
    let wanted = |group: &str| only.as_ref().is_none_or(|o| o.iter().any(|g| g == group));
    let cases: Vec<Case> = cases.into_iter().filter(|c| wanted(c.group)).collect();
    if wanted("queue") {
        two_level_on(&registry, &token);
    }
    let quick = std::env::args().any(|a| a == "--quick-table");
    if !quick {
        let mut c = Criterion::default()
            .sample_size(30)
            .warm_up_time(Duration::from_millis(300))
            .measurement_time(Duration::from_secs(2))
            .configure_from_args();
        for case in &cases {
            c.bench_function(&format!("{}/{}", case.group, case.name), |b| b.iter(|| (case.run)(&registry, &token)));
        }
    }

    let mut table = Vec::new();
    for case in &cases {
        let mut d = sample(case, &registry, &token, 200);
        d.sort();
        let line = format!("| {} | {} | {} | {} | {} |", case.group, case.name, ms(pct(&d, 0.5)), ms(pct(&d, 0.95)), ms(d[d.len() - 1]));
        eprintln!("{line}");
        table.push(line);
    }

    let mut heavy = Vec::new();
    let out = tempfile::tempdir().expect("temp dir");
    // SWREG_BENCH_KEEP=<folder> keeps the last export of each format there (to compare the files
    // two versions write).
    let keep = std::env::var_os("SWREG_BENCH_KEEP").map(PathBuf::from);
    for (format, name) in [(ExportFormat::Xlsx, "all rows to XLSX"), (ExportFormat::Csv, "all rows to CSV")] {
        if !wanted(format.extension()) {
            continue;
        }
        // The previous format's files written back to disk first, so that their writeback is not
        // charged to this one's runs (each run still writes and syncs its own file).
        let _ = std::process::Command::new("sync").status();
        let path = out.path().join(format!("export.{}", format.extension()));
        let export = |progress: &mut dyn FnMut(u64, u64) -> bool| {
            let args = ExportArgs { query: RosterQuery::default(), format, with_codes: false, unmasked: false, purpose: String::new() };
            registry.export(&token, args, &path, progress).expect("export").rows
        };
        // Memory first, in a run of its own: the peak resident size of the process during the
        // export above what it held before (VmHWM, reset through clear_refs; it counts the pages
        // of the database file the reader maps), and the largest anonymous (heap) part seen at
        // each progress report above what it was before.
        let before = status_kb("VmRSS");
        let anon_before = status_kb("RssAnon");
        let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
        let mut anon_peak = anon_before;
        export(&mut |_, _| {
            anon_peak = anon_peak.max(status_kb("RssAnon"));
            true
        });
        let hwm = status_kb("VmHWM");
        let memory = format!(
            "peak RSS +{} MB{}, of it heap +{} MB",
            hwm.saturating_sub(before) / 1024,
            if reset { "" } else { " (VmHWM not reset: the process's peak)" },
            anon_peak.saturating_sub(anon_before) / 1024,
        );
        let mut runs = Vec::new();
        let mut rows = 0;
        let cpu_before = cpu_seconds();
        for _ in 0..5 {
            let t = Instant::now();
            rows = export(&mut |_, _| true);
            runs.push(t.elapsed());
        }
        if let Some(dir) = &keep {
            std::fs::copy(&path, dir.join(format!("export.{}", format.extension()))).expect("kept export");
        }
        // CPU time of the process (every thread) per export: what the export costs whatever else
        // the machine runs.
        let cpu = (cpu_seconds() - cpu_before) / runs.len() as f64;
        runs.sort();
        eprintln!("export {name}: {runs:?}; {memory}; cpu {cpu:.2} s per export");
        heavy.push(format!("| export | {name} ({rows} rows; {memory}; CPU {:.0} ms) | {} | {} |", cpu * 1000.0, ms(runs[2]), ms(runs[4])));
    }
    let hash = swreg_core::accounts::password::hash("Bench2026x");
    let runs_wanted = if wanted("argon2") { 20 } else { 0 };
    let mut runs: Vec<Duration> = (0..runs_wanted)
        .map(|_| {
            let t = Instant::now();
            assert!(swreg_core::accounts::password::verify("Bench2026x", &hash));
            t.elapsed()
        })
        .collect();
    runs.sort();
    if runs_wanted > 0 {
        heavy.push(format!("| password | argon2id verify (the stored parameters) | {} | {} |", ms(runs[10]), ms(runs[19])));
    }

    println!("\n| group | case | p50 ms | p95 ms | max ms |\n|---|---|---:|---:|---:|");
    for line in table {
        println!("{line}");
    }
    println!("\n| group | case | median ms | max ms |\n|---|---|---:|---:|");
    for line in heavy {
        println!("{line}");
    }
}

/// User and system CPU time of the process so far, in seconds (0 where /proc is not there).
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
    let after = stat.rsplit_once(')').map(|p| p.1).unwrap_or("");
    let ticks: Vec<f64> = after.split_whitespace().skip(11).take(2).filter_map(|v| v.parse().ok()).collect();
    // Clock ticks of 1/100 s (USER_HZ on Linux).
    ticks.iter().sum::<f64>() / 100.0
}

/// A `kB` line of /proc/self/status (0 where there is none).
fn status_kb(key: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':')?.trim().strip_suffix("kB")?.trim().parse().ok())
        .unwrap_or(0)
}

fn reveal(worker_id: i64, id: bool) -> swreg_core::records::roster::RevealArgs {
    swreg_core::records::roster::RevealArgs {
        worker_id,
        field: if id { swreg_core::records::roster::RevealField::IdNumber } else { swreg_core::records::roster::RevealField::Mobile },
        purpose: "性能测试取检索样本".into(),
    }
}
