//! The catalogue of the record's fields: one row per field of the 社工信息登记表 with its key, its
//! label, its section, what kind of value it holds, its code table, whether 提交审核 needs it and
//! its length cap. Validation, the reviewer's comparison, the export, the printed form and (through
//! the generated bindings) the UI's form, rules and 操作日志 read their names and rules here, so a
//! field is named once.

use crate::registration::codes::Kind as CodeKind;
use serde::Serialize;
use ts_rs::TS;

/// A field of the record, by the camelCase key its errors and changes are reported under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "RecordFieldKey")]
pub enum FieldKey {
    Name,
    Sex,
    IdNumber,
    BirthDate,
    Ethnicity,
    XiamenHukou,
    NativePlace,
    Marital,
    Political,
    Education,
    School,
    Major,
    GraduationDate,
    WorkStartDate,
    Photo,
    Address,
    Postcode,
    Mobile,
    OfficePhone,
    Email,
    Qq,
    FullTime,
    ServiceStartDate,
    Position,
    District,
    Employer,
    Title,
    TitleCertNo,
    TitleDate,
    TitleScores,
    Fields,
    Experience,
}

/// The form's three parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "RecordSection")]
pub enum Section {
    /// 基本信息
    Basic,
    /// 通讯信息: what a worker may change at any time without review.
    Contact,
    /// 执业信息
    Practice,
}

impl Section {
    pub const ALL: [Section; 3] = [Section::Basic, Section::Contact, Section::Practice];

    pub fn label(self) -> &'static str {
        match self {
            Section::Basic => "基本信息",
            Section::Contact => "通讯信息",
            Section::Practice => "执业信息",
        }
    }
}

/// What a field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "RecordFieldKind")]
pub enum FieldKind {
    /// One line of text.
    Text,
    /// Text that keeps its line breaks.
    Multiline,
    /// `YYYY-MM-DD`, not later than today.
    Date,
    /// One code of `code`'s table.
    Code,
    /// 是 / 否, unanswered until chosen.
    Bool,
    /// Any number of codes of `code`'s table.
    Codes,
    /// The id of an uploaded photo.
    Photo,
    /// A score per exam subject of the chosen title.
    Scores,
}

/// Whether 提交审核 needs the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(rename = "RecordFieldRequired")]
pub enum Required {
    Always,
    Never,
    /// Needed once a 职称 is chosen, cleared without one.
    WithTitle,
}

/// One row of the catalogue.
#[derive(Debug, Clone, Copy, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldSpec {
    pub key: FieldKey,
    /// Where the value sits in the form's JSON (`contact.address`, `photoId`).
    pub path: &'static str,
    pub label: &'static str,
    /// The name standing alone, as a table's column or a filter, where the form's layout does not
    /// say what it belongs to (是否专职 for 是否专职从事社会工作服务, 职称证书编号 for 证书编号).
    pub column: &'static str,
    pub section: Section,
    pub kind: FieldKind,
    pub code: Option<CodeKind>,
    pub required: Required,
    /// Cap in characters; for `scores` the cap of each score.
    pub max_length: Option<usize>,
    /// What a missing value is asked for as, when not the label (请选择是否厦门户籍).
    #[serde(skip)]
    pub ask: Option<&'static str>,
}

impl FieldSpec {
    /// The error 提交审核 reports when the field is empty; none for a field that may stay empty,
    /// and for the scores, whose message names each subject.
    pub fn missing(&self) -> Option<String> {
        let what = self.ask.unwrap_or(self.label);
        match (self.required, self.kind) {
            (Required::Never, _) | (_, FieldKind::Scores) => None,
            (Required::WithTitle, _) => Some(format!("选择{}后须填写{what}", FieldKey::Title.label())),
            (Required::Always, FieldKind::Text | FieldKind::Multiline) => Some(format!("请填写{what}")),
            (Required::Always, FieldKind::Date | FieldKind::Code | FieldKind::Bool) => Some(format!("请选择{what}")),
            (Required::Always, FieldKind::Codes) => Some(format!("请至少选择一个{what}")),
            (Required::Always, FieldKind::Photo) => Some(format!("请上传{what}")),
        }
    }
}

