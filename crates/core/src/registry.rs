//! The open registry: the database connections (one writer, a few readers), the clock, sessions
//! and pending captchas.

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::accounts::session::{Actor, Limits, Sessions, Use};
use crate::settings;
use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::ops::Deref;
use std::sync::{Arc, Mutex, MutexGuard};
use ts_rs::TS;

pub struct Registry {
    /// The writer: every write, and the reads that must see the writer's own transaction.
    conn: Mutex<Connection>,
    /// Read-only connections for the reads ([`Registry::read`]).
    readers: crate::readers::Readers,
    clock: Arc<dyn Clock>,
    pub(crate) sessions: Sessions,
    pub(crate) captchas: Mutex<HashMap<String, PendingCaptcha>>,
    data_dir: PathBuf,
}

pub(crate) struct PendingCaptcha {
    pub answer: String,
    pub expires: DateTime<Utc>,
}

/// What the app needs to know before anyone logs in.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    /// No admin account exists yet: the app shows the setup page.
    pub needs_setup: bool,
    pub version: String,
    pub data_dir: String,
}

impl Registry {
    /// Opens the registry kept in `data_dir` (created if missing).
    pub fn open(data_dir: &Path, clock: Arc<dyn Clock>) -> Result<Registry> {
        crate::private::prepare_data_dir(data_dir)?;
        let path = data_dir.join(crate::DB_FILE_NAME);
        let conn = crate::db::open(&path)?;
        // Exports and backups a killed process left half-written (they may hold full ID numbers).
        crate::partial::sweep(data_dir);
        // Printed forms of the last run (the viewer has long read them).
        crate::private::sweep_print_folders(data_dir);
        Ok(Registry {
            conn: Mutex::new(conn),
            readers: crate::readers::Readers::new(path, crate::readers::MAX_READERS),
            clock,
            sessions: Sessions::default(),
            captchas: Mutex::new(HashMap::new()),
            data_dir: data_dir.to_path_buf(),
        })
    }

    pub fn status(&self) -> Result<AppStatus> {
        let admins: i64 = self.read()?.query_row(
            "SELECT COUNT(*) FROM users WHERE role = 'admin' AND status = 'active'",
            [],
            |r| r.get(0),
        )?;
        Ok(AppStatus {
            needs_setup: admins == 0,
            version: env!("CARGO_PKG_VERSION").to_owned(),
            data_dir: self.data_dir.display().to_string(),
        })
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }

    /// 关闭: flushes the write-ahead log into the database file and removes it, so that the data
    /// folder holds one self-contained file (a file copied by hand then is the whole register).
    /// Called when the app exits (window closed, SIGTERM, SIGINT). The connection stays usable,
    /// in rollback-journal mode: a write that still comes is as durable, and the next open
    /// switches back to WAL.
    /// The readers are closed first (reads then go to the writer).
    pub fn close(&self) -> Result<()> {
        self.readers.shut();
        crate::db::leave_wal(&self.db())
    }

    /// The writer. Never held across password hashing or other slow work, nor taken while this
    /// thread holds a [`Registry::read`].
    pub(crate) fn db(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A connection for a read that writes nothing: one of the readers, in a read transaction
    /// (its statements see one state of the database, which holds every write committed before
    /// this call), so that it runs beside the writer and other reads. Once the registry is
    /// closed (or while a restore runs), the writer. Given back when dropped; a read that must
    /// then write (an access noted) drops it before taking [`Registry::db`].
    pub(crate) fn read(&self) -> Result<Read<'_>> {
        match self.readers.take()? {
            Some(conn) => {
                if let Err(e) = conn.execute_batch("BEGIN") {
                    self.readers.give_back(conn, false);
                    return Err(e.into());
                }
                Ok(Read { registry: self, conn: Reading::Reader(Some(conn)) })
            }
            None => Ok(Read { registry: self, conn: Reading::Writer(self.db()) }),
        }
    }

    /// Shuts the readers while a restore replaces the database file (they must not hold the old
    /// one open); reads go to the writer meanwhile.
    pub(crate) fn shut_readers(&self) {
        self.readers.shut();
    }

    pub(crate) fn reopen_readers(&self) {
        self.readers.reopen();
    }

    /// The caller behind a token, for every operation except changing one's own password
    /// and logging out: an account that must change its password can do nothing else first.
    pub fn actor(&self, token: &str) -> Result<Actor> {
        let actor = self.actor_any(token)?;
        if actor.must_change_password {
            return Err(Error::MustChangePassword);
        }
        Ok(actor)
    }

