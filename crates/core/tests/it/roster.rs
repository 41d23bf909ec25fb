//! 登记名册: every filter, search, sort and page on records whose values are known exactly, the
//! same against a seeded register checked by an independent reading of the table, masking, 显示
//! with its audit entry, and the detail page.

use crate::fixture::*;
use chrono::{Duration, NaiveDate, TimeZone, Utc};
use std::collections::HashMap;
use swreg_core::accounts::login::Session;
use swreg_core::accounts::recovery::ChangePasswordArgs;
use swreg_core::audit::AuditQuery;
use swreg_core::demo::{demo_photos, id_check_char, SeedArgs};
use swreg_core::registration::record::RecordForm;
use swreg_core::registration::review::{DecideArgs, ReviewSettings};
use swreg_core::registration::freeze::FreezeArgs;
use swreg_core::registration::cards::IssueCardArgs;
use swreg_core::records::roster::{RevealArgs, RevealField, RosterQuery, RosterRow, RosterSort, RosterStatus, NO_TITLE};
use swreg_core::accounts::session::Role;
use swreg_core::accounts::staff::{CreateStaffArgs, Handover};
use swreg_core::validate::{mask_id_number, mask_phone};
use swreg_core::registration::worker::{EnterWorkerArgs, SaveRecordArgs, Target};
use swreg_core::registration::workflow::{Kind, Status};
use swreg_core::Error;

