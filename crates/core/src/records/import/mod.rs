//! 导入: a bureau's existing register brought in from a spreadsheet (PRODUCT.md §9).
//!
//! `template` writes the XLSX to fill; `read` reads the clerk's file (XLSX or CSV) and `photos`
//! the ZIP beside it; `row` makes each row a record with the same checks as a submission;
//! `check` finds what is repeated in the file or already in the register; `report` writes the
//! refused rows back with their reasons; `write` stores the valid rows in one transaction.
//! A check (the dry run) writes nothing; the import checks everything again inside its
//! transaction, so that what it writes is what the register allows at that moment.

mod check;
mod columns;
mod photos;
mod read;
mod report;
mod row;
pub(crate) mod template;
mod write;

pub use write::CANCELLED;

use crate::accounts::password;
use crate::accounts::session::{Actor, Role};
use crate::audit;
use crate::error::{Error, Result};
use crate::partial::Partial;
use crate::registration::codes::{self, CodeTables};
use crate::registration::photo;
use crate::registry::Registry;
use crate::settings;
use columns::{columns, Column, ERRORS_HEADER, LINE_HEADER};
use row::Row;
use template::EXAMPLE;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// The files of one import: the sheet, and the photos' ZIP if there is one.
#[derive(Debug, Clone)]
pub struct ImportFiles {
    pub sheet: PathBuf,
    pub photos: Option<PathBuf>,
}

/// 导入 (after the check): whether the refused rows are left out (`true`) or stop the import.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportRunArgs {
    pub skip_invalid: bool,
}

/// A refused row as the page lists it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportProblem {
    pub line: u32,
    pub name: String,
    /// 身份证号码：…；邮编：…
    pub errors: String,
}

/// 导入检查: what the file would bring in, written nowhere.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportCheck {
    pub file_name: String,
    pub sha256: String,
    pub has_photos: bool,
    /// Rows read, the example rows and empty rows left out.
    pub rows: u32,
    pub valid: u32,
    pub invalid: u32,
    /// Valid rows that come in as 已登记 (with their 登记证号).
    pub registered: u32,
    /// Valid rows with a photo from the ZIP.
    pub with_photo: u32,
    /// The template's example rows, skipped.
    pub examples: u32,
    /// Headers the import does not know, ignored.
    pub ignored_columns: Vec<String>,
    /// Photos in the ZIP that no row's ID number names (at most 20).
    pub unmatched_photos: Vec<String>,
    /// The first refused rows (at most 100); the report has them all.
    pub problems: Vec<ImportProblem>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportSummary {
    pub imported: u32,
    /// Refused rows left out (with 只导入通过检查的行).
    pub skipped: u32,
    pub file_name: String,
    pub sha256: String,
}

/// The most bytes a sheet may have.
const MAX_SHEET_BYTES: u64 = 100 * 1024 * 1024;

/// A file read and every row checked on its own and against the others.
struct Loaded {
    file_name: String,
    sha256: String,
    headers: Vec<String>,
    rows: Vec<Row>,
    examples: u32,
    ignored_columns: Vec<String>,
    unmatched_photos: Vec<String>,
    has_photos: bool,
}

impl Loaded {
    fn check(&self) -> ImportCheck {
        let valid: Vec<&Row> = self.rows.iter().filter(|r| r.is_valid()).collect();
        ImportCheck {
            file_name: self.file_name.clone(),
            sha256: self.sha256.clone(),
            has_photos: self.has_photos,
            rows: self.rows.len() as u32,
            valid: valid.len() as u32,
            invalid: (self.rows.len() - valid.len()) as u32,
            registered: valid.iter().filter(|r| r.registration.is_some()).count() as u32,
            with_photo: valid.iter().filter(|r| r.photo.is_some()).count() as u32,
            examples: self.examples,
            ignored_columns: self.ignored_columns.clone(),
            unmatched_photos: self.unmatched_photos.clone(),
            problems: self
                .rows
                .iter()
                .filter(|r| !r.is_valid())
                .take(100)
                .map(|r| ImportProblem { line: r.line, name: r.form.name.clone(), errors: r.describe_errors() })
                .collect(),
        }
    }
}

fn read_sheet(path: &Path) -> Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| Error::field("file", format!("无法打开文件 {}：{e}", path.display())))?;
    let mut bytes = Vec::new();
    file.take(MAX_SHEET_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::field("file", format!("无法读取文件 {}：{e}", path.display())))?;
    if bytes.len() as u64 > MAX_SHEET_BYTES {
        return Err(Error::field("file", "文件过大（不能超过100MB），请拆成几份导入"));
    }
    Ok(bytes)
}

