//! Where "now" comes from. Domain code never reads the system time itself, so that tests can
//! move the date (one year later, past a deadline) without waiting.

use crate::error::{Error, Result};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};
use std::sync::Mutex;

/// China Standard Time. China has no daylight saving time, so a fixed offset is exact; dates
/// ("today", validity ends) are always taken in this zone, whatever the machine's zone is.
pub fn china() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("+08:00 is a valid offset")
}

/// The UTC stamp where a `YYYY-MM-DD` day typed into a filter begins in China time (or, for
/// `end`, where the next day begins): none for an empty filter; a bad date is an error on `field`.
pub fn day_bound(raw: &str, field: &str, end: bool) -> Result<Option<String>> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    let d = crate::validate::date(raw).map_err(|m| Error::field(field, m))?;
    let d = if end { d + Duration::days(1) } else { d };
    let midnight = d.and_hms_opt(0, 0, 0).expect("midnight exists");
    let at = midnight.and_local_timezone(china()).single().expect("+08:00 is unambiguous");
    Ok(Some(stamp(at.with_timezone(&Utc))))
}

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;

    /// Today's date in China.
    fn today(&self) -> NaiveDate {
        self.now().with_timezone(&china()).date_naive()
    }
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until a test moves it.
pub struct FixedClock(Mutex<DateTime<Utc>>);

impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        FixedClock(Mutex::new(at))
    }

    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = at;
    }

    pub fn advance(&self, by: chrono::Duration) {
        let mut now = self.0.lock().unwrap_or_else(|p| p.into_inner());
        *now += by;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The form timestamps are stored in: RFC 3339 in UTC with second precision.
pub fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub fn parse_stamp(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc))
}

/// The system time shifted by a fixed amount: lets a test (or a training copy of the data) run
/// the app "one year later" without touching the machine's clock.
pub struct OffsetClock(pub chrono::Duration);

impl Clock for OffsetClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.0
    }
}

/// The clock of a running app or server: the system's.
#[cfg(not(feature = "test-hooks"))]
pub fn running() -> std::sync::Arc<dyn Clock> {
    std::sync::Arc::new(SystemClock)
}

/// With the `test-hooks` feature an end-to-end test may run the app or the server some days in
/// the future (`SWREG_TEST_DAYS_AHEAD`), to reach renewals without waiting a year.
#[cfg(feature = "test-hooks")]
pub fn running() -> std::sync::Arc<dyn Clock> {
    let days = std::env::var("SWREG_TEST_DAYS_AHEAD").ok().and_then(|d| d.parse().ok()).unwrap_or(0);
    std::sync::Arc::new(OffsetClock(chrono::Duration::days(days)))
}
