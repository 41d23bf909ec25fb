//! Who may decide which waiting application: two-level review (初审 by a reviewer of the
//! record's 所在区, then 终审 by a city reviewer) when it is on, and separation of duties (职责分离:
//! whoever entered or edited an application does not approve it) unless a one-person office turned
//! it off. Both rules are settings; reviewers' scopes (审核范围) are kept on their accounts.

use crate::audit::{self, AuditAction, Entry};
use crate::clock::stamp;
use crate::registration::worker::ApplicationInfo;
use chrono::{DateTime, Utc};
use crate::error::{Error, Result};
use crate::registration::codes::{self, CodeTables};
use crate::registration::workflow::{Kind, Status};
use crate::registry::Registry;
use crate::settings;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The level an application waits for, or was decided at, under two-level review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReviewLevel {
    /// 初审, by a reviewer of the record's 所在区.
    First,
    /// 终审, by a reviewer of the city.
    Final,
}

impl ReviewLevel {
    pub fn label(self) -> &'static str {
        match self {
            ReviewLevel::First => "初审",
            ReviewLevel::Final => "终审",
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ReviewLevel::First => "first",
            ReviewLevel::Final => "final",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<ReviewLevel> {
        match s {
            "first" => Some(ReviewLevel::First),
            "final" => Some(ReviewLevel::Final),
            _ => None,
        }
    }

    /// The level a waiting application is at: 初审 until it has passed it.
    pub(crate) fn waiting(passed_first: bool) -> ReviewLevel {
        if passed_first { ReviewLevel::Final } else { ReviewLevel::First }
    }
}

crate::stored::stored_key!(ReviewLevel, "审核级别");

/// 审核规则
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewSettings {
    /// 二级审核 (初审 → 终审).
    pub two_level: bool,
    /// 职责分离: the staff member who entered or edited an application cannot approve it.
    pub separation_of_duties: bool,
}

/// What the calling staff member decides: shown above the queue.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewContext {
    pub two_level: bool,
    /// The district code of the caller's scope; none for the city.
    pub scope: Option<String>,
    /// 思明区, or 全市.
    pub scope_label: String,
    /// The level the caller decides while two-level review is on.
    pub decides: Option<ReviewLevel>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetScopeArgs {
    #[ts(type = "number")]
    pub user_id: i64,
    /// A district code, or none for the city.
    pub scope: Option<String>,
}

/// One decision taken on an application, for its detail.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReviewStep {
    /// None for a decision under one-level review.
    pub level: Option<ReviewLevel>,
    pub approved: bool,
    pub by: String,
    pub at: String,
    pub comment: Option<String>,
}

/// What a decision about to be taken is, once the rules allowed it.
pub(crate) struct Step {
    /// The level decided, under two-level review.
    pub level: Option<ReviewLevel>,
    /// For the audit log: who entered or edited the application, when staff did.
    pub editors: Option<String>,
}

impl Step {
    /// 初审 通过: the application waits on for 终审 and nothing else changes.
    pub fn passes_first(&self, approve: bool) -> bool {
        approve && self.level == Some(ReviewLevel::First)
    }

    /// The audit note: the kind, the level, the comment, and who entered the application.
    pub fn note(&self, kind: Kind, comment: &str) -> String {
        let mut note = kind.label().to_owned();
        if let Some(level) = self.level {
            note.push_str(&format!("（{}）", level.label()));
        }
        if !comment.is_empty() {
            note.push_str(&format!("：{comment}"));
        }
        if let Some(editors) = &self.editors {
            note.push_str(&format!("；{editors}"));
        }
        note
    }
}

pub(crate) fn two_level(conn: &Connection) -> Result<bool> {
    Ok(settings::get_int(conn, settings::REVIEW_TWO_LEVEL)? != 0)
}

pub(crate) fn scope_of(conn: &Connection, user_id: i64) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT review_scope FROM users WHERE id = ?1", [user_id], |r| r.get(0)).optional()?.flatten())
}

fn scope_label(tables: &CodeTables, scope: Option<&str>) -> String {
    match scope {
        None => "全市".into(),
        Some(code) => codes::label(tables, codes::Kind::District, code).unwrap_or(code).to_owned(),
    }
}

