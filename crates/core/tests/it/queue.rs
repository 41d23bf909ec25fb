//! 审核队列 on a seeded register: every filter, search, sort and page against an independent
//! reading of the tables.

use crate::roster::seeded;
use chrono::{Duration, NaiveDate, TimeZone};
use swreg_core::clock::{china, stamp};
use swreg_core::registration::review::{DecideArgs, QueueQuery, QueueSort};
use swreg_core::records::roster::{normalize_search, NO_TITLE};
use swreg_core::registration::workflow::{Kind, Status};
use swreg_core::Error;

/// One application with its record's searched values, read straight from the tables.
struct Truth {
    id: i64,
    kind: String,
    status: String,
    submitted_at: Option<String>,
    name: String,
    district: Option<String>,
    title: Option<String>,
    /// 姓名, 身份证号码, 手机号码, 单位, 登记证号
    searched: [Option<String>; 5],
}

fn truth(dir: &std::path::Path) -> Vec<Truth> {
    let conn = rusqlite::Connection::open(dir.join(swreg_core::DB_FILE_NAME)).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT a.id, a.kind, a.status, a.submitted_at, w.name, w.district, w.title,
                    w.id_number, w.mobile, w.employer, w.registration_no
             FROM applications a, workers w WHERE w.id = a.worker_id",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok(Truth {
            id: r.get(0)?,
            kind: r.get(1)?,
            status: r.get(2)?,
            submitted_at: r.get(3)?,
            name: r.get(4)?,
            district: r.get(5)?,
            title: r.get(6)?,
            searched: [r.get(4)?, r.get(7)?, r.get(8)?, r.get(9)?, r.get(10)?],
        })
    })
    .unwrap()
    .map(|t| t.unwrap())
    .collect()
}

/// 00:00 China time of a day, as stored.
fn day_start(day: &str) -> String {
    let d = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
    stamp(
        china()
            .from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap())
            .unwrap()
            .to_utc(),
    )
}

fn matches(t: &Truth, q: &QueueQuery) -> bool {
    let term = normalize_search(&q.search);
    let search_ok = match term.chars().count() {
        0 => true,
        1 | 2 => t.name.starts_with(&term),
        _ => t
            .searched
            .iter()
            .flatten()
            .any(|v| v.to_lowercase().contains(&term.to_lowercase())),
    };
    let submitted = t.submitted_at.as_deref().unwrap_or("");
    let to_end = (!q.to.is_empty()).then(|| {
        let d = NaiveDate::parse_from_str(&q.to, "%Y-%m-%d").unwrap() + Duration::days(1);
        day_start(&d.to_string())
    });
    t.status == q.status.unwrap_or(Status::Submitted).as_str()
        && q.kind.is_none_or(|k| t.kind == k.as_str())
        && (q.district.is_empty() || t.district.as_deref() == Some(q.district.as_str()))
        && match q.title.as_str() {
            "" => true,
            NO_TITLE => t.title.is_none(),
            v => t.title.as_deref() == Some(v),
        }
        && (q.from.is_empty()
            || (t.submitted_at.is_some() && submitted >= day_start(&q.from).as_str()))
        && to_end.is_none_or(|end| t.submitted_at.is_some() && submitted < end.as_str())
        && search_ok
}

fn expected(all: &[Truth], q: &QueueQuery) -> Vec<i64> {
    let mut hits: Vec<&Truth> = all.iter().filter(|t| matches(t, q)).collect();
    // By name; the test compares names only, so ties may fall either way.
    match q.sort {
        QueueSort::SubmittedAsc => {
            hits.sort_by(|a, b| (&a.submitted_at, a.id).cmp(&(&b.submitted_at, b.id)))
        }
        QueueSort::SubmittedDesc => {
            hits.sort_by(|a, b| (&b.submitted_at, b.id).cmp(&(&a.submitted_at, a.id)))
        }
        QueueSort::Name => hits.sort_by(|a, b| a.name.cmp(&b.name)),
    }
    hits.iter().map(|t| t.id).collect()
}

