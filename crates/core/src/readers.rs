//! The registry's readers: a few read-only connections beside its one writer, so that reads run
//! in parallel with a write and with each other (WAL: a reader sees the database as the last
//! commit before its read began, and neither waits for the other).
//!
//! Readers are opened when first needed, at most [`MAX_READERS`] at a time; a read that finds
//! them all busy waits for one. The one most recently given back is taken first, so that the
//! desktop app (one user, one read at a time mostly) keeps using one reader with a warm page
//! cache. While the registry is closed or a restore replaces the file, the set is shut: reads go
//! to the writer (see [`crate::Registry::read`]), and no reader holds the old file open.

use crate::error::Result;
use rusqlite::Connection;
use std::cell::Cell;
use std::path::PathBuf;
use std::sync::{Condvar, Mutex, MutexGuard};

/// At most this many readers are open. A server's requests read this many at once, then queue;
/// more would only contend for the same cores and page cache.
pub(crate) const MAX_READERS: usize = 4;

thread_local! {
    /// Readers this thread holds: a read taken inside another never waits for the set (all the
    /// readers could be held by threads waiting that way), it opens one more if none is idle.
    static HELD: Cell<usize> = const { Cell::new(0) };
}

pub(crate) struct Readers {
    path: PathBuf,
    max: usize,
    state: Mutex<State>,
    given_back: Condvar,
}

struct State {
    idle: Vec<Connection>,
    /// Readers in use (taken and not given back).
    out: usize,
    /// False while the registry is closed or restoring: nothing is taken, none is kept.
    open: bool,
}

impl Readers {
    pub(crate) fn new(path: PathBuf, max: usize) -> Readers {
        Readers { path, max: max.max(1), state: Mutex::new(State { idle: Vec::new(), out: 0, open: true }), given_back: Condvar::new() }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A reader for this thread, or `None` while the set is shut.
    pub(crate) fn take(&self) -> Result<Option<Connection>> {
        let nested = HELD.get() > 0;
        let mut s = self.state();
        loop {
            if !s.open {
                return Ok(None);
            }
            if let Some(conn) = s.idle.pop() {
                s.out += 1;
                HELD.set(HELD.get() + 1);
                return Ok(Some(conn));
            }
            if s.out < self.max || nested {
                break;
            }
            s = self.given_back.wait(s).unwrap_or_else(|p| p.into_inner());
        }
        // Counted before it is opened, so that `shut` waits for it too.
        s.out += 1;
        drop(s);
        match crate::db::open_reader(&self.path) {
            Ok(conn) => {
                HELD.set(HELD.get() + 1);
                Ok(Some(conn))
            }
            Err(e) => {
                self.state().out -= 1;
                self.given_back.notify_all();
                Err(e)
            }
        }
    }

    /// Gives back a reader taken by [`Readers::take`] on this thread. `sound`: it ended its
    /// read cleanly and may serve again (otherwise it is closed).
    pub(crate) fn give_back(&self, conn: Connection, sound: bool) {
        HELD.set(HELD.get().saturating_sub(1));
        let mut s = self.state();
        s.out -= 1;
        let closing = if sound && s.open && s.idle.len() < self.max {
            s.idle.push(conn);
            None
        } else {
            Some(conn)
        };
        drop(s);
        self.given_back.notify_all();
        drop(closing);
    }

    /// Shuts the set: waits for the readers in use, then closes every reader. Until
    /// [`Readers::reopen`], reads go to the writer. Never called while this thread holds a reader.
    pub(crate) fn shut(&self) {
        let mut s = self.state();
        s.open = false;
        while s.out > 0 {
            s = self.given_back.wait(s).unwrap_or_else(|p| p.into_inner());
        }
        let idle = std::mem::take(&mut s.idle);
        drop(s);
        drop(idle);
    }

    pub(crate) fn reopen(&self) {
        self.state().open = true;
    }

    /// Readers open now (in use or idle), for tests.
    #[cfg(test)]
    pub(crate) fn open_count(&self) -> usize {
        let s = self.state();
        s.out + s.idle.len()
    }
}
