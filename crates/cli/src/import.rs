//! `template` and `import`: a bureau's existing register brought in from a spreadsheet, with
//! the same checks and the same error report as the app's 导入 page.
//!
//! Exit codes: 0 every row passed (and, without --dry-run, was imported); 3 some rows were
//! refused (listed in the report; nothing imported unless --skip-invalid, which imports the
//! rest); 1 the file could not be read or the import failed (nothing imported).

use crate::{describe, ensure_parent, Progress};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use swreg_core::records::import::{ImportFiles, ImportRunArgs};
use swreg_core::Registry;

/// The exit code of a run with refused rows.
pub const REFUSED: u8 = 3;

pub fn template(registry: &Registry, token: &str, out: &Path) -> Result<ExitCode, String> {
    ensure_parent(out)?;
    registry.import_template(token, out).map_err(describe)?;
    println!("已写入导入模板：{}", out.display());
    Ok(ExitCode::SUCCESS)
}

pub struct ImportOptions {
    pub file: PathBuf,
    pub photos: Option<PathBuf>,
    pub dry_run: bool,
    pub skip_invalid: bool,
    pub report: PathBuf,
}

pub fn import(registry: &Registry, token: &str, o: ImportOptions) -> Result<ExitCode, String> {
    ensure_parent(&o.report)?;
    let files = ImportFiles { sheet: o.file.clone(), photos: o.photos.clone() };
    let check = registry.import_check(token, &files, Some(&o.report)).map_err(describe)?;
    println!(
        "检查 {}（SHA-256 {}）：共 {} 行，通过 {} 行（其中已登记 {} 行、有照片 {} 行），未通过 {} 行；示例行 {} 行未读取",
        check.file_name, check.sha256, check.rows, check.valid, check.registered, check.with_photo, check.invalid, check.examples
    );
    if !check.ignored_columns.is_empty() {
        println!("未识别的列（已忽略）：{}", check.ignored_columns.join("、"));
    }
    if !check.unmatched_photos.is_empty() {
        println!("压缩包中没有对应行的照片：{}", check.unmatched_photos.join("、"));
    }
    for p in check.problems.iter().take(20) {
        eprintln!("  第{}行 {}：{}", p.line, p.name, p.errors);
    }
    if check.invalid > 0 {
        println!("错误报告：{}（修改后可重新导入）", o.report.display());
    }
    if o.dry_run {
        println!("试运行：没有写入任何记录");
        return Ok(if check.invalid > 0 { ExitCode::from(REFUSED) } else { ExitCode::SUCCESS });
    }
    if check.invalid > 0 && !o.skip_invalid {
        eprintln!("错误：有{}行未通过检查，没有导入任何记录（加 --skip-invalid 只导入通过检查的行）", check.invalid);
        return Ok(ExitCode::from(REFUSED));
    }
    if check.valid == 0 {
        return Err("文件中没有可导入的行".into());
    }
    let mut bar = Progress::new("导入");
    let s = registry
        .import(token, &files, ImportRunArgs { skip_invalid: o.skip_invalid }, &mut |done, total| {
            bar.show(done, total);
            true
        })
        .map_err(describe)?;
    bar.finish();
    println!("已导入 {} 条记录{}", s.imported, if s.skipped > 0 { format!("，{} 行未导入（见错误报告）", s.skipped) } else { String::new() });
    Ok(if s.skipped > 0 { ExitCode::from(REFUSED) } else { ExitCode::SUCCESS })
}