/// One person of the known register.
pub struct Spec {
    pub key: &'static str,
    pub name: &'static str,
    pub male: bool,
    pub birth: &'static str,
    pub region: &'static str,
    /// The ID number's check character is X.
    pub x: bool,
    pub mobile: &'static str,
    pub district: &'static str,
    pub title: &'static str,
    pub fields: &'static [&'static str],
    pub full_time: bool,
    pub hukou: bool,
    pub employer: &'static str,
    pub education: &'static str,
    pub stage: Stage,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Stage {
    /// 代录入 only: the record holds what the account knew.
    Entered,
    /// Submitted, waiting for review.
    Submitted,
    /// Approved on this day (10:00 China time).
    Approved(&'static str),
    /// Approved on this day, then frozen today once expired.
    Frozen(&'static str),
}

/// The known register, in the order the records were made (approval dates ascending). Today is
/// 2026-12-01; full-time workers are registered for one year, the others for three.
pub const PEOPLE: &[Spec] = &[
    Spec { key: "lin", name: "林晓燕", male: false, birth: "1992-07-08", region: "350206", x: false, mobile: "13805920002",
        district: "350206", title: "", fields: &["08"], full_time: false, hukou: false,
        employer: "厦门市湖里区同心社工服务社", education: "31", stage: Stage::Approved("2024-01-10") },
    Spec { key: "zheng", name: "郑一鸣", male: true, birth: "1988-02-29", region: "350213", x: true, mobile: "13905920007",
        district: "350213", title: "1", fields: &["02", "04"], full_time: false, hukou: false,
        employer: "厦门市翔安区启明社会工作事务所", education: "41", stage: Stage::Approved("2024-02-15") },
    Spec { key: "zhang", name: "张伟", male: true, birth: "1970-05-05", region: "350205", x: false, mobile: "15005920005",
        district: "350205", title: "2", fields: &["04", "13"], full_time: true, hukou: false,
        employer: "厦门市海沧区海峡社区服务中心", education: "21", stage: Stage::Frozen("2025-03-01") },
    Spec { key: "wang", name: "王雅琴", male: false, birth: "1966-12-01", region: "350203", x: false, mobile: "13705920004",
        district: "350203", title: "3", fields: &["01"], full_time: true, hukou: true,
        employer: "厦门市思明区仁爱社会工作服务中心", education: "14", stage: Stage::Approved("2025-06-01") },
    Spec { key: "ke", name: "柯淑珍", male: false, birth: "1960-01-01", region: "350203", x: false, mobile: "18905920008",
        district: "350200", title: "", fields: &["05"], full_time: true, hukou: true,
        employer: "厦门市鹭岛养老服务中心", education: "21", stage: Stage::Approved("2025-12-01") },
    Spec { key: "huang", name: "黄志强", male: true, birth: "1978-11-30", region: "350211", x: false, mobile: "13605920003",
        district: "350211", title: "1", fields: &["04"], full_time: true, hukou: true,
        employer: "厦门市集美区阳光乐龄养老服务中心", education: "21", stage: Stage::Approved("2025-12-20") },
    Spec { key: "chen", name: "陈思远", male: true, birth: "1985-03-12", region: "350203", x: false, mobile: "13805920001",
        district: "350203", title: "2", fields: &["04", "16"], full_time: true, hukou: true,
        employer: "厦门市思明区阳光社会工作服务中心", education: "21", stage: Stage::Approved("2026-12-01") },
    Spec { key: "ayi", name: "阿依古丽·买买提", male: false, birth: "1996-12-02", region: "650102", x: false, mobile: "17705920006",
        district: "350212", title: "", fields: &["16"], full_time: false, hukou: true,
        employer: "厦门市同安区彩虹青少年事务社工站", education: "31", stage: Stage::Submitted },
    Spec { key: "xu", name: "许婷", male: false, birth: "1990-04-18", region: "350212", x: false, mobile: "13305920009",
        district: "", title: "", fields: &[], full_time: false, hukou: false,
        employer: "", education: "", stage: Stage::Entered },
];

pub const TODAY: &str = "2026-12-01";

/// A valid ID number: the region, the birth date, a sequence whose parity gives the sex, and a
/// check character that is X or not, as asked.
pub fn id_for(region: &str, birth: &str, male: bool, x: bool) -> String {
    let day = birth.replace('-', "");
    (0..1000u32)
        .filter(|seq| (seq % 2 == 1) == male)
        .map(|seq| format!("{region}{day}{seq:03}"))
        .map(|first17| {
            let c = id_check_char(&first17);
            format!("{first17}{c}")
        })
        .find(|id| id.ends_with('X') == x)
        .expect("some sequence gives the check character")
}

/// The known register on a fixture whose clock ends on 2026-12-01 10:00 China time.
pub struct Known {
    pub f: Fixture,
    /// key → worker id
    pub ids: HashMap<&'static str, i64>,
    /// key → full ID number
    pub id_numbers: HashMap<&'static str, String>,
}

impl Known {
    pub fn id(&self, key: &str) -> i64 {
        self.ids[key]
    }

    /// The worker ids of a list of keys, in that order.
    pub fn of(&self, keys: &[&str]) -> Vec<i64> {
        keys.iter().map(|k| self.id(k)).collect()
    }
}

fn china_10am(day: &str) -> chrono::DateTime<Utc> {
    let d = NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
    Utc.from_utc_datetime(&d.and_hms_opt(2, 0, 0).unwrap())
}

/// Moves the clock and logs the admin in again (a jump ends an idle session).
fn set_day(f: &mut Fixture, day: &str, minute: i64) {
    f.clock.set(china_10am(day) + Duration::minutes(minute));
    f.admin = f.login("admin", ADMIN_PASSWORD).unwrap();
}

fn form_of(s: &Spec, id_number: &str, photo_id: i64) -> RecordForm {
    let year: i32 = s.birth[..4].parse().unwrap();
    let mut form = full_form(photo_id);
    form.name = s.name.into();
    form.sex = if s.male { "1" } else { "2" }.into();
    form.id_number = id_number.into();
    form.birth_date = s.birth.into();
    form.ethnicity = if s.region == "650102" { "05" } else { "01" }.into();
    form.xiamen_hukou = Some(s.hukou);
    form.education = s.education.into();
    form.graduation_date = format!("{}-07-01", year + 22);
    form.work_start_date = format!("{}-08-01", year + 22);
    form.service_start_date = format!("{}-01-01", year + 23);
    form.contact.mobile = s.mobile.into();
    form.contact.email = format!("{}@example.cn", s.key);
    form.full_time = Some(s.full_time);
    form.district = s.district.into();
    form.employer = s.employer.into();
    form.title = s.title.into();
    form.fields = s.fields.iter().map(|f| (*f).to_owned()).collect();
    let scores: &[(&str, &str)] = match s.title {
        "" => &[],
        "1" => &[("zh1", "71"), ("sw1", "66")],
        "2" => &[("zh2", "72"), ("sw2", "68.5"), ("fg2", "75")],
        _ => &[("sw3", "80")],
    };
    form.title_scores = scores.iter().map(|(k, v)| ((*k).into(), (*v).into())).collect();
    if s.title.is_empty() {
        form.title_cert_no.clear();
        form.title_date.clear();
    } else {
        form.title_date = "2020-06-30".into();
    }
    form
}

/// Builds the known register through the same calls the app makes: 代录入, photo, submit,
/// approval on the given day, freezing.
pub fn known() -> Known {
    let mut f = Fixture::new();
    // One clerk enters and approves every record here, as a one-person office does.
    f.registry
        .save_review_settings(&f.admin.token, ReviewSettings { two_level: false, separation_of_duties: false })
        .unwrap();
    let mut ids = HashMap::new();
    let mut id_numbers = HashMap::new();
    let photo = &demo_photos()[0];
    for (n, s) in PEOPLE.iter().enumerate() {
        let day = match s.stage {
            Stage::Approved(d) | Stage::Frozen(d) => d,
            _ => TODAY,
        };
        set_day(&mut f, day, n as i64);
        let id_number = id_for(s.region, s.birth, s.male, s.x);
        let entered = f
            .registry
            .enter_worker(&f.admin.token, EnterWorkerArgs {
                username: format!("worker_{}", s.key),
                display_name: s.name.into(),
                id_number: id_number.clone(),
                phone: s.mobile.into(),
                email: String::new(),
                handover: Handover::Show,
            })
            .unwrap();
        let wid = entered.worker_id;
        ids.insert(s.key, wid);
        id_numbers.insert(s.key, id_number.clone());
        if s.stage == Stage::Entered {
            continue;
        }
        let up = f.registry.upload_photo(&f.admin.token, Target { worker_id: Some(wid) }, photo).unwrap();
        let view = f
            .registry
            .save_record(&f.admin.token, SaveRecordArgs {
                worker_id: Some(wid),
                kind: Kind::Initial,
                form: form_of(s, &id_number, up.photo_id),
                submit: true,
            })
            .unwrap_or_else(|e| panic!("{}: {e:?}", s.key));
        if s.stage == Stage::Submitted {
            continue;
        }
        let app = view.application.expect("submitted").id;
        f.registry
            .decide_application(&f.admin.token, DecideArgs { application_id: app, approve: true, comment: String::new() })
            .unwrap();
    }
    set_day(&mut f, TODAY, 30);
    for s in PEOPLE.iter().filter(|s| matches!(s.stage, Stage::Frozen(_))) {
        f.registry
            .freeze_record(&f.admin.token, FreezeArgs { worker_id: ids[s.key], reason: "超过登记有效期未申请续期".into() })
            .unwrap();
    }
    Known { f, ids, id_numbers }
}

/// A reviewer's session (password changed, so it may act).
pub fn reviewer(f: &Fixture) -> Session {
    let temp = f
        .registry
        .create_staff(&f.admin.token, CreateStaffArgs {
            username: "reviewer1".into(),
            display_name: "黄丽".into(),
            role: Role::Reviewer,
            email: String::new(),
            handover: Handover::Show,
        })
        .unwrap()
        .password
        .unwrap();
    let s = f.login("reviewer1", &temp).unwrap();
    f.registry
        .change_password(&s.token, ChangePasswordArgs {
            old_password: temp,
            new_password: "Review2026x".into(),
            new_password_confirm: "Review2026x".into(),
        })
        .unwrap();
    f.login("reviewer1", "Review2026x").unwrap()
}

/// A worker's session (an approved account, no record).
pub fn worker_session(f: &Fixture) -> Session {
    f.approved_worker("worker1", ID_A, "worker1@example.cn");
    f.login("worker1", WORKER_PASSWORD).unwrap()
}

pub fn q() -> RosterQuery {
    RosterQuery { page: 1, page_size: 100, ..Default::default() }
}

/// Every row of a query, page by page.
pub fn all_rows(k: &Known, q: RosterQuery) -> Vec<RosterRow> {
    k.f.registry.roster(&k.f.admin.token, RosterQuery { page: 1, page_size: 100, ..q }).unwrap().items
}

fn ids(k: &Known, q: RosterQuery) -> Vec<i64> {
    all_rows(k, q).iter().map(|r| r.worker_id).collect()
}

/// The ids of a query, as a sorted set (for filters, whose order is the sort's).
fn set(k: &Known, q: RosterQuery) -> Vec<i64> {
    let mut v = ids(k, q);
    v.sort();
    v
}

fn keys(k: &Known, keys: &[&str]) -> Vec<i64> {
    let mut v = k.of(keys);
    v.sort();
    v
}

#[test]
fn each_filter_selects_exactly_its_records() {
    let k = known();
    let everyone: Vec<&str> = PEOPLE.iter().map(|s| s.key).collect();
    assert_eq!(set(&k, q()), keys(&k, &everyone));
    let cases: Vec<(&str, RosterQuery, Vec<&str>)> = vec![
        // 已登记 includes a validity ending today; 超期 starts the day after.
        ("registered", RosterQuery { status: Some(RosterStatus::Registered), ..q() }, vec!["lin", "zheng", "ke", "huang", "chen"]),
        ("expired", RosterQuery { status: Some(RosterStatus::Expired), ..q() }, vec!["wang"]),
        ("frozen", RosterQuery { status: Some(RosterStatus::Frozen), ..q() }, vec!["zhang"]),
        ("unregistered", RosterQuery { status: Some(RosterStatus::Unregistered), ..q() }, vec!["ayi", "xu"]),
        ("思明区", RosterQuery { district: "350203".into(), ..q() }, vec!["wang", "chen"]),
        ("市本级", RosterQuery { district: " 350200 ".into(), ..q() }, vec!["ke"]),
        ("unknown district", RosterQuery { district: "110105".into(), ..q() }, vec![]),
        ("助理社工师", RosterQuery { title: "1".into(), ..q() }, vec!["zheng", "huang"]),
        ("高级", RosterQuery { title: "3".into(), ..q() }, vec!["wang"]),
        ("无职称", RosterQuery { title: NO_TITLE.into(), ..q() }, vec!["lin", "ke", "ayi", "xu"]),
        ("社区", RosterQuery { field: "04".into(), ..q() }, vec!["zheng", "zhang", "huang", "chen"]),
        ("军队", RosterQuery { field: "13".into(), ..q() }, vec!["zhang"]),
        ("unknown field", RosterQuery { field: "99".into(), ..q() }, vec![]),
        ("malformed field", RosterQuery { field: "4".into(), ..q() }, vec![]),
        ("full-time", RosterQuery { full_time: Some(true), ..q() }, vec!["zhang", "wang", "ke", "huang", "chen"]),
        // A record that never said leaves both out.
        ("not full-time", RosterQuery { full_time: Some(false), ..q() }, vec!["lin", "zheng", "ayi"]),
        ("厦户", RosterQuery { xiamen_hukou: Some(true), ..q() }, vec!["wang", "ke", "huang", "chen", "ayi"]),
        ("not 厦户", RosterQuery { xiamen_hukou: Some(false), ..q() }, vec!["lin", "zheng", "zhang"]),
        ("validity in December", RosterQuery { valid_from: TODAY.into(), valid_to: "2026-12-31".into(), ..q() }, vec!["ke", "huang"]),
        // Bounds are inclusive, and the range looks at the date only, whatever the status.
        ("validity to 2026-06-01", RosterQuery { valid_to: "2026-06-01".into(), ..q() }, vec!["zhang", "wang"]),
        ("validity from 2027-01-10", RosterQuery { valid_from: "2027-01-10".into(), ..q() }, vec!["lin", "zheng", "chen"]),
        ("one day", RosterQuery { valid_from: "2026-12-20".into(), valid_to: "2026-12-20".into(), ..q() }, vec!["huang"]),
        ("思明区 + 超期", RosterQuery { district: "350203".into(), status: Some(RosterStatus::Expired), ..q() }, vec!["wang"]),
        ("社区 + 已登记 + 专职", RosterQuery {
            field: "04".into(), status: Some(RosterStatus::Registered), full_time: Some(true), ..q()
        }, vec!["huang", "chen"]),
        ("all filters", RosterQuery {
            status: Some(RosterStatus::Registered), district: "350211".into(), title: "1".into(), field: "04".into(),
            full_time: Some(true), xiamen_hukou: Some(true), valid_from: "2026-12-01".into(), valid_to: "2026-12-31".into(), ..q()
        }, vec!["huang"]),
    ];
    for (what, query, want) in cases {
        let page = k.f.registry.roster(&k.f.admin.token, query.clone()).unwrap();
        assert_eq!(page.total, want.len() as i64, "{what}: total");
        assert_eq!(set(&k, query), keys(&k, &want), "{what}");
    }
    for (status, want) in [
        (RosterStatus::Registered, RosterStatus::Registered),
        (RosterStatus::Expired, RosterStatus::Expired),
        (RosterStatus::Frozen, RosterStatus::Frozen),
        (RosterStatus::Unregistered, RosterStatus::Unregistered),
    ] {
        for row in all_rows(&k, RosterQuery { status: Some(status), ..q() }) {
            assert_eq!(row.status, want, "{}", row.name);
        }
    }
}

#[test]
fn a_registration_expires_the_day_after_its_validity_ends() {
    let k = known();
    let ke = k.id("ke");
    let row = all_rows(&k, q()).into_iter().find(|r| r.worker_id == ke).unwrap();
    assert_eq!(row.valid_until.as_deref(), Some(TODAY));
    assert_eq!(row.status, RosterStatus::Registered);
    k.f.clock.advance(Duration::days(1));
    let admin = k.f.login("admin", ADMIN_PASSWORD).unwrap();
    let expired = k.f.registry.roster(&admin.token, RosterQuery { status: Some(RosterStatus::Expired), ..q() }).unwrap();
    let mut got: Vec<i64> = expired.items.iter().map(|r| r.worker_id).collect();
    got.sort();
    assert_eq!(got, keys(&k, &["wang", "ke"]));
    assert!(expired.items.iter().all(|r| r.status == RosterStatus::Expired));
}

#[test]
fn bad_dates_in_the_filter_are_field_errors() {
    let k = known();
    let field_of = |query: RosterQuery| match k.f.registry.roster(&k.f.admin.token, query) {
        Err(Error::Invalid(f)) => f[0].field.clone(),
        other => panic!("expected a field error, got {other:?}"),
    };
    assert_eq!(field_of(RosterQuery { valid_from: "2026-13-01".into(), ..q() }), "validFrom");
    assert_eq!(field_of(RosterQuery { valid_to: "明天".into(), ..q() }), "validTo");
    assert_eq!(field_of(RosterQuery { valid_from: "2027-01-01".into(), valid_to: "2026-01-01".into(), ..q() }), "validTo");
}

#[test]
fn each_search_kind_finds_its_records() {
    let k = known();
    let id = |key: &str| k.id_numbers[key].clone();
    let zheng_id = id("zheng");
    assert!(zheng_id.ends_with('X'), "{zheng_id}");
    let cases: Vec<(String, Vec<&str>)> = vec![
        // Names: three characters or more anywhere, one or two at the start.
        ("陈思远".into(), vec!["chen"]),
        ("思远".into(), vec![]),
        ("陈".into(), vec!["chen"]),
        ("林晓".into(), vec!["lin"]),
        ("阿依".into(), vec!["ayi"]),
        ("古丽·买".into(), vec!["ayi"]),
        ("买买提".into(), vec!["ayi"]),
        // ID numbers: complete (an x typed in lower case too), or any part of three or more.
        (id("chen"), vec!["chen"]),
        (zheng_id.to_lowercase(), vec!["zheng"]),
        (zheng_id[12..].to_owned(), vec!["zheng"]),
        (zheng_id[14..].to_lowercase(), vec!["zheng"]),
        ("19880229".into(), vec!["zheng"]),
        // Phones: complete, typed with +86 and spaces, or their end.
        ("13805920001".into(), vec!["chen"]),
        ("+86 138 0592 0001".into(), vec!["chen"]),
        ("0592-0003".into(), vec!["huang"]),
        ("0007".into(), vec!["zheng"]),
        // Employers.
        ("阳光社会".into(), vec!["chen"]),
        ("区阳光".into(), vec!["huang", "chen"]),
        ("养老服务中心".into(), vec!["ke", "huang"]),
        // Registration numbers: complete or a part.
        ("厦社登202500004".into(), vec!["huang"]),
        ("厦社登2024".into(), vec!["lin", "zheng"]),
        ("202600001".into(), vec!["chen"]),
        // Nothing, and text that is no SQL or FTS syntax.
        ("不存在的人".into(), vec![]),
        ("\"阳光\" OR 1=1".into(), vec![]),
        ("阳光*".into(), vec![]),
        ("   ".into(), PEOPLE.iter().map(|s| s.key).collect()),
    ];
    for (term, want) in cases {
        let query = RosterQuery { search: term.clone(), ..q() };
        let page = k.f.registry.roster(&k.f.admin.token, query.clone()).unwrap();
        assert_eq!(page.total, want.len() as i64, "{term}: total");
        assert_eq!(set(&k, query), keys(&k, &want), "{term}");
    }
    // Search with filters.
    let query = RosterQuery { search: "区阳光".into(), district: "350211".into(), ..q() };
    assert_eq!(set(&k, query), keys(&k, &["huang"]));
    let query = RosterQuery { search: "养老服务中心".into(), status: Some(RosterStatus::Registered), sort: RosterSort::Name, ..q() };
    assert_eq!(ids(&k, query), k.of(&["ke", "huang"]), "柯 (U+67EF) before 黄 (U+9EC4)");
}

#[test]
fn each_sort_orders_the_whole_register() {
    let k = known();
    let by = |sort| ids(&k, RosterQuery { sort, ..q() });
    // The most recently changed first: today's records (frozen last of all), then by approval.
    assert_eq!(by(RosterSort::Updated), k.of(&["zhang", "xu", "ayi", "chen", "huang", "ke", "wang", "zheng", "lin"]));
    let mut names: Vec<(&str, i64)> = PEOPLE.iter().map(|s| (s.name, k.id(s.key))).collect();
    names.sort();
    assert_eq!(by(RosterSort::Name), names.iter().map(|n| n.1).collect::<Vec<_>>(), "code point order");
    assert_eq!(
        by(RosterSort::RegistrationNo),
        k.of(&["lin", "zheng", "zhang", "wang", "ke", "huang", "chen", "ayi", "xu"]),
        "numbers in order, records without one last"
    );
    assert_eq!(
        by(RosterSort::ValidUntil),
        k.of(&["zhang", "wang", "ke", "huang", "lin", "zheng", "chen", "ayi", "xu"]),
        "earliest end first, records without one last"
    );
    let rows = all_rows(&k, RosterQuery { sort: RosterSort::RegistrationNo, ..q() });
    let numbers: Vec<Option<&str>> = rows.iter().map(|r| r.registration_no.as_deref()).collect();
    assert_eq!(numbers[..3], [Some("厦社登202400001"), Some("厦社登202400002"), Some("厦社登202500001")]);
    assert_eq!(numbers[6], Some("厦社登202600001"));
    // A filtered list keeps the sort.
    let query = RosterQuery { field: "04".into(), sort: RosterSort::ValidUntil, ..q() };
    assert_eq!(ids(&k, query), k.of(&["zhang", "huang", "zheng", "chen"]));
}

#[test]
fn pages_cover_the_list_once_with_a_steady_total() {
    let k = known();
    for sort in [RosterSort::Updated, RosterSort::Name, RosterSort::RegistrationNo, RosterSort::ValidUntil] {
        let whole = ids(&k, RosterQuery { sort, ..q() });
        let mut paged = Vec::new();
        for page in 1..=4 {
            let p = k.f.registry.roster(&k.f.admin.token, RosterQuery { sort, page, page_size: 2, ..Default::default() }).unwrap();
            assert_eq!(p.total, 9);
            assert_eq!(p.items.len(), if page < 5 { 2 } else { 1 });
            paged.extend(p.items.iter().map(|r| r.worker_id));
        }
        let last = k.f.registry.roster(&k.f.admin.token, RosterQuery { sort, page: 5, page_size: 2, ..Default::default() }).unwrap();
        assert_eq!(last.items.len(), 1);
        paged.extend(last.items.iter().map(|r| r.worker_id));
        assert_eq!(paged, whole, "{sort:?}");
        let beyond = k.f.registry.roster(&k.f.admin.token, RosterQuery { sort, page: 6, page_size: 2, ..Default::default() }).unwrap();
        assert_eq!((beyond.items.len(), beyond.total), (0, 9));
    }
    let filtered = k.f.registry.roster(&k.f.admin.token, RosterQuery { field: "04".into(), page: 2, page_size: 3, ..Default::default() }).unwrap();
    assert_eq!((filtered.total, filtered.items.len()), (4, 1));
}

#[test]
fn the_list_masks_and_reveal_shows_one_value_with_an_audit_entry() {
    let k = known();
    let zheng = k.id("zheng");
    let full = k.id_numbers["zheng"].clone();
    let rows = all_rows(&k, q());
    for row in &rows {
        let spec = PEOPLE.iter().find(|s| k.id(s.key) == row.worker_id).unwrap();
        let id = &k.id_numbers[spec.key];
        assert_eq!(row.id_number, mask_id_number(id));
        assert_eq!(row.id_number.chars().filter(|c| *c == '*').count(), 8, "{}", row.id_number);
        assert!(!row.id_number.contains(&id[6..14]), "the birth date is hidden");
        assert_eq!(row.mobile, mask_phone(spec.mobile));
        assert_eq!(row.mobile, format!("{}****{}", &spec.mobile[..3], &spec.mobile[7..]));
    }
    let row = rows.iter().find(|r| r.worker_id == zheng).unwrap();
    assert_eq!(row.id_number, format!("{}********{}", &full[..6], &full[14..]));
    assert!(row.id_number.ends_with('X'));
    assert_eq!(row.fields, ["02", "04"]);
    assert_eq!((row.district.as_str(), row.title.as_str(), row.full_time, row.xiamen_hukou), ("350213", "1", Some(false), Some(false)));
    assert_eq!(row.employer, "厦门市翔安区启明社会工作事务所");
    assert_eq!(row.sex, "1");
    assert_eq!((row.valid_from.as_deref(), row.valid_until.as_deref()), (Some("2024-02-15"), Some("2027-02-15")));

    let reveal = |field, purpose: &str| {
        k.f.registry.reveal(&k.f.admin.token, RevealArgs { worker_id: zheng, field, purpose: purpose.into() })
    };
    assert_eq!(reveal(RevealField::IdNumber, "核对身份").unwrap(), full);
    assert_eq!(reveal(RevealField::Mobile, "电话回访").unwrap(), "13905920007");
    for empty in ["", "   "] {
        match reveal(RevealField::IdNumber, empty) {
            Err(Error::Invalid(f)) => assert_eq!(f[0].field, "purpose"),
            other => panic!("an empty purpose must be refused: {other:?}"),
        }
    }
    assert!(matches!(
        k.f.registry.reveal(&k.f.admin.token, RevealArgs { worker_id: 9999, field: RevealField::IdNumber, purpose: "核对".into() }),
        Err(Error::NotFound(_))
    ));
    let log = k
        .f
        .registry
        .audit_log(&k.f.admin.token, AuditQuery { action: Some(swreg_core::audit::AuditAction::RecordReveal), page: 1, page_size: 20, ..Default::default() })
        .unwrap();
    assert_eq!(log.total, 2, "one entry per value shown, none for the refusals");
    let notes: Vec<&str> = log.items.iter().filter_map(|r| r.note.as_deref()).collect();
    assert!(notes.contains(&"查看身份证号码：核对身份"), "{notes:?}");
    assert!(notes.contains(&"查看手机号码：电话回访"), "{notes:?}");
    for r in &log.items {
        assert_eq!(r.worker, "郑一鸣");
        assert!(r.actor.contains("陈建国"));
        let all = format!("{:?}{:?}{:?}", r.note, r.before, r.after);
        assert!(!all.contains(&full) && !all.contains("13905920007"), "the log never holds the value: {all}");
    }
}

#[test]
fn the_detail_page_has_the_record_masked_every_application_and_card() {
    let k = known();
    let t = &k.f.admin.token;
    let zhang = k.id("zhang");
    let d = k.f.registry.worker_detail(t, zhang).unwrap();
    assert_eq!(d.username, "worker_zhang");
    assert_eq!(d.status, RosterStatus::Frozen);
    assert_eq!(d.frozen_reason.as_deref(), Some("超过登记有效期未申请续期"));
    assert_eq!(d.registration_no.as_deref(), Some("厦社登202500001"));
    assert_eq!((d.valid_from.as_deref(), d.valid_until.as_deref()), (Some("2025-03-01"), Some("2026-03-01")));
    assert_eq!(d.form.name, "张伟");
    assert_eq!(d.form.id_number, mask_id_number(&k.id_numbers["zhang"]));
    assert_eq!(d.form.contact.mobile, "150****0005");
    assert_eq!(d.form.fields, ["04", "13"]);
    assert!(d.photo.as_deref().unwrap_or("").starts_with("data:image/jpeg;base64,"));
    assert_eq!(d.entered_by.as_deref(), Some("陈建国"));
    assert_eq!(d.applications.len(), 1);
    let a = &d.applications[0];
    assert_eq!((a.kind, a.status), (Kind::Initial, Status::Approved));
    assert_eq!(a.decided_by.as_deref(), Some("陈建国"));
    assert_eq!(a.entered_by.as_deref(), Some("陈建国"));
    assert!(d.cards.is_empty());

    // A card issued, then replaced: the valid one first.
    let chen = k.id("chen");
    k.f.registry.issue_card(t, IssueCardArgs { worker_id: chen, card_no: "XM00000001".into() }).unwrap();
    let d = k.f.registry.worker_detail(t, chen).unwrap();
    assert_eq!(d.status, RosterStatus::Registered);
    assert_eq!(d.cards.len(), 1);
    assert_eq!((d.cards[0].card_no.as_str(), d.cards[0].status.as_str()), ("XM00000001", "valid"));

    // A record waiting for review: its submitted application, no number yet.
    let d = k.f.registry.worker_detail(t, k.id("ayi")).unwrap();
    assert_eq!(d.status, RosterStatus::Unregistered);
    assert_eq!(d.registration_no, None);
    assert_eq!(d.applications.iter().map(|a| (a.kind, a.status)).collect::<Vec<_>>(), [(Kind::Initial, Status::Submitted)]);
    assert!(matches!(k.f.registry.worker_detail(t, 9999), Err(Error::NotFound(_))));
}

#[test]
fn workers_and_strangers_are_refused_and_reviewers_served() {
    let k = known();
    let w = worker_session(&k.f);
    let r = reviewer(&k.f);
    let chen = k.id("chen");
    let reveal = RevealArgs { worker_id: chen, field: RevealField::IdNumber, purpose: "核对".into() };
    assert!(matches!(k.f.registry.roster(&w.token, q()), Err(Error::Forbidden)));
    assert!(matches!(k.f.registry.reveal(&w.token, reveal.clone()), Err(Error::Forbidden)));
    assert!(matches!(k.f.registry.worker_detail(&w.token, chen), Err(Error::Forbidden)));
    assert!(matches!(k.f.registry.roster("no-such-session", q()), Err(Error::Unauthenticated)));
    assert_eq!(k.f.registry.roster(&r.token, q()).unwrap().total, 9, "the worker's account made no record");
    assert_eq!(k.f.registry.reveal(&r.token, reveal).unwrap(), k.id_numbers["chen"]);
    assert_eq!(k.f.registry.worker_detail(&r.token, chen).unwrap().form.name, "陈思远");
}

// --- the seeded register against an independent reading of the table -----------------------

/// One record as the test reads it straight from the table.
struct Truth {
    id: i64,
    name: String,
    status: String,
    valid_until: Option<String>,
    registration_no: Option<String>,
    updated_at: String,
    district: Option<String>,
    title: Option<String>,
    full_time: Option<bool>,
    hukou: Option<bool>,
    fields: Vec<String>,
    searched: [Option<String>; 5],
}

fn truth(dir: &std::path::Path) -> Vec<Truth> {
    let conn = rusqlite::Connection::open(dir.join(swreg_core::DB_FILE_NAME)).unwrap();
    let mut fields: HashMap<i64, Vec<String>> = HashMap::new();
    let mut stmt = conn.prepare("SELECT worker_id, field FROM worker_fields").unwrap();
    for r in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))).unwrap() {
        let (w, f) = r.unwrap();
        fields.entry(w).or_default().push(f);
    }
    let mut stmt = conn
        .prepare(
            "SELECT id, name, status, valid_until, registration_no, updated_at, district, title, full_time, xiamen_hukou,
                    id_number, mobile, employer FROM workers",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok(Truth {
            id: r.get(0)?,
            name: r.get(1)?,
            status: r.get(2)?,
            valid_until: r.get(3)?,
            registration_no: r.get(4)?,
            updated_at: r.get(5)?,
            district: r.get(6)?,
            title: r.get(7)?,
            full_time: r.get(8)?,
            hukou: r.get(9)?,
            fields: Vec::new(),
            searched: [r.get(1)?, r.get(10)?, r.get(11)?, r.get(12)?, r.get(4)?],
        })
    })
    .unwrap()
    .map(|t| {
        let mut t = t.unwrap();
        t.fields = fields.remove(&t.id).unwrap_or_default();
        t
    })
    .collect()
}

