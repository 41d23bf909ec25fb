//! 导出: XLSX and CSV files read back and compared with the register's rows; cell types, masking,
//! who may export what, the audit entry, cancelling.

use crate::roster::{all_rows, known, reviewer, seeded, Known, PEOPLE};
use calamine::{open_workbook, Data, Reader, Xlsx};
use chrono::NaiveDate;
use std::io::Read;
use std::path::{Path, PathBuf};
use swreg_core::audit::AuditQuery;
use swreg_core::records::export::{ExportArgs, ExportFormat, ExportSummary, CANCELLED};
use swreg_core::records::roster::{RosterQuery, RosterSort, RosterStatus};
use swreg_core::validate::{mask_id_number, mask_phone};
use swreg_core::Error;

fn args(query: RosterQuery, format: ExportFormat) -> ExportArgs {
    ExportArgs { query, format, with_codes: false, unmasked: false, purpose: String::new() }
}

fn export(k: &Known, token: &str, a: ExportArgs, name: &str) -> (swreg_core::Result<ExportSummary>, PathBuf) {
    let out = k.f.dir.path().join(name);
    let r = k.f.registry.export(token, a, &out, &mut |_, _| true);
    (r, out)
}

/// The first sheet as strings-or-cells, header first.
fn sheet(path: &Path) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    assert_eq!(wb.sheet_names()[0], "登记名册");
    let range = wb.worksheet_range("登记名册").unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn col(header: &[Data], name: &str) -> usize {
    header.iter().position(|h| h == &Data::String(name.into())).unwrap_or_else(|| panic!("no column {name}"))
}

fn text(c: &Data) -> &str {
    match c {
        Data::String(s) => s,
        other => panic!("expected a text cell, got {other:?}"),
    }
}

/// A date cell as YYYY-MM-DD.
fn day(c: &Data) -> String {
    match c {
        Data::DateTime(d) => {
            assert!(d.is_datetime());
            let base = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
            (base + chrono::Duration::days(d.as_f64() as i64)).to_string()
        }
        other => panic!("expected a date cell, got {other:?}"),
    }
}

/// A file of the xlsx (a zip) as text.
fn part(path: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn spec_named(name: &str) -> &'static crate::roster::Spec {
    PEOPLE.iter().find(|s| s.name == name).unwrap()
}

