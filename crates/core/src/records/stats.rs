//! 统计: the records matching the register's filter counted by status, district, title level,
//! practice field, sex, age band and education, with the renewals falling due in 30, 60 and 90
//! days — plain data for the page's charts and tables, and an XLSX of the same tables.
//!
//! One pass over a covering index (`workers_roster_status`, which the V5 migration widened to hold
//! sex, education and birth date too) feeds every table; nothing reads the wide rows.

use crate::registration::record::fields::FieldKey as K;
use crate::audit::{self, AuditAction, Entry};
use crate::registration::codes::{self, CodeTables, Kind as CodeKind};
use crate::error::Result;
use crate::error::io_error;
use crate::partial::Partial;
use crate::registry::Registry;
use crate::records::roster::{self, RosterQuery, RosterStatus};
use crate::validate;
use chrono::{Duration, NaiveDate};
use rusqlite::params_from_iter;
use rust_xlsxwriter::{Chart, ChartType, Format, Workbook};
use serde::Serialize;
use std::collections::HashMap;
use std::path::Path;
use ts_rs::TS;

/// One row of a table: a code (empty for 未填写), its label and how many records have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Count {
    pub key: String,
    pub label: String,
    #[ts(type = "number")]
    pub count: i64,
}

/// Registrations whose validity ends within `days` days from today (today included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DueCount {
    #[ts(type = "number")]
    pub days: i64,
    #[ts(type = "number")]
    pub count: i64,
    /// The 有效期至 range that lists them in the register.
    pub valid_from: String,
    pub valid_to: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    pub today: String,
    /// Records counted.
    #[ts(type = "number")]
    pub total: i64,
    pub by_status: Vec<Count>,
    pub by_district: Vec<Count>,
    pub by_title: Vec<Count>,
    /// A record counts once for each of its fields.
    pub by_field: Vec<Count>,
    pub by_sex: Vec<Count>,
    pub by_age: Vec<Count>,
    pub by_education: Vec<Count>,
    /// 30, 60 and 90 days; registered records only.
    pub due: Vec<DueCount>,
}

/// The age bands, by age in whole years on today.
const AGE_BANDS: [(&str, &str, u32); 5] =
    [("lt30", "30岁以下", 30), ("30s", "30–39岁", 40), ("40s", "40–49岁", 50), ("50s", "50–59岁", 60), ("ge60", "60岁及以上", u32::MAX)];
const DUE_DAYS: [i64; 3] = [30, 60, 90];
const UNKNOWN: &str = "未填写";

/// Counts keyed by code, turned into table rows in the code table's order with 未填写 last.
fn table(counts: &HashMap<String, i64>, order: &[(String, String)]) -> Vec<Count> {
    let mut out: Vec<Count> = order
        .iter()
        .map(|(key, label)| Count { key: key.clone(), label: label.clone(), count: counts.get(key).copied().unwrap_or(0) })
        .collect();
    let known: i64 = out.iter().map(|c| c.count).sum();
    let all: i64 = counts.values().sum();
    if all > known {
        out.push(Count { key: String::new(), label: UNKNOWN.into(), count: all - known });
    }
    out
}

fn code_order(codes: &CodeTables, kind: CodeKind) -> Vec<(String, String)> {
    let list: Vec<(String, String)> = match kind {
        CodeKind::Title => codes.title.iter().map(|t| (t.code.clone(), t.label.clone())).collect(),
        CodeKind::Sex => codes.sex.iter().map(|c| (c.code.clone(), c.label.clone())).collect(),
        CodeKind::District => codes.district.iter().map(|c| (c.code.clone(), c.label.clone())).collect(),
        CodeKind::Field => codes.field.iter().map(|c| (c.code.clone(), c.label.clone())).collect(),
        CodeKind::Education => codes.education.iter().map(|c| (c.code.clone(), c.label.clone())).collect(),
        _ => Vec::new(),
    };
    list
}

/// Age in whole years on `today`; None for a missing or impossible birth date.
fn age(birth: Option<&str>, today: NaiveDate) -> Option<u32> {
    let b = validate::date(birth?).ok()?;
    today.years_since(b)
}

