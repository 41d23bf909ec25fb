//! 信息预览打印: the 《社会工作者登记申请表》 of a record, one or many, as PDF.

use crate::audit::{self, AuditAction, Entry};
use crate::registration::codes::{self, CodeTables, Kind as CodeKind};
use crate::error::{io_error, Error, Result};
use crate::partial::Partial;
use crate::private::{create_private, Noted, PRINT_NOTES, PRINT_PREFIX};
use crate::registration::pdf::{self, FormData, TitleData};
use crate::registration::record::RecordForm;
use crate::registry::Registry;
use crate::registration::worker::{load_worker, may_print, Target};
use crate::registration::workflow::RecordStatus;
use base64::Engine;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use ts_rs::TS;

/// A PDF for the page: the bytes as base64, how many pages, the warnings to show, and the file
/// name to save it under (社会工作者登记申请表-姓名-登记号.pdf).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PdfDocument {
    pub base64: String,
    #[ts(type = "number")]
    pub pages: usize,
    pub warnings: Vec<String>,
    pub file_name: String,
}

/// The most forms one batch holds: the whole document is built in memory (about 60 KB a form).
pub const MAX_BATCH: usize = 2000;

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BatchPdfArgs {
    #[ts(type = "Array<number>")]
    pub worker_ids: Vec<i64>,
    /// 打印用途: required; noted with every worker in the 访问日志.
    pub purpose: String,
}

/// What one worker's form prints: a submitted application's form while it waits for review
/// (the 申请表 being applied with), else the record as it stands.
fn form_of(conn: &Connection, worker_id: i64) -> Result<(RecordForm, Option<String>, RecordStatus)> {
    let w = load_worker(conn, worker_id)?;
    let waiting: Option<String> = conn
        .query_row(
            "SELECT data FROM applications WHERE worker_id = ?1 AND status = 'submitted' AND data IS NOT NULL
             ORDER BY submitted_at DESC LIMIT 1",
            [worker_id],
            |r| r.get(0),
        )
        .optional()?;
    let form = match waiting {
        Some(d) => crate::registration::record::stored_form(&d, || format!("{}正在审核的申请", crate::stored::worker_name(&w.data.name, worker_id)))?,
        None => w.data,
    };
    Ok((form, w.registration_no, w.status))
}

fn form_data(conn: &Connection, codes: &CodeTables, form: &RecordForm, registration_no: Option<String>, today: chrono::NaiveDate) -> Result<FormData> {
    let label = |kind: CodeKind, v: &str| codes::label(codes, kind, v).unwrap_or(v).to_owned();
    let photo_jpeg = match form.photo_id {
        Some(id) => conn.query_row("SELECT jpeg FROM photos WHERE id = ?1", [id], |r| r.get(0)).optional()?,
        None => None,
    };
    let title = (!form.title.is_empty()).then(|| TitleData {
        label: label(CodeKind::Title, &form.title),
        cert_no: form.title_cert_no.clone(),
        date: form.title_date.clone(),
        scores: codes
            .subjects(&form.title)
            .iter()
            .map(|s| (s.label.clone(), form.title_scores.get(&s.subject).cloned().unwrap_or_default()))
            .collect(),
    });
    Ok(FormData {
        registration_no,
        print_date: today,
        name: form.name.clone(),
        sex: label(CodeKind::Sex, &form.sex),
        id_number: form.id_number.clone(),
        birth_date: form.birth_date.clone(),
        ethnicity: label(CodeKind::Ethnicity, &form.ethnicity),
        xiamen_hukou: form.xiamen_hukou,
        native_place: form.native_place.clone(),
        marital: label(CodeKind::Marital, &form.marital),
        political: label(CodeKind::Political, &form.political),
        education: label(CodeKind::Education, &form.education),
        school: form.school.clone(),
        major: form.major.clone(),
        graduation_date: form.graduation_date.clone(),
        work_start_date: form.work_start_date.clone(),
        photo_jpeg,
        address: form.contact.address.clone(),
        postcode: form.contact.postcode.clone(),
        mobile: form.contact.mobile.clone(),
        office_phone: form.contact.office_phone.clone(),
        email: form.contact.email.clone(),
        qq: form.contact.qq.clone(),
        full_time: form.full_time,
        service_start_date: form.service_start_date.clone(),
        position: label(CodeKind::Position, &form.position),
        district: label(CodeKind::District, &form.district),
        employer: form.employer.clone(),
        title,
        fields: codes.field.iter().map(|c| (c.label.clone(), form.fields.contains(&c.code))).collect(),
        experience: form.experience.clone(),
    })
}

