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
//! `columns` makes a row's cells; `write` writes them out.

use crate::audit::{self, AuditAction, Entry};
use crate::registration::codes;
use crate::error::{Error, Result};
use crate::partial::Partial;
use crate::registry::Registry;
use crate::stored;
use crate::records::roster::{self, RosterQuery, RosterStatus};
use crate::validate;
use rusqlite::types::Type;
use rusqlite::{params_from_iter, Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use std::path::Path;
use ts_rs::TS;

mod columns;
mod form;
mod write;

use columns::{cells, columns, headers, Ctx, Row, Rows};
use form::Form;
pub(crate) use columns::describe_query;
use write::{write_csv, write_xlsx, CsvChunk, ExportNote};

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
                         (SELECT c.card_no FROM cards c WHERE c.worker_id = w.id AND c.status = 'valid'), w.id, w.name",
                        sort,
                        total,
                        total,
                        all,
                    );
                    let mut stmt = tx.prepare(&sql)?;
                    let mut rows = stmt.query(params_from_iter(f.select_params(&sql)))?;
                    let mut batch = Rows::default();
                    let mut csv = (format == ExportFormat::Csv).then(CsvChunk::new);
                    while let Some(r) = rows.next()? {
                        let text = |i: usize| -> Result<&str> {
                            Ok(r.get_ref(i)?.as_str_or_null().map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, Type::Text, Box::new(e)))?.unwrap_or(""))
                        };
                        let valid_until = text(4)?;
                        // A record that cannot be read stops the export: an empty row would
                        // look like a worker without data.
                        let form = Form::read(text(0)?, || stored::worker_name(text(7).unwrap_or_default(), r.get(6).unwrap_or(0)))
                            .map_err(|u| Error::Corrupt(format!("导出已停止：{u}")))?;
                        let row = Row {
                            form: &form,
                            status: RosterStatus::of(r.get(1)?, Some(valid_until).filter(|v| !v.is_empty()), today),
                            registration_no: text(2)?,
                            valid_from: text(3)?,
                            valid_until,
                            card_no: text(5)?,
                        };
                        let full = match &mut csv {
                            // CSV is encoded here, so that the writer only writes bytes.
                            Some(chunk) => {
                                cells(cols, &row, ctx, with_codes, |c| chunk.cell(c))?;
                                chunk.end_row()?;
                                chunk.full().then(|| chunk.take()).transpose()?.map(Batch::Csv)
                            }
                            None => {
                                cells(cols, &row, ctx, with_codes, |c| -> Result<()> {
                                    batch.push(c);
                                    Ok(())
                                })?;
                                batch.end_row();
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
                    let mut next = move || -> Result<Option<Rows>> {
                        loop {
                            match batches.recv() {
                                Ok(Ok(Batch::Rows(rows))) => return Ok(Some(rows)),
                                Ok(Ok(_)) => {}
                                Ok(Err(e)) => return Err(e),
                                // The reader is done.
                                Err(_) => return Ok(None),
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

/// What the reader thread sends: first the number of rows, then the rows in batches.
enum Batch {
    Total(i64),
    /// Rows of cells, for the XLSX writer.
    Rows(Rows),
    /// CSV bytes and the number of rows they hold.
    Csv((Vec<u8>, u64)),
}

/// Rows per batch between the reader and the writer.
const BATCH: usize = 256;
