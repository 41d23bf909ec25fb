//! 导入: the template written, filled by a script and imported back; one error of each kind and
//! the report that lists exactly those; an ID number Excel turned into a number; duplicates in the
//! file and against the register; who may import; cancelling; the audit entries; claiming an
//! imported account.

use crate::consistency;
use crate::fixture::Fixture;
use crate::import_kit::{person, write_xlsx, Person};
use calamine::{open_workbook, Data, Reader, Xlsx};
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use swreg_core::records::import::{ImportFiles, ImportRunArgs, CANCELLED};
use swreg_core::registration::record::RecordForm;
use swreg_core::Error;

fn files(sheet: &Path) -> ImportFiles {
    ImportFiles { sheet: sheet.to_path_buf(), photos: None }
}

fn rows_of(path: &Path, sheet: &str) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.worksheet_range(sheet).unwrap().rows().map(|r| r.to_vec()).collect()
}

fn template(f: &Fixture) -> (PathBuf, Vec<String>) {
    let out = f.dir.path().join("模板.xlsx");
    f.registry.import_template(&f.admin.token, &out).unwrap();
    let rows = rows_of(&out, "登记信息");
    let headers = rows[0].iter().map(|c| c.to_string()).collect();
    (out, headers)
}

fn db(f: &Fixture) -> Connection {
    Connection::open(f.dir.path().join(swreg_core::DB_FILE_NAME)).unwrap()
}

/// The record stored for an ID number: its form, status, 登记证号 and 有效期至.
fn stored(conn: &Connection, id: &str) -> (RecordForm, String, Option<String>, Option<String>) {
    conn.query_row(
        "SELECT data, status, registration_no, valid_until FROM workers WHERE id_number = ?1",
        [id],
        |r| Ok((serde_json::from_str(&r.get::<_, String>(0)?).unwrap(), r.get(1)?, r.get(2)?, r.get(3)?)),
    )
    .unwrap()
}

fn run(f: &Fixture, sheet: &Path, skip_invalid: bool) -> swreg_core::Result<swreg_core::records::import::ImportSummary> {
    f.registry.import(&f.admin.token, &files(sheet), ImportRunArgs { skip_invalid }, &mut |_, _| true)
}

