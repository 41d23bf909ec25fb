//! The review queues (审核): one kind or all, filtered, searched, sorted and paged, answered from
//! the V7 covering indexes. The SQL is built from the filters that are set, the way
//! `records::roster::plan` builds the register's.

use crate::clock::day_bound;
use crate::error::{Error, Result};
use crate::page::{limit_offset, Page};
use crate::records::roster::plan as roster;
use crate::records::roster::query::{RosterQuery, NO_TITLE};
use crate::registration::workflow::{Kind, Status};
use super::levels::{self, ReviewLevel};
use crate::registry::Registry;
use crate::validate;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter};
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
    /// Under two-level review: only the applications waiting for this level.
    #[serde(default)]
    #[ts(optional)]
    pub level: Option<ReviewLevel>,
    /// Under two-level review: only what the caller's scope decides (their district's 初审, or
    /// the city's 终审). Absent or false: every application.
    #[serde(default)]
    #[ts(optional)]
    pub mine: Option<bool>,
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
    /// The level it waits for, under two-level review.
    pub level: Option<ReviewLevel>,
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

impl Registry {
    /// The review queues: one kind or all, filtered, searched, sorted and paged.
    ///
    /// The total and the page's ids come from the V7 covering indexes (the filters on the record
    /// through the register's own, see `roster::plan`); only the page's rows are read in full.
    pub fn application_queue(&self, token: &str, q: QueueQuery) -> Result<Page<QueueRow>> {
        let actor = self.actor(token)?;
        actor.require_staff()?;
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
        let (two_level, scope) = {
            let conn = self.read()?;
            (levels::two_level(&conn)?, levels::scope_of(&conn, actor.user_id)?)
        };
        let mut district = q.district.trim().to_owned();
        let mut level = q.level.filter(|_| two_level && status == Status::Submitted);
        if q.mine == Some(true) && two_level && status == Status::Submitted {
            level = Some(if scope.is_some() { ReviewLevel::First } else { ReviewLevel::Final });
            if let Some(mine) = scope {
                if !district.is_empty() && district != mine {
                    return Ok(Page { items: Vec::new(), total: 0 });
                }
                district = mine;
            }
        }
        // `first_review_at` is in the covering indexes (V10).
        match level {
            Some(ReviewLevel::First) => terms.push("a.first_review_at IS NULL".into()),
            Some(ReviewLevel::Final) => terms.push("a.first_review_at IS NOT NULL".into()),
            None => {}
        }
        let mut copied: Vec<(&str, Option<String>)> = Vec::new();
        if !district.is_empty() {
            copied.push(("district", Some(district)));
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

        let conn = self.read()?;
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
                    a.submitted_at, a.decided_at, e.display_name, a.first_review_at IS NOT NULL
             FROM applications a JOIN workers w ON w.id = a.worker_id LEFT JOIN users e ON e.id = a.entered_by
             WHERE a.id = ?1",
        )?;
        let items = ids
            .iter()
            .map(|id| {
                row.query_row([id], |r| {
                    let status: Status = r.get(2)?;
                    let passed_first: bool = r.get(13)?;
                    Ok(QueueRow {
                        id: r.get(0)?,
                        kind: r.get(1)?,
                        status,
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
                        level: (two_level && status == Status::Submitted).then(|| ReviewLevel::waiting(passed_first)),
                    })
                })
            })
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Page { items, total })
    }

    /// Waiting applications per kind, for the menu's badges.
    /// Asked by the menu every minute on its own: a background read that leaves the idle time
    /// running.
    pub fn queue_counts(&self, token: &str) -> Result<QueueCounts> {
        self.actor_background(token)?.require_staff()?;
        let conn = self.read()?;
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
}
