//! Writing the rows out: the XLSX workbook with its 导出说明 sheet, or CSV in UTF-8 with a BOM,
//! each through the partial file the export renames into place.

use super::columns::{CellKind, Rows};
use super::CANCELLED;
use crate::error::{io_error, Error, Result};
use chrono::NaiveDate;
use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet};
use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

fn csv_error(e: csv::Error) -> Error {
    Error::Internal(format!("CSV 编码失败：{e}"))
}

/// What the XLSX's 导出说明 sheet says.
pub(super) struct ExportNote {
    pub(super) filter: String,
    pub(super) rows: i64,
    pub(super) masked: bool,
    pub(super) at: String,
}

/// The header row's look, shared by every workbook the app writes.
pub(crate) fn header_format() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
}

pub(crate) fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Internal(format!("XLSX 写入失败：{e}"))
}

/// A `YYYY-MM-DD` as an Excel date; None for anything else (written as text instead).
fn excel_date(s: &str) -> Option<ExcelDateTime> {
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    use chrono::Datelike;
    ExcelDateTime::from_ymd(u16::try_from(d.year()).ok()?, d.month() as u8, d.day() as u8).ok()
}

pub(super) const PROGRESS_EVERY: u64 = 500;

pub(super) fn write_xlsx(
    path: &Path,
    heads: &[(&'static str, f64, bool)],
    next: &mut dyn FnMut() -> Result<Option<Rows>>,
    total: i64,
    note: &ExportNote,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<i64> {
    let mut wb = Workbook::new();
    wb.set_properties(&DocProperties::new().set_title("社会工作者登记名册").set_author("社会工作者登记管理系统"));
    // Level 3 halves the time of the default 6 for a file a few percent larger.
    wb.set_zip_compression_level(3);
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        // The row data is staged beside the output, not in a tmpfs /tmp.
        wb.set_tempdir(dir).map_err(xlsx_error)?;
    }
    let header = header_format();
    let text = Format::new().set_num_format("@");
    let day = Format::new().set_num_format("yyyy-mm-dd");
    let ws: &mut Worksheet = wb.add_worksheet_with_constant_memory().map_err(xlsx_error)?;
    ws.set_name("登记名册").map_err(xlsx_error)?;
    for (i, (h, width, _)) in heads.iter().enumerate() {
        ws.set_column_width(i as u16, *width).map_err(xlsx_error)?;
        ws.write_string_with_format(0, i as u16, *h, &header).map_err(xlsx_error)?;
    }
    ws.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    let mut n: u32 = 0;
    let total_u = total.max(0) as u64;
    while let Some(rows) = next()? {
        for row in rows.each() {
            n += 1;
            for (i, (kind, s)) in row.enumerate() {
                let col = i as u16;
                if s.is_empty() {
                    continue;
                }
                match kind {
                    CellKind::Text => {
                        ws.write_string_with_format(n, col, s, &text).map_err(xlsx_error)?;
                    }
                    CellKind::Plain => {
                        // The default format, without looking a format up for each cell.
                        ws.write_string(n, col, s).map_err(xlsx_error)?;
                    }
                    CellKind::Date => match excel_date(s) {
                        Some(d) => {
                            ws.write_datetime_with_format(n, col, d, &day).map_err(xlsx_error)?;
                        }
                        None => {
                            ws.write_string_with_format(n, col, s, &text).map_err(xlsx_error)?;
                        }
                    },
                }
            }
            if u64::from(n) % PROGRESS_EVERY == 0 && !progress(u64::from(n), total_u.max(u64::from(n))) {
                return Err(Error::Cancelled(CANCELLED.into()));
            }
        }
    }
    ws.autofilter(0, 0, n, heads.len().saturating_sub(1) as u16).map_err(xlsx_error)?;

    let about = wb.add_worksheet();
    about.set_name("导出说明").map_err(xlsx_error)?;
    about.set_column_width(0, 12).map_err(xlsx_error)?;
    about.set_column_width(1, 80).map_err(xlsx_error)?;
    let lines = [
        ("导出时间", note.at.clone()),
        ("筛选条件", note.filter.clone()),
        ("记录数", note.rows.to_string()),
        ("身份证号码与手机号码", if note.masked { "已脱敏".into() } else { "完整（含个人敏感信息，请妥善保管）".into() }),
    ];
    for (i, (k, v)) in lines.iter().enumerate() {
        about.write_string_with_format(i as u32, 0, *k, &header).map_err(xlsx_error)?;
        about.write_string(i as u32, 1, v).map_err(xlsx_error)?;
    }
    if !progress(u64::from(n), u64::from(n)) {
        return Err(Error::Cancelled(CANCELLED.into()));
    }
    wb.save(path).map_err(|e| io_error(path, e))?;
    Ok(i64::from(n))
}

pub(super) fn write_csv(
    path: &Path,
    heads: &[(&'static str, f64, bool)],
    next: &mut dyn FnMut() -> Result<Option<Rows>>,
    total: i64,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<i64> {
    let mut file = std::fs::File::create(path).map_err(|e| io_error(path, e))?;
    // The BOM tells Excel and WPS that the file is UTF-8.
    file.write_all("\u{FEFF}".as_bytes()).map_err(|e| io_error(path, e))?;
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).buffer_capacity(CSV_BUFFER).from_writer(file);
    w.write_record(heads.iter().map(|h| h.0)).map_err(csv_error)?;
    let mut n: u64 = 0;
    let total_u = total.max(0) as u64;
    while let Some(rows) = next()? {
        for row in rows.each() {
            for (_, s) in row {
                // The exact value for the programs that read CSV (no marks to keep digits as
                // text: that is the XLSX export's job), made inert for spreadsheets that would
                // run a formula.
                w.write_field(csv_safe(s).as_bytes()).map_err(csv_error)?;
            }
            w.write_record(None::<&[u8]>).map_err(csv_error)?;
        }
        n += rows.len() as u64;
        if !progress(n, total_u.max(n)) {
            return Err(Error::Cancelled(CANCELLED.into()));
        }
    }
    let file = w.into_inner().map_err(|e| io_error(path, e.into_error()))?;
    file.sync_all().map_err(|e| io_error(path, e))?;
    if !progress(n, n) {
        return Err(Error::Cancelled(CANCELLED.into()));
    }
    Ok(n as i64)
}

/// The CSV encoder's buffer: written to the file a quarter of a megabyte at a time.
const CSV_BUFFER: usize = 256 << 10;

/// Text that a spreadsheet would take for a formula (=, +, -, @, a tab or a carriage return first)
/// starts with an apostrophe. No stored value begins so legitimately: mobiles are kept without
/// `+86`, office phones and postcodes start with a digit, dates with the year, codes with a digit.
fn csv_safe(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { Cow::Owned(format!("'{s}")) } else { Cow::Borrowed(s) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_values_stay_text_and_inert() {
        assert_eq!(csv_safe("350203199001011234"), "350203199001011234");
        assert_eq!(csv_safe("0592-5551234"), "0592-5551234");
        assert_eq!(csv_safe("350203********1234"), "350203********1234");
        assert_eq!(csv_safe(""), "");
        assert_eq!(csv_safe("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        for risky in ["+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"] {
            assert!(csv_safe(risky).starts_with('\''), "{risky:?}");
        }
        assert_eq!(csv_safe("厦门市"), "厦门市");
    }

    #[test]
    fn dates_become_excel_dates_only_when_real() {
        assert!(excel_date("2026-12-01").is_some());
        assert!(excel_date("2026-02-30").is_none());
        assert!(excel_date("").is_none());
    }
}