#[test]
fn xlsx_rows_equal_the_filtered_register_with_text_numbers_dates_and_labels() {
    let k = known();
    let query = RosterQuery { field: "04".into(), sort: RosterSort::Name, ..Default::default() };
    let (r, out) = export(&k, &k.f.admin.token, args(query.clone(), ExportFormat::Xlsx), "名册.xlsx");
    let summary = r.unwrap();
    assert_eq!(summary.rows, 4);
    let rows = sheet(&out);
    let want = all_rows(&k, RosterQuery { page: 1, page_size: 100, ..query });
    assert_eq!(rows.len(), 1 + want.len());
    let h = &rows[0];
    assert_eq!(text(&h[0]), "姓名");
    for name in ["身份证号码", "出生日期", "所在区", "职称", "执业领域", "登记状态", "登记证号", "有效期至", "手机号码"] {
        col(h, name);
    }
    assert!(!h.contains(&Data::String("性别代码".into())), "no code columns unless asked");
    for (row, r) in rows[1..].iter().zip(&want) {
        let s = spec_named(text(&row[0]));
        assert_eq!(text(&row[0]), r.name, "the register's order");
        let id = &k.id_numbers[s.key];
        assert_eq!(text(&row[col(h, "身份证号码")]), mask_id_number(id), "masked by default");
        assert_eq!(text(&row[col(h, "手机号码")]), mask_phone(s.mobile));
        assert_eq!(day(&row[col(h, "出生日期")]), s.birth);
        assert_eq!(Some(day(&row[col(h, "有效期至")])), r.valid_until);
        assert_eq!(Some(text(&row[col(h, "登记证号")])), r.registration_no.as_deref());
        assert_eq!(text(&row[col(h, "性别")]), if s.male { "男" } else { "女" });
        assert_eq!(text(&row[col(h, "是否专职")]), if s.full_time { "是" } else { "否" });
        assert_eq!(text(&row[col(h, "邮编")]), "361001");
        assert_eq!(text(&row[col(h, "登记状态")]), r.status.label());
    }
    let huang = rows.iter().find(|r| r[0] == Data::String("黄志强".into())).unwrap();
    assert_eq!(text(&huang[col(h, "所在区")]), "集美区");
    assert_eq!(text(&huang[col(h, "职称")]), "助理社会工作师");
    assert_eq!(text(&huang[col(h, "执业领域")]), "社区");
    assert_eq!(text(&huang[col(h, "学历程度")]), "大学本科");
    let zheng = rows.iter().find(|r| r[0] == Data::String("郑一鸣".into())).unwrap();
    assert_eq!(text(&zheng[col(h, "执业领域")]), "教育、社区");
    assert_eq!(day(&zheng[col(h, "出生日期")]), "1988-02-29");
    let zhang = rows.iter().find(|r| r[0] == Data::String("张伟".into())).unwrap();
    assert_eq!(text(&zhang[col(h, "登记状态")]), "已冻结");

    // The header stays in view and filters; the widths are set.
    let xml = part(&out, "xl/worksheets/sheet1.xml");
    assert!(xml.contains(r#"ySplit="1""#) && xml.contains(r#"state="frozen""#), "frozen header");
    let last_col = (b'A' + (h.len() as u8 - 1) / 26 - 1) as char;
    let last = format!("{}{}", last_col, (b'A' + (h.len() as u8 - 1) % 26) as char);
    assert!(xml.contains(&format!(r#"<autoFilter ref="A1:{last}5"/>"#)), "autofilter over the rows: {last}");
    assert!(xml.contains("<cols>") && xml.contains("customWidth"), "column widths");
    // The note sheet says what was exported.
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let note = wb.worksheet_range("导出说明").unwrap();
    let cells: Vec<String> = note.rows().flat_map(|r| r.iter().map(|c| c.to_string())).collect();
    assert!(cells.iter().any(|c| c == "执业领域：社区"), "{cells:?}");
    assert!(cells.iter().any(|c| c == "已脱敏"), "{cells:?}");
    // The export time in China time, as everything a user reads.
    let china = swreg_core::Clock::now(k.f.clock.as_ref()).with_timezone(&swreg_core::clock::china());
    let shown = china.format("%Y-%m-%d %H:%M:%S（北京时间）").to_string();
    assert!(cells.iter().any(|c| c == &shown), "{shown} not in {cells:?}");
    assert!(!k.f.dir.path().join("名册.xlsx.partial").exists());
}

#[test]
fn unmasked_exports_are_for_admins_with_a_purpose_and_are_logged() {
    let k = known();
    let r = reviewer(&k.f);
    let query = RosterQuery { field: "04".into(), sort: RosterSort::Name, ..Default::default() };
    let unmasked = |purpose: &str| ExportArgs { unmasked: true, purpose: purpose.into(), ..args(query.clone(), ExportFormat::Xlsx) };

    let (res, out) = export(&k, &r.token, unmasked("核对"), "reviewer.xlsx");
    assert!(matches!(res, Err(Error::Forbidden)), "{res:?}");
    assert!(!out.exists());
    let (res, out) = export(&k, &k.f.admin.token, unmasked("  "), "nopurpose.xlsx");
    match res {
        Err(Error::Invalid(f)) => assert_eq!(f[0].field, "purpose"),
        other => panic!("an unmasked export without a purpose must be refused: {other:?}"),
    }
    assert!(!out.exists());
    // A reviewer exports masked.
    let (res, _) = export(&k, &r.token, args(query.clone(), ExportFormat::Csv), "reviewer.csv");
    assert_eq!(res.unwrap().rows, 4);

    let (res, out) = export(&k, &k.f.admin.token, ExportArgs { with_codes: true, ..unmasked("报送市民政局年度名册") }, "full.xlsx");
    assert_eq!(res.unwrap().rows, 4);
    let rows = sheet(&out);
    let h = &rows[0];
    for row in &rows[1..] {
        let s = spec_named(text(&row[0]));
        let id = text(&row[col(h, "身份证号码")]);
        assert_eq!(id, k.id_numbers[s.key], "the full 18 characters, as text");
        assert_eq!(text(&row[col(h, "手机号码")]), s.mobile);
        // Code columns follow their labels.
        let sex = col(h, "性别");
        assert_eq!(text(&h[sex + 1]), "性别代码");
        assert_eq!(text(&row[sex + 1]), if s.male { "1" } else { "2" });
        assert_eq!(text(&row[col(h, "行政区划代码")]), s.district);
        assert_eq!(text(&row[col(h, "执业领域代码")]), s.fields.join(","));
    }
    let zheng = rows.iter().find(|r| r[0] == Data::String("郑一鸣".into())).unwrap();
    assert!(text(&zheng[col(h, "身份证号码")]).ends_with('X'));
    let chen = rows.iter().find(|r| r[0] == Data::String("陈思远".into())).unwrap();
    let chen_id = text(&chen[col(h, "身份证号码")]);
    assert!(chen_id.bytes().all(|b| b.is_ascii_digit()) && chen_id.len() == 18, "18 digits kept whole: {chen_id}");

    let log = k
        .f
        .registry
        .audit_log(&k.f.admin.token, AuditQuery { action: "record.export".into(), page: 1, page_size: 20, ..Default::default() })
        .unwrap();
    assert_eq!(log.total, 2, "the reviewer's masked CSV and the admin's full XLSX; refusals write nothing");
    let notes: Vec<&str> = log.items.iter().filter_map(|r| r.note.as_deref()).collect();
    assert!(notes.iter().any(|n| n.contains("导出XLSX 4 行") && n.contains("含完整") && n.contains("用途：报送市民政局年度名册")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("导出CSV 4 行") && n.contains("已脱敏") && n.contains("执业领域：社区")), "{notes:?}");
    for row in &log.items {
        let all = format!("{:?}{:?}", row.note, row.after);
        assert!(!all.contains(&k.id_numbers["chen"]), "no full ID number in the log");
    }
}

#[test]
fn csv_has_a_bom_and_the_same_rows_with_numbers_kept_as_text() {
    let k = known();
    let query = RosterQuery { status: Some(RosterStatus::Registered), sort: RosterSort::ValidUntil, ..Default::default() };
    let (res, out) = export(&k, &k.f.admin.token, args(query.clone(), ExportFormat::Csv), "名册.csv");
    assert_eq!(res.unwrap().rows, 5);
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 BOM");
    let want = all_rows(&k, RosterQuery { page: 1, page_size: 100, ..query.clone() });
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let h: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    let at = |name: &str| h.iter().position(|x| x == name).unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.iter().map(|r| r[0].to_owned()).collect::<Vec<_>>(), want.iter().map(|r| r.name.clone()).collect::<Vec<_>>());
    for (row, w) in rows.iter().zip(&want) {
        assert_eq!(&row[at("身份证号码")], w.id_number, "masked, as in the list");
        assert_eq!(&row[at("手机号码")], w.mobile);
        assert_eq!(Some(&row[at("有效期至")]), w.valid_until.as_deref());
        assert_eq!(Some(&row[at("登记证号")]), w.registration_no.as_deref());
    }
    // Unmasked: the values themselves (the CSV is for programs; XLSX keeps digits as text).
    let (res, out) = export(
        &k,
        &k.f.admin.token,
        ExportArgs { unmasked: true, purpose: "核对".into(), ..args(query, ExportFormat::Csv) },
        "full.csv",
    );
    res.unwrap();
    let bytes = std::fs::read(&out).unwrap();
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
    let chen = rows.iter().find(|r| &r[0] == "陈思远").unwrap();
    // Exact values: a program reading the CSV gets the digits as they are.
    assert_eq!(chen[at("身份证号码")], k.id_numbers["chen"]);
    assert_eq!(&chen[at("手机号码")], "13805920001");
    let zheng = rows.iter().find(|r| &r[0] == "郑一鸣").unwrap();
    assert_eq!(zheng[at("身份证号码")], k.id_numbers["zheng"]);
    assert!(!bytes.contains(&b'\t'), "no value carries a tab");
    assert_eq!(&zheng[at("出生日期")], "1988-02-29");
}

#[test]
fn cancelling_leaves_no_file_and_keeps_an_old_one() {
    let f = seeded(1200);
    let listing = |dir: &Path| -> Vec<String> {
        let mut v: Vec<String> =
            std::fs::read_dir(dir).unwrap().filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect();
        // The database's own WAL files come and go with connections.
        v.retain(|n| !n.starts_with("swreg.sqlite3"));
        v.sort();
        v
    };
    for format in [ExportFormat::Xlsx, ExportFormat::Csv] {
        let before = listing(f.dir.path());
        let out = f.dir.path().join(format!("cancel.{}", format.extension()));
        let mut calls = Vec::new();
        let r = f.registry.export(&f.admin.token, args(RosterQuery::default(), format), &out, &mut |done, total| {
            calls.push((done, total));
            false
        });
        match r {
            Err(Error::Conflict(m)) => assert_eq!(m, CANCELLED),
            other => panic!("{other:?}"),
        }
        assert_eq!(calls, [(500, 1200)], "stopped at the first report");
        assert!(!out.exists());
        assert_eq!(listing(f.dir.path()), before, "no file, partial or temporary, is left behind");

        // An old file at the path stays as it was.
        std::fs::write(&out, b"old").unwrap();
        let mut seen = 0;
        let r = f.registry.export(&f.admin.token, args(RosterQuery::default(), format), &out, &mut |done, _| {
            seen = done;
            done < 1000
        });
        assert!(r.is_err());
        assert_eq!(seen, 1000);
        assert_eq!(std::fs::read(&out).unwrap(), b"old");
        std::fs::remove_file(&out).unwrap();
        // Allowed to finish, the report reaches the total.
        let mut last = (0, 0);
        let s = f.registry.export(&f.admin.token, args(RosterQuery::default(), format), &out, &mut |d, t| {
            last = (d, t);
            true
        });
        assert_eq!(s.unwrap().rows, 1200);
        assert_eq!(last, (1200, 1200));
    }
    let log = f
        .registry
        .audit_log(&f.admin.token, AuditQuery { action: "record.export".into(), page: 1, page_size: 20, ..Default::default() })
        .unwrap();
    assert_eq!(log.total, 2, "cancelled exports are not logged as exports");
}

#[test]
fn a_seeded_export_equals_the_register_page_by_page() {
    let f = seeded(1200);
    for query in [
        RosterQuery { sort: RosterSort::Name, ..Default::default() },
        RosterQuery { status: Some(RosterStatus::Expired), sort: RosterSort::ValidUntil, ..Default::default() },
        RosterQuery { field: "13".into(), ..Default::default() },
        RosterQuery { search: "阳光社会".into(), district: "350203".into(), ..Default::default() },
    ] {
        let mut want = Vec::new();
        for page in 1.. {
            let p = f.registry.roster(&f.admin.token, RosterQuery { page, page_size: 100, ..query.clone() }).unwrap();
            if p.items.is_empty() {
                break;
            }
            want.extend(p.items);
        }
        assert!(!want.is_empty(), "{query:?}");
        let out = f.dir.path().join("seeded.xlsx");
        let s = f.registry.export(&f.admin.token, args(query.clone(), ExportFormat::Xlsx), &out, &mut |_, _| true).unwrap();
        assert_eq!(s.rows, want.len() as i64);
        let rows = sheet(&out);
        let h = &rows[0];
        let got: Vec<(String, String, String)> = rows[1..]
            .iter()
            .map(|r| (text(&r[0]).to_owned(), text(&r[col(h, "身份证号码")]).to_owned(), text(&r[col(h, "手机号码")]).to_owned()))
            .collect();
        let expect: Vec<(String, String, String)> = want.iter().map(|r| (r.name.clone(), r.id_number.clone(), r.mobile.clone())).collect();
        assert!(got == expect, "{query:?}: the export is the register, in its order");
        let out = f.dir.path().join("seeded.csv");
        f.registry.export(&f.admin.token, args(query.clone(), ExportFormat::Csv), &out, &mut |_, _| true).unwrap();
        let bytes = std::fs::read(&out).unwrap();
        assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
        let names: Vec<String> = csv::Reader::from_reader(&bytes[3..]).records().map(|r| r.unwrap()[0].to_owned()).collect();
        assert_eq!(names, want.iter().map(|r| r.name.clone()).collect::<Vec<_>>());
    }
}
