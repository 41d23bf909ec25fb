//! 统计: every table on records whose values are known, renewals falling due on a fixed clock,
//! the seeded register against the table's own counts, and the XLSX.

use crate::fixture::*;
use crate::roster::{known, reviewer, seeded, worker_session};
use calamine::{open_workbook, Data, Reader, Xlsx};
use chrono::Duration;
use std::collections::HashMap;
use swreg_core::audit::AuditQuery;
use swreg_core::records::roster::{RosterQuery, RosterStatus};
use swreg_core::records::stats::{Count, Stats};
use swreg_core::Error;

fn counts(table: &[Count]) -> HashMap<String, i64> {
    table.iter().map(|c| (c.key.clone(), c.count)).collect()
}

fn label_counts(table: &[Count]) -> Vec<(String, i64)> {
    table.iter().filter(|c| c.count > 0).map(|c| (c.label.clone(), c.count)).collect()
}

fn due(s: &Stats) -> Vec<(i64, i64, String, String)> {
    s.due.iter().map(|d| (d.days, d.count, d.valid_from.clone(), d.valid_to.clone())).collect()
}

#[test]
fn every_table_counts_the_known_register() {
    let k = known();
    let s = k.f.registry.statistics(&k.f.admin.token, RosterQuery::default()).unwrap();
    assert_eq!(s.today, "2026-12-01");
    assert_eq!(s.total, 9);
    assert_eq!(
        s.by_status.iter().map(|c| (c.key.as_str(), c.label.as_str(), c.count)).collect::<Vec<_>>(),
        [("unregistered", "未登记", 2), ("registered", "已登记", 5), ("expired", "超期", 1), ("frozen", "已冻结", 1)]
    );
    let d = counts(&s.by_district);
    for (code, n) in [("350203", 2), ("350206", 1), ("350211", 1), ("350205", 1), ("350212", 1), ("350213", 1), ("350200", 1)] {
        assert_eq!(d[code], n, "{code}");
    }
    let last = s.by_district.last().unwrap();
    assert_eq!((last.key.as_str(), last.label.as_str(), last.count), ("", "未填写", 1), "the record without a district, last");
    assert_eq!(
        s.by_title.iter().map(|c| (c.label.as_str(), c.count)).collect::<Vec<_>>(),
        [("无职称", 4), ("助理社会工作师", 2), ("社会工作师", 2), ("高级社会工作师", 1)]
    );
    assert_eq!(s.by_field.len(), 17, "every field, zeros included");
    assert_eq!(
        label_counts(&s.by_field),
        [("民政", 1), ("教育", 1), ("社区", 4), ("残疾", 1), ("青少年", 1), ("军队", 1), ("老年人", 2)]
            .map(|(l, n)| (l.to_owned(), n))
    );
    assert_eq!(label_counts(&s.by_sex), [("男", 4), ("女", 5)].map(|(l, n)| (l.to_owned(), n)), "the entered record's sex from its ID number");
    // Ages on 2026-12-01: 29 (30 tomorrow), 34, 38, 36, 48, 41, 56, 60 (today), 66.
    assert_eq!(
        s.by_age.iter().map(|c| (c.key.as_str(), c.count)).collect::<Vec<_>>(),
        [("lt30", 1), ("30s", 3), ("40s", 2), ("50s", 1), ("ge60", 2)]
    );
    let e = counts(&s.by_education);
    assert_eq!((e["21"], e["31"], e["41"], e["14"], e[""]), (4, 2, 1, 1, 1));
    assert_eq!(s.by_education.iter().map(|c| c.count).sum::<i64>(), 9);
    // Due within 30/60/90 days, today included: 12-01 and 12-20; then 2027-01-10; then 2027-02-15.
    assert_eq!(
        due(&s),
        [
            (30, 2, "2026-12-01".into(), "2026-12-30".into()),
            (60, 3, "2026-12-01".into(), "2027-01-29".into()),
            (90, 4, "2026-12-01".into(), "2027-02-28".into()),
        ]
    );
    // Each due range lists the same records in the register.
    for d in &s.due {
        let q = RosterQuery {
            status: Some(RosterStatus::Registered),
            valid_from: d.valid_from.clone(),
            valid_to: d.valid_to.clone(),
            page: 1,
            page_size: 10,
            ..Default::default()
        };
        assert_eq!(k.f.registry.roster(&k.f.admin.token, q).unwrap().total, d.count, "{} days", d.days);
    }
}

