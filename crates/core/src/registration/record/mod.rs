//! 社工信息登记表: the three-section form, as typed (a draft keeps anything) and as checked for
//! submission (every rule of PRODUCT.md §3, errors by field).

pub mod diff;
pub mod fields;

use crate::registration::codes::{CodeTables, Kind as CodeKind};
use fields::{FieldKey as K, FieldKind, FieldSpec};
use crate::validate::{self, Errors};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// A form stored as JSON; `whose` names the record or application in the error.
pub(crate) fn stored_form(json: &str, whose: impl FnOnce() -> String) -> Result<RecordForm, crate::stored::Unreadable> {
    serde_json::from_str(json).map_err(|_| crate::stored::Unreadable::form(&whose()))
}

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

pub use fields::{MAX_CODE, MAX_EXPERIENCE, MAX_LONG, MAX_SHORT};

/// Cleans what a draft may keep: trims and caps text and refuses control characters, nothing
/// more. Saving a draft never fails because a field is empty or incomplete.
pub fn clean_draft(form: &RecordForm) -> Result<RecordForm, Errors> {
    // Shared by the two closures below, which both report into it.
    let e = std::cell::RefCell::new(Errors::new());
    let clean = |field: &str, max: usize, multiline: bool, v: &str| -> String {
        match validate::clean_text(v, max, multiline) {
            Ok(s) => s,
            Err(m) => {
                e.borrow_mut().add(field, m);
                v.to_owned()
            }
        }
    };
    let spec_cap = |spec: &FieldSpec| spec.max_length.unwrap_or(MAX_SHORT);
    let text = |key: K, v: &str| clean(key.as_str(), spec_cap(key.spec()), key.spec().kind == FieldKind::Multiline, v);
    // The codes of 执业领域 and the subjects of the scores are codes as well: a draft keeps
    // them capped and without control characters like any other text.
    let code = |key: K, v: &str| clean(key.as_str(), MAX_CODE, false, v);
    let c = &form.contact;
    let out = RecordForm {
        name: text(K::Name, &form.name),
        sex: text(K::Sex, &form.sex),
        id_number: text(K::IdNumber, &form.id_number),
        birth_date: text(K::BirthDate, &form.birth_date),
        ethnicity: text(K::Ethnicity, &form.ethnicity),
        xiamen_hukou: form.xiamen_hukou,
        native_place: text(K::NativePlace, &form.native_place),
        marital: text(K::Marital, &form.marital),
        political: text(K::Political, &form.political),
        education: text(K::Education, &form.education),
        school: text(K::School, &form.school),
        major: text(K::Major, &form.major),
        graduation_date: text(K::GraduationDate, &form.graduation_date),
        work_start_date: text(K::WorkStartDate, &form.work_start_date),
        photo_id: form.photo_id,
        contact: Contact {
            address: text(K::Address, &c.address),
            postcode: text(K::Postcode, &c.postcode),
            mobile: text(K::Mobile, &c.mobile),
            office_phone: text(K::OfficePhone, &c.office_phone),
            email: text(K::Email, &c.email),
            qq: text(K::Qq, &c.qq),
        },
        full_time: form.full_time,
        service_start_date: text(K::ServiceStartDate, &form.service_start_date),
        position: text(K::Position, &form.position),
        district: text(K::District, &form.district),
        employer: text(K::Employer, &form.employer),
        title: text(K::Title, &form.title),
        title_cert_no: text(K::TitleCertNo, &form.title_cert_no),
        title_date: text(K::TitleDate, &form.title_date),
        title_scores: form
            .title_scores
            .iter()
            .map(|(k, v)| {
                let k = code(K::TitleScores, k);
                let v = clean(&K::score_key(&k), spec_cap(K::TitleScores.spec()), false, v);
                (k, v)
            })
            .collect(),
        fields: form.fields.iter().map(|v| code(K::Fields, v)).collect(),
        experience: text(K::Experience, &form.experience),
    };
    let mut e = e.into_inner();
    if form.fields.len() > 17 || form.title_scores.len() > 5 {
        e.add(K::Fields.as_str(), "内容不正确");
    }
    if e.is_empty() { Ok(out) } else { Err(e) }
}

