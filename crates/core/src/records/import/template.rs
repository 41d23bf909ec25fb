//! 下载导入模板: the XLSX a clerk fills. One column per field of the record under the
//! catalogue's names (required ones marked *), the coded columns as dropdowns of their labels
//! (lists on a 代码表 sheet), dates as date cells, ID numbers, phones and postcodes as text cells,
//! a frozen header, a 填写说明 sheet and two example rows that the import skips.

use super::columns::{columns, Column, Slot, REQUIRED_MARK};
use crate::records::export::{header_format, xlsx_error};
use crate::error::Result;
use crate::registration::codes::{self, CodeTables, Kind as CodeKind};
use crate::registration::record::fields::{FieldKey as K, FieldKind};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, ExcelDateTime, Format, Formula, Workbook,
};
use std::path::Path;

/// The data sheet's name; the import reads it (or the first sheet).
pub(crate) const DATA_SHEET: &str = "登记信息";
/// The most rows one import takes (the template's dropdowns reach that far).
pub(crate) const MAX_ROWS: usize = 100_000;
/// What an example row's 姓名 begins with; the import skips such rows.
pub(crate) const EXAMPLE: &str = "【示例】";
const CODES_SHEET: &str = "代码表";
const NOTES_SHEET: &str = "填写说明";
/// How many rows the dropdowns and formats reach.
const ROWS: u32 = MAX_ROWS as u32 + 1;

/// The two example rows, by header: one not yet registered, one registered with its number.
pub(super) fn examples() -> [Vec<(&'static str, &'static str)>; 2] {
    let common = |name, sex, id, birth| {
        vec![
            ("姓名", name),
            ("性别", sex),
            ("身份证号码", id),
            ("出生日期", birth),
            ("民族", "汉族"),
            ("是否厦户", "是"),
            ("籍贯", "福建厦门"),
            ("婚姻状态", "已婚"),
            ("政治面貌", "群众"),
            ("学历程度", "大学本科"),
            ("毕业院校", "厦门大学"),
            ("所学专业", "社会工作"),
            ("通讯地址", "厦门市思明区湖滨南路1号"),
            ("邮编", "361000"),
            ("是否专职", "是"),
            ("职务", "一线社工"),
            ("所在区", "思明区"),
            ("目前所在单位", "厦门市思明区社会工作服务中心"),
            ("执业领域", "社区、青少年"),
            ("从业经历与业绩", "从事社区社会工作，负责青少年服务项目。"),
        ]
    };
    let mut a = common("【示例】张三", "男", "35020319900101123X", "1990-01-01");
    a.extend([
        ("毕业时间", "2012-07-01"),
        ("参加工作时间", "2012-08-01"),
        ("手机号码", "13800138000"),
        ("电子邮箱", "zhangsan@example.cn"),
        ("从事社会工作服务时间", "2012-08-01"),
        ("职称", "社会工作师"),
        ("职称证书编号", "2019350000123"),
        ("职称取得时间", "2019-10-01"),
        ("社会工作综合能力（中级）成绩", "85"),
        ("社会工作实务（中级）成绩", "78"),
        ("社会工作法规与政策成绩", "90"),
    ]);
    let mut b = common("【示例】李四", "女", "350206198506122343", "1985-06-12");
    b.extend([
        ("毕业时间", "2007-07-01"),
        ("参加工作时间", "2007-09-01"),
        ("手机号码", "13900139000"),
        ("电子邮箱", "lisi@example.cn"),
        ("从事社会工作服务时间", "2010-03-01"),
        ("登记证号", "厦社登202100012"),
        ("有效期自", "2021-07-01"),
        ("有效期至", "2024-06-30"),
    ]);
    [a, b]
}

fn excel_date(d: NaiveDate) -> Option<ExcelDateTime> {
    ExcelDateTime::from_ymd(u16::try_from(d.year()).ok()?, d.month() as u8, d.day() as u8).ok()
}

