//! Reading the clerk's file: XLSX (or an old XLS) through calamine, or CSV in UTF-8 with or
//! without a BOM, or in GB18030 as WPS and older Excel save it. The first row is the header.

use crate::error::{Error, Result};
use calamine::{Data, Reader};
use chrono::{Duration, NaiveDate};
use std::io::Cursor;

/// A cell as the file holds it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell {
    Empty,
    Text(String),
    /// A number cell: what Excel makes of 18 digits typed into a general cell.
    Number(f64),
    Int(i64),
    Date(NaiveDate),
    Bool(bool),
}

impl Cell {
    /// The cell as text, as the clerk saw it (a number in Excel's short form when it lost digits).
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Number(f) => number_text(*f),
            Cell::Int(i) => i.to_string(),
            Cell::Date(d) => d.to_string(),
            Cell::Bool(b) => (if *b { "是" } else { "否" }).to_owned(),
        }
    }

    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => s.trim().is_empty(),
            _ => false,
        }
    }
}

/// A number as text: whole numbers of up to 15 digits exactly, others as Excel shows them.
pub(super) fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else if f.abs() >= 1e15 {
        format!("{f:.5E}").replace("E", "E+")
    } else {
        format!("{f}")
    }
}

/// The sheet: its header and its rows, each with its line number in the file (1 = the header).
pub(super) struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<(u32, Vec<Cell>)>,
}

use super::template::MAX_ROWS;

fn unreadable(what: impl std::fmt::Display) -> Error {
    Error::field("file", format!("无法读取该文件：{what}。请选择 XLSX 文件，或 UTF-8、GB18030 编码的 CSV 文件"))
}

pub(super) fn read(bytes: &[u8]) -> Result<Sheet> {
    let sheet = if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        workbook(bytes)?
    } else {
        csv(bytes)?
    };
    if sheet.headers.iter().all(|h| h.trim().is_empty()) {
        return Err(Error::field("file", "文件中没有表头：第一行应为各列的名称（请使用导入模板）"));
    }
    if sheet.rows.len() > MAX_ROWS {
        return Err(Error::field("file", format!("一次最多导入{MAX_ROWS}行，请把文件拆成几份")));
    }
    Ok(sheet)
}

/// The first worksheet (登记信息 when there is one).
fn workbook(bytes: &[u8]) -> Result<Sheet> {
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(unreadable)?;
    let names = wb.sheet_names();
    let name = names.iter().find(|n| n.as_str() == super::template::DATA_SHEET).or(names.first()).cloned();
    let Some(name) = name else { return Err(unreadable("文件中没有工作表")) };
    let range = wb.worksheet_range(&name).map_err(unreadable)?;
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut lines = range.rows().enumerate().map(|(i, row)| {
        let mut cells = vec![Cell::Empty; left as usize];
        cells.extend(row.iter().map(cell));
        (top + i as u32 + 1, cells)
    });
    // Rows above the range are empty: the header is the range's first row.
    let Some((_, header)) = lines.next() else { return Err(unreadable("工作表是空的")) };
    Ok(Sheet { headers: header.iter().map(Cell::display).collect(), rows: lines.collect() })
}

fn cell(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Int(*i),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => serial_date(dt.as_f64()).map_or(Cell::Number(dt.as_f64()), Cell::Date),
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e:?}")),
    }
}

/// An Excel serial day number as a date (1900 date system; serials after 60 skip Excel's
/// 29 February 1900).
pub(super) fn serial_date(serial: f64) -> Option<NaiveDate> {
    if !(61.0..2_958_466.0).contains(&serial) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(Duration::days(serial.floor() as i64))
}

/// CSV text: UTF-8 (a BOM dropped), else GB18030.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_owned(),
        Err(_) => encoding_rs::GB18030.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

fn csv(bytes: &[u8]) -> Result<Sheet> {
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| unreadable(format!("第{}行：{e}", i + 1)))?;
        let cells: Vec<Cell> = record.iter().map(|s| if s.is_empty() { Cell::Empty } else { Cell::Text(s.to_owned()) }).collect();
        rows.push((i as u32 + 1, cells));
        if rows.len() > MAX_ROWS + 1 {
            break;
        }
    }
    let mut rows = rows.into_iter();
    let Some((_, header)) = rows.next() else { return Err(unreadable("文件是空的")) };
    Ok(Sheet { headers: header.iter().map(Cell::display).collect(), rows: rows.collect() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_each_encoding_reads_the_same() {
        let text = "姓名,身份证号码\n张三,35020319900101123X\n";
        let (gb, _, _) = encoding_rs::GB18030.encode(text);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        for bytes in [text.as_bytes().to_vec(), bom, gb.into_owned()] {
            let s = read(&bytes).unwrap();
            assert_eq!(s.headers, ["姓名", "身份证号码"]);
            assert_eq!(s.rows, vec![(2, vec![Cell::Text("张三".into()), Cell::Text("35020319900101123X".into())])]);
        }
    }

    #[test]
    fn serial_days_and_excel_numbers() {
        assert_eq!(serial_date(45658.0), NaiveDate::from_ymd_opt(2025, 1, 1));
        assert_eq!(serial_date(3.0), None);
        assert_eq!(number_text(13800138000.0), "13800138000");
        assert_eq!(number_text(350203199001011000.0), "3.50203E+17");
    }
}