/// Reports the catalogue's message when a needed field is empty; true when it has a value.
fn present(e: &mut Errors, key: K, empty: bool) -> bool {
    if empty {
        if let Some(m) = key.spec().missing() {
            e.add(key.as_str(), m);
        }
    }
    !empty
}

/// Checks a form for submission and returns it normalised (ID number upper-case, mobile digits
/// only, names with the standard middle dot, scores as numbers).
pub fn check_submit(form: &RecordForm, codes: &CodeTables, today: NaiveDate) -> Result<RecordForm, Errors> {
    let mut f = clean_draft(form)?;
    let mut e = Errors::new();

    let code = |e: &mut Errors, key: K, v: &str| {
        let kind = key.spec().code.expect("a coded field names its table");
        if present(e, key, v.is_empty()) && !codes.has(kind, v) {
            e.add(key.as_str(), format!("{}不在可选范围内", key.label()));
        }
    };
    let date = |e: &mut Errors, key: K, v: &str| -> Option<NaiveDate> {
        if !present(e, key, v.is_empty()) {
            return None;
        }
        match validate::date(v) {
            Ok(d) if d > today => {
                e.add(key.as_str(), format!("{}不能晚于今天", key.label()));
                None
            }
            Ok(d) => Some(d),
            Err(m) => {
                e.add(key.as_str(), m);
                None
            }
        }
    };
    let adult = |e: &mut Errors, key: K, birth: Option<NaiveDate>, d: Option<NaiveDate>| {
        if let (Some(b), Some(d)) = (birth, d) {
            if d < add_years(b, 16) {
                e.add(key.as_str(), format!("{}应在年满16周岁之后", key.label()));
            }
        }
    };

    // 基本信息
    if present(&mut e, K::Name, f.name.is_empty()) {
        if let Some(n) = e.check(K::Name.as_str(), validate::person_name(&f.name)) {
            f.name = n;
        }
    }
    code(&mut e, K::Sex, &f.sex);
    let birth = date(&mut e, K::BirthDate, &f.birth_date);
    if present(&mut e, K::IdNumber, f.id_number.is_empty()) {
        if let Some(id) = e.check(K::IdNumber.as_str(), validate::id_number(&f.id_number, today)) {
            let (id_label, what) = (K::IdNumber.label(), K::IdNumber.as_str());
            if birth.is_some_and(|b| b != id.birth_date) {
                e.add(what, format!("{id_label}中的{}与所填{}不一致", K::BirthDate.label(), K::BirthDate.label()));
            }
            let sex_agrees = match f.sex.as_str() {
                "1" => id.male,
                "2" => !id.male,
                _ => true,
            };
            if !sex_agrees {
                e.add(what, format!("{id_label}中的{}与所选{}不一致", K::Sex.label(), K::Sex.label()));
            }
            f.id_number = id.value;
        }
    }
    code(&mut e, K::Ethnicity, &f.ethnicity);
    present(&mut e, K::XiamenHukou, f.xiamen_hukou.is_none());
    present(&mut e, K::NativePlace, f.native_place.is_empty());
    code(&mut e, K::Marital, &f.marital);
    code(&mut e, K::Political, &f.political);
    code(&mut e, K::Education, &f.education);
    present(&mut e, K::School, f.school.is_empty());
    present(&mut e, K::Major, f.major.is_empty());
    let graduated = date(&mut e, K::GraduationDate, &f.graduation_date);
    let work_start = date(&mut e, K::WorkStartDate, &f.work_start_date);
    if birth.is_some_and(|b| graduated.is_some_and(|g| g <= b)) {
        e.add(K::GraduationDate.as_str(), format!("{}应晚于{}", K::GraduationDate.label(), K::BirthDate.label()));
    }
    adult(&mut e, K::WorkStartDate, birth, work_start);
    present(&mut e, K::Photo, f.photo_id.is_none());

    // 通讯信息
    f.contact = check_contact_values(f.contact, &mut e);

    // 执业信息
    present(&mut e, K::FullTime, f.full_time.is_none());
    let service = date(&mut e, K::ServiceStartDate, &f.service_start_date);
    adult(&mut e, K::ServiceStartDate, birth, service);
    code(&mut e, K::Position, &f.position);
    code(&mut e, K::District, &f.district);
    present(&mut e, K::Employer, f.employer.is_empty());
    check_title(&mut f, codes, birth, today, &mut e);
    if present(&mut e, K::Fields, f.fields.is_empty()) {
        if f.fields.iter().any(|v| !codes.has(CodeKind::Field, v)) {
            e.add(K::Fields.as_str(), format!("{}不在可选范围内", K::Fields.label()));
        } else {
            let order: Vec<&str> = codes.field.iter().map(|c| c.code.as_str()).collect();
            f.fields.sort_by_key(|v| order.iter().position(|o| o == v));
            f.fields.dedup();
        }
    }
    present(&mut e, K::Experience, f.experience.is_empty());

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
    if !codes.has(CodeKind::Title, &f.title) {
        e.add(K::Title.as_str(), format!("{}不在可选范围内", K::Title.label()));
        return;
    }
    present(e, K::TitleCertNo, f.title_cert_no.is_empty());
    if present(e, K::TitleDate, f.title_date.is_empty()) {
        let (what, label) = (K::TitleDate.as_str(), K::TitleDate.label());
        match validate::date(&f.title_date) {
            Ok(d) if d > today => e.add(what, format!("{label}不能晚于今天")),
            Ok(d) if birth.is_some_and(|b| d <= b) => e.add(what, format!("{label}应晚于{}", K::BirthDate.label())),
            Ok(_) => {}
            Err(m) => e.add(what, m),
        }
    }
    let subjects = codes.subjects(&f.title);
    let mut scores = BTreeMap::new();
    for s in subjects {
        let field = K::score_key(&s.subject);
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
    let c = check_contact_values(cleaned, &mut e);
    if e.is_empty() { Ok(c) } else { Err(e) }
}

/// 通讯信息's rules on cleaned values: each needed field present, each value in its format.
fn check_contact_values(mut c: Contact, e: &mut Errors) -> Contact {
    let checks: [(K, &mut String, fn(&str) -> Result<String, String>); 5] = [
        (K::Postcode, &mut c.postcode, validate::postcode),
        (K::Mobile, &mut c.mobile, validate::mobile),
        (K::OfficePhone, &mut c.office_phone, validate::office_phone),
        (K::Email, &mut c.email, validate::email),
        (K::Qq, &mut c.qq, validate::qq),
    ];
    present(e, K::Address, c.address.is_empty());
    for (key, value, check) in checks {
        if present(e, key, value.is_empty()) {
            if let Some(v) = e.check(key.as_str(), check(value)) {
                *value = v;
            }
        }
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the fuzz tests: a draft kept the codes of 执业领域 and the subjects of the scores
    /// as sent, of any length and with control characters.
    #[test]
    fn a_draft_caps_the_codes_of_its_fields_and_score_subjects() {
        let form = RecordForm { fields: vec!["01".into(), "0".repeat(11)], ..Default::default() };
        let e = clean_draft(&form).unwrap_err();
        assert_eq!((e.0[0].field.as_str(), e.0[0].message.as_str()), ("fields", "不能超过10个字"));
        let scores = [("a\u{0}".to_owned(), "60".to_owned())].into_iter().collect();
        let form = RecordForm { title_scores: scores, ..Default::default() };
        let e = clean_draft(&form).unwrap_err();
        assert_eq!((e.0[0].field.as_str(), e.0[0].message.as_str()), ("titleScores", "不能包含控制字符"));
        let form = RecordForm { fields: vec![" 01 ".into()], ..Default::default() };
        assert_eq!(clean_draft(&form).unwrap().fields, ["01"]);
    }
}
