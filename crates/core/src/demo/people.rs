//! The synthetic people of the demo: names, places, schools, employers and each one's history of
//! applications, drawn from a seeded random generator.

use crate::registration::codes::{self, CodeTables};
use crate::registration::record::{add_years, Contact, RecordForm};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use rand::rngs::StdRng;
use rand::Rng;
use std::collections::HashSet;
use super::*;

pub(super) struct Person {
    pub(super) name: String,
    pub(super) male: bool,
    pub(super) birth: NaiveDate,
    pub(super) id_number: String,
    pub(super) mobile: String,
    /// The district code of the ID number when it is a Xiamen one.
    pub(super) xiamen: Option<&'static str>,
    pub(super) ethnicity: &'static str,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Scenario {
    Draft,
    Submitted,
    Rejected,
    Registered,
    Expired,
    Frozen,
}

pub(super) struct App {
    pub(super) kind: &'static str,
    pub(super) status: &'static str,
    pub(super) data: Option<RecordForm>,
    pub(super) reason: Option<String>,
    pub(super) created: DateTime<Utc>,
    pub(super) submitted: Option<DateTime<Utc>>,
    pub(super) decided: Option<DateTime<Utc>>,
    pub(super) by_admin: bool,
    pub(super) comment: Option<String>,
}

pub(super) struct Card {
    pub(super) issued: DateTime<Utc>,
    pub(super) voided: Option<DateTime<Utc>>,
}

/// A worker's history from the account's creation to today.
pub(super) struct Life {
    pub(super) created: DateTime<Utc>,
    pub(super) updated: DateTime<Utc>,
    pub(super) status: &'static str,
    pub(super) first_approval: Option<NaiveDate>,
    pub(super) valid_from: Option<NaiveDate>,
    pub(super) valid_until: Option<NaiveDate>,
    pub(super) editing_unlocked: bool,
    pub(super) frozen_reason: Option<&'static str>,
    pub(super) entered_by_staff: bool,
    pub(super) draft_form: RecordForm,
    pub(super) applications: Vec<App>,
    pub(super) cards: Vec<Card>,
}

pub(super) struct Gen<'a> {
    pub(super) rng: StdRng,
    pub(super) ids: HashSet<String>,
    pub(super) today: NaiveDate,
    pub(super) codes: &'a CodeTables,
}

pub(super) const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "高", "罗",
    "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "蔡", "蒋", "余",
    "苏", "叶", "程", "魏", "吕", "丁", "沈", "姚", "卢", "洪", "庄", "柯", "颜", "詹", "游", "欧阳", "司马", "上官",
];
/// The surnames most frequent in Xiamen, drawn more often.
pub(super) const XIAMEN_SURNAMES: &[&str] = &["陈", "林", "黄", "王", "李", "张", "吴", "郑", "蔡", "洪", "许", "杨", "庄", "柯"];
pub(super) const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀兰",
    "霞", "平", "刚", "桂英", "晓明", "思远", "雅琴", "志强", "婷", "雪", "琳", "欣怡", "梓涵", "浩然", "宇轩", "子涵",
    "诗琪", "佳怡", "俊杰", "晓燕", "建华", "国强", "丽华", "海燕", "文博", "雨萱", "明辉", "淑珍", "美玲", "振宇",
    "惠敏", "丽娟", "晨", "颖", "鑫", "斌", "辉", "玲", "华", "慧", "瑶", "萍", "宁", "红", "晶", "嘉", "一鸣",
];
/// Rare characters people do have in their names: outside GB 2312, and in CJK Extension B.
pub(super) const RARE_GIVEN: &[&str] = &["堃", "喆", "昇", "淼", "燊", "珺", "𠈌", "𠮷", "𡒄", "𨙸", "𪚥"];
/// Uyghur names written with the middle dot (given name · father's name), and their ethnic code.
pub(super) const MINORITY_GIVEN: &[&str] = &["阿依古丽", "买买提", "艾尔肯", "古丽米拉", "热依拉", "阿迪力", "迪丽娜尔", "努尔艾力"];
pub(super) const MINORITY_FATHER: &[&str] = &["买买提", "吐尔逊", "艾山", "阿不都", "玉素甫", "热合曼"];

