//! The crash-safety harness: a child process writes through the core as fast as it can, logging
//! each write the core acknowledged; the harness kills it with SIGKILL at a random moment, opens
//! the database again and checks that the file is sound, that the invariants hold, and that every
//! acknowledged write is there. Repeated `SWREG_CRASH_KILLS` times (100 by default, about a
//! minute); `SWREG_CRASH_SEED` replays a run (the seed is printed).
//!
//! The child is this same binary started again with `SWREG_CRASH_CHILD` set: no harness of
//! libtest (`harness = false`), so `cargo test` runs `main` and the child needs no test filter.

#[path = "common/forms.rs"]
mod forms;
#[path = "common/consistency.rs"]
mod consistency;

use chrono::{TimeZone, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rusqlite::Connection;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use swreg_core::accounts::login::{LoginArgs, SetupAdminArgs};
use swreg_core::accounts::staff::Handover;
use swreg_core::registration::record::{Contact, RecordForm};
use swreg_core::registration::review::{DecideArgs, QueueQuery, ReviewSettings};
use swreg_core::registration::worker::EnterWorkerArgs;
use swreg_core::registration::worker::{ContactArgs, RequestArgs, SaveRecordArgs, Target};
use swreg_core::registration::workflow::Kind;
use swreg_core::{FixedClock, Registry};

const ADMIN_PASSWORD: &str = "Admin2026x";
const WORKERS: usize = 4;
const ACK_LOG: &str = "acks.log";
const NAMES: [&str; WORKERS] = ["林小芳", "陈志明", "黄丽华", "吴建国"];

fn main() {
    if let Some(dir) = std::env::var_os("SWREG_CRASH_CHILD") {
        let run: u64 = std::env::var("SWREG_CRASH_RUN").ok().and_then(|r| r.parse().ok()).unwrap_or(0);
        child(Path::new(&dir), run);
        return;
    }
    // `cargo test some_filter` passes the filter on: run only when it could name this harness.
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    if !filters.is_empty() && !filters.iter().any(|f| "crash_harness".contains(f.as_str())) {
        return;
    }
    harness();
}

fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(Utc.with_ymd_and_hms(2026, 12, 1, 2, 0, 0).unwrap()))
}

// ---------------------------------------------------------------------------------------------
// The harness.

fn harness() {
    let kills: u32 = std::env::var("SWREG_CRASH_KILLS").ok().and_then(|k| k.parse().ok()).unwrap_or(100);
    let seed: u64 = std::env::var("SWREG_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(1)
    });
    println!("crash harness: {kills} kills, seed {seed} (SWREG_CRASH_SEED={seed} replays it)");
    let mut rng = StdRng::seed_from_u64(seed);
    let dir = tempfile::tempdir().unwrap();
    setup(dir.path());

    let started = Instant::now();
    let mut acked = 0usize;
    for run in 0..kills {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .env("SWREG_CRASH_CHILD", dir.path())
            .env("SWREG_CRASH_RUN", run.to_string())
            .env("SWREG_CRASH_SEED", seed.wrapping_add(u64::from(run)).to_string())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the child starts");
        // Killed once it writes: a random moment of its writing, not of its start.
        let mut ready = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut ready).unwrap();
        assert_eq!(ready.trim(), "ready", "the child could not start (run {run})");
        std::thread::sleep(Duration::from_micros(rng.random_range(0..250_000)));
        child.kill().unwrap(); // SIGKILL
        let status = child.wait().unwrap();
        assert!(status.code().is_none(), "the child ended by itself before the kill (run {run}): {status}");

        let acks = read_acks(dir.path());
        acked = acks.len();
        let lost = check(dir.path(), &acks);
        assert!(lost.is_empty(), "after kill {} (seed {seed}), acknowledged writes are missing:\n{}", run + 1, lost.join("\n"));
    }
    let n = counts(&read_acks(dir.path()));
    // Every kind of write was tried and acknowledged, or the harness proves less than it says.
    assert!(n.iter().all(|&c| c > 0), "a kind of write was never acknowledged (seed {seed}): {n:?}");
    let counts =
        format!("drafts {}, submissions {}, requests {}, decisions {}, contact changes {}", n[0], n[1], n[2], n[3], n[4]);
    println!(
        "crash harness: {kills} kills, {acked} writes acknowledged ({counts}), 0 writes lost, \
         integrity_check ok and invariants held after every kill ({:.1} s)",
        started.elapsed().as_secs_f64()
    );
}

