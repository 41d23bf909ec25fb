//! The register's SQL: a filter built from the filters actually set, its count, and how a page
//! (or an export) reads its rows.
//!
//! Rows of `workers` are wide (the JSON `data`), so everything is answered from the V4 covering
//! indexes, and the plan is chosen here rather than left to the planner, which has no statistics
//! in an app database:
//! - the total comes from a filter-led covering index (SQLite picks one of those the filter
//!   constrains), or straight from `worker_fields` or the search index when that is the only filter;
//! - a page then walks the sort's own covering index in order (`INDEXED BY`), testing each entry,
//!   when matches are dense enough that it meets its rows early; when they are sparse, it reads the
//!   few matching rows and sorts them (`ORDER BY +column` keeps SQLite off the sort index).

use super::query::{RosterQuery, RosterSort, RosterStatus, NO_TITLE};
use crate::error::{Error, Result};
use crate::validate;
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{params_from_iter, Connection};

/// A filter over `workers w`.
pub(crate) struct Filter {
    terms: Vec<String>,
    params: Vec<Value>,
    /// The practice field, tested as `fields_mask` in the indexes.
    field: Option<(String, i64)>,
    /// The search condition alone, when it can be counted in the search index itself.
    search_only: Option<(String, Vec<Value>)>,
    /// A one- or two-character search: a range of names. The name-led covering index answers it
    /// with every other filter; left to itself the planner takes a filter's index (a district:
    /// a quarter of the register) and reads each of those wide rows for its name.
    name_prefix: bool,
}

fn text(s: &str) -> Value {
    Value::Text(s.to_owned())
}

impl Filter {
    fn and(&mut self, sql: &str, values: impl IntoIterator<Item = Value>) {
        self.terms.push(sql.to_owned());
        self.params.extend(values);
    }

    pub fn params(&self) -> &[Value] {
        &self.params
    }

    /// `WHERE …`, or nothing without filters.
    pub fn where_clause(&self) -> String {
        if self.terms.is_empty() { String::new() } else { format!("WHERE {}", self.terms.join(" AND ")) }
    }

    /// The number of matching records.
    pub fn count(&self, conn: &Connection) -> Result<i64> {
        let (sql, params): (String, &[Value]) = if self.terms.is_empty() {
            ("SELECT COUNT(*) FROM workers".into(), &[])
        } else if let (1, Some((code, _))) = (self.terms.len(), &self.field) {
            // (field, worker_id) is the primary key: one row per record with the field.
            return Ok(conn
                .prepare_cached("SELECT COUNT(*) FROM worker_fields WHERE field = ?1")?
                .query_row([code], |r| r.get(0))?);
        } else if let (1, Some((sql, params))) = (self.terms.len(), &self.search_only) {
            (sql.clone(), params.as_slice())
        } else {
            (format!("SELECT COUNT(*) FROM workers w {}{}", self.name_hint(), self.where_clause()), &self.params)
        };
        Ok(conn.prepare_cached(&sql)?.query_row(params_from_iter(params), |r| r.get(0))?)
    }

    /// `SELECT {select} FROM workers w … ORDER BY …` reading `wanted` rows (offset + limit) of a
    /// filter matching `total` of `all` records, by the cheaper of the two plans.
    pub fn select(&self, select: &str, sort: RosterSort, wanted: i64, total: i64, all: i64) -> String {
        // Walking the sort index reads about wanted × all / total entries (~50 ns each); reading
        // the matches and sorting them costs about total row lookups (~2 µs each).
        let walk = self.terms.is_empty() || total.saturating_mul(total).saturating_mul(40) >= wanted.saturating_mul(all);
        if walk {
            format!(
                "SELECT {select} FROM workers w INDEXED BY {} {} ORDER BY {}",
                sort_index(sort),
                self.where_clause(),
                order_by(sort, false)
            )
        } else {
            let mut terms = self.terms.clone();
            if let (1, Some(_)) = (terms.len(), &self.field) {
                // The field alone: start from its rows in worker_fields.
                terms[0] = "w.id IN (SELECT worker_id FROM worker_fields WHERE field = ?)".into();
            }
            format!(
                "SELECT {select} FROM workers w {}WHERE {} ORDER BY {}",
                self.name_hint(),
                terms.join(" AND "),
                order_by(sort, true)
            )
        }
    }

    /// No filter set.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The conditions over `workers w`, joined by AND (`1` without filters), with
    /// [`Filter::params`] for their parameters.
    pub fn condition(&self) -> String {
        if self.terms.is_empty() { "1".into() } else { self.terms.join(" AND ") }
    }

    /// `SELECT w.id FROM workers w … WHERE …`: the matching records, from a covering index.
    pub fn ids(&self) -> String {
        format!("SELECT w.id FROM workers w {}{}", self.name_hint(), self.where_clause())
    }

