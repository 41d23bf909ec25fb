//! 演示数据: realistic synthetic records for trying the app and for the benchmarks, never for a
//! real registry (seeding refuses a database that already holds records).
//!
//! Every record is one that the app itself could have produced: ID numbers with a valid GB 11643
//! check character whose birth date and sex digit agree with the form, Xiamen district codes,
//! names with a few minority names (阿依古丽·买买提) and rare characters (𠈌), every record status
//! (未登记, 已登记, 超期, 已冻结) reached through the applications that lead to it, every
//! application kind in every status, cards (some void after a replacement) and a photo per record.
//!
//! Demo accounts share one password, [`DEMO_PASSWORD`], hashed once per seeding: argon2 at 100,000
//! accounts would take over an hour.

pub mod load;
mod people;
mod photos;

pub use people::id_check_char;
pub use photos::{demo_photos, DEMO_PHOTO_SIZE};

use people::{Gen, Life, Person};
use crate::clock::stamp;
use crate::registration::codes::{self};
use crate::error::{Error, Result};
use crate::registration::record::RecordForm;
use crate::registry::Registry;
use crate::{accounts::password, settings};
use chrono::{DateTime, Duration, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rusqlite::{params, Connection, Statement};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use ts_rs::TS;

/// The password of every demo account. Demo data only: never use it on a real registry.
pub const DEMO_PASSWORD: &str = "Demo2026x";
/// The demo staff accounts; workers are `demo000001`, `demo000002`, ….
pub const DEMO_ADMIN: &str = "demo_admin";
pub const DEMO_REVIEWER: &str = "demo_reviewer";
/// More workers than this would take the registration-number sequence past five digits a year.
pub const MAX_WORKERS: usize = 1_000_000;

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SeedArgs {
    #[ts(type = "number")]
    pub workers: u32,
    /// The same seed gives the same data (with the same build).
    #[ts(type = "number")]
    pub seed: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DemoSummary {
    #[ts(type = "number")]
    pub workers: i64,
    #[ts(type = "number")]
    pub accounts: i64,
    #[ts(type = "number")]
    pub applications: i64,
    #[ts(type = "number")]
    pub cards: i64,
    #[ts(type = "number")]
    pub photos: i64,
}

impl Registry {
    /// Fills an empty registry with `workers` demo records and the demo staff accounts. Admins only
    /// (the command line's `seed-demo`); refused once any record exists, so that demo data never
    /// mixes with real data.
    pub fn seed_demo(&self, token: &str, args: SeedArgs) -> Result<DemoSummary> {
        self.actor(token)?.require_admin()?;
        let n = args.workers as usize;
        if n == 0 || n > MAX_WORKERS {
            return Err(Error::field("workers", format!("演示社工人数应为1至{MAX_WORKERS}")));
        }
        let hash = password::hash(DEMO_PASSWORD);
        let photos = demo_photos();
        let now = self.clock().now();
        // The journal-mode switches below need the file to themselves: no reader open.
        self.shut_readers();
        let mut conn = self.db();
        let seeded = seed(&mut conn, n, args.seed, &hash, &photos, now);
        drop(conn);
        self.reopen_readers();
        seeded
    }
}

/// Writes the demo data in one transaction with prepared statements.
fn seed(conn: &mut Connection, n: usize, seed: u64, hash: &str, photos: &[Vec<u8>], now: DateTime<Utc>) -> Result<DemoSummary> {
    // A transaction larger than the page cache spills the same pages into the WAL again and again:
    // give this one a cache that holds it, and give the default back afterwards.
    // The new file is written once through a rollback journal rather than twice through the WAL.
    let cache: i64 = conn.pragma_query_value(None, "cache_size", |r| r.get(0))?;
    conn.pragma_update(None, "cache_size", -1_048_576)?;
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    let result = seed_in(conn, n, seed, hash, photos, now);
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "cache_size", cache)?;
    result
}

fn seed_in(conn: &mut Connection, n: usize, seed: u64, hash: &str, photos: &[Vec<u8>], now: DateTime<Utc>) -> Result<DemoSummary> {
    let tx = conn.transaction()?;
    let existing: i64 = tx.query_row("SELECT COUNT(*) FROM workers", [], |r| r.get(0))?;
    if existing > 0 {
        return Err(Error::Conflict("数据库中已有登记记录，演示数据只能写入新的数据文件夹".into()));
    }
    let codes = codes::load(&tx)?;
    let today = now.with_timezone(&crate::clock::china()).date_naive();
    let full_years = settings::get_int(&tx, settings::PERIOD_FULL_TIME_YEARS)? as i32;
    let other_years = settings::get_int(&tx, settings::PERIOD_OTHER_YEARS)? as i32;
    let prefix = settings::get_text(&tx, settings::REGISTRATION_PREFIX)?;

    let staff = |username: &str, name: &str, role: &str| -> Result<i64> {
        let id: Option<i64> = tx
            .query_row("SELECT id FROM users WHERE username = ?1", [username], |r| r.get(0))
            .map(Some)
            .or_else(|e| if e == rusqlite::Error::QueryReturnedNoRows { Ok(None) } else { Err(e) })?;
        if let Some(id) = id {
            return Ok(id);
        }
        tx.execute(
            "INSERT INTO users (username, display_name, role, status, password_hash, created_at)
             VALUES (?1, ?2, ?3, 'active', ?4, ?5)",
            params![username, name, role, hash, stamp(now)],
        )?;
        Ok(tx.last_insert_rowid())
    };
    let admin = staff(DEMO_ADMIN, "演示管理员", "admin")?;
    let reviewer = staff(DEMO_REVIEWER, "演示审核员", "reviewer")?;

    let mut w = Writer {
        conn: &tx,
        user: tx.prepare(
            "INSERT INTO users (username, display_name, role, status, password_hash, id_number, phone, email,
                                review_comment, reviewed_by, reviewed_at, created_at)
             VALUES (?1, ?2, 'worker', ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?,
        worker: tx.prepare(
            "INSERT INTO workers (id, user_id, status, registration_no, valid_from, valid_until, editing_unlocked,
                                  frozen_reason, data, photo_id, name, id_number, mobile, employer, sex, birth_date,
                                  education, district, title, full_time, xiamen_hukou, entered_by, entered_at,
                                  created_at, updated_at, fields_mask)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,
                     ?22, ?23, ?24, ?25, ?26)",
        )?,
        field: tx.prepare("INSERT INTO worker_fields (worker_id, field) VALUES (?1, ?2)")?,
        photo: tx.prepare("INSERT INTO photos (id, worker_id, jpeg, created_at) VALUES (?1, ?2, ?3, ?4)")?,
        // The record is inserted before its photo, which references it.
        photo_link: tx.prepare("UPDATE workers SET photo_id = ?2 WHERE id = ?1")?,
        application: tx.prepare(
            "INSERT INTO applications (worker_id, kind, status, data, reason, created_at, updated_at, submitted_at,
                                       decided_at, decided_by, decision_comment, entered_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?,
        card: tx.prepare(
            "INSERT INTO cards (worker_id, card_no, serial_no, status, issued_at, issued_by, voided_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?,
        summary: DemoSummary::default(),
    };

    let mut g = Gen {
        rng: StdRng::seed_from_u64(seed),
        ids: HashSet::with_capacity(n),
        today,
        codes: &codes,
    };
    // Spread first approvals over enough years that no year needs more than 5-digit numbers.
    let years_back = ((n / 60_000) as i32 + 1).max(6);
    let mut reg_seq = std::collections::HashMap::<i32, u32>::new();
    let mut card_seq = std::collections::HashMap::<i32, u32>::new();
    let ctx = Ctx { admin, reviewer, full_years, other_years };

    for i in 0..n {
        let worker_id = (i + 1) as i64;
        let person = g.person(i);
        let form = g.form(&person, worker_id);
        let scenario = g.scenario();
        let life = g.life(&ctx, &form, scenario, years_back);
        let registration_no = life.first_approval.map(|d| {
            let year = chrono::Datelike::year(&d);
            let seq = reg_seq.entry(year).or_insert(0);
            *seq += 1;
            format!("{prefix}{year}{:05}", *seq)
        });
        w.write_worker(&ctx, i, worker_id, &person, &form, &life, registration_no.as_deref(), hash, photos)?;
        for card in &life.cards {
            let year = chrono::Datelike::year(&card.issued.date_naive());
            let seq = card_seq.entry(year).or_insert(0);
            *seq += 1;
            let serial = format!("SG{year}{:06}", *seq);
            w.card.execute(params![
                worker_id,
                format!("XM{:08}", worker_id),
                serial,
                if card.voided.is_some() { "void" } else { "valid" },
                stamp(card.issued),
                admin,
                card.voided.map(stamp)
            ])?;
            w.summary.cards += 1;
        }
    }
    // Accounts waiting for review, and a few refused: the account queue has work too.
    for j in 0..(n / 100).max(1) {
        let person = g.person(n + j);
        let rejected = j % 5 == 4;
        w.user.execute(params![
            format!("demo{:06}", n + j + 1),
            person.name,
            if rejected { "rejected" } else { "pending" },
            hash,
            person.id_number,
            person.mobile,
            format!("demo{:06}@example.cn", n + j + 1),
            rejected.then_some("身份证号码与姓名不符，请核对后重新注册"),
            rejected.then_some(reviewer),
            rejected.then(|| stamp(now - Duration::days(2))),
            stamp(now - Duration::days(g.rng.random_range(0..20))),
        ])?;
        w.summary.accounts += 1;
    }
    let summary = w.summary.clone();
    drop(w);
    tx.commit()?;
    Ok(summary)
}

struct Writer<'c> {
    conn: &'c Connection,
    user: Statement<'c>,
    worker: Statement<'c>,
    field: Statement<'c>,
    photo: Statement<'c>,
    photo_link: Statement<'c>,
    application: Statement<'c>,
    card: Statement<'c>,
    summary: DemoSummary,
}

struct Ctx {
    admin: i64,
    reviewer: i64,
    full_years: i32,
    other_years: i32,
}

impl Writer<'_> {
    #[allow(clippy::too_many_arguments)]
    fn write_worker(
        &mut self,
        ctx: &Ctx,
        i: usize,
        worker_id: i64,
        person: &Person,
        form: &RecordForm,
        life: &Life,
        registration_no: Option<&str>,
        hash: &str,
        photos: &[Vec<u8>],
    ) -> Result<()> {
        let username = format!("demo{:06}", i + 1);
        let created = life.created;
        self.user.execute(params![
            username,
            person.name,
            "active",
            hash,
            person.id_number,
            person.mobile,
            format!("{username}@example.cn"),
            Option::<String>::None,
            ctx.reviewer,
            stamp(created + Duration::hours(20)),
            stamp(created),
        ])?;
        let user_id = self.conn.last_insert_rowid();
        // Before the first approval the record is the form as last entered (the draft).
        let record = if life.first_approval.is_none() { &life.draft_form } else { form };
        let json = serde_json::to_string(record).map_err(|e| Error::Internal(e.to_string()))?;
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_owned());
        let entered_by = life.entered_by_staff.then_some(ctx.reviewer);
        self.worker.execute(params![
            worker_id,
            user_id,
            life.status,
            registration_no,
            life.valid_from.map(|d| d.to_string()),
            life.valid_until.map(|d| d.to_string()),
            life.editing_unlocked,
            life.frozen_reason,
            json,
            Option::<i64>::None,
            record.name,
            opt(&record.id_number),
            opt(&record.contact.mobile),
            record.employer,
            opt(&record.sex),
            opt(&record.birth_date),
            opt(&record.education),
            opt(&record.district),
            opt(&record.title),
            record.full_time,
            record.xiamen_hukou,
            entered_by,
            entered_by.map(|_| stamp(created + Duration::hours(1))),
            stamp(created),
            stamp(life.updated),
            // Set here, so that the field rows' triggers have nothing to write.
            record.fields.iter().filter_map(|f| crate::records::roster::field_bit(f)).fold(0, |m, b| m | b),
        ])?;
        self.summary.workers += 1;
        self.summary.accounts += 1;
        for f in &record.fields {
            self.field.execute(params![worker_id, f])?;
        }
        self.photo.execute(params![worker_id, worker_id, photos[i % photos.len()], stamp(created + Duration::hours(2))])?;
        if record.photo_id.is_some() {
            self.photo_link.execute(params![worker_id, worker_id])?;
        }
        self.summary.photos += 1;
        for a in &life.applications {
            let data = match &a.data {
                Some(f) => Some(serde_json::to_string(f).map_err(|e| Error::Internal(e.to_string()))?),
                None => None,
            };
            let decided_by = a.decided.map(|_| if a.by_admin { ctx.admin } else { ctx.reviewer });
            self.application.execute(params![
                worker_id,
                a.kind,
                a.status,
                data,
                a.reason,
                stamp(a.created),
                a.submitted.map(stamp),
                a.decided.map(stamp),
                decided_by,
                a.comment,
                entered_by.filter(|_| a.kind == "initial"),
            ])?;
            self.summary.applications += 1;
        }
        Ok(())
    }
}

// --- generation ------------------------------------------------------------------------------

