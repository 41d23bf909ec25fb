//! 导出: the register's current filter to XLSX or CSV, streamed row by row.
//!
//! Chinese headers; ID numbers, phones, postcodes and registration numbers as text (an XLSX
//! string cell with the text format; in CSV a digits-only value ends with a tab, which Excel and
//! WPS read as text, so 18 digits never become 3.50203E+17); dates as real dates in XLSX; coded
//! fields as labels, with the national codes in extra columns on request. ID numbers and phones
//! are masked unless an admin states a purpose; every export, masked or not, is written to the
//! audit log with its filter, row count and purpose.
//!
//! The rows are read through a read-only connection of their own (WAL lets it read while the app
//! goes on) and written as they come, so neither the registry's lock nor 100,000 records are held.

use crate::audit::{self, Entry};
use crate::registration::codes::{self, CodeTables, Kind as CodeKind};
use crate::error::{Error, Result};
use crate::error::io_error;
use crate::local::audit_actor;
use crate::partial::Partial;
use crate::registration::record::diff::shown;
use crate::registration::record::fields::{FieldKey, FieldKey as K};
use crate::registration::record::RecordForm;
use crate::registry::Registry;
use crate::records::roster::{self, RosterQuery, RosterStatus};
use crate::validate;
use chrono::NaiveDate;
use rusqlite::{params_from_iter, Connection, OpenFlags};
use rust_xlsxwriter::{Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::Path;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Xlsx,
    Csv,
}

impl ExportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Xlsx => "xlsx",
            ExportFormat::Csv => "csv",
        }
    }
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportArgs {
    /// The register's filter and sort (its page and page size are ignored).
    pub query: RosterQuery,
    pub format: ExportFormat,
    /// Add the national code of each coded field in a column after its label.
    pub with_codes: bool,
    /// Full ID numbers and phones: admins only, with a purpose.
    pub unmasked: bool,
    /// 导出用途, written to the audit log; required for an unmasked export.
    pub purpose: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportSummary {
    #[ts(type = "number")]
    pub rows: i64,
    pub path: String,
}

/// The message of the error an export returns when `progress` asks it to stop.
pub const CANCELLED: &str = "已取消导出";

/// How a value is written.
enum Cell {
    /// A string that must stay text (ID numbers, phones, codes).
    Text(String),
    /// Ordinary text.
    Plain(String),
    /// `YYYY-MM-DD`: a date cell in XLSX.
    Date(String),
}

/// One exported record.
struct Row<'a> {
    form: &'a RecordForm,
    status: RosterStatus,
    registration_no: Option<String>,
    valid_from: Option<String>,
    valid_until: Option<String>,
    card_no: Option<String>,
}

