//! The register's filters and sorts, as the list, the exports, printing, statistics and the
//! review queues' search take them.

use crate::registration::workflow::RecordStatus;
use crate::validate;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// 登记状态 as the register shows it: 超期 is computed from the validity end and today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RosterStatus {
    /// 未登记
    Unregistered,
    /// 已登记 (within its validity)
    Registered,
    /// 超期: registered, validity ended before today
    Expired,
    /// 已冻结
    Frozen,
}

impl RosterStatus {
    pub const ALL: [RosterStatus; 4] =
        [RosterStatus::Unregistered, RosterStatus::Registered, RosterStatus::Expired, RosterStatus::Frozen];

    pub fn label(self) -> &'static str {
        match self {
            RosterStatus::Unregistered => "未登记",
            RosterStatus::Registered => "已登记",
            RosterStatus::Expired => "超期",
            RosterStatus::Frozen => "已冻结",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            RosterStatus::Unregistered => "unregistered",
            RosterStatus::Registered => "registered",
            RosterStatus::Expired => "expired",
            RosterStatus::Frozen => "frozen",
        }
    }

    /// The standing of a stored status and validity end on `today`.
    pub fn of(status: RecordStatus, valid_until: Option<&str>, today: NaiveDate) -> RosterStatus {
        match status {
            RecordStatus::Unregistered => RosterStatus::Unregistered,
            RecordStatus::Frozen => RosterStatus::Frozen,
            RecordStatus::Registered => match valid_until.and_then(|v| validate::date(v).ok()) {
                Some(until) if until < today => RosterStatus::Expired,
                _ => RosterStatus::Registered,
            },
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RosterSort {
    /// 最近更新在前
    #[default]
    Updated,
    /// 姓名
    Name,
    /// 登记证号 (records without one last)
    RegistrationNo,
    /// 有效期至，早的在前 (records without one last)
    ValidUntil,
}

/// The filters of the register, shared by the list, the exports, printing and statistics.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct RosterQuery {
    pub status: Option<RosterStatus>,
    /// 所在区 code; empty for all.
    pub district: String,
    /// 职称 code, `none` for 无职称; empty for all.
    pub title: String,
    /// 执业领域 code; empty for all.
    pub field: String,
    /// 是否专职
    pub full_time: Option<bool>,
    /// 是否厦户
    pub xiamen_hukou: Option<bool>,
    /// 有效期至 between these days, `YYYY-MM-DD`, inclusive; empty for no bound.
    pub valid_from: String,
    pub valid_to: String,
    /// 姓名, 身份证号码, 手机号码, 单位 or 登记证号. Three characters or more match anywhere;
    /// one or two match the start of a name.
    pub search: String,
    pub sort: RosterSort,
    pub page: u32,
    pub page_size: u32,
}

/// The title filter value for records without a title.
pub const NO_TITLE: &str = "none";

/// The masked search term for the audit log: a log never holds a full ID number or phone.
pub(crate) fn loggable(q: &RosterQuery) -> RosterQuery {
    let digits = q.search.chars().filter(char::is_ascii_digit).count();
    let search = if digits >= 6 { validate::mask_id_number(&q.search) } else { q.search.clone() };
    RosterQuery { search, page: 0, page_size: 0, ..q.clone() }
}
