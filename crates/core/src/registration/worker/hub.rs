//! 个人信息维护: the hub of a worker's functions, each open now or closed with the reason. Every
//! answer comes from one table, [`availability`], over the workflow's state; the operation behind
//! a button asks the same rule (`workflow::may_start`, [`may_print`]), so the hub never calls a
//! function closed that would in fact work, nor the other way round.

use crate::error::Result;
use crate::registration::workflow::{self, Kind, RecordStatus, State};
use crate::registry::Registry;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{load_state, load_worker, Target};

/// The hub's functions, in the order of its buttons (密码修改 first, as the seed lists them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum HubKey {
    /// 密码修改
    Password,
    /// 社工信息登记: starting the 初次登记
    Register,
    /// 社工信息修改: the 初次登记 before approval, an unlocked 信息修改 after
    Modify,
    /// 信息修改申请
    ModificationRequest,
    /// 信息预览打印
    Print,
    /// 联系信息修改
    Contact,
    /// 续期登记申请
    Renewal,
    /// 恢复登记申请
    Restoration,
    /// 社工卡补换申请
    CardReplacement,
    /// 续期登记列表
    RenewalList,
    /// 恢复登记申请列表
    RestorationList,
    /// 审核通过时间
    ApprovalList,
}

impl HubKey {
    pub const ALL: [HubKey; 12] = [
        HubKey::Password,
        HubKey::Register,
        HubKey::Modify,
        HubKey::ModificationRequest,
        HubKey::Print,
        HubKey::Contact,
        HubKey::Renewal,
        HubKey::Restoration,
        HubKey::CardReplacement,
        HubKey::RenewalList,
        HubKey::RestorationList,
        HubKey::ApprovalList,
    ];
}

/// One button of the 个人信息维护 hub: available, or why not.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HubAction {
    pub key: HubKey,
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
    /// Applications submitted and waiting for review (登记状态 names them: 未登记 · 初次登记审核中).
    pub waiting: Vec<Kind>,
    pub registration_no: Option<String>,
    pub valid_until: Option<String>,
    pub card_no: Option<String>,
    pub card_serial: Option<String>,
    pub actions: Vec<HubAction>,
}

/// What the hub's answers depend on: the workflow's state and how far the 初次登记 has come.
#[derive(Debug, Clone)]
pub(crate) struct Standing {
    pub state: State,
    /// An 初次登记 exists, a draft at least.
    pub begun: bool,
    /// An 初次登记 has been submitted at least once (waiting, returned or approved).
    pub sent: bool,
}

/// Whether a worker may preview and print their own form: once the 初次登记 has been submitted,
/// whatever the review made of it. Staff may print any record.
pub(crate) fn may_print(status: RecordStatus, sent: bool) -> std::result::Result<(), String> {
    if status == RecordStatus::Unregistered && !sent {
        Err("提交审核后可预览打印登记申请表".to_owned())
    } else {
        Ok(())
    }
}

/// The one table: whether `key` is open in standing `s`, and if not, why.
pub(crate) fn availability(key: HubKey, s: &Standing) -> std::result::Result<(), String> {
    let state = &s.state;
    let unregistered = state.status == RecordStatus::Unregistered;
    match key {
        HubKey::Password | HubKey::Contact | HubKey::RenewalList | HubKey::RestorationList | HubKey::ApprovalList => {
            Ok(())
        }
        // 社工信息登记 starts the record; 社工信息修改 edits it before approval or once unlocked.
        HubKey::Register if unregistered && !s.begun => workflow::may_start(Kind::Initial, state),
        HubKey::Register if unregistered => Err("已填写登记信息，请使用社工信息修改".to_owned()),
        HubKey::Register => Err("您已完成初次登记".to_owned()),
        HubKey::Modify if unregistered && !s.begun => Err("请先进行社工信息登记".to_owned()),
        HubKey::Modify if unregistered => workflow::may_start(Kind::Initial, state),
        HubKey::Modify => workflow::may_start(Kind::Modification, state),
        HubKey::ModificationRequest => workflow::may_start(Kind::ModificationRequest, state),
        HubKey::Print => may_print(state.status, s.sent),
        HubKey::Renewal => workflow::may_start(Kind::Renewal, state),
        HubKey::Restoration => workflow::may_start(Kind::Restoration, state),
        HubKey::CardReplacement => workflow::may_start(Kind::CardReplacement, state),
    }
}

/// The worker's 初次登记 so far: (begun, sent).
pub(crate) fn initial_progress(conn: &Connection, worker_id: i64) -> Result<(bool, bool)> {
    let sent: Option<bool> = conn.query_row(
        "SELECT MAX(status <> 'draft') FROM applications WHERE worker_id = ?1 AND kind = 'initial'",
        [worker_id],
        |r| r.get(0),
    )?;
    Ok((sent.is_some(), sent == Some(true)))
}

