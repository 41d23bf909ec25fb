//! The export's columns: one a field of the record (the catalogue's labels, in its order), the
//! coded fields' national codes beside them on request, and how each cell of a row is made.

use super::form::{Form, Str};
use crate::records::roster::{RosterQuery, RosterStatus, NO_TITLE};
use crate::registration::codes::{self, CodeTables, Kind as CodeKind};
use crate::registration::record::fields::{FieldKey, FieldKey as K};
use crate::validate;
use std::borrow::Cow;

/// How a value is written; borrowed from the record's JSON or the code tables where it can be.
pub(super) enum Cell<'a> {
    /// A string that must stay text (ID numbers, phones, codes).
    Text(Cow<'a, str>),
    /// Ordinary text.
    Plain(Cow<'a, str>),
    /// `YYYY-MM-DD`: a date cell in XLSX.
    Date(Cow<'a, str>),
}

impl Cell<'_> {
    pub(super) fn kind(&self) -> CellKind {
        match self {
            Cell::Text(_) => CellKind::Text,
            Cell::Plain(_) => CellKind::Plain,
            Cell::Date(_) => CellKind::Date,
        }
    }

    pub(super) fn text(&self) -> &str {
        match self {
            Cell::Text(s) | Cell::Plain(s) | Cell::Date(s) => s,
        }
    }
}

/// A [`Cell`]'s kind without its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CellKind {
    Text,
    Plain,
    Date,
}

/// One exported record: its JSON read in place and the columns beside it (empty when NULL).
pub(super) struct Row<'a> {
    pub(super) form: &'a Form<'a>,
    pub(super) status: RosterStatus,
    pub(super) registration_no: &'a str,
    pub(super) valid_from: &'a str,
    pub(super) valid_until: &'a str,
    pub(super) card_no: &'a str,
}

/// How a column makes its cell from a row.
type Value = for<'a> fn(&Row<'a>, &Ctx<'a>) -> Cell<'a>;

pub(super) struct Column {
    header: &'static str,
    /// Width in characters.
    width: f64,
    value: Value,
    /// The code column beside a coded field: its header and kind.
    code: Option<(&'static str, CodeKind)>,
}

pub(super) struct Ctx<'a> {
    pub(super) codes: &'a CodeTables,
    pub(super) masked: bool,
}

impl<'a> Ctx<'a> {
    /// A coded field as its label (the code itself when the table lacks it), as the record's
    /// detail shows it.
    fn label(&self, kind: CodeKind, v: &'a Str<'a>) -> Cow<'a, str> {
        Cow::Borrowed(codes::label(self.codes, kind, v.as_str()).unwrap_or(v.as_str()))
    }
}

fn yes_no(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "是",
        Some(false) => "否",
        None => "",
    }
}

/// The exported columns, in order.
pub(super) fn columns() -> Vec<Column> {
    fn col(header: &'static str, width: f64, value: Value) -> Column {
        Column { header, width, value, code: None }
    }
    /// A field of the record under its standalone name, a coded one with its code column.
    fn field(key: FieldKey, width: f64, value: Value) -> Column {
        let code = key.spec().code.map(|kind| (kind.code_column(), kind));
        Column { header: key.column(), width, value, code }
    }
    vec![
        field(K::Name, 12.0, |r, _| Cell::Plain(r.form.name.cow())),
        field(K::Sex, 6.0, |r, c| Cell::Plain(c.label(CodeKind::Sex, &r.form.sex))),
        field(K::IdNumber, 21.0, |r, c| {
            let v = &r.form.id_number;
            Cell::Text(if c.masked { Cow::Owned(validate::mask_id_number(v.as_str())) } else { v.cow() })
        }),
        field(K::BirthDate, 12.0, |r, _| Cell::Date(r.form.birth_date.cow())),
        field(K::Ethnicity, 8.0, |r, c| Cell::Plain(c.label(CodeKind::Ethnicity, &r.form.ethnicity))),
        field(K::XiamenHukou, 9.0, |r, _| Cell::Plain(yes_no(r.form.xiamen_hukou).into())),
        field(K::NativePlace, 12.0, |r, _| Cell::Plain(r.form.native_place.cow())),
        field(K::Marital, 9.0, |r, c| Cell::Plain(c.label(CodeKind::Marital, &r.form.marital))),
        field(K::Political, 12.0, |r, c| Cell::Plain(c.label(CodeKind::Political, &r.form.political))),
        field(K::Education, 11.0, |r, c| Cell::Plain(c.label(CodeKind::Education, &r.form.education))),
        field(K::School, 18.0, |r, _| Cell::Plain(r.form.school.cow())),
        field(K::Major, 14.0, |r, _| Cell::Plain(r.form.major.cow())),
        field(K::GraduationDate, 12.0, |r, _| Cell::Date(r.form.graduation_date.cow())),
        field(K::WorkStartDate, 13.0, |r, _| Cell::Date(r.form.work_start_date.cow())),
        field(K::Address, 30.0, |r, _| Cell::Plain(r.form.contact.address.cow())),
        field(K::Postcode, 8.0, |r, _| Cell::Text(r.form.contact.postcode.cow())),
        field(K::Mobile, 14.0, |r, c| {
            let v = &r.form.contact.mobile;
            Cell::Text(if c.masked { Cow::Owned(validate::mask_phone(v.as_str())) } else { v.cow() })
        }),
        field(K::OfficePhone, 15.0, |r, _| Cell::Text(r.form.contact.office_phone.cow())),
        field(K::Email, 24.0, |r, _| Cell::Plain(r.form.contact.email.cow())),
        field(K::Qq, 12.0, |r, _| Cell::Text(r.form.contact.qq.cow())),
        field(K::FullTime, 9.0, |r, _| Cell::Plain(yes_no(r.form.full_time).into())),
        field(K::ServiceStartDate, 13.0, |r, _| Cell::Date(r.form.service_start_date.cow())),
        field(K::Position, 10.0, |r, c| Cell::Plain(c.label(CodeKind::Position, &r.form.position))),
        field(K::District, 9.0, |r, c| Cell::Plain(c.label(CodeKind::District, &r.form.district))),
        field(K::Employer, 34.0, |r, _| Cell::Plain(r.form.employer.cow())),
        field(K::Title, 15.0, |r, c| {
            let t = &r.form.title;
            Cell::Plain(if t.as_str().is_empty() { Cow::Borrowed("") } else { c.label(CodeKind::Title, t) })
        }),
        field(K::TitleCertNo, 18.0, |r, _| Cell::Text(r.form.title_cert_no.cow())),
        field(K::TitleDate, 13.0, |r, _| Cell::Date(r.form.title_date.cow())),
        field(K::Fields, 20.0, |r, c| {
            let labels: Vec<Cow<str>> = r.form.fields.iter().map(|f| c.label(CodeKind::Field, f)).collect();
            Cell::Plain(Cow::Owned(labels.join("、")))
        }),
        col("登记状态", 9.0, |r, _| Cell::Plain(r.status.label().into())),
        col("登记证号", 17.0, |r, _| Cell::Text(r.registration_no.into())),
        col("有效期起", 12.0, |r, _| Cell::Date(r.valid_from.into())),
        col("有效期至", 12.0, |r, _| Cell::Date(r.valid_until.into())),
        col("社工卡号", 14.0, |r, _| Cell::Text(r.card_no.into())),
    ]
}

