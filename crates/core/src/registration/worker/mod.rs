//! The worker's side of the registry: the record form and its drafts, submission and the photo;
//! `requests` holds contact changes, requests and history lists, `hub` the 个人信息维护 hub, `enter`
//! the entry of a walk-in worker by staff (代录入).

mod contact;
mod enter;
mod hub;
mod identity;
mod requests;

pub use enter::{EnterWorkerArgs, EnteredWorker, FindByIdNumberArgs, KnownWorker};
pub(crate) use hub::may_print;
pub use hub::{Hub, HubAction, HubKey};
pub use requests::{ContactArgs, HistoryQuery, RequestArgs};

use crate::audit::{self, AuditAction, Entry};
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::accounts::mail::Mail;
use crate::registration::record::{self, RecordForm};
use crate::registry::Registry;
use crate::stored;
use crate::accounts::session::Actor;
use crate::validate::{self};
use crate::registration::workflow::{self, Kind, RecordStatus, State, Status};
use crate::{registration::codes, registration::photo};
use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which record a command is about: the caller's own (`workerId` null, for workers) or a given
/// one (staff).
#[derive(Debug, Clone, Copy, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    #[ts(type = "number | null")]
    pub worker_id: Option<i64>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecordQuery {
    #[ts(type = "number | null")]
    pub worker_id: Option<i64>,
    /// One of the kinds that carry the form: initial, modification, renewal, restoration.
    pub kind: Kind,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SaveRecordArgs {
    #[ts(type = "number | null")]
    pub worker_id: Option<i64>,
    pub kind: Kind,
    pub form: RecordForm,
    /// false: 保存资料 (a draft); true: 提交审核 (checked in full).
    pub submit: bool,
}

/// The latest application of a kind, as the form page shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationInfo {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: Kind,
    pub status: Status,
    pub reason: Option<String>,
    pub created_at: String,
    pub submitted_at: Option<String>,
    pub decided_at: Option<String>,
    pub decision_comment: Option<String>,
}

/// The record form page: what to show and whether it can be edited.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecordView {
    #[ts(type = "number")]
    pub worker_id: i64,
    pub status: RecordStatus,
    /// 超期: registered and past the validity end (computed today).
    pub expired: bool,
    pub registration_no: Option<String>,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    pub kind: Kind,
    pub form: RecordForm,
    /// The form's photo as a data URL.
    pub photo: Option<String>,
    /// The latest application of this kind (its status, the reviewer's comment).
    pub application: Option<ApplicationInfo>,
    pub editable: bool,
    /// Why the form cannot be edited, when it cannot.
    pub locked_reason: Option<String>,
    /// 代录入: who entered the record for the worker, and when.
    pub entered_by: Option<String>,
    pub entered_at: Option<String>,
}


/// A photo just stored: its id for the form, and a data URL to show it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PhotoUpload {
    #[ts(type = "number")]
    pub photo_id: i64,
    pub data_url: String,
}

/// A worker row as the rules and views need it.
pub(crate) struct WorkerRow {
    pub id: i64,
    pub status: RecordStatus,
    pub registration_no: Option<String>,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    pub editing_unlocked: bool,
    pub data: RecordForm,
    pub entered_by: Option<String>,
    pub entered_at: Option<String>,
}

