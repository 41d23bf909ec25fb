//! The export's columns: one a field of the record (the catalogue's labels, in its order), the
//! coded fields' national codes beside them on request, and how each cell of a row is made.

use crate::records::roster::{RosterQuery, RosterStatus, NO_TITLE};
use crate::registration::codes::{self, CodeTables, Kind as CodeKind};
use crate::registration::record::diff::shown;
use crate::registration::record::fields::{FieldKey, FieldKey as K};
use crate::registration::record::RecordForm;
use crate::validate;

/// How a value is written.
pub(super) enum Cell {
    /// A string that must stay text (ID numbers, phones, codes).
    Text(String),
    /// Ordinary text.
    Plain(String),
    /// `YYYY-MM-DD`: a date cell in XLSX.
    Date(String),
}

/// One exported record.
pub(super) struct Row<'a> {
    pub(super) form: &'a RecordForm,
    pub(super) status: RosterStatus,
    pub(super) registration_no: Option<String>,
    pub(super) valid_from: Option<String>,
    pub(super) valid_until: Option<String>,
    pub(super) card_no: Option<String>,
}

pub(super) struct Column {
    header: &'static str,
    /// Width in characters.
    width: f64,
    value: fn(&Row, &Ctx) -> Cell,
    /// The code column beside a coded field: its header and kind.
    code: Option<(&'static str, CodeKind)>,
}

pub(super) struct Ctx<'a> {
    pub(super) codes: &'a CodeTables,
    pub(super) masked: bool,
}

fn yes_no(v: Option<bool>) -> String {
    match v {
        Some(true) => "是".into(),
        Some(false) => "否".into(),
        None => String::new(),
    }
}

fn plain(s: &str) -> Cell {
    Cell::Plain(s.to_owned())
}

fn date(s: &str) -> Cell {
    Cell::Date(s.to_owned())
}

/// The exported columns, in order.
pub(super) fn columns() -> Vec<Column> {
    fn col(header: &'static str, width: f64, value: fn(&Row, &Ctx) -> Cell) -> Column {
        Column { header, width, value, code: None }
    }
    /// A field of the record under its standalone name, a coded one with its code column.
    fn field(key: FieldKey, width: f64, value: fn(&Row, &Ctx) -> Cell) -> Column {
        let code = key.spec().code.map(|kind| (kind.code_column(), kind));
        Column { header: key.column(), width, value, code }
    }
    vec![
        field(K::Name, 12.0, |r, _| plain(&r.form.name)),
        field(K::Sex, 6.0, |r, c| Cell::Plain(shown(r.form, K::Sex, c.codes))),
        field(K::IdNumber, 21.0, |r, c| {
            Cell::Text(if c.masked { validate::mask_id_number(&r.form.id_number) } else { r.form.id_number.clone() })
        }),
        field(K::BirthDate, 12.0, |r, _| date(&r.form.birth_date)),
        field(K::Ethnicity, 8.0, |r, c| Cell::Plain(shown(r.form, K::Ethnicity, c.codes))),
        field(K::XiamenHukou, 9.0, |r, _| Cell::Plain(yes_no(r.form.xiamen_hukou))),
        field(K::NativePlace, 12.0, |r, _| plain(&r.form.native_place)),
        field(K::Marital, 9.0, |r, c| Cell::Plain(shown(r.form, K::Marital, c.codes))),
        field(K::Political, 12.0, |r, c| Cell::Plain(shown(r.form, K::Political, c.codes))),
        field(K::Education, 11.0, |r, c| Cell::Plain(shown(r.form, K::Education, c.codes))),
        field(K::School, 18.0, |r, _| plain(&r.form.school)),
        field(K::Major, 14.0, |r, _| plain(&r.form.major)),
        field(K::GraduationDate, 12.0, |r, _| date(&r.form.graduation_date)),
        field(K::WorkStartDate, 13.0, |r, _| date(&r.form.work_start_date)),
        field(K::Address, 30.0, |r, _| plain(&r.form.contact.address)),
        field(K::Postcode, 8.0, |r, _| Cell::Text(r.form.contact.postcode.clone())),
        field(K::Mobile, 14.0, |r, c| {
            Cell::Text(if c.masked { validate::mask_phone(&r.form.contact.mobile) } else { r.form.contact.mobile.clone() })
        }),
        field(K::OfficePhone, 15.0, |r, _| Cell::Text(r.form.contact.office_phone.clone())),
        field(K::Email, 24.0, |r, _| plain(&r.form.contact.email)),
        field(K::Qq, 12.0, |r, _| Cell::Text(r.form.contact.qq.clone())),
        field(K::FullTime, 9.0, |r, _| Cell::Plain(yes_no(r.form.full_time))),
        field(K::ServiceStartDate, 13.0, |r, _| date(&r.form.service_start_date)),
        field(K::Position, 10.0, |r, c| Cell::Plain(shown(r.form, K::Position, c.codes))),
        field(K::District, 9.0, |r, c| Cell::Plain(shown(r.form, K::District, c.codes))),
        field(K::Employer, 34.0, |r, _| plain(&r.form.employer)),
        field(K::Title, 15.0, |r, c| Cell::Plain(shown(r.form, K::Title, c.codes))),
        field(K::TitleCertNo, 18.0, |r, _| Cell::Text(r.form.title_cert_no.clone())),
        field(K::TitleDate, 13.0, |r, _| date(&r.form.title_date)),
        field(K::Fields, 20.0, |r, c| Cell::Plain(shown(r.form, K::Fields, c.codes))),
        col("登记状态", 9.0, |r, _| plain(r.status.label())),
        col("登记证号", 17.0, |r, _| Cell::Text(r.registration_no.clone().unwrap_or_default())),
        col("有效期起", 12.0, |r, _| date(r.valid_from.as_deref().unwrap_or(""))),
        col("有效期至", 12.0, |r, _| date(r.valid_until.as_deref().unwrap_or(""))),
        col("社工卡号", 14.0, |r, _| Cell::Text(r.card_no.clone().unwrap_or_default())),
    ]
}

