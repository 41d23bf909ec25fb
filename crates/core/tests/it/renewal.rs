//! 续期登记 before expiry: the window (a setting), the period that continues from the old end,
//! and the reminder mails at 60, 30 and 7 days before 有效期至 and on the day after it.

use crate::fixture::*;
use crate::workflow::{decide, worker};
use swreg_core::registration::review::{DecideArgs, QueueQuery};
use chrono::{NaiveDate, TimeZone, Utc};
use swreg_core::accounts::mail::{MailSettings, TlsMode};
use swreg_core::registration::periods::PeriodSettings;
use swreg_core::registration::reminders::ReminderRun;
use swreg_core::registration::worker::{HistoryQuery, RecordQuery, SaveRecordArgs, Target};
use swreg_core::registration::workflow::Kind;
use swreg_core::Error;

/// Moves the fixture's clock to 10:00 China time of a day.
fn on(f: &Fixture, y: i32, m: u32, d: u32) {
    f.clock.set(Utc.with_ymd_and_hms(y, m, d, 2, 0, 0).unwrap());
}

/// A fresh worker session (moving the clock by days ends the old one).
fn worker_token(f: &Fixture) -> String {
    f.login("ayiguli", WORKER_PASSWORD).unwrap().token
}

fn admin_token(f: &Fixture) -> String {
    f.login("admin", ADMIN_PASSWORD).unwrap().token
}

/// Registered on 2026-12-01, full-time: valid until 2027-12-01.
fn registered(f: &Fixture) {
    let w = worker(f, "ayiguli", "ayi@example.cn");
    f.registry
        .save_record(&w.token, SaveRecordArgs { worker_id: None, kind: Kind::Initial, form: full_form(w.photo_id), submit: true })
        .unwrap();
    decide(f, Kind::Initial, true, "");
}

/// Whether 续期登记申请 is open for the worker, and why not.
fn renewal(f: &Fixture) -> Result<(), String> {
    let hub = f.registry.hub(&worker_token(f), Target::default()).unwrap();
    let a = hub.actions.into_iter().find(|a| a.key == "renewal").unwrap();
    if a.available { Ok(()) } else { Err(a.reason.unwrap()) }
}

/// The admin approves the one waiting renewal (with a session of the clock's day).
fn approve_renewal(f: &Fixture) {
    let admin = admin_token(f);
    let q = f
        .registry
        .application_queue(&admin, QueueQuery { kind: Some(Kind::Renewal), page: 1, page_size: 10, ..Default::default() })
        .unwrap();
    assert_eq!(q.total, 1);
    f.registry.decide_application(&admin, DecideArgs { application_id: q.items[0].id, approve: true, comment: String::new() }).unwrap();
}

fn submit_renewal(f: &Fixture) {
    let t = worker_token(f);
    let view = f.registry.record_form(&t, RecordQuery { worker_id: None, kind: Kind::Renewal }).unwrap();
    assert!(view.editable, "{:?}", view.locked_reason);
    f.registry.save_record(&t, SaveRecordArgs { worker_id: None, kind: Kind::Renewal, form: view.form, submit: true }).unwrap();
}

/// (有效期自, 有效期至) of the worker's record.
fn validity(f: &Fixture) -> (String, String) {
    let v = f.registry.record_form(&worker_token(f), RecordQuery { worker_id: None, kind: Kind::Renewal }).unwrap();
    (v.valid_from.unwrap(), v.valid_until.unwrap())
}

fn periods(f: &Fixture, renewal_open_days: i64) -> Result<(), Error> {
    f.registry.save_period_settings(&admin_token(f), PeriodSettings {
        full_time_years: 1,
        other_years: 3,
        renewal_open_days,
        grace_days: 90,
        registration_prefix: "厦社登".into(),
    })
}

#[test]
fn renewal_opens_before_the_end_and_an_early_one_continues_the_period() {
    let f = Fixture::new();
    registered(&f);
    assert_eq!(validity(&f), ("2026-12-01".into(), "2027-12-01".into()));
    assert_eq!(renewal(&f).unwrap_err(), "登记有效期至 2027-12-01，可于 2027-10-02 起申请续期");

    on(&f, 2027, 10, 1);
    assert_eq!(renewal(&f).unwrap_err(), "登记有效期至 2027-12-01，可于 2027-10-02 起申请续期");
    let t = worker_token(&f);
    let view = f.registry.record_form(&t, RecordQuery { worker_id: None, kind: Kind::Renewal }).unwrap();
    assert!(!view.editable && !view.expired);
    let early = f.registry.save_record(&t, SaveRecordArgs { worker_id: None, kind: Kind::Renewal, form: view.form, submit: true });
    assert!(matches!(early, Err(Error::Conflict(m)) if m.contains("可于 2027-10-02 起")), "the core refuses, not only the hub");

    on(&f, 2027, 10, 2);
    assert_eq!(renewal(&f), Ok(()), "the 60th day before the end opens the window");
    // The window follows the setting.
    periods(&f, 30).unwrap();
    assert_eq!(renewal(&f).unwrap_err(), "登记有效期至 2027-12-01，可于 2027-11-01 起申请续期");
    periods(&f, 60).unwrap();
    assert_eq!(renewal(&f), Ok(()));

    submit_renewal(&f);
    assert!(renewal(&f).unwrap_err().contains("等待审核"));
    on(&f, 2027, 10, 9);
    approve_renewal(&f);
    assert_eq!(
        validity(&f),
        ("2027-12-02".into(), "2028-12-01".into()),
        "the new year follows the old end: renewing two months early costs no day"
    );
    assert_eq!(renewal(&f).unwrap_err(), "登记有效期至 2028-12-01，可于 2028-10-02 起申请续期");
}