    /// The caller behind a token for a read the page makes on its own (the menu's counts every
    /// minute): checked like [`Registry::actor`], but the idle time runs on, so that a window
    /// left open still idles out.
    pub fn actor_background(&self, token: &str) -> Result<Actor> {
        let actor = self.session(token, Use::Background)?;
        if actor.must_change_password {
            return Err(Error::MustChangePassword);
        }
        Ok(actor)
    }

    /// The caller behind a token, even one that must change its password first.
    pub fn actor_any(&self, token: &str) -> Result<Actor> {
        self.session(token, Use::Action)
    }

    /// The session's limits, then the account as the database has it now: another app
    /// instance on the same data folder may have disabled it, changed its password or reset it
    /// (one read by primary key).
    fn session(&self, token: &str, how: Use) -> Result<Actor> {
        let found = {
            let conn = self.read()?;
            let limits = Limits {
                idle: Duration::minutes(settings::get_int(&conn, settings::SESSION_IDLE_MINUTES)?),
                lifetime: Duration::hours(settings::get_int(&conn, settings::SESSION_MAX_HOURS)?),
            };
            let found = self.sessions.find(token, self.clock().now(), limits, how)?;
            if found.actor.user_id == crate::audit::SYSTEM_USER_ID {
                // The command line's operator: no account to check.
                return Ok(found.actor);
            }
            let account: Option<(String, bool, i64)> = conn
                .query_row(
                    "SELECT status, must_change_password, session_epoch FROM users WHERE id = ?1",
                    [found.actor.user_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?;
            match account {
                Some((status, must_change, epoch)) if status == "active" && epoch == found.epoch => {
                    Actor { must_change_password: must_change, ..found.actor }
                }
                _ => {
                    drop(conn);
                    self.sessions.remove(token);
                    return Err(Error::Unauthenticated);
                }
            }
        };
        Ok(found)
    }
}

impl Registry {
    /// Where mail goes while no SMTP server is set: `.eml` files an admin can open.
    pub fn outbox_dir(&self) -> PathBuf {
        self.data_dir.join("outbox")
    }

    /// Sends a mail through the configured SMTP server, or into the outbox when none is set.
    /// The database is not held while the server answers.
    pub fn send_mail(&self, mail: &crate::accounts::mail::Mail) -> Result<crate::accounts::mail::Delivery> {
        let smtp = crate::accounts::mail::load_settings(&self.db())?;
        crate::accounts::mail::send(smtp.as_ref(), &self.outbox_dir(), mail, self.clock().now())
    }

    /// Sends a notification whose failure must not undo the decision it reports.
    pub(crate) fn notify(&self, mail: crate::accounts::mail::Mail) {
        if let Err(e) = self.send_mail(&mail) {
            eprintln!("notification mail not sent: {e}");
        }
    }
}

#[cfg(feature = "test-hooks")]
impl Registry {
    /// The answer of a pending captcha, for tests. Only in builds with the `test-hooks` feature.
    pub fn peek_captcha(&self, id: &str) -> Option<String> {
        self.captchas.lock().unwrap_or_else(|p| p.into_inner()).get(id).map(|c| c.answer.clone())
    }
}

impl Registry {
    /// The national code tables the forms choose from; for anyone logged in.
    pub fn code_tables(&self, token: &str) -> Result<crate::registration::codes::CodeTables> {
        self.actor(token)?;
        crate::registration::codes::load(&*self.read()?)
    }
}

/// A connection taken by [`Registry::read`].
pub(crate) struct Read<'a> {
    registry: &'a Registry,
    conn: Reading<'a>,
}

enum Reading<'a> {
    Reader(Option<Connection>),
    Writer(MutexGuard<'a, Connection>),
}

impl Deref for Read<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        match &self.conn {
            Reading::Reader(Some(conn)) => conn,
            Reading::Reader(None) => unreachable!("a reader is only taken back when dropped"),
            Reading::Writer(conn) => conn,
        }
    }
}

