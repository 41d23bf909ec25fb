//! 冻结: records past their validity, one at a time or the confirmed preview list together.

use crate::audit::{self, AuditAction, Entry};
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::registration::worker::{load_state, load_worker};
use crate::registration::workflow;
use crate::registry::Registry;
use crate::{settings, validate};
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FreezeArgs {
    #[ts(type = "number")]
    pub worker_id: i64,
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FreezeManyArgs {
    /// The records of the preview list the admin confirmed.
    #[ts(type = "Array<number>")]
    pub worker_ids: Vec<i64>,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FreezeCandidate {
    #[ts(type = "number")]
    pub worker_id: i64,
    pub name: String,
    pub registration_no: Option<String>,
    pub valid_until: String,
    #[ts(type = "number")]
    pub days_overdue: i64,
}

impl Registry {
    /// 冻结 one record that is past its validity.
    pub fn freeze_record(&self, token: &str, args: FreezeArgs) -> Result<()> {
        let actor = self.actor(token)?;
        actor.require_admin()?;
        let reason = freeze_reason(&args.reason)?;
        let now = self.clock().now();
        let today = self.clock().today();
        let mut conn = self.db();
        let tx = conn.transaction()?;
        freeze_one(&tx, args.worker_id, &reason, actor.user_id, today, now)?;
        tx.commit()?;
        Ok(())
    }

    /// The records past their validity by more than the grace days: the list an admin confirms
    /// before freezing them together.
    pub fn freeze_candidates(&self, token: &str) -> Result<Vec<FreezeCandidate>> {
        self.actor(token)?.require_admin()?;
        let today = self.clock().today();
        let conn = self.read()?;
        let grace = settings::get_int(&conn, settings::FREEZE_GRACE_DAYS)?;
        let last_valid = today - chrono::Duration::days(grace + 1);
        let mut stmt = conn.prepare(
            "SELECT id, name, registration_no, valid_until FROM workers
             WHERE status = 'registered' AND valid_until <= ?1 ORDER BY valid_until, id",
        )?;
        let rows = stmt
            .query_map([last_valid.to_string()], |r| {
                let until: String = r.get(3)?;
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, until))
            })?
            .collect::<rusqlite::Result<Vec<(i64, String, Option<String>, String)>>>()?;
        Ok(rows
            .into_iter()
            .map(|(worker_id, name, registration_no, until)| {
                let days_overdue = validate::date(&until).map(|d| (today - d).num_days()).unwrap_or(0);
                FreezeCandidate { worker_id, name, registration_no, valid_until: until, days_overdue }
            })
            .collect())
    }

    /// Freezes the confirmed records of the preview list, all or none.
    pub fn freeze_expired(&self, token: &str, args: FreezeManyArgs) -> Result<usize> {
        let actor = self.actor(token)?;
        actor.require_admin()?;
        let reason = freeze_reason(&args.reason)?;
        let candidates: Vec<i64> = self.freeze_candidates(token)?.into_iter().map(|c| c.worker_id).collect();
        if let Some(id) = args.worker_ids.iter().find(|id| !candidates.contains(id)) {
            return Err(Error::Conflict(format!("编号为 {id} 的登记不在待冻结名单中，请刷新名单")));
        }
        let now = self.clock().now();
        let today = self.clock().today();
        let mut conn = self.db();
        let tx = conn.transaction()?;
        for id in &args.worker_ids {
            freeze_one(&tx, *id, &reason, actor.user_id, today, now)?;
        }
        tx.commit()?;
        Ok(args.worker_ids.len())
    }
}

fn freeze_reason(raw: &str) -> Result<String> {
    let reason = validate::clean_text(raw, 200, true).map_err(|m| Error::field("reason", m))?;
    if reason.is_empty() {
        return Err(Error::field("reason", "请填写冻结原因"));
    }
    Ok(reason)
}

fn freeze_one(
    conn: &Connection,
    worker_id: i64,
    reason: &str,
    actor: i64,
    today: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    let w = load_worker(conn, worker_id)?;
    let state = load_state(conn, &w, today)?;
    workflow::may_freeze(&state).map_err(Error::Conflict)?;
    conn.execute(
        "UPDATE workers SET status = 'frozen', frozen_reason = ?1, editing_unlocked = 0, updated_at = ?3 WHERE id = ?2",
        params![reason, worker_id, stamp(now)],
    )?;
    // A waiting renewal, 信息修改申请 or 信息修改 could not be approved any more: each is closed
    // with the reason.
    conn.execute(
        "UPDATE applications SET status = 'rejected', decided_at = ?1, decided_by = ?2, decision_comment = ?3
         WHERE worker_id = ?4 AND status = 'submitted' AND kind IN ('renewal', 'modification_request', 'modification')",
        params![stamp(now), actor, format!("登记已冻结：{reason}"), worker_id],
    )?;
    audit::append(conn, now, Entry {
        actor: Some(actor),
        worker: Some(worker_id),
        before: Some("registered".into()),
        after: Some("frozen".into()),
        note: Some(reason.to_owned()),
        ..Entry::new(AuditAction::RecordFreeze)
    })
}