    fn name_hint(&self) -> &'static str {
        if self.name_prefix { "INDEXED BY workers_roster_name " } else { "" }
    }

    /// The parameters of [`Filter::select`]'s SQL (the field's code instead of its bit when the
    /// field drives the plan).
    pub fn select_params(&self, sql: &str) -> Vec<Value> {
        match (&self.field, sql.contains("FROM worker_fields")) {
            (Some((code, _)), true) => vec![text(code)],
            _ => self.params.clone(),
        }
    }
}

/// The covering index led by a sort.
fn sort_index(sort: RosterSort) -> &'static str {
    match sort {
        RosterSort::Updated => "workers_roster_updated",
        RosterSort::Name => "workers_roster_name",
        RosterSort::RegistrationNo => "workers_roster_registration",
        RosterSort::ValidUntil => "workers_roster_until",
    }
}

/// ORDER BY of a sort, ending with the id so that pages never overlap. `sorted` writes `+column`,
/// which keeps SQLite from walking the sort index.
pub(crate) fn order_by(sort: RosterSort, sorted: bool) -> &'static str {
    match (sort, sorted) {
        (RosterSort::Updated, false) => "w.updated_at DESC, w.id DESC",
        (RosterSort::Updated, true) => "+w.updated_at DESC, w.id DESC",
        (RosterSort::Name, false) => "w.name, w.id",
        (RosterSort::Name, true) => "+w.name, w.id",
        (RosterSort::RegistrationNo, false) => "w.registration_no IS NULL, w.registration_no, w.id",
        (RosterSort::RegistrationNo, true) => "+w.registration_no IS NULL, +w.registration_no, w.id",
        (RosterSort::ValidUntil, false) => "w.valid_until IS NULL, w.valid_until, w.id",
        (RosterSort::ValidUntil, true) => "+w.valid_until IS NULL, +w.valid_until, w.id",
    }
}

/// The filter of a query on `today`. Dates are checked; codes are taken as given (an unknown
/// code matches nothing).
pub(crate) fn filter(q: &RosterQuery, today: NaiveDate) -> Result<Filter> {
    let mut f = Filter { terms: Vec::new(), params: Vec::new(), field: None, search_only: None, name_prefix: false };
    let today = today.to_string();
    // A registered record always has a validity end (approval sets it).
    match q.status {
        None => {}
        Some(RosterStatus::Unregistered) => f.and("w.status = 'unregistered'", []),
        Some(RosterStatus::Frozen) => f.and("w.status = 'frozen'", []),
        Some(RosterStatus::Registered) => f.and("w.status = 'registered' AND w.valid_until >= ?", [text(&today)]),
        Some(RosterStatus::Expired) => f.and("w.status = 'registered' AND w.valid_until < ?", [text(&today)]),
    }
    let day = |raw: &str, field: &str| -> Result<Option<String>> {
        if raw.trim().is_empty() {
            return Ok(None);
        }
        validate::date(raw.trim()).map(|d| Some(d.to_string())).map_err(|m| Error::field(field, m))
    };
    let from = day(&q.valid_from, "validFrom")?;
    let to = day(&q.valid_to, "validTo")?;
    if let (Some(a), Some(b)) = (&from, &to) {
        if a > b {
            return Err(Error::field("validTo", "结束日期不能早于开始日期"));
        }
    }
    if from.is_some() || to.is_some() {
        // `(valid_until IS NULL) = 0` names the first column of workers_roster_until, so that
        // the range can use it.
        f.and("(w.valid_until IS NULL) = 0", []);
    }
    if let Some(d) = from {
        f.and("w.valid_until >= ?", [Value::Text(d)]);
    }
    if let Some(d) = to {
        f.and("w.valid_until <= ?", [Value::Text(d)]);
    }
    if !q.district.trim().is_empty() {
        f.and("w.district = ?", [text(q.district.trim())]);
    }
    match q.title.trim() {
        "" => {}
        NO_TITLE => f.and("w.title IS NULL", []),
        t => f.and("w.title = ?", [text(t)]),
    }
    if let Some(v) = q.full_time {
        f.and("w.full_time = ?", [Value::Integer(v.into())]);
    }
    if let Some(v) = q.xiamen_hukou {
        f.and("w.xiamen_hukou = ?", [Value::Integer(v.into())]);
    }
    let field = q.field.trim();
    if !field.is_empty() {
        match field_bit(field) {
            Some(bit) => {
                f.and("(w.fields_mask & ?) <> 0", [Value::Integer(bit)]);
                f.field = Some((field.to_owned(), bit));
            }
            None => f.and("0", []),
        }
    }
    search(&mut f, &q.search);
    Ok(f)
}

