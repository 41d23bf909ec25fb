//! swreg-admin run as the operator runs it: the built binary on temporary data folders, its
//! files read back, its refusals on stderr in Chinese with a non-zero exit.

use calamine::{open_workbook, Reader, Xlsx};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_swreg-admin");

fn run(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(BIN)
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .env_remove("SWREG_DATA_DIR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn ok(o: Output) -> Output {
    assert!(o.status.success(), "exit {:?}\nstdout: {}\nstderr: {}", o.status, out(&o), err(&o));
    o
}

/// A refusal: a non-zero exit and a Chinese message on stderr, never a panic.
fn refused(o: &Output, says: &str) {
    assert!(!o.status.success(), "should fail: {}", out(o));
    let e = err(o);
    assert!(e.contains("错误："), "{e}");
    assert!(e.contains(says), "expected “{says}” in: {e}");
    assert!(!e.contains("panicked"), "{e}");
}

/// Names of the records a SQL condition selects, in the given order.
fn names(dir: &Path, sql: &str) -> Vec<String> {
    let conn = rusqlite::Connection::open(dir.join("swreg.sqlite3")).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().map(|r| r.unwrap()).collect()
}

/// Today in China time, as the app's clock says it.
const TODAY: &str = "date('now', '+8 hours')";

fn seeded() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    ok(run(dir.path(), &["init"], None));
    let o = ok(run(dir.path(), &["seed-demo", "--workers", "50"], None));
    assert!(out(&o).contains("社工 50"), "{}", out(&o));
    assert!(out(&o).contains("Demo2026x"), "the demo password is printed");
    dir
}

#[test]
fn init_and_create_admin() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("新数据");
    let o = ok(run(&data, &["init"], None));
    assert!(out(&o).contains("数据库已就绪"), "{}", out(&o));
    assert!(out(&o).contains("尚无管理员"));
    assert!(data.join("swreg.sqlite3").is_file());
    ok(run(&data, &["init"], None));

    let weak = run(&data, &["create-admin", "--username", "admin", "--name", "陈建国", "--password-stdin"], Some("123\n"));
    refused(&weak, "密码");
    let o = ok(run(&data, &["create-admin", "--username", "admin", "--name", "陈建国", "--password-stdin"], Some("Admin2026x\n")));
    assert!(out(&o).contains("已创建管理员账号 admin（陈建国）"), "{}", out(&o));
    refused(
        &run(&data, &["create-admin", "--username", "admin", "--name", "陈建国", "--password-stdin"], Some("Admin2026x\n")),
        "该账号已存在",
    );
    refused(&run(&data, &["create-admin", "--username", "x", "--name", "陈建国", "--password-stdin"], Some("Admin2026x\n")), "--username");
    let o = ok(run(&data, &["init"], None));
    assert!(!out(&o).contains("尚无管理员"));
    let roles = names(&data, "SELECT role FROM users WHERE username = 'admin'");
    assert_eq!(roles, ["admin"]);
}

#[test]
fn export_csv_and_xlsx_with_filters_hold_the_right_rows() {
    let dir = seeded();
    let d = dir.path();
    let csv_path = d.join("名册.csv");
    let o = ok(run(
        d,
        &["export", "--format", "csv", "--out", csv_path.to_str().unwrap(), "--status", "已登记", "--district", "思明区", "--sort", "name"],
        None,
    ));
    let want = names(
        d,
        &format!(
            "SELECT name FROM workers WHERE status = 'registered' AND valid_until >= {TODAY} AND district = '350203' ORDER BY name, id"
        ),
    );
    assert!(!want.is_empty());
    assert!(out(&o).contains(&format!("已导出 {} 条记录", want.len())), "{}", out(&o));
    let bytes = std::fs::read(&csv_path).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let idx = r.headers().unwrap().iter().position(|h| h == "身份证号码").unwrap();
    let rows: Vec<csv::StringRecord> = r.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.iter().map(|r| r[0].to_owned()).collect::<Vec<_>>(), want);
    assert!(rows.iter().all(|r| r[idx].contains("********")), "masked");

    let xlsx_path = d.join("名册.xlsx");
    ok(run(d, &["export", "--format", "xlsx", "--out", xlsx_path.to_str().unwrap(), "--field", "社区", "--full-time", "是"], None));
    let want = names(
        d,
        "SELECT w.name FROM workers w JOIN worker_fields f ON f.worker_id = w.id AND f.field = '04'
         WHERE w.full_time = 1 ORDER BY w.updated_at DESC, w.id DESC",
    );
    let mut wb: Xlsx<_> = open_workbook(&xlsx_path).unwrap();
    let range = wb.worksheet_range("登记名册").unwrap();
    let got: Vec<String> = range.rows().skip(1).map(|r| r[0].to_string()).collect();
    assert!(!want.is_empty());
    assert_eq!(got, want);

    // Unmasked needs a purpose; with one, the full numbers.
    let full = d.join("full.csv");
    refused(&run(d, &["export", "--format", "csv", "--out", full.to_str().unwrap(), "--unmasked"], None), "--purpose");
    assert!(!full.exists());
    ok(run(d, &["export", "--format", "csv", "--out", full.to_str().unwrap(), "--unmasked", "--purpose", "年度报送"], None));
    let text = std::fs::read_to_string(&full).unwrap();
    let first_id = names(d, "SELECT id_number FROM workers WHERE id_number IS NOT NULL ORDER BY id LIMIT 1");
    assert!(text.contains(&first_id[0]), "the full ID number is there");
}