#[test]
fn the_template_filled_by_a_script_imports_back_as_the_same_records() {
    let f = Fixture::new();
    let (tpl, headers) = template(&f);
    // What the template offers: required marks, a frozen header, dropdowns, text columns, notes.
    assert!(headers.contains(&"*姓名".to_owned()) && headers.contains(&"婚姻状态".to_owned()));
    assert!(!headers.iter().any(|h| h.contains("照片")));
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&tpl).unwrap()).unwrap();
    let mut sheet = String::new();
    zip.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut sheet).unwrap();
    assert!(sheet.contains(r#"state="frozen""#), "frozen header");
    assert!(sheet.contains("<dataValidation ") && sheet.contains("代码表"), "dropdowns from the code tables");
    let notes = rows_of(&tpl, "填写说明");
    assert!(notes.iter().any(|r| r[0].to_string().contains("3.50203E+17")));
    let codes = rows_of(&tpl, "代码表");
    assert!(codes[0].iter().any(|h| h.to_string() == "民族") && codes.iter().any(|r| r.iter().any(|c| c.to_string() == "汉族")));
    // The template's own example rows are skipped.
    let check = f.registry.import_check(&f.admin.token, &files(&tpl), None).unwrap();
    assert_eq!((check.rows, check.examples), (0, 2));

    let people: Vec<Person> = (0..12).map(person).collect();
    let filled = f.dir.path().join("已填写.xlsx");
    write_xlsx(&filled, &headers, &people);
    let check = f.registry.import_check(&f.admin.token, &files(&filled), None).unwrap();
    assert_eq!(check.problems.iter().map(|p| p.errors.clone()).collect::<Vec<_>>(), Vec::<String>::new());
    assert_eq!((check.rows, check.valid, check.invalid, check.registered), (12, 12, 0, 6));
    // The dry run wrote nothing.
    let conn = db(&f);
    assert_eq!(conn.query_row("SELECT COUNT(*) FROM workers", [], |r| r.get::<_, i64>(0)).unwrap(), 0);

    let summary = run(&f, &filled, false).unwrap();
    assert_eq!((summary.imported, summary.skipped), (12, 0));
    for p in &people {
        let (form, status, no, until) = stored(&conn, &p.form.id_number);
        assert_eq!(form, p.form, "row of {}", p.form.name);
        match &p.registration {
            Some((n, u)) => assert_eq!((status.as_str(), no.as_ref(), until.as_ref()), ("registered", Some(n), Some(u))),
            None => assert_eq!((status.as_str(), no, until), ("unregistered", None, None)),
        }
    }
    assert_eq!(consistency::problems(&conn), Vec::<String>::new());
    // Every record is audited as imported, by whom, from which file.
    let entries: Vec<String> = {
        let mut stmt = conn.prepare("SELECT note FROM audit_log WHERE action = 'record.import' AND actor_id IS NOT NULL").unwrap();
        stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
    };
    assert_eq!(entries.len(), 12);
    assert!(entries.iter().all(|n| n.contains("已填写.xlsx") && n.contains(&summary.sha256)));
    assert_eq!(summary.sha256.len(), 64);
    // Importing the same file again refuses every row: they are in the register now.
    let again = f.registry.import_check(&f.admin.token, &files(&filled), None).unwrap();
    assert_eq!(again.invalid, 12);
    assert!(again.problems[0].errors.contains("登记名册中已有该身份证号码"));
}

/// The error report's 错误说明 by 原行号.
fn report(path: &Path) -> BTreeMap<u32, String> {
    let rows = rows_of(path, "错误报告");
    let h = &rows[0];
    let line = h.iter().position(|c| c.to_string() == "原行号").unwrap();
    let why = h.iter().position(|c| c.to_string() == "错误说明").unwrap();
    rows[1..].iter().map(|r| (r[line].to_string().parse().unwrap(), r[why].to_string())).collect()
}

#[test]
fn a_file_with_one_error_of_each_kind_gets_a_report_of_exactly_those() {
    let f = Fixture::new();
    let (_, headers) = template(&f);
    // A record already in the register, and an account with an ID number.
    let first = f.dir.path().join("第一批.xlsx");
    write_xlsx(&first, &headers, &[person(100)]);
    run(&f, &first, false).unwrap();
    let taken_id = person(101).form.id_number.clone();
    f.approved_worker("zhaoliu", &taken_id, "zhaoliu@example.cn");

    let mut people: Vec<Person> = (0..13).map(person).collect();
    let bad_check = { let mut id = people[0].form.id_number.clone(); id.replace_range(17.., if id.ends_with('1') { "2" } else { "1" }); id };
    people[0].set("身份证号码", &bad_check); // line 2
    people[1].set("民族", "火星族"); // line 3
    people[2].set("毕业时间", "去年夏天"); // line 4
    people[3].set("姓名", ""); // line 5
    let dup = people[4].form.id_number.clone();
    people[5].set("身份证号码", &dup); // lines 6 and 7
    let (birth, sex) = (people[4].form.birth_date.clone(), people[4].get("性别").to_owned());
    people[5].set("出生日期", &birth);
    people[5].set("性别", &sex);
    people[6].set("身份证号码", &taken_id); // line 8
    people[6].set("出生日期", &person(101).form.birth_date);
    people[6].set("性别", person(101).get("性别").to_owned().as_str());
    people[7].set("登记证号", &person(100).registration.unwrap().0); // line 9
    people[7].set("有效期至", "2027-06-30");
    people[8].set("是否厦户", "不知道"); // line 10
    people[9].set("有效期至", ""); // line 11 (registered: 9 is odd — give it a number)
    people[9].set("登记证号", "厦社登202099999");
    people[10].set("电子邮箱", "w11@example.cn"); // lines 12 and 13 share an address
    people[12].set("邮编", "36100"); // line 14
    let file = f.dir.path().join("有错误.xlsx");
    write_xlsx(&file, &headers, &people);
    let out = f.dir.path().join("错误报告.xlsx");
    let check = f.registry.import_check(&f.admin.token, &files(&file), Some(&out)).unwrap();
    let expected: BTreeMap<u32, String> = [
        (2, "身份证号码：身份证号码校验位不正确".to_owned()),
        (3, "民族：“火星族”不在可选范围内，请从下拉列表中选择".into()),
        (4, "毕业时间：“去年夏天”不是日期：请填写如2024-01-31的日期".into()),
        (5, "姓名：请填写姓名".into()),
        (6, "身份证号码：与第7行的身份证号码重复".into()),
        (7, "身份证号码：与第6行的身份证号码重复".into()),
        (8, "身份证号码：登记名册中已有该身份证号码的记录或账号".into()),
        (9, "登记证号：登记证号与登记名册中的其他记录冲突".into()),
        (10, "是否厦户：“不知道”只能填“是”或“否”".into()),
        (11, "有效期至：有登记证号的记录须填写有效期至".into()),
        (12, "电子邮箱：与第13行的电子邮箱重复（每个电子邮箱只能用于一个账号）".into()),
        (13, "电子邮箱：与第12行的电子邮箱重复（每个电子邮箱只能用于一个账号）".into()),
        (14, "邮编：邮编应为6位数字".into()),
    ]
    .into_iter()
    .collect();
    assert_eq!(report(&out), expected);
    assert_eq!((check.rows, check.valid, check.invalid), (13, 0, 13));

    // Refused rows stop the import, and nothing is written.
    let conn = db(&f);
    let count = || conn.query_row("SELECT COUNT(*) FROM workers", [], |r| r.get::<_, i64>(0)).unwrap();
    // The earlier import's record (the account made by sign-up has no record yet).
    assert_eq!(count(), 1);
    let Err(Error::Conflict(m)) = run(&f, &file, false) else { panic!("refused rows must stop the import") };
    assert!(m.contains("有13行未通过检查"), "{m}");
    assert_eq!(count(), 1);

    // The corrected report imports: its added columns are ignored.
    let fixed = f.dir.path().join("已修改.xlsx");
    let mut good: Vec<Person> = (0..13).map(person).collect();
    good.retain(|p| p.form.id_number != person(100).form.id_number);
    write_xlsx(&fixed, &headers, &good[..3]);
    assert_eq!(run(&f, &fixed, false).unwrap().imported, 3);
    assert_eq!(count(), 4);
}

#[test]
fn an_id_number_excel_turned_into_a_number_is_caught_and_explained() {
    let f = Fixture::new();
    let p = person(1);
    let path = f.dir.path().join("数字.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, (h, v)) in p.cells.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
        if *h == "身份证号码" {
            // What Excel keeps of 18 digits typed into a general cell: 15 significant digits.
            ws.write_number(1, c as u16, v[..17].parse::<f64>().unwrap() * 10.0).unwrap();
        } else {
            ws.write_string(1, c as u16, v).unwrap();
        }
    }
    wb.save(&path).unwrap();
    let check = f.registry.import_check(&f.admin.token, &files(&path), None).unwrap();
    assert_eq!(check.invalid, 1);
    let e = &check.problems[0].errors;
    assert!(e.starts_with("身份证号码：身份证号码被 Excel 存成了数字（3.50203E+17）"), "{e}");
    assert!(e.contains("文本"), "{e}");
    // The same number in a CSV saved from Excel.
    let csv = f.dir.path().join("数字.csv");
    let headers: Vec<&str> = p.cells.iter().map(|(h, _)| *h).collect();
    let mut q = person(1);
    q.set("身份证号码", "3.50203E+17");
    std::fs::write(&csv, crate::import_kit::csv(&headers, &[q])).unwrap();
    let check = f.registry.import_check(&f.admin.token, &files(&csv), None).unwrap();
    assert!(check.problems[0].errors.starts_with("身份证号码：身份证号码被 Excel 存成了数字"));
}

#[test]
fn csv_in_gb18030_imports_and_refused_rows_can_be_left_out() {
    let f = Fixture::new();
    let mut people: Vec<Person> = (0..4).map(person).collect();
    people[2].set("邮编", "abc");
    let headers: Vec<&str> = people[0].cells.iter().map(|(h, _)| *h).collect();
    let text = crate::import_kit::csv(&headers, &people);
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    let path = f.dir.path().join("旧系统.csv");
    std::fs::write(&path, gb).unwrap();
    let s = run(&f, &path, true).unwrap();
    assert_eq!((s.imported, s.skipped), (3, 1));
    let (form, _, _, _) = stored(&db(&f), &people[0].form.id_number);
    assert_eq!(form, people[0].form);
}

#[test]
fn an_import_cancelled_writes_nothing_and_only_admins_import_by_default() {
    let f = Fixture::new();
    let (_, headers) = template(&f);
    let people: Vec<Person> = (0..250).map(person).collect();
    let path = f.dir.path().join("大.xlsx");
    write_xlsx(&path, &headers, &people);
    let mut calls = 0;
    let r = f.registry.import(&f.admin.token, &files(&path), ImportRunArgs { skip_invalid: false }, &mut |_, _| {
        calls += 1;
        calls < 2
    });
    assert!(matches!(r, Err(Error::Cancelled(ref m)) if m == CANCELLED), "{r:?}");
    let conn = db(&f);
    assert_eq!(conn.query_row("SELECT COUNT(*) FROM workers", [], |r| r.get::<_, i64>(0)).unwrap(), 0);
    assert_eq!(conn.query_row("SELECT COUNT(*) FROM users WHERE role = 'worker'", [], |r| r.get::<_, i64>(0)).unwrap(), 0);

    let worker = f.approved_worker("wangwu", &person(9000).form.id_number, "wangwu@example.cn");
    let _ = worker;
    let w = f.login(&"wangwu", crate::fixture::WORKER_PASSWORD).unwrap();
    assert!(matches!(f.registry.import_check(&w.token, &files(&path), None), Err(Error::Forbidden)));
    assert!(!f.registry.may_import(&w.token).unwrap());
    assert!(f.registry.may_import(&f.admin.token).unwrap());
}

#[test]
fn an_imported_worker_claims_the_account_by_signing_up_with_the_id_number() {
    let f = Fixture::new();
    let (_, headers) = template(&f);
    let p = person(3);
    let path = f.dir.path().join("一人.xlsx");
    write_xlsx(&path, &headers, std::slice::from_ref(&p));
    run(&f, &path, false).unwrap();
    let username: String = db(&f)
        .query_row("SELECT username FROM users WHERE id_number = ?1", [&p.form.id_number], |r| r.get(0))
        .unwrap();
    assert!(username.starts_with("sg"));
    // No one can log in with it before it is claimed.
    assert!(f.login(&username, "").is_err());
    let mut args = crate::fixture::register_args("newname", &p.form.id_number, &p.form.contact.email);
    args.display_name = p.form.name.clone();
    f.register(args).unwrap();
    let outbox = f.registry.list_outbox(&f.admin.token).unwrap();
    let mail = f.registry.read_outbox(&f.admin.token, &outbox.iter().find(|m| m.subject.contains("账号已建立")).expect("the claim mail").file_name).unwrap();
    assert!(mail.contains(&username) && mail.contains("忘记密码"), "{mail}");
}

/// A PNG of `w`×`h` pixels.
fn picture(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[test]
fn photos_come_from_a_zip_named_by_id_number() {
    let f = Fixture::new();
    let (_, headers) = template(&f);
    let people: Vec<Person> = (0..3).map(person).collect();
    let sheet = f.dir.path().join("带照片.xlsx");
    write_xlsx(&sheet, &headers, &people);
    let zip_path = f.dir.path().join("照片.zip");
    {
        let mut z = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
        let opts = zip::write::SimpleFileOptions::default();
        use std::io::Write;
        // In a folder, the X in lower case: still that person's.
        z.start_file(format!("照片/{}.png", people[0].form.id_number.to_lowercase()), opts).unwrap();
        z.write_all(&picture(300, 420)).unwrap();
        z.start_file(format!("{}.jpg", people[1].form.id_number), opts).unwrap();
        z.write_all(b"not a picture").unwrap();
        z.start_file("350203199901010000.jpg", opts).unwrap();
        z.write_all(&picture(300, 420)).unwrap();
        z.finish().unwrap();
    }
    let files = ImportFiles { sheet: sheet.clone(), photos: Some(zip_path) };
    let check = f.registry.import_check(&f.admin.token, &files, None).unwrap();
    assert_eq!((check.valid, check.invalid, check.with_photo), (2, 1, 1));
    assert_eq!(check.problems[0].line, 3);
    assert!(check.problems[0].errors.starts_with("个人照片："), "{}", check.problems[0].errors);
    assert_eq!(check.unmatched_photos, ["350203199901010000"]);
    let s = f.registry.import(&f.admin.token, &files, ImportRunArgs { skip_invalid: true }, &mut |_, _| true).unwrap();
    assert_eq!(s.imported, 2);
    let conn = db(&f);
    let (form, _, _, _) = stored(&conn, &people[0].form.id_number);
    let pid = form.photo_id.expect("the photo is the record's");
    let (owner, jpeg): (i64, Vec<u8>) =
        conn.query_row("SELECT worker_id, jpeg FROM photos WHERE id = ?1", [pid], |r| Ok((r.get(0)?, r.get(1)?))).unwrap();
    let worker: i64 = conn.query_row("SELECT id FROM workers WHERE id_number = ?1", [&people[0].form.id_number], |r| r.get(0)).unwrap();
    assert_eq!(owner, worker);
    assert!(jpeg.starts_with(&[0xFF, 0xD8]), "re-encoded as JPEG");
    assert_eq!(stored(&conn, &people[2].form.id_number).0.photo_id, None);
}

#[test]
fn reviewers_import_once_the_setting_allows_it() {
    let f = Fixture::new();
    let r = crate::roster::reviewer(&f);
    let (_, headers) = template(&f);
    let path = f.dir.path().join("审核员.xlsx");
    write_xlsx(&path, &headers, &[person(7)]);
    assert!(!f.registry.may_import(&r.token).unwrap());
    assert!(matches!(f.registry.import_template(&r.token, &f.dir.path().join("t.xlsx")), Err(Error::Forbidden)));
    let mut s = f.registry.security_settings(&f.admin.token).unwrap();
    assert!(!s.import_by_reviewers, "admins only by default");
    s.import_by_reviewers = true;
    f.registry.save_security_settings(&f.admin.token, s).unwrap();
    assert!(f.registry.may_import(&r.token).unwrap());
    let done = f.registry.import(&r.token, &files(&path), ImportRunArgs { skip_invalid: false }, &mut |_, _| true).unwrap();
    assert_eq!(done.imported, 1);
}