/// Length caps, in characters.
pub const MAX_SHORT: usize = 50;
pub const MAX_LONG: usize = 100;
pub const MAX_EXPERIENCE: usize = 2000;
/// Codes and dates: what a stored value can be at most, the cap a draft keeps.
pub const MAX_CODE: usize = 10;

const fn spec(
    key: FieldKey,
    path: &'static str,
    label: &'static str,
    section: Section,
    kind: FieldKind,
    required: Required,
    max_length: Option<usize>,
) -> FieldSpec {
    FieldSpec { key, path, label, column: label, section, kind, code: None, required, max_length, ask: None }
}

const fn text(key: FieldKey, path: &'static str, label: &'static str, section: Section, required: Required, max: usize) -> FieldSpec {
    spec(key, path, label, section, FieldKind::Text, required, Some(max))
}

const fn date(key: FieldKey, path: &'static str, label: &'static str, section: Section, required: Required) -> FieldSpec {
    spec(key, path, label, section, FieldKind::Date, required, Some(MAX_CODE))
}

const fn code(key: FieldKey, path: &'static str, label: &'static str, section: Section, table: CodeKind, required: Required) -> FieldSpec {
    let mut s = spec(key, path, label, section, FieldKind::Code, required, Some(MAX_CODE));
    s.code = Some(table);
    s
}

const fn yes_no(key: FieldKey, path: &'static str, label: &'static str, section: Section) -> FieldSpec {
    spec(key, path, label, section, FieldKind::Bool, Required::Always, None)
}

const fn column(mut s: FieldSpec, column: &'static str) -> FieldSpec {
    s.column = column;
    s
}

use FieldKey as K;
use Required::{Always, Never, WithTitle};
use Section::{Basic, Contact, Practice};

/// Every field, in the form's order (and `FieldKey`'s).
pub static RECORD_FIELDS: [FieldSpec; 32] = [
    text(K::Name, "name", "姓名", Basic, Always, MAX_SHORT),
    code(K::Sex, "sex", "性别", Basic, CodeKind::Sex, Always),
    // Room for the spaces people type between the digits; the check leaves 18 characters.
    text(K::IdNumber, "idNumber", "身份证号码", Basic, Always, 30),
    date(K::BirthDate, "birthDate", "出生日期", Basic, Always),
    code(K::Ethnicity, "ethnicity", "民族", Basic, CodeKind::Ethnicity, Always),
    FieldSpec { ask: Some("是否厦门户籍"), ..yes_no(K::XiamenHukou, "xiamenHukou", "是否厦户", Basic) },
    text(K::NativePlace, "nativePlace", "籍贯", Basic, Always, MAX_SHORT),
    code(K::Marital, "marital", "婚姻状态", Basic, CodeKind::Marital, Never),
    code(K::Political, "political", "政治面貌", Basic, CodeKind::Political, Always),
    code(K::Education, "education", "学历程度", Basic, CodeKind::Education, Always),
    text(K::School, "school", "毕业院校", Basic, Always, MAX_SHORT),
    text(K::Major, "major", "所学专业", Basic, Always, MAX_SHORT),
    date(K::GraduationDate, "graduationDate", "毕业时间", Basic, Always),
    date(K::WorkStartDate, "workStartDate", "参加工作时间", Basic, Always),
    spec(K::Photo, "photoId", "个人照片", Basic, FieldKind::Photo, Always, None),
    text(K::Address, "contact.address", "通讯地址", Contact, Always, MAX_LONG),
    text(K::Postcode, "contact.postcode", "邮编", Contact, Always, 10),
    text(K::Mobile, "contact.mobile", "手机号码", Contact, Always, 20),
    text(K::OfficePhone, "contact.officePhone", "办公电话", Contact, Never, 30),
    // RFC 5321's limit of a forward path.
    text(K::Email, "contact.email", "电子邮箱", Contact, Always, 254),
    text(K::Qq, "contact.qq", "QQ", Contact, Never, 15),
    column(yes_no(K::FullTime, "fullTime", "是否专职从事社会工作服务", Practice), "是否专职"),
    date(K::ServiceStartDate, "serviceStartDate", "从事社会工作服务时间", Practice, Always),
    code(K::Position, "position", "职务", Practice, CodeKind::Position, Always),
    code(K::District, "district", "所在区", Practice, CodeKind::District, Always),
    text(K::Employer, "employer", "目前所在单位", Practice, Always, MAX_LONG),
    code(K::Title, "title", "职称", Practice, CodeKind::Title, Never),
    column(text(K::TitleCertNo, "titleCertNo", "证书编号", Practice, WithTitle, 30), "职称证书编号"),
    column(date(K::TitleDate, "titleDate", "取得时间", Practice, WithTitle), "职称取得时间"),
    spec(K::TitleScores, "titleScores", "考试成绩", Practice, FieldKind::Scores, WithTitle, Some(MAX_CODE)),
    FieldSpec { code: Some(CodeKind::Field), ..spec(K::Fields, "fields", "执业领域", Practice, FieldKind::Codes, Always, None) },
    spec(K::Experience, "experience", "从业经历与业绩", Practice, FieldKind::Multiline, Always, Some(MAX_EXPERIENCE)),
];