/// The raw code of a coded column (fields joined with commas).
fn code_of(kind: CodeKind, f: &RecordForm) -> String {
    match kind {
        CodeKind::Sex => f.sex.clone(),
        CodeKind::Ethnicity => f.ethnicity.clone(),
        CodeKind::Marital => f.marital.clone(),
        CodeKind::Political => f.political.clone(),
        CodeKind::Education => f.education.clone(),
        CodeKind::Position => f.position.clone(),
        CodeKind::District => f.district.clone(),
        CodeKind::Title => f.title.clone(),
        CodeKind::Field => f.fields.join(","),
    }
}

/// The header row: each coded column followed by its code column when asked.
pub(super) fn headers(cols: &[Column], with_codes: bool) -> Vec<(&'static str, f64, bool)> {
    let mut out = Vec::new();
    for c in cols {
        out.push((c.header, c.width, false));
        if let (true, Some((h, _))) = (with_codes, c.code) {
            out.push((h, (h.chars().count() as f64 * 2.0).max(8.0), true));
        }
    }
    out
}

/// The cells of one record, in header order.
pub(super) fn cells(cols: &[Column], row: &Row, ctx: &Ctx, with_codes: bool, out: &mut Vec<Cell>) {
    out.clear();
    for c in cols {
        out.push((c.value)(row, ctx));
        if let (true, Some((_, kind))) = (with_codes, c.code) {
            out.push(Cell::Text(code_of(kind, row.form)));
        }
    }
}

/// The filter in words, for the file's note sheet and the audit log.
pub(crate) fn describe_query(q: &RosterQuery, codes: &CodeTables) -> String {
    let mut parts = Vec::new();
    let label = |kind, v: &str| codes::label(codes, kind, v).map(str::to_owned).unwrap_or_else(|| v.to_owned());
    if let Some(s) = q.status {
        parts.push(format!("登记状态：{}", s.label()));
    }
    if !q.district.is_empty() {
        parts.push(format!("{}：{}", K::District.column(), label(CodeKind::District, &q.district)));
    }
    match q.title.as_str() {
        "" => {}
        NO_TITLE => parts.push(format!("{}：无", K::Title.column())),
        t => parts.push(format!("{}：{}", K::Title.column(), label(CodeKind::Title, t))),
    }
    if !q.field.is_empty() {
        parts.push(format!("{}：{}", K::Fields.column(), label(CodeKind::Field, &q.field)));
    }
    if let Some(v) = q.full_time {
        parts.push(format!("{}：{}", K::FullTime.column(), yes_no(Some(v))));
    }
    if let Some(v) = q.xiamen_hukou {
        parts.push(format!("{}：{}", K::XiamenHukou.column(), yes_no(Some(v))));
    }
    if !q.valid_from.is_empty() || !q.valid_to.is_empty() {
        parts.push(format!("有效期至：{} 至 {}", q.valid_from, q.valid_to));
    }
    if !q.search.trim().is_empty() {
        parts.push(format!("检索：{}", q.search.trim()));
    }
    if parts.is_empty() { "全部记录".into() } else { parts.join("；") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registration::record::fields::RECORD_FIELDS;

    #[test]
    fn every_coded_column_has_a_code_column() {
        let cols = columns();
        let plain = headers(&cols, false);
        let coded = headers(&cols, true);
        assert_eq!(coded.len() - plain.len(), 9);
        assert!(coded.iter().any(|h| h.0 == "行政区划代码"));
        let mut names: Vec<_> = coded.iter().map(|h| h.0).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), coded.len(), "headers are unique");
    }

    #[test]
    fn every_field_of_the_record_is_a_column_but_the_photo_the_scores_and_the_experience() {
        let left_out = [K::Photo, K::TitleScores, K::Experience];
        let expected: Vec<&str> =
            RECORD_FIELDS.iter().filter(|s| !left_out.contains(&s.key)).map(|s| s.column).collect();
        let headers: Vec<&str> = columns().iter().map(|c| c.header).take(expected.len()).collect();
        assert_eq!(headers, expected, "the export's columns follow the catalogue");
    }
}