#[test]
fn renewal_stays_open_after_the_end_and_a_late_one_starts_on_approval() {
    let f = Fixture::new();
    registered(&f);
    on(&f, 2027, 12, 1);
    assert_eq!(renewal(&f), Ok(()), "the last valid day");
    on(&f, 2028, 2, 1);
    assert_eq!(renewal(&f), Ok(()), "超期: still open");
    submit_renewal(&f);
    on(&f, 2028, 2, 3);
    approve_renewal(&f);
    assert_eq!(validity(&f), ("2028-02-03".into(), "2029-02-03".into()), "a full period from the approval day");
}

#[test]
fn a_renewal_submitted_in_time_keeps_the_old_end_even_when_approved_after_it() {
    let f = Fixture::new();
    registered(&f);
    on(&f, 2027, 11, 30);
    submit_renewal(&f);
    on(&f, 2027, 12, 6);
    approve_renewal(&f);
    assert_eq!(validity(&f), ("2027-12-02".into(), "2028-12-01".into()));
}

#[test]
fn the_renewal_window_setting_is_checked() {
    let f = Fixture::new();
    let admin = admin_token(&f);
    assert_eq!(f.registry.period_settings(&admin).unwrap().renewal_open_days, 60, "the default");
    for bad in [0, -5, 181] {
        match periods(&f, bad) {
            Err(Error::Invalid(fields)) => {
                let got: Vec<(&str, &str)> = fields.iter().map(|e| (e.field.as_str(), e.message.as_str())).collect();
                assert_eq!(got, [("renewalOpenDays", "请填写1至180天")], "{bad}");
            }
            other => panic!("{bad}: {other:?}"),
        }
    }
    assert_eq!(f.registry.period_settings(&admin).unwrap().renewal_open_days, 60, "nothing stored");
    periods(&f, 180).unwrap();
    assert_eq!(f.registry.period_settings(&admin).unwrap().renewal_open_days, 180);
    periods(&f, 1).unwrap();
    assert_eq!(f.registry.period_settings(&admin).unwrap().renewal_open_days, 1);
}

/// The reminders recorded for the worker: (有效期至, stage, recipient).
fn recorded(f: &Fixture) -> Vec<(String, String, String)> {
    let conn = rusqlite::Connection::open(f.dir.path().join(swreg_core::DB_FILE_NAME)).unwrap();
    let mut stmt = conn.prepare("SELECT valid_until, stage, recipient FROM renewal_reminders ORDER BY id").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect()
}

fn smtp(f: &Fixture, port: u16) {
    f.registry
        .save_mail_settings(&admin_token(f), Some(MailSettings {
            host: "127.0.0.1".into(),
            port,
            tls: TlsMode::None,
            username: String::new(),
            password: String::new(),
            sender: "民政局 <noreply@mz.xm.gov.cn>".into(),
        }))
        .unwrap();
}

fn run(f: &Fixture) -> ReminderRun {
    f.registry.send_due_reminders().unwrap()
}

const SENT_ONE: ReminderRun = ReminderRun { sent: 1, failed: 0 };
const NONE: ReminderRun = ReminderRun { sent: 0, failed: 0 };