fn standing(t: &Truth) -> RosterStatus {
    match (t.status.as_str(), t.valid_until.as_deref()) {
        ("unregistered", _) => RosterStatus::Unregistered,
        ("frozen", _) => RosterStatus::Frozen,
        (_, Some(u)) if u < TODAY => RosterStatus::Expired,
        _ => RosterStatus::Registered,
    }
}

fn matches(t: &Truth, q: &RosterQuery) -> bool {
    let term = swreg_core::records::roster::normalize_search(&q.search);
    let search_ok = match term.chars().count() {
        0 => true,
        1 | 2 => t.name.starts_with(&term),
        _ => t.searched.iter().flatten().any(|v| v.to_lowercase().contains(&term.to_lowercase())),
    };
    q.status.is_none_or(|s| standing(t) == s)
        && (q.district.is_empty() || t.district.as_deref() == Some(q.district.as_str()))
        && match q.title.as_str() {
            "" => true,
            NO_TITLE => t.title.is_none(),
            v => t.title.as_deref() == Some(v),
        }
        && (q.field.is_empty() || t.fields.contains(&q.field))
        && q.full_time.is_none_or(|v| t.full_time == Some(v))
        && q.xiamen_hukou.is_none_or(|v| t.hukou == Some(v))
        && (q.valid_from.is_empty() || t.valid_until.as_deref().is_some_and(|u| u >= q.valid_from.as_str()))
        && (q.valid_to.is_empty() || t.valid_until.as_deref().is_some_and(|u| u <= q.valid_to.as_str()))
        && search_ok
}

