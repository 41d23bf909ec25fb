//! 登记名册 and 统计 through the real window, on 60 demo records: the admin filters by district
//! and searches, reveals one ID number, exports the filter to CSV and XLSX (read back), prints two
//! records in one PDF (read back with poppler) and opens the statistics.

use crate::accounts::{data_with_admin, login, ADMIN_PASSWORD};
use crate::harness::{core_login, test_app, App};
use calamine::{Reader, Xlsx};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use swreg_core::demo::SeedArgs;
use swreg_core::records::roster::{RosterQuery, RosterRow};
use thirtyfour::prelude::*;

/// 湖里区
const DISTRICT: &str = "350206";

/// What the core answers for a query: what the window must show.
struct Expected {
    total: usize,
    /// The district's rows, first page as the list sorts them.
    district_rows: Vec<RosterRow>,
    /// The search's rows within the district.
    found: Vec<RosterRow>,
    search: String,
    district_total: usize,
}

fn prepare(data: &Path) -> Expected {
    let registry = data_with_admin(data);
    let admin = core_login(&registry, "admin", ADMIN_PASSWORD);
    registry.seed_demo(&admin, SeedArgs { workers: 60, seed: 2026 }).expect("seed demo");
    let query = |district: &str, search: &str| RosterQuery {
        district: district.into(),
        search: search.into(),
        page: 1,
        page_size: 20,
        ..Default::default()
    };
    let all = registry.roster(&admin, query("", "")).unwrap();
    let district = registry.roster(&admin, query(DISTRICT, "")).unwrap();
    assert!(district.total >= 3, "the demo puts a few records in 湖里区, found {}", district.total);
    let search = district.items[0].name.clone();
    let found = registry.roster(&admin, query(DISTRICT, &search)).unwrap();
    assert!(found.total >= 1 && found.total < district.total, "the search narrows the district");
    Expected {
        total: all.total as usize,
        district_total: district.total as usize,
        district_rows: district.items,
        found: found.items,
        search,
    }
}

/// Waits until the list shows exactly `n` rows (the rows of an older answer are gone).
async fn wait_rows(app: &App, n: usize) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let shown = app.count("roster-row-").await;
        if shown == n {
            return;
        }
        assert!(Instant::now() < deadline, "the list shows {shown} rows, expected {n}");
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

async fn text(app: &App, test_id: &str) -> String {
    app.el(test_id).await.text().await.unwrap_or_default().trim().to_owned()
}

