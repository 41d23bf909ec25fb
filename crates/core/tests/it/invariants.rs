//! Random sequences of actions by random callers: whatever happens, the workflow's invariants hold.

use crate::fixture::*;
use crate::workflow::{worker, Worker};
use chrono::Duration;
use proptest::prelude::*;
use swreg_core::registration::review::{DecideArgs, QueueQuery};
use swreg_core::registration::freeze::FreezeArgs;
use swreg_core::registration::cards::IssueCardArgs;
use swreg_core::registration::worker::{HistoryQuery, RecordQuery, RequestArgs, SaveRecordArgs, Target};
use swreg_core::registration::workflow::{Kind, Status};

#[derive(Debug, Clone)]
enum Action {
    Save { who: usize, target: usize, kind: usize, submit: bool },
    Request { who: usize, target: usize, card: bool },
    Decide { who: usize, nth: usize, approve: bool },
    Freeze { who: usize, target: usize },
    IssueCard { who: usize, target: usize },
    Wait { days: i64 },
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        3 => (0..4usize, 0..2usize, 0..4usize, any::<bool>()).prop_map(|(who, target, kind, submit)| Action::Save { who, target, kind, submit }),
        1 => (0..4usize, 0..2usize, any::<bool>()).prop_map(|(who, target, card)| Action::Request { who, target, card }),
        3 => (0..4usize, 0..4usize, any::<bool>()).prop_map(|(who, nth, approve)| Action::Decide { who, nth, approve }),
        1 => (0..4usize, 0..2usize).prop_map(|(who, target)| Action::Freeze { who, target }),
        1 => (0..4usize, 0..2usize).prop_map(|(who, target)| Action::IssueCard { who, target }),
        1 => (1..800i64).prop_map(|days| Action::Wait { days }),
    ]
}

const KINDS: [Kind; 4] = [Kind::Initial, Kind::Modification, Kind::Renewal, Kind::Restoration];

struct World {
    f: Fixture,
    workers: Vec<Worker>,
    /// Callers: the two workers, a reviewer (here: a second admin session would do), the admin.
    tokens: Vec<String>,
    last_until: Vec<Option<String>>,
}

fn world() -> World {
    let f = Fixture::new();
    let a = worker(&f, "worker01", "w1@example.cn");
    f.register(register_args("worker02", "440305198512254511", "w2@example.cn")).unwrap();
    let q = f.registry.account_queue(&f.admin.token, swreg_core::accounts::signup::AccountQuery { page: 1, page_size: 10, ..Default::default() }).unwrap();
    f.registry
        .review_account(&f.admin.token, swreg_core::accounts::signup::ReviewAccountArgs { user_id: q.items[0].id, approve: true, comment: String::new() })
        .unwrap();
    let s = f.login("worker02", WORKER_PASSWORD).unwrap();
    let up = f.registry.upload_photo(&s.token, Target::default(), &png_photo()).unwrap();
    let hub = f.registry.hub(&s.token, Target::default()).unwrap();
    let b = Worker { token: s.token, worker_id: hub.worker_id, photo_id: up.photo_id };
    let tokens = vec![a.token.clone(), b.token.clone(), f.admin.token.clone(), f.admin.token.clone()];
    World { f, workers: vec![a, b], tokens, last_until: vec![None, None] }
}

fn form_for(w: &World, target: usize) -> swreg_core::registration::record::RecordForm {
    let mut form = full_form(w.workers[target].photo_id);
    if target == 1 {
        form.id_number = "440305198512254511".into();
        form.birth_date = "1985-12-25".into();
        form.sex = "1".into();
        form.full_time = Some(false);
    }
    form
}