/// 检索: a complete ID number or registration number by its own index; three characters or more
/// anywhere in the five searched columns through the trigram index (exact: a phrase of trigrams
/// is the substring itself, case aside); one or two characters at the start of a name.
fn search(f: &mut Filter, raw: &str) {
    let s = normalize_search(raw);
    let chars = s.chars().count();
    if chars == 0 {
        return;
    }
    if is_id_number(&s) {
        f.and("w.id_number = ?", [Value::Text(s.to_ascii_uppercase())]);
    } else if is_registration_no(&s) {
        f.and("w.registration_no = ?", [Value::Text(s)]);
    } else if chars >= 3 {
        let phrase = Value::Text(format!("\"{}\"", s.replace('"', "\"\"")));
        f.and("w.id IN (SELECT rowid FROM worker_search WHERE worker_search MATCH ?)", [phrase.clone()]);
        // Every search row is a worker's (the V4 triggers keep them in step).
        f.search_only = Some(("SELECT COUNT(*) FROM worker_search WHERE worker_search MATCH ?".into(), vec![phrase]));
    } else {
        let mut end = s.clone();
        let last = end.pop().expect("not empty");
        end.push(char::from_u32(last as u32 + 1).unwrap_or(char::MAX));
        f.and("w.name >= ? AND w.name < ?", [Value::Text(s), Value::Text(end)]);
        f.name_prefix = true;
    }
}

/// 18 characters: 17 digits and a digit or X.
fn is_id_number(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 18 && b[..17].iter().all(u8::is_ascii_digit) && (b[17].is_ascii_digit() || b[17] == b'X' || b[17] == b'x')
}

/// A prefix without digits, then a year and a 5-digit sequence (厦社登202600001).
fn is_registration_no(s: &str) -> bool {
    let digits = s.chars().rev().take_while(char::is_ascii_digit).count();
    let prefix = s.chars().count() - digits;
    digits == 9 && (1..=10).contains(&prefix) && !s.chars().take(prefix).any(|c| c.is_ascii_digit())
}

/// The bit of a practice-field code in `workers.fields_mask` (code 01 is bit 0).
pub(crate) fn field_bit(code: &str) -> Option<i64> {
    if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = code.parse().ok().filter(|n| (1..=62).contains(n))?;
    Some(1i64 << (n - 1))
}

/// Trimmed; a phone number typed with spaces, hyphens or +86 becomes its digits.
pub fn normalize_search(raw: &str) -> String {
    let s = raw.trim();
    let phone_like = s.chars().any(|c| c.is_ascii_digit())
        && s.chars().all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '\u{3000}'));
    if phone_like {
        let digits: String = s.chars().filter(char::is_ascii_digit).collect();
        return match digits.strip_prefix("86") {
            Some(rest) if s.starts_with('+') => rest.to_owned(),
            _ => digits,
        };
    }
    s.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_bits_and_search_terms() {
        assert_eq!(field_bit("01"), Some(1));
        assert_eq!(field_bit("17"), Some(1 << 16));
        assert_eq!(field_bit("1"), None);
        assert_eq!(field_bit("x1"), None);
        assert_eq!(field_bit("+1"), None);
        assert_eq!(field_bit("00"), None);
        assert_eq!(normalize_search(" +86 138-0592-1234 "), "13805921234");
        assert_eq!(normalize_search("8613805921234"), "8613805921234");
        assert_eq!(normalize_search(" 王小芳 "), "王小芳");
    }

    #[test]
    fn complete_numbers_are_recognised() {
        assert!(is_id_number("35020319900101123x"));
        assert!(!is_id_number("3502031990010112"));
        assert!(is_registration_no("厦社登202600001"));
        assert!(!is_registration_no("厦社登20260000"));
        assert!(!is_registration_no("202600001"));
    }

    #[test]
    fn a_name_start_with_filters_is_counted_in_the_name_index() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::db::open(&dir.path().join("a.sqlite3")).unwrap();
        let q = RosterQuery { search: "陈".into(), district: "350203".into(), ..Default::default() };
        let f = filter(&q, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()).unwrap();
        for sql in [
            format!("SELECT COUNT(*) FROM workers w {}{}", f.name_hint(), f.where_clause()),
            f.select("w.id", RosterSort::Updated, 20, 30, 100_000),
        ] {
            let plan: Vec<String> = conn
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap()
                .query_map(params_from_iter(f.params()), |r| r.get(3))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            assert!(plan[0].contains("INDEX workers_roster_name (name>? AND name<?)"), "{sql}: {plan:?}");
        }
    }

    #[test]
    fn sparse_filters_sort_their_matches_and_dense_ones_walk_the_index() {
        let q = RosterQuery { district: "350203".into(), ..Default::default() };
        let f = filter(&q, NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()).unwrap();
        let dense = f.select("w.id", RosterSort::Name, 20, 20_000, 100_000);
        assert!(dense.contains("INDEXED BY workers_roster_name"), "{dense}");
        let sparse = f.select("w.id", RosterSort::Name, 20, 30, 100_000);
        assert!(sparse.contains("ORDER BY +w.name"), "{sparse}");
        let only_field = filter(&RosterQuery { field: "04".into(), ..Default::default() }, NaiveDate::MIN).unwrap();
        let sql = only_field.select("w.id", RosterSort::Updated, 20, 5, 100_000);
        assert!(sql.contains("FROM worker_fields"), "{sql}");
        assert_eq!(only_field.select_params(&sql), vec![text("04")]);
    }
}
