//! 访问日志: every read of a worker's full data by staff — the record form, an application's
//! detail, the register's detail page, a printed form (one or a batch), a full value shown —
//! is noted with who, whose, when and through which view (PIPL: access to personal information
//! is recorded). A worker reading their own data is not noted. The admin's view is in `log.rs`.

use crate::accounts::session::Actor;
use crate::clock::stamp;
use crate::error::Result;
use chrono::{DateTime, Utc};
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

mod log;
pub use log::{AccessQuery, AccessRow};

/// Through which view a worker's data was read. Stored as its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
pub enum AccessView {
    /// The record form (社工信息登记) of a worker.
    #[serde(rename = "record")]
    Record,
    /// An application's detail in the review queues.
    #[serde(rename = "application")]
    Application,
    /// The register's detail page of a worker.
    #[serde(rename = "detail")]
    Detail,
    /// One printed or previewed form.
    #[serde(rename = "print")]
    Print,
    /// A form in a batch print.
    #[serde(rename = "batch_print")]
    BatchPrint,
    /// A full ID number or phone shown in the register (显示).
    #[serde(rename = "reveal")]
    Reveal,
}

impl AccessView {
    pub const ALL: [AccessView; 6] =
        [AccessView::Record, AccessView::Application, AccessView::Detail, AccessView::Print, AccessView::BatchPrint, AccessView::Reveal];

    pub fn as_str(self) -> &'static str {
        match self {
            AccessView::Record => "record",
            AccessView::Application => "application",
            AccessView::Detail => "detail",
            AccessView::Print => "print",
            AccessView::BatchPrint => "batch_print",
            AccessView::Reveal => "reveal",
        }
    }

    pub fn parse(s: &str) -> Option<AccessView> {
        AccessView::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// What the 访问日志 shows.
    pub fn label(self) -> &'static str {
        match self {
            AccessView::Record => "查看登记信息",
            AccessView::Application => "查看申请详情",
            AccessView::Detail => "查看名册详情",
            AccessView::Print => "打印或预览登记表",
            AccessView::BatchPrint => "批量打印登记表",
            AccessView::Reveal => "显示完整信息",
        }
    }
}

crate::stored::stored_key!(AccessView, "查看方式");

/// A view and its label, for the UI's filter (generated into the bindings).
#[derive(Debug, Clone, Serialize, TS)]
pub struct AccessViewInfo {
    pub view: AccessView,
    pub label: &'static str,
}

impl AccessViewInfo {
    pub fn all() -> Vec<AccessViewInfo> {
        AccessView::ALL.into_iter().map(|view| AccessViewInfo { view, label: view.label() }).collect()
    }
}

/// One read to note.
pub struct Access {
    pub worker: i64,
    pub view: AccessView,
    pub application: Option<i64>,
    pub note: Option<String>,
}

/// Notes a read of a worker's full data, when `actor` is staff; a worker's own reads and the
/// command line's local operator (no account) are not noted.
pub fn note(conn: &Connection, at: DateTime<Utc>, actor: &Actor, a: Access) -> Result<()> {
    let Some(actor_id) = crate::audit::actor_id(actor) else { return Ok(()) };
    if !actor.role.is_staff() {
        return Ok(());
    }
    conn.execute(
        "INSERT INTO access_log (at, actor_id, worker_id, view, application_id, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![stamp(at), actor_id, a.worker, a.view, a.application, a.note],
    )?;
    Ok(())
}