/// The labels a coded column offers, in the table's order.
fn labels(codes: &CodeTables, kind: CodeKind) -> Vec<String> {
    codes.codes(kind).into_iter().filter_map(|c| codes::label(codes, kind, c).map(str::to_owned)).collect()
}

fn column_letter(mut col: u16) -> String {
    let mut s = String::new();
    loop {
        s.insert(0, (b'A' + (col % 26) as u8) as char);
        if col < 26 {
            return s;
        }
        col = col / 26 - 1;
    }
}

pub(super) fn write(path: &Path, codes: &CodeTables) -> Result<()> {
    let cols = columns(codes);
    let mut wb = Workbook::new();
    let header = header_format();
    let required = header.clone().set_font_color(Color::RGB(0xC00000));
    let text = Format::new().set_num_format("@");
    let day = Format::new().set_num_format("yyyy-mm-dd");
    let example = Format::new().set_font_color(Color::RGB(0x808080)).set_italic();
    let example_text = example.clone().set_num_format("@");
    let example_day = example.clone().set_num_format("yyyy-mm-dd");

    // 代码表 first (the data sheet's dropdowns point into it), then ordered: data sheet first.
    let coded: Vec<CodeKind> =
        cols.iter().filter_map(|c| match c.slot { Slot::Field(k) if k.spec().kind == FieldKind::Code => k.spec().code, _ => None }).collect();
    let mut lists: Vec<(CodeKind, String)> = Vec::new();
    {
        let ws = wb.add_worksheet();
        ws.set_name(DATA_SHEET).map_err(xlsx_error)?;
        for (i, c) in cols.iter().enumerate() {
            let i = i as u16;
            ws.set_column_width(i, c.width).map_err(xlsx_error)?;
            ws.write_string_with_format(0, i, c.marked(), if c.required { &required } else { &header }).map_err(xlsx_error)?;
            match c.kind() {
                FieldKind::Date => {
                    ws.set_column_format(i, &day).map_err(xlsx_error)?;
                }
                FieldKind::Text | FieldKind::Multiline => {
                    ws.set_column_format(i, &text).map_err(xlsx_error)?;
                }
                _ => {}
            }
            let v = validation(c, codes, &coded, &mut lists)?;
            if let Some(v) = v {
                ws.add_data_validation(1, i, ROWS, i, &v).map_err(xlsx_error)?;
            }
        }
        for (r, values) in examples().iter().enumerate() {
            let r = r as u32 + 1;
            for (header, value) in values {
                let Some(i) = cols.iter().position(|c| c.header == *header) else { continue };
                let (i, c) = (i as u16, &cols[i]);
                match (c.kind(), NaiveDate::parse_from_str(value, "%Y-%m-%d").ok().and_then(excel_date)) {
                    (FieldKind::Date, Some(d)) => ws.write_datetime_with_format(r, i, &d, &example_day),
                    (FieldKind::Text | FieldKind::Multiline, _) => ws.write_string_with_format(r, i, *value, &example_text),
                    _ => ws.write_string_with_format(r, i, *value, &example),
                }
                .map_err(xlsx_error)?;
            }
        }
        ws.set_freeze_panes(1, 1).map_err(xlsx_error)?;
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(NOTES_SHEET).map_err(xlsx_error)?;
        ws.set_column_width(0, 110).map_err(xlsx_error)?;
        let wrap = Format::new().set_text_wrap();
        for (r, line) in notes(&cols).iter().enumerate() {
            ws.write_string_with_format(r as u32, 0, line, &wrap).map_err(xlsx_error)?;
        }
    }
    {
        let ws = wb.add_worksheet();
        ws.set_name(CODES_SHEET).map_err(xlsx_error)?;
        for (i, (kind, _)) in lists.iter().enumerate() {
            let i = i as u16;
            let head = cols
                .iter()
                .find(|c| matches!(c.slot, Slot::Field(k) if k.spec().code == Some(*kind)))
                .map_or(String::new(), |c| c.header.clone());
            ws.set_column_width(i, 16).map_err(xlsx_error)?;
            ws.write_string_with_format(0, i, head, &header).map_err(xlsx_error)?;
            for (r, label) in labels(codes, *kind).iter().enumerate() {
                ws.write_string(r as u32 + 1, i, label).map_err(xlsx_error)?;
            }
        }
    }
    wb.save(path).map_err(xlsx_error)
}

