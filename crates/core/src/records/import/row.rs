//! One row of the file made into a record: each cell read for its column's kind (codes by label
//! or code, dates in the usual spellings, 是/否), then the same checks a submission gets
//! (`record::check_submit`), every error named by its column.

use super::columns::{of_error, Column, Slot};
use super::read::{number_text, serial_date, Cell};
use crate::registration::codes::{CodeTables, Kind as CodeKind};
use crate::registration::record::fields::{FieldKey as K, FieldKind};
use crate::registration::record::{check_submit, RecordForm};
use crate::validate;
use chrono::NaiveDate;

/// What is wrong with a row: the column (its header; empty for the row as a whole) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct RowError {
    pub column: String,
    pub message: String,
}

/// A historical registration the file carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Registration {
    pub number: String,
    pub valid_from: Option<String>,
    pub valid_until: String,
}

/// A row read and checked.
#[derive(Debug, Clone)]
pub(super) struct Row {
    pub line: u32,
    /// The cells as the clerk typed them, in the file's column order (for the error report).
    pub cells: Vec<String>,
    pub form: RecordForm,
    pub registration: Option<Registration>,
    /// The photo re-encoded, from the ZIP.
    pub photo: Option<Vec<u8>>,
    pub errors: Vec<RowError>,
}

impl Row {
    pub fn add(&mut self, column: &str, message: impl Into<String>) {
        self.errors.push(RowError { column: column.to_owned(), message: message.into() });
    }

    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }

    /// 第3行：身份证号码：…；邮编：…
    pub fn describe_errors(&self) -> String {
        let parts: Vec<String> = self
            .errors
            .iter()
            .map(|e| if e.column.is_empty() { e.message.clone() } else { format!("{}：{}", e.column, e.message) })
            .collect();
        parts.join("；")
    }
}

/// What Excel did to an ID number typed into a general cell, in words.
fn id_as_number(shown: &str) -> String {
    format!(
        "身份证号码被 Excel 存成了数字（{shown}），15位以后的数字已经丢失，无法还原。\
         请把身份证号码列设为“文本”格式，重新输入或粘贴该号码后再导入"
    )
}

/// Whether text is a number in scientific notation (3.50203E+17), as a CSV saved from Excel
/// holds an ID number that became a number.
fn scientific(s: &str) -> bool {
    let s = s.trim();
    let Some((mantissa, exp)) = s.split_once(['E', 'e']) else { return false };
    let exp = exp.strip_prefix('+').unwrap_or(exp);
    !mantissa.is_empty()
        && mantissa.chars().all(|c| c.is_ascii_digit() || c == '.')
        && !exp.is_empty()
        && exp.chars().all(|c| c.is_ascii_digit())
}

/// A date in any of the spellings people type (2020-1-5, 2020/01/05, 2020.1.5, 2020年1月5日,
/// 20200105), a date cell or an Excel serial; None for anything else.
pub(super) fn date(cell: &Cell) -> Option<NaiveDate> {
    match cell {
        Cell::Date(d) => Some(*d),
        Cell::Number(f) => serial_date(*f),
        Cell::Int(i) => serial_date(*i as f64),
        Cell::Text(s) => {
            let s = s.trim();
            // A date with a time of day after it (2020-01-05 00:00:00).
            let s = s.split_once([' ', 'T']).map_or(s, |(d, _)| d);
            if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
                return NaiveDate::parse_from_str(s, "%Y%m%d").ok();
            }
            let s: String = s.replace(['/', '.', '年', '月'], "-").replace('日', "");
            let parts: Vec<&str> = s.split('-').collect();
            let [y, m, d] = parts[..] else { return None };
            NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
        }
        _ => None,
    }
}

/// A code of `kind` by its label or its code.
fn code(codes: &CodeTables, kind: CodeKind, v: &str) -> Option<String> {
    let v = v.trim();
    if codes.has(kind, v) {
        return Some(v.to_owned());
    }
    let found = match kind {
        CodeKind::Title => codes.title.iter().find(|t| t.label == v).map(|t| t.code.clone()),
        _ => codes.codes(kind).into_iter().find(|c| crate::registration::codes::label(codes, kind, c) == Some(v)).map(str::to_owned),
    };
    found
}