impl Registry {
    /// 统计 of the records matching `q` (its sort and page are ignored). Staff only.
    pub fn statistics(&self, token: &str, q: RosterQuery) -> Result<Stats> {
        self.actor(token)?.require_staff()?;
        let today = self.clock().today();
        let f = roster::filter(&q, today)?;
        let conn = self.read()?;
        let codes = codes::load(&conn)?;
        let mut stmt = conn.prepare_cached(&stats_sql(&f.where_clause()))?;
        let mut rows = stmt.query(params_from_iter(f.params()))?;
        let mut status: HashMap<String, i64> = HashMap::new();
        let (mut district, mut title, mut field, mut sex, mut education, mut ages) =
            (HashMap::new(), HashMap::new(), HashMap::new(), HashMap::new(), HashMap::new(), HashMap::new());
        let mut due = [0i64; 3];
        let mut total = 0;
        let last_due: Vec<String> = DUE_DAYS.iter().map(|d| (today + Duration::days(d - 1)).to_string()).collect();
        let today_s = today.to_string();
        while let Some(r) = rows.next()? {
            total += 1;
            let until: Option<String> = r.get(1)?;
            let standing = RosterStatus::of(r.get(0)?, until.as_deref(), today);
            *status.entry(standing.as_str().to_owned()).or_insert(0) += 1;
            if let (RosterStatus::Registered, Some(u)) = (standing, until.as_deref()) {
                for (i, last) in last_due.iter().enumerate() {
                    if u >= today_s.as_str() && u <= last.as_str() {
                        due[i] += 1;
                    }
                }
            }
            let key = |v: Option<String>| v.unwrap_or_default();
            *district.entry(key(r.get(2)?)).or_insert(0) += 1;
            *title.entry(key(r.get(3)?)).or_insert(0) += 1;
            let mask: i64 = r.get(4)?;
            for bit in 0..62 {
                if mask & (1 << bit) != 0 {
                    *field.entry(format!("{:02}", bit + 1)).or_insert(0) += 1;
                }
            }
            *sex.entry(key(r.get(5)?)).or_insert(0) += 1;
            *education.entry(key(r.get(6)?)).or_insert(0) += 1;
            let birth: Option<String> = r.get(7)?;
            let band = age(birth.as_deref(), today)
                .and_then(|a| AGE_BANDS.iter().find(|b| a < b.2))
                .map(|b| b.0.to_owned())
                .unwrap_or_default();
            *ages.entry(band).or_insert(0) += 1;
        }
        let statuses: Vec<(String, String)> =
            RosterStatus::ALL.iter().map(|s| (s.as_str().to_owned(), s.label().to_owned())).collect();
        let mut titles = vec![("".to_owned(), "无职称".to_owned())];
        titles.extend(code_order(&codes, CodeKind::Title));
        let bands: Vec<(String, String)> = AGE_BANDS.iter().map(|b| (b.0.to_owned(), b.1.to_owned())).collect();
        // A record without fields has none to count: 未填写 means nothing there.
        let by_field = code_order(&codes, CodeKind::Field)
            .into_iter()
            .map(|(key, label)| Count { count: field.get(&key).copied().unwrap_or(0), key, label })
            .collect();
        Ok(Stats {
            today: today.to_string(),
            total,
            by_status: table(&status, &statuses),
            by_district: table(&district, &code_order(&codes, CodeKind::District)),
            by_title: table(&title, &titles),
            by_field,
            by_sex: table(&sex, &code_order(&codes, CodeKind::Sex)),
            by_age: table(&ages, &bands),
            by_education: table(&education, &code_order(&codes, CodeKind::Education)),
            due: DUE_DAYS
                .iter()
                .zip(due)
                .map(|(&days, count)| DueCount {
                    days,
                    count,
                    valid_from: today.to_string(),
                    valid_to: (today + Duration::days(days - 1)).to_string(),
                })
                .collect(),
        })
    }

    /// The statistics as an XLSX: one sheet per table, each with its share and a chart. Staff
    /// only; written to the audit log.
    pub fn stats_xlsx(&self, token: &str, q: RosterQuery, out: &Path) -> Result<()> {
        let actor = self.actor(token)?;
        let stats = self.statistics(token, q.clone())?;
        let codes = codes::load(&self.db())?;
        let partial = Partial::new(self.data_dir(), out)?;
        write_stats(&stats, &crate::records::export::describe_query(&roster::loggable(&q), &codes), partial.path())?;
        partial.commit(out)?;
        audit::append(&self.db(), self.clock().now(), Entry {
            actor: audit::actor_id(&actor),
            note: Some(format!(
                "导出统计表（{} 条记录）；筛选：{}",
                stats.total,
                crate::records::export::describe_query(&roster::loggable(&q), &codes)
            )),
            ..Entry::new(AuditAction::RecordExport)
        })
    }
}

/// The one pass of [`Registry::statistics`]: every column it counts, from the status-led index.
fn stats_sql(where_clause: &str) -> String {
    format!(
        "SELECT w.status, w.valid_until, w.district, w.title, w.fields_mask, w.sex, w.education, w.birth_date
         FROM workers w INDEXED BY workers_roster_status {where_clause}"
    )
}

use crate::records::export::xlsx_error as xlsx;

