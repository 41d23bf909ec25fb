//! A load on a demo register: many clients at once, staff paging, searching and opening records
//! and applications while workers save their drafts and staff decide applications. The same mix
//! runs through any transport ([`Transport`]): the core's command table directly (the bench and
//! the test in `crates/core`), or HTTP against `swreg-server`. Every call goes through the command
//! table by name with JSON arguments, as a page sends it.
//!
//! Each client is a thread with its own session and its own seeded random choices; it waits a
//! random think time (exponential, mean [`LoadArgs::think`]) between calls. A latency is noted
//! for every call, by command, with whether it failed.

use crate::error::ApiError;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// How the load reaches the register.
pub trait Transport: Sync {
    /// What one client keeps between its calls (an HTTP connection; nothing for the core).
    type Conn;
    fn connect(&self) -> Self::Conn;
    /// One command: its result as JSON text, or the error shape.
    fn call(&self, conn: &mut Self::Conn, token: &str, name: &str, args: Value) -> Result<String, ApiError>;
    /// A session for a demo account (the transport answers the captcha its own way).
    fn login(&self, conn: &mut Self::Conn, username: &str, password: &str) -> Result<String, ApiError>;
}

#[derive(Debug, Clone)]
pub struct LoadArgs {
    /// Clients at once; a fifth of them (at least one) are workers saving drafts, the rest staff.
    pub clients: usize,
    /// Each client stops after this many calls, or at `until`, whichever comes first.
    pub calls_per_client: usize,
    pub until: Option<Duration>,
    /// Mean pause between two calls of one client.
    pub think: Duration,
    /// Of a staff client's calls, one in this many decides an application (0: none).
    pub decide_every: u32,
    pub seed: u64,
}

/// The figures of one command.
#[derive(Debug, Clone)]
pub struct Figures {
    pub name: String,
    /// Writes something the user asked for (a draft, a decision).
    pub write: bool,
    pub calls: usize,
    pub errors: usize,
    pub p50: Duration,
    pub p95: Duration,
    pub p99: Duration,
    pub max: Duration,
}

#[derive(Debug, Clone)]
pub struct LoadReport {
    pub by_command: Vec<Figures>,
    pub reads: Figures,
    pub writes: Figures,
    pub elapsed: Duration,
    /// The first few errors, `command: code message`.
    pub error_samples: Vec<String>,
}

impl LoadReport {
    pub fn errors(&self) -> usize {
        self.reads.errors + self.writes.errors
    }

    /// The table BENCHMARKS.md records.
    pub fn table(&self) -> String {
        let ms = |d: Duration| format!("{:.2}", d.as_secs_f64() * 1000.0);
        let mut out = String::from("| command | kind | calls | errors | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
        for f in self.by_command.iter().chain([&self.reads, &self.writes]) {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
                f.name,
                if f.write { "write" } else { "read" },
                f.calls,
                f.errors,
                ms(f.p50),
                ms(f.p95),
                ms(f.p99),
                ms(f.max)
            ));
        }
        let calls = self.reads.calls + self.writes.calls;
        out.push_str(&format!(
            "\n{calls} calls in {:.1} s ({:.0} calls/s)\n",
            self.elapsed.as_secs_f64(),
            calls as f64 / self.elapsed.as_secs_f64().max(1e-9)
        ));
        out
    }
}

/// What the clients share: the demo register's ids and names to ask for.
struct Plan {
    staff: Vec<String>,
    workers: Vec<Writer>,
    worker_ids: Vec<i64>,
    names: Vec<String>,
    waiting: Vec<i64>,
    next_decision: AtomicUsize,
}

/// A worker client: its session and the form it saves again and again as a draft.
struct Writer {
    token: String,
    worker_id: i64,
    kind: Value,
    form: Value,
}

struct Sample {
    name: &'static str,
    write: bool,
    took: Duration,
    error: Option<String>,
}

const WRITES: [&str; 2] = ["save_record", "decide_application"];

fn parse(text: &str) -> Result<Value, ApiError> {
    serde_json::from_str(text).map_err(|e| crate::Error::Internal(format!("结果不是 JSON：{e}")).into())
}

