//! 个人信息维护 through every standing of a record: each button the hub calls open works, and each
//! one it calls closed is refused by the operation behind it, for the reason the hub gave.

use crate::fixture::*;
use crate::workflow::{worker, Worker};
use chrono::Duration;
use swreg_core::registration::cards::IssueCardArgs;
use swreg_core::registration::freeze::FreezeManyArgs;
use swreg_core::registration::review::{DecideArgs, QueueQuery};
use swreg_core::registration::worker::{Hub, HubKey, RecordQuery, RequestArgs, SaveRecordArgs, Target};
use swreg_core::registration::workflow::{Kind, RecordStatus};
use swreg_core::Error;

/// The standings, in the order a record passes through them.
const STEPS: [&str; 13] = [
    "new",
    "draft",
    "submitted",
    "rejected",
    "registered",
    "card issued",
    "request waiting",
    "unlocked",
    "modification waiting",
    "expired",
    "renewal waiting",
    "frozen",
    "restoration waiting",
];

struct Walk {
    f: Fixture,
    w: Worker,
    admin: String,
}

impl Walk {
    fn save(&self, kind: Kind, submit: bool) {
        let form = self.f.registry.record_form(&self.w.token, RecordQuery { worker_id: None, kind }).unwrap().form;
        let form = if kind == Kind::Initial { full_form(self.w.photo_id) } else { form };
        self.f.registry.save_record(&self.w.token, SaveRecordArgs { worker_id: None, kind, form, submit }).unwrap();
    }

    fn decide(&self, kind: Kind, approve: bool) {
        let q = QueueQuery { kind: Some(kind), page: 1, page_size: 10, ..Default::default() };
        let id = self.f.registry.application_queue(&self.admin, q).unwrap().items[0].id;
        let comment = if approve { String::new() } else { "请补充材料".into() };
        self.f.registry.decide_application(&self.admin, DecideArgs { application_id: id, approve, comment }).unwrap();
    }

    fn request(&self, kind: Kind) -> Result<(), Error> {
        self.f.registry.submit_request(&self.w.token, RequestArgs { worker_id: None, kind, reason: "工作需要".into() }).map(drop)
    }

    /// Days pass: both sessions have idled out and log in again.
    fn later(&mut self, days: i64) {
        self.f.clock.advance(Duration::days(days));
        self.admin = self.f.login("admin", ADMIN_PASSWORD).unwrap().token;
        self.w.token = self.f.login("ayiguli", WORKER_PASSWORD).unwrap().token;
    }

    fn hub(&self) -> Hub {
        self.f.registry.hub(&self.w.token, Target::default()).unwrap()
    }
}

/// A record brought to `STEPS[step]` through the real operations.
fn walk_to(step: usize) -> Walk {
    let f = Fixture::new();
    let w = worker(&f, "ayiguli", "ayi@example.cn");
    let admin = f.admin.token.clone();
    let mut walk = Walk { f, w, admin };
    for s in 1..=step {
        match STEPS[s] {
            "draft" => walk.save(Kind::Initial, false),
            "submitted" => walk.save(Kind::Initial, true),
            "rejected" => walk.decide(Kind::Initial, false),
            "registered" => {
                walk.save(Kind::Initial, true);
                walk.decide(Kind::Initial, true);
            }
            "card issued" => {
                let args = IssueCardArgs { worker_id: walk.w.worker_id, card_no: "XM-0001".into() };
                walk.f.registry.issue_card(&walk.admin, args).unwrap();
            }
            "request waiting" => walk.request(Kind::ModificationRequest).unwrap(),
            "unlocked" => walk.decide(Kind::ModificationRequest, true),
            "modification waiting" => walk.save(Kind::Modification, true),
            "expired" => {
                walk.decide(Kind::Modification, true);
                walk.later(366);
            }
            "renewal waiting" => walk.save(Kind::Renewal, true),
            "frozen" => {
                walk.decide(Kind::Renewal, false);
                walk.later(100);
                let args = FreezeManyArgs { worker_ids: vec![walk.w.worker_id], reason: "逾期未续期".into() };
                assert_eq!(walk.f.registry.freeze_expired(&walk.admin, args).unwrap(), 1);
            }
            "restoration waiting" => walk.save(Kind::Restoration, true),
            other => unreachable!("{other}"),
        }
    }
    walk
}

