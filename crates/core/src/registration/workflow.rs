//! The one state machine of a record and its applications (PRODUCT.md §4): who may start which
//! application from which state, and what approval does. Pure: no database, no clock.

use crate::registration::record::add_years;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// 申请类别
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 初次登记
    Initial,
    /// 信息修改申请 (a reason only; approval unlocks editing)
    ModificationRequest,
    /// 信息修改 (the edited record)
    Modification,
    /// 续期登记
    Renewal,
    /// 恢复登记
    Restoration,
    /// 社工卡补换
    CardReplacement,
}

impl Kind {
    pub const ALL: [Kind; 6] = [
        Kind::Initial,
        Kind::ModificationRequest,
        Kind::Modification,
        Kind::Renewal,
        Kind::Restoration,
        Kind::CardReplacement,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Initial => "initial",
            Kind::ModificationRequest => "modification_request",
            Kind::Modification => "modification",
            Kind::Renewal => "renewal",
            Kind::Restoration => "restoration",
            Kind::CardReplacement => "card_replacement",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Initial => "初次登记",
            Kind::ModificationRequest => "信息修改申请",
            Kind::Modification => "信息修改",
            Kind::Renewal => "续期登记",
            Kind::Restoration => "恢复登记",
            Kind::CardReplacement => "社工卡补换",
        }
    }

    /// Whether the application carries the whole record form.
    pub fn carries_record(self) -> bool {
        matches!(self, Kind::Initial | Kind::Modification | Kind::Renewal | Kind::Restoration)
    }
}

/// 申请状态
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 草稿
    Draft,
    /// 待审核
    Submitted,
    /// 已通过
    Approved,
    /// 未通过
    Rejected,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        [Status::Draft, Status::Submitted, Status::Approved, Status::Rejected].into_iter().find(|k| k.as_str() == s)
    }
}

/// 登记状态 of a record as stored; 超期 is computed from the dates, see [`Standing`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RecordStatus {
    /// 未登记: no approved registration yet
    Unregistered,
    /// 已登记
    Registered,
    /// 已冻结
    Frozen,
}

impl RecordStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RecordStatus::Unregistered => "unregistered",
            RecordStatus::Registered => "registered",
            RecordStatus::Frozen => "frozen",
        }
    }

    pub fn parse(s: &str) -> RecordStatus {
        match s {
            "registered" => RecordStatus::Registered,
            "frozen" => RecordStatus::Frozen,
            _ => RecordStatus::Unregistered,
        }
    }
}

/// Everything the rules look at, read from the database at one moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State {
    pub status: RecordStatus,
    pub valid_until: Option<NaiveDate>,
    pub editing_unlocked: bool,
    pub has_valid_card: bool,
    /// Kinds with an application already submitted and waiting for review.
    pub submitted: Vec<Kind>,
    pub today: NaiveDate,
    /// How many days before 有效期至 续期登记 opens (setting `renewal.open_days`).
    pub renewal_open_days: i64,
}

impl State {
    /// 超期: registered, and the validity has run out.
    pub fn expired(&self) -> bool {
        self.status == RecordStatus::Registered && self.valid_until.is_some_and(|v| self.today > v)
    }

    /// The first day 续期登记 may be applied for: `renewal_open_days` before 有效期至.
    pub fn renewal_opens(&self) -> Option<NaiveDate> {
        self.valid_until.map(|v| renewal_opens(v, self.renewal_open_days))
    }
}

/// The first day of the renewal window of a validity ending on `valid_until`.
pub fn renewal_opens(valid_until: NaiveDate, open_days: i64) -> NaiveDate {
    valid_until - chrono::Duration::days(open_days.max(0))
}

