//! Sessions held in memory: a token per login, ended by logout, by idling, by their lifetime,
//! or when the account's `session_epoch` in the database moves on (see `Registry::actor`).

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

    /// 社工, 审核员, 管理员
    pub fn label(self) -> &'static str {
        match self {
            Role::Worker => "社工",
            Role::Reviewer => "审核员",
            Role::Admin => "管理员",
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
    /// The account's `session_epoch` when the session started or last changed its password.
    epoch: i64,
    started: DateTime<Utc>,
    last_seen: DateTime<Utc>,
}

/// How a call uses its session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Use {
    /// Someone did something: the idle time starts again.
    Action,
    /// The page asked on its own (the menu's counts every minute): the idle time runs on.
    Background,
}

/// What a session is held to: idle time and absolute lifetime.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub idle: Duration,
    pub lifetime: Duration,
}

/// A live session as found: its actor as it was at login and the epoch it must still match.
pub(crate) struct Found {
    pub actor: Actor,
    pub epoch: i64,
}

#[derive(Default)]
pub struct Sessions(Mutex<HashMap<String, Entry>>);

impl Sessions {
    pub fn insert(&self, token: String, actor: Actor, epoch: i64, now: DateTime<Utc>) {
        self.lock().insert(token, Entry { actor, epoch, started: now, last_seen: now });
    }

    /// The session, if it exists, has not idled longer than the idle limit and is younger than
    /// its lifetime. An action restarts the idle time; a background read does not. A session
    /// past either limit is removed.
    pub(crate) fn find(&self, token: &str, now: DateTime<Utc>, limits: Limits, how: Use) -> Result<Found> {
        let mut map = self.lock();
        let Some(entry) = map.get_mut(token) else { return Err(Error::Unauthenticated) };
        if now - entry.last_seen > limits.idle || now - entry.started > limits.lifetime {
            map.remove(token);
            return Err(Error::Unauthenticated);
        }
        if how == Use::Action {
            entry.last_seen = now;
        }
        Ok(Found { actor: entry.actor.clone(), epoch: entry.epoch })
    }

    /// The role of the session's account, without using the session (its limits are checked by
    /// the command that follows).
    pub(crate) fn role_of(&self, token: &str) -> Option<Role> {
        self.lock().get(token).map(|e| e.actor.role)
    }

    pub fn remove(&self, token: &str) {
        self.lock().remove(token);
    }

    /// Ends every session (after the database was replaced by a restore).
    pub fn clear(&self) {
        self.lock().clear();
    }

    /// Ends every session of one account (after it is disabled or its password reset). Other
    /// app instances on the same data folder see the raised epoch instead.
    pub fn remove_user(&self, user_id: i64) {
        self.lock().retain(|_, e| e.actor.user_id != user_id);
    }

    /// Ends the account's other sessions and keeps `token`'s, now valid for `epoch`.
    pub(crate) fn keep_only(&self, user_id: i64, token: &str, epoch: i64) {
        let mut map = self.lock();
        map.retain(|t, e| e.actor.user_id != user_id || t == token);
        if let Some(e) = map.get_mut(token) {
            e.epoch = epoch;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Entry>> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}