#[test]
fn print_writes_one_pdf_with_the_selected_forms() {
    let dir = seeded();
    let d = dir.path();
    let pdf = d.join("申请表.pdf");
    let o = ok(run(d, &["print", "--out", pdf.to_str().unwrap(), "--purpose", "年度核查", "--district", "350206", "--status", "registered"], None));
    let want = names(
        d,
        &format!("SELECT name FROM workers WHERE status = 'registered' AND valid_until >= {TODAY} AND district = '350206' ORDER BY id"),
    );
    assert!(!want.is_empty());
    assert!(out(&o).contains(&format!("已生成 {} 份登记申请表", want.len())), "{}", out(&o));
    assert!(!d.join("申请表.pdf.partial").exists());
    let text = Command::new("pdftotext").arg("-layout").arg(&pdf).arg("-").output().unwrap();
    assert!(text.status.success());
    let text = String::from_utf8_lossy(&text.stdout);
    let bmp: Vec<&String> = want.iter().filter(|n| n.chars().all(|c| (c as u32) < 0x10000)).collect();
    assert!(!bmp.is_empty());
    for name in bmp {
        let spaced: String = name.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(text.replace(' ', "").contains(&spaced), "{name} not in the PDF");
    }
    assert!(text.contains("社会工作者登记申请表"));
    refused(&run(d, &["print", "--out", pdf.to_str().unwrap(), "--purpose", "年度核查", "--search", "没有这个人"], None), "没有符合筛选条件的记录");
}

#[test]
fn backup_makes_a_copy_that_passes_its_integrity_check() {
    let dir = seeded();
    let d = dir.path();
    let copy = d.join("备份").join("swreg-backup.sqlite3");
    refused(&run(d, &["backup", "--out", copy.to_str().unwrap()], None), "文件夹不存在");
    std::fs::create_dir(d.join("备份")).unwrap();
    let o = ok(run(d, &["backup", "--out", copy.to_str().unwrap()], None));
    assert!(out(&o).contains("完整性检查通过"), "{}", out(&o));
    let conn = rusqlite::Connection::open(&copy).unwrap();
    let check: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
    assert_eq!(check, "ok");
    let n: i64 = conn.query_row("SELECT COUNT(*) FROM workers", [], |r| r.get(0)).unwrap();
    assert_eq!(n, 50);
    assert!(!copy.with_file_name("swreg-backup.sqlite3-wal").exists(), "one self-contained file");
    refused(&run(d, &["backup", "--out", d.join("swreg.sqlite3").to_str().unwrap()], None), "正在使用的数据库");
}

/// The backup names the log's newest hash; `verify-audit` finds the chain whole, and after an
/// entry is changed behind the app's back it names that entry and exits non-zero.
#[test]
fn verify_audit_names_the_first_entry_that_does_not_fit() {
    let dir = seeded();
    let d = dir.path();
    // The first backup's own entry is in the second backup.
    ok(run(d, &["backup", "--out", d.join("a.sqlite3").to_str().unwrap()], None));
    let o = ok(run(d, &["backup", "--out", d.join("b.sqlite3").to_str().unwrap()], None));
    let printed = out(&o);
    let line = printed.lines().find(|l| l.contains("末条记录的哈希")).unwrap_or_else(|| panic!("{printed}"));
    let hash: String = line.chars().filter(|c| c.is_ascii_hexdigit()).collect();
    assert_eq!(hash.len(), 64, "{line}");
    let stored: String = rusqlite::Connection::open(d.join("b.sqlite3"))
        .unwrap()
        .query_row("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1", [], |r| r.get(0))
        .unwrap();
    assert_eq!(hash, stored);

    let o = ok(run(d, &["verify-audit"], None));
    assert!(out(&o).contains("操作日志完整"), "{}", out(&o));

    let id: i64 = {
        let conn = rusqlite::Connection::open(d.join("swreg.sqlite3")).unwrap();
        conn.execute_batch("DROP TRIGGER audit_log_no_update").unwrap();
        let id = conn.query_row("SELECT MIN(id) FROM audit_log", [], |r| r.get(0)).unwrap();
        conn.execute("UPDATE audit_log SET note = '改过' WHERE id = ?1", [id]).unwrap();
        id
    };
    refused(&run(d, &["verify-audit"], None), &format!("第一条对不上的是编号 {id} 的记录"));
}

