//! 登记名册: every worker's record for staff — filtered, searched, sorted and paged, with ID
//! numbers and phones masked; 显示 of one full value (written to the audit log); and the detail
//! page of one worker with all their applications and cards.
//!
//! The SQL is built from the filters actually set (never `?n IS NULL OR …`, which keeps SQLite
//! from using an index), and the V4 migration gives each filter and sort a covering index, so that
//! a page and its total are read from narrow index entries rather than from the wide rows whose
//! JSON `data` column fills most of the table. Search of three characters or more goes through the
//! `worker_search` trigram index; shorter terms match the start of a name.

use crate::registration::record::fields::FieldKey;
use crate::audit::{self, AuditAction, Entry};
use crate::error::{Error, Result};
use crate::page::{limit_offset, Page};
use crate::registration::record::RecordForm;
use crate::registry::Registry;
use crate::registration::cards::{self, CardRow};
use crate::validate;
use crate::registration::workflow::{Kind, RecordStatus, Status};
use chrono::NaiveDate;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub(crate) mod plan;
pub mod query;

pub(crate) use plan::filter;
pub(crate) use query::loggable;
pub use query::{RosterQuery, RosterSort, RosterStatus, NO_TITLE};
#[cfg(feature = "demo")]
pub(crate) use plan::field_bit;
pub use plan::normalize_search;


#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RosterRow {
    #[ts(type = "number")]
    pub worker_id: i64,
    pub name: String,
    /// Codes: the page shows them through the code tables.
    pub sex: String,
    /// Masked: 350203********1234.
    pub id_number: String,
    /// Masked: 138****5678.
    pub mobile: String,
    pub district: String,
    pub title: String,
    pub fields: Vec<String>,
    pub employer: String,
    pub full_time: Option<bool>,
    pub xiamen_hukou: Option<bool>,
    pub status: RosterStatus,
    pub registration_no: Option<String>,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    pub updated_at: String,
}

/// Which full value 显示 reveals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RevealField {
    IdNumber,
    Mobile,
}

