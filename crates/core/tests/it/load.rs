//! Many clients at once on one registry (its readers beside its writer): the load's mix runs
//! without an error and leaves a consistent database; a read on another thread sees every write
//! acknowledged before it. The figures come from `cargo bench -p swreg-core --bench load`.

use crate::fixture::*;
use crate::roster::seeded;
use std::sync::mpsc;
use std::time::Duration;
use swreg_core::demo::load::{self, Core, LoadArgs};
use swreg_core::registration::worker::{RecordQuery, SaveRecordArgs};
use swreg_core::registration::workflow::Kind;

/// The CI's small load: 2,000 workers, 10 clients (two of them workers saving drafts, the others
/// staff reading and deciding), no pause between calls. Only errors are asserted.
#[test]
fn ten_clients_at_once_make_no_error_and_leave_the_database_consistent() {
    let f = seeded(2000);
    let report = load::run(&Core(&f.registry), &LoadArgs {
        clients: 10,
        calls_per_client: 60,
        until: None,
        think: Duration::ZERO,
        decide_every: 8,
        seed: 16,
    })
    .unwrap();
    assert_eq!(report.errors(), 0, "{:?}\n{}", report.error_samples, report.table());
    assert!(report.writes.calls > 0 && report.reads.calls > report.writes.calls, "{}", report.table());
    for name in ["save_record", "decide_application", "roster", "worker_detail", "application_queue", "application_detail"] {
        assert!(report.by_command.iter().any(|c| c.name == name && c.calls > 0), "{name} ran: {}", report.table());
    }
    let conn = rusqlite::Connection::open(f.dir.path().join(swreg_core::DB_FILE_NAME)).unwrap();
    assert_eq!(crate::consistency::problems(&conn), Vec::<String>::new());
}

/// Saved on one thread, read on another right after the save returned: every read sees the
/// draft as last saved (the readers keep their page cache between reads).
#[test]
fn a_read_on_another_thread_sees_every_acknowledged_save() {
    let f = Fixture::new();
    let w = crate::workflow::worker(&f, "linxf", "linxf@example.cn");
    let mut form = crate::forms::full_form(w.photo_id);
    let (saved, wait_saved) = mpsc::channel::<String>();
    let (seen, wait_seen) = mpsc::channel::<()>();
    std::thread::scope(|s| {
        s.spawn(|| {
            for employer in wait_saved {
                for token in [&w.token, &f.admin.token] {
                    let view = f
                        .registry
                        .record_form(token, RecordQuery { worker_id: Some(w.worker_id), kind: Kind::Initial })
                        .unwrap();
                    assert_eq!(view.form.employer, employer);
                }
                seen.send(()).unwrap();
            }
        });
        for n in 0..30 {
            form.employer = format!("厦门市第{n}社会工作服务中心");
            f.registry
                .save_record(&w.token, SaveRecordArgs { worker_id: None, kind: Kind::Initial, form: form.clone(), submit: false })
                .unwrap();
            saved.send(form.employer.clone()).unwrap();
            wait_seen.recv().unwrap();
        }
        drop(saved);
    });
}

/// Closed after demo seeding (which switches the journal) and reads on the readers — a test
/// handing the folder to a server, `swreg-admin seed-demo`: the file leaves WAL mode.
#[test]
fn the_registry_closes_after_seeding_and_reads() {
    let f = seeded(12);
    let seeded_only = seeded(12);
    seeded_only.registry.close().unwrap();
    let query = swreg_core::records::roster::RosterQuery { page: 1, page_size: 20, ..Default::default() };
    assert!(f.registry.roster(&f.admin.token, query).unwrap().total > 0);
    f.registry.close().unwrap();
    let conn = rusqlite::Connection::open(f.dir.path().join(swreg_core::DB_FILE_NAME)).unwrap();
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "delete");
}