/// Logs the clients in and collects what they will ask for.
fn prepare<T: Transport>(t: &T, args: &LoadArgs) -> Result<Plan, ApiError> {
    let mut conn = t.connect();
    let workers_wanted = (args.clients / 5).max(1);
    let staff_wanted = args.clients - workers_wanted.min(args.clients);
    let mut staff = Vec::new();
    for _ in 0..staff_wanted.max(1) {
        // The demo admin: the demo reviewer entered some of the applications, which separation of
        // duties would not let them approve.
        staff.push(t.login(&mut conn, super::DEMO_ADMIN, super::DEMO_PASSWORD)?);
    }
    let page = |conn: &mut T::Conn, name: &str, q: Value| -> Result<Value, ApiError> { parse(&t.call(conn, &staff[0], name, q)?) };

    // Records to open and names to search for: a few pages of the register in name order.
    let mut worker_ids = Vec::new();
    let mut names = Vec::new();
    for p in 1..=5 {
        let rows = page(&mut conn, "roster", json!({"sort": "name", "page": p * 7, "pageSize": 200}))?;
        for row in rows["items"].as_array().into_iter().flatten() {
            worker_ids.extend(row["workerId"].as_i64());
            names.extend(row["name"].as_str().map(str::to_owned));
        }
    }
    // Workers whose initial form is still theirs to edit: they save drafts.
    let unregistered = page(&mut conn, "roster", json!({"status": "unregistered", "page": 1, "pageSize": 200}))?;
    let mut writers = Vec::new();
    let mut writer_ids = Vec::new();
    for row in unregistered["items"].as_array().into_iter().flatten() {
        if writers.len() == workers_wanted {
            break;
        }
        let Some(id) = row["workerId"].as_i64() else { continue };
        let Ok(token) = t.login(&mut conn, &format!("demo{id:06}"), super::DEMO_PASSWORD) else { continue };
        let view = parse(&t.call(&mut conn, &token, "record_form", json!({"workerId": null, "kind": "initial"}))?)?;
        if view["editable"] == json!(true) && view["workerId"] == json!(id) {
            writers.push(Writer { token, worker_id: id, kind: json!("initial"), form: view["form"].clone() });
            writer_ids.push(id);
        }
    }
    if writers.is_empty() {
        return Err(crate::Error::Internal("演示数据中没有可保存草稿的社工".into()).into());
    }
    // Applications to decide (none of the writers': their drafts must stay theirs).
    let mut waiting = Vec::new();
    for p in 1..=10 {
        let rows = page(
            &mut conn,
            "application_queue",
            json!({"kind": null, "status": null, "district": "", "title": "", "from": "", "to": "", "search": "",
                   "sort": "submitted_asc", "page": p, "pageSize": 200}),
        )?;
        let items = rows["items"].as_array().cloned().unwrap_or_default();
        if items.is_empty() {
            break;
        }
        for row in items {
            if let (Some(id), Some(w)) = (row["id"].as_i64(), row["workerId"].as_i64()) {
                if !writer_ids.contains(&w) {
                    waiting.push(id);
                }
            }
        }
    }
    Ok(Plan { staff, workers: writers, worker_ids, names, waiting, next_decision: AtomicUsize::new(0) })
}

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> Option<&'a T> {
    (!items.is_empty()).then(|| &items[rng.random_range(0..items.len())])
}

/// One staff call, chosen at random: its name and arguments (`None`: nothing left to decide).
fn staff_call(rng: &mut StdRng, plan: &Plan, decide_every: u32) -> Option<(&'static str, Value)> {
    if decide_every > 0 && rng.random_range(0..decide_every) == 0 {
        let i = plan.next_decision.fetch_add(1, Ordering::Relaxed);
        let id = *plan.waiting.get(i)?;
        let approve = i % 3 != 2;
        let comment = if approve { "" } else { "负载测试：材料不全，请补充后重新提交" };
        return Some(("decide_application", json!({"applicationId": id, "approve": approve, "comment": comment})));
    }
    let districts = ["350203", "350205", "350206", "350211", "350212", "350213"];
    let sorts = ["updated", "name", "registration_no", "valid_until"];
    let name = pick(rng, &plan.names).cloned().unwrap_or_default();
    let roll = rng.random_range(0..100);
    Some(match roll {
        0..=24 => ("roster", json!({"sort": pick(rng, &sorts), "page": rng.random_range(1..=20), "pageSize": 20})),
        25..=34 => ("roster", json!({"district": pick(rng, &districts), "status": "registered", "sort": "name", "page": 1, "pageSize": 20})),
        35..=44 => {
            let search: String = match rng.random_range(0..3) {
                0 => name,
                1 => name.chars().take(1).collect(),
                _ => name.chars().take(2).collect(),
            };
            ("roster", json!({"search": search, "page": 1, "pageSize": 20}))
        }
        45..=59 => ("worker_detail", json!(pick(rng, &plan.worker_ids).copied().unwrap_or(1))),
        60..=74 => {
            let sort = pick(rng, &["submitted_asc", "submitted_desc", "name"]).copied().unwrap_or("submitted_asc");
            let district = if rng.random_bool(0.3) { pick(rng, &districts).copied().unwrap_or("") } else { "" };
            ("application_queue", json!({"kind": null, "status": null, "district": district, "title": "", "from": "", "to": "",
                                         "search": "", "sort": sort, "page": rng.random_range(1..=5), "pageSize": 20}))
        }
        75..=84 => ("application_detail", json!(pick(rng, &plan.waiting).copied().unwrap_or(1))),
        85..=92 => ("queue_counts", Value::Null),
        _ => ("pending_account_count", Value::Null),
    })
}

