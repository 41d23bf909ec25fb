//! 社工卡: issuing a card to a registered worker, replacing it when a 社工卡补换 is approved, and
//! the list of a worker's cards (shown to the worker, the reviewer and the register's detail page).

use crate::audit::{self, AuditAction, Entry};
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::registration::worker::{load_worker, Target};
use crate::registration::workflow::RecordStatus;
use crate::registry::Registry;
use crate::validate;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct IssueCardArgs {
    #[ts(type = "number")]
    pub worker_id: i64,
    pub card_no: String,
}

/// 社工卡状态
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CardStatus {
    /// 有效
    Valid,
    /// 已作废
    Void,
}

impl CardStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CardStatus::Valid => "valid",
            CardStatus::Void => "void",
        }
    }

    pub fn parse(s: &str) -> Option<CardStatus> {
        [CardStatus::Valid, CardStatus::Void].into_iter().find(|c| c.as_str() == s)
    }
}

crate::stored::stored_key!(CardStatus, "社工卡状态");

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CardRow {
    #[ts(type = "number")]
    pub id: i64,
    pub card_no: String,
    pub serial_no: String,
    pub status: CardStatus,
    pub issued_at: String,
    pub voided_at: Option<String>,
}

impl Registry {
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
            worker: Some(args.worker_id),
            after: Some(serde_json::json!({ "cardNo": card_no, "serialNo": serial }).to_string()),
            ..Entry::new(AuditAction::CardIssue)
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
        let conn = self.read()?;
        list(&conn, worker_id)
    }
}

/// A worker's cards, the valid one first, then the void ones newest first.
pub(crate) fn list(conn: &Connection, worker_id: i64) -> Result<Vec<CardRow>> {
    let mut stmt = conn.prepare_cached(
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

/// The next card serial: SG + year + 6-digit sequence.
fn next_serial(conn: &Connection, today: NaiveDate) -> Result<String> {
    let prefix = format!("SG{}", today.format("%Y"));
    let last: Option<String> =
        conn.query_row("SELECT MAX(serial_no) FROM cards WHERE serial_no LIKE ?1", [format!("{prefix}%")], |r| r.get(0))?;
    let seq = last.and_then(|l| l.get(prefix.len()..).and_then(|s| s.parse::<u32>().ok())).unwrap_or(0) + 1;
    Ok(format!("{prefix}{seq:06}"))
}

/// 社工卡补换 approved: the valid card becomes void and a new one with a new serial replaces it.
pub(crate) fn replace_card(conn: &Connection, worker_id: i64, actor: i64, application_id: i64, now: chrono::DateTime<chrono::Utc>) -> Result<()> {
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
        worker: Some(worker_id),
        application: Some(application_id),
        before: Some(old_serial),
        after: Some(serial),
        ..Entry::new(AuditAction::CardVoid)
    })
}