/// Whether `user_id` may take this decision on a waiting application, and what it is.
/// The refusal is a `Conflict` naming the reason.
pub(crate) fn check(conn: &Connection, user_id: i64, application_id: i64, kind: Kind, approve: bool) -> Result<Step> {
    let (worker_id, district, first_by, passed_first): (i64, Option<String>, Option<i64>, bool) = conn.query_row(
        "SELECT worker_id, worker_district, first_review_by, first_review_at IS NOT NULL FROM applications WHERE id = ?1",
        [application_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
    )?;
    let level = two_level(conn)?.then(|| ReviewLevel::waiting(passed_first));
    if let Some(level) = level {
        let scope = scope_of(conn, user_id)?;
        let tables = codes::load(conn)?;
        let mine = scope_label(&tables, scope.as_deref());
        match level {
            // A record without a 所在区 has no district reviewer: the city takes its 初审.
            ReviewLevel::First if scope != district => {
                let theirs = scope_label(&tables, district.as_deref());
                return Err(Error::Conflict(format!(
                    "该申请待初审，须由{theirs}的审核员初审；您的审核范围为{mine}，不能审核"
                )));
            }
            ReviewLevel::Final if scope.is_some() => {
                return Err(Error::Conflict(format!("该申请已通过初审，待全市终审；您的审核范围为{mine}，只能初审本区的申请")));
            }
            ReviewLevel::Final if first_by == Some(user_id) => {
                return Err(Error::Conflict("您已初审该申请，终审须由另一位审核员进行".into()));
            }
            _ => {}
        }
    }
    let mut editors = None;
    if approve {
        let names: Vec<(i64, String)> = conn
            .prepare_cached(
                "SELECT u.id, u.display_name FROM application_editors e JOIN users u ON u.id = e.user_id
                 WHERE e.application_id = ?1 ORDER BY u.id",
            )?
            .query_map([application_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        // 代录入: whoever entered the record for a walk-in worker entered its first application too.
        let entered: Option<(i64, String)> = if kind == Kind::Initial {
            conn.query_row(
                "SELECT u.id, u.display_name FROM workers w JOIN users u ON u.id = w.entered_by WHERE w.id = ?1",
                [worker_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
        } else {
            None
        };
        let edited = names.iter().any(|(id, _)| *id == user_id);
        let same = edited || entered.as_ref().is_some_and(|(id, _)| *id == user_id);
        if same && settings::get_int(conn, settings::SEPARATION_OF_DUTIES)? != 0 {
            let what = if edited { "录入或修改过该申请" } else { "为该社工代录入了登记记录" };
            return Err(Error::Conflict(format!("您{what}，按职责分离规定不能审核通过，请由其他审核员审核")));
        }
        let mut all: Vec<String> = Vec::new();
        for (id, name) in names.iter().chain(entered.iter()) {
            if !all.contains(name) && (*id != user_id || same) {
                all.push(name.clone());
            }
        }
        all.dedup();
        editors = match (all.is_empty(), same) {
            (true, _) => None,
            (false, false) => Some(format!("代录入：{}", all.join("、"))),
            (false, true) => Some(format!("代录入：{}；录入与审核通过为同一人，职责分离已关闭", all.join("、"))),
        };
    }
    Ok(Step { level, editors })
}

/// 初审 通过: recorded on the application, which waits on for 终审; the worker hears of the final
/// decision only.
pub(crate) fn pass_first(
    conn: &Connection,
    now: DateTime<Utc>,
    user_id: i64,
    info: &ApplicationInfo,
    worker_id: i64,
    comment: &str,
    step: &Step,
) -> Result<()> {
    conn.execute(
        "UPDATE applications SET first_review_at = ?1, first_review_by = ?2, first_review_comment = ?3 WHERE id = ?4",
        params![stamp(now), user_id, (!comment.is_empty()).then_some(comment), info.id],
    )?;
    audit::append(conn, now, Entry {
        actor: Some(user_id),
        worker: Some(worker_id),
        application: Some(info.id),
        note: Some(step.note(info.kind, comment)),
        ..Entry::new(AuditAction::ApplicationFirstApprove)
    })
}

/// The decisions taken on an application: 初审 (when it passed) and the final one.
pub(crate) fn steps(conn: &Connection, application_id: i64) -> Result<Vec<ReviewStep>> {
    let row = conn.query_row(
        "SELECT a.first_review_at, f.display_name, a.first_review_comment,
                a.decided_at, d.display_name, a.decision_comment, a.status, a.decided_level
         FROM applications a LEFT JOIN users f ON f.id = a.first_review_by LEFT JOIN users d ON d.id = a.decided_by
         WHERE a.id = ?1",
        [application_id],
        |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Status>(6)?,
                r.get::<_, Option<ReviewLevel>>(7)?,
            ))
        },
    )?;
    let (first_at, first_by, first_comment, decided_at, decided_by, comment, status, level) = row;
    let mut out = Vec::new();
    if let Some(at) = first_at {
        out.push(ReviewStep {
            level: Some(ReviewLevel::First),
            approved: true,
            by: first_by.unwrap_or_default(),
            at,
            comment: first_comment,
        });
    }
    if let Some(at) = decided_at {
        out.push(ReviewStep {
            level,
            approved: status == Status::Approved,
            by: decided_by.unwrap_or_default(),
            at,
            comment,
        });
    }
    Ok(out)
}

/// The districts whose 初审 nobody active may take, and whether anybody may take 终审: two-level
/// review with either would leave applications waiting for nobody.
fn uncovered(conn: &Connection) -> Result<Option<String>> {
    let active = "status = 'active' AND role IN ('reviewer', 'admin')";
    let missing: Vec<String> = conn
        .prepare(&format!(
            "SELECT c.label FROM codes c WHERE c.kind = 'district'
               AND NOT EXISTS (SELECT 1 FROM users WHERE review_scope = c.code AND {active})
             ORDER BY c.sort"
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let city: bool = conn.query_row(&format!("SELECT EXISTS (SELECT 1 FROM users WHERE review_scope IS NULL AND {active})"), [], |r| {
        r.get(0)
    })?;
    let mut gaps = Vec::new();
    if !missing.is_empty() {
        gaps.push(format!("{}没有在用的初审审核员", missing.join("、")));
    }
    if !city {
        gaps.push("没有在用的全市（终审）审核员".to_owned());
    }
    Ok((!gaps.is_empty()).then(|| gaps.join("；")))
}

/// Refuses a change that would leave two-level review with a level nobody may take.
pub(crate) fn ensure_covered(conn: &Connection) -> Result<()> {
    if !two_level(conn)? {
        return Ok(());
    }
    match uncovered(conn)? {
        Some(gaps) => Err(Error::Conflict(format!("二级审核已开启，此项修改会使申请无人审核：{gaps}"))),
        None => Ok(()),
    }
}

impl Registry {
    pub fn review_settings(&self, token: &str) -> Result<ReviewSettings> {
        self.actor(token)?.require_admin()?;
        let conn = self.read()?;
        Ok(ReviewSettings {
            two_level: two_level(&conn)?,
            separation_of_duties: settings::get_int(&conn, settings::SEPARATION_OF_DUTIES)? != 0,
        })
    }

    /// Saves 审核规则. Turning two-level review on needs a reviewer for every district's 初审 and
    /// one for the city's 终审; applications already waiting start at 初审, those past it wait
    /// for 终审, and turning it off lets any reviewer take the last decision of every one of them.
    pub fn save_review_settings(&self, token: &str, s: ReviewSettings) -> Result<()> {
        let actor = self.actor(token)?;
        actor.require_admin()?;
        let now = self.clock().now();
        let mut conn = self.db();
        let tx = conn.transaction()?;
        let was = ReviewSettings {
            two_level: two_level(&tx)?,
            separation_of_duties: settings::get_int(&tx, settings::SEPARATION_OF_DUTIES)? != 0,
        };
        if was == s {
            return Ok(());
        }
        if s.two_level && !was.two_level {
            if let Some(gaps) = uncovered(&tx)? {
                return Err(Error::field("twoLevel", format!("不能开启二级审核：{gaps}。请先在账号管理中设置审核范围")));
            }
        }
        settings::set_int(&tx, settings::REVIEW_TWO_LEVEL, i64::from(s.two_level))?;
        settings::set_int(&tx, settings::SEPARATION_OF_DUTIES, i64::from(s.separation_of_duties))?;
        let on = |b: bool| if b { "开启" } else { "关闭" };
        audit::append(&tx, now, Entry {
            actor: audit::actor_id(&actor),
            note: Some(format!("二级审核：{}；职责分离：{}", on(s.two_level), on(s.separation_of_duties))),
            ..Entry::new(AuditAction::SettingsReview)
        })?;
        tx.commit()?;
        Ok(())
    }

    /// The caller's scope and the level they decide.
    pub fn review_context(&self, token: &str) -> Result<ReviewContext> {
        let actor = self.actor(token)?;
        actor.require_staff()?;
        let conn = self.read()?;
        let two = two_level(&conn)?;
        let scope = scope_of(&conn, actor.user_id)?;
        let tables = codes::load(&conn)?;
        Ok(ReviewContext {
            two_level: two,
            scope_label: scope_label(&tables, scope.as_deref()),
            decides: two.then(|| if scope.is_some() { ReviewLevel::First } else { ReviewLevel::Final }),
            scope,
        })
    }

    /// 审核范围 of a staff account: a district (its 初审) or the city (终审).
    pub fn set_review_scope(&self, token: &str, args: SetScopeArgs) -> Result<()> {
        let actor = self.actor(token)?;
        actor.require_admin()?;
        let now = self.clock().now();
        let mut conn = self.db();
        let tx = conn.transaction()?;
        let tables = codes::load(&tx)?;
        let scope = args.scope.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
        if let Some(code) = &scope {
            if !tables.has(codes::Kind::District, code) {
                return Err(Error::field("scope", "请选择所在区或全市"));
            }
        }
        let role: Option<String> =
            tx.query_row("SELECT role FROM users WHERE id = ?1", [args.user_id], |r| r.get(0)).optional()?;
        match role.as_deref() {
            None => return Err(Error::NotFound("账号不存在".into())),
            Some("worker") => return Err(Error::Conflict("社工账号没有审核范围".into())),
            _ => {}
        }
        let before = scope_of(&tx, args.user_id)?;
        tx.execute("UPDATE users SET review_scope = ?1 WHERE id = ?2", params![scope, args.user_id])?;
        ensure_covered(&tx)?;
        let name: String = tx.query_row("SELECT display_name FROM users WHERE id = ?1", [args.user_id], |r| r.get(0))?;
        audit::append(&tx, now, Entry {
            actor: audit::actor_id(&actor),
            before: Some(scope_label(&tables, before.as_deref())),
            after: Some(scope_label(&tables, scope.as_deref())),
            note: Some(format!("{name}的审核范围")),
            ..Entry::new(AuditAction::AccountScope)
        })?;
        tx.commit()?;
        Ok(())
    }
}
