//! What a worker does besides the form: 联系信息修改, 信息修改申请 and 社工卡补换申请, the lists of
//! their applications, and the 个人信息维护 hub that says which function is open and why not.

use crate::audit::{self, Entry};
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::registration::record::{self, Contact, RecordForm};
use crate::registry::Registry;
use crate::validate::{self};
use crate::registration::workflow::{self, Kind, RecordStatus, Status};
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use super::{application_info, load_state, load_worker, store_record, ApplicationInfo, Target};

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

/// One button of the 个人信息维护 hub: available, or why not.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HubAction {
    pub key: String,
    pub available: bool,
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Hub {
    #[ts(type = "number")]
    pub worker_id: i64,
    pub status: RecordStatus,
    pub expired: bool,
    pub registration_no: Option<String>,
    pub valid_until: Option<String>,
    pub card_no: Option<String>,
    pub card_serial: Option<String>,
    pub actions: Vec<HubAction>,
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
            action: "record.contact",
            worker: Some(worker_id),
            before: Some(before),
            after: Some(after),
            ..Default::default()
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
            action: "record.submit",
            worker: Some(worker_id),
            application: Some(id),
            note: Some(format!("{}：{reason}", args.kind.label())),
            ..Default::default()
        })?;
        tx.commit()?;
        Ok(application_info(&conn, worker_id, args.kind)?.map(|(i, _)| i).expect("just inserted"))
    }

    /// 续期登记列表, 恢复登记申请列表, 审核通过时间列表: a worker's applications, newest first.
    pub fn applications_of(&self, token: &str, q: HistoryQuery) -> Result<Vec<ApplicationInfo>> {
        let actor = self.actor(token)?;
        let worker_id = self.target(&actor, q.worker_id)?;
        let conn = self.db();
        let mut stmt = conn.prepare(
            "SELECT id, kind, status, reason, created_at, submitted_at, decided_at, decision_comment
             FROM applications WHERE worker_id = ?1 AND status <> 'draft'
             ORDER BY COALESCE(decided_at, submitted_at, created_at) DESC, id DESC",
        )?;
        let rows = stmt
            .query_map([worker_id], |r| {
                let kind: String = r.get(1)?;
                let status: String = r.get(2)?;
                Ok(ApplicationInfo {
                    id: r.get(0)?,
                    kind: Kind::parse(&kind).unwrap_or(Kind::Initial),
                    status: Status::parse(&status).unwrap_or(Status::Draft),
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

    /// 个人信息维护: every function with whether it is available now, and why not.
    pub fn hub(&self, token: &str, target: Target) -> Result<Hub> {
        let actor = self.actor(token)?;
        let worker_id = self.target(&actor, target.worker_id)?;
        let today = self.clock().today();
        let conn = self.db();
        let w = load_worker(&conn, worker_id)?;
        let state = load_state(&conn, &w, today)?;
        let card: Option<(String, String)> = conn
            .query_row(
                "SELECT card_no, serial_no FROM cards WHERE worker_id = ?1 AND status = 'valid'",
                [worker_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let has_submitted_initial = state.submitted.contains(&Kind::Initial);
        let begun = conn
            .query_row("SELECT 1 FROM applications WHERE worker_id = ?1 AND kind = 'initial'", [worker_id], |_| Ok(()))
            .optional()?
            .is_some();
        let action = |key: &str, r: std::result::Result<(), String>| HubAction {
            key: key.to_owned(),
            available: r.is_ok(),
            reason: r.err(),
        };
        let print = if w.status == RecordStatus::Unregistered && !has_submitted_initial {
            Err("提交审核后可预览打印登记申请表".to_owned())
        } else {
            Ok(())
        };
        // 社工信息登记 starts the record; 社工信息修改 edits it before approval or once unlocked.
        let register = match w.status {
            RecordStatus::Unregistered if !begun => workflow::may_start(Kind::Initial, &state),
            RecordStatus::Unregistered => Err("已填写登记信息，请使用社工信息修改".to_owned()),
            _ => Err("您已完成初次登记".to_owned()),
        };
        let modify = match w.status {
            RecordStatus::Unregistered if !begun => Err("请先进行社工信息登记".to_owned()),
            RecordStatus::Unregistered => workflow::may_start(Kind::Initial, &state),
            _ => workflow::may_start(Kind::Modification, &state),
        };
        let actions = vec![
            action("register", register),
            action("modify", modify),
            action("modification_request", workflow::may_start(Kind::ModificationRequest, &state)),
            action("print", print),
            action("contact", Ok(())),
            action("renewal", workflow::may_start(Kind::Renewal, &state)),
            action("restoration", workflow::may_start(Kind::Restoration, &state)),
            action("card_replacement", workflow::may_start(Kind::CardReplacement, &state)),
            action("renewal_list", Ok(())),
            action("restoration_list", Ok(())),
            action("approval_list", Ok(())),
            action("password", Ok(())),
        ];
        Ok(Hub {
            worker_id,
            status: w.status,
            expired: state.expired(),
            registration_no: w.registration_no,
            valid_until: w.valid_until,
            card_no: card.as_ref().map(|c| c.0.clone()),
            card_serial: card.map(|c| c.1),
            actions,
        })
    }

}
