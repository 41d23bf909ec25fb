//! The register's filters on the command line, and the two commands that use them: `export` and
//! `print`. Values are taken as the app shows them or as codes (`--district 思明区` or
//! `--district 350203`), and anything unknown is refused in words rather than matching nothing.

use crate::{describe, ensure_parent, Format, Progress};
use std::path::Path;
use swreg_core::registration::codes::{CodeTables, Kind};
use swreg_core::records::export::{ExportArgs, ExportFormat};
use swreg_core::registration::print::BatchPdfArgs;
use swreg_core::records::roster::{RosterQuery, RosterSort, RosterStatus, NO_TITLE};
use swreg_core::Registry;

#[derive(clap::Args, Debug, Default)]
pub struct Filters {
    /// 登记状态：已登记、超期、已冻结、未登记（或 registered、expired、frozen、unregistered）
    #[arg(long, value_name = "状态")]
    status: Option<String>,
    /// 所在区：名称或行政区划代码，如 思明区 或 350203
    #[arg(long, value_name = "区")]
    district: Option<String>,
    /// 职称：名称或代码（1 助理社会工作师、2 社会工作师、3 高级社会工作师），无职称写 none 或 无
    #[arg(long, value_name = "职称")]
    title: Option<String>,
    /// 执业领域：名称或代码，如 社区 或 04
    #[arg(long, value_name = "领域")]
    field: Option<String>,
    /// 是否专职：是 或 否（yes/no）
    #[arg(long, value_name = "是|否")]
    full_time: Option<String>,
    /// 是否厦户：是 或 否（yes/no）
    #[arg(long, value_name = "是|否")]
    xiamen_hukou: Option<String>,
    /// 有效期至不早于此日（YYYY-MM-DD）
    #[arg(long, value_name = "日期")]
    valid_from: Option<String>,
    /// 有效期至不晚于此日（YYYY-MM-DD）
    #[arg(long, value_name = "日期")]
    valid_to: Option<String>,
    /// 检索：姓名、身份证号码、手机号码、单位或登记证号
    #[arg(long, value_name = "文字")]
    search: Option<String>,
    /// 排序：updated（最近更新，默认）、name（姓名）、registration-no（登记证号）、valid-until（有效期至）
    #[arg(long, value_name = "排序", default_value = "updated")]
    sort: String,
}

fn yes_no(option: &str, raw: &str) -> Result<bool, String> {
    match raw.trim().to_lowercase().as_str() {
        "是" | "yes" | "y" | "true" | "1" => Ok(true),
        "否" | "no" | "n" | "false" | "0" => Ok(false),
        _ => Err(format!("--{option} 只能是“是”或“否”，而不是“{raw}”")),
    }
}

/// A code given by its code or its label.
fn code(option: &str, raw: &str, known: &[(String, String)]) -> Result<String, String> {
    let v = raw.trim();
    known
        .iter()
        .find(|(code, label)| code == v || label == v)
        .map(|(code, _)| code.clone())
        .ok_or_else(|| {
            let choices: Vec<String> = known.iter().map(|(c, l)| format!("{l}（{c}）")).collect();
            format!("--{option} 的值“{raw}”不存在，可选：{}", choices.join("、"))
        })
}

fn pairs(codes: &CodeTables, kind: Kind) -> Vec<(String, String)> {
    match kind {
        Kind::Title => codes.title.iter().map(|t| (t.code.clone(), t.label.clone())).collect(),
        Kind::District => codes.district.iter().map(|c| (c.code.clone(), c.label.clone())).collect(),
        Kind::Field => codes.field.iter().map(|c| (c.code.clone(), c.label.clone())).collect(),
        _ => Vec::new(),
    }
}