/// Reads and checks the file and photos; nothing from the register yet.
fn load(files: &ImportFiles, codes: &CodeTables, today: chrono::NaiveDate) -> Result<Loaded> {
    let bytes = read_sheet(&files.sheet)?;
    let sha256 = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect::<String>();
    let sheet = read::read(&bytes)?;
    drop(bytes);
    let all = columns(codes);
    let mut found: Vec<Option<&Column>> = Vec::new();
    let mut ignored = Vec::new();
    for h in &sheet.headers {
        let col = columns::find(&all, h);
        if let Some(c) = col {
            if found.iter().flatten().any(|f| f.header == c.header) {
                return Err(Error::field("file", format!("表头中“{}”列出现了两次", c.header)));
            }
        } else if !h.trim().is_empty() && h.trim() != LINE_HEADER && h.trim() != ERRORS_HEADER {
            ignored.push(h.trim().to_owned());
        }
        found.push(col);
    }
    let missing: Vec<&str> = all
        .iter()
        .filter(|c| c.required && !found.iter().flatten().any(|f| f.header == c.header))
        .map(|c| c.header.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(Error::field("file", format!("文件缺少必填的列：{}。请使用导入模板", missing.join("、"))));
    }
    let name_col = found.iter().position(|c| c.is_some_and(|c| c.header == crate::registration::record::fields::FieldKey::Name.column()));
    let mut rows = Vec::new();
    let mut examples = 0;
    for (line, cells) in &sheet.rows {
        if cells.iter().all(read::Cell::is_empty) {
            continue;
        }
        if name_col.and_then(|i| cells.get(i)).is_some_and(|c| c.display().trim_start().starts_with(EXAMPLE)) {
            examples += 1;
            continue;
        }
        rows.push(row::read_row(*line, cells, &found, &all, codes, today));
    }
    let mut unmatched = Vec::new();
    if let Some(zip) = &files.photos {
        let mut photos = photos::read(zip)?;
        for r in rows.iter_mut() {
            let Some(bytes) = photos.by_id.remove(&r.form.id_number.to_ascii_uppercase()) else { continue };
            match photo::process(&bytes) {
                Ok(jpeg) => r.photo = Some(jpeg),
                Err(Error::Invalid(e)) => {
                    let m = e.into_iter().next().map(|f| f.message).unwrap_or_default();
                    r.add(crate::registration::record::fields::FieldKey::Photo.label(), m);
                }
                Err(e) => return Err(e),
            }
        }
        let mut left: Vec<String> = photos.by_id.into_keys().collect();
        left.sort();
        unmatched = left.into_iter().take(20).collect();
    }
    check::within_file(&mut rows);
    let file_name = files.sheet.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok(Loaded {
        file_name,
        sha256,
        headers: sheet.headers,
        rows,
        examples,
        ignored_columns: ignored,
        unmatched_photos: unmatched,
        has_photos: files.photos.is_some(),
    })
}

impl Registry {
    /// Who may import: admins, and reviewers when 安全设置 allows it.
    fn importer(&self, token: &str) -> Result<Actor> {
        let actor = self.actor(token)?;
        actor.require_staff()?;
        if actor.role != Role::Admin && settings::get_int(&*self.read()?, settings::IMPORT_BY_REVIEWERS)? == 0 {
            return Err(Error::Forbidden);
        }
        Ok(actor)
    }

    /// Whether the caller may import (the menu and page ask before showing it).
    pub fn may_import(&self, token: &str) -> Result<bool> {
        match self.importer(token) {
            Ok(_) => Ok(true),
            Err(Error::Forbidden) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// 下载导入模板: the template written to `out`.
    pub fn import_template(&self, token: &str, out: &Path) -> Result<()> {
        self.importer(token)?;
        let codes = codes::load(&self.db())?;
        let partial = Partial::new(self.data_dir(), out)?;
        template::write(partial.path(), &codes)?;
        partial.commit(out)
    }

    /// The dry run: every row checked as the import would check it, against the register as it
    /// is now; nothing is written but the error report, when `report` names one.
    pub fn import_check(&self, token: &str, files: &ImportFiles, report: Option<&Path>) -> Result<ImportCheck> {
        self.importer(token)?;
        let codes = codes::load(&self.db())?;
        let mut loaded = load(files, &codes, self.clock().today())?;
        let taken = check::Taken::load(&self.db())?;
        taken.check(&mut loaded.rows);
        if let Some(out) = report {
            let partial = Partial::new(self.data_dir(), out)?;
            report::write(partial.path(), &loaded.headers, &loaded.rows)?;
            partial.commit(out)?;
        }
        Ok(loaded.check())
    }

    /// 导入: checks the file again and writes its valid rows in one transaction — all of them or
    /// none. Refused rows stop the import unless `skip_invalid`. `progress(done, total)` returning
    /// false cancels it: nothing is written and the result is `Err(Cancelled(CANCELLED))`.
    pub fn import(
        &self,
        token: &str,
        files: &ImportFiles,
        args: ImportRunArgs,
        progress: &mut dyn FnMut(u64, u64) -> bool,
    ) -> Result<ImportSummary> {
        let actor = self.importer(token)?;
        let codes = codes::load(&self.db())?;
        let now = self.clock().now();
        let mut loaded = load(files, &codes, self.clock().today())?;
        // Hashed before the database is locked; no one ever learns the password.
        let sealed_hash = password::hash(&password::temporary());
        let mut conn = self.db();
        let tx = conn.transaction()?;
        check::Taken::load(&tx)?.check(&mut loaded.rows);
        let valid: Vec<&Row> = loaded.rows.iter().filter(|r| r.is_valid()).collect();
        let skipped = (loaded.rows.len() - valid.len()) as u32;
        if skipped > 0 && !args.skip_invalid {
            return Err(Error::Conflict(format!(
                "有{skipped}行未通过检查，没有导入任何记录：请按错误报告修改后重新导入，或选择只导入通过检查的行"
            )));
        }
        if valid.is_empty() {
            return Err(Error::Conflict("文件中没有可导入的行".into()));
        }
        let batch = write::Batch {
            actor: audit::actor_id(&actor),
            now,
            file_name: &loaded.file_name,
            sha256: &loaded.sha256,
            sealed_hash: &sealed_hash,
            full_time_years: settings::get_int(&tx, settings::PERIOD_FULL_TIME_YEARS)? as i32,
            other_years: settings::get_int(&tx, settings::PERIOD_OTHER_YEARS)? as i32,
        };
        write::write(&tx, &valid, &batch, progress)?;
        tx.commit()?;
        Ok(ImportSummary { imported: valid.len() as u32, skipped, file_name: loaded.file_name.clone(), sha256: loaded.sha256.clone() })
    }
}