/// A column's data validation: the code table's labels as a dropdown, 是/否, or none.
fn validation(c: &Column, codes: &CodeTables, coded: &[CodeKind], lists: &mut Vec<(CodeKind, String)>) -> Result<Option<DataValidation>> {
    let v = match (&c.slot, c.kind()) {
        (Slot::Field(k), FieldKind::Code) => {
            let kind = k.spec().code.expect("a coded field names its table");
            let n = labels(codes, kind).len().max(1);
            let col = column_letter(coded.iter().position(|x| *x == kind).unwrap_or(0) as u16);
            let range = format!("='{CODES_SHEET}'!${col}$2:${col}${}", n + 1);
            lists.push((kind, range.clone()));
            DataValidation::new().allow_list_formula(Formula::new(range))
        }
        (_, FieldKind::Bool) => DataValidation::new().allow_list_strings(&["是", "否"]).map_err(xlsx_error)?,
        (Slot::Field(K::Fields), _) => {
            return Ok(Some(
                DataValidation::new()
                    .allow_any_value()
                    .set_input_message("可填多个领域，用顿号（、）分隔，例如：社区、青少年")
                    .map_err(xlsx_error)?,
            ))
        }
        _ => return Ok(None),
    };
    Ok(Some(
        v.set_error_style(DataValidationErrorStyle::Stop)
            .set_error_title("不在可选范围内")
            .map_err(xlsx_error)?
            .set_error_message("请从下拉列表中选择")
            .map_err(xlsx_error)?,
    ))
}

fn notes(cols: &[Column]) -> Vec<String> {
    let required: Vec<&str> = cols.iter().filter(|c| c.required).map(|c| c.header.as_str()).collect();
    vec![
        "社会工作者登记信息导入模板：填写说明".into(),
        format!("1. 每行一名社工，在“{DATA_SHEET}”工作表中从第4行起填写；第2、3行是示例（姓名以“{EXAMPLE}”开头），导入时不读取，可以删除。"),
        format!("2. 表头前有“{REQUIRED_MARK}”的列必须填写：{}。", required.join("、")),
        "3. 性别、民族、政治面貌、学历程度、婚姻状态、职务、所在区、职称请从下拉列表选择；是否厦户、是否专职填“是”或“否”；执业领域可填多个，用顿号分隔。".into(),
        "4. 身份证号码、手机号码、邮编等列已设为文本格式：请勿改为数字格式，否则18位身份证号码会变成3.50203E+17，后几位无法还原。".into(),
        "5. 日期请填写为2024-01-31这样的日期；2024/1/31、2024年1月31日也可以识别。".into(),
        "6. 有职称的，须填写职称证书编号、取得时间和该职称各考试科目的成绩（0–100）；其他职称的成绩列留空。".into(),
        "7. 已登记的社工请填写登记证号和有效期至（有效期自可不填，按登记期限推算）；都不填的导入为“未登记”。登记证号不能与系统中已有的重复。".into(),
        "8. 照片可另外打包成ZIP文件，每张照片以身份证号码命名，例如35020319900101123X.jpg（JPEG或PNG）。没有照片的记录也可以导入，由社工日后上传。".into(),
        "9. 导入前系统会先检查（不写入任何数据）：有问题的行会列在错误报告中，修改后可重新导入。同一身份证号码、电子邮箱或登记证号在文件中重复，或系统中已有，均不能导入。".into(),
        "10. 每名导入的社工会得到一个账号（sg开头）；社工在登录页用身份证号码和本表中的电子邮箱“注册”，即会收到账号名称的邮件，再用“忘记密码”取得临时密码登录。".into(),
        "11. 也可保存为CSV文件（UTF-8或GB18030编码）导入，表头与本模板相同。".into(),
    ]
}

#[cfg(test)]
mod tests {
    use super::column_letter;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
    }
}