/// The hub's answer for `key`: Ok when open, the reason when closed.
fn answer(hub: &Hub, key: HubKey) -> Result<(), String> {
    let a = hub.actions.iter().find(|a| a.key == key).unwrap_or_else(|| panic!("{key:?} missing"));
    assert_eq!(a.available, a.reason.is_none(), "{key:?}: a reason exactly when closed");
    match &a.reason {
        None => Ok(()),
        Some(r) => {
            assert!(!r.is_empty());
            Err(r.clone())
        }
    }
}

/// What the operation behind a button says, as the hub would put it.
fn refusal(r: Result<(), Error>) -> Result<(), String> {
    match r {
        Ok(()) => Ok(()),
        Err(Error::Conflict(m)) => Err(m),
        Err(other) => panic!("unexpected {other:?}"),
    }
}

fn check(step: usize) {
    let name = STEPS[step];
    let walk = walk_to(step);
    let hub = walk.hub();
    assert_eq!(hub.actions.iter().map(|a| a.key).collect::<Vec<_>>(), HubKey::ALL, "{name}: every button, in order");
    let editable = |kind| walk.f.registry.record_form(&walk.w.token, RecordQuery { worker_id: None, kind }).unwrap().editable;

    // 社工信息登记 and 社工信息修改 lead to the one form the record has now: one of them is open
    // exactly when the form can be edited.
    let form_kind = if hub.status == RecordStatus::Unregistered { Kind::Initial } else { Kind::Modification };
    let (register, modify) = (answer(&hub, HubKey::Register), answer(&hub, HubKey::Modify));
    assert_eq!(register.is_ok() || modify.is_ok(), editable(form_kind), "{name}: 登记/修改 vs the form");
    assert!(!(register.is_ok() && modify.is_ok()), "{name}: only one of 登记 and 修改");
    for (key, kind) in [(HubKey::Renewal, Kind::Renewal), (HubKey::Restoration, Kind::Restoration)] {
        assert_eq!(answer(&hub, key).is_ok(), editable(kind), "{name}: {key:?} vs its form");
    }
    for key in [HubKey::Password, HubKey::Contact, HubKey::RenewalList, HubKey::RestorationList, HubKey::ApprovalList] {
        assert_eq!(answer(&hub, key), Ok(()), "{name}: {key:?} is always open");
    }
    let print = walk.f.registry.record_pdf(&walk.w.token, Target::default()).map(drop);
    assert_eq!(answer(&hub, HubKey::Print), refusal(print), "{name}: 信息预览打印");
    // Requests are sent for real, last: neither changes what the other may do.
    for (key, kind) in [(HubKey::CardReplacement, Kind::CardReplacement), (HubKey::ModificationRequest, Kind::ModificationRequest)] {
        assert_eq!(answer(&hub, key), refusal(walk.request(kind)), "{name}: {key:?}");
    }
}

#[test]
fn before_registration() {
    for step in 0..4 {
        check(step);
    }
}

#[test]
fn while_registered() {
    for step in 4..9 {
        check(step);
    }
}

#[test]
fn expired_and_frozen() {
    for step in 9..13 {
        check(step);
    }
}

#[test]
fn a_returned_initial_application_can_still_be_printed() {
    let walk = walk_to(3);
    assert_eq!(answer(&walk.hub(), HubKey::Print), Ok(()));
    assert!(walk.f.registry.record_pdf(&walk.w.token, Target::default()).is_ok());
}

#[test]
fn the_standing_names_the_applications_waiting() {
    let walk = walk_to(2);
    let hub = walk.hub();
    assert_eq!((hub.status, hub.waiting), (RecordStatus::Unregistered, vec![Kind::Initial]));
    walk.decide(Kind::Initial, false);
    assert!(walk.hub().waiting.is_empty(), "a returned application no longer waits");
    let walk = walk_to(10);
    let hub = walk.hub();
    assert!(hub.expired);
    assert_eq!(hub.waiting, [Kind::Renewal]);
}