pub(crate) fn load_worker(conn: &Connection, id: i64) -> Result<WorkerRow> {
    conn.query_row(
        "SELECT w.id, w.status, w.registration_no, w.valid_from, w.valid_until, w.editing_unlocked,
                w.data, e.display_name, w.entered_at, w.name
         FROM workers w LEFT JOIN users e ON e.id = w.entered_by WHERE w.id = ?1",
        [id],
        |r| {
            let id: i64 = r.get(0)?;
            let data: String = r.get(6)?;
            Ok(WorkerRow {
                id,
                status: r.get(1)?,
                registration_no: r.get(2)?,
                valid_from: r.get(3)?,
                valid_until: r.get(4)?,
                editing_unlocked: r.get(5)?,
                data: crate::registration::record::stored_form(&data, || stored::worker_name(&r.get::<_, String>(9).unwrap_or_default(), id))?,
                entered_by: r.get(7)?,
                entered_at: r.get(8)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| Error::NotFound("登记记录不存在".into()))
}

pub(crate) fn load_state(conn: &Connection, w: &WorkerRow, today: NaiveDate) -> Result<State> {
    let mut stmt = conn.prepare_cached("SELECT kind FROM applications WHERE worker_id = ?1 AND status = 'submitted'")?;
    let submitted = stmt.query_map([w.id], |r| r.get::<_, Kind>(0))?.collect::<rusqlite::Result<_>>()?;
    let has_valid_card = conn
        .query_row("SELECT 1 FROM cards WHERE worker_id = ?1 AND status = 'valid'", [w.id], |_| Ok(()))
        .optional()?
        .is_some();
    Ok(State {
        status: w.status,
        valid_until: w.valid_until.as_deref().and_then(|d| validate::date(d).ok()),
        editing_unlocked: w.editing_unlocked,
        has_valid_card,
        submitted,
        today,
        renewal_open_days: crate::settings::get_int(conn, crate::settings::RENEWAL_OPEN_DAYS)?,
    })
}

/// Copies a form into the record: its JSON and the columns lists search by.
pub(crate) fn store_record(conn: &Connection, worker_id: i64, form: &RecordForm, now: DateTime<Utc>) -> Result<()> {
    let json = serde_json::to_string(form).map_err(|e| Error::Internal(e.to_string()))?;
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    conn.execute(
        "UPDATE workers SET data = ?1, photo_id = ?2, name = ?3, id_number = ?4, mobile = ?5, employer = ?6, sex = ?7,
                birth_date = ?8, education = ?9, district = ?10, title = ?11, full_time = ?12, xiamen_hukou = ?13,
                updated_at = ?14
         WHERE id = ?15",
        params![
            json,
            form.photo_id,
            form.name,
            opt(&form.id_number),
            opt(&form.contact.mobile),
            form.employer,
            opt(&form.sex),
            opt(&form.birth_date),
            opt(&form.education),
            opt(&form.district),
            opt(&form.title),
            form.full_time,
            form.xiamen_hukou,
            stamp(now),
            worker_id
        ],
    )?;
    conn.execute("DELETE FROM worker_fields WHERE worker_id = ?1", [worker_id])?;
    let mut ins = conn.prepare_cached("INSERT OR IGNORE INTO worker_fields (worker_id, field) VALUES (?1, ?2)")?;
    for f in &form.fields {
        ins.execute(params![worker_id, f])?;
    }
    Ok(())
}

/// The form that approving `application_id` writes into the record: the submitted one, with
/// the record's contact section when a contact change came after the submission. Refused when
/// its ID number is not the account's.
pub(crate) fn form_to_approve(
    conn: &Connection,
    worker_id: i64,
    application_id: i64,
    record: &RecordForm,
    form: RecordForm,
) -> Result<RecordForm> {
    let form = form_as_reviewed(conn, worker_id, application_id, record, form)?;
    if let Some(why) = identity::mismatch(&form.id_number, identity::account_id_number(conn, worker_id)?.as_deref()) {
        return Err(Error::Conflict(format!("该申请已不能通过：{why}")));
    }
    Ok(form)
}

/// The submitted form as the reviewer compares it: what approval would write, so a contact
/// change made while it waited never shows as the application's own edit.
pub(crate) fn form_as_reviewed(
    conn: &Connection,
    worker_id: i64,
    application_id: i64,
    record: &RecordForm,
    mut form: RecordForm,
) -> Result<RecordForm> {
    form.contact = contact::on_approval(conn, worker_id, application_id, &record.contact, &form.contact)?;
    Ok(form)
}

fn application_info(conn: &Connection, worker_id: i64, kind: Kind) -> Result<Option<(ApplicationInfo, Option<String>)>> {
    Ok(conn
        .query_row(
            "SELECT id, status, reason, created_at, submitted_at, decided_at, decision_comment, data
             FROM applications WHERE worker_id = ?1 AND kind = ?2 ORDER BY id DESC LIMIT 1",
            params![worker_id, kind.as_str()],
            |r| {
                Ok((
                    ApplicationInfo {
                        id: r.get(0)?,
                        kind,
                        status: r.get(1)?,
                        reason: r.get(2)?,
                        created_at: r.get(3)?,
                        submitted_at: r.get(4)?,
                        decided_at: r.get(5)?,
                        decision_comment: r.get(6)?,
                    },
                    r.get(7)?,
                ))
            },
        )
        .optional()?)
}

impl Registry {
    /// The record a command may touch: a worker their own (created on first use), staff any.
    pub(crate) fn target(&self, actor: &Actor, worker_id: Option<i64>) -> Result<i64> {
        match (actor.role.is_staff(), worker_id) {
            (true, Some(id)) => Ok(id),
            (true, None) => Err(Error::NotFound("请先选择社工".into())),
            (false, Some(id)) => {
                let own = self.own_worker(actor)?;
                if own == id { Ok(id) } else { Err(Error::Forbidden) }
            }
            (false, None) => self.own_worker(actor),
        }
    }

    fn own_worker(&self, actor: &Actor) -> Result<i64> {
        let find = |conn: &Connection| -> Result<Option<i64>> {
            Ok(conn.query_row("SELECT id FROM workers WHERE user_id = ?1", [actor.user_id], |r| r.get(0)).optional()?)
        };
        if let Some(id) = find(&*self.read()?)? {
            return Ok(id);
        }
        // Looked for again by the writer: another call of the same account may have created it.
        let conn = self.db();
        match find(&conn)? {
            Some(id) => Ok(id),
            None => create_worker_row(&conn, actor.user_id, None, self.clock().now()),
        }
    }


    /// 社工信息登记 / 修改 / 续期 / 恢复: the form of one kind, from its open draft, its latest
    /// rejected application, or the current record.
    pub fn record_form(&self, token: &str, q: RecordQuery) -> Result<RecordView> {
        let actor = self.actor(token)?;
        let worker_id = self.target(&actor, q.worker_id)?;
        if !q.kind.carries_record() {
            return Err(Error::Conflict("该申请不含登记表".into()));
        }
        let today = self.clock().today();
        let conn = self.read()?;
        let w = load_worker(&conn, worker_id)?;
        let state = load_state(&conn, &w, today)?;
        let latest = application_info(&conn, worker_id, q.kind)?;
        let form = match &latest {
            Some((info, Some(data))) if info.status != Status::Approved => {
                crate::registration::record::stored_form(data, || format!("{}申请（编号 {}）", q.kind.label(), info.id))?
            }
            _ => w.data.clone(),
        };
        let locked = match &latest {
            Some((info, _)) if info.status == Status::Submitted => Some("已提交审核，审核完成前不能修改".to_owned()),
            _ => workflow::may_start(q.kind, &state).err(),
        };
        let photo = match form.photo_id {
            Some(id) => photo_url(&conn, worker_id, id)?,
            None => None,
        };
        drop(conn);
        crate::access::note(&self.db(), self.clock().now(), &actor, crate::access::Access {
            worker: worker_id,
            view: crate::access::AccessView::Record,
            application: None,
            note: Some(q.kind.label().to_owned()),
        })?;
        Ok(RecordView {
            worker_id,
            status: w.status,
            expired: state.expired(),
            registration_no: w.registration_no,
            valid_from: w.valid_from,
            valid_until: w.valid_until,
            kind: q.kind,
            form,
            photo,
            application: latest.map(|(i, _)| i),
            editable: locked.is_none(),
            locked_reason: locked,
            entered_by: w.entered_by,
            entered_at: w.entered_at,
        })
    }

    /// 保存资料 (any content, trimmed and capped) or 提交审核 (checked in full); either way nothing
    /// typed is lost: a failed submit changes nothing stored and returns every field's error.
    pub fn save_record(&self, token: &str, args: SaveRecordArgs) -> Result<RecordView> {
        let actor = self.actor(token)?;
        let worker_id = self.target(&actor, args.worker_id)?;
        if !args.kind.carries_record() {
            return Err(Error::Conflict("该申请不含登记表".into()));
        }
        let today = self.clock().today();
        let now = self.clock().now();
        {
            let mut conn = self.db();
            let codes = codes::load(&conn)?;
            let w = load_worker(&conn, worker_id)?;
            let state = load_state(&conn, &w, today)?;
            workflow::may_start(args.kind, &state).map_err(Error::Conflict)?;
            let account_id_number = identity::account_id_number(&conn, worker_id)?;
            let form = if args.submit {
                identity::check_submit(record::check_submit(&args.form, &codes, today), &args.form, account_id_number.as_deref())
            } else {
                record::clean_draft(&args.form)
            }
            .map_err(Error::from)?;
            if let Some(pid) = form.photo_id {
                let owned = conn
                    .query_row("SELECT 1 FROM photos WHERE id = ?1 AND worker_id = ?2", [pid, worker_id], |_| Ok(()))
                    .optional()?;
                if owned.is_none() {
                    return Err(Error::field("photo", "照片不存在，请重新上传"));
                }
            }
            if args.submit && identity::claimed(&conn, &form.id_number, Some(worker_id))? {
                return Err(Error::field("idNumber", "该身份证号码已有其他登记记录"));
            }
            let json = serde_json::to_string(&form).map_err(|e| Error::Internal(e.to_string()))?;
            let tx = conn.transaction()?;
            let draft: Option<i64> = tx
                .query_row(
                    "SELECT id FROM applications WHERE worker_id = ?1 AND kind = ?2 AND status = 'draft'",
                    params![worker_id, args.kind.as_str()],
                    |r| r.get(0),
                )
                .optional()?;
            let entered_by = actor.role.is_staff().then_some(actor.user_id);
            let app_id = match draft {
                Some(id) => {
                    tx.execute(
                        "UPDATE applications SET data = ?1, updated_at = ?2, entered_by = COALESCE(?3, entered_by) WHERE id = ?4",
                        params![json, stamp(now), entered_by, id],
                    )?;
                    id
                }
                None => {
                    tx.execute(
                        "INSERT INTO applications (worker_id, kind, status, data, created_at, updated_at, entered_by)
                         VALUES (?1, ?2, 'draft', ?3, ?4, ?4, ?5)",
                        params![worker_id, args.kind.as_str(), json, stamp(now), entered_by],
                    )?;
                    tx.last_insert_rowid()
                }
            };
            if w.status == RecordStatus::Unregistered {
                // Before the first approval the record is what was entered last, except its
                // identity: a draft's ID number stays in the draft.
                let mut copy = form.clone();
                if let Some(own) = &account_id_number {
                    copy.id_number = own.clone();
                }
                store_record(&tx, worker_id, &copy, now)?;
                if let Some(staff) = entered_by {
                    tx.execute(
                        "UPDATE workers SET entered_by = ?1, entered_at = COALESCE(entered_at, ?2) WHERE id = ?3",
                        params![staff, stamp(now), worker_id],
                    )?;
                }
            }
            if args.submit {
                tx.execute(
                    "UPDATE applications SET status = 'submitted', submitted_at = ?1 WHERE id = ?2",
                    params![stamp(now), app_id],
                )?;
                audit::append(&tx, now, Entry {
                    actor: Some(actor.user_id),
                    worker: Some(worker_id),
                    application: Some(app_id),
                    after: Some(json),
                    note: Some(args.kind.label().to_owned()),
                    ..Entry::new(AuditAction::RecordSubmit)
                })?;
            }
            tx.commit()?;
        }
        self.record_form(token, RecordQuery { worker_id: Some(worker_id), kind: args.kind })
    }

    /// Stores an uploaded photo for a record (checked and re-encoded first).
    pub fn upload_photo(&self, token: &str, target: Target, bytes: &[u8]) -> Result<PhotoUpload> {
        let actor = self.actor(token)?;
        let worker_id = self.target(&actor, target.worker_id)?;
        let jpeg = photo::process(bytes)?;
        let now = self.clock().now();
        let conn = self.db();
        conn.execute(
            "INSERT INTO photos (worker_id, jpeg, created_at) VALUES (?1, ?2, ?3)",
            params![worker_id, jpeg, stamp(now)],
        )?;
        Ok(PhotoUpload { photo_id: conn.last_insert_rowid(), data_url: photo::data_url(&jpeg) })
    }


    /// Tells a worker by mail that an application was decided.
    pub(crate) fn notify_decision(&self, worker_id: i64, kind: Kind, approved: bool, comment: &str) {
        let row: Option<(String, Option<String>)> = self
            .db()
            .query_row(
                "SELECT u.display_name, u.email FROM workers w JOIN users u ON u.id = w.user_id WHERE w.id = ?1",
                [worker_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ok();
        let Some((name, Some(to))) = row else { return };
        let outcome = if approved { "已通过审核" } else { "未通过审核" };
        let mut body = format!("{name}，您好：\n\n您提交的{}{outcome}。\n", kind.label());
        if !comment.is_empty() {
            body.push_str(&format!("审核意见：{comment}\n"));
        }
        self.notify(Mail {
            to,
            to_name: name,
            subject: format!("社会工作者登记管理系统：{}{outcome}", kind.label()),
            body,
        });
    }
}

/// A new record for an account, prefilled with what the account already knows.
fn create_worker_row(conn: &Connection, user_id: i64, entered_by: Option<i64>, now: DateTime<Utc>) -> Result<i64> {
    let (name, id_number, phone, email): (String, Option<String>, Option<String>, Option<String>) = conn.query_row(
        "SELECT display_name, id_number, phone, email FROM users WHERE id = ?1 AND role = 'worker'",
        [user_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let mut form = RecordForm { name, id_number: id_number.clone().unwrap_or_default(), ..Default::default() };
    form.contact.mobile = phone.unwrap_or_default();
    form.contact.email = email.unwrap_or_default();
    if let Some(id) = id_number.as_deref().and_then(|v| validate::id_number(v, now.date_naive()).ok()) {
        form.birth_date = id.birth_date.to_string();
        form.sex = if id.male { "1" } else { "2" }.to_owned();
    }
    conn.execute(
        "INSERT INTO workers (user_id, entered_by, entered_at, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![user_id, entered_by, entered_by.map(|_| stamp(now)), stamp(now)],
    )?;
    let id = conn.last_insert_rowid();
    store_record(conn, id, &form, now)?;
    Ok(id)
}

fn photo_url(conn: &Connection, worker_id: i64, photo_id: i64) -> Result<Option<String>> {
    let jpeg: Option<Vec<u8>> = conn
        .query_row("SELECT jpeg FROM photos WHERE id = ?1 AND worker_id = ?2", [photo_id, worker_id], |r| r.get(0))
        .optional()?;
    Ok(jpeg.map(|j| photo::data_url(&j)))
}