/// Xiamen's districts (GB/T 2260) with rough weights by population.
pub(super) const DISTRICTS: &[(&str, &str, u32, &str)] = &[
    ("350203", "思明区", 26, "361001"),
    ("350206", "湖里区", 22, "361006"),
    ("350211", "集美区", 16, "361021"),
    ("350205", "海沧区", 10, "361026"),
    ("350212", "同安区", 12, "361100"),
    ("350213", "翔安区", 9, "361101"),
    ("350200", "市本级", 5, "361003"),
];
/// Birthplaces of workers without a Xiamen ID number, and their 籍贯.
pub(super) const ELSEWHERE: &[(&str, &str)] = &[
    ("350104", "福建福州"),
    ("350502", "福建泉州"),
    ("350602", "福建漳州"),
    ("350302", "福建莆田"),
    ("350802", "福建龙岩"),
    ("360702", "江西赣州"),
    ("430102", "湖南长沙"),
    ("510104", "四川成都"),
    ("410105", "河南郑州"),
    ("650102", "新疆乌鲁木齐"),
];
pub(super) const BRANDS: &[&str] = &[
    "阳光", "同心", "乐龄", "心航", "启明", "仁爱", "海燕", "鹭岛", "春晖", "和谐", "凤凰花", "筼筜", "五缘", "嘉庚",
    "海峡", "彩虹", "善水", "益友", "明月", "百合",
];
pub(super) const ORG_KINDS: &[&str] =
    &["社会工作服务中心", "社工服务社", "社会工作事务所", "社区服务中心", "养老服务中心", "青少年事务社工站"];
pub(super) const ROADS: &[&str] = &[
    "湖滨南路", "厦禾路", "莲前西路", "嘉禾路", "仙岳路", "枋湖路", "集美大道", "海沧大道", "环城南路", "翔安南路",
    "吕岭路", "金尚路", "体育路", "滨海西大道", "银江路",
];
pub(super) const SCHOOLS: &[&str] = &[
    "厦门大学", "集美大学", "华侨大学", "闽南师范大学", "福建师范大学", "厦门理工学院", "福州大学", "厦门城市职业学院",
    "泉州师范学院", "中华女子学院", "华东理工大学", "厦门医学院",
];
pub(super) const MAJORS: &[&str] =
    &["社会工作", "社会学", "心理学", "公共事业管理", "行政管理", "护理学", "教育学", "法学", "汉语言文学", "会计学"];

pub(super) fn pick<'a, T>(rng: &mut StdRng, list: &'a [T]) -> &'a T {
    &list[rng.random_range(0..list.len())]
}

pub(super) fn weighted<'a, T>(rng: &mut StdRng, list: &'a [(T, u32)]) -> &'a T {
    let total: u32 = list.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0..total);
    for (v, w) in list {
        if x < *w {
            return v;
        }
        x -= w;
    }
    &list[list.len() - 1].0
}

/// The GB 11643 check character of 17 digits (ISO 7064 MOD 11-2).
pub fn id_check_char(first17: &str) -> char {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17.bytes().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    b"10X98765432"[(sum % 11) as usize] as char
}

/// Noon China time on a day, as a timestamp.
pub(super) fn at(d: NaiveDate, hour: u32) -> DateTime<Utc> {
    let local = d.and_hms_opt(hour.min(23), 0, 0).expect("valid time");
    crate::clock::china().from_local_datetime(&local).single().expect("+08:00 is unambiguous").with_timezone(&Utc)
}

