//! 代录入: staff create an active worker account for a walk-in worker and enter the record for
//! them.

use crate::audit::{self, AuditAction, Entry};
use crate::clock::stamp;
use crate::error::{Error, Result};
use crate::registry::Registry;
use crate::accounts::staff::{Handover, TempPassword};
use crate::validate::{self, Errors};
use crate::accounts::password;
use rusqlite::{params, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use super::create_worker_row;
use crate::records::roster::RosterStatus;
use crate::registration::workflow::RecordStatus;

/// 代录入: a walk-in worker's account, created by staff.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EnterWorkerArgs {
    pub username: String,
    pub display_name: String,
    pub id_number: String,
    pub phone: String,
    pub email: String,
    pub handover: Handover,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EnteredWorker {
    #[ts(type = "number")]
    pub worker_id: i64,
    pub temp_password: TempPassword,
}

/// The ID number typed in 代录入, looked up before anything is created.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FindByIdNumberArgs {
    pub id_number: String,
}

/// Who already holds an ID number: an account (its sign-up perhaps still waiting) and, once the
/// account has one, its record in the register.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct KnownWorker {
    /// The record in the register (登记名册's detail page); none while the account waits for review.
    #[ts(type = "number | null")]
    pub worker_id: Option<i64>,
    pub name: String,
    pub username: String,
    pub status: Option<RosterStatus>,
    pub registration_no: Option<String>,
}

impl Registry {
    /// 代录入: whether the ID number typed belongs to someone already known — an account, or a
    /// record claiming it (PRODUCT.md §4) — so the clerk is told at once and offered that record
    /// instead of creating a second account. Staff only; a number not yet whole or not valid
    /// finds nobody.
    pub fn find_worker_by_id_number(&self, token: &str, args: FindByIdNumberArgs) -> Result<Option<KnownWorker>> {
        let actor = self.actor(token)?;
        actor.require_staff()?;
        let today = self.clock().today();
        let Ok(id) = validate::id_number(&args.id_number, today) else {
            return Ok(None);
        };
        let conn = self.read()?;
        let found = conn
            .query_row(
                "SELECT w.id, COALESCE(NULLIF(w.name, ''), u.display_name), u.username, w.status, w.valid_until, w.registration_no
                 FROM users u LEFT JOIN workers w ON w.user_id = u.id
                 WHERE u.role = 'worker' AND u.id_number = ?1
                 UNION ALL
                 SELECT w.id, COALESCE(NULLIF(w.name, ''), u.display_name), u.username, w.status, w.valid_until, w.registration_no
                 FROM workers w JOIN users u ON u.id = w.user_id
                 WHERE w.id_number = ?1
                 LIMIT 1",
                [&id.value],
                |r| {
                    let status: Option<RecordStatus> = r.get(3)?;
                    let until: Option<String> = r.get(4)?;
                    Ok(KnownWorker {
                        worker_id: r.get(0)?,
                        name: r.get(1)?,
                        username: r.get(2)?,
                        status: status.map(|s| RosterStatus::of(s, until.as_deref(), today)),
                        registration_no: r.get(5)?,
                    })
                },
            )
            .optional()?;
        Ok(found)
    }

    /// 代录入: staff create an active worker account for a walk-in worker, with a temporary
    /// password (shown once or mailed), and the record that they then fill in.
    pub fn enter_worker(&self, token: &str, args: EnterWorkerArgs) -> Result<EnteredWorker> {
        let actor = self.actor(token)?;
        actor.require_staff()?;
        let today = self.clock().today();
        let mut e = Errors::new();
        let username = e.check("username", validate::username(&args.username));
        let name = e.check("displayName", validate::person_name(&args.display_name));
        let id = e.check("idNumber", validate::id_number(&args.id_number, today));
        let phone = e.check("phone", validate::mobile(&args.phone));
        let email = if args.email.trim().is_empty() {
            if args.handover == Handover::Mail {
                e.add("email", "选择邮件发送临时密码时须填写电子邮箱");
            }
            Some(None)
        } else {
            e.check("email", validate::email(&args.email)).map(Some)
        };
        let (Some(username), Some(name), Some(id), Some(phone), Some(email)) = (username, name, id, phone, email) else {
            return Err(e.into());
        };
        e.into_result().map_err(Error::Invalid)?;
        let temp = password::temporary();
        let hash = password::hash(&temp);
        let now = self.clock().now();
        let (user_id, worker_id) = {
            let mut conn = self.db();
            let tx = conn.transaction()?;
            let mut e = Errors::new();
            let taken = |sql: &str, v: &str| -> rusqlite::Result<bool> {
                Ok(tx.query_row(sql, [v], |_| Ok(())).optional()?.is_some())
            };
            if taken("SELECT 1 FROM users WHERE username = ?1", &username)? {
                e.add("username", "该账号已存在");
            }
            if taken("SELECT 1 FROM users WHERE id_number = ?1", &id.value)?
                || super::identity::claimed(&tx, &id.value, None)?
            {
                e.add("idNumber", "该身份证号码已有账号或登记记录");
            }
            if let Some(em) = &email {
                if taken("SELECT 1 FROM users WHERE email = ?1", em)? {
                    e.add("email", "该电子邮箱已被其他账号使用");
                }
            }
            e.into_result().map_err(Error::Invalid)?;
            tx.execute(
                "INSERT INTO users (username, display_name, role, status, password_hash, must_change_password,
                                    temp_password_expires, id_number, phone, email, created_by, created_at)
                 VALUES (?1, ?2, 'worker', 'active', ?3, 1, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![
                    username,
                    name,
                    hash,
                    stamp(now + chrono::Duration::hours(crate::accounts::recovery::TEMP_PASSWORD_HOURS)),
                    id.value,
                    phone,
                    email,
                    actor.user_id,
                    stamp(now)
                ],
            )?;
            let user_id = tx.last_insert_rowid();
            let worker_id = create_worker_row(&tx, user_id, Some(actor.user_id), now)?;
            audit::append(&tx, now, Entry {
                actor: Some(actor.user_id),
                worker: Some(worker_id),
                note: Some(format!("为{name}创建账号与登记记录")),
                ..Entry::new(AuditAction::RecordEnter)
            })?;
            tx.commit()?;
            (user_id, worker_id)
        };
        let temp_password = self.hand_over_password(user_id, temp, args.handover)?;
        Ok(EnteredWorker { worker_id, temp_password })
    }

}
