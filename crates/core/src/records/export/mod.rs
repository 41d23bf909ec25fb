//! 导出: the register's current filter to XLSX or CSV, streamed row by row.
//!
//! Chinese headers; coded fields as labels, with the national codes in extra columns on request.
//! In XLSX, ID numbers, phones, postcodes and registration numbers are text cells with the text
//! format (18 digits never become 3.50203E+17) and dates are real dates; CSV carries the exact
//! values, with formula-like text made inert. ID numbers and phones are masked unless an admin
//! states a purpose; every export, masked or not, is written to the audit log with its filter,
//! row count and purpose.
//!
//! The rows are read through a read-only connection of their own (WAL lets it read while the app
//! goes on) and written as they come, so neither the registry's lock nor 100,000 records are held.
//! `form` reads the exported fields of a record's JSON in place; `columns` makes a row's cells;
//! `write` writes them out.

use crate::audit::{self, AuditAction, Entry};
use crate::registration::codes;
use crate::error::{Error, Result};
use crate::partial::Partial;
use crate::registry::Registry;
use crate::stored;
use crate::records::roster::{self, RosterQuery, RosterStatus};
use crate::registration::workflow::RecordStatus;
use chrono::NaiveDate;
use crate::validate;
use rusqlite::types::Type;
use rusqlite::{params_from_iter, Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::sync::mpsc::sync_channel;
use ts_rs::TS;

mod columns;
mod form;
mod write;

use columns::{cells, columns, headers, Column, Ctx, Row, Rows};
use form::Form;
pub(crate) use columns::describe_query;
use write::{write_csv, write_xlsx, ExportNote};
pub(crate) use write::{header_format, xlsx_error};

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
    /// `Err(Cancelled("已取消导出"))`. Staff only; written to the audit log once the file is complete.
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

        // Three stages on three threads, a batch at a time: a reader copies each record's stored
        // columns into a buffer (SQLite's part), a decoder reads their JSON and makes the cells,
        // and this thread writes the file (encoding the CSV, or the workbook's rows). Each stage
        // stops when the one after it goes away (cancelled or failed).
        let written = std::thread::scope(|scope| -> Result<i64> {
            let (send, batches) = sync_channel::<Result<Batch>>(4);
            let (send_records, records) = sync_channel::<Result<Records>>(4);
            let f = &f;
            let (ctx, cols) = (&ctx, &cols);
            let send_total = send.clone();
            scope.spawn(move || {
                let mut read = || -> Result<()> {
                    // One snapshot for the count, the cards and the rows.
                    let tx = conn.transaction()?;
                    let total = f.count(&tx)?;
                    let all: i64 = if f.is_empty() { total } else { tx.query_row("SELECT COUNT(*) FROM workers", [], |r| r.get(0))? };
                    if send_total.send(Ok(Batch::Total(total))).is_err() {
                        return Ok(());
                    }
                    let cards = ValidCards::read(&tx)?;
                    let sql = f.select(
                        "w.data, w.name, w.registration_no, w.valid_from, w.valid_until, w.status, w.id",
                        sort,
                        total,
                        total,
                        all,
                    );
                    let mut stmt = tx.prepare(&sql)?;
                    let mut rows = stmt.query(params_from_iter(f.select_params(&sql)))?;
                    let mut batch = Records::default();
                    while let Some(r) = rows.next()? {
                        let text = |i: usize| text_at(r, i);
                        let id: i64 = r.get(6)?;
                        batch.push([text(0)?, text(1)?, text(2)?, text(3)?, text(4)?, cards.of(id)], r.get(5)?, id);
                        if batch.len() == BATCH && send_records.send(Ok(std::mem::take(&mut batch))).is_err() {
                            return Ok(());
                        }
                    }
                    let _ = send_records.send(Ok(batch));
                    Ok(())
                };
                if let Err(e) = read() {
                    let _ = send_records.send(Err(e));
                }
            });
            scope.spawn(move || {
                for records in records.iter() {
                    let made = records.and_then(|r| r.cells(cols, ctx, with_codes, today));
                    let failed = made.is_err();
                    if send.send(made.map(Batch::Rows)).is_err() || failed {
                        return;
                    }
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
            let mut next = move || -> Result<Option<Rows>> {
                match batches.recv() {
                    Ok(Ok(Batch::Rows(rows))) => Ok(Some(rows)),
                    Ok(Ok(Batch::Total(_))) => Err(Error::Internal("导出读取中断".into())),
                    Ok(Err(e)) => Err(e),
                    // The reader is done.
                    Err(_) => Ok(None),
                }
            };
            match format {
                ExportFormat::Xlsx => write_xlsx(partial.path(), &heads, &mut next, total, &note, progress),
                ExportFormat::Csv => write_csv(partial.path(), &heads, &mut next, total, progress),
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
            actor: audit::actor_id(&actor),
            after: Some(after.to_string()),
            note: Some(format!(
                "导出{} {written} 行，{}；筛选：{}；用途：{}",
                args.format.extension().to_uppercase(),
                if args.unmasked { "含完整身份证号码和手机号码" } else { "已脱敏" },
                describe_query(&logged, &codes),
                if purpose.is_empty() { "未填写" } else { &purpose }
            )),
            ..Entry::new(AuditAction::RecordExport)
        });
        if let Err(e) = appended {
            // An export the log does not know of must not exist.
            let _ = std::fs::remove_file(out);
            return Err(e);
        }
        Ok(ExportSummary { rows: written, path: out.display().to_string() })
    }
}

/// A text column of the row in place; empty when NULL.
fn text_at<'r>(r: &'r rusqlite::Row, i: usize) -> Result<&'r str> {
    let v = r.get_ref(i)?.as_str_or_null().map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, Box::new(e)))?;
    Ok(v.unwrap_or(""))
}