fn yes_no(v: &Cell) -> Result<Option<bool>, ()> {
    match v {
        Cell::Bool(b) => Ok(Some(*b)),
        Cell::Empty => Ok(None),
        other => match other.display().trim() {
            "" => Ok(None),
            "是" | "Y" | "y" | "1" | "TRUE" | "true" => Ok(Some(true)),
            "否" | "N" | "n" | "0" | "FALSE" | "false" => Ok(Some(false)),
            _ => Err(()),
        },
    }
}

/// Reads one row: `cols[i]` is the column of the file's `i`-th cell (None when not ours).
pub(super) fn read_row(line: u32, cells: &[Cell], cols: &[Option<&Column>], all: &[Column], codes: &CodeTables, today: NaiveDate) -> Row {
    let mut row = Row {
        line,
        cells: cells.iter().map(Cell::display).collect(),
        form: RecordForm::default(),
        registration: None,
        photo: None,
        errors: Vec::new(),
    };
    let mut reg_no = String::new();
    let (mut valid_from, mut valid_until) = (None::<String>, None::<String>);
    // Columns whose own reading failed: the record's check says nothing more about them.
    let mut failed: Vec<String> = Vec::new();
    for (i, col) in cols.iter().enumerate() {
        let Some(col) = col else { continue };
        let cell = cells.get(i).unwrap_or(&Cell::Empty);
        if cell.is_empty() {
            continue;
        }
        let header = col.header.as_str();
        let mut fail = |row: &mut Row, m: String| {
            row.add(header, m);
            failed.push(header.to_owned());
        };
        // Text as typed; a number cell as its digits.
        let text = match cell {
            Cell::Number(f) => number_text(*f),
            other => other.display().trim().to_owned(),
        };
        if col.slot == Slot::Field(K::IdNumber) {
            let lost = match cell {
                Cell::Number(f) => *f >= 1e15,
                Cell::Text(s) => scientific(s),
                _ => false,
            };
            if lost {
                fail(&mut row, id_as_number(&text));
                continue;
            }
        }
        match col.kind() {
            FieldKind::Date => {
                let value = match date(cell) {
                    Some(d) => d.to_string(),
                    None => {
                        fail(&mut row, format!("“{text}”不是日期：请填写如2024-01-31的日期"));
                        continue;
                    }
                };
                match &col.slot {
                    Slot::Field(k) => set_text(&mut row.form, *k, value),
                    Slot::ValidFrom => valid_from = Some(value),
                    Slot::ValidUntil => valid_until = Some(value),
                    _ => {}
                }
            }
            FieldKind::Code => {
                let Slot::Field(k) = col.slot else { continue };
                let kind = k.spec().code.expect("a coded field names its table");
                match code(codes, kind, &text) {
                    Some(c) => set_text(&mut row.form, k, c),
                    None => fail(&mut row, format!("“{text}”不在可选范围内，请从下拉列表中选择")),
                }
            }
            FieldKind::Codes => {
                let mut found = Vec::new();
                for part in text.split(['、', ',', '，', ';', '；', ' ', '\n']).filter(|p| !p.trim().is_empty()) {
                    match code(codes, CodeKind::Field, part) {
                        Some(c) => found.push(c),
                        None => {
                            fail(&mut row, format!("“{}”不在可选范围内（多个领域用顿号分隔）", part.trim()));
                            found.clear();
                            break;
                        }
                    }
                }
                row.form.fields = found;
            }
            FieldKind::Bool => match (yes_no(cell), &col.slot) {
                (Ok(v), Slot::Field(K::XiamenHukou)) => row.form.xiamen_hukou = v,
                (Ok(v), _) => row.form.full_time = v,
                (Err(()), _) => fail(&mut row, format!("“{text}”只能填“是”或“否”")),
            },
            _ => match &col.slot {
                Slot::Field(k) => set_text(&mut row.form, *k, text),
                Slot::Score(subject) => {
                    row.form.title_scores.insert(subject.clone(), text);
                }
                Slot::RegistrationNo => reg_no = text,
                _ => {}
            },
        }
    }
    // Scores of subjects the chosen title does not have are not part of the record.
    let subjects: Vec<String> = codes.subjects(&row.form.title).iter().map(|s| s.subject.clone()).collect();
    row.form.title_scores.retain(|k, _| subjects.contains(k));

    // The photo comes from the ZIP (or later from the worker): the record's check is not about it.
    let mut typed = row.form.clone();
    typed.photo_id = Some(0);
    match check_submit(&typed, codes, today) {
        Ok(mut checked) => {
            checked.photo_id = None;
            row.form = checked;
        }
        Err(e) => {
            for f in e.0 {
                let header = of_error(all, &f.field).map_or(String::new(), |c| c.header.clone());
                if failed.contains(&header) {
                    continue;
                }
                let mut message = f.message;
                if f.field == K::IdNumber.as_str() && typed.id_number.len() == 18 && typed.id_number.ends_with("000") {
                    message.push_str("（末几位是0：可能被 Excel 当作数字截去了，请把该列设为文本格式后重新填写）");
                }
                row.add(&header, message);
            }
        }
    }
    registration(&mut row, reg_no, valid_from, valid_until);
    row
}

