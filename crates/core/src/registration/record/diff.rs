//! What an application changes: the record as (field, label, shown value) rows and the fields
//! whose shown value differs, as the reviewer's side-by-side view lists them.

use crate::registration::codes::{self, CodeTables, Kind as CodeKind};
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

/// The form as (field, label, shown value) rows, codes turned into labels.
pub fn describe(f: &RecordForm, codes: &CodeTables) -> Vec<(&'static str, &'static str, String)> {
    let label = |kind: CodeKind, v: &str| codes::label(codes, kind, v).map(str::to_owned).unwrap_or_else(|| v.to_owned());
    let yes_no = |v: Option<bool>| match v {
        Some(true) => "是".to_owned(),
        Some(false) => "否".to_owned(),
        None => String::new(),
    };
    let scores = codes
        .subjects(&f.title)
        .iter()
        .map(|s| format!("{}：{}", s.label, f.title_scores.get(&s.subject).cloned().unwrap_or_default()))
        .collect::<Vec<_>>()
        .join("；");
    let fields = f.fields.iter().map(|c| label(CodeKind::Field, c)).collect::<Vec<_>>().join("、");
    vec![
        ("name", "姓名", f.name.clone()),
        ("sex", "性别", label(CodeKind::Sex, &f.sex)),
        ("idNumber", "身份证号码", f.id_number.clone()),
        ("birthDate", "出生日期", f.birth_date.clone()),
        ("ethnicity", "民族", label(CodeKind::Ethnicity, &f.ethnicity)),
        ("xiamenHukou", "是否厦户", yes_no(f.xiamen_hukou)),
        ("nativePlace", "籍贯", f.native_place.clone()),
        ("marital", "婚姻状态", label(CodeKind::Marital, &f.marital)),
        ("political", "政治面貌", label(CodeKind::Political, &f.political)),
        ("education", "学历程度", label(CodeKind::Education, &f.education)),
        ("school", "毕业院校", f.school.clone()),
        ("major", "所学专业", f.major.clone()),
        ("graduationDate", "毕业时间", f.graduation_date.clone()),
        ("workStartDate", "参加工作时间", f.work_start_date.clone()),
        ("photo", "个人照片", f.photo_id.map(|p| format!("照片#{p}")).unwrap_or_default()),
        ("address", "通讯地址", f.contact.address.clone()),
        ("postcode", "邮编", f.contact.postcode.clone()),
        ("mobile", "手机号码", f.contact.mobile.clone()),
        ("officePhone", "办公电话", f.contact.office_phone.clone()),
        ("email", "电子邮箱", f.contact.email.clone()),
        ("qq", "QQ", f.contact.qq.clone()),
        ("fullTime", "是否专职从事社会工作服务", yes_no(f.full_time)),
        ("serviceStartDate", "从事社会工作服务时间", f.service_start_date.clone()),
        ("position", "职务", label(CodeKind::Position, &f.position)),
        ("district", "所在区", label(CodeKind::District, &f.district)),
        ("employer", "目前所在单位", f.employer.clone()),
        ("title", "职称", if f.title.is_empty() { String::new() } else { label(CodeKind::Title, &f.title) }),
        ("titleCertNo", "证书编号", f.title_cert_no.clone()),
        ("titleDate", "取得时间", f.title_date.clone()),
        ("titleScores", "考试成绩", scores),
        ("fields", "执业领域", fields),
        ("experience", "从业经历与业绩", f.experience.clone()),
    ]
}
