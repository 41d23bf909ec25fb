//! 错误报告: the refused rows as the file had them, every cell as text (an ID number stays as
//! typed), with 原行号 and 错误说明 after them. The clerk corrects this file and imports it again;
//! the import ignores the two added columns.

use super::columns::{ERRORS_HEADER, LINE_HEADER};
use super::row::Row;
use crate::records::export::{header_format, xlsx_error};
use crate::error::Result;
use rust_xlsxwriter::{Color, Format, Workbook};
use std::path::Path;

pub(super) const REPORT_SHEET: &str = "错误报告";

pub(super) fn write(path: &Path, headers: &[String], rows: &[Row]) -> Result<()> {
    let mut wb = Workbook::new();
    let header = header_format();
    let error_header = header.clone().set_font_color(Color::RGB(0xC00000));
    let text = Format::new().set_num_format("@");
    let error = Format::new().set_font_color(Color::RGB(0xC00000)).set_text_wrap();
    let ws = wb.add_worksheet();
    ws.set_name(REPORT_SHEET).map_err(xlsx_error)?;
    // The file's own columns, as many as its widest row.
    let width = rows.iter().map(|r| r.cells.len()).chain([headers.len()]).max().unwrap_or(0);
    for i in 0..width {
        let h = headers.get(i).map(String::as_str).unwrap_or("");
        ws.write_string_with_format(0, i as u16, h, &header).map_err(xlsx_error)?;
        ws.set_column_width(i as u16, (h.chars().count() as f64 * 2.2).max(12.0)).map_err(xlsx_error)?;
        ws.set_column_format(i as u16, &text).map_err(xlsx_error)?;
    }
    let (line_col, errors_col) = (width as u16, width as u16 + 1);
    ws.write_string_with_format(0, line_col, LINE_HEADER, &error_header).map_err(xlsx_error)?;
    ws.write_string_with_format(0, errors_col, ERRORS_HEADER, &error_header).map_err(xlsx_error)?;
    ws.set_column_width(errors_col, 80).map_err(xlsx_error)?;
    for (r, row) in rows.iter().filter(|r| !r.is_valid()).enumerate() {
        let r = r as u32 + 1;
        for (i, v) in row.cells.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string_with_format(r, i as u16, v, &text).map_err(xlsx_error)?;
            }
        }
        ws.write_number(r, line_col, row.line).map_err(xlsx_error)?;
        ws.write_string_with_format(r, errors_col, row.describe_errors(), &error).map_err(xlsx_error)?;
    }
    ws.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    wb.save(path).map_err(xlsx_error)
}
