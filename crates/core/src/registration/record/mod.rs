//! 社工信息登记表: the three-section form, as typed (a draft keeps anything) and as checked for
//! submission (every rule of PRODUCT.md §3, errors by field).

pub mod diff;

use crate::registration::codes::{CodeTables, Kind};
use crate::validate::{self, Errors};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// 通讯信息: the part a worker may change at any time without review.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct Contact {
    pub address: String,
    pub postcode: String,
    pub mobile: String,
    pub office_phone: String,
    pub email: String,
    pub qq: String,
}

/// The form as the worker typed it. Coded fields hold codes of the national tables; dates are
/// `YYYY-MM-DD`; exam scores are text keyed by subject code. A draft may hold anything.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct RecordForm {
    // 基本信息
    pub name: String,
    pub sex: String,
    pub id_number: String,
    pub birth_date: String,
    pub ethnicity: String,
    pub xiamen_hukou: Option<bool>,
    pub native_place: String,
    pub marital: String,
    pub political: String,
    pub education: String,
    pub school: String,
    pub major: String,
    pub graduation_date: String,
    pub work_start_date: String,
    #[ts(type = "number | null")]
    pub photo_id: Option<i64>,
    // 通讯信息
    pub contact: Contact,
    // 执业信息
    pub full_time: Option<bool>,
    pub service_start_date: String,
    pub position: String,
    pub district: String,
    pub employer: String,
    pub title: String,
    pub title_cert_no: String,
    pub title_date: String,
    pub title_scores: BTreeMap<String, String>,
    pub fields: Vec<String>,
    pub experience: String,
}

/// Length caps, in characters.
pub const MAX_SHORT: usize = 50;
pub const MAX_LONG: usize = 100;
pub const MAX_EXPERIENCE: usize = 2000;

/// Cleans what a draft may keep: trims and caps text and refuses control characters, nothing
/// more. Saving a draft never fails because a field is empty or incomplete.
pub fn clean_draft(form: &RecordForm) -> Result<RecordForm, Errors> {
    let mut e = Errors::new();
    let mut text = |field: &str, v: &str, max: usize, multiline: bool| -> String {
        match validate::clean_text(v, max, multiline) {
            Ok(s) => s,
            Err(m) => {
                e.add(field, m);
                v.to_owned()
            }
        }
    };
    let c = &form.contact;
    let out = RecordForm {
        name: text("name", &form.name, MAX_SHORT, false),
        sex: text("sex", &form.sex, 10, false),
        id_number: text("idNumber", &form.id_number, 30, false),
        birth_date: text("birthDate", &form.birth_date, 10, false),
        ethnicity: text("ethnicity", &form.ethnicity, 10, false),
        xiamen_hukou: form.xiamen_hukou,
        native_place: text("nativePlace", &form.native_place, MAX_SHORT, false),
        marital: text("marital", &form.marital, 10, false),
        political: text("political", &form.political, 10, false),
        education: text("education", &form.education, 10, false),
        school: text("school", &form.school, MAX_SHORT, false),
        major: text("major", &form.major, MAX_SHORT, false),
        graduation_date: text("graduationDate", &form.graduation_date, 10, false),
        work_start_date: text("workStartDate", &form.work_start_date, 10, false),
        photo_id: form.photo_id,
        contact: Contact {
            address: text("address", &c.address, MAX_LONG, false),
            postcode: text("postcode", &c.postcode, 10, false),
            mobile: text("mobile", &c.mobile, 20, false),
            office_phone: text("officePhone", &c.office_phone, 30, false),
            email: text("email", &c.email, 254, false),
            qq: text("qq", &c.qq, 15, false),
        },
        full_time: form.full_time,
        service_start_date: text("serviceStartDate", &form.service_start_date, 10, false),
        position: text("position", &form.position, 10, false),
        district: text("district", &form.district, 10, false),
        employer: text("employer", &form.employer, MAX_LONG, false),
        title: text("title", &form.title, 10, false),
        title_cert_no: text("titleCertNo", &form.title_cert_no, 30, false),
        title_date: text("titleDate", &form.title_date, 10, false),
        title_scores: form
            .title_scores
            .iter()
            .map(|(k, v)| (k.clone(), text(&format!("titleScores.{k}"), v, 10, false)))
            .collect(),
        fields: form.fields.clone(),
        experience: text("experience", &form.experience, MAX_EXPERIENCE, true),
    };
    if form.fields.len() > 17 || form.title_scores.len() > 5 {
        e.add("fields", "内容不正确");
    }
    if e.is_empty() { Ok(out) } else { Err(e) }
}