impl Drop for Read<'_> {
    fn drop(&mut self) {
        if let Reading::Reader(slot) = &mut self.conn {
            if let Some(conn) = slot.take() {
                let sound = conn.is_autocommit() || conn.execute_batch("COMMIT").is_ok();
                self.registry.readers.give_back(conn, sound);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    /// Only ends a test that would otherwise hang (a read waiting for a write): no timing is
    /// asserted, every wait is for an event.
    const GUARD: std::time::Duration = std::time::Duration::from_secs(120);

    fn open() -> (tempfile::TempDir, Registry) {
        let dir = tempfile::tempdir().unwrap();
        let registry = Registry::open(dir.path(), Arc::new(crate::SystemClock)).unwrap();
        (dir, registry)
    }

    fn probe(conn: &Connection) -> Option<String> {
        conn.query_row("SELECT value FROM settings WHERE key = 'probe'", [], |r| r.get(0)).optional().unwrap()
    }

    #[test]
    fn a_write_goes_through_while_a_read_is_open_and_the_read_keeps_its_state() {
        let (_dir, r) = open();
        let (opened, wait_opened) = mpsc::channel();
        let (written, wait_written) = mpsc::channel();
        std::thread::scope(|s| {
            s.spawn(|| {
                let wait_written = wait_written;
                let conn = r.read().unwrap();
                assert_eq!(probe(&conn), None);
                opened.send(()).unwrap();
                wait_written.recv_timeout(GUARD).expect("the write went through while this read was open");
                assert_eq!(probe(&conn), None, "one read sees one state of the database");
                drop(conn);
                assert_eq!(probe(&r.read().unwrap()).as_deref(), Some("one"), "the next read sees the write");
            });
            wait_opened.recv_timeout(GUARD).unwrap();
            r.db().execute("INSERT INTO settings (key, value) VALUES ('probe', 'one')", []).unwrap();
            written.send(()).unwrap();
        });
    }

    #[test]
    fn reads_run_beside_each_other() {
        let (_dir, r) = open();
        let (done, wait_done) = mpsc::channel();
        let held = r.read().unwrap();
        assert_eq!(probe(&held), None);
        std::thread::scope(|s| {
            s.spawn(|| {
                let conn = r.read().unwrap();
                assert_eq!(probe(&conn), None);
                done.send(()).unwrap();
            });
            wait_done.recv_timeout(GUARD).expect("a second read ran while the first was open");
        });
        drop(held);
        assert_eq!(r.readers.open_count(), 2, "two readers, kept for the next reads");
    }

    #[test]
    fn a_command_that_reads_runs_while_the_writer_is_in_a_transaction() {
        let (_dir, r) = open();
        let token = r.system_token();
        let (done, wait_done) = mpsc::channel();
        let writer = r.db();
        writer.execute_batch("BEGIN IMMEDIATE; INSERT INTO settings (key, value) VALUES ('probe', 'uncommitted');").unwrap();
        std::thread::scope(|s| {
            s.spawn(|| {
                // The session check and the read itself: neither takes the writer.
                let tables = r.code_tables(&token).unwrap();
                assert!(!tables.district.is_empty());
                assert_eq!(probe(&r.read().unwrap()), None, "nothing uncommitted is seen");
                done.send(()).unwrap();
            });
            let ran = wait_done.recv_timeout(GUARD);
            writer.execute_batch("COMMIT").unwrap();
            ran.expect("the read ran while the writer held its transaction");
        });
        drop(writer);
        assert_eq!(probe(&r.read().unwrap()).as_deref(), Some("uncommitted"));
    }

    #[test]
    fn a_read_inside_a_read_never_waits_for_the_set() {
        let (_dir, r) = open();
        let held: Vec<_> = (0..crate::readers::MAX_READERS + 2).map(|_| r.read().unwrap()).collect();
        for conn in &held {
            assert_eq!(probe(conn), None);
        }
        drop(held);
        assert_eq!(r.readers.open_count(), crate::readers::MAX_READERS, "the extra ones are closed when given back");
    }

    #[test]
    fn readers_refuse_writes() {
        let (_dir, r) = open();
        let conn = r.read().unwrap();
        assert!(conn.execute("INSERT INTO settings (key, value) VALUES ('probe', 'x')", []).is_err());
    }

    #[test]
    fn closing_closes_the_readers_and_reads_go_on_through_the_writer() {
        let (dir, r) = open();
        let token = r.system_token();
        drop(r.read().unwrap());
        assert_eq!(r.readers.open_count(), 1);
        r.close().unwrap();
        assert_eq!(r.readers.open_count(), 0);
        assert!(!dir.path().join(format!("{}-wal", crate::DB_FILE_NAME)).exists(), "one self-contained file");
        assert!(!r.code_tables(&token).unwrap().district.is_empty());
        assert_eq!(r.readers.open_count(), 0, "no reader is opened again after closing");
    }
}