fn count(db: &Path, table: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0)).unwrap()
}

/// The measured failure of a restore by hand: the data folder of an app stopped by SIGTERM still
/// holds its `-wal`, which SQLite replayed over a backup copied in as swreg.sqlite3 (0 rows left).
/// `restore` keeps every row of the backup.
#[test]
fn restore_puts_back_the_backup_even_beside_a_stopped_apps_wal() {
    let dir = seeded();
    let d = dir.path();
    let backup = d.join("backup.sqlite3");
    ok(run(d, &["backup", "--out", backup.to_str().unwrap()], None));
    let users = count(&backup, "users");

    // Changes after the backup, the latest of them still in the -wal when the app is stopped:
    // the folder is copied as it stands while a connection holds it open.
    let stopped = tempfile::tempdir().unwrap();
    {
        let conn = rusqlite::Connection::open(d.join("swreg.sqlite3")).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
        conn.execute("DELETE FROM worker_fields", []).unwrap();
        conn.execute("UPDATE workers SET name = '改过的名字'", []).unwrap();
        for name in ["swreg.sqlite3", "swreg.sqlite3-wal"] {
            std::fs::copy(d.join(name), stopped.path().join(name)).unwrap();
        }
    }
    let s = stopped.path();
    assert!(std::fs::metadata(s.join("swreg.sqlite3-wal")).unwrap().len() > 0);

    refused(&run(s, &["restore", "--from", backup.to_str().unwrap()], None), "没有终端可确认");
    assert_eq!(count(&s.join("swreg.sqlite3"), "worker_fields"), 0, "nothing changed without --yes");

    let o = ok(run(s, &["restore", "--from", backup.to_str().unwrap(), "--yes"], None));
    assert!(out(&o).contains("完整性检查通过") && out(&o).contains("已恢复数据库"), "{}", out(&o));
    assert!(!s.join("swreg.sqlite3-wal").exists(), "the command line leaves no -wal");
    let live = s.join("swreg.sqlite3");
    assert_eq!(count(&live, "workers"), 50);
    assert_eq!(count(&live, "users"), users);
    assert_eq!(count(&live, "worker_fields"), count(&backup, "worker_fields"));
    assert!(count(&live, "worker_fields") > 0);
    assert_eq!(names(s, "SELECT name FROM workers WHERE name = '改过的名字'").len(), 0);
    let saved: Vec<_> = std::fs::read_dir(s.join("backups")).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(saved.len(), 1, "the replaced database was saved first");
    assert_eq!(count(&saved[0], "worker_fields"), 0, "with the changes made after the backup");

    let text = d.join("notes.sqlite3");
    std::fs::write(&text, "some words, not a database, long enough to fill a page header".repeat(3)).unwrap();
    refused(&run(s, &["restore", "--from", text.to_str().unwrap(), "--yes"], None), "不是本系统的数据库");
    refused(&run(s, &["restore", "--from", d.join("none.sqlite3").to_str().unwrap(), "--yes"], None), "找不到备份文件");
    assert_eq!(count(&live, "workers"), 50);
}

#[test]
fn bad_folders_and_filters_are_refused_in_words() {
    let dir = seeded();
    let d = dir.path();
    let target = d.join("x.csv");
    let t = target.to_str().unwrap();
    let missing = d.join("没有这个文件夹");
    refused(&run(&missing, &["export", "--format", "csv", "--out", t], None), "没有数据库");
    assert!(!missing.exists(), "a mistyped folder is not created");
    let file = d.join("swreg.sqlite3");
    refused(&run(&file, &["init"], None), "不是文件夹");
    let not_db = tempfile::tempdir().unwrap();
    std::fs::write(not_db.path().join("swreg.sqlite3"), b"this is no database, just text that is long enough to be read").unwrap();
    refused(&run(not_db.path(), &["backup", "--out", "/tmp/never.sqlite3"], None), "数据库");
    for (args, says) in [
        (vec!["--district", "鼓浪屿"], "鼓浪屿"),
        (vec!["--status", "active"], "--status"),
        (vec!["--title", "9"], "--title"),
        (vec!["--field", "足球"], "--field"),
        (vec!["--full-time", "maybe"], "--full-time"),
        (vec!["--valid-from", "2026-13-01"], "--valid-from"),
        (vec!["--valid-from", "2027-01-01", "--valid-to", "2026-01-01"], "--valid-to"),
        (vec!["--sort", "age"], "--sort"),
    ] {
        let mut a = vec!["export", "--format", "csv", "--out", t];
        a.extend(args);
        refused(&run(d, &a, None), says);
        assert!(!target.exists());
    }
    let o = run(d, &["export", "--format", "pdf", "--out", t], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("命令行参数有误"), "{}", err(&o));
    refused(&run(d, &["seed-demo", "--workers", "5"], None), "已有登记记录");
}

