//! 登记期限设置: how long a registration is valid, how many days before its end 续期登记 opens,
//! the grace days before freezing, and the 登记证号 prefix.

use crate::error::{Error, Result};
use crate::registry::Registry;
use crate::{settings, validate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// 登记期限设置
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PeriodSettings {
    #[ts(type = "number")]
    pub full_time_years: i64,
    #[ts(type = "number")]
    pub other_years: i64,
    #[ts(type = "number")]
    pub renewal_open_days: i64,
    #[ts(type = "number")]
    pub grace_days: i64,
    pub registration_prefix: String,
}

/// Bounds of 续期提前开放天数.
pub const RENEWAL_OPEN_DAYS_MIN: i64 = 1;
pub const RENEWAL_OPEN_DAYS_MAX: i64 = 180;

impl Registry {

    pub fn period_settings(&self, token: &str) -> Result<PeriodSettings> {
        self.actor(token)?.require_staff()?;
        let conn = self.read()?;
        Ok(PeriodSettings {
            full_time_years: settings::get_int(&conn, settings::PERIOD_FULL_TIME_YEARS)?,
            other_years: settings::get_int(&conn, settings::PERIOD_OTHER_YEARS)?,
            renewal_open_days: settings::get_int(&conn, settings::RENEWAL_OPEN_DAYS)?,
            grace_days: settings::get_int(&conn, settings::FREEZE_GRACE_DAYS)?,
            registration_prefix: settings::get_text(&conn, settings::REGISTRATION_PREFIX)?,
        })
    }

    pub fn save_period_settings(&self, token: &str, s: PeriodSettings) -> Result<()> {
        let actor = self.actor(token)?;
        actor.require_admin()?;
        let before = self.period_settings(token)?;
        let mut e = validate::Errors::new();
        if !(1..=10).contains(&s.full_time_years) {
            e.add("fullTimeYears", "请填写1至10年");
        }
        if !(1..=10).contains(&s.other_years) {
            e.add("otherYears", "请填写1至10年");
        }
        // At most half the shortest period (one year), so that a renewal is never open again
        // right after the one that extended the record.
        if !(RENEWAL_OPEN_DAYS_MIN..=RENEWAL_OPEN_DAYS_MAX).contains(&s.renewal_open_days) {
            e.add("renewalOpenDays", format!("请填写{RENEWAL_OPEN_DAYS_MIN}至{RENEWAL_OPEN_DAYS_MAX}天"));
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
        settings::set_int(&tx, settings::RENEWAL_OPEN_DAYS, s.renewal_open_days)?;
        settings::set_int(&tx, settings::FREEZE_GRACE_DAYS, s.grace_days)?;
        let prefix = prefix.unwrap_or_default();
        settings::set_text(&tx, settings::REGISTRATION_PREFIX, &prefix)?;
        let after = PeriodSettings { registration_prefix: prefix, ..s };
        if before != after {
            crate::audit::append(&tx, self.clock().now(), crate::audit::Entry {
                actor: crate::audit::actor_id(&actor),
                before: crate::audit::settings_json(&before),
                after: crate::audit::settings_json(&after),
                ..crate::audit::Entry::new(crate::audit::AuditAction::SettingsPeriods)
            })?;
        }
        tx.commit()?;
        Ok(())
    }
}