/// Runs the load and gathers its figures. Errors in the setup (logging in, the first pages) end
/// it; errors of the load's own calls are counted.
pub fn run<T: Transport>(t: &T, args: &LoadArgs) -> Result<LoadReport, ApiError> {
    let plan = prepare(t, args)?;
    let samples: Mutex<Vec<Sample>> = Mutex::new(Vec::new());
    let started = Instant::now();
    std::thread::scope(|s| {
        for client in 0..args.clients {
            let plan = &plan;
            let samples = &samples;
            s.spawn(move || {
                let mut rng = StdRng::seed_from_u64(args.seed.wrapping_mul(1_000_003).wrapping_add(client as u64));
                let mut conn = t.connect();
                let mut mine = Vec::with_capacity(args.calls_per_client.min(4096));
                // Workers first (client 0 is always one), then staff.
                let writer = if client % 5 == 0 { plan.workers.get((client / 5) % plan.workers.len()) } else { None };
                let token = match writer {
                    Some(w) => w.token.clone(),
                    None => plan.staff[client % plan.staff.len()].clone(),
                };
                for n in 0..args.calls_per_client {
                    if args.until.is_some_and(|u| started.elapsed() >= u) {
                        break;
                    }
                    if !args.think.is_zero() {
                        // Exponential think time: clients that do not march in step.
                        let u: f64 = rng.random_range(f64::EPSILON..1.0);
                        std::thread::sleep(args.think.mul_f64(-u.ln()).min(args.think * 10));
                    }
                    let (name, call_args) = match writer {
                        Some(w) => match n % 4 {
                            0 => ("hub", json!({"workerId": null})),
                            1 => ("record_form", json!({"workerId": null, "kind": w.kind})),
                            2 => ("save_record", json!({"workerId": w.worker_id, "kind": w.kind, "form": w.form, "submit": false})),
                            _ => ("applications_of", json!({"workerId": null, "kinds": [], "approvedOnly": false})),
                        },
                        None => match staff_call(&mut rng, plan, args.decide_every) {
                            Some(c) => c,
                            None => continue,
                        },
                    };
                    let at = Instant::now();
                    let result = t.call(&mut conn, &token, name, call_args);
                    let took = at.elapsed();
                    mine.push(Sample {
                        name,
                        write: WRITES.contains(&name),
                        took,
                        error: result.err().map(|e| format!("{name}: {:?} {}", e.code, e.message)),
                    });
                }
                samples.lock().unwrap_or_else(|p| p.into_inner()).extend(mine);
            });
        }
    });
    let elapsed = started.elapsed();
    let samples = samples.into_inner().unwrap_or_else(|p| p.into_inner());
    Ok(report(samples, elapsed))
}

fn figures(name: &str, write: bool, samples: &[&Sample]) -> Figures {
    let mut took: Vec<Duration> = samples.iter().map(|s| s.took).collect();
    took.sort();
    let pct = |p: f64| if took.is_empty() { Duration::ZERO } else { took[((took.len() - 1) as f64 * p).round() as usize] };
    Figures {
        name: name.to_owned(),
        write,
        calls: samples.len(),
        errors: samples.iter().filter(|s| s.error.is_some()).count(),
        p50: pct(0.50),
        p95: pct(0.95),
        p99: pct(0.99),
        max: took.last().copied().unwrap_or_default(),
    }
}

fn report(samples: Vec<Sample>, elapsed: Duration) -> LoadReport {
    let mut by: BTreeMap<(bool, &str), Vec<&Sample>> = BTreeMap::new();
    for s in &samples {
        by.entry((s.write, s.name)).or_default().push(s);
    }
    let by_command = by.iter().map(|((write, name), s)| figures(name, *write, s)).collect();
    let reads: Vec<&Sample> = samples.iter().filter(|s| !s.write).collect();
    let writes: Vec<&Sample> = samples.iter().filter(|s| s.write).collect();
    LoadReport {
        by_command,
        reads: figures("all reads", false, &reads),
        writes: figures("all writes", true, &writes),
        elapsed,
        error_samples: samples.iter().filter_map(|s| s.error.clone()).take(10).collect(),
    }
}

/// The core's command table on this process's registry (the desktop app's path, without IPC).
#[cfg(feature = "test-hooks")]
pub struct Core<'a>(pub &'a crate::Registry);

#[cfg(feature = "test-hooks")]
impl Transport for Core<'_> {
    type Conn = ();

    fn connect(&self) {}

    fn call(&self, _: &mut (), token: &str, name: &str, args: Value) -> Result<String, ApiError> {
        let caller = crate::commands::Caller::local(token);
        crate::commands::call(self.0, &caller, name, args).unwrap_or_else(|| Err(crate::commands::unknown(name)))
    }

    fn login(&self, _: &mut (), username: &str, password: &str) -> Result<String, ApiError> {
        let captcha = self.0.new_captcha()?;
        let answer = self.0.peek_captcha(&captcha.id).unwrap_or_default();
        let session = self.0.login(crate::accounts::login::LoginArgs {
            username: username.to_owned(),
            password: password.to_owned(),
            captcha_id: captcha.id,
            captcha_answer: answer,
        })?;
        Ok(session.token)
    }
}