/// The default file name: 社会工作者登记申请表-姓名-登记号.pdf (without 登记号 before approval).
pub fn file_name(name: &str, registration_no: Option<&str>) -> String {
    let safe = |s: &str| s.chars().filter(|c| !matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')).collect::<String>();
    match registration_no {
        Some(no) => format!("社会工作者登记申请表-{}-{}.pdf", safe(name), safe(no)),
        None => format!("社会工作者登记申请表-{}.pdf", safe(name)),
    }
}

impl Registry {
    /// One worker's form: a worker their own (once submitted), staff anyone's. Printing is logged.
    pub fn record_pdf(&self, token: &str, target: Target) -> Result<PdfDocument> {
        let actor = self.actor(token)?;
        let worker_id = self.target(&actor, target.worker_id)?;
        let today = self.clock().today();
        let data = {
            let conn = self.db();
            let (form, no, status) = form_of(&conn, worker_id)?;
            if !actor.role.is_staff() {
                let sent = conn
                    .query_row("SELECT 1 FROM applications WHERE worker_id = ?1 AND kind = 'initial' AND status <> 'draft'", [worker_id], |_| Ok(()))
                    .optional()?
                    .is_some();
                may_print(status, sent).map_err(Error::Conflict)?;
            }
            let codes = codes::load(&conn)?;
            audit::append(&conn, self.clock().now(), Entry {
                actor: crate::audit::actor_id(&actor),
                worker: Some(worker_id),
                ..Entry::new(AuditAction::RecordPrint)
            })?;
            crate::access::note(&conn, self.clock().now(), &actor, crate::access::Access {
                worker: worker_id,
                view: crate::access::AccessView::Print,
                application: None,
                note: None,
            })?;
            form_data(&conn, &codes, &form, no, today)?
        };
        let rendered = pdf::render(&data)?;
        Ok(PdfDocument {
            base64: base64::engine::general_purpose::STANDARD.encode(&rendered.pdf),
            pages: rendered.pages,
            warnings: rendered.warnings,
            file_name: file_name(&data.name, data.registration_no.as_deref()),
        })
    }

    /// Many workers' forms in one PDF, for staff; `progress(done, total)` returning false cancels.
    pub fn batch_pdf(&self, token: &str, args: &BatchPdfArgs, progress: &mut dyn FnMut(usize, usize) -> bool) -> Result<pdf::Rendered> {
        let actor = self.actor(token)?;
        actor.require_staff()?;
        let purpose = crate::validate::clean_text(&args.purpose, 200, false).map_err(|m| Error::field("purpose", m))?;
        if purpose.is_empty() {
            return Err(Error::field("purpose", "请填写打印用途"));
        }
        if actor.role != crate::Role::Admin
            && crate::settings::get_text(&self.db(), crate::settings::BATCH_PRINT_ROLES)? == crate::settings::BATCH_PRINT_ADMINS
        {
            return Err(Error::Forbidden);
        }
        if args.worker_ids.is_empty() {
            return Err(Error::Conflict("请先选择要打印的记录".into()));
        }
        if args.worker_ids.len() > MAX_BATCH {
            return Err(Error::Conflict(format!(
                "一次最多打印 {MAX_BATCH} 份登记表（已选择 {} 份），请缩小范围后分批打印",
                args.worker_ids.len()
            )));
        }
        let today = self.clock().today();
        let now = self.clock().now();
        let forms = {
            let conn = self.db();
            let codes = codes::load(&conn)?;
            let mut forms = Vec::with_capacity(args.worker_ids.len());
            for id in &args.worker_ids {
                let (form, no, _) = form_of(&conn, *id)?;
                forms.push(form_data(&conn, &codes, &form, no, today)?);
            }
            for id in &args.worker_ids {
                audit::append(&conn, now, Entry {
                    actor: crate::audit::actor_id(&actor),
                    worker: Some(*id),
                    note: Some(format!("批量打印（{}份），用途：{purpose}", args.worker_ids.len())),
                    ..Entry::new(AuditAction::RecordPrint)
                })?;
                crate::access::note(&conn, now, &actor, crate::access::Access {
                    worker: *id,
                    view: crate::access::AccessView::BatchPrint,
                    application: None,
                    note: Some(format!("批量打印 {} 份，用途：{purpose}", args.worker_ids.len())),
                })?;
            }
            forms
        };
        pdf::render_many(&forms, progress)
    }
}

/// Where print folders are made: the user's runtime folder (private, in memory) when there is one,
/// else the system's temporary folder.
fn print_root() -> PathBuf {
    match std::env::var_os("XDG_RUNTIME_DIR") {
        Some(d) if Path::new(&d).is_dir() => PathBuf::from(d),
        _ => std::env::temp_dir(),
    }
}

impl Registry {
    /// Saves bytes the user chose to save (a PDF): never over the live database, 0600, through a
    /// partial file renamed when whole.
    pub fn save_file(&self, out: &Path, bytes: &[u8]) -> Result<()> {
        save_file(self.data_dir(), out, bytes)
    }

    /// A copy of a printed form for the system's viewer, in a new private folder (0700, random
    /// name, noted so that the next start deletes it).
    pub fn print_copy(&self, file_name: &str, bytes: &[u8]) -> Result<PathBuf> {
        print_copy(self.data_dir(), file_name, bytes)
    }
}

/// [`Registry::save_file`] for the app's data folder `data_dir`, with or without a registry (a
/// desktop app connected to a server saves the files it downloads the same way).
pub fn save_file(data_dir: &Path, out: &Path, bytes: &[u8]) -> Result<()> {
    let partial = Partial::new(data_dir, out)?;
    let mut file = OpenOptions::new().write(true).open(partial.path()).map_err(|e| io_error(out, e))?;
    file.write_all(bytes).and_then(|()| file.sync_all()).map_err(|e| io_error(out, e))?;
    partial.commit(out)
}

/// [`Registry::print_copy`] for the app's data folder `data_dir`, with or without a registry.
pub fn print_copy(data_dir: &Path, file_name: &str, bytes: &[u8]) -> Result<PathBuf> {
    let failed = |e: std::io::Error| Error::File(format!("无法写入打印文件：{e}"));
    let root = print_root();
    let mut attempts = 0;
    let folder = loop {
        let folder = root.join(format!("{PRINT_PREFIX}{:016x}", rand::random::<u64>()));
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        match builder.create(&folder) {
            Ok(()) => break folder,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempts < 10 => attempts += 1,
            Err(e) => return Err(failed(e)),
        }
    };
    // Noted for the next start's sweep, and kept noted: the viewer reads it after this returns.
    Noted::new(data_dir, PRINT_NOTES, &folder)?;
    // Only the name's last component, so a crafted name cannot leave the folder.
    let name = Path::new(file_name).file_name().map(|n| n.to_os_string()).unwrap_or_else(|| "登记申请表.pdf".into());
    let path = folder.join(name);
    let mut file = create_private(&path).map_err(failed)?;
    file.write_all(bytes).map_err(failed)?;
    Ok(path)
}
