//! The open registry: the database connection, the clock, sessions and pending captchas.

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::accounts::session::{Actor, Limits, Sessions, Use};
use crate::settings;
use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use ts_rs::TS;

pub struct Registry {
    conn: Mutex<Connection>,
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
        let conn = crate::db::open(&data_dir.join(crate::DB_FILE_NAME))?;
        // Exports and backups a killed process left half-written (they may hold full ID numbers).
        crate::partial::sweep(data_dir);
        // Printed forms of the last run (the viewer has long read them).
        crate::private::sweep_print_folders(data_dir);
        Ok(Registry {
            conn: Mutex::new(conn),
            clock,
            sessions: Sessions::default(),
            captchas: Mutex::new(HashMap::new()),
            data_dir: data_dir.to_path_buf(),
        })
    }

    pub fn status(&self) -> Result<AppStatus> {
        let admins: i64 = self.db().query_row(
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
    pub fn close(&self) -> Result<()> {
        crate::db::leave_wal(&self.db())
    }

    /// The database connection. Never held across password hashing or other slow work.
    pub(crate) fn db(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
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
            let conn = self.db();
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
        crate::registration::codes::load(&self.db())
    }
}