fn run(w: &mut World, a: &Action) {
    let r = &w.f.registry;
    match *a {
        Action::Save { who, target, kind, submit } => {
            let worker_id = (who >= 2).then(|| w.workers[target].worker_id);
            let _ = r.save_record(&w.tokens[who], SaveRecordArgs { worker_id, kind: KINDS[kind], form: form_for(w, target), submit });
        }
        Action::Request { who, target, card } => {
            let kind = if card { Kind::CardReplacement } else { Kind::ModificationRequest };
            let worker_id = (who >= 2).then(|| w.workers[target].worker_id);
            let _ = r.submit_request(&w.tokens[who], RequestArgs { worker_id, kind, reason: "原因".into() });
        }
        Action::Decide { who, nth, approve } => {
            let q = r.application_queue(&w.f.admin.token, QueueQuery { page: 1, page_size: 50, ..Default::default() }).unwrap();
            if let Some(row) = q.items.get(nth % q.items.len().max(1)) {
                let _ = r.decide_application(&w.tokens[who], DecideArgs { application_id: row.id, approve, comment: "意见".into() });
            }
        }
        Action::Freeze { who, target } => {
            let _ = r.freeze_record(&w.tokens[who], FreezeArgs { worker_id: w.workers[target].worker_id, reason: "逾期".into() });
        }
        Action::IssueCard { who, target } => {
            let _ = r.issue_card(&w.tokens[who], IssueCardArgs { worker_id: w.workers[target].worker_id, card_no: format!("C{target}") });
        }
        Action::Wait { days } => {
            w.f.clock.advance(Duration::days(days));
            // Sessions idle out over days: log everyone in again.
            w.tokens[0] = w.f.login("worker01", WORKER_PASSWORD).unwrap().token;
            w.tokens[1] = w.f.login("worker02", WORKER_PASSWORD).unwrap().token;
            let admin = w.f.login("admin", ADMIN_PASSWORD).unwrap().token;
            w.f_admin(admin);
        }
    }
}

impl World {
    fn f_admin(&mut self, token: String) {
        self.f.admin.token = token.clone();
        self.tokens[2] = token.clone();
        self.tokens[3] = token;
        for (i, wk) in self.workers.iter_mut().enumerate() {
            wk.token = self.tokens[i].clone();
        }
    }
}

fn check(w: &mut World) {
    let conn = rusqlite::Connection::open(w.f.dir.path().join(swreg_core::DB_FILE_NAME)).unwrap();
    let problems = crate::consistency::problems(&conn);
    assert!(problems.is_empty(), "{problems:?}");
    for i in 0..2 {
        let token = w.tokens[i].clone();
        let view = w.f.registry.record_form(&token, RecordQuery { worker_id: None, kind: Kind::Initial }).unwrap();
        if view.status != swreg_core::registration::workflow::RecordStatus::Unregistered {
            assert!(view.registration_no.is_some() && view.valid_until.is_some(), "an approved record has a number and an end");
        }
        if let (Some(before), Some(now)) = (&w.last_until[i], &view.valid_until) {
            assert!(now >= before, "the validity end never moves backwards: {before} → {now}");
        }
        w.last_until[i] = view.valid_until.clone();
        if view.status == swreg_core::registration::workflow::RecordStatus::Frozen {
            let renewal = w.f.registry.record_form(&token, RecordQuery { worker_id: None, kind: Kind::Renewal }).unwrap();
            assert!(!renewal.editable, "a frozen record cannot renew");
        }
        let approved: i64 = conn
            .query_row("SELECT COUNT(*) FROM applications WHERE worker_id = ?1 AND status = 'approved'", [view.worker_id], |r| r.get(0))
            .unwrap();
        let list = w.f.registry.applications_of(&token, HistoryQuery { worker_id: None, kinds: vec![], approved_only: true }).unwrap();
        assert_eq!(list.len() as i64, approved, "every approval appears in the approval-time list");
        assert!(list.iter().all(|a| a.status == Status::Approved && a.decided_at.is_some()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, max_shrink_iters: 50, ..ProptestConfig::default() })]
    #[test]
    fn workflow_invariants_hold(actions in proptest::collection::vec(action(), 1..30)) {
        let mut w = world();
        for a in &actions {
            run(&mut w, a);
            check(&mut w);
        }
    }
}