impl Filters {
    /// The register's query these options describe.
    pub fn query(&self, codes: &CodeTables) -> Result<RosterQuery, String> {
        let mut q = RosterQuery::default();
        if let Some(s) = &self.status {
            q.status = Some(
                RosterStatus::ALL
                    .into_iter()
                    .find(|st| st.as_str() == s.trim() || st.label() == s.trim())
                    .ok_or_else(|| format!("--status 的值“{s}”不存在，可选：已登记、超期、已冻结、未登记"))?,
            );
        }
        if let Some(d) = &self.district {
            q.district = code("district", d, &pairs(codes, Kind::District))?;
        }
        if let Some(t) = &self.title {
            q.title = match t.trim() {
                "none" | "无" | "无职称" => NO_TITLE.to_owned(),
                _ => code("title", t, &pairs(codes, Kind::Title))?,
            };
        }
        if let Some(f) = &self.field {
            q.field = code("field", f, &pairs(codes, Kind::Field))?;
        }
        q.full_time = self.full_time.as_deref().map(|v| yes_no("full-time", v)).transpose()?;
        q.xiamen_hukou = self.xiamen_hukou.as_deref().map(|v| yes_no("xiamen-hukou", v)).transpose()?;
        q.valid_from = self.valid_from.clone().unwrap_or_default();
        q.valid_to = self.valid_to.clone().unwrap_or_default();
        q.search = self.search.clone().unwrap_or_default();
        q.sort = match self.sort.trim() {
            "updated" => RosterSort::Updated,
            "name" => RosterSort::Name,
            "registration-no" => RosterSort::RegistrationNo,
            "valid-until" => RosterSort::ValidUntil,
            other => return Err(format!("--sort 的值“{other}”不存在，可选：updated、name、registration-no、valid-until")),
        };
        Ok(q)
    }
}

#[allow(clippy::too_many_arguments)]
pub fn export(
    registry: &Registry,
    token: &str,
    format: Format,
    out: &Path,
    filters: Filters,
    with_codes: bool,
    unmasked: bool,
    purpose: String,
) -> Result<(), String> {
    ensure_parent(out)?;
    let codes = registry.code_tables(token).map_err(describe)?;
    let query = filters.query(&codes)?;
    let format = match format {
        Format::Xlsx => ExportFormat::Xlsx,
        Format::Csv => ExportFormat::Csv,
    };
    let mut bar = Progress::new("导出");
    let s = registry
        .export(token, ExportArgs { query, format, with_codes, unmasked, purpose }, out, &mut |done, total| {
            bar.show(done, total);
            true
        })
        .map_err(describe)?;
    bar.finish();
    println!("已导出 {} 条记录到 {}{}", s.rows, s.path, if unmasked { "（含完整身份证号码和手机号码）" } else { "（已脱敏）" });
    Ok(())
}

pub fn print(registry: &Registry, token: &str, out: &Path, purpose: &str, filters: Filters) -> Result<(), String> {
    ensure_parent(out)?;
    let codes = registry.code_tables(token).map_err(describe)?;
    let query = filters.query(&codes)?;
    let mut worker_ids = Vec::new();
    for page in 1.. {
        let p = registry.roster(token, RosterQuery { page, page_size: 200, ..query.clone() }).map_err(describe)?;
        if p.items.is_empty() {
            break;
        }
        worker_ids.extend(p.items.iter().map(|r| r.worker_id));
        if worker_ids.len() as i64 >= p.total {
            break;
        }
    }
    if worker_ids.is_empty() {
        return Err("没有符合筛选条件的记录，未生成文件".into());
    }
    let mut bar = Progress::new("生成申请表");
    let rendered = registry
        .batch_pdf(token, &BatchPdfArgs { worker_ids: worker_ids.clone(), purpose: purpose.to_owned() }, &mut |done, total| {
            bar.show(done as u64, total as u64);
            true
        })
        .map_err(describe)?;
    bar.finish();
    // The core's save: never over the live database, 0600, never a half-written PDF at `out`.
    registry.save_file(out, &rendered.pdf).map_err(describe)?;
    for w in &rendered.warnings {
        eprintln!("提示：{w}");
    }
    println!("已生成 {} 份登记申请表（{} 页）：{}", worker_ids.len(), rendered.pages, out.display());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yes_and_no_in_both_languages() {
        assert_eq!(yes_no("full-time", "是"), Ok(true));
        assert_eq!(yes_no("full-time", "No"), Ok(false));
        assert!(yes_no("full-time", "maybe").unwrap_err().contains("--full-time"));
    }

    #[test]
    fn codes_by_code_or_label() {
        let known = vec![("350203".to_owned(), "思明区".to_owned()), ("350206".to_owned(), "湖里区".to_owned())];
        assert_eq!(code("district", "思明区", &known).unwrap(), "350203");
        assert_eq!(code("district", " 350206 ", &known).unwrap(), "350206");
        let e = code("district", "鼓浪屿", &known).unwrap_err();
        assert!(e.contains("鼓浪屿") && e.contains("湖里区（350206）"), "{e}");
    }
}
