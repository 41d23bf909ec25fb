//! 导入 of 10,000 rows: the template's columns filled by a script (the tests' kit), checked (the
//! dry run with its error report) and imported in one transaction into an empty register and into
//! one that already holds those 10,000 (every row refused as a duplicate).
//!
//! `cargo bench -p swreg-core --bench import`; `SWREG_BENCH_ROWS` changes the count. The figures
//! printed are what BENCHMARKS.md records.

#[path = "../tests/common/import_kit.rs"]
mod import_kit;

use calamine::{open_workbook, Reader, Xlsx};
use std::sync::Arc;
use std::time::Instant;
use swreg_core::accounts::login::SetupAdminArgs;
use swreg_core::records::import::{ImportFiles, ImportRunArgs};
use swreg_core::{Registry, SystemClock};

fn main() {
    let rows: u32 = std::env::var("SWREG_BENCH_ROWS").ok().and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let dir = tempfile::tempdir().unwrap();
    let registry = Registry::open(dir.path(), Arc::new(SystemClock)).unwrap();
    let admin = registry
        .setup_admin(SetupAdminArgs {
            username: "admin".into(),
            display_name: "管理员".into(),
            password: "Admin2026x".into(),
            password_confirm: "Admin2026x".into(),
        })
        .unwrap();
    let tpl = dir.path().join("模板.xlsx");
    registry.import_template(&admin.token, &tpl).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&tpl).unwrap();
    let headers: Vec<String> = wb.worksheet_range("登记信息").unwrap().rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    let people: Vec<import_kit::Person> = (0..rows).map(import_kit::person).collect();
    let file = dir.path().join("名册.xlsx");
    import_kit::write_xlsx(&file, &headers, &people);
    let files = ImportFiles { sheet: file.clone(), photos: None };
    let size = std::fs::metadata(&file).unwrap().len();

    let t = Instant::now();
    let check = registry.import_check(&admin.token, &files, Some(&dir.path().join("报告.xlsx"))).unwrap();
    let dry = t.elapsed();
    assert_eq!(check.valid, rows, "{:?}", check.problems.first());

    let t = Instant::now();
    let s = registry.import(&admin.token, &files, ImportRunArgs { skip_invalid: false }, &mut |_, _| true).unwrap();
    let import = t.elapsed();
    assert_eq!(s.imported, rows);

    let t = Instant::now();
    let again = registry.import_check(&admin.token, &files, Some(&dir.path().join("报告2.xlsx"))).unwrap();
    let refused = t.elapsed();
    assert_eq!(again.invalid, rows);

    println!("import of {rows} rows ({:.1} MiB XLSX):", size as f64 / 1048576.0);
    println!("  dry run with report, all valid      {:>8.2} s", dry.as_secs_f64());
    println!("  import (check again + one transaction) {:>5.2} s", import.as_secs_f64());
    println!("  dry run, every row refused + report {:>8.2} s", refused.as_secs_f64());
}