/// 登记证号 with 有效期至 (and optionally 有效期自): a historical registration; neither: 未登记.
fn registration(row: &mut Row, number: String, valid_from: Option<String>, valid_until: Option<String>) {
    use super::columns::{REGISTRATION_NO, VALID_FROM, VALID_UNTIL};
    let number = match validate::clean_text(&number, 30, false) {
        Ok(n) => n,
        Err(m) => {
            row.add(REGISTRATION_NO, m);
            return;
        }
    };
    match (number.is_empty(), &valid_until) {
        (true, None) => {
            if valid_from.is_some() {
                row.add(REGISTRATION_NO, "填写了有效期的记录须填写登记证号");
            }
        }
        (true, Some(_)) => row.add(REGISTRATION_NO, "填写了有效期的记录须填写登记证号"),
        (false, None) => row.add(VALID_UNTIL, "有登记证号的记录须填写有效期至"),
        (false, Some(until)) => {
            if valid_from.as_ref().is_some_and(|f| f > until) {
                row.add(VALID_FROM, "有效期自不能晚于有效期至");
                return;
            }
            row.registration = Some(Registration { number, valid_from, valid_until: until.clone() });
        }
    }
}

fn set_text(form: &mut RecordForm, key: K, v: String) {
    let c = &mut form.contact;
    let slot = match key {
        K::Name => &mut form.name,
        K::Sex => &mut form.sex,
        K::IdNumber => &mut form.id_number,
        K::BirthDate => &mut form.birth_date,
        K::Ethnicity => &mut form.ethnicity,
        K::NativePlace => &mut form.native_place,
        K::Marital => &mut form.marital,
        K::Political => &mut form.political,
        K::Education => &mut form.education,
        K::School => &mut form.school,
        K::Major => &mut form.major,
        K::GraduationDate => &mut form.graduation_date,
        K::WorkStartDate => &mut form.work_start_date,
        K::Address => &mut c.address,
        K::Postcode => &mut c.postcode,
        K::Mobile => &mut c.mobile,
        K::OfficePhone => &mut c.office_phone,
        K::Email => &mut c.email,
        K::Qq => &mut c.qq,
        K::ServiceStartDate => &mut form.service_start_date,
        K::Position => &mut form.position,
        K::District => &mut form.district,
        K::Employer => &mut form.employer,
        K::Title => &mut form.title,
        K::TitleCertNo => &mut form.title_cert_no,
        K::TitleDate => &mut form.title_date,
        K::Experience => &mut form.experience,
        K::XiamenHukou | K::FullTime | K::Photo | K::TitleScores | K::Fields => return,
    };
    *slot = v;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_usual_spellings() {
        let d = NaiveDate::from_ymd_opt(2020, 1, 5);
        for s in ["2020-01-05", "2020-1-5", "2020/1/5", "2020.01.05", "2020年1月5日", "20200105", "2020-01-05 00:00:00"] {
            assert_eq!(date(&Cell::Text(s.into())), d, "{s}");
        }
        assert_eq!(date(&Cell::Text("2020-13-01".into())), None);
        assert_eq!(date(&Cell::Text("去年".into())), None);
    }

    #[test]
    fn scientific_notation_is_recognised() {
        assert!(scientific("3.50203E+17"));
        assert!(scientific("3.50203e17"));
        assert!(!scientific("35020319900101123X"));
        assert!(!scientific("E+17"));
    }
}