impl Registry {
    /// 个人信息维护: every function with whether it is available now, and why not.
    pub fn hub(&self, token: &str, target: Target) -> Result<Hub> {
        let actor = self.actor(token)?;
        let worker_id = self.target(&actor, target.worker_id)?;
        let today = self.clock().today();
        let conn = self.read()?;
        let w = load_worker(&conn, worker_id)?;
        let state = load_state(&conn, &w, today)?;
        let card: Option<(String, String)> = conn
            .query_row(
                "SELECT card_no, serial_no FROM cards WHERE worker_id = ?1 AND status = 'valid'",
                [worker_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (begun, sent) = initial_progress(&conn, worker_id)?;
        let standing = Standing { state, begun, sent };
        let actions = HubKey::ALL
            .into_iter()
            .map(|key| {
                let r = availability(key, &standing);
                HubAction { key, available: r.is_ok(), reason: r.err() }
            })
            .collect();
        let mut waiting = standing.state.submitted.clone();
        waiting.sort();
        Ok(Hub {
            worker_id,
            status: w.status,
            expired: standing.state.expired(),
            waiting,
            registration_no: w.registration_no,
            valid_until: w.valid_until,
            card_no: card.as_ref().map(|c| c.0.clone()),
            card_serial: card.map(|c| c.1),
            actions,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// Every standing a record can be in, named.
    fn standings() -> Vec<(&'static str, Standing)> {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let base = State {
            status: RecordStatus::Unregistered,
            valid_until: None,
            editing_unlocked: false,
            has_valid_card: false,
            submitted: vec![],
            today,
            renewal_open_days: 60,
        };
        let registered = State {
            status: RecordStatus::Registered,
            valid_until: NaiveDate::from_ymd_opt(2027, 12, 1),
            ..base.clone()
        };
        let expired = State { valid_until: NaiveDate::from_ymd_opt(2026, 11, 1), ..registered.clone() };
        let frozen = State { status: RecordStatus::Frozen, ..expired.clone() };
        let st = |state: State, begun, sent| Standing { state, begun, sent };
        vec![
            ("new", st(base.clone(), false, false)),
            ("draft", st(base.clone(), true, false)),
            ("submitted", st(State { submitted: vec![Kind::Initial], ..base.clone() }, true, true)),
            ("rejected", st(base.clone(), true, true)),
            ("registered", st(registered.clone(), true, true)),
            ("with card", st(State { has_valid_card: true, ..registered.clone() }, true, true)),
            ("request waiting", st(State { submitted: vec![Kind::ModificationRequest], ..registered.clone() }, true, true)),
            ("unlocked", st(State { editing_unlocked: true, ..registered.clone() }, true, true)),
            (
                "modification waiting",
                st(State { editing_unlocked: true, submitted: vec![Kind::Modification], ..registered.clone() }, true, true),
            ),
            ("expired", st(expired.clone(), true, true)),
            ("renewal waiting", st(State { submitted: vec![Kind::Renewal], ..expired.clone() }, true, true)),
            ("frozen", st(frozen.clone(), true, true)),
            ("restoration waiting", st(State { submitted: vec![Kind::Restoration], ..frozen }, true, true)),
        ]
    }

    /// The kind whose rule decides a button, where one does.
    fn kind_of(key: HubKey, s: &Standing) -> Option<Kind> {
        let unregistered = s.state.status == RecordStatus::Unregistered;
        match key {
            HubKey::Register => Some(Kind::Initial),
            HubKey::Modify if unregistered => Some(Kind::Initial),
            HubKey::Modify => Some(Kind::Modification),
            HubKey::ModificationRequest => Some(Kind::ModificationRequest),
            HubKey::Renewal => Some(Kind::Renewal),
            HubKey::Restoration => Some(Kind::Restoration),
            HubKey::CardReplacement => Some(Kind::CardReplacement),
            _ => None,
        }
    }

    #[test]
    fn no_reason_closes_what_the_workflow_allows() {
        for (name, s) in standings() {
            for key in HubKey::ALL {
                let answer = availability(key, &s);
                if let Err(why) = &answer {
                    assert!(!why.is_empty(), "{name}: {key:?} closed without a reason");
                }
                match (key, kind_of(key, &s)) {
                    // Before approval the form is one: exactly one of the two buttons leads to it,
                    // and only while the workflow lets the 初次登记 be edited.
                    (HubKey::Register, Some(kind)) if s.state.status == RecordStatus::Unregistered => {
                        let other = availability(HubKey::Modify, &s);
                        assert_eq!(
                            answer.is_ok() || other.is_ok(),
                            workflow::may_start(kind, &s.state).is_ok(),
                            "{name}: 社工信息登记/修改"
                        );
                        assert!(!(answer.is_ok() && other.is_ok()), "{name}: both 登记 and 修改 open");
                    }
                    (HubKey::Modify, Some(Kind::Initial)) => {}
                    (_, Some(kind)) => assert_eq!(answer, workflow::may_start(kind, &s.state), "{name}: {key:?}"),
                    (HubKey::Print, None) => {
                        let expected = s.state.status != RecordStatus::Unregistered || s.sent;
                        assert_eq!(answer.is_ok(), expected, "{name}: print");
                    }
                    (_, None) => assert_eq!(answer, Ok(()), "{name}: {key:?} is always open"),
                }
            }
        }
    }

    #[test]
    fn printing_is_open_once_the_initial_application_was_sent() {
        let all = standings();
        let find = |n: &str| &all.iter().find(|(name, _)| *name == n).unwrap().1;
        assert!(availability(HubKey::Print, find("draft")).is_err());
        assert_eq!(availability(HubKey::Print, find("submitted")), Ok(()));
        assert_eq!(availability(HubKey::Print, find("rejected")), Ok(()), "a returned application can still be printed");
        assert_eq!(availability(HubKey::Print, find("frozen")), Ok(()));
    }
}
