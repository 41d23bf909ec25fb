//! What an application changes: the record as (field, label, shown value) rows and the fields
//! whose shown value differs, as the reviewer's side-by-side view lists them.

use crate::registration::codes::{self, CodeTables};
use crate::registration::record::fields::{FieldKey, FieldKey as K, RECORD_FIELDS};
use crate::registration::record::RecordForm;
use serde::Serialize;
use ts_rs::TS;

/// One field that an application changes, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    pub field: String,
    pub label: String,
    pub before: String,
    pub after: String,
}

/// Every field whose shown value differs, with the labels a reviewer reads.
pub fn diff(before: &RecordForm, after: &RecordForm, codes: &CodeTables) -> Vec<FieldChange> {
    let a = describe(before, codes);
    let b = describe(after, codes);
    a.into_iter()
        .zip(b)
        .filter(|(x, y)| x.2 != y.2)
        .map(|(x, y)| FieldChange { field: x.0.to_owned(), label: x.1.to_owned(), before: x.2, after: y.2 })
        .collect()
}

/// The form as (field, label, shown value) rows in the catalogue's order, codes turned into labels.
pub fn describe(f: &RecordForm, codes: &CodeTables) -> Vec<(&'static str, &'static str, String)> {
    RECORD_FIELDS.iter().map(|s| (s.key.as_str(), s.label, shown(f, s.key, codes))).collect()
}

/// One field's value as a reader sees it.
pub fn shown(f: &RecordForm, key: FieldKey, codes: &CodeTables) -> String {
    let label = |v: &str| {
        let kind = key.spec().code.expect("a coded field names its table");
        codes::label(codes, kind, v).map(str::to_owned).unwrap_or_else(|| v.to_owned())
    };
    let yes_no = |v: Option<bool>| match v {
        Some(true) => "是".to_owned(),
        Some(false) => "否".to_owned(),
        None => String::new(),
    };
    let c = &f.contact;
    match key {
        K::Name => f.name.clone(),
        K::Sex => label(&f.sex),
        K::IdNumber => f.id_number.clone(),
        K::BirthDate => f.birth_date.clone(),
        K::Ethnicity => label(&f.ethnicity),
        K::XiamenHukou => yes_no(f.xiamen_hukou),
        K::NativePlace => f.native_place.clone(),
        K::Marital => label(&f.marital),
        K::Political => label(&f.political),
        K::Education => label(&f.education),
        K::School => f.school.clone(),
        K::Major => f.major.clone(),
        K::GraduationDate => f.graduation_date.clone(),
        K::WorkStartDate => f.work_start_date.clone(),
        K::Photo => f.photo_id.map(|p| format!("照片#{p}")).unwrap_or_default(),
        K::Address => c.address.clone(),
        K::Postcode => c.postcode.clone(),
        K::Mobile => c.mobile.clone(),
        K::OfficePhone => c.office_phone.clone(),
        K::Email => c.email.clone(),
        K::Qq => c.qq.clone(),
        K::FullTime => yes_no(f.full_time),
        K::ServiceStartDate => f.service_start_date.clone(),
        K::Position => label(&f.position),
        K::District => label(&f.district),
        K::Employer => f.employer.clone(),
        K::Title if f.title.is_empty() => String::new(),
        K::Title => label(&f.title),
        K::TitleCertNo => f.title_cert_no.clone(),
        K::TitleDate => f.title_date.clone(),
        K::TitleScores => codes
            .subjects(&f.title)
            .iter()
            .map(|s| format!("{}：{}", s.label, f.title_scores.get(&s.subject).cloned().unwrap_or_default()))
            .collect::<Vec<_>>()
            .join("；"),
        K::Fields => f.fields.iter().map(|c| label(c)).collect::<Vec<_>>().join("、"),
        K::Experience => f.experience.clone(),
    }
}
