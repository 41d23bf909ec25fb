//! The staff side of the workflow: queues, the side-by-side view, decisions, freezing and cards.

use crate::audit::{self, day_bound, Entry};
use crate::clock::stamp;
use crate::codes::{self, CodeTables, Kind as CodeKind};
use crate::error::{Error, Result};
use crate::page::{limit_offset, Page};
use crate::record::{add_years, RecordForm};
use crate::registry::Registry;
use crate::roster::{self, RosterQuery, NO_TITLE};
use crate::validate;
use crate::worker::{load_state, load_worker, store_record, ApplicationInfo, Target};
use crate::workflow::{self, Kind, RecordStatus, Status};
use crate::{photo, settings};
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum QueueSort {
    /// 提交时间，早的在前 (first come, first served)
    #[default]
    SubmittedAsc,
    SubmittedDesc,
    Name,
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QueueQuery {
    /// One kind, or all (全部待审).
    pub kind: Option<Kind>,
    /// Submitted (待审核) unless another status is asked for.
    pub status: Option<Status>,
    pub district: String,
    pub title: String,
    /// Submission dates, `YYYY-MM-DD`, inclusive.
    pub from: String,
    pub to: String,
    /// 姓名, 身份证号码, 手机号码, 单位 or 登记证号, as the register searches: three characters
    /// or more match anywhere; one or two match the start of a name.
    pub search: String,
    pub sort: QueueSort,
    pub page: u32,
    pub page_size: u32,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QueueRow {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: Kind,
    pub status: Status,
    #[ts(type = "number")]
    pub worker_id: i64,
    pub name: String,
    pub id_number: String,
    pub mobile: String,
    pub district: String,
    pub title: String,
    pub employer: String,
    pub submitted_at: Option<String>,
    pub decided_at: Option<String>,
    pub entered_by: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KindCount {
    pub kind: Kind,
    #[ts(type = "number")]
    pub count: i64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QueueCounts {
    #[ts(type = "number")]
    pub total: i64,
    pub by_kind: Vec<KindCount>,
}

/// One field that an application changes, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    pub field: String,
    pub label: String,
    pub before: String,
    pub after: String,
}

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

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IssueCardArgs {
    #[ts(type = "number")]
    pub worker_id: i64,
    pub card_no: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CardRow {
    #[ts(type = "number")]
    pub id: i64,
    pub card_no: String,
    pub serial_no: String,
    /// valid 有效 / void 已作废
    pub status: String,
    pub issued_at: String,
    pub voided_at: Option<String>,
}

/// 登记期限设置
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PeriodSettings {
    #[ts(type = "number")]
    pub full_time_years: i64,
    #[ts(type = "number")]
    pub other_years: i64,
    #[ts(type = "number")]
    pub grace_days: i64,
    pub registration_prefix: String,
}

impl Registry {
    /// The review queues: one kind or all, filtered, searched, sorted and paged.
    ///
    /// The total and the page's ids come from the V7 covering indexes (the filters on the record
    /// through the register's own, see `roster::plan`); only the page's rows are read in full.
    pub fn application_queue(&self, token: &str, q: QueueQuery) -> Result<Page<QueueRow>> {
        self.actor(token)?.require_staff()?;
        let (limit, offset) = limit_offset(q.page, q.page_size);
        let status = q.status.unwrap_or(Status::Submitted);
        let from = day_bound(&q.from, "from", false)?;
        let to = day_bound(&q.to, "to", true)?;
        if let (Some(a), Some(b)) = (&from, &to) {
            if a >= b {
                return Err(Error::field("to", "结束日期不能早于开始日期"));
            }
        }
        // The search, as the register has it; 所在区 and 职称 from the application's copy of them
        // (V7), or from the record when the walk goes through the records.
        let record = roster::filter(&RosterQuery { search: q.search.clone(), ..Default::default() }, self.clock().today())?;
        let mut terms = vec!["a.status = ?".to_owned()];
        let mut params: Vec<Value> = vec![Value::Text(status.as_str().into())];
        if let Some(kind) = q.kind {
            terms.push("a.kind = ?".into());
            params.push(Value::Text(kind.as_str().into()));
        }
        if let Some(from) = from {
            terms.push("a.submitted_at >= ?".into());
            params.push(Value::Text(from));
        }
        if let Some(to) = to {
            terms.push("a.submitted_at < ?".into());
            params.push(Value::Text(to));
        }
        let mut copied: Vec<(&str, Option<String>)> = Vec::new();
        if !q.district.trim().is_empty() {
            copied.push(("district", Some(q.district.trim().to_owned())));
        }
        match q.title.trim() {
            "" => {}
            NO_TITLE => copied.push(("title", None)),
            t => copied.push(("title", Some(t.to_owned()))),
        }
        let on = |table: &str, prefix: &str| {
            copied
                .iter()
                .map(|(col, v)| match v {
                    Some(_) => format!("{table}.{prefix}{col} = ?"),
                    None => format!("{table}.{prefix}{col} IS NULL"),
                })
                .collect::<Vec<_>>()
        };
        let copied_params: Vec<Value> = copied.iter().filter_map(|(_, v)| v.clone().map(Value::Text)).collect();
        let own = terms.join(" AND ");
        let own_params = params.clone();
        let only_status_kind = terms.len() == 1 + usize::from(q.kind.is_some()) && copied.is_empty() && record.is_empty();
        terms.extend(on("a", "worker_"));
        params.extend(copied_params.iter().cloned());
        let searched = roster::normalize_search(&q.search);
        if (1..=2).contains(&searched.chars().count()) {
            // The start of a name, on the application's copy of it (as `roster::plan` searches).
            let mut end = searched.clone();
            if let Some(last) = end.pop() {
                end.push(char::from_u32(last as u32 + 1).unwrap_or(char::MAX));
            }
            terms.push("a.worker_name >= ? AND a.worker_name < ?".into());
            params.extend([Value::Text(searched), Value::Text(end)]);
        } else if !record.is_empty() {
            terms.push(format!("a.worker_id IN ({})", record.ids()));
            params.extend(record.params().iter().cloned());
        }
        let filter = terms.join(" AND ");
        let index = if q.kind.is_some() { "applications_queue_kind" } else { "applications_queue_time" };

        let conn = self.db();
        let total: i64 = if only_status_kind {
            // Kept by the V7 triggers.
            conn.prepare_cached("SELECT COALESCE(SUM(n), 0) FROM application_counts WHERE status = ?1 AND (?2 IS NULL OR kind = ?2)")?
                .query_row(params![status.as_str(), q.kind.map(Kind::as_str)], |r| r.get(0))?
        } else {
            conn.prepare_cached(&format!("SELECT COUNT(*) FROM applications a INDEXED BY {index} WHERE {filter}"))?
                .query_row(params_from_iter(&params), |r| r.get(0))?
        };
        if total <= offset {
            return Ok(Page { items: Vec::new(), total });
        }
        let page = format!("LIMIT {limit} OFFSET {offset}");
        let by_time = |order: &str| format!("SELECT a.id FROM applications a INDEXED BY {index} WHERE {filter} ORDER BY {order} {page}");
        let (sql, page_params) = match q.sort {
            QueueSort::SubmittedAsc => (by_time("a.submitted_at, a.id"), params),
            QueueSort::SubmittedDesc => (by_time("a.submitted_at DESC, a.id DESC"), params),
            QueueSort::Name => {
                // Walking the workers in name order meets a page's rows early when many records
                // have one waiting (about wanted × workers / total entries, ~1 µs each); otherwise
                // the few matches are sorted (one record lookup each, a few µs).
                let workers: i64 = conn.query_row("SELECT COALESCE(MAX(id), 0) FROM workers", [], |r| r.get(0))?;
                let wanted = offset + limit;
                if wanted.saturating_mul(workers) < total.saturating_mul(total).saturating_mul(4) {
                    let mut all = own_params;
                    all.extend(copied_params);
                    all.extend(record.params().iter().cloned());
                    let mut on_record = on("w", "");
                    on_record.push(record.condition());
                    let sql = format!(
                        "SELECT a.id FROM workers w INDEXED BY workers_roster_name \
                         JOIN applications a INDEXED BY applications_queue_worker ON a.worker_id = w.id \
                         WHERE {own} AND {} ORDER BY w.name, w.id, a.id {page}",
                        on_record.join(" AND ")
                    );
                    (sql, all)
                } else {
                    let sql = format!(
                        "SELECT a.id FROM applications a INDEXED BY {index} JOIN workers w ON w.id = a.worker_id \
                         WHERE {filter} ORDER BY +w.name, w.id, a.id {page}"
                    );
                    (sql, params)
                }
            }
        };
        let ids: Vec<i64> =
            conn.prepare_cached(&sql)?.query_map(params_from_iter(&page_params), |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        let mut row = conn.prepare_cached(
            "SELECT a.id, a.kind, a.status, w.id, w.name, w.id_number, w.mobile, w.district, w.title, w.employer,
                    a.submitted_at, a.decided_at, e.display_name
             FROM applications a JOIN workers w ON w.id = a.worker_id LEFT JOIN users e ON e.id = a.entered_by
             WHERE a.id = ?1",
        )?;
        let items = ids
            .iter()
            .map(|id| {
                row.query_row([id], |r| {
                    let kind: String = r.get(1)?;
                    let status: String = r.get(2)?;
                    Ok(QueueRow {
                        id: r.get(0)?,
                        kind: Kind::parse(&kind).unwrap_or(Kind::Initial),
                        status: Status::parse(&status).unwrap_or(Status::Submitted),
                        worker_id: r.get(3)?,
                        name: r.get(4)?,
                        id_number: r.get::<_, Option<String>>(5)?.map(|v| validate::mask_id_number(&v)).unwrap_or_default(),
                        mobile: r.get::<_, Option<String>>(6)?.map(|v| validate::mask_phone(&v)).unwrap_or_default(),
                        district: r.get::<_, Option<String>>(7)?.unwrap_or_default(),
                        title: r.get::<_, Option<String>>(8)?.unwrap_or_default(),
                        employer: r.get(9)?,
                        submitted_at: r.get(10)?,
                        decided_at: r.get(11)?,
                        entered_by: r.get(12)?,
                    })
                })
            })
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Page { items, total })
    }

    /// Waiting applications per kind, for the menu's badges.
    pub fn queue_counts(&self, token: &str) -> Result<QueueCounts> {
        self.actor(token)?.require_staff()?;
        let conn = self.db();
        let mut stmt = conn.prepare_cached("SELECT kind, n FROM application_counts WHERE status = 'submitted'")?;
        let counted: Vec<(String, i64)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        let by_kind: Vec<KindCount> = Kind::ALL
            .into_iter()
            .map(|kind| KindCount {
                kind,
                count: counted.iter().find(|(k, _)| k == kind.as_str()).map(|c| c.1).unwrap_or(0),
            })
            .collect();
        Ok(QueueCounts { total: by_kind.iter().map(|k| k.count).sum(), by_kind })
    }

    /// One application with the record beside it and every changed field.
    pub fn application_detail(&self, token: &str, application_id: i64) -> Result<ApplicationDetail> {
        self.actor(token)?.require_staff()?;
        let today = self.clock().today();
        let conn = self.db();
        let (info, worker_id, data) = load_application(&conn, application_id)?;
        let w = load_worker(&conn, worker_id)?;
        let state = load_state(&conn, &w, today)?;
        let codes = codes::load(&conn)?;
        let form: Option<RecordForm> = data.and_then(|d| serde_json::from_str(&d).ok());
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
        Ok(ApplicationDetail {
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
        })
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
            let w = load_worker(&tx, worker_id)?;
            let state = load_state(&tx, &w, today)?;
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
                    store_record(&tx, worker_id, &form, now)?;
                    after = serde_json::to_string(&form).ok();
                }
                if effect.new_period {
                    let years = settings::get_int(
                        &tx,
                        if form.full_time == Some(true) { settings::PERIOD_FULL_TIME_YEARS } else { settings::PERIOD_OTHER_YEARS },
                    )?;
                    let until = add_years(today, years as i32);
                    tx.execute(
                        "UPDATE workers SET valid_from = ?1, valid_until = ?2 WHERE id = ?3",
                        params![today.to_string(), until.to_string(), worker_id],
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
                "UPDATE applications SET status = ?1, decided_at = ?2, decided_by = ?3, decision_comment = ?4 WHERE id = ?5",
                params![
                    if args.approve { "approved" } else { "rejected" },
                    stamp(now),
                    actor.user_id,
                    (!comment.is_empty()).then_some(&comment),
                    args.application_id
                ],
            )?;
            audit::append(&tx, now, Entry {
                actor: Some(actor.user_id),
                action: if args.approve { "application.approve" } else { "application.reject" },
                worker: Some(worker_id),
                application: Some(args.application_id),
                before: after.as_ref().and(before),
                after,
                note: Some(if comment.is_empty() {
                    info.kind.label().to_owned()
                } else {
                    format!("{}：{comment}", info.kind.label())
                }),
            })?;
            tx.commit()?;
            (worker_id, info.kind)
        };
        self.notify_decision(worker_id, kind, args.approve, &comment);
        let conn = self.db();
        Ok(load_application(&conn, args.application_id)?.0)
    }

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
        let conn = self.db();
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

    /// 发放社工卡 to a registered worker without a valid card; the serial comes from the system.
    pub fn issue_card(&self, token: &str, args: IssueCardArgs) -> Result<CardRow> {
        let actor = self.actor(token)?;
        actor.require_admin()?;
        let card_no = validate::clean_text(&args.card_no, 30, false).map_err(|m| Error::field("cardNo", m))?;
        if card_no.is_empty() {
            return Err(Error::field("cardNo", "请填写社工卡号"));
        }
        let now = self.clock().now();
        let mut conn = self.db();
        let tx = conn.transaction()?;
        let w = load_worker(&tx, args.worker_id)?;
        if w.status != RecordStatus::Registered {
            return Err(Error::Conflict("只能为已登记的社工发放社工卡".into()));
        }
        let has_card = tx
            .query_row("SELECT 1 FROM cards WHERE worker_id = ?1 AND status = 'valid'", [args.worker_id], |_| Ok(()))
            .optional()?
            .is_some();
        if has_card {
            return Err(Error::Conflict("该社工已有有效的社工卡，补换请通过社工卡补换申请".into()));
        }
        let serial = next_serial(&tx, now.date_naive())?;
        tx.execute(
            "INSERT INTO cards (worker_id, card_no, serial_no, status, issued_at, issued_by) VALUES (?1, ?2, ?3, 'valid', ?4, ?5)",
            params![args.worker_id, card_no, serial, stamp(now), actor.user_id],
        )?;
        audit::append(&tx, now, Entry {
            actor: Some(actor.user_id),
            action: "card.issue",
            worker: Some(args.worker_id),
            after: Some(format!("{{\"cardNo\":\"{card_no}\",\"serialNo\":\"{serial}\"}}")),
            ..Default::default()
        })?;
        tx.commit()?;
        drop(conn);
        self.cards_of(token, Target { worker_id: Some(args.worker_id) })?
            .into_iter()
            .find(|c| c.serial_no == serial)
            .ok_or_else(|| Error::Internal("社工卡未保存".into()))
    }

    /// A worker's cards, the valid one first, then the void ones newest first.
    pub fn cards_of(&self, token: &str, target: Target) -> Result<Vec<CardRow>> {
        let actor = self.actor(token)?;
        let worker_id = self.target(&actor, target.worker_id)?;
        let conn = self.db();
        let mut stmt = conn.prepare(
            "SELECT id, card_no, serial_no, status, issued_at, voided_at FROM cards WHERE worker_id = ?1
             ORDER BY status = 'valid' DESC, id DESC",
        )?;
        let rows = stmt
            .query_map([worker_id], |r| {
                Ok(CardRow {
                    id: r.get(0)?,
                    card_no: r.get(1)?,
                    serial_no: r.get(2)?,
                    status: r.get(3)?,
                    issued_at: r.get(4)?,
                    voided_at: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    pub fn period_settings(&self, token: &str) -> Result<PeriodSettings> {
        self.actor(token)?.require_staff()?;
        let conn = self.db();
        Ok(PeriodSettings {
            full_time_years: settings::get_int(&conn, settings::PERIOD_FULL_TIME_YEARS)?,
            other_years: settings::get_int(&conn, settings::PERIOD_OTHER_YEARS)?,
            grace_days: settings::get_int(&conn, settings::FREEZE_GRACE_DAYS)?,
            registration_prefix: settings::get_text(&conn, settings::REGISTRATION_PREFIX)?,
        })
    }

    pub fn save_period_settings(&self, token: &str, s: PeriodSettings) -> Result<()> {
        self.actor(token)?.require_admin()?;
        let mut e = validate::Errors::new();
        if !(1..=10).contains(&s.full_time_years) {
            e.add("fullTimeYears", "请填写1至10年");
        }
        if !(1..=10).contains(&s.other_years) {
            e.add("otherYears", "请填写1至10年");
        }
        if !(0..=3650).contains(&s.grace_days) {
            e.add("graceDays", "请填写0至3650天");
        }
        let prefix = e.check("registrationPrefix", validate::clean_text(&s.registration_prefix, 10, false));
        if prefix.as_deref() == Some("") {
            e.add("registrationPrefix", "请填写登记证号前缀");
        }
        e.into_result().map_err(Error::Invalid)?;
        let mut conn = self.db();
        let tx = conn.transaction()?;
        settings::set_int(&tx, settings::PERIOD_FULL_TIME_YEARS, s.full_time_years)?;
        settings::set_int(&tx, settings::PERIOD_OTHER_YEARS, s.other_years)?;
        settings::set_int(&tx, settings::FREEZE_GRACE_DAYS, s.grace_days)?;
        settings::set_text(&tx, settings::REGISTRATION_PREFIX, &prefix.unwrap_or_default())?;
        tx.commit()?;
        Ok(())
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
    // A renewal still waiting cannot be approved any more: it is closed with the reason.
    conn.execute(
        "UPDATE applications SET status = 'rejected', decided_at = ?1, decided_by = ?2, decision_comment = ?3
         WHERE worker_id = ?4 AND status = 'submitted' AND kind IN ('renewal', 'modification_request', 'modification')",
        params![stamp(now), actor, format!("登记已冻结：{reason}"), worker_id],
    )?;
    audit::append(conn, now, Entry {
        actor: Some(actor),
        action: "record.freeze",
        worker: Some(worker_id),
        before: Some("registered".into()),
        after: Some("frozen".into()),
        note: Some(reason.to_owned()),
        ..Default::default()
    })
}

fn load_application(conn: &Connection, id: i64) -> Result<(ApplicationInfo, i64, Option<String>)> {
    conn.query_row(
        "SELECT id, kind, status, reason, created_at, submitted_at, decided_at, decision_comment, worker_id, data
         FROM applications WHERE id = ?1",
        [id],
        |r| {
            let kind: String = r.get(1)?;
            let status: String = r.get(2)?;
            Ok((
                ApplicationInfo {
                    id: r.get(0)?,
                    kind: Kind::parse(&kind).unwrap_or(Kind::Initial),
                    status: Status::parse(&status).unwrap_or(Status::Draft),
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

/// The next card serial: SG + year + 6-digit sequence.
fn next_serial(conn: &Connection, today: NaiveDate) -> Result<String> {
    let prefix = format!("SG{}", today.format("%Y"));
    let last: Option<String> =
        conn.query_row("SELECT MAX(serial_no) FROM cards WHERE serial_no LIKE ?1", [format!("{prefix}%")], |r| r.get(0))?;
    let seq = last.and_then(|l| l.get(prefix.len()..).and_then(|s| s.parse::<u32>().ok())).unwrap_or(0) + 1;
    Ok(format!("{prefix}{seq:06}"))
}

/// 社工卡补换 approved: the valid card becomes void and a new one with a new serial replaces it.
fn replace_card(conn: &Connection, worker_id: i64, actor: i64, application_id: i64, now: chrono::DateTime<chrono::Utc>) -> Result<()> {
    let (old_id, card_no, old_serial): (i64, String, String) = conn
        .query_row("SELECT id, card_no, serial_no FROM cards WHERE worker_id = ?1 AND status = 'valid'", [worker_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?
        .ok_or_else(|| Error::Conflict("该社工没有有效的社工卡".into()))?;
    conn.execute("UPDATE cards SET status = 'void', voided_at = ?1 WHERE id = ?2", params![stamp(now), old_id])?;
    let serial = next_serial(conn, now.date_naive())?;
    conn.execute(
        "INSERT INTO cards (worker_id, card_no, serial_no, status, issued_at, issued_by, application_id)
         VALUES (?1, ?2, ?3, 'valid', ?4, ?5, ?6)",
        params![worker_id, card_no, serial, stamp(now), actor, application_id],
    )?;
    audit::append(conn, now, Entry {
        actor: Some(actor),
        action: "card.void",
        worker: Some(worker_id),
        application: Some(application_id),
        before: Some(old_serial),
        after: Some(serial),
        ..Default::default()
    })
}

/// Every field whose shown value differs, with the labels a reviewer reads.
pub fn diff(before: &RecordForm, after: &RecordForm, codes: &CodeTables) -> Vec<FieldChange> {
    let a = describe(before, codes);
    let b = describe(after, codes);
    a.into_iter()
        .zip(b)
        .filter(|(x, y)| x.2 != y.2)
        .map(|(x, y)| FieldChange { field: x.0.to_owned(), label: x.1.to_owned(), before: x.2, after: y.2 })
        .collect()
}

/// The form as (field, label, shown value) rows, codes turned into labels.
pub fn describe(f: &RecordForm, codes: &CodeTables) -> Vec<(&'static str, &'static str, String)> {
    let label = |kind: CodeKind, v: &str| codes::label(codes, kind, v).map(str::to_owned).unwrap_or_else(|| v.to_owned());
    let yes_no = |v: Option<bool>| match v {
        Some(true) => "是".to_owned(),
        Some(false) => "否".to_owned(),
        None => String::new(),
    };
    let scores = codes
        .subjects(&f.title)
        .iter()
        .map(|s| format!("{}：{}", s.label, f.title_scores.get(&s.subject).cloned().unwrap_or_default()))
        .collect::<Vec<_>>()
        .join("；");
    let fields = f.fields.iter().map(|c| label(CodeKind::Field, c)).collect::<Vec<_>>().join("、");
    vec![
        ("name", "姓名", f.name.clone()),
        ("sex", "性别", label(CodeKind::Sex, &f.sex)),
        ("idNumber", "身份证号码", f.id_number.clone()),
        ("birthDate", "出生日期", f.birth_date.clone()),
        ("ethnicity", "民族", label(CodeKind::Ethnicity, &f.ethnicity)),
        ("xiamenHukou", "是否厦户", yes_no(f.xiamen_hukou)),
        ("nativePlace", "籍贯", f.native_place.clone()),
        ("marital", "婚姻状态", label(CodeKind::Marital, &f.marital)),
        ("political", "政治面貌", label(CodeKind::Political, &f.political)),
        ("education", "学历程度", label(CodeKind::Education, &f.education)),
        ("school", "毕业院校", f.school.clone()),
        ("major", "所学专业", f.major.clone()),
        ("graduationDate", "毕业时间", f.graduation_date.clone()),
        ("workStartDate", "参加工作时间", f.work_start_date.clone()),
        ("photo", "个人照片", f.photo_id.map(|p| format!("照片#{p}")).unwrap_or_default()),
        ("address", "通讯地址", f.contact.address.clone()),
        ("postcode", "邮编", f.contact.postcode.clone()),
        ("mobile", "手机号码", f.contact.mobile.clone()),
        ("officePhone", "办公电话", f.contact.office_phone.clone()),
        ("email", "电子邮箱", f.contact.email.clone()),
        ("qq", "QQ", f.contact.qq.clone()),
        ("fullTime", "是否专职从事社会工作服务", yes_no(f.full_time)),
        ("serviceStartDate", "从事社会工作服务时间", f.service_start_date.clone()),
        ("position", "职务", label(CodeKind::Position, &f.position)),
        ("district", "所在区", label(CodeKind::District, &f.district)),
        ("employer", "目前所在单位", f.employer.clone()),
        ("title", "职称", if f.title.is_empty() { String::new() } else { label(CodeKind::Title, &f.title) }),
        ("titleCertNo", "证书编号", f.title_cert_no.clone()),
        ("titleDate", "取得时间", f.title_date.clone()),
        ("titleScores", "考试成绩", scores),
        ("fields", "执业领域", fields),
        ("experience", "从业经历与业绩", f.experience.clone()),
    ]
}