/// An admin and some workers, each with a photo: what the children write on.
fn setup(dir: &Path) {
    let r = Registry::open(dir, clock()).unwrap();
    let admin = r
        .setup_admin(SetupAdminArgs {
            username: "admin".into(),
            display_name: "陈建国".into(),
            password: ADMIN_PASSWORD.into(),
            password_confirm: ADMIN_PASSWORD.into(),
        })
        .unwrap();
    // One clerk enters and decides here, as in a one-person office: with 职责分离 on, nothing the
    // admin edits could be approved, no record would be registered, and no modification request
    // could start.
    r.save_review_settings(&admin.token, ReviewSettings { two_level: false, separation_of_duties: false }).unwrap();
    let photo = png_photo();
    for i in 0..WORKERS {
        let e = r
            .enter_worker(&admin.token, EnterWorkerArgs {
                username: format!("worker{i:02}"),
                display_name: NAMES[i].into(),
                id_number: id_number(i),
                phone: format!("+86 139 0000 00{i:02}"),
                email: String::new(),
                handover: Handover::Show,
            })
            .unwrap();
        r.upload_photo(&admin.token, Target { worker_id: Some(e.worker_id) }, &photo).unwrap();
    }
    r.close().unwrap();
}

#[derive(Debug)]
enum Ack {
    /// An application saved (draft or submitted) with the form marked `marker`.
    Saved { app: i64, marker: u64, submitted: bool },
    Request { app: i64 },
    Decided { app: i64, approved: bool },
    Contact { worker: i64, marker: u64 },
}

/// The acknowledgements logged so far; a last line cut by the kill was never acknowledged.
fn read_acks(dir: &Path) -> Vec<Ack> {
    let text = std::fs::read_to_string(dir.join(ACK_LOG)).unwrap_or_default();
    let complete = match text.rfind('\n') {
        Some(i) => &text[..=i],
        None => "",
    };
    complete
        .lines()
        .map(|line| {
            let f: Vec<&str> = line.split(' ').collect();
            let n = |i: usize| f[i].parse::<i64>().unwrap_or_else(|_| panic!("bad ack line {line:?}"));
            match f[0] {
                "draft" | "submit" => Ack::Saved { app: n(1), marker: n(2) as u64, submitted: f[0] == "submit" },
                "request" => Ack::Request { app: n(1) },
                "approve" | "reject" => Ack::Decided { app: n(1), approved: f[0] == "approve" },
                "contact" => Ack::Contact { worker: n(1), marker: n(2) as u64 },
                _ => panic!("bad ack line {line:?}"),
            }
        })
        .collect()
}

/// How many writes of each kind were acknowledged: drafts, submissions, requests, decisions,
/// contact changes.
fn counts(acks: &[Ack]) -> [usize; 5] {
    let mut n = [0usize; 5];
    for a in acks {
        match a {
            Ack::Saved { submitted: false, .. } => n[0] += 1,
            Ack::Saved { submitted: true, .. } => n[1] += 1,
            Ack::Request { .. } => n[2] += 1,
            Ack::Decided { .. } => n[3] += 1,
            Ack::Contact { .. } => n[4] += 1,
        }
    }
    n
}