/// Waits for a file ending in `ext` in `dir`.
pub async fn saved(dir: &Path, ext: &str) -> PathBuf {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let found = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.extension().is_some_and(|e| e == ext));
        if let Some(path) = found {
            return path;
        }
        assert!(Instant::now() < deadline, "no .{ext} file saved in {}", dir.display());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn admin_filters_reveals_exports_prints_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let expected = prepare(&data);
    let save_dir = out.display().to_string();
    let mut app = App::start_with(&test_app(), &data, "roster", &[("SWREG_TEST_SAVE_DIR", save_dir.as_str())]).await;
    login(&app, "admin", ADMIN_PASSWORD).await;

    // The whole register, 20 to a page.
    app.click("menu-staff-roster").await;
    app.el("roster-page").await;
    wait_rows(&app, expected.total.min(20)).await;
    app.wait_text(&format!("共 {} 条", expected.total)).await;
    app.shot("roster").await;

    // 所在区: 湖里区.
    app.click("roster-district").await;
    app.click(&format!("roster-district-{DISTRICT}")).await;
    wait_rows(&app, expected.district_total.min(20)).await;
    for row in &expected.district_rows {
        assert_eq!(text(&app, &format!("roster-row-{}", row.worker_id)).await, row.name);
    }
    app.shot("district").await;

    // A name, searched with Enter.
    app.fill("roster-search", &expected.search).await;
    app.inner_input("roster-search").await.send_keys(Key::Enter).await.unwrap();
    wait_rows(&app, expected.found.len()).await;
    for row in &expected.found {
        assert_eq!(text(&app, &format!("roster-row-{}", row.worker_id)).await, row.name);
        let id = text(&app, &format!("roster-id-{}", row.worker_id)).await;
        assert!(id.contains('*'), "ID numbers come masked: {id}");
    }
    let url = app.driver.current_url().await.unwrap().to_string();
    assert!(url.contains(&format!("district={DISTRICT}")) && url.contains("search="), "the filter is in the address: {url}");
    app.shot("search").await;

    // 显示 one ID number: a purpose is asked, then the full value shows in place of the mask.
    let who = &expected.found[0];
    app.click(&format!("roster-reveal-id-{}", who.worker_id)).await;
    app.el("reveal-dialog").await;
    app.click("reveal-confirm").await;
    assert!(app.field_error("reveal-purpose").await.contains("查看原因"));
    app.fill("reveal-purpose", "核对本人身份").await;
    app.shot("reveal-purpose").await;
    app.click("reveal-confirm").await;
    let deadline = Instant::now() + Duration::from_secs(10);
    let full = loop {
        let id = text(&app, &format!("roster-id-{}", who.worker_id)).await;
        if !id.contains('*') {
            break id;
        }
        assert!(Instant::now() < deadline, "the ID number stayed masked");
        tokio::time::sleep(Duration::from_millis(150)).await;
    };
    assert_eq!(full.chars().count(), 18, "a full ID number: {full}");
    app.shot("revealed").await;

    // The search cleared: the district alone, exported to CSV then XLSX.
    let search = app.inner_input("roster-search").await;
    search.send_keys(Key::Control + "a").await.unwrap();
    search.send_keys(Key::Backspace).await.unwrap();
    search.send_keys(Key::Enter).await.unwrap();
    wait_rows(&app, expected.district_total.min(20)).await;
    app.click("roster-export").await;
    app.el("export-dialog").await;
    assert_eq!(text(&app, "export-count").await, expected.district_total.to_string());
    assert!(text(&app, "export-filter").await.contains("湖里区"));
    app.click("export-format-csv").await;
    app.shot("export-dialog").await;
    app.click("export-confirm").await;
    app.wait_text(&format!("已导出 {} 条记录", expected.district_total)).await;
    app.shot("exported-csv").await;
    let csv = saved(&out, "csv").await;
    let body = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = body.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len() - 1, expected.district_total, "one line per record after the header:\n{body}");
    assert!(lines[0].contains("身份证号码"), "the header: {}", lines[0]);
    assert!(lines[1].contains("********"), "ID numbers masked: {}", lines[1]);
    assert!(lines.iter().skip(1).all(|l| l.contains("湖里区")), "only the district's records");

    app.click("roster-export").await;
    app.el("export-dialog").await;
    app.click("export-confirm").await;
    let xlsx = saved(&out, "xlsx").await;
    app.wait_text(".xlsx").await;
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).expect("open the XLSX");
    let sheet = book.worksheet_range("登记名册").expect("the register sheet");
    assert_eq!(sheet.height() - 1, expected.district_total, "one row per record after the header");
    let id_col = sheet.rows().next().unwrap().iter().position(|c| c.to_string() == "身份证号码").expect("ID column");
    let first_id = sheet.rows().nth(1).unwrap()[id_col].to_string();
    assert!(first_id.contains("********"), "ID numbers masked in the XLSX: {first_id}");

    // Two records' forms in one PDF.
    let (a, b) = (&expected.district_rows[0], &expected.district_rows[1]);
    app.click(&format!("roster-select-{}", a.worker_id)).await;
    app.click(&format!("roster-select-{}", b.worker_id)).await;
    assert!(text(&app, "roster-selected").await.contains("已选择 2 条"));
    app.shot("selected").await;
    app.click("roster-batch-print").await;
    app.el("batch-print-dialog").await;
    assert_eq!(text(&app, "batch-print-count").await, "2");
    // A purpose is asked for: the forms hold every worker's full data.
    app.click("batch-print-start").await;
    assert!(app.field_error("batch-print-purpose").await.contains("请填写打印用途"));
    app.fill("batch-print-purpose", "年度核查材料归档").await;
    app.shot("batch-print-dialog").await;
    app.click("batch-print-start").await;
    let pdf = saved(&out, "pdf").await;
    app.shot("batch-printed").await;
    let pdf_text = std::process::Command::new("pdftotext").arg(&pdf).arg("-").output().expect("pdftotext (poppler-utils)");
    let pdf_text = String::from_utf8_lossy(&pdf_text.stdout);
    for name in [&a.name, &b.name] {
        assert!(pdf_text.contains(name.as_str()), "{name} not in the batch PDF");
    }

    // One record's detail, and back to the list as it was.
    app.click(&format!("roster-open-{}", a.worker_id)).await;
    app.el("worker-detail-page").await;
    assert_eq!(text(&app, "worker-detail-field-name").await, a.name);
    app.el("worker-detail-applications").await;
    app.shot("detail").await;

    // 访问记录: who read this worker's data — the batch print with its purpose, this detail page.
    app.click("worker-detail-access").await;
    app.el("access-worker").await;
    let deadline = Instant::now() + Duration::from_secs(15);
    let views = loop {
        let views = app.texts("access-row-view-").await;
        if views.iter().any(|v| v == "查看名册详情") || Instant::now() >= deadline {
            break views;
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    };
    assert_eq!(views.iter().filter(|v| *v == "批量打印登记表").count(), 1, "{views:?}");
    assert_eq!(views.iter().filter(|v| *v == "查看名册详情").count(), 1, "{views:?}");
    assert!(app.texts("access-row-note-").await.iter().any(|n| n.contains("用途：年度核查材料归档")));
    app.shot("access-log").await;
    app.driver.back().await.expect("back to the detail page");
    app.el("worker-detail-page").await;
    app.click("worker-detail-back").await;
    wait_rows(&app, expected.district_total.min(20)).await;
    assert!(app.driver.current_url().await.unwrap().to_string().contains(&format!("district={DISTRICT}")));

    // 统计 of the whole register.
    app.click("menu-staff-stats").await;
    app.el("stats-page").await;
    app.el("stats-status-table").await;
    assert_eq!(text(&app, "stats-total").await, expected.total.to_string());
    assert_eq!(text(&app, &format!("stats-district-count-{DISTRICT}")).await, expected.district_total.to_string());
    for table in ["stats-sex-table", "stats-title-table", "stats-age-table", "stats-education-table", "stats-field-table"] {
        app.el(table).await;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    app.shot("stats").await;
    app.click("stats-field").await;
    app.shot("stats-field").await;
    app.click("stats-export").await;
    app.wait_text("已导出统计表").await;
    app.quit().await;
    let stats = std::fs::read_dir(&out)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .any(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("社会工作者登记统计")));
    assert!(stats, "the statistics XLSX is saved");
}