/// The valid card of every record that has one, read in one pass beside the rows: looking each
/// row's card up cost more than reading the rest of the row (130 ms of 100,000 rows, against
/// 12 ms for the 65,000 cards at once, and about 1 MB held).
struct ValidCards {
    /// The card numbers one after another.
    text: String,
    /// Each card's worker and the end of its number in `text`, by worker.
    ends: Vec<(i64, usize)>,
}

impl ValidCards {
    fn read(conn: &Connection) -> Result<ValidCards> {
        let mut cards = ValidCards { text: String::new(), ends: Vec::new() };
        // In the order of cards_one_valid: by worker.
        let mut stmt = conn.prepare("SELECT worker_id, card_no FROM cards WHERE status = 'valid' ORDER BY worker_id")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            cards.text.push_str(text_at(r, 1)?);
            cards.ends.push((r.get(0)?, cards.text.len()));
        }
        Ok(cards)
    }

    /// The worker's valid card number; empty without one.
    fn of(&self, worker: i64) -> &str {
        match self.ends.binary_search_by_key(&worker, |e| e.0) {
            Ok(i) => &self.text[if i == 0 { 0 } else { self.ends[i - 1].1 }..self.ends[i].1],
            Err(_) => "",
        }
    }
}

/// Records as stored, a batch at a time: their text columns one after another in one buffer.
#[derive(Default)]
struct Records {
    text: String,
    /// Each column's end in `text`, [`Records::COLUMNS`] to a record.
    ends: Vec<usize>,
    /// Each record's status as stored and id.
    keys: Vec<(RecordStatus, i64)>,
}

impl Records {
    /// The JSON, 姓名, 登记证号, 有效期起, 有效期至 and 社工卡号.
    const COLUMNS: usize = 6;

    fn push(&mut self, texts: [&str; Records::COLUMNS], status: RecordStatus, id: i64) {
        for t in texts {
            self.text.push_str(t);
            self.ends.push(self.text.len());
        }
        self.keys.push((status, id));
    }

    fn len(&self) -> usize {
        self.keys.len()
    }

    fn column(&self, record: usize, column: usize) -> &str {
        let at = record * Records::COLUMNS + column;
        &self.text[if at == 0 { 0 } else { self.ends[at - 1] }..self.ends[at]]
    }

    /// The cells of the records. A record that cannot be read stops the export: an empty row
    /// would look like a worker without data.
    fn cells(&self, cols: &[Column], ctx: &Ctx, with_codes: bool, today: NaiveDate) -> Result<Rows> {
        let mut out = Rows::default();
        for (i, &(status, id)) in self.keys.iter().enumerate() {
            let column = |c| self.column(i, c);
            let form = Form::read(column(0), || stored::worker_name(column(1), id))
                .map_err(|u| Error::Corrupt(format!("导出已停止：{u}")))?;
            let valid_until = column(4);
            let row = Row {
                form: &form,
                status: RosterStatus::of(status, Some(valid_until).filter(|v| !v.is_empty()), today),
                registration_no: column(2),
                valid_from: column(3),
                valid_until,
                card_no: column(5),
            };
            cells(cols, &row, ctx, with_codes, |c| -> Result<()> {
                out.push(c);
                Ok(())
            })?;
            out.end_row();
        }
        Ok(out)
    }
}

/// What the writer receives: first the number of rows, then the rows in batches.
enum Batch {
    Total(i64),
    Rows(Rows),
}

/// Records per batch between the stages: a batch is a progress report of the CSV.
const BATCH: usize = write::PROGRESS_EVERY as usize;