/// Whether the worker may start (or continue and submit) an application of `kind`; the error
/// names the reason in words the worker understands.
pub fn may_start(kind: Kind, s: &State) -> Result<(), String> {
    if s.submitted.contains(&kind) {
        return Err(format!("已有一份{}正在等待审核", kind.label()));
    }
    match kind {
        Kind::Initial => match s.status {
            RecordStatus::Unregistered => Ok(()),
            _ => Err("您已完成初次登记".into()),
        },
        Kind::ModificationRequest => match s.status {
            RecordStatus::Registered if s.editing_unlocked => Err("修改申请已通过，请直接修改登记信息".into()),
            RecordStatus::Registered if s.submitted.contains(&Kind::Modification) => {
                Err("修改后的信息正在等待审核".into())
            }
            RecordStatus::Registered => Ok(()),
            RecordStatus::Unregistered => Err("尚未通过初次登记，可直接修改登记信息".into()),
            RecordStatus::Frozen => Err("登记已被冻结，请先申请恢复登记".into()),
        },
        Kind::Modification => match s.status {
            RecordStatus::Registered if s.editing_unlocked => Ok(()),
            RecordStatus::Registered => Err("已登记的信息须先提交信息修改申请，审核通过后才能修改".into()),
            RecordStatus::Unregistered => Err("尚未通过初次登记，请使用社工信息登记".into()),
            RecordStatus::Frozen => Err("登记已被冻结，请先申请恢复登记".into()),
        },
        // Open from `renewal_open_days` before the end and for as long as the record stays
        // registered after it (超期 until frozen).
        Kind::Renewal => match (s.status, s.valid_until, s.renewal_opens()) {
            (RecordStatus::Registered, Some(_), Some(opens)) if s.today >= opens => Ok(()),
            (RecordStatus::Registered, Some(v), Some(opens)) => Err(format!("登记有效期至 {v}，可于 {opens} 起申请续期")),
            (RecordStatus::Registered, _, _) => Err("登记尚无有效期".into()),
            (RecordStatus::Unregistered, _, _) => Err("尚未通过初次登记".into()),
            (RecordStatus::Frozen, _, _) => Err("登记已被冻结，不能续期，请申请恢复登记".into()),
        },
        Kind::Restoration => match s.status {
            RecordStatus::Frozen => Ok(()),
            _ => Err("只有被冻结的登记才能申请恢复".into()),
        },
        Kind::CardReplacement => match s.status {
            RecordStatus::Registered if s.has_valid_card => Ok(()),
            RecordStatus::Registered => Err("尚未发放社工卡".into()),
            RecordStatus::Unregistered => Err("尚未通过初次登记".into()),
            RecordStatus::Frozen => Err("登记已被冻结，请先申请恢复登记".into()),
        },
    }
}

/// What approving an application does to its record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effect {
    /// The record takes the application's form.
    pub take_form: bool,
    pub status: RecordStatus,
    /// A new validity period starts, see [`new_period`].
    pub new_period: bool,
    pub assign_registration_no: bool,
    pub editing_unlocked: bool,
    pub replace_card: bool,
}

pub fn on_approve(kind: Kind, s: &State) -> Effect {
    let keep = Effect {
        take_form: false,
        status: s.status,
        new_period: false,
        assign_registration_no: false,
        editing_unlocked: s.editing_unlocked,
        replace_card: false,
    };
    match kind {
        Kind::Initial => Effect {
            take_form: true,
            status: RecordStatus::Registered,
            new_period: true,
            assign_registration_no: true,
            editing_unlocked: false,
            ..keep
        },
        Kind::ModificationRequest => Effect { editing_unlocked: true, ..keep },
        Kind::Modification => Effect { take_form: true, editing_unlocked: false, ..keep },
        Kind::Renewal => Effect { take_form: true, new_period: true, ..keep },
        Kind::Restoration => {
            Effect { take_form: true, status: RecordStatus::Registered, new_period: true, editing_unlocked: false, ..keep }
        }
        Kind::CardReplacement => Effect { replace_card: true, ..keep },
    }
}

/// The validity (有效期自, 有效期至) an approval that starts a new period gives, for a period of
/// `years`. A renewal submitted on or before the old 有效期至 continues it: the new period
/// begins the day after the old end and ends `years` after it, so renewing early never costs a
/// day, and a review that finishes after the old end does not either. A renewal submitted once
/// the record had run out (超期) starts a full period on the approval day, like every other
/// approval: the days the record stood expired were not a registered time and are not backdated.
pub fn new_period(
    kind: Kind,
    old_until: Option<NaiveDate>,
    submitted_on: Option<NaiveDate>,
    today: NaiveDate,
    years: i32,
) -> (NaiveDate, NaiveDate) {
    match (kind, old_until, submitted_on) {
        (Kind::Renewal, Some(end), Some(submitted)) if submitted <= end => {
            (end + chrono::Duration::days(1), add_years(end, years))
        }
        _ => (today, add_years(today, years)),
    }
}

/// Whether an approval can still be applied: the record may have changed since submission (a
/// freeze while a renewal waited, for instance).
pub fn may_approve(kind: Kind, s: &State) -> Result<(), String> {
    let still = State { submitted: s.submitted.iter().copied().filter(|k| *k != kind).collect(), ..s.clone() };
    may_start(kind, &still).map_err(|why| format!("该申请已不能通过：{why}"))
}