#[test]
fn statistics_follow_the_filter_and_the_clock() {
    let k = known();
    let t = &k.f.admin.token;
    let s = k.f.registry.statistics(t, RosterQuery { district: "350203".into(), ..Default::default() }).unwrap();
    assert_eq!(s.total, 2);
    assert_eq!(label_counts(&s.by_status), [("已登记", 1), ("超期", 1)].map(|(l, n)| (l.to_owned(), n)));
    assert_eq!(s.due.iter().map(|d| d.count).collect::<Vec<_>>(), [0, 0, 0]);
    let s = k.f.registry.statistics(t, RosterQuery { field: "04".into(), full_time: Some(true), ..Default::default() }).unwrap();
    assert_eq!(s.total, 3);
    assert_eq!(s.by_field.iter().find(|c| c.key == "04").unwrap().count, 3);
    assert_eq!(s.by_field.iter().find(|c| c.key == "13").unwrap().count, 1);
    let s = k.f.registry.statistics(t, RosterQuery { search: "阳光".into(), ..Default::default() }).unwrap();
    assert_eq!(s.total, 0, "two characters match the start of a name only");
    assert!(s.by_status.iter().all(|c| c.count == 0));
    assert!(matches!(
        k.f.registry.statistics(t, RosterQuery { valid_from: "2026-02-30".into(), ..Default::default() }),
        Err(Error::Invalid(_))
    ));

    // Twenty days on: 12-01 and 12-20 have run out, and the windows move.
    k.f.clock.advance(Duration::days(20));
    let admin = k.f.login("admin", ADMIN_PASSWORD).unwrap();
    let s = k.f.registry.statistics(&admin.token, RosterQuery::default()).unwrap();
    assert_eq!(s.today, "2026-12-21");
    assert_eq!(
        s.by_status.iter().map(|c| c.count).collect::<Vec<_>>(),
        [2, 3, 3, 1],
        "unregistered, registered, expired, frozen"
    );
    assert_eq!(
        due(&s),
        [
            (30, 1, "2026-12-21".into(), "2027-01-19".into()),
            (60, 2, "2026-12-21".into(), "2027-02-18".into()),
            (90, 2, "2026-12-21".into(), "2027-03-20".into()),
        ]
    );
    assert_eq!(s.by_age.iter().find(|c| c.key == "lt30").unwrap().count, 0, "阿依古丽 turned 30 on 12-02");
}

#[test]
fn statistics_are_for_staff_and_their_xlsx_opens() {
    let k = known();
    let w = worker_session(&k.f);
    assert!(matches!(k.f.registry.statistics(&w.token, RosterQuery::default()), Err(Error::Forbidden)));
    let out = k.f.dir.path().join("统计.xlsx");
    assert!(matches!(k.f.registry.stats_xlsx(&w.token, RosterQuery::default(), &out), Err(Error::Forbidden)));
    assert!(!out.exists());
    let r = reviewer(&k.f);
    assert_eq!(k.f.registry.statistics(&r.token, RosterQuery::default()).unwrap().total, 9);
    k.f.registry.stats_xlsx(&r.token, RosterQuery::default(), &out).unwrap();
    assert!(!k.f.dir.path().join("统计.xlsx.partial").exists());

    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(wb.sheet_names(), ["说明", "登记状态", "所在区", "职称", "执业领域", "性别", "年龄段", "学历", "即将到期"]);
    let rows = |wb: &mut Xlsx<_>, name: &str| -> Vec<Vec<Data>> {
        wb.worksheet_range(name).unwrap().rows().map(|r| r.to_vec()).collect()
    };
    let status = rows(&mut wb, "登记状态");
    assert_eq!(status[0][..3], [Data::String("登记状态".into()), Data::String("人数".into()), Data::String("占比".into())]);
    let n = |c: &Data| match c {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("expected a number, got {other:?}"),
    };
    let got: Vec<(String, f64)> = status[1..5].iter().map(|r| (r[0].to_string(), n(&r[1]))).collect();
    assert_eq!(got, [("未登记".to_owned(), 2.0), ("已登记".into(), 5.0), ("超期".into(), 1.0), ("已冻结".into(), 1.0)]);
    assert!((n(&status[2][2]) - 5.0 / 9.0).abs() < 1e-9, "the share");
    assert_eq!((status[5][0].to_string(), n(&status[5][1])), ("记录数".to_owned(), 9.0));
    let due = rows(&mut wb, "即将到期");
    assert_eq!(due[1].iter().take(3).map(|c| c.to_string()).collect::<Vec<_>>(), ["30天内", "2", "2026-12-01 至 2026-12-30"]);
    let about = rows(&mut wb, "说明");
    assert_eq!(about[0][1].to_string(), "2026-12-01");
    assert_eq!(about[1][1].to_string(), "全部记录");
    let chart = {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
        (0..zip.len()).filter(|i| zip.by_index(*i).unwrap().name().is_ok_and(|n| n.starts_with("xl/charts/chart"))).count()
    };
    assert_eq!(chart, 7, "a chart beside each table");

    let log = k
        .f
        .registry
        .audit_log(&k.f.admin.token, AuditQuery { action: Some(swreg_core::audit::AuditAction::RecordExport), page: 1, page_size: 10, ..Default::default() })
        .unwrap();
    assert_eq!(log.total, 1);
    assert_eq!(log.items[0].note.as_deref(), Some("导出统计表（9 条记录）；筛选：全部记录"));
    assert!(log.items[0].actor.contains("黄丽"));
}