#[test]
fn a_seeded_queue_answers_every_filter_sort_and_search_as_the_tables_say() {
    let f = seeded(1500);
    let all = truth(f.dir.path());
    let waiting = all.iter().filter(|t| t.status == "submitted").count();
    assert!(
        waiting >= 50,
        "the seeded register has a queue to work: {waiting}"
    );
    for k in Kind::ALL {
        assert!(
            all.iter()
                .any(|t| t.status == "submitted" && t.kind == k.as_str()),
            "{k:?} waits somewhere"
        );
    }
    let sample = all
        .iter()
        .find(|t| t.status == "submitted" && t.searched[4].is_some() && t.name.chars().count() == 3)
        .unwrap();
    let id_number = sample.searched[1].clone().unwrap();
    let mobile = sample.searched[2].clone().unwrap();
    let base = QueueQuery {
        page: 1,
        page_size: 10,
        ..Default::default()
    };
    let mut queries = vec![base.clone()];
    for k in Kind::ALL {
        queries.push(QueueQuery {
            kind: Some(k),
            ..base.clone()
        });
    }
    for s in [Status::Approved, Status::Rejected] {
        queries.push(QueueQuery {
            status: Some(s),
            ..base.clone()
        });
        queries.push(QueueQuery {
            status: Some(s),
            kind: Some(Kind::Renewal),
            ..base.clone()
        });
    }
    for d in ["350203", "350213", "350200"] {
        queries.push(QueueQuery {
            district: d.into(),
            ..base.clone()
        });
        queries.push(QueueQuery {
            district: d.into(),
            kind: Some(Kind::Initial),
            ..base.clone()
        });
    }
    for t in ["1", "2", "3", NO_TITLE] {
        queries.push(QueueQuery {
            title: t.into(),
            ..base.clone()
        });
    }
    queries.push(QueueQuery {
        from: "2026-11-20".into(),
        ..base.clone()
    });
    queries.push(QueueQuery {
        to: "2026-11-20".into(),
        ..base.clone()
    });
    queries.push(QueueQuery {
        from: "2026-11-01".into(),
        to: "2026-11-25".into(),
        district: "350206".into(),
        ..base.clone()
    });
    queries.push(QueueQuery {
        from: "2026-11-30".into(),
        to: "2026-11-30".into(),
        ..base.clone()
    });
    for term in [
        sample.name.clone(),
        sample.name.chars().take(2).collect(),
        sample.name.chars().take(1).collect(),
        id_number.clone(),
        id_number[12..].to_owned(),
        mobile.clone(),
        mobile[7..].to_owned(),
        "社会工作".to_owned(),
        sample.searched[4].clone().unwrap(),
    ] {
        queries.push(QueueQuery {
            search: term.clone(),
            ..base.clone()
        });
        queries.push(QueueQuery {
            search: term.clone(),
            kind: Some(Kind::Renewal),
            ..base.clone()
        });
        queries.push(QueueQuery {
            search: term,
            district: "350203".into(),
            ..base.clone()
        });
    }
    let mut checked = 0;
    let mut nonempty = 0;
    for query in queries {
        for sort in [
            QueueSort::SubmittedAsc,
            QueueSort::SubmittedDesc,
            QueueSort::Name,
        ] {
            let query = QueueQuery {
                sort,
                ..query.clone()
            };
            let want = expected(&all, &query);
            let first = f
                .registry
                .application_queue(&f.admin.token, query.clone())
                .unwrap();
            assert_eq!(first.total, want.len() as i64, "{query:?}");
            nonempty += usize::from(!want.is_empty());
            // Every page when there are few, else the first two and the last.
            let pages = (want.len() as u32).div_ceil(10).max(1);
            let which: Vec<u32> = if pages <= 4 {
                (1..=pages).collect()
            } else {
                vec![1, 2, pages]
            };
            let mut seen = Vec::new();
            for page in which {
                let got = f
                    .registry
                    .application_queue(
                        &f.admin.token,
                        QueueQuery {
                            page,
                            ..query.clone()
                        },
                    )
                    .unwrap();
                assert_eq!(got.total, want.len() as i64);
                let from = ((page - 1) * 10) as usize;
                let slice: Vec<i64> = want.iter().skip(from).take(10).copied().collect();
                let ids: Vec<i64> = got.items.iter().map(|r| r.id).collect();
                if sort == QueueSort::Name {
                    // Names decide the order; among equal names the page holds the same set.
                    let names = |ids: &[i64]| {
                        ids.iter()
                            .map(|id| all.iter().find(|t| t.id == *id).unwrap().name.clone())
                            .collect::<Vec<_>>()
                    };
                    assert_eq!(names(&ids), names(&slice), "page {page} of {query:?}");
                } else {
                    assert_eq!(ids, slice, "page {page} of {query:?}");
                }
                for row in &got.items {
                    let t = all.iter().find(|t| t.id == row.id).unwrap();
                    assert!(matches(t, &query), "{} does not match {query:?}", row.id);
                    assert_eq!(row.name, t.name);
                    assert!(
                        row.id_number.contains('*'),
                        "ID numbers are masked in the queue"
                    );
                }
                seen.extend(ids);
                checked += 1;
            }
            if pages <= 4 {
                // Whole queue read page by page: each application once, none missing.
                let mut a = seen.clone();
                a.sort();
                a.dedup();
                assert_eq!(a.len(), want.len(), "{query:?}");
            }
        }
    }
    assert!(checked > 150, "{checked}");
    assert!(nonempty > 60, "{nonempty}");
    // A record that moves to another district takes its waiting applications along (the V7
    // copy on each application follows the record).
    let moved = all.iter().find(|t| t.status == "submitted" && t.district.as_deref() == Some("350203")).unwrap();
    let conn = rusqlite::Connection::open(f.dir.path().join(swreg_core::DB_FILE_NAME)).unwrap();
    conn.execute(
        "UPDATE workers SET district = '350212', title = NULL WHERE id = (SELECT worker_id FROM applications WHERE id = ?1)",
        [moved.id],
    )
    .unwrap();
    let all = truth(f.dir.path());
    for query in [
        QueueQuery { district: "350212".into(), ..base.clone() },
        QueueQuery { district: "350203".into(), ..base.clone() },
        QueueQuery { title: NO_TITLE.into(), district: "350212".into(), ..base.clone() },
    ] {
        let want = expected(&all, &query);
        let got = f.registry.application_queue(&f.admin.token, QueueQuery { page_size: 200, ..query.clone() }).unwrap();
        assert_eq!(got.total, want.len() as i64, "{query:?}");
        let mut ids: Vec<i64> = got.items.iter().map(|r| r.id).collect();
        ids.sort();
        let mut want = want;
        want.sort();
        assert_eq!(ids, want, "{query:?}");
    }
    let in_new = f
        .registry
        .application_queue(&f.admin.token, QueueQuery { district: "350212".into(), page_size: 200, ..base.clone() })
        .unwrap();
    assert!(in_new.items.iter().any(|r| r.id == moved.id), "the moved record's application is in its new district");

    // Decisions move applications between the totals (kept by the V7 counts): one approved and
    // one returned, then every status and kind against the tables again.
    let waiting: Vec<i64> = all.iter().filter(|t| t.status == "submitted" && t.kind == "renewal").map(|t| t.id).take(2).collect();
    for (id, approve) in waiting.iter().zip([true, false]) {
        f.registry
            .decide_application(&f.admin.token, DecideArgs { application_id: *id, approve, comment: "材料已核对".into() })
            .unwrap();
    }
    let all = truth(f.dir.path());
    let badges = f.registry.queue_counts(&f.admin.token).unwrap();
    assert_eq!(badges.total, all.iter().filter(|t| t.status == "submitted").count() as i64);
    for s in [Status::Submitted, Status::Approved, Status::Rejected] {
        for kind in std::iter::once(None).chain(Kind::ALL.into_iter().map(Some)) {
            let query = QueueQuery { status: Some(s), kind, ..base.clone() };
            let got = f.registry.application_queue(&f.admin.token, query.clone()).unwrap();
            assert_eq!(got.total, expected(&all, &query).len() as i64, "{query:?}");
        }
    }

    // The period's end before its start is refused beside the field.
    let bad = QueueQuery {
        from: "2026-11-20".into(),
        to: "2026-11-19".into(),
        ..base.clone()
    };
    match f.registry.application_queue(&f.admin.token, bad) {
        Err(Error::Invalid(fields)) => assert_eq!(fields[0].field, "to"),
        other => panic!("{other:?}"),
    }
}