impl RevealField {
    fn label(self) -> &'static str {
        match self {
            RevealField::IdNumber => FieldKey::IdNumber.label(),
            RevealField::Mobile => FieldKey::Mobile.label(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RevealArgs {
    #[ts(type = "number")]
    pub worker_id: i64,
    pub field: RevealField,
    /// 查看原因, written to the audit log.
    pub purpose: String,
}

/// One application on the detail page.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DetailApplication {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: Kind,
    pub status: Status,
    pub reason: Option<String>,
    pub created_at: String,
    pub submitted_at: Option<String>,
    pub decided_at: Option<String>,
    /// The reviewer's name.
    pub decided_by: Option<String>,
    pub decision_comment: Option<String>,
    /// 代录入: the staff member who entered it.
    pub entered_by: Option<String>,
}

/// A worker's detail page: the record (ID number and phone masked), every application, every card.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WorkerDetail {
    #[ts(type = "number")]
    pub worker_id: i64,
    pub username: String,
    pub status: RosterStatus,
    pub registration_no: Option<String>,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    pub frozen_reason: Option<String>,
    pub editing_unlocked: bool,
    pub form: RecordForm,
    /// The record's photo as a data URL.
    pub photo: Option<String>,
    pub entered_by: Option<String>,
    pub entered_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// Newest first.
    pub applications: Vec<DetailApplication>,
    /// The valid card first.
    pub cards: Vec<CardRow>,
}


impl Registry {
    /// 登记名册: one page of the register, ID numbers and phones masked. Staff only.
    pub fn roster(&self, token: &str, q: RosterQuery) -> Result<Page<RosterRow>> {
        self.actor(token)?.require_staff()?;
        let today = self.clock().today();
        let f = filter(&q, today)?;
        let (limit, offset) = limit_offset(q.page, q.page_size);
        let conn = self.read()?;
        let total = f.count(&conn)?;
        if total <= offset {
            return Ok(Page { items: Vec::new(), total });
        }
        let all: i64 = conn.query_row("SELECT COUNT(*) FROM workers", [], |r| r.get(0))?;
        // The page's ids come from the indexes alone; only those rows are read in full.
        let sql = format!("{} LIMIT {limit} OFFSET {offset}", f.select("w.id", q.sort, offset + limit, total, all));
        let ids: Vec<i64> = conn
            .prepare_cached(&sql)?
            .query_map(params_from_iter(f.select_params(&sql)), |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let items = ids.iter().map(|&id| roster_row(&conn, id, today)).collect::<Result<Vec<_>>>()?;
        Ok(Page { items, total })
    }

    /// 显示: one full ID number or phone of a record, for staff who say why; the audit log gets
    /// who, which record, which field and why — never the value.
    pub fn reveal(&self, token: &str, args: RevealArgs) -> Result<String> {
        let actor = self.actor(token)?;
        actor.require_staff()?;
        let purpose = validate::clean_text(&args.purpose, 200, false).map_err(|m| Error::field("purpose", m))?;
        if purpose.is_empty() {
            return Err(Error::field("purpose", "请填写查看原因"));
        }
        let column = match args.field {
            RevealField::IdNumber => "id_number",
            RevealField::Mobile => "mobile",
        };
        let now = self.clock().now();
        let conn = self.db();
        let value: Option<Option<String>> = conn
            .query_row(&format!("SELECT {column} FROM workers WHERE id = ?1"), [args.worker_id], |r| r.get(0))
            .optional()?;
        let value = value
            .ok_or_else(|| Error::NotFound("登记记录不存在".into()))?
            .ok_or_else(|| Error::NotFound(format!("该记录未填写{}", args.field.label())))?;
        audit::append(&conn, now, Entry {
            actor: audit::actor_id(&actor),
            worker: Some(args.worker_id),
            note: Some(format!("查看{}：{purpose}", args.field.label())),
            ..Entry::new(AuditAction::RecordReveal)
        })?;
        crate::access::note(&conn, now, &actor, crate::access::Access {
            worker: args.worker_id,
            view: crate::access::AccessView::Reveal,
            application: None,
            note: Some(format!("{}：{purpose}", args.field.label())),
        })?;
        Ok(value)
    }

    /// A worker's detail page for staff: the record masked, every application, every card.
    pub fn worker_detail(&self, token: &str, worker_id: i64) -> Result<WorkerDetail> {
        let actor = self.actor(token)?;
        actor.require_staff()?;
        let today = self.clock().today();
        let conn = self.read()?;
        let mut d = conn
            .query_row(
                "SELECT w.id, u.username, w.status, w.registration_no, w.valid_from, w.valid_until, w.frozen_reason,
                        w.editing_unlocked, w.data, e.display_name, w.entered_at, w.created_at, w.updated_at, w.photo_id,
                        w.name
                 FROM workers w JOIN users u ON u.id = w.user_id LEFT JOIN users e ON e.id = w.entered_by
                 WHERE w.id = ?1",
                [worker_id],
                |r| {
                    let status: RecordStatus = r.get(2)?;
                    let until: Option<String> = r.get(5)?;
                    let data: String = r.get(8)?;
                    let mut form = crate::registration::record::stored_form(&data, || crate::stored::worker_name(&r.get::<_, String>(14).unwrap_or_default(), worker_id))?;
                    form.id_number = validate::mask_id_number(&form.id_number);
                    form.contact.mobile = validate::mask_phone(&form.contact.mobile);
                    Ok((
                        WorkerDetail {
                            worker_id: r.get(0)?,
                            username: r.get(1)?,
                            status: RosterStatus::of(status, until.as_deref(), today),
                            registration_no: r.get(3)?,
                            valid_from: r.get(4)?,
                            valid_until: until,
                            frozen_reason: r.get(6)?,
                            editing_unlocked: r.get(7)?,
                            form,
                            photo: None,
                            entered_by: r.get(9)?,
                            entered_at: r.get(10)?,
                            created_at: r.get(11)?,
                            updated_at: r.get(12)?,
                            applications: Vec::new(),
                            cards: Vec::new(),
                        },
                        r.get::<_, Option<i64>>(13)?,
                    ))
                },
            )
            .optional()?
            .ok_or_else(|| Error::NotFound("登记记录不存在".into()))
            .map(|(mut d, photo_id)| {
                d.form.photo_id = photo_id.or(d.form.photo_id);
                d
            })?;
        if let Some(pid) = d.form.photo_id {
            let jpeg: Option<Vec<u8>> = conn
                .query_row("SELECT jpeg FROM photos WHERE id = ?1 AND worker_id = ?2", [pid, worker_id], |r| r.get(0))
                .optional()?;
            d.photo = jpeg.map(|j| crate::registration::photo::data_url(&j));
        }
        let mut stmt = conn.prepare_cached(
            "SELECT a.id, a.kind, a.status, a.reason, a.created_at, a.submitted_at, a.decided_at, r.display_name,
                    a.decision_comment, e.display_name
             FROM applications a LEFT JOIN users r ON r.id = a.decided_by LEFT JOIN users e ON e.id = a.entered_by
             WHERE a.worker_id = ?1
             ORDER BY COALESCE(a.decided_at, a.submitted_at, a.created_at) DESC, a.id DESC",
        )?;
        d.applications = stmt
            .query_map([worker_id], |r| {
                Ok(DetailApplication {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    status: r.get(2)?,
                    reason: r.get(3)?,
                    created_at: r.get(4)?,
                    submitted_at: r.get(5)?,
                    decided_at: r.get(6)?,
                    decided_by: r.get(7)?,
                    decision_comment: r.get(8)?,
                    entered_by: r.get(9)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        drop(stmt);
        d.cards = cards::list(&conn, worker_id)?;
        drop(conn);
        crate::access::note(&self.db(), self.clock().now(), &actor, crate::access::Access {
            worker: worker_id,
            view: crate::access::AccessView::Detail,
            application: None,
            note: None,
        })?;
        Ok(d)
    }
}

/// One row of the list, masked.
fn roster_row(conn: &Connection, id: i64, today: NaiveDate) -> Result<RosterRow> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, name, sex, id_number, mobile, district, title, employer, full_time, xiamen_hukou, status,
                registration_no, valid_from, valid_until, updated_at
         FROM workers WHERE id = ?1",
    )?;
    let mut row = stmt.query_row([id], |r| {
        let status: RecordStatus = r.get(10)?;
        let until: Option<String> = r.get(13)?;
        Ok(RosterRow {
            worker_id: r.get(0)?,
            name: r.get(1)?,
            sex: r.get::<_, Option<String>>(2)?.unwrap_or_default(),
            id_number: r.get::<_, Option<String>>(3)?.map(|v| validate::mask_id_number(&v)).unwrap_or_default(),
            mobile: r.get::<_, Option<String>>(4)?.map(|v| validate::mask_phone(&v)).unwrap_or_default(),
            district: r.get::<_, Option<String>>(5)?.unwrap_or_default(),
            title: r.get::<_, Option<String>>(6)?.unwrap_or_default(),
            fields: Vec::new(),
            employer: r.get(7)?,
            full_time: r.get(8)?,
            xiamen_hukou: r.get(9)?,
            status: RosterStatus::of(status, until.as_deref(), today),
            registration_no: r.get(11)?,
            valid_from: r.get(12)?,
            valid_until: until,
            updated_at: r.get(14)?,
        })
    })?;
    let mut fields = conn.prepare_cached("SELECT field FROM worker_fields WHERE worker_id = ?1 ORDER BY field")?;
    row.fields = fields.query_map(params![id], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    Ok(row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logged_queries_hold_no_full_numbers() {
        let q = RosterQuery { search: "35020319900101123X".into(), page: 3, ..Default::default() };
        let l = loggable(&q);
        assert_eq!(l.search, "350203********123X");
        assert_eq!(l.page, 0);
        assert_eq!(loggable(&RosterQuery { search: "阳光".into(), ..Default::default() }).search, "阳光");
    }

    /// Every row of a list page reads its fields: that must be a lookup, never a scan.
    #[test]
    fn a_record_s_fields_are_looked_up_by_index() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::db::open(&dir.path().join("a.sqlite3")).unwrap();
        for sql in [
            "SELECT field FROM worker_fields WHERE worker_id = ?1 ORDER BY field",
            "DELETE FROM worker_fields WHERE worker_id = ?1",
        ] {
            let plan: Vec<String> = conn
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap()
                .query_map([1], |r| r.get(3))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            assert!(plan.iter().any(|p| p.contains("INDEX worker_fields_worker (worker_id=?)")), "{sql}: {plan:?}");
            assert!(!plan.iter().any(|p| p.starts_with("SCAN")), "{sql}: {plan:?}");
        }
    }

    #[test]
    fn standing_on_a_day() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(RosterStatus::of(RecordStatus::Registered, Some("2026-12-01"), today), RosterStatus::Registered);
        assert_eq!(RosterStatus::of(RecordStatus::Registered, Some("2026-11-30"), today), RosterStatus::Expired);
        assert_eq!(RosterStatus::of(RecordStatus::Frozen, Some("2020-01-01"), today), RosterStatus::Frozen);
        assert_eq!(RosterStatus::of(RecordStatus::Unregistered, None, today), RosterStatus::Unregistered);
    }
}
