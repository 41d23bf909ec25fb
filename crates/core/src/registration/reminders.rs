//! 续期提醒: a mail 60, 30 and 7 days before 有效期至 and one on the day after it, each sent at
//! most once per worker and validity period and recorded in `renewal_reminders`.
//!
//! Whoever hosts the registry runs [`Registry::send_due_reminders`]: the desktop app when it
//! starts and daily while it runs, a server on its own schedule. It has no caller and takes no
//! token: it changes no record, it only reads the register and sends mail through the usual path
//! (SMTP, or the outbox while none is set).

use crate::accounts::mail::Mail;
use crate::clock::stamp;
use crate::error::Result;
use crate::registration::workflow::renewal_opens;
use crate::registry::Registry;
use crate::settings;
use chrono::{Duration, NaiveDate};
use rusqlite::params;

/// One reminder of a validity period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Before60,
    Before30,
    Before7,
    /// The day after 有效期至: the record is now 超期.
    Expired,
}

/// An expiry reminder is not sent later than this many days after the end: an app that was not
/// run for months (or a register imported with old records) must not mail every lapsed worker.
pub const EXPIRED_REMINDER_DAYS: i64 = 30;

impl Stage {
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Before60 => "before_60",
            Stage::Before30 => "before_30",
            Stage::Before7 => "before_7",
            Stage::Expired => "expired",
        }
    }

    /// The day the stage falls due, counted from 有效期至.
    fn offset(self) -> i64 {
        match self {
            Stage::Before60 => -60,
            Stage::Before30 => -30,
            Stage::Before7 => -7,
            Stage::Expired => 1,
        }
    }
}

/// The reminder due on `today` for a validity ending on `until`: the latest stage whose day has
/// come. A run that missed a stage's day (the app was closed) sends that stage late, unless the
/// next one is already due: a worker gets one mail per stage at most, never a pile of them.
pub fn due_stage(until: NaiveDate, today: NaiveDate) -> Option<Stage> {
    let days = (today - until).num_days();
    if days > EXPIRED_REMINDER_DAYS {
        return None;
    }
    [Stage::Expired, Stage::Before7, Stage::Before30, Stage::Before60].into_iter().find(|s| days >= s.offset())
}

/// What one run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReminderRun {
    /// Mails handed to the SMTP server or written to the outbox.
    pub sent: usize,
    /// Mails that failed; they are tried again at the next run.
    pub failed: usize,
}

struct Due {
    worker_id: i64,
    until: NaiveDate,
    stage: Stage,
    name: String,
    email: String,
    registration_no: Option<String>,
}