fn write_stats(s: &Stats, filter: &str, path: &Path) -> Result<()> {
    let mut wb = Workbook::new();
    let header = crate::records::export::header_format();
    let percent = Format::new().set_num_format("0.0%");
    let bold = Format::new().set_bold();

    let about = wb.add_worksheet();
    about.set_name("说明").map_err(xlsx)?;
    about.set_column_width(0, 14).map_err(xlsx)?;
    about.set_column_width(1, 70).map_err(xlsx)?;
    for (i, (k, v)) in [("统计日期", s.today.clone()), ("筛选条件", filter.to_owned()), ("记录数", s.total.to_string())]
        .iter()
        .enumerate()
    {
        about.write_string_with_format(i as u32, 0, *k, &header).map_err(xlsx)?;
        about.write_string(i as u32, 1, v).map_err(xlsx)?;
    }

    let tables: [(&str, &str, &[Count], ChartType); 7] = [
        ("登记状态", "登记状态", &s.by_status, ChartType::Pie),
        (K::District.label(), K::District.label(), &s.by_district, ChartType::Column),
        (K::Title.label(), K::Title.label(), &s.by_title, ChartType::Column),
        (K::Fields.label(), K::Fields.label(), &s.by_field, ChartType::Bar),
        (K::Sex.label(), K::Sex.label(), &s.by_sex, ChartType::Pie),
        ("年龄段", "年龄段", &s.by_age, ChartType::Column),
        ("学历", K::Education.label(), &s.by_education, ChartType::Column),
    ];
    for (sheet, what, rows, chart_type) in tables {
        let ws = wb.add_worksheet();
        ws.set_name(sheet).map_err(xlsx)?;
        ws.set_column_width(0, 18).map_err(xlsx)?;
        ws.set_column_width(1, 10).map_err(xlsx)?;
        ws.set_column_width(2, 10).map_err(xlsx)?;
        for (c, h) in [what, "人数", "占比"].iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &header).map_err(xlsx)?;
        }
        for (i, row) in rows.iter().enumerate() {
            let r = i as u32 + 1;
            ws.write_string(r, 0, &row.label).map_err(xlsx)?;
            ws.write_number(r, 1, row.count as f64).map_err(xlsx)?;
            let share = if s.total > 0 { row.count as f64 / s.total as f64 } else { 0.0 };
            ws.write_number_with_format(r, 2, share, &percent).map_err(xlsx)?;
        }
        let last = rows.len() as u32;
        ws.write_string_with_format(last + 1, 0, "记录数", &bold).map_err(xlsx)?;
        ws.write_number_with_format(last + 1, 1, s.total as f64, &bold).map_err(xlsx)?;
        if last > 0 {
            let mut chart = Chart::new(chart_type);
            chart.title().set_name(&format!("按{what}统计"));
            chart.legend().set_hidden();
            if chart_type == ChartType::Pie {
                chart.legend().set_hidden();
            }
            chart.add_series().set_categories((sheet, 1, 0, last, 0)).set_values((sheet, 1, 1, last, 1));
            ws.insert_chart(1, 4, &chart).map_err(xlsx)?;
        }
    }

    let ws = wb.add_worksheet();
    ws.set_name("即将到期").map_err(xlsx)?;
    ws.set_column_width(0, 16).map_err(xlsx)?;
    ws.set_column_width(1, 10).map_err(xlsx)?;
    ws.set_column_width(2, 24).map_err(xlsx)?;
    for (c, h) in ["有效期届满", "人数", "有效期至范围"].iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &header).map_err(xlsx)?;
    }
    for (i, d) in s.due.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, format!("{}天内", d.days)).map_err(xlsx)?;
        ws.write_number(r, 1, d.count as f64).map_err(xlsx)?;
        ws.write_string(r, 2, format!("{} 至 {}", d.valid_from, d.valid_to)).map_err(xlsx)?;
    }
    wb.save(path).map_err(|e| io_error(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pass_reads_the_index_alone() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::db::open(&dir.path().join("a.sqlite3")).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        for q in [
            RosterQuery::default(),
            RosterQuery { status: Some(RosterStatus::Registered), district: "350203".into(), ..Default::default() },
            RosterQuery { field: "04".into(), full_time: Some(true), ..Default::default() },
        ] {
            let f = roster::filter(&q, today).unwrap();
            let plan: Vec<String> = conn
                .prepare(&format!("EXPLAIN QUERY PLAN {}", stats_sql(&f.where_clause())))
                .unwrap()
                .query_map(params_from_iter(f.params()), |r| r.get(3))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            assert_eq!(plan.len(), 1, "{plan:?}");
            assert!(plan[0].contains("USING COVERING INDEX workers_roster_status"), "{plan:?}");
        }
    }

    #[test]
    fn ages_in_whole_years() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        assert_eq!(age(Some("1996-12-01"), today), Some(30));
        assert_eq!(age(Some("1996-12-02"), today), Some(29));
        assert_eq!(age(Some("2030-01-01"), today), None);
        assert_eq!(age(Some("bad"), today), None);
        assert_eq!(age(None, today), None);
    }

    #[test]
    fn tables_keep_the_code_order_and_put_unknown_last() {
        let counts: HashMap<String, i64> = [("2".to_owned(), 3), ("".to_owned(), 2), ("x".to_owned(), 1)].into();
        let order = vec![("1".to_owned(), "男".to_owned()), ("2".to_owned(), "女".to_owned())];
        let t = table(&counts, &order);
        assert_eq!(t.iter().map(|c| (c.label.as_str(), c.count)).collect::<Vec<_>>(), [("男", 0), ("女", 3), ("未填写", 3)]);
    }
}