#[test]
fn a_seeded_register_counts_as_its_table_says() {
    let f = seeded(1500);
    let s = f.registry.statistics(&f.admin.token, RosterQuery::default()).unwrap();
    let conn = rusqlite::Connection::open(f.dir.path().join(swreg_core::DB_FILE_NAME)).unwrap();
    let group = |sql: &str| -> HashMap<String, i64> {
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map([], |r| Ok((r.get::<_, Option<String>>(0)?.unwrap_or_default(), r.get(1)?)))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    assert_eq!(s.total, 1500);
    let standing = group(
        "SELECT CASE WHEN status = 'registered' AND valid_until < '2026-12-01' THEN 'expired' ELSE status END, COUNT(*)
         FROM workers GROUP BY 1",
    );
    for c in &s.by_status {
        assert_eq!(c.count, standing.get(&c.key).copied().unwrap_or(0), "{}", c.label);
    }
    for (table, column) in [(&s.by_district, "district"), (&s.by_sex, "sex"), (&s.by_education, "education")] {
        let want = group(&format!("SELECT {column}, COUNT(*) FROM workers GROUP BY 1"));
        let got: HashMap<String, i64> = table.iter().filter(|c| c.count > 0).map(|c| (c.key.clone(), c.count)).collect();
        assert_eq!(got, want, "{column}");
    }
    let titles = group("SELECT title, COUNT(*) FROM workers GROUP BY 1");
    assert_eq!(counts(&s.by_title).into_iter().filter(|c| c.1 > 0).collect::<HashMap<_, _>>(), titles);
    let fields = group("SELECT field, COUNT(*) FROM worker_fields GROUP BY 1");
    assert_eq!(counts(&s.by_field).into_iter().filter(|c| c.1 > 0).collect::<HashMap<_, _>>(), fields);
    let ages = group(
        "SELECT CASE WHEN a < 30 THEN 'lt30' WHEN a < 40 THEN '30s' WHEN a < 50 THEN '40s' WHEN a < 60 THEN '50s' ELSE 'ge60' END, COUNT(*)
         FROM (SELECT CAST(strftime('%Y', '2026-12-01') AS INTEGER) - CAST(strftime('%Y', birth_date) AS INTEGER)
                      - (strftime('%m-%d', '2026-12-01') < strftime('%m-%d', birth_date)) AS a
               FROM workers WHERE birth_date IS NOT NULL) GROUP BY 1",
    );
    assert_eq!(counts(&s.by_age).into_iter().filter(|c| c.1 > 0).collect::<HashMap<_, _>>(), ages);
    for d in &s.due {
        let want: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM workers WHERE status = 'registered' AND valid_until BETWEEN '2026-12-01' AND date('2026-12-01', ?1)",
                [format!("+{} days", d.days - 1)],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(d.count, want, "{} days", d.days);
        assert!(want > 0, "the demo has renewals falling due within {} days", d.days);
    }
}