impl FieldKey {
    pub fn spec(self) -> &'static FieldSpec {
        // The table is in the enum's order; a test holds it there.
        &RECORD_FIELDS[self as usize]
    }

    pub fn label(self) -> &'static str {
        self.spec().label
    }

    /// The key errors and changes are reported under.
    pub fn as_str(self) -> &'static str {
        let path = self.spec().path;
        match self {
            K::Photo => "photo",
            _ => path.strip_prefix("contact.").unwrap_or(path),
        }
    }

    /// The name standing alone (a column header, a filter).
    pub fn column(self) -> &'static str {
        self.spec().column
    }

    /// The error key of one exam subject's score.
    pub fn score_key(subject: &str) -> String {
        format!("{}.{subject}", K::TitleScores.as_str())
    }
}

/// The catalogue as TypeScript constants, for the generated bindings: the sections in order and
/// every field with its rules, the error message of a missing value included.
pub fn typescript() -> String {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Entry {
        #[serde(flatten)]
        spec: FieldSpec,
        missing: Option<String>,
    }
    #[derive(Serialize)]
    struct SectionEntry {
        key: Section,
        label: &'static str,
    }
    let sections: Vec<SectionEntry> = Section::ALL.iter().map(|&s| SectionEntry { key: s, label: s.label() }).collect();
    let fields: Vec<Entry> = RECORD_FIELDS.iter().map(|s| Entry { spec: *s, missing: s.missing() }).collect();
    // One entry a line, so that a change to a field is one changed line of the bindings.
    fn json<T: Serialize>(items: &[T]) -> String {
        let lines: Vec<String> =
            items.iter().map(|v| format!("  {},\n", serde_json::to_string(v).expect("the catalogue serializes"))).collect();
        format!("[\n{}]", lines.concat())
    }
    format!(
        "/** The record's sections, in order. */\nexport const RECORD_SECTIONS = {} as const\n\n\
         /** The catalogue of the record's fields, in the form's order (the core's field catalogue). */\n\
         export const RECORD_FIELDS = {} as const\n",
        json(&sections),
        json(&fields),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registration::codes::{CodeTables, Title, TitleSubject};
    use crate::registration::record::{check_submit, diff, RecordForm};
    use serde_json::Value;
    use std::collections::BTreeSet;

    /// Every leaf of a JSON object as a dotted path.
    fn paths(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
        for (k, v) in v.as_object().expect("an object") {
            let path = format!("{prefix}{k}");
            match v {
                Value::Object(_) if k == "contact" => paths(v, &format!("{path}."), out),
                _ => {
                    out.insert(path);
                }
            }
        }
    }

    #[test]
    fn every_key_of_the_form_has_a_row_and_every_row_a_key() {
        let mut form = BTreeSet::new();
        paths(&serde_json::to_value(RecordForm::default()).unwrap(), "", &mut form);
        let catalogue: BTreeSet<String> = RECORD_FIELDS.iter().map(|s| s.path.to_owned()).collect();
        assert_eq!(form, catalogue);
    }

    fn with_title() -> CodeTables {
        let subject = TitleSubject { subject: "a".into(), label: "实务".into() };
        let title = |code: &str| Title { code: code.into(), label: format!("职称{code}"), subjects: vec![subject.clone()] };
        CodeTables { title: vec![title("1"), title("2")], ..Default::default() }
    }

    /// The form with the field at `path` set to a value of its kind that no empty form holds.
    fn set(form: &RecordForm, spec: &FieldSpec) -> RecordForm {
        let value = match spec.kind {
            FieldKind::Text | FieldKind::Multiline => Value::from("甲"),
            FieldKind::Date => Value::from("2000-01-01"),
            FieldKind::Code => Value::from("2"),
            FieldKind::Bool => Value::from(true),
            FieldKind::Codes => serde_json::json!(["01"]),
            FieldKind::Photo => Value::from(7),
            FieldKind::Scores => serde_json::json!({ "a": "60" }),
        };
        let mut json = serde_json::to_value(form).unwrap();
        let slot = spec.path.split('.').fold(&mut json, |v, k| &mut v[k]);
        *slot = value;
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn the_comparison_names_each_field_by_its_own_value() {
        let codes = with_title();
        let base = RecordForm { title: "1".into(), ..Default::default() };
        for spec in &RECORD_FIELDS {
            let changes = diff::diff(&base, &set(&base, spec), &codes);
            let named: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
            assert_eq!(named, [spec.key.as_str()], "{:?}", spec.key);
            assert_eq!(changes[0].label, spec.label);
        }
    }

    #[test]
    fn submitting_an_empty_form_asks_for_exactly_the_needed_fields() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let asked = |form: &RecordForm, codes: &CodeTables| -> BTreeSet<(String, String)> {
            let errors = check_submit(form, codes, today).unwrap_err();
            errors.0.into_iter().map(|e| (e.field, e.message)).collect()
        };
        let needed = |r: Required| -> BTreeSet<(String, String)> {
            RECORD_FIELDS
                .iter()
                .filter(|s| s.required == r)
                .filter_map(|s| Some((s.key.as_str().to_owned(), s.missing()?)))
                .collect()
        };
        assert_eq!(asked(&RecordForm::default(), &CodeTables::default()), needed(Required::Always));

        let codes = with_title();
        let titled = RecordForm { title: "1".into(), ..Default::default() };
        let mut expected = needed(Required::Always);
        expected.extend(needed(Required::WithTitle));
        expected.insert((K::score_key("a"), "请填写实务成绩".into()));
        assert_eq!(asked(&titled, &codes), expected);
    }

    #[test]
    fn the_table_is_in_the_keys_order_and_each_key_is_its_name() {
        for (i, s) in RECORD_FIELDS.iter().enumerate() {
            assert_eq!(s.key as usize, i, "{:?} is out of place", s.key);
            let name = serde_json::to_value(s.key).unwrap();
            assert_eq!(name.as_str(), Some(s.key.as_str()));
        }
    }

    #[test]
    fn messages_of_missing_values() {
        assert_eq!(K::WorkStartDate.spec().missing().as_deref(), Some("请选择参加工作时间"));
        assert_eq!(K::Name.spec().missing().as_deref(), Some("请填写姓名"));
        assert_eq!(K::XiamenHukou.spec().missing().as_deref(), Some("请选择是否厦门户籍"));
        assert_eq!(K::TitleCertNo.spec().missing().as_deref(), Some("选择职称后须填写证书编号"));
        assert_eq!(K::Fields.spec().missing().as_deref(), Some("请至少选择一个执业领域"));
        assert_eq!(K::Photo.spec().missing().as_deref(), Some("请上传个人照片"));
        assert_eq!(K::Qq.spec().missing(), None);
        assert_eq!(K::TitleScores.spec().missing(), None);
    }
}