#[test]
fn reminders_at_60_30_7_days_and_the_day_after_go_out_once_each() {
    let f = Fixture::new();
    registered(&f);
    let sink = smtp_sink::Sink::start();
    smtp(&f, sink.port);
    let wait = std::time::Duration::from_secs(10);

    for (y, m, d) in [(2026, 12, 1), (2027, 6, 1), (2027, 10, 1)] {
        on(&f, y, m, d);
        assert_eq!(run(&f), NONE, "{y}-{m}-{d}: nothing due yet");
    }
    // Each threshold day sends its mail; the same day again, and the days until the next
    // threshold, send nothing.
    let steps: [((i32, u32, u32), &str, (i32, u32, u32)); 4] = [
        ((2027, 10, 2), "before_60", (2027, 10, 31)),
        ((2027, 11, 1), "before_30", (2027, 11, 23)),
        ((2027, 11, 24), "before_7", (2027, 12, 1)),
        ((2027, 12, 2), "expired", (2027, 12, 31)),
    ];
    for (i, ((y, m, d), stage, (ly, lm, ld))) in steps.into_iter().enumerate() {
        on(&f, y, m, d);
        assert_eq!(run(&f), SENT_ONE, "{stage} on {y}-{m}-{d}");
        assert_eq!(run(&f), NONE, "{stage} a second time the same day");
        assert_eq!(sink.wait_for(i + 1, wait).len(), i + 1);
        on(&f, ly, lm, ld);
        assert_eq!(run(&f), NONE, "{stage} not again on {ly}-{lm}-{ld}");
        assert_eq!(recorded(&f).last().unwrap().1, stage);
    }
    on(&f, 2028, 1, 1);
    assert_eq!(run(&f), NONE, "no expiry reminder a month late");

    let got = sink.wait_for(4, wait);
    assert_eq!(got.len(), 4, "one mail per stage");
    for m in &got {
        assert_eq!(m.to, ["ayiguli@example.cn"], "the record's contact e-mail");
    }
    let subjects: Vec<String> = got.iter().map(|m| m.header("Subject").unwrap()).collect();
    assert_eq!(subjects[0], "社会工作者登记管理系统：登记将于 2027-12-01 到期，请申请续期");
    assert_eq!(subjects[3], "社会工作者登记管理系统：登记已于 2027-12-01 到期，请尽快申请续期");
    let first = got[0].body_text();
    assert!(first.contains("有效期至 2027-12-01，还有 60 天到期，现已可以申请续期"), "{first}");
    assert!(first.contains("续期登记申请"), "{first}");
    assert!(got[2].body_text().contains("还有 7 天到期"));
    assert!(got[3].body_text().contains("现为超期状态"));
    assert_eq!(
        recorded(&f),
        ["before_60", "before_30", "before_7", "expired"]
            .map(|s| ("2027-12-01".to_owned(), s.to_owned(), "ayiguli@example.cn".to_owned()))
    );

    // Renewed late: the new period (to 2029-01-01) has reminders of its own, but none while a
    // renewal waits for review.
    submit_renewal(&f);
    approve_renewal(&f);
    assert_eq!(validity(&f).1, "2029-01-01");
    on(&f, 2028, 11, 2);
    assert_eq!(run(&f), SENT_ONE, "60 days before the new end");
    submit_renewal(&f);
    on(&f, 2028, 12, 2);
    assert_eq!(run(&f), NONE, "a renewal waits: no reminder");
    approve_renewal(&f);
    assert_eq!(validity(&f).1, "2030-01-01", "submitted in time: continues from 2029-01-01");
    assert_eq!(recorded(&f).len(), 5);
    // Besides the two decisions' mails, one reminder for the new period.
    let got = sink.wait_for(7, wait);
    let reminders: Vec<String> =
        got.iter().filter_map(|m| m.header("Subject")).filter(|s| s.contains("到期")).collect();
    assert_eq!(reminders.len(), 5, "{reminders:?}");
    assert_eq!(reminders[4], "社会工作者登记管理系统：登记将于 2029-01-01 到期，请申请续期");
    let history = f.registry.applications_of(&worker_token(&f), HistoryQuery { worker_id: None, kinds: vec![Kind::Renewal], approved_only: true });
    assert_eq!(history.unwrap().len(), 2);
}

#[test]
fn a_reminder_that_cannot_be_sent_is_not_recorded_and_goes_out_at_the_next_run() {
    let f = Fixture::new();
    registered(&f);
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    smtp(&f, closed);
    on(&f, 2027, 11, 1);
    assert_eq!(run(&f), ReminderRun { sent: 0, failed: 1 });
    assert!(recorded(&f).is_empty());
    let sink = smtp_sink::Sink::start();
    smtp(&f, sink.port);
    assert_eq!(run(&f), SENT_ONE);
    assert_eq!(run(&f), NONE);
    let got = sink.wait_for(1, std::time::Duration::from_secs(10));
    assert_eq!(got.len(), 1);
    assert!(got[0].body_text().contains("还有 30 天到期"));
    assert_eq!(recorded(&f), [("2027-12-01".to_owned(), "before_30".to_owned(), "ayiguli@example.cn".to_owned())]);
}

#[test]
fn without_a_mail_server_reminders_go_to_the_outbox() {
    let f = Fixture::new();
    registered(&f);
    let before = f.registry.list_outbox(&admin_token(&f)).unwrap().len();
    on(&f, 2027, 11, 24);
    assert_eq!(run(&f), SENT_ONE);
    assert_eq!(run(&f), NONE);
    let outbox = f.registry.list_outbox(&admin_token(&f)).unwrap();
    assert_eq!(outbox.len(), before + 1);
    assert!(outbox.iter().any(|m| m.subject == "社会工作者登记管理系统：登记将于 2027-12-01 到期，请申请续期"));
    let day = NaiveDate::from_ymd_opt(2027, 11, 24).unwrap();
    assert_eq!(swreg_core::registration::reminders::due_stage(day + chrono::Duration::days(7), day).map(|s| s.as_str()), Some("before_7"));
}