fn expected(all: &[Truth], q: &RosterQuery) -> Vec<i64> {
    let mut hits: Vec<&Truth> = all.iter().filter(|t| matches(t, q)).collect();
    match q.sort {
        RosterSort::Updated => hits.sort_by(|a, b| (&b.updated_at, b.id).cmp(&(&a.updated_at, a.id))),
        RosterSort::Name => hits.sort_by(|a, b| (&a.name, a.id).cmp(&(&b.name, b.id))),
        RosterSort::RegistrationNo => {
            hits.sort_by(|a, b| (a.registration_no.is_none(), &a.registration_no, a.id).cmp(&(b.registration_no.is_none(), &b.registration_no, b.id)))
        }
        RosterSort::ValidUntil => {
            hits.sort_by(|a, b| (a.valid_until.is_none(), &a.valid_until, a.id).cmp(&(b.valid_until.is_none(), &b.valid_until, b.id)))
        }
    }
    hits.iter().map(|t| t.id).collect()
}

/// A demo register on the fixture's day.
pub fn seeded(workers: u32) -> Fixture {
    let f = Fixture::new();
    f.registry.seed_demo(&f.admin.token, SeedArgs { workers, seed: 7 }).unwrap();
    f
}

#[test]
fn a_seeded_register_answers_every_filter_sort_and_search_as_the_table_says() {
    let f = seeded(1500);
    let all = truth(f.dir.path());
    assert_eq!(all.len(), 1500);
    // The seeded register has every standing, so each status filter has work to do.
    for s in RosterStatus::ALL {
        assert!(all.iter().filter(|t| standing(t) == s).count() >= 10, "{s:?}");
    }
    let sample = all.iter().find(|t| t.registration_no.is_some() && t.name.chars().count() == 3).unwrap();
    let id_number = sample.searched[1].clone().unwrap();
    let mobile = sample.searched[2].clone().unwrap();
    let base = RosterQuery { page: 1, page_size: 25, ..Default::default() };
    let mut queries: Vec<RosterQuery> = vec![base.clone()];
    for s in RosterStatus::ALL {
        queries.push(RosterQuery { status: Some(s), ..base.clone() });
    }
    for d in ["350203", "350213", "350200"] {
        queries.push(RosterQuery { district: d.into(), ..base.clone() });
    }
    for t in ["1", "2", "3", NO_TITLE] {
        queries.push(RosterQuery { title: t.into(), ..base.clone() });
    }
    // Common and rare fields: the rare ones take the plan that reads matches and sorts them.
    for fld in ["04", "16", "13", "17", "09"] {
        queries.push(RosterQuery { field: fld.into(), ..base.clone() });
    }
    for v in [true, false] {
        queries.push(RosterQuery { full_time: Some(v), ..base.clone() });
        queries.push(RosterQuery { xiamen_hukou: Some(v), ..base.clone() });
    }
    queries.push(RosterQuery { valid_from: TODAY.into(), valid_to: "2027-02-28".into(), ..base.clone() });
    queries.push(RosterQuery { valid_to: "2025-01-01".into(), ..base.clone() });
    queries.push(RosterQuery {
        status: Some(RosterStatus::Registered),
        district: "350206".into(),
        field: "16".into(),
        full_time: Some(true),
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
        "阳光社会".to_owned(),
        sample.registration_no.clone().unwrap(),
        "·".to_owned(),
        "𠈌".to_owned(),
    ] {
        queries.push(RosterQuery { search: term.clone(), ..base.clone() });
        queries.push(RosterQuery { search: term, district: "350203".into(), ..base.clone() });
    }
    let mut checked = 0;
    for query in queries {
        for sort in [RosterSort::Updated, RosterSort::Name, RosterSort::RegistrationNo, RosterSort::ValidUntil] {
            let query = RosterQuery { sort, ..query.clone() };
            let want = expected(&all, &query);
            let first = f.registry.roster(&f.admin.token, query.clone()).unwrap();
            assert_eq!(first.total, want.len() as i64, "{query:?}");
            // The first two pages and the last.
            let last_page = (want.len() as u32).div_ceil(25).max(1);
            for page in [1, 2, last_page] {
                let got = f.registry.roster(&f.admin.token, RosterQuery { page, ..query.clone() }).unwrap();
                let from = ((page - 1) * 25) as usize;
                let slice: Vec<i64> = want.iter().skip(from).take(25).copied().collect();
                assert_eq!(got.items.iter().map(|r| r.worker_id).collect::<Vec<_>>(), slice, "page {page} of {query:?}");
                checked += 1;
            }
        }
    }
    assert!(checked > 400);
}

#[test]
fn seeding_is_deterministic_and_refuses_a_register_with_records() {
    let a = seeded(120);
    let b = seeded(120);
    let dump = |f: &Fixture| -> Vec<String> {
        let conn = rusqlite::Connection::open(f.dir.path().join(swreg_core::DB_FILE_NAME)).unwrap();
        let mut out = Vec::new();
        for sql in [
            "SELECT id || '|' || status || '|' || COALESCE(registration_no, '') || '|' || COALESCE(valid_until, '') || '|' || data || '|' || updated_at FROM workers ORDER BY id",
            "SELECT worker_id || '|' || kind || '|' || status || '|' || COALESCE(data, '') || '|' || created_at FROM applications ORDER BY id",
            "SELECT worker_id || '|' || serial_no || '|' || status FROM cards ORDER BY id",
            "SELECT worker_id || '|' || hex(jpeg) FROM photos ORDER BY id",
            "SELECT username || '|' || status || '|' || COALESCE(id_number, '') FROM users ORDER BY id",
        ] {
            let mut stmt = conn.prepare(sql).unwrap();
            out.extend(stmt.query_map([], |r| r.get::<_, String>(0)).unwrap().map(|r| r.unwrap()));
        }
        out
    };
    let (da, db) = (dump(&a), dump(&b));
    assert!(da.len() > 500);
    assert!(da == db, "the same seed and day give the same register");
    match a.registry.seed_demo(&a.admin.token, SeedArgs { workers: 5, seed: 7 }) {
        Err(Error::Conflict(m)) => assert!(m.contains("已有登记记录"), "{m}"),
        other => panic!("seeding twice must be refused: {other:?}"),
    }
    assert!(matches!(a.registry.seed_demo(&a.admin.token, SeedArgs { workers: 0, seed: 7 }), Err(Error::Invalid(_))));
    // Every seeded ID number passes the validator, and demo accounts can log in.
    let conn = rusqlite::Connection::open(a.dir.path().join(swreg_core::DB_FILE_NAME)).unwrap();
    let mut stmt = conn.prepare("SELECT id_number FROM workers WHERE id_number IS NOT NULL").unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    for id in stmt.query_map([], |r| r.get::<_, String>(0)).unwrap() {
        let id = id.unwrap();
        assert!(swreg_core::validate::id_number(&id, today).is_ok(), "{id}");
    }
    a.login(swreg_core::demo::DEMO_REVIEWER, swreg_core::demo::DEMO_PASSWORD).unwrap();
}