/// Checks a form for submission and returns it normalised (ID number upper-case, mobile digits
/// only, names with the standard middle dot, scores as numbers).
pub fn check_submit(form: &RecordForm, codes: &CodeTables, today: NaiveDate) -> Result<RecordForm, Errors> {
    let mut f = clean_draft(form)?;
    let mut e = Errors::new();

    let required = |e: &mut Errors, field: &str, v: &str, what: &str| {
        if v.is_empty() {
            e.add(field, format!("请填写{what}"));
            false
        } else {
            true
        }
    };
    let code = |e: &mut Errors, field: &str, kind: Kind, v: &str, what: &str, needed: bool| {
        if v.is_empty() {
            if needed {
                e.add(field, format!("请选择{what}"));
            }
        } else if !codes.has(kind, v) {
            e.add(field, format!("{what}不在可选范围内"));
        }
    };
    let date = |e: &mut Errors, field: &str, v: &str, what: &str, needed: bool| -> Option<NaiveDate> {
        if v.is_empty() {
            if needed {
                e.add(field, format!("请选择{what}"));
            }
            return None;
        }
        match validate::date(v) {
            Ok(d) if d > today => {
                e.add(field, format!("{what}不能晚于今天"));
                None
            }
            Ok(d) => Some(d),
            Err(m) => {
                e.add(field, m);
                None
            }
        }
    };

    // 基本信息
    if required(&mut e, "name", &f.name, "姓名") {
        if let Some(n) = e.check("name", validate::person_name(&f.name)) {
            f.name = n;
        }
    }
    code(&mut e, "sex", Kind::Sex, &f.sex, "性别", true);
    let birth = date(&mut e, "birthDate", &f.birth_date, "出生日期", true);
    if required(&mut e, "idNumber", &f.id_number, "身份证号码") {
        if let Some(id) = e.check("idNumber", validate::id_number(&f.id_number, today)) {
            if birth.is_some_and(|b| b != id.birth_date) {
                e.add("idNumber", "身份证号码中的出生日期与所填出生日期不一致");
            }
            let sex_agrees = match f.sex.as_str() {
                "1" => id.male,
                "2" => !id.male,
                _ => true,
            };
            if !sex_agrees {
                e.add("idNumber", "身份证号码中的性别与所选性别不一致");
            }
            f.id_number = id.value;
        }
    }
    code(&mut e, "ethnicity", Kind::Ethnicity, &f.ethnicity, "民族", true);
    if f.xiamen_hukou.is_none() {
        e.add("xiamenHukou", "请选择是否厦门户籍");
    }
    required(&mut e, "nativePlace", &f.native_place, "籍贯");
    code(&mut e, "marital", Kind::Marital, &f.marital, "婚姻状态", false);
    code(&mut e, "political", Kind::Political, &f.political, "政治面貌", true);
    code(&mut e, "education", Kind::Education, &f.education, "学历程度", true);
    required(&mut e, "school", &f.school, "毕业院校");
    required(&mut e, "major", &f.major, "所学专业");
    let graduated = date(&mut e, "graduationDate", &f.graduation_date, "毕业时间", true);
    let work_start = date(&mut e, "workStartDate", &f.work_start_date, "参加工作时间", true);
    if let Some(b) = birth {
        if graduated.is_some_and(|g| g <= b) {
            e.add("graduationDate", "毕业时间应晚于出生日期");
        }
        let sixteen = add_years(b, 16);
        if work_start.is_some_and(|w| w < sixteen) {
            e.add("workStartDate", "参加工作时间应在年满16周岁之后");
        }
    }
    if f.photo_id.is_none() {
        e.add("photo", "请上传个人照片");
    }

    // 通讯信息
    let c = &mut f.contact;
    if required(&mut e, "address", &c.address, "通讯地址") {}
    if required(&mut e, "postcode", &c.postcode, "邮编") {
        if let Some(v) = e.check("postcode", validate::postcode(&c.postcode)) {
            c.postcode = v;
        }
    }
    if required(&mut e, "mobile", &c.mobile, "手机号码") {
        if let Some(v) = e.check("mobile", validate::mobile(&c.mobile)) {
            c.mobile = v;
        }
    }
    if !c.office_phone.is_empty() {
        if let Some(v) = e.check("officePhone", validate::office_phone(&c.office_phone)) {
            c.office_phone = v;
        }
    }
    if required(&mut e, "email", &c.email, "电子邮箱") {
        if let Some(v) = e.check("email", validate::email(&c.email)) {
            c.email = v;
        }
    }
    if !c.qq.is_empty() {
        if let Some(v) = e.check("qq", validate::qq(&c.qq)) {
            c.qq = v;
        }
    }

    // 执业信息
    if f.full_time.is_none() {
        e.add("fullTime", "请选择是否专职从事社会工作服务");
    }
    let service = date(&mut e, "serviceStartDate", &f.service_start_date, "从事社会工作服务时间", true);
    if let (Some(b), Some(s)) = (birth, service) {
        if s < add_years(b, 16) {
            e.add("serviceStartDate", "从事社会工作服务时间应在年满16周岁之后");
        }
    }
    code(&mut e, "position", Kind::Position, &f.position, "职务", true);
    code(&mut e, "district", Kind::District, &f.district, "所在区", true);
    required(&mut e, "employer", &f.employer, "目前所在单位");
    check_title(&mut f, codes, birth, today, &mut e);
    if f.fields.is_empty() {
        e.add("fields", "请至少选择一个执业领域");
    } else if f.fields.iter().any(|v| !codes.has(Kind::Field, v)) {
        e.add("fields", "执业领域不在可选范围内");
    } else {
        let order: Vec<&str> = codes.field.iter().map(|c| c.code.as_str()).collect();
        f.fields.sort_by_key(|v| order.iter().position(|o| o == v));
        f.fields.dedup();
    }
    required(&mut e, "experience", &f.experience, "从业经历与业绩");

    if e.is_empty() { Ok(f) } else { Err(e) }
}