struct Column {
    header: &'static str,
    /// Width in characters.
    width: f64,
    value: fn(&Row, &Ctx) -> Cell,
    /// The code column beside a coded field: its header and kind.
    code: Option<(&'static str, CodeKind)>,
}

struct Ctx<'a> {
    codes: &'a CodeTables,
    masked: bool,
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
fn columns() -> Vec<Column> {
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
fn headers(cols: &[Column], with_codes: bool) -> Vec<(&'static str, f64, bool)> {
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
fn cells(cols: &[Column], row: &Row, ctx: &Ctx, with_codes: bool, out: &mut Vec<Cell>) {
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
        roster::NO_TITLE => parts.push(format!("{}：无", K::Title.column())),
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

/// A read-only connection to the registry's database, for long reads beside the app.
pub(crate) fn read_connection(registry: &Registry) -> Result<Connection> {
    let path = registry.data_dir().join(crate::DB_FILE_NAME);
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| Error::DatabaseOpen(e.to_string()))?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    conn.pragma_update(None, "mmap_size", 1i64 << 30)?;
    Ok(conn)
}

impl Registry {
    /// Exports the records matching `args.query` (in its sort order) to `out`, masked unless an
    /// admin asks otherwise with a purpose. `progress(done, total)` is called every few hundred
    /// rows; when it returns false the export stops, `out` is left as it was and the result is
    /// `Err(Conflict("已取消导出"))`. Staff only; written to the audit log once the file is complete.
    pub fn export(
        &self,
        token: &str,
        args: ExportArgs,
        out: &Path,
        progress: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<ExportSummary> {
        let actor = self.actor(token)?;
        actor.require_staff()?;
        let purpose = validate::clean_text(&args.purpose, 200, false).map_err(|m| Error::field("purpose", m))?;
        if args.unmasked {
            actor.require_admin()?;
            if purpose.is_empty() {
                return Err(Error::field("purpose", "导出完整的身份证号码和手机号码须填写用途"));
            }
        }
        let today = self.clock().today();
        let f = roster::filter(&args.query, today)?;
        let codes = codes::load(&self.db())?;

        let ctx = Ctx { codes: &codes, masked: !args.unmasked };
        let cols = columns();
        let heads = headers(&cols, args.with_codes);
        let partial = Partial::new(self.data_dir(), out)?;
        let mut conn = read_connection(self)?;
        let sort = args.query.sort;
        let with_codes = args.with_codes;
        let format = args.format;

        // Two stages on two threads: this one writes the file while a reader reads the records
        // and turns them into cells, a batch at a time (the reading and decoding take as long
        // as writing a CSV). The reader stops when the writer goes away (cancelled or failed).
        let written = std::thread::scope(|scope| -> Result<i64> {
            let (send, batches) = std::sync::mpsc::sync_channel::<Result<Batch>>(4);
            let f = &f;
            let (ctx, cols) = (&ctx, &cols);
            scope.spawn(move || {
                let mut read = || -> Result<()> {
                    // One snapshot for the count and the rows.
                    let tx = conn.transaction()?;
                    let total = f.count(&tx)?;
                    let all: i64 = tx.query_row("SELECT COUNT(*) FROM workers", [], |r| r.get(0))?;
                    if send.send(Ok(Batch::Total(total))).is_err() {
                        return Ok(());
                    }
                    let sql = f.select(
                        "w.data, w.status, w.registration_no, w.valid_from, w.valid_until,
                         (SELECT c.card_no FROM cards c WHERE c.worker_id = w.id AND c.status = 'valid')",
                        sort,
                        total,
                        total,
                        all,
                    );
                    let mut stmt = tx.prepare(&sql)?;
                    let mut rows = stmt.query(params_from_iter(f.select_params(&sql)))?;
                    let mut batch = Vec::with_capacity(BATCH);
                    let mut csv = (format == ExportFormat::Csv).then(CsvChunk::new);
                    let mut cells = Vec::with_capacity(cols.len() * 2);
                    while let Some(r) = rows.next()? {
                        let data: String = r.get(0)?;
                        let status: String = r.get(1)?;
                        let valid_until: Option<String> = r.get(4)?;
                        let form: RecordForm = serde_json::from_str(&data).unwrap_or_default();
                        let row = Row {
                            form: &form,
                            status: RosterStatus::of(&status, valid_until.as_deref(), today),
                            registration_no: r.get(2)?,
                            valid_from: r.get(3)?,
                            valid_until,
                            card_no: r.get(5)?,
                        };
                        self::cells(cols, &row, ctx, with_codes, &mut cells);
                        let full = match &mut csv {
                            // CSV is encoded here, so that the writer only writes bytes.
                            Some(chunk) => {
                                chunk.push(&mut cells)?;
                                chunk.full().then(|| chunk.take()).transpose()?.map(Batch::Csv)
                            }
                            None => {
                                batch.push(std::mem::replace(&mut cells, Vec::with_capacity(cols.len() * 2)));
                                (batch.len() == BATCH).then(|| Batch::Rows(std::mem::take(&mut batch)))
                            }
                        };
                        if let Some(full) = full {
                            if send.send(Ok(full)).is_err() {
                                return Ok(());
                            }
                        }
                    }
                    let last = match &mut csv {
                        Some(chunk) => Batch::Csv(chunk.take()?),
                        None => Batch::Rows(batch),
                    };
                    let _ = send.send(Ok(last));
                    Ok(())
                };
                if let Err(e) = read() {
                    let _ = send.send(Err(e));
                }
            });

            let total = match batches.recv() {
                Ok(Ok(Batch::Total(n))) => n,
                Ok(Err(e)) => return Err(e),
                _ => return Err(Error::Internal("导出读取中断".into())),
            };
            let note = ExportNote {
                filter: describe_query(&args.query, &codes),
                rows: total,
                masked: !args.unmasked,
                // Shown to people: China time, as everything else the user reads.
                at: self.clock().now().with_timezone(&crate::clock::china()).format("%Y-%m-%d %H:%M:%S（北京时间）").to_string(),
            };
            match format {
                ExportFormat::Xlsx => {
                    let mut pending: std::vec::IntoIter<Vec<Cell>> = Vec::new().into_iter();
                    let mut next = move |cells: &mut Vec<Cell>| -> Result<bool> {
                        loop {
                            if let Some(row) = pending.next() {
                                *cells = row;
                                return Ok(true);
                            }
                            match batches.recv() {
                                Ok(Ok(Batch::Rows(rows))) => pending = rows.into_iter(),
                                Ok(Ok(_)) => {}
                                Ok(Err(e)) => return Err(e),
                                // The reader is done.
                                Err(_) => return Ok(false),
                            }
                        }
                    };
                    write_xlsx(partial.path(), &heads, &mut next, total, &note, progress)
                }
                ExportFormat::Csv => {
                    let mut next = move || -> Result<Option<(Vec<u8>, u64)>> {
                        loop {
                            match batches.recv() {
                                Ok(Ok(Batch::Csv(chunk))) => return Ok(Some(chunk)),
                                Ok(Ok(_)) => {}
                                Ok(Err(e)) => return Err(e),
                                Err(_) => return Ok(None),
                            }
                        }
                    };
                    write_csv(partial.path(), &heads, &mut next, total, progress)
                }
            }
            // The receiver goes with `next`: a reader still at work stops at its next send.
        });
        // An error drops the partial file with `partial`.
        let written = written?;
        partial.commit(out)?;

        let logged = roster::loggable(&args.query);
        let after = serde_json::json!({
            "format": args.format,
            "rows": written,
            "masked": !args.unmasked,
            "withCodes": args.with_codes,
            "filter": logged,
        });
        let appended = audit::append(&self.db(), self.clock().now(), Entry {
            actor: audit_actor(&actor),
            action: "record.export",
            after: Some(after.to_string()),
            note: Some(format!(
                "导出{} {written} 行，{}；筛选：{}；用途：{}",
                args.format.extension().to_uppercase(),
                if args.unmasked { "含完整身份证号码和手机号码" } else { "已脱敏" },
                describe_query(&logged, &codes),
                if purpose.is_empty() { "未填写" } else { &purpose }
            )),
            ..Default::default()
        });
        if let Err(e) = appended {
            // An export the log does not know of must not exist.
            let _ = std::fs::remove_file(out);
            return Err(e);
        }
        Ok(ExportSummary { rows: written, path: out.display().to_string() })
    }
}

/// What the reader thread sends: first the number of rows, then the rows in batches.
enum Batch {
    Total(i64),
    /// Rows of cells, for the XLSX writer.
    Rows(Vec<Vec<Cell>>),
    /// CSV bytes and the number of rows they hold.
    Csv((Vec<u8>, u64)),
}

/// CSV rows encoded into a buffer, handed over every few hundred rows.
struct CsvChunk {
    w: csv::Writer<Vec<u8>>,
    record: Vec<String>,
    rows: u64,
}

impl CsvChunk {
    fn new() -> CsvChunk {
        CsvChunk { w: CsvChunk::writer(), record: Vec::new(), rows: 0 }
    }

    fn writer() -> csv::Writer<Vec<u8>> {
        csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::with_capacity(CSV_CHUNK + (64 << 10)))
    }

    fn push(&mut self, cells: &mut Vec<Cell>) -> Result<()> {
        self.record.clear();
        self.record.extend(cells.drain(..).map(|c| match c {
            // Exact values for the programs that read CSV (no marks to keep digits as text: that
            // is the XLSX export's job), made inert for spreadsheets that would run a formula.
            Cell::Text(s) | Cell::Plain(s) | Cell::Date(s) => csv_safe(s),
        }));
        self.w.write_record(&self.record).map_err(|e| Error::Internal(format!("CSV 编码失败：{e}")))?;
        self.rows += 1;
        Ok(())
    }

    /// Handed over at the same rows as progress is reported.
    fn full(&self) -> bool {
        self.rows >= PROGRESS_EVERY
    }

    /// The bytes and rows so far; the chunk starts empty again.
    fn take(&mut self) -> Result<(Vec<u8>, u64)> {
        let w = std::mem::replace(&mut self.w, CsvChunk::writer());
        let bytes = w.into_inner().map_err(|e| Error::Internal(format!("CSV 编码失败：{}", e.error())))?;
        Ok((bytes, std::mem::take(&mut self.rows)))
    }
}

/// About the bytes of PROGRESS_EVERY rows.
const CSV_CHUNK: usize = 256 << 10;

/// Rows per batch between the reader and the writer.
const BATCH: usize = 256;

/// What the XLSX's 导出说明 sheet says.
struct ExportNote {
    filter: String,
    rows: i64,
    masked: bool,
    at: String,
}

fn xlsx_error(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Internal(format!("XLSX 写入失败：{e}"))
}

/// A `YYYY-MM-DD` as an Excel date; None for anything else (written as text instead).
fn excel_date(s: &str) -> Option<ExcelDateTime> {
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    use chrono::Datelike;
    ExcelDateTime::from_ymd(u16::try_from(d.year()).ok()?, d.month() as u8, d.day() as u8).ok()
}

const PROGRESS_EVERY: u64 = 500;

fn write_xlsx(
    path: &Path,
    heads: &[(&'static str, f64, bool)],
    next: &mut dyn FnMut(&mut Vec<Cell>) -> Result<bool>,
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
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center);
    let text = Format::new().set_num_format("@");
    let day = Format::new().set_num_format("yyyy-mm-dd");
    let plain = Format::new();
    let ws: &mut Worksheet = wb.add_worksheet_with_constant_memory().map_err(xlsx_error)?;
    ws.set_name("登记名册").map_err(xlsx_error)?;
    for (i, (h, width, _)) in heads.iter().enumerate() {
        ws.set_column_width(i as u16, *width).map_err(xlsx_error)?;
        ws.write_string_with_format(0, i as u16, *h, &header).map_err(xlsx_error)?;
    }
    ws.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    let mut cells = Vec::with_capacity(heads.len());
    let mut n: u32 = 0;
    let total_u = total.max(0) as u64;
    while next(&mut cells)? {
        n += 1;
        for (i, cell) in cells.drain(..).enumerate() {
            let col = i as u16;
            match cell {
                Cell::Text(s) if !s.is_empty() => {
                    ws.write_string_with_format(n, col, s, &text).map_err(xlsx_error)?;
                }
                Cell::Plain(s) if !s.is_empty() => {
                    ws.write_string_with_format(n, col, s, &plain).map_err(xlsx_error)?;
                }
                Cell::Date(s) if !s.is_empty() => match excel_date(&s) {
                    Some(d) => {
                        ws.write_datetime_with_format(n, col, d, &day).map_err(xlsx_error)?;
                    }
                    None => {
                        ws.write_string_with_format(n, col, s, &text).map_err(xlsx_error)?;
                    }
                },
                _ => {}
            }
        }
        if u64::from(n) % PROGRESS_EVERY == 0 && !progress(u64::from(n), total_u.max(u64::from(n))) {
            return Err(Error::Conflict(CANCELLED.into()));
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
        return Err(Error::Conflict(CANCELLED.into()));
    }
    wb.save(path).map_err(|e| io_error(path, e))?;
    Ok(i64::from(n))
}

fn write_csv(
    path: &Path,
    heads: &[(&'static str, f64, bool)],
    next: &mut dyn FnMut() -> Result<Option<(Vec<u8>, u64)>>,
    total: i64,
    progress: &mut dyn FnMut(u64, u64) -> bool,
) -> Result<i64> {
    let mut file = std::fs::File::create(path).map_err(|e| io_error(path, e))?;
    let mut head = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    head.write_record(heads.iter().map(|h| h.0)).map_err(|e| io_error(path, e))?;
    let head = head.into_inner().map_err(|e| io_error(path, e.error()))?;
    // The BOM tells Excel and WPS that the file is UTF-8.
    file.write_all("\u{FEFF}".as_bytes()).map_err(|e| io_error(path, e))?;
    file.write_all(&head).map_err(|e| io_error(path, e))?;
    let mut n: u64 = 0;
    let total_u = total.max(0) as u64;
    while let Some((bytes, rows)) = next()? {
        file.write_all(&bytes).map_err(|e| io_error(path, e))?;
        n += rows;
        if !progress(n, total_u.max(n)) {
            return Err(Error::Conflict(CANCELLED.into()));
        }
    }
    file.sync_all().map_err(|e| io_error(path, e))?;
    if !progress(n, n) {
        return Err(Error::Conflict(CANCELLED.into()));
    }
    Ok(n as i64)
}

/// Text that a spreadsheet would take for a formula (=, +, -, @, a tab or a carriage return first)
/// starts with an apostrophe. No stored value begins so legitimately: mobiles are kept without
/// `+86`, office phones and postcodes start with a digit, dates with the year, codes with a digit.
fn csv_safe(s: String) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registration::record::fields::RECORD_FIELDS;

    #[test]
    fn csv_values_stay_text_and_inert() {
        assert_eq!(csv_safe("350203199001011234".into()), "350203199001011234");
        assert_eq!(csv_safe("0592-5551234".into()), "0592-5551234");
        assert_eq!(csv_safe("350203********1234".into()), "350203********1234");
        assert_eq!(csv_safe(String::new()), "");
        assert_eq!(csv_safe("=HYPERLINK(\"x\")".into()), "'=HYPERLINK(\"x\")");
        for risky in ["+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"] {
            assert!(csv_safe(risky.into()).starts_with('\''), "{risky:?}");
        }
        assert_eq!(csv_safe("厦门市".into()), "厦门市");
    }

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

    #[test]
    fn dates_become_excel_dates_only_when_real() {
        assert!(excel_date("2026-12-01").is_some());
        assert!(excel_date("2026-02-30").is_none());
        assert!(excel_date("").is_none());
    }
}
