//! Spreadsheets for the import's tests and benchmark: synthetic people as the template's columns
//! (each with the record the import should make of it), written by a script as a clerk would fill
//! the template — text cells for numbers, date cells for dates, labels for codes.

#![allow(dead_code)]

use chrono::{Datelike, Duration, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::path::Path;
use swreg_core::registration::record::{Contact, RecordForm};

const SURNAMES: [&str; 10] = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周"];
const GIVEN: [&str; 10] = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳"];

/// Headers that hold dates.
pub const DATES: [&str; 8] = ["出生日期", "毕业时间", "参加工作时间", "从事社会工作服务时间", "职称取得时间", "有效期自", "有效期至", "取得时间"];

pub struct Person {
    /// Header → value, as typed.
    pub cells: Vec<(&'static str, String)>,
    pub form: RecordForm,
    /// 登记证号 and 有效期至 when registered.
    pub registration: Option<(String, String)>,
}

impl Person {
    pub fn get(&self, header: &str) -> &str {
        self.cells.iter().find(|(h, _)| *h == header).map_or("", |(_, v)| v.as_str())
    }

    pub fn set(&mut self, header: &'static str, value: &str) {
        self.cells.retain(|(h, _)| *h != header);
        self.cells.push((header, value.to_owned()));
    }
}

pub fn id_number(birth: NaiveDate, seq: u32) -> String {
    let first17 = format!("350203{}{seq:03}", birth.format("%Y%m%d"));
    let check = swreg_core::demo::id_check_char(&first17);
    format!("{first17}{check}")
}

/// Person `i`: male when even, every third with a title, every second registered.
pub fn person(i: u32) -> Person {
    let birth = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + Duration::days((i % 10_000) as i64);
    let male = i % 2 == 0;
    let seq = ((i / 10_000) % 100) * 10 + if male { 1 } else { 2 };
    let id = id_number(birth, seq);
    let years = |n: i32| birth.with_year(birth.year() + n).unwrap_or(birth + Duration::days(365 * n as i64));
    let name = format!("{}{}{}", SURNAMES[(i % 10) as usize], GIVEN[((i / 10) % 10) as usize], GIVEN[((i / 100) % 10) as usize]);
    let (grad, work) = (years(22).to_string(), years(23).to_string());
    let email = format!("w{i}@example.cn");
    let mobile = format!("139{:08}", i);
    let titled = i % 3 == 0;
    let registered = i % 2 == 0;
    let mut cells: Vec<(&'static str, String)> = vec![
        ("姓名", name.clone()),
        ("性别", if male { "男" } else { "女" }.into()),
        ("身份证号码", id.clone()),
        ("出生日期", birth.to_string()),
        ("民族", "汉族".into()),
        ("是否厦户", "是".into()),
        ("籍贯", "福建厦门".into()),
        ("婚姻状态", "已婚".into()),
        ("政治面貌", "群众".into()),
        ("学历程度", "大学本科".into()),
        ("毕业院校", "厦门大学".into()),
        ("所学专业", "社会工作".into()),
        ("毕业时间", grad.clone()),
        ("参加工作时间", work.clone()),
        ("通讯地址", format!("厦门市思明区湖滨南路{i}号")),
        ("邮编", "361000".into()),
        ("手机号码", mobile.clone()),
        ("电子邮箱", email.clone()),
        ("是否专职", if i % 4 == 0 { "否" } else { "是" }.into()),
        ("从事社会工作服务时间", work.clone()),
        ("职务", "一线社工".into()),
        ("所在区", "思明区".into()),
        ("目前所在单位", "厦门市思明区社会工作服务中心".into()),
        ("执业领域", "社区、青少年".into()),
        ("从业经历与业绩", "从事社区社会工作。".into()),
    ];
    let mut form = RecordForm {
        name,
        sex: if male { "1" } else { "2" }.into(),
        id_number: id,
        birth_date: birth.to_string(),
        ethnicity: "01".into(),
        xiamen_hukou: Some(true),
        native_place: "福建厦门".into(),
        marital: "20".into(),
        political: "13".into(),
        education: "21".into(),
        school: "厦门大学".into(),
        major: "社会工作".into(),
        graduation_date: grad,
        work_start_date: work.clone(),
        photo_id: None,
        contact: Contact {
            address: format!("厦门市思明区湖滨南路{i}号"),
            postcode: "361000".into(),
            mobile,
            office_phone: String::new(),
            email,
            qq: String::new(),
        },
        full_time: Some(i % 4 != 0),
        service_start_date: work,
        position: "1".into(),
        district: "350203".into(),
        employer: "厦门市思明区社会工作服务中心".into(),
        fields: vec!["04".into(), "08".into()],
        experience: "从事社区社会工作。".into(),
        ..Default::default()
    };
    if titled {
        let date = years(25).to_string();
        cells.extend([
            ("职称", "社会工作师".to_owned()),
            ("职称证书编号", format!("2019{i:08}")),
            ("职称取得时间", date.clone()),
            ("社会工作综合能力（中级）成绩", "85".to_owned()),
            ("社会工作实务（中级）成绩", "78.5".to_owned()),
            ("社会工作法规与政策成绩", "90".to_owned()),
        ]);
        form.title = "2".into();
        form.title_cert_no = format!("2019{i:08}");
        form.title_date = date;
        form.title_scores =
            [("zh2", "85"), ("sw2", "78.5"), ("fg2", "90")].into_iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    }
    let registration = registered.then(|| (format!("厦社登2020{i:05}"), "2027-06-30".to_owned()));
    if let Some((no, until)) = &registration {
        cells.push(("登记证号", no.clone()));
        cells.push(("有效期至", until.clone()));
    }
    Person { cells, form, registration }
}

/// Writes `people` under `headers` as a clerk would (text cells formatted as text, dates as
/// date cells), into the sheet 登记信息.
pub fn write_xlsx(path: &Path, headers: &[String], people: &[Person]) {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("登记信息").unwrap();
    let text = Format::new().set_num_format("@");
    let day = Format::new().set_num_format("yyyy-mm-dd");
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, h).unwrap();
    }
    for (r, p) in people.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, h) in headers.iter().enumerate() {
            let h = h.trim_start_matches('*');
            let v = p.get(h);
            if v.is_empty() {
                continue;
            }
            let date = NaiveDate::parse_from_str(v, "%Y-%m-%d").ok().filter(|_| DATES.contains(&h));
            match date {
                Some(d) => {
                    let d = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).unwrap();
                    ws.write_datetime_with_format(r, c as u16, &d, &day).unwrap();
                }
                None => {
                    ws.write_string_with_format(r, c as u16, v, &text).unwrap();
                }
            }
        }
    }
    wb.save(path).unwrap();
}

/// The same as CSV text (UTF-8), one line per person.
pub fn csv(headers: &[&str], people: &[Person]) -> String {
    let mut out = headers.join(",");
    out.push('\n');
    for p in people {
        let line: Vec<String> = headers.iter().map(|h| p.get(h).to_owned()).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}
