//! 导入 through the real window: 下载导入模板, the template filled by a script, 选择文件并检查 (the
//! dry run's counts and the refused row), 下载错误报告, the file corrected, 重新检查, then 导入
//! after the confirmation — and the records found in the register.

use crate::accounts::{data_with_admin, login, ADMIN_PASSWORD};
use crate::harness::{core_login, test_app, App};
use calamine::{open_workbook, Reader, Xlsx};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use swreg_core::{Registry, SystemClock};

#[path = "../../../core/tests/common/import_kit.rs"]
mod import_kit;

async fn text(app: &App, test_id: &str) -> String {
    app.el(test_id).await.text().await.unwrap_or_default().trim().to_owned()
}

/// Waits until a file whose name starts with `prefix` is in `dir`.
async fn wait_file(dir: &Path, prefix: &str) -> PathBuf {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let found = std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with(prefix) && !n.to_string_lossy().ends_with(".partial")));
        if let Some(p) = found {
            return p;
        }
        assert!(Instant::now() < deadline, "no file {prefix}… was saved");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// Waits until the element shows `want`.
async fn wait_for(app: &App, test_id: &str, want: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if text(app, test_id).await == want {
            return;
        }
        assert!(Instant::now() < deadline, "{test_id} never showed {want}");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

fn rows_of(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.worksheet_range(sheet).unwrap().rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn template_fill_dry_run_report_fix_and_import() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    drop(data_with_admin(&data));
    let sheet = dir.path().join("旧名册.xlsx");
    let (save_dir, sheet_env) = (out.display().to_string(), sheet.display().to_string());
    let env = [("SWREG_TEST_SAVE_DIR", save_dir.as_str()), ("SWREG_TEST_IMPORT_FILE", sheet_env.as_str())];
    let mut app = App::start_with(&test_app(), &data, "import", &env).await;
    login(&app, "admin", ADMIN_PASSWORD).await;
    app.menu("menu-staff-import").await;
    app.el("import-page").await;

    // The template, filled by a script; the third person's postcode is wrong.
    app.click("import-template").await;
    let template = wait_file(&out, "社会工作者登记信息导入模板").await;
    let headers = rows_of(&template, "登记信息").remove(0);
    let mut people: Vec<import_kit::Person> = (0..3).map(import_kit::person).collect();
    people[2].set("邮编", "36");
    import_kit::write_xlsx(&sheet, &headers, &people);

    // The dry run: counts and the refused row.
    app.click("import-choose").await;
    app.el("import-check").await;
    wait_for(&app, "import-valid", "2").await;
    assert_eq!(text(&app, "import-invalid").await, "1");
    assert_eq!(text(&app, "import-problem-4").await, "邮编：邮编应为6位数字");
    app.shot("dry-run").await;

    // The error report repeats the row with its reason.
    app.click("import-report").await;
    let report = wait_file(&out, "导入错误报告").await;
    let rows = rows_of(&report, "错误报告");
    assert_eq!(rows.len(), 2);
    assert!(rows[1].iter().any(|c| c == "邮编：邮编应为6位数字"), "{:?}", rows[1]);

    // Corrected, checked again, imported after the confirmation.
    people[2].set("邮编", "361000");
    import_kit::write_xlsx(&sheet, &headers, &people);
    app.click("import-recheck").await;
    wait_for(&app, "import-invalid", "0").await;
    assert_eq!(text(&app, "import-valid").await, "3");
    app.click("import-run").await;
    app.el("confirm-dialog").await;
    app.shot("confirm").await;
    app.click("confirm-ok").await;
    app.el("import-done").await;
    app.wait_text("已导入 3 条记录").await;
    app.shot("done").await;

    let registry = Registry::open(&data, Arc::new(SystemClock)).unwrap();
    let admin = core_login(&registry, "admin", ADMIN_PASSWORD);
    for p in &people {
        let q = swreg_core::records::roster::RosterQuery { search: p.form.name.clone(), page: 1, page_size: 20, ..Default::default() };
        let page = registry.roster(&admin, q).unwrap();
        assert!(!page.items.is_empty(), "{} is in the register", p.form.name);
    }
    app.quit().await;
}
