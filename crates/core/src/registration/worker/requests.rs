//! What a worker does besides the form: 联系信息修改, 信息修改申请 and 社工卡补换申请, and the
//! lists of their applications.

use crate::audit::{self, AuditAction, Entry};
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::registration::record::{self, Contact, RecordForm};
use crate::registry::Registry;
use crate::validate::{self};
use crate::registration::workflow::{self, Kind, Status};
use rusqlite::params;
use serde::Deserialize;
use ts_rs::TS;
use super::{application_info, load_state, load_worker, store_record, ApplicationInfo};

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactArgs {
    #[ts(type = "number | null")]
    pub worker_id: Option<i64>,
    pub contact: Contact,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RequestArgs {
    #[ts(type = "number | null")]
    pub worker_id: Option<i64>,
    /// modification_request or card_replacement.
    pub kind: Kind,
    /// 申请原因
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HistoryQuery {
    #[ts(type = "number | null")]
    pub worker_id: Option<i64>,
    /// Only these kinds; empty for all.
    pub kinds: Vec<Kind>,
    pub approved_only: bool,
}

impl Registry {
    /// 联系信息修改: saved at once, no review; written to the audit log with before and after.
    pub fn update_contact(&self, token: &str, args: ContactArgs) -> Result<Contact> {
        let actor = self.actor(token)?;
        let worker_id = self.target(&actor, args.worker_id)?;
        let contact = record::check_contact(&args.contact).map_err(Error::from)?;
        let now = self.clock().now();
        let mut conn = self.db();
        let w = load_worker(&conn, worker_id)?;
        let before = serde_json::to_string(&w.data.contact).map_err(|e| Error::Internal(e.to_string()))?;
        let after = serde_json::to_string(&contact).map_err(|e| Error::Internal(e.to_string()))?;
        let tx = conn.transaction()?;
        let form = RecordForm { contact: contact.clone(), ..w.data };
        store_record(&tx, worker_id, &form, now)?;
        // Every open form follows, so that no submission or approval undoes the change.
        super::contact::carry_to_open_forms(&tx, worker_id, &contact)?;
        audit::append(&tx, now, Entry {
            actor: Some(actor.user_id),
            worker: Some(worker_id),
            before: Some(before),
            after: Some(after),
            ..Entry::new(AuditAction::RecordContact)
        })?;
        tx.commit()?;
        Ok(contact)
    }

    /// 信息修改申请 and 社工卡补换申请: a reason, submitted at once.
    pub fn submit_request(&self, token: &str, args: RequestArgs) -> Result<ApplicationInfo> {
        let actor = self.actor(token)?;
        let worker_id = self.target(&actor, args.worker_id)?;
        if !matches!(args.kind, Kind::ModificationRequest | Kind::CardReplacement) {
            return Err(Error::Conflict("该申请须填写登记表".into()));
        }
        let reason = validate::clean_text(&args.reason, 500, true).map_err(|m| Error::field("reason", m))?;
        if reason.is_empty() {
            return Err(Error::field("reason", "请填写申请原因"));
        }
        let now = self.clock().now();
        let today = self.clock().today();
        let mut conn = self.db();
        let w = load_worker(&conn, worker_id)?;
        let state = load_state(&conn, &w, today)?;
        workflow::may_start(args.kind, &state).map_err(Error::Conflict)?;
        let tx = conn.transaction()?;
        tx.execute(
            "INSERT INTO applications (worker_id, kind, status, reason, created_at, updated_at, submitted_at, entered_by)
             VALUES (?1, ?2, 'submitted', ?3, ?4, ?4, ?4, ?5)",
            params![worker_id, args.kind.as_str(), reason, stamp(now), actor.role.is_staff().then_some(actor.user_id)],
        )?;
        let id = tx.last_insert_rowid();
        audit::append(&tx, now, Entry {
            actor: Some(actor.user_id),
            worker: Some(worker_id),
            application: Some(id),
            note: Some(format!("{}：{reason}", args.kind.label())),
            ..Entry::new(AuditAction::RecordSubmit)
        })?;
        tx.commit()?;
        Ok(application_info(&conn, worker_id, args.kind)?.map(|(i, _)| i).expect("just inserted"))
    }

    /// 续期登记列表, 恢复登记申请列表, 审核通过时间列表: a worker's applications, newest first.
    pub fn applications_of(&self, token: &str, q: HistoryQuery) -> Result<Vec<ApplicationInfo>> {
        let actor = self.actor(token)?;
        let worker_id = self.target(&actor, q.worker_id)?;
        let conn = self.read()?;
        let mut stmt = conn.prepare(
            "SELECT id, kind, status, reason, created_at, submitted_at, decided_at, decision_comment
             FROM applications WHERE worker_id = ?1 AND status <> 'draft'
             ORDER BY COALESCE(decided_at, submitted_at, created_at) DESC, id DESC",
        )?;
        let rows = stmt
            .query_map([worker_id], |r| {
                Ok(ApplicationInfo {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    status: r.get(2)?,
                    reason: r.get(3)?,
                    created_at: r.get(4)?,
                    submitted_at: r.get(5)?,
                    decided_at: r.get(6)?,
                    decision_comment: r.get(7)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows
            .into_iter()
            .filter(|a| q.kinds.is_empty() || q.kinds.contains(&a.kind))
            .filter(|a| !q.approved_only || a.status == Status::Approved)
            .collect())
    }
}
