//! The staff's decisions (审核): an application beside the record it would change, and 通过 or
//! 退回. Which decision is allowed and what approval does is `workflow`'s; this applies it.

mod levels;
mod queue;

pub use levels::{ReviewContext, ReviewLevel, ReviewSettings, ReviewStep, SetScopeArgs};
pub(crate) use levels::ensure_covered;
pub use queue::{KindCount, QueueCounts, QueueQuery, QueueRow, QueueSort};

use crate::audit::{self, AuditAction, Entry};
use crate::clock::{china, parse_stamp, stamp};
use crate::error::{Error, Result};
use crate::registration::cards::replace_card;
use crate::registration::codes;
use crate::registration::photo;
use crate::registration::record::diff::{diff, FieldChange};
use crate::registration::record::RecordForm;
use crate::registration::worker::{form_as_reviewed, form_to_approve, load_state, load_worker, store_record, ApplicationInfo};
use crate::registration::workflow::{self, RecordStatus, Status};
use crate::registry::Registry;
use crate::{settings, validate};
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationDetail {
    pub info: ApplicationInfo,
    #[ts(type = "number")]
    pub worker_id: i64,
    pub status: RecordStatus,
    pub expired: bool,
    pub registration_no: Option<String>,
    pub valid_until: Option<String>,
    /// The form as submitted (kinds that carry one).
    pub form: Option<RecordForm>,
    /// The record as it stands.
    pub current: RecordForm,
    pub photo: Option<String>,
    pub current_photo: Option<String>,
    /// Every field that differs between `current` and `form`.
    pub changes: Vec<FieldChange>,
    pub card_no: Option<String>,
    pub card_serial: Option<String>,
    /// The level it waits for, under two-level review.
    pub level: Option<ReviewLevel>,
    /// The decisions taken on it: 初审 and the final one.
    pub reviews: Vec<ReviewStep>,
    /// Why the caller may not approve it (scope, 职责分离), or may not decide it at all.
    pub cannot_approve: Option<String>,
    pub cannot_reject: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DecideArgs {
    #[ts(type = "number")]
    pub application_id: i64,
    pub approve: bool,
    /// 审核意见; required to reject.
    pub comment: String,
}

impl Registry {
    /// One application with the record beside it and every changed field.
    pub fn application_detail(&self, token: &str, application_id: i64) -> Result<ApplicationDetail> {
        let actor = self.actor(token)?;
        actor.require_staff()?;
        let today = self.clock().today();
        let conn = self.read()?;
        let (info, worker_id, data) = load_application(&conn, application_id)?;
        let w = load_worker(&conn, worker_id)?;
        let state = load_state(&conn, &w, today)?;
        let codes = codes::load(&conn)?;
        let form: Option<RecordForm> = match data {
            Some(d) => {
                let f = crate::registration::record::stored_form(&d, || format!("{}申请（编号 {application_id}）", info.kind.label()))?;
                Some(form_as_reviewed(&conn, worker_id, application_id, &w.data, f)?)
            }
            None => None,
        };
        // Before the first approval the record holds the draft itself: compare with nothing.
        let current = if w.status == RecordStatus::Unregistered { RecordForm::default() } else { w.data.clone() };
        let changes = form.as_ref().map(|f| diff(&current, f, &codes)).unwrap_or_default();
        let photo_of = |id: Option<i64>| -> Result<Option<String>> {
            Ok(match id {
                Some(id) => conn
                    .query_row("SELECT jpeg FROM photos WHERE id = ?1", [id], |r| r.get::<_, Vec<u8>>(0))
                    .optional()?
                    .map(|j| photo::data_url(&j)),
                None => None,
            })
        };
        let card: Option<(String, String)> = conn
            .query_row("SELECT card_no, serial_no FROM cards WHERE worker_id = ?1 AND status = 'valid'", [worker_id], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        let waiting = info.status == Status::Submitted;
        let refusal = |approve: bool| match levels::check(&conn, actor.user_id, application_id, info.kind, approve) {
            Err(Error::Conflict(why)) => Ok(Some(why)),
            Err(e) => Err(e),
            Ok(_) => Ok(None),
        };
        let (cannot_approve, cannot_reject) = if waiting { (refusal(true)?, refusal(false)?) } else { (None, None) };
        let passed_first: bool =
            conn.query_row("SELECT first_review_at IS NOT NULL FROM applications WHERE id = ?1", [application_id], |r| r.get(0))?;
        let detail = ApplicationDetail {
            level: (waiting && levels::two_level(&conn)?).then(|| ReviewLevel::waiting(passed_first)),
            reviews: levels::steps(&conn, application_id)?,
            cannot_approve,
            cannot_reject,
            photo: photo_of(form.as_ref().and_then(|f| f.photo_id))?,
            current_photo: photo_of(current.photo_id)?,
            info,
            worker_id,
            status: w.status,
            expired: state.expired(),
            registration_no: w.registration_no,
            valid_until: w.valid_until,
            form,
            current,
            changes,
            card_no: card.as_ref().map(|c| c.0.clone()),
            card_serial: card.map(|c| c.1),
        };
        drop(conn);
        crate::access::note(&self.db(), self.clock().now(), &actor, crate::access::Access {
            worker: worker_id,
            view: crate::access::AccessView::Application,
            application: Some(application_id),
            note: None,
        })?;
        Ok(detail)
    }

    /// 通过 or 退回 an application; the worker is told by mail.
    pub fn decide_application(&self, token: &str, args: DecideArgs) -> Result<ApplicationInfo> {
        let actor = self.actor(token)?;
        actor.require_staff()?;
        let comment = validate::clean_text(&args.comment, 500, true).map_err(|m| Error::field("comment", m))?;
        if !args.approve && comment.is_empty() {
            return Err(Error::field("comment", "退回时请填写审核意见"));
        }
        let now = self.clock().now();
        let today = self.clock().today();
        let (worker_id, kind) = {
            let mut conn = self.db();
            let tx = conn.transaction()?;
            let (info, worker_id, data) = load_application(&tx, args.application_id)?;
            if info.status != Status::Submitted {
                return Err(Error::Conflict("该申请不在待审核状态，可能已被其他审核员处理".into()));
            }
            let step = levels::check(&tx, actor.user_id, args.application_id, info.kind, args.approve)?;
            let w = load_worker(&tx, worker_id)?;
            let state = load_state(&tx, &w, today)?;
            if step.passes_first(args.approve) {
                workflow::may_approve(info.kind, &state).map_err(Error::Conflict)?;
                levels::pass_first(&tx, now, actor.user_id, &info, worker_id, &comment, &step)?;
                tx.commit()?;
                drop(conn);
                return Ok(load_application(&self.db(), args.application_id)?.0);
            }
            let before = serde_json::to_string(&w.data).ok();
            let mut after = None;
            if args.approve {
                workflow::may_approve(info.kind, &state).map_err(Error::Conflict)?;
                let effect = workflow::on_approve(info.kind, &state);
                let mut form = w.data.clone();
                if effect.take_form {
                    form = data
                        .as_deref()
                        .and_then(|d| serde_json::from_str(d).ok())
                        .ok_or_else(|| Error::Internal("申请缺少登记表".into()))?;
                    form = form_to_approve(&tx, worker_id, args.application_id, &w.data, form)?;
                    store_record(&tx, worker_id, &form, now)?;
                    after = serde_json::to_string(&form).ok();
                }
                if effect.new_period {
                    let years = settings::get_int(
                        &tx,
                        if form.full_time == Some(true) { settings::PERIOD_FULL_TIME_YEARS } else { settings::PERIOD_OTHER_YEARS },
                    )?;
                    let submitted_on = info.submitted_at.as_deref().and_then(parse_stamp).map(|t| t.with_timezone(&china()).date_naive());
                    let (from, until) = workflow::new_period(info.kind, state.valid_until, submitted_on, today, years as i32);
                    tx.execute(
                        "UPDATE workers SET valid_from = ?1, valid_until = ?2 WHERE id = ?3",
                        params![from.to_string(), until.to_string(), worker_id],
                    )?;
                }
                if effect.assign_registration_no && w.registration_no.is_none() {
                    let no = next_registration_no(&tx, today)?;
                    tx.execute("UPDATE workers SET registration_no = ?1 WHERE id = ?2", params![no, worker_id])?;
                }
                tx.execute(
                    "UPDATE workers SET status = ?1, editing_unlocked = ?2, frozen_reason = CASE WHEN ?1 = 'frozen' THEN frozen_reason END,
                            updated_at = ?4
                     WHERE id = ?3",
                    params![effect.status.as_str(), effect.editing_unlocked, worker_id, stamp(now)],
                )?;
                if effect.replace_card {
                    replace_card(&tx, worker_id, actor.user_id, args.application_id, now)?;
                }
            }
            tx.execute(
                "UPDATE applications SET status = ?1, decided_at = ?2, decided_by = ?3, decision_comment = ?4, decided_level = ?6
                 WHERE id = ?5",
                params![
                    if args.approve { "approved" } else { "rejected" },
                    stamp(now),
                    actor.user_id,
                    (!comment.is_empty()).then_some(&comment),
                    args.application_id,
                    step.level
                ],
            )?;
            audit::append(&tx, now, Entry {
                actor: Some(actor.user_id),
                action: if args.approve { AuditAction::ApplicationApprove } else { AuditAction::ApplicationReject },
                worker: Some(worker_id),
                application: Some(args.application_id),
                before: after.as_ref().and(before),
                after,
                note: Some(step.note(info.kind, &comment)),
            })?;
            tx.commit()?;
            (worker_id, info.kind)
        };
        self.notify_decision(worker_id, kind, args.approve, &comment);
        let conn = self.db();
        Ok(load_application(&conn, args.application_id)?.0)
    }
}

fn load_application(conn: &Connection, id: i64) -> Result<(ApplicationInfo, i64, Option<String>)> {
    conn.query_row(
        "SELECT id, kind, status, reason, created_at, submitted_at, decided_at, decision_comment, worker_id, data
         FROM applications WHERE id = ?1",
        [id],
        |r| {
            Ok((
                ApplicationInfo {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    status: r.get(2)?,
                    reason: r.get(3)?,
                    created_at: r.get(4)?,
                    submitted_at: r.get(5)?,
                    decided_at: r.get(6)?,
                    decision_comment: r.get(7)?,
                },
                r.get(8)?,
                r.get(9)?,
            ))
        },
    )
    .optional()?
    .ok_or_else(|| Error::NotFound("申请不存在".into()))
}

/// The next 登记证号 of the approval year: prefix + year + 5-digit sequence.
fn next_registration_no(conn: &Connection, today: NaiveDate) -> Result<String> {
    let prefix = format!("{}{}", settings::get_text(conn, settings::REGISTRATION_PREFIX)?, today.format("%Y"));
    let last: Option<String> = conn.query_row(
        "SELECT MAX(registration_no) FROM workers WHERE registration_no LIKE ?1 ESCAPE '\\'",
        [format!("{}_____", prefix.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"))],
        |r| r.get(0),
    )?;
    let seq = last.and_then(|l| l.get(prefix.len()..).and_then(|s| s.parse::<u32>().ok())).unwrap_or(0) + 1;
    Ok(format!("{prefix}{seq:05}"))
}

