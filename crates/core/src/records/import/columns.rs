//! The import's columns: a field of the record each (the catalogue's standalone names, in its
//! order) but the photo, which comes from a ZIP, with a score column per exam subject in place of
//! 考试成绩, then the registration's three. The template writes them and the import finds them by
//! their header, with or without the required mark.

use crate::registration::codes::CodeTables;
use crate::registration::record::fields::{FieldKey, FieldKind, Required, RECORD_FIELDS};

/// What a column fills.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Slot {
    Field(FieldKey),
    /// The score of one exam subject, by its code.
    Score(String),
    RegistrationNo,
    ValidFrom,
    ValidUntil,
}

#[derive(Debug, Clone)]
pub(super) struct Column {
    /// The header without the required mark.
    pub header: String,
    pub slot: Slot,
    /// 提交审核 needs it (a score and the title's columns only with a title).
    pub required: bool,
    pub width: f64,
}

/// The mark before a required column's header.
pub(super) const REQUIRED_MARK: char = '*';
/// Columns of an error report, ignored when the report comes back corrected.
pub(super) const LINE_HEADER: &str = "原行号";
pub(super) const ERRORS_HEADER: &str = "错误说明";
pub(super) const REGISTRATION_NO: &str = "登记证号";
pub(super) const VALID_FROM: &str = "有效期自";
pub(super) const VALID_UNTIL: &str = "有效期至";

impl Column {
    /// The header as the template writes it.
    pub fn marked(&self) -> String {
        if self.required { format!("{REQUIRED_MARK}{}", self.header) } else { self.header.clone() }
    }

    pub fn kind(&self) -> FieldKind {
        match &self.slot {
            Slot::Field(k) => k.spec().kind,
            Slot::Score(_) | Slot::RegistrationNo => FieldKind::Text,
            Slot::ValidFrom | Slot::ValidUntil => FieldKind::Date,
        }
    }
}

/// The columns in order; the scores' from the code tables.
pub(super) fn columns(codes: &CodeTables) -> Vec<Column> {
    let mut out = Vec::new();
    for spec in &RECORD_FIELDS {
        match spec.kind {
            FieldKind::Photo => {}
            FieldKind::Scores => {
                for title in &codes.title {
                    for s in &title.subjects {
                        out.push(Column {
                            header: format!("{}成绩", s.label),
                            slot: Slot::Score(s.subject.clone()),
                            required: false,
                            width: 16.0,
                        });
                    }
                }
            }
            _ => out.push(Column {
                header: spec.column.to_owned(),
                slot: Slot::Field(spec.key),
                required: spec.required == Required::Always,
                width: width(spec.kind, spec.max_length),
            }),
        }
    }
    for (header, slot, width) in
        [(REGISTRATION_NO, Slot::RegistrationNo, 16.0), (VALID_FROM, Slot::ValidFrom, 12.0), (VALID_UNTIL, Slot::ValidUntil, 12.0)]
    {
        out.push(Column { header: header.to_owned(), slot, required: false, width });
    }
    out
}

fn width(kind: FieldKind, max: Option<usize>) -> f64 {
    match kind {
        FieldKind::Date => 12.0,
        FieldKind::Code | FieldKind::Bool => 12.0,
        FieldKind::Codes => 20.0,
        FieldKind::Multiline => 40.0,
        _ => match max {
            Some(m) if m > 50 => 30.0,
            _ => 20.0,
        },
    }
}

/// Which column a header names: the template's header, with or without its mark, or the
/// field's label where it differs from the standalone name (是否专职从事社会工作服务).
pub(super) fn find<'a>(cols: &'a [Column], header: &str) -> Option<&'a Column> {
    let h = header.trim().trim_start_matches([REQUIRED_MARK, '＊']).trim();
    cols.iter().find(|c| {
        c.header == h
            || match &c.slot {
                Slot::Field(k) => k.label() == h,
                _ => false,
            }
    })
}

/// The column an error of the record's check is about: by its key (`idNumber`,
/// `titleScores.zh1`).
pub(super) fn of_error<'a>(cols: &'a [Column], field: &str) -> Option<&'a Column> {
    if let Some(subject) = field.strip_prefix("titleScores.") {
        return cols.iter().find(|c| c.slot == Slot::Score(subject.to_owned()));
    }
    cols.iter().find(|c| matches!(&c.slot, Slot::Field(k) if k.as_str() == field))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_but_the_photo_has_a_column_and_headers_are_unique() {
        let cols = columns(&CodeTables::default());
        for spec in &RECORD_FIELDS {
            let has = cols.iter().any(|c| c.slot == Slot::Field(spec.key));
            assert_eq!(has, !matches!(spec.kind, FieldKind::Photo | FieldKind::Scores), "{:?}", spec.key);
        }
        let mut headers: Vec<&str> = cols.iter().map(|c| c.header.as_str()).collect();
        headers.sort();
        headers.dedup();
        assert_eq!(headers.len(), cols.len());
        assert_eq!(find(&cols, "*姓名").map(|c| &c.slot), Some(&Slot::Field(FieldKey::Name)));
        assert_eq!(find(&cols, "是否专职从事社会工作服务").map(|c| &c.slot), Some(&Slot::Field(FieldKey::FullTime)));
        assert!(find(&cols, "备注").is_none());
    }
}