/// The raw code of a coded column (fields joined with commas).
fn code_of<'a>(kind: CodeKind, f: &'a Form<'a>) -> Cow<'a, str> {
    match kind {
        CodeKind::Sex => f.sex.cow(),
        CodeKind::Ethnicity => f.ethnicity.cow(),
        CodeKind::Marital => f.marital.cow(),
        CodeKind::Political => f.political.cow(),
        CodeKind::Education => f.education.cow(),
        CodeKind::Position => f.position.cow(),
        CodeKind::District => f.district.cow(),
        CodeKind::Title => f.title.cow(),
        CodeKind::Field => Cow::Owned(f.fields.iter().map(Str::as_str).collect::<Vec<_>>().join(",")),
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

/// The cells of one record, in header order, each handed to `out`.
pub(super) fn cells<'a, E>(
    cols: &[Column],
    row: &Row<'a>,
    ctx: &Ctx<'a>,
    with_codes: bool,
    mut out: impl FnMut(Cell<'a>) -> Result<(), E>,
) -> Result<(), E> {
    for c in cols {
        out((c.value)(row, ctx))?;
        if let (true, Some((_, kind))) = (with_codes, c.code) {
            out(Cell::Text(code_of(kind, row.form)))?;
        }
    }
    Ok(())
}

/// Rows of cells in one buffer, handed from the reader to the XLSX writer a batch at a time
/// (one allocation a batch rather than one a cell).
#[derive(Default)]
pub(super) struct Rows {
    text: String,
    /// Each cell's kind and end in `text` (it starts where the one before ends).
    cells: Vec<(CellKind, usize)>,
    /// Each row's end in `cells`.
    rows: Vec<usize>,
}

impl Rows {
    pub(super) fn push(&mut self, cell: Cell) {
        self.text.push_str(cell.text());
        self.cells.push((cell.kind(), self.text.len()));
    }

    pub(super) fn end_row(&mut self) {
        self.rows.push(self.cells.len());
    }

    pub(super) fn len(&self) -> usize {
        self.rows.len()
    }

    /// Each row's cells as (kind, text), in order.
    pub(super) fn each(&self) -> impl Iterator<Item = impl Iterator<Item = (CellKind, &str)> + '_> + '_ {
        let mut first = 0;
        self.rows.iter().map(move |&end| {
            let row = &self.cells[first..end];
            let from = if first == 0 { 0 } else { self.cells[first - 1].1 };
            first = end;
            let mut at = from;
            row.iter().map(move |&(kind, to)| {
                let s = &self.text[at..to];
                at = to;
                (kind, s)
            })
        })
    }
}

/// The filter in words, for the file's note sheet and the audit log.
pub(crate) fn describe_query(q: &RosterQuery, codes: &CodeTables) -> String {
    let mut parts = Vec::new();
    let label = |kind, v: &str| codes::label(codes, kind, v).unwrap_or(v).to_owned();
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