impl Gen<'_> {
    pub(super) fn person(&mut self, i: usize) -> Person {
        let rng = &mut self.rng;
        let male = rng.random_bool(0.35);
        let age_days = rng.random_range(22 * 365..62 * 365);
        let birth = self.today - Duration::days(age_days);
        let xiamen = rng.random_bool(0.8).then(|| {
            let d = *weighted(rng, &DISTRICTS.iter().map(|d| (d.0, d.2)).collect::<Vec<_>>());
            // 市本级 is no birthplace: its people were born in one of the districts.
            if d == "350200" { "350203" } else { d }
        });
        let minority = i % 97 == 13;
        let region = if minority { "650102" } else { xiamen.unwrap_or_else(|| pick(rng, ELSEWHERE).0) };
        let id_number = loop {
            let seq = rng.random_range(0..500u32) * 2 + u32::from(male);
            let first17 = format!("{region}{}{seq:03}", birth.format("%Y%m%d"));
            let id = format!("{first17}{}", id_check_char(&first17));
            if self.ids.insert(id.clone()) {
                break id;
            }
        };
        let name = if minority {
            format!("{}·{}", pick(rng, MINORITY_GIVEN), pick(rng, MINORITY_FATHER))
        } else {
            let surname = if rng.random_bool(0.6) { *pick(rng, XIAMEN_SURNAMES) } else { *pick(rng, SURNAMES) };
            let given = if i % 151 == 7 { *pick(rng, RARE_GIVEN) } else { *pick(rng, GIVEN) };
            format!("{surname}{given}")
        };
        let second = *pick(rng, &[b'3', b'5', b'7', b'8', b'9']) as char;
        let mobile = format!("1{second}{:09}", rng.random_range(0..1_000_000_000u32));
        Person { name, male, birth, id_number, mobile, xiamen, ethnicity: if minority { "05" } else { "01" } }
    }

    pub(super) fn form(&mut self, p: &Person, worker_id: i64) -> RecordForm {
        let codes = self.codes;
        let rng = &mut self.rng;
        let district = if rng.random_bool(0.05) {
            "350200"
        } else {
            p.xiamen.unwrap_or_else(|| *weighted(rng, &DISTRICTS.iter().map(|d| (d.0, d.2)).collect::<Vec<_>>()))
        };
        let (_, district_label, _, postcode) = *DISTRICTS.iter().find(|d| d.0 == district).expect("known district");
        let native = match p.xiamen {
            Some(_) => "福建厦门",
            None => ELSEWHERE.iter().find(|e| p.id_number.starts_with(e.0)).map(|e| e.1).unwrap_or("福建泉州"),
        };
        let education = *weighted(rng, &[("21", 50), ("31", 25), ("14", 12), ("41", 5), ("61", 5), ("11", 1), ("90", 2)]);
        let grad_age = match education {
            "11" => 29,
            "14" => 25,
            "21" => 22,
            "31" => 21,
            _ => 19,
        };
        let graduation = add_years(p.birth, grad_age) + Duration::days(rng.random_range(150..200));
        let graduation = graduation.min(self.today - Duration::days(200));
        let work_start = graduation + Duration::days(rng.random_range(20..120));
        let service_start = work_start + Duration::days(rng.random_range(0..900));
        let service_start = service_start.min(self.today - Duration::days(100));
        let title = *weighted(rng, &[("", 35), ("1", 40), ("2", 22), ("3", 3)]);
        let (title_cert_no, title_date, title_scores) = if title.is_empty() {
            (String::new(), String::new(), Default::default())
        } else {
            let date = (service_start + Duration::days(rng.random_range(200..2000))).min(self.today - Duration::days(30));
            let scores = codes
                .subjects(title)
                .iter()
                .map(|s| (s.subject.clone(), format!("{}", rng.random_range(60..96))))
                .collect();
            (format!("{}35{:09}", chrono::Datelike::year(&date), worker_id), date.to_string(), scores)
        };
        let mut fields: Vec<String> = Vec::new();
        for _ in 0..rng.random_range(1..=3) {
            let f = *weighted(rng, &[
                ("04", 30), ("16", 20), ("08", 15), ("01", 10), ("05", 6), ("02", 5), ("03", 4), ("06", 3), ("07", 3),
                ("15", 4), ("09", 1), ("10", 1), ("11", 2), ("12", 1), ("13", 1), ("14", 2), ("17", 1),
            ]);
            if !fields.iter().any(|x| x == f) {
                fields.push(f.to_owned());
            }
        }
        fields.sort();
        let employer = format!("厦门市{district_label}{}{}", pick(rng, BRANDS), pick(rng, ORG_KINDS))
            .replace("厦门市市本级", "厦门市");
        let field_label = codes::label(codes, codes::Kind::Field, &fields[0]).unwrap_or("社区").to_owned();
        let experience = format!(
            "{}年起在{employer}从事{field_label}领域社会工作服务。\n负责个案管理与小组活动，参与社区志愿服务项目。",
            chrono::Datelike::year(&service_start)
        );
        RecordForm {
            name: p.name.clone(),
            sex: if p.male { "1" } else { "2" }.into(),
            id_number: p.id_number.clone(),
            birth_date: p.birth.to_string(),
            ethnicity: p.ethnicity.into(),
            xiamen_hukou: Some(p.xiamen.is_some() && !rng.random_bool(0.03)),
            native_place: native.into(),
            marital: (*weighted(rng, &[("10", 30), ("20", 62), ("40", 4), ("30", 1), ("", 3)])).into(),
            political: (*weighted(rng, &[("13", 55), ("03", 20), ("01", 22), ("02", 2), ("05", 1)])).into(),
            education: education.into(),
            school: (*pick(rng, SCHOOLS)).into(),
            major: (*pick(rng, MAJORS)).into(),
            graduation_date: graduation.to_string(),
            work_start_date: work_start.to_string(),
            photo_id: Some(worker_id),
            contact: Contact {
                address: format!("厦门市{}{}{}号", district_label.replace("市本级", "思明区"), pick(rng, ROADS), rng.random_range(1..900)),
                postcode: postcode.into(),
                mobile: p.mobile.clone(),
                office_phone: if rng.random_bool(0.4) {
                    format!("0592-{}", rng.random_range(2_000_000..8_999_999))
                } else {
                    String::new()
                },
                email: format!("sw{worker_id}@example.cn"),
                qq: if rng.random_bool(0.3) { format!("{}", rng.random_range(10_000_000..999_999_999u32)) } else { String::new() },
            },
            full_time: Some(rng.random_bool(0.6)),
            service_start_date: service_start.to_string(),
            position: (*weighted(rng, &[("1", 70), ("2", 20), ("9", 10)])).into(),
            district: district.into(),
            employer,
            title: title.into(),
            title_cert_no,
            title_date,
            title_scores,
            fields,
            experience,
        }
    }

    pub(super) fn scenario(&mut self) -> Scenario {
        *weighted(&mut self.rng, &[
            (Scenario::Draft, 3),
            (Scenario::Submitted, 5),
            (Scenario::Rejected, 2),
            (Scenario::Registered, 76),
            (Scenario::Expired, 9),
            (Scenario::Frozen, 5),
        ])
    }

    /// The applications and decisions that lead to the scenario, in date order.
    pub(super) fn life(&mut self, ctx: &Ctx, form: &RecordForm, scenario: Scenario, years_back: i32) -> Life {
        let today = self.today;
        let rng = &mut self.rng;
        let years = if form.full_time == Some(true) { ctx.full_years } else { ctx.other_years };
        let mut apps: Vec<App> = Vec::new();
        let mut cards: Vec<Card> = Vec::new();
        let decided = |d: NaiveDate, rng: &mut StdRng| at(d, rng.random_range(9..18));
        let snapshot = |f: &RecordForm| Some(f.clone());

        // When the account was made: recent for those not yet registered.
        let start = match scenario {
            Scenario::Draft | Scenario::Submitted | Scenario::Rejected => today - Duration::days(rng.random_range(3..60)),
            Scenario::Registered => today - Duration::days(rng.random_range(40..(365 * years_back as i64))),
            // Long enough ago to have run out.
            Scenario::Expired | Scenario::Frozen => {
                today - Duration::days(rng.random_range((365 * years as i64 + 60)..(365 * years_back as i64 + 400)))
            }
        };
        let created = at(start, 10);
        let mut life = Life {
            created,
            updated: created,
            status: "unregistered",
            first_approval: None,
            valid_from: None,
            valid_until: None,
            editing_unlocked: false,
            frozen_reason: None,
            entered_by_staff: rng.random_bool(0.05),
            draft_form: form.clone(),
            applications: Vec::new(),
            cards: Vec::new(),
        };
        let submit_day = start + Duration::days(rng.random_range(0..3));
        match scenario {
            Scenario::Draft => {
                // A draft keeps whatever was typed so far.
                let mut draft = form.clone();
                draft.experience.clear();
                if rng.random_bool(0.5) {
                    draft.photo_id = None;
                    draft.fields.clear();
                }
                life.draft_form = draft.clone();
                apps.push(App::new("initial", "draft", snapshot(&draft), at(submit_day, 11)));
                life.updated = at(submit_day, 11);
            }
            Scenario::Submitted => {
                let mut a = App::new("initial", "submitted", snapshot(form), at(submit_day, 11));
                a.submitted = Some(at(submit_day, 12));
                apps.push(a);
                life.updated = at(submit_day, 12);
            }
            Scenario::Rejected => {
                let mut a = App::new("initial", "rejected", snapshot(form), at(submit_day, 11));
                a.submitted = Some(at(submit_day, 12));
                a.decided = Some(decided((submit_day + Duration::days(2)).min(today), rng));
                a.comment = Some((*pick(rng, &["照片不清晰，请重新上传", "单位名称请填写全称", "职称证书编号有误，请核对"])).into());
                apps.push(a);
                life.updated = at(submit_day, 12);
            }
            Scenario::Registered | Scenario::Expired | Scenario::Frozen => {
                let approve = (submit_day + Duration::days(rng.random_range(1..10))).min(today);
                let mut a = App::new("initial", "approved", None, at(submit_day, 11));
                a.submitted = Some(at(submit_day, 12));
                a.decided = Some(decided(approve, rng));
                apps.push(a);
                life.first_approval = Some(approve);
                life.status = "registered";
                let mut from = approve;
                let mut until = add_years(approve, years);
                let mut last_approved = apps.len() - 1;
                // Renew every period, except the last one for the expired and frozen.
                while until < today {
                    let renew_day = until + Duration::days(rng.random_range(1..45));
                    let stops = scenario != Scenario::Registered && add_years(until, years) >= today - Duration::days(30);
                    if renew_day >= today || stops {
                        break;
                    }
                    let mut r = App::new("renewal", "approved", None, at(renew_day, 9));
                    r.submitted = Some(at(renew_day, 10));
                    let day = (renew_day + Duration::days(rng.random_range(1..7))).min(today);
                    r.decided = Some(decided(day, rng));
                    apps.push(r);
                    last_approved = apps.len() - 1;
                    from = day;
                    until = add_years(day, years);
                }
                apps[last_approved].data = snapshot(form);
                life.valid_from = Some(from);
                life.valid_until = Some(until);
                life.updated = apps[last_approved].decided.unwrap_or(created);
                let expired = until < today;
                if rng.random_bool(0.7) {
                    let issued = at((approve + Duration::days(rng.random_range(10..40))).min(today), 15);
                    cards.push(Card { issued, voided: None });
                }
                if scenario == Scenario::Frozen && expired {
                    life.status = "frozen";
                    life.frozen_reason = Some("超过登记有效期未申请续期");
                    let day = (until + Duration::days(rng.random_range(91..200))).min(today);
                    life.updated = at(day, 16);
                    match rng.random_range(0..10) {
                        0..=2 => {
                            let mut r = App::new("restoration", "submitted", snapshot(form), at(today - Duration::days(3), 9));
                            r.submitted = Some(at(today - Duration::days(2), 9));
                            apps.push(r);
                        }
                        3 => {
                            let mut r = App::new("restoration", "rejected", snapshot(form), at(today - Duration::days(20), 9));
                            r.submitted = Some(at(today - Duration::days(20), 10));
                            r.decided = Some(at(today - Duration::days(15), 10));
                            r.by_admin = true;
                            r.comment = Some("请补充近一年的从业证明".into());
                            apps.push(r);
                        }
                        4 => apps.push(App::new("restoration", "draft", snapshot(form), at(today - Duration::days(1), 20))),
                        _ => {}
                    }
                } else if expired {
                    match rng.random_range(0..10) {
                        0..=2 => {
                            let mut r = App::new("renewal", "submitted", snapshot(form), at(today - Duration::days(4), 9));
                            r.submitted = Some(at(today - Duration::days(rng.random_range(0..4)), 9));
                            apps.push(r);
                        }
                        3 => {
                            let mut r = App::new("renewal", "rejected", snapshot(form), at(today - Duration::days(25), 9));
                            r.submitted = Some(at(today - Duration::days(25), 10));
                            r.decided = Some(at(today - Duration::days(21), 10));
                            r.comment = Some("继续教育学时不足，请补充后重新提交".into());
                            apps.push(r);
                        }
                        4 => apps.push(App::new("renewal", "draft", snapshot(form), at(today - Duration::days(2), 20))),
                        _ => {}
                    }
                } else {
                    self.registered_events(&mut life, &mut apps, &mut cards, form, from);
                }
            }
        }
        apps.sort_by_key(|a| a.created);
        life.applications = apps;
        life.cards = cards;
        life
    }

    /// What happens to a record in effect: modifications, cards replaced, requests waiting.
    pub(super) fn registered_events(&mut self, life: &mut Life, apps: &mut Vec<App>, cards: &mut Vec<Card>, form: &RecordForm, from: NaiveDate) {
        let today = self.today;
        let rng = &mut self.rng;
        let since = (today - from).num_days().max(2);
        let day = |rng: &mut StdRng| from + Duration::days(rng.random_range(1..since));
        match rng.random_range(0..100) {
            // 信息修改申请 approved, then 信息修改 approved.
            0..=7 => {
                let d = day(rng).min(today - Duration::days(1));
                let mut r = App::new("modification_request", "approved", None, at(d, 9));
                r.reason = Some("工作单位变更，需修改所在单位".into());
                r.submitted = Some(at(d, 9));
                r.decided = Some(at(d, 15));
                apps.push(r);
                let d2 = (d + Duration::days(1)).min(today);
                let mut m = App::new("modification", "approved", None, at(d2, 9));
                m.submitted = Some(at(d2, 10));
                m.decided = Some(at(d2, 16));
                apps.push(m);
            }
            // 信息修改申请 waiting.
            8..=9 => {
                let mut r = App::new("modification_request", "submitted", None, at(today - Duration::days(2), 9));
                r.reason = Some("手机号码与通讯地址变更".into());
                r.submitted = Some(at(today - Duration::days(2), 9));
                apps.push(r);
            }
            // Editing unlocked: a modification being drafted, or submitted.
            10..=11 => {
                let mut r = App::new("modification_request", "approved", None, at(today - Duration::days(6), 9));
                r.reason = Some("取得社会工作师证书，需更新职称".into());
                r.submitted = Some(at(today - Duration::days(6), 9));
                r.decided = Some(at(today - Duration::days(5), 9));
                apps.push(r);
                let mut edited = form.clone();
                edited.experience.push_str("\n近期取得新的职业资格。");
                if rng.random_bool(0.5) {
                    apps.push(App::new("modification", "draft", Some(edited), at(today - Duration::days(1), 20)));
                    life.editing_unlocked = true;
                } else {
                    let mut m = App::new("modification", "submitted", Some(edited), at(today - Duration::days(2), 9));
                    m.submitted = Some(at(today - Duration::days(1), 9));
                    apps.push(m);
                    life.editing_unlocked = true;
                }
            }
            12 => {
                let mut r = App::new("modification_request", "rejected", None, at(today - Duration::days(9), 9));
                r.reason = Some("想修改出生日期".into());
                r.submitted = Some(at(today - Duration::days(9), 9));
                r.decided = Some(at(today - Duration::days(8), 9));
                r.comment = Some("出生日期须与身份证一致，无需修改".into());
                apps.push(r);
            }
            _ => {}
        }
        // Cards replaced (the old one void), and replacement requests waiting or refused.
        if let Some(card) = cards.first_mut() {
            let issued = card.issued.date_naive();
            let span = (today - issued).num_days();
            match rng.random_range(0..100) {
                0..=4 if span > 3 => {
                    let d = issued + Duration::days(rng.random_range(1..span));
                    let mut r = App::new("card_replacement", "approved", None, at(d, 9));
                    r.reason = Some("社工卡遗失".into());
                    r.submitted = Some(at(d, 9));
                    r.decided = Some(at(d, 14));
                    r.by_admin = true;
                    apps.push(r);
                    card.voided = Some(at(d, 14));
                    cards.push(Card { issued: at(d, 14), voided: None });
                }
                5..=6 => {
                    let mut r = App::new("card_replacement", "submitted", None, at(today - Duration::days(1), 9));
                    r.reason = Some("社工卡损坏".into());
                    r.submitted = Some(at(today - Duration::days(1), 9));
                    apps.push(r);
                }
                7 => {
                    let mut r = App::new("card_replacement", "rejected", None, at(today - Duration::days(30), 9));
                    r.reason = Some("卡面信息有误".into());
                    r.submitted = Some(at(today - Duration::days(30), 9));
                    r.decided = Some(at(today - Duration::days(28), 9));
                    r.by_admin = true;
                    r.comment = Some("卡面信息无误，无需补换".into());
                    apps.push(r);
                }
                _ => {}
            }
        }
        if let Some(last) = apps.iter().filter_map(|a| a.decided.or(a.submitted)).max() {
            life.updated = life.updated.max(last);
        }
    }
}

impl App {
    pub(super) fn new(kind: &'static str, status: &'static str, data: Option<RecordForm>, created: DateTime<Utc>) -> App {
        App { kind, status, data, reason: None, created, submitted: None, decided: None, by_admin: false, comment: None }
    }
}