impl Registry {
    /// Sends every renewal reminder due today (the registry's clock) that was not sent before.
    /// Registered records only (a frozen one cannot renew), and not while a 续期登记 waits for
    /// review. The mail goes to the record's contact e-mail, or else the account's.
    pub fn send_due_reminders(&self) -> Result<ReminderRun> {
        let today = self.clock().today();
        let (due, open_days, grace_days) = {
            let conn = self.db();
            let open_days = settings::get_int(&conn, settings::RENEWAL_OPEN_DAYS)?;
            let grace_days = settings::get_int(&conn, settings::FREEZE_GRACE_DAYS)?;
            let mut stmt = conn.prepare(
                "SELECT w.id, w.valid_until, u.display_name,
                        COALESCE(NULLIF(TRIM(json_extract(w.data, '$.contact.email')), ''), u.email),
                        w.registration_no
                 FROM workers w JOIN users u ON u.id = w.user_id
                 WHERE w.status = 'registered' AND w.valid_until BETWEEN ?1 AND ?2
                   AND NOT EXISTS (SELECT 1 FROM applications a
                                   WHERE a.worker_id = w.id AND a.kind = 'renewal' AND a.status = 'submitted')",
            )?;
            let from = today - Duration::days(EXPIRED_REMINDER_DAYS);
            let to = today + Duration::days(-Stage::Before60.offset());
            let rows = stmt.query_map(params![from.to_string(), to.to_string()], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, Option<String>>(3)?, r.get(4)?))
            })?;
            let mut due = Vec::new();
            for row in rows {
                let (worker_id, until, name, email, registration_no) = row?;
                let Ok(until) = NaiveDate::parse_from_str(&until, "%Y-%m-%d") else { continue };
                let (Some(stage), Some(email)) = (due_stage(until, today), email.filter(|e| !e.trim().is_empty())) else {
                    continue;
                };
                due.push(Due { worker_id, until, stage, name, email, registration_no });
            }
            (due, open_days, grace_days)
        };
        let mut run = ReminderRun::default();
        for d in due {
            // Claim first: a second process running at the same moment finds the row and skips.
            let claimed = self.db().execute(
                "INSERT OR IGNORE INTO renewal_reminders (worker_id, valid_until, stage, recipient, sent_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![d.worker_id, d.until.to_string(), d.stage.as_str(), d.email, stamp(self.clock().now())],
            )?;
            if claimed == 0 {
                continue;
            }
            match self.send_mail(&reminder_mail(&d, today, open_days, grace_days)) {
                Ok(_) => run.sent += 1,
                Err(e) => {
                    eprintln!("renewal reminder not sent: {e}");
                    self.db().execute(
                        "DELETE FROM renewal_reminders WHERE worker_id = ?1 AND valid_until = ?2 AND stage = ?3",
                        params![d.worker_id, d.until.to_string(), d.stage.as_str()],
                    )?;
                    run.failed += 1;
                }
            }
        }
        Ok(run)
    }
}

fn reminder_mail(d: &Due, today: NaiveDate, open_days: i64, grace_days: i64) -> Mail {
    let what = match &d.registration_no {
        Some(no) => format!("您的社会工作者登记（登记证号 {no}）"),
        None => "您的社会工作者登记".to_owned(),
    };
    let how = "请登录社会工作者登记管理系统，在“个人信息维护”中选择“续期登记申请”。";
    let (subject, body) = if d.stage == Stage::Expired {
        (
            format!("社会工作者登记管理系统：登记已于 {} 到期，请尽快申请续期", d.until),
            format!(
                "{what}有效期已于 {} 届满，现为超期状态。\n{how}\n超期 {grace_days} 天后仍未续期的，登记可能被冻结。\n",
                d.until
            ),
        )
    } else {
        let opens = renewal_opens(d.until, open_days);
        let window = if today >= opens { "现已可以申请续期".to_owned() } else { format!("可于 {opens} 起申请续期") };
        (
            format!("社会工作者登记管理系统：登记将于 {} 到期，请申请续期", d.until),
            format!(
                "{what}有效期至 {}，还有 {} 天到期，{window}。\n{how}\n有效期届满前申请的，续期自原有效期届满次日起计算，提前申请不会缩短有效期。\n",
                d.until,
                (d.until - today).num_days()
            ),
        )
    };
    Mail { to: d.email.clone(), to_name: d.name.clone(), subject, body: format!("{}，您好：\n\n{body}", d.name) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_stage_whose_day_has_come_is_due() {
        let until = NaiveDate::from_ymd_opt(2027, 12, 1).unwrap();
        let on = |days: i64| due_stage(until, until + Duration::days(days));
        assert_eq!(on(-61), None);
        assert_eq!(on(-60), Some(Stage::Before60));
        assert_eq!(on(-31), Some(Stage::Before60));
        assert_eq!(on(-30), Some(Stage::Before30));
        assert_eq!(on(-8), Some(Stage::Before30));
        assert_eq!(on(-7), Some(Stage::Before7));
        assert_eq!(on(0), Some(Stage::Before7));
        assert_eq!(on(1), Some(Stage::Expired));
        assert_eq!(on(EXPIRED_REMINDER_DAYS), Some(Stage::Expired));
        assert_eq!(on(EXPIRED_REMINDER_DAYS + 1), None);
    }
}