/// 职称: none, or a known title with its certificate number, date and a 0–100 score per subject.
fn check_title(f: &mut RecordForm, codes: &CodeTables, birth: Option<NaiveDate>, today: NaiveDate, e: &mut Errors) {
    if f.title.is_empty() {
        f.title_cert_no.clear();
        f.title_date.clear();
        f.title_scores.clear();
        return;
    }
    if !codes.has(Kind::Title, &f.title) {
        e.add("title", "职称不在可选范围内");
        return;
    }
    if f.title_cert_no.is_empty() {
        e.add("titleCertNo", "选择职称后须填写证书编号");
    }
    if f.title_date.is_empty() {
        e.add("titleDate", "选择职称后须填写取得时间");
    } else {
        match validate::date(&f.title_date) {
            Ok(d) if d > today => e.add("titleDate", "取得时间不能晚于今天"),
            Ok(d) if birth.is_some_and(|b| d <= b) => e.add("titleDate", "取得时间应晚于出生日期"),
            Ok(_) => {}
            Err(m) => e.add("titleDate", m),
        }
    }
    let subjects = codes.subjects(&f.title);
    let mut scores = BTreeMap::new();
    for s in subjects {
        let field = format!("titleScores.{}", s.subject);
        match f.title_scores.get(&s.subject).map(String::as_str).unwrap_or("") {
            "" => e.add(&field, format!("请填写{}成绩", s.label)),
            raw => match validate::score(raw) {
                Ok(tenths) => {
                    scores.insert(s.subject.clone(), format_score(tenths));
                }
                Err(m) => e.add(&field, m),
            },
        }
    }
    f.title_scores = scores;
}

pub fn format_score(tenths: u16) -> String {
    if tenths % 10 == 0 { format!("{}", tenths / 10) } else { format!("{}.{}", tenths / 10, tenths % 10) }
}

/// The same month and day `years` later; 29 February becomes 28 February in a common year.
pub fn add_years(d: NaiveDate, years: i32) -> NaiveDate {
    d.with_year(d.year() + years)
        .or_else(|| NaiveDate::from_ymd_opt(d.year() + years, d.month(), 28))
        .expect("28th exists in every month")
}

/// The part of a check's errors that concerns 通讯信息 alone.
pub fn check_contact(contact: &Contact) -> Result<Contact, Errors> {
    let draft = RecordForm { contact: contact.clone(), ..Default::default() };
    let cleaned = clean_draft(&draft)?.contact;
    let mut e = Errors::new();
    let mut c = cleaned;
    let need = |e: &mut Errors, field: &str, v: &str, what: &str| {
        if v.is_empty() {
            e.add(field, format!("请填写{what}"));
        }
    };
    need(&mut e, "address", &c.address, "通讯地址");
    need(&mut e, "postcode", &c.postcode, "邮编");
    need(&mut e, "mobile", &c.mobile, "手机号码");
    need(&mut e, "email", &c.email, "电子邮箱");
    if !c.postcode.is_empty() {
        if let Some(v) = e.check("postcode", validate::postcode(&c.postcode)) {
            c.postcode = v;
        }
    }
    if !c.mobile.is_empty() {
        if let Some(v) = e.check("mobile", validate::mobile(&c.mobile)) {
            c.mobile = v;
        }
    }
    if !c.office_phone.is_empty() {
        if let Some(v) = e.check("officePhone", validate::office_phone(&c.office_phone)) {
            c.office_phone = v;
        }
    }
    if !c.email.is_empty() {
        if let Some(v) = e.check("email", validate::email(&c.email)) {
            c.email = v;
        }
    }
    if !c.qq.is_empty() {
        if let Some(v) = e.check("qq", validate::qq(&c.qq)) {
            c.qq = v;
        }
    }
    if e.is_empty() { Ok(c) } else { Err(e) }
}