#[test]
fn help_is_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let o = ok(run(dir.path(), &["--help"], None));
    let text = out(&o);
    for want in ["用法：", "命令：", "选项：", "显示帮助", "导出", "备份", "demo_admin"] {
        assert!(text.contains(want), "{want} missing: {text}");
    }
    for sub in ["init", "create-admin", "seed-demo", "export", "print", "backup"] {
        let text = out(&ok(run(dir.path(), &[sub, "--help"], None)));
        assert!(text.contains("用法：") && text.contains("选项：") && text.contains("数据文件夹"), "{sub}: {text}");
        assert!(!text.contains("Print help"), "{sub}: {text}");
        for english in ["[possible values", "[default:", "[env:"] {
            assert!(!text.contains(english), "{sub} says {english} in English: {text}");
        }
    }
    let export = out(&ok(run(dir.path(), &["export", "--help"], None)));
    assert!(export.contains("可选：xlsx、csv"), "{export}");
    assert!(export.contains("环境变量：SWREG_DATA_DIR"), "{export}");
    let seed = out(&ok(run(dir.path(), &["seed-demo", "--help"], None)));
    assert!(seed.contains("默认：1000"), "{seed}");
}

#[path = "../../core/tests/common/import_kit.rs"]
mod import_kit;

/// template → a file filled by a script → dry run with its report → import; refused rows give
/// exit code 3 and import nothing unless --skip-invalid.
#[test]
fn template_dry_run_and_import_with_their_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    ok(run(&data, &["init"], None));
    let tpl = dir.path().join("模板.xlsx");
    let o = ok(run(&data, &["template", "--out", tpl.to_str().unwrap()], None));
    assert!(out(&o).contains("已写入导入模板"));
    let mut wb: Xlsx<_> = open_workbook(&tpl).unwrap();
    let headers: Vec<String> = wb.worksheet_range("登记信息").unwrap().rows().next().unwrap().iter().map(|c| c.to_string()).collect();

    let mut people: Vec<import_kit::Person> = (0..5).map(import_kit::person).collect();
    people[3].set("邮编", "36");
    let file = dir.path().join("名册.xlsx");
    import_kit::write_xlsx(&file, &headers, &people);
    let report = dir.path().join("错误报告.xlsx");
    let args = |extra: &[&str]| -> Vec<String> {
        let mut a: Vec<String> =
            ["import", "--file", file.to_str().unwrap(), "--report", report.to_str().unwrap()].iter().map(|s| s.to_string()).collect();
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };
    let count = || -> i64 {
        let conn = rusqlite::Connection::open(data.join("swreg.sqlite3")).unwrap();
        conn.query_row("SELECT COUNT(*) FROM workers", [], |r| r.get(0)).unwrap()
    };

    let o = run(&data, &strs_of(&args(&["--dry-run"])), None);
    assert_eq!(o.status.code(), Some(3), "{}{}", out(&o), err(&o));
    assert!(out(&o).contains("通过 4 行") && err(&o).contains("第5行"), "{}{}", out(&o), err(&o));
    assert!(report.is_file());
    assert_eq!(count(), 0);
    let o = run(&data, &strs_of(&args(&[])), None);
    assert_eq!(o.status.code(), Some(3));
    assert!(err(&o).contains("没有导入任何记录"), "{}", err(&o));
    assert_eq!(count(), 0);
    let o = run(&data, &strs_of(&args(&["--skip-invalid"])), None);
    assert_eq!(o.status.code(), Some(3), "{}", err(&o));
    assert!(out(&o).contains("已导入 4 条记录"), "{}", out(&o));
    assert_eq!(count(), 4);

    // A file that passes: exit 0.
    import_kit::write_xlsx(&file, &headers, &[import_kit::person(3)]);
    ok(run(&data, &strs_of(&args(&[])), None));
    assert_eq!(count(), 5);
    // An unreadable file: exit 1, nothing written.
    std::fs::write(&file, "不是表格").unwrap();
    let o = run(&data, &strs_of(&args(&[])), None);
    assert_eq!(o.status.code(), Some(1));
    refused(&o, "--file");
}

fn strs_of(a: &[String]) -> Vec<&str> {
    a.iter().map(String::as_str).collect()
}