/// Opens the database as the next start of the app would and lists what is wrong: integrity,
/// invariants, acknowledged writes missing.
fn check(dir: &Path, acks: &[Ack]) -> Vec<String> {
    // The core's own open first: it must accept the file (recovery of the log, no migration).
    drop(Registry::open(dir, clock()).expect("the database opens after the kill"));
    let conn = Connection::open(dir.join(swreg_core::DB_FILE_NAME)).unwrap();
    let mut out = consistency::integrity(&conn);
    out.extend(consistency::problems(&conn));

    let app = |id: i64| -> Option<(String, u64)> {
        conn.query_row(
            "SELECT status, COALESCE(CAST(substr(json_extract(data, '$.experience'), 2) AS INTEGER), 0) FROM applications WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)),
        )
        .ok()
    };
    // A contact change is overwritten when a later approval stores the form of the application
    // (the product's rule): the record is checked only when no approval followed it.
    let approved_after = |worker: i64, audit_id: i64| -> bool {
        conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM audit_log WHERE worker_id = ?1 AND id > ?2 AND action = 'application.approve')",
            [worker, audit_id],
            |r| r.get(0),
        )
        .unwrap()
    };
    let mut latest_contact: HashMap<i64, u64> = HashMap::new();
    for a in acks {
        match *a {
            Ack::Saved { app: id, marker, submitted } => match app(id) {
                None => out.push(format!("application {id} saved but missing")),
                Some((status, found)) => {
                    if found < marker {
                        out.push(format!("application {id}: saved as {marker}, holds {found}"));
                    }
                    if submitted && status == "draft" {
                        out.push(format!("application {id}: submitted but still a draft"));
                    }
                }
            },
            Ack::Request { app: id } => {
                if app(id).is_none_or(|(s, _)| s == "draft") {
                    out.push(format!("request {id} submitted but missing"));
                }
            }
            Ack::Decided { app: id, approved } => {
                let want = if approved { "approved" } else { "rejected" };
                if app(id).is_none_or(|(s, _)| s != want) {
                    out.push(format!("application {id}: {want} but found {:?}", app(id)));
                }
            }
            Ack::Contact { worker, marker } => {
                latest_contact.insert(worker, marker);
                let audit: Option<i64> = conn
                    .query_row(
                        "SELECT id FROM audit_log WHERE worker_id = ?1 AND action = 'record.contact'
                         AND json_extract(after, '$.qq') = ?2",
                        rusqlite::params![worker, marker.to_string()],
                        |r| r.get(0),
                    )
                    .ok();
                if audit.is_none() {
                    out.push(format!("contact change {marker} of worker {worker} missing from the audit log"));
                }
            }
        }
    }
    for (worker, marker) in latest_contact {
        let audit: i64 = conn
            .query_row(
                "SELECT COALESCE(MAX(id), 0) FROM audit_log WHERE worker_id = ?1 AND action = 'record.contact' AND json_extract(after, '$.qq') = ?2",
                rusqlite::params![worker, marker.to_string()],
                |r| r.get(0),
            )
            .unwrap();
        if audit == 0 || approved_after(worker, audit) {
            continue;
        }
        let qq: u64 = conn
            .query_row("SELECT json_extract(data, '$.contact.qq') FROM workers WHERE id = ?1", [worker], |r| r.get::<_, String>(0))
            .ok()
            .and_then(|q| q.parse().ok())
            .unwrap_or(0);
        // The change in flight at the kill may have landed too: a later marker is fine.
        if qq < marker {
            out.push(format!("worker {worker}: contact changed to {marker}, record holds {qq}"));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The child.

fn child(dir: &Path, run: u64) {
    let seed: u64 = std::env::var("SWREG_CRASH_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(run);
    let mut rng = StdRng::seed_from_u64(seed);
    let r = Registry::open(dir, clock()).expect("open");
    let captcha = r.new_captcha().unwrap();
    let answer = r.peek_captcha(&captcha.id).unwrap();
    let token = r
        .login(LoginArgs { username: "admin".into(), password: ADMIN_PASSWORD.into(), captcha_id: captcha.id, captcha_answer: answer })
        .expect("login")
        .token;
    let reader = Connection::open(dir.join(swreg_core::DB_FILE_NAME)).unwrap();
    let workers: Vec<(i64, i64)> = {
        let conn = &reader;
        let mut stmt = conn.prepare("SELECT w.id, MIN(p.id) FROM workers w JOIN photos p ON p.worker_id = w.id GROUP BY w.id ORDER BY w.id").unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).unwrap().map(|r| r.unwrap()).collect()
    };
    let mut log = std::fs::OpenOptions::new().create(true).append(true).open(dir.join(ACK_LOG)).unwrap();
    let mut ack = |line: String| {
        // After the core returned: the write is acknowledged once this line is on disk.
        log.write_all(format!("{line}\n").as_bytes()).unwrap();
        log.sync_data().unwrap();
    };
    println!("ready");
    std::io::stdout().flush().unwrap();

    // Markers grow across children, so a later write always carries a larger one.
    let mut marker = (run + 1) * 1_000_000;
    loop {
        marker += 1;
        let (i, (worker, photo)) = {
            let i = rng.random_range(0..workers.len());
            (i, workers[i])
        };
        match rng.random_range(0..10) {
            0..=4 => {
                let kind = if rng.random_bool(0.5) { Kind::Initial } else { Kind::Modification };
                let submit = rng.random_bool(0.3);
                let mut form = form(i, photo);
                form.experience = format!("第{marker}次保存的从业经历");
                // The form carries the record's current contact, as the page would show it: a
                // draft stored into the record (before the first approval) does not undo a change.
                if let Ok(Some(qq)) = reader.query_row("SELECT json_extract(data, '$.contact.qq') FROM workers WHERE id = ?1", [worker], |r| r.get::<_, Option<String>>(0)) {
                    form.contact.qq = qq;
                }
                let args = SaveRecordArgs { worker_id: Some(worker), kind, form, submit };
                if let Ok(view) = r.save_record(&token, args) {
                    let app = view.application.expect("a saved form has its application").id;
                    ack(format!("{} {app} {marker}", if submit { "submit" } else { "draft" }));
                }
            }
            5 => {
                let args = RequestArgs { worker_id: Some(worker), kind: Kind::ModificationRequest, reason: "信息有误".into() };
                if let Ok(info) = r.submit_request(&token, args) {
                    ack(format!("request {}", info.id));
                }
            }
            6 | 7 => {
                let q = r.application_queue(&token, QueueQuery { page: 1, page_size: 20, ..Default::default() }).unwrap();
                if q.items.is_empty() {
                    continue;
                }
                let id = q.items[rng.random_range(0..q.items.len())].id;
                let approve = rng.random_bool(0.7);
                if r.decide_application(&token, DecideArgs { application_id: id, approve, comment: "审核意见".into() }).is_ok() {
                    ack(format!("{} {id}", if approve { "approve" } else { "reject" }));
                }
            }
            _ => {
                let mut contact = form(i, photo).contact;
                contact.qq = marker.to_string();
                if r.update_contact(&token, ContactArgs { worker_id: Some(worker), contact }).is_ok() {
                    ack(format!("contact {worker} {marker}"));
                }
            }
        }
    }
}

/// A complete form for worker `i`: each has its own valid ID number (male, born 1990-01-01),
/// name, mobile, e-mail, district and fields.
fn form(i: usize, photo_id: i64) -> RecordForm {
    let base = forms::full_form(photo_id);
    RecordForm {
        name: NAMES[i].into(),
        id_number: id_number(i),
        ethnicity: "01".into(),
        contact: Contact { mobile: format!("+86 139 5920 00{i:02}"), email: format!("w{i}@example.cn"), ..base.contact },
        district: ["350203", "350205", "350206", "350211"][i % 4].into(),
        fields: vec!["04".into(), format!("{:02}", i + 1)],
        experience: String::new(),
        ..base
    }
}

/// A valid ID number (GB 11643 check digit) of a man born 1990-01-01 in 思明区.
fn id_number(i: usize) -> String {
    let body = format!("35020319900101{:03}", 101 + 2 * i);
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.chars().zip(W).map(|(c, w)| c.to_digit(10).unwrap() * w).sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

fn png_photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(600, 800, |x, y| image::Rgb([(x % 200) as u8 + 30, (y % 200) as u8 + 30, 150]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