/// Whether an admin may freeze the record: registered and past its validity.
pub fn may_freeze(s: &State) -> Result<(), String> {
    match s.status {
        RecordStatus::Registered if s.expired() => Ok(()),
        RecordStatus::Registered => Err("登记仍在有效期内，不能冻结".into()),
        RecordStatus::Frozen => Err("该登记已被冻结".into()),
        RecordStatus::Unregistered => Err("尚未登记，无需冻结".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(status: RecordStatus) -> State {
        State {
            status,
            valid_until: NaiveDate::from_ymd_opt(2027, 12, 1),
            editing_unlocked: false,
            has_valid_card: false,
            submitted: vec![],
            today: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            renewal_open_days: 60,
        }
    }

    #[test]
    fn who_may_start_what() {
        let new = state(RecordStatus::Unregistered);
        assert!(may_start(Kind::Initial, &new).is_ok());
        assert!(may_start(Kind::Renewal, &new).is_err());
        let reg = state(RecordStatus::Registered);
        assert!(may_start(Kind::Initial, &reg).is_err());
        assert!(may_start(Kind::ModificationRequest, &reg).is_ok());
        assert!(may_start(Kind::Modification, &reg).is_err());
        assert_eq!(may_start(Kind::Renewal, &reg).unwrap_err(), "登记有效期至 2027-12-01，可于 2027-10-02 起申请续期");
        assert!(may_start(Kind::CardReplacement, &reg).is_err());
        let expired = State { today: NaiveDate::from_ymd_opt(2027, 12, 2).unwrap(), ..reg.clone() };
        assert!(may_start(Kind::Renewal, &expired).is_ok());
        assert!(may_freeze(&expired).is_ok());
        assert!(may_freeze(&reg).is_err());
        let frozen = state(RecordStatus::Frozen);
        assert!(may_start(Kind::Renewal, &frozen).is_err());
        assert!(may_start(Kind::Restoration, &frozen).is_ok());
        let waiting = State { submitted: vec![Kind::Initial], ..new };
        assert!(may_start(Kind::Initial, &waiting).unwrap_err().contains("等待审核"));
        assert!(may_approve(Kind::Initial, &waiting).is_ok());
    }

    #[test]
    fn approval_effects() {
        let reg = state(RecordStatus::Registered);
        assert!(on_approve(Kind::Initial, &state(RecordStatus::Unregistered)).assign_registration_no);
        assert!(on_approve(Kind::ModificationRequest, &reg).editing_unlocked);
        let m = on_approve(Kind::Modification, &State { editing_unlocked: true, ..reg.clone() });
        assert!(m.take_form && !m.new_period && !m.editing_unlocked);
        assert!(on_approve(Kind::Renewal, &reg).new_period);
        assert_eq!(on_approve(Kind::Restoration, &state(RecordStatus::Frozen)).status, RecordStatus::Registered);
        assert!(on_approve(Kind::CardReplacement, &reg).replace_card);
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_renewal_window_opens_before_the_end_and_stays_open_after_it() {
        let reg = State { valid_until: Some(day(2027, 12, 2)), ..state(RecordStatus::Registered) };
        let on = |today, days| may_start(Kind::Renewal, &State { today, renewal_open_days: days, ..reg.clone() });
        assert_eq!(on(day(2027, 10, 2), 60).unwrap_err(), "登记有效期至 2027-12-02，可于 2027-10-03 起申请续期");
        assert!(on(day(2027, 10, 3), 60).is_ok(), "the first day of the window");
        assert!(on(day(2027, 12, 2), 60).is_ok(), "the last valid day");
        assert!(on(day(2028, 6, 1), 60).is_ok(), "超期 stays open");
        assert!(on(day(2027, 11, 1), 30).is_err());
        assert!(on(day(2027, 11, 2), 30).is_ok());
        let frozen = State { today: day(2027, 11, 1), ..state(RecordStatus::Frozen) };
        assert!(may_start(Kind::Renewal, &frozen).is_err());
        let waiting = State { today: day(2027, 11, 1), submitted: vec![Kind::Renewal], ..reg.clone() };
        assert!(may_start(Kind::Renewal, &waiting).unwrap_err().contains("等待审核"));
        assert!(may_approve(Kind::Renewal, &waiting).is_ok());
    }

    #[test]
    fn an_early_renewal_continues_the_period_and_a_late_one_starts_on_approval() {
        let end = Some(day(2027, 12, 1));
        let period = |kind, submitted, today| new_period(kind, end, Some(submitted), today, 1);
        assert_eq!(period(Kind::Renewal, day(2027, 10, 5), day(2027, 10, 9)), (day(2027, 12, 2), day(2028, 12, 1)));
        assert_eq!(period(Kind::Renewal, day(2027, 12, 1), day(2027, 12, 1)), (day(2027, 12, 2), day(2028, 12, 1)));
        // Submitted in time, decided after the end: the review's delay costs nothing either.
        assert_eq!(period(Kind::Renewal, day(2027, 11, 30), day(2027, 12, 5)), (day(2027, 12, 2), day(2028, 12, 1)));
        // Submitted once expired: a full period from the approval day.
        assert_eq!(period(Kind::Renewal, day(2027, 12, 2), day(2027, 12, 3)), (day(2027, 12, 3), day(2028, 12, 3)));
        assert_eq!(period(Kind::Restoration, day(2027, 10, 5), day(2027, 10, 9)), (day(2027, 10, 9), day(2028, 10, 9)));
        assert_eq!(new_period(Kind::Initial, None, Some(day(2026, 11, 1)), day(2026, 12, 1), 3).1, day(2029, 12, 1));
    }
}
