//! Sessions held in memory: a token per login, ended by logout or by idling.

use crate::clock::Clock;
use crate::error::{Error, Result};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Mutex;
use ts_rs::TS;

/// 角色: what an account may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 社工
    Worker,
    /// 审核员
    Reviewer,
    /// 管理员
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Worker => "worker",
            Role::Reviewer => "reviewer",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "worker" => Some(Role::Worker),
            "reviewer" => Some(Role::Reviewer),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    pub fn is_staff(self) -> bool {
        matches!(self, Role::Reviewer | Role::Admin)
    }
}

crate::stored::stored_key!(Role, "角色");

/// Who is calling: established from a session token, checked by every operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: i64,
    pub role: Role,
    pub must_change_password: bool,
}

impl Actor {
    pub fn require_staff(&self) -> Result<()> {
        if self.role.is_staff() { Ok(()) } else { Err(Error::Forbidden) }
    }

    pub fn require_admin(&self) -> Result<()> {
        if self.role == Role::Admin { Ok(()) } else { Err(Error::Forbidden) }
    }
}

struct Entry {
    actor: Actor,
    last_seen: DateTime<Utc>,
}

#[derive(Default)]
pub struct Sessions(Mutex<HashMap<String, Entry>>);

impl Sessions {
    pub fn insert(&self, token: String, actor: Actor, now: DateTime<Utc>) {
        self.lock().insert(token, Entry { actor, last_seen: now });
    }

    /// The session's actor, if it exists and has not idled longer than `idle`; touching it
    /// restarts the idle time. An idle session is removed.
    pub fn touch(&self, token: &str, clock: &dyn Clock, idle: Duration) -> Result<Actor> {
        let now = clock.now();
        let mut map = self.lock();
        let Some(entry) = map.get_mut(token) else { return Err(Error::Unauthenticated) };
        if now - entry.last_seen > idle {
            map.remove(token);
            return Err(Error::Unauthenticated);
        }
        entry.last_seen = now;
        Ok(entry.actor.clone())
    }

    pub fn remove(&self, token: &str) {
        self.lock().remove(token);
    }

    /// Ends every session (after the database was replaced by a restore).
    pub fn clear(&self) {
        self.lock().clear();
    }

    /// Ends every session of one account (after it is disabled or its password reset).
    pub fn remove_user(&self, user_id: i64) {
        self.lock().retain(|_, e| e.actor.user_id != user_id);
    }

    pub fn update_user(&self, user_id: i64, f: impl Fn(&mut Actor)) {
        for e in self.lock().values_mut().filter(|e| e.actor.user_id == user_id) {
            f(&mut e.actor);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}
