//! The checks that need more than one row: the same ID number, e-mail address or 登记证号 twice in
//! the file, or already in the register (a record or an account with the ID number, an account
//! with the address, a record with the number).

use super::columns::REGISTRATION_NO;
use super::row::Row;
use crate::error::Result;
use crate::registration::record::fields::FieldKey as K;
use rusqlite::Connection;
use std::collections::{HashMap, HashSet};

/// Lines of the file by value, for the values that occur more than once.
fn repeated<'a>(rows: &'a [Row], value: impl Fn(&'a Row) -> Option<String>) -> HashMap<String, Vec<u32>> {
    let mut seen: HashMap<String, Vec<u32>> = HashMap::new();
    for r in rows {
        if let Some(v) = value(r).filter(|v| !v.is_empty()) {
            seen.entry(v).or_default().push(r.line);
        }
    }
    seen.retain(|_, lines| lines.len() > 1);
    seen
}

fn lines(list: &[u32], except: u32) -> String {
    list.iter().filter(|&&l| l != except).map(|l| format!("第{l}行")).collect::<Vec<_>>().join("、")
}

/// Duplicates within the file: every row of a repeated value is refused, naming the others.
pub(super) fn within_file(rows: &mut [Row]) {
    let ids = repeated(rows, |r| Some(r.form.id_number.to_ascii_uppercase()));
    let emails = repeated(rows, |r| Some(r.form.contact.email.to_lowercase()));
    let numbers = repeated(rows, |r| r.registration.as_ref().map(|g| g.number.clone()));
    for r in rows.iter_mut() {
        let line = r.line;
        if let Some(l) = ids.get(&r.form.id_number.to_ascii_uppercase()) {
            r.add(K::IdNumber.column(), format!("与{}的身份证号码重复", lines(l, line)));
        }
        if let Some(l) = emails.get(&r.form.contact.email.to_lowercase()) {
            r.add(K::Email.column(), format!("与{}的电子邮箱重复（每个电子邮箱只能用于一个账号）", lines(l, line)));
        }
        if let Some(l) = r.registration.as_ref().and_then(|g| numbers.get(&g.number)) {
            r.add(REGISTRATION_NO, format!("与{}的登记证号重复", lines(l, line)));
        }
    }
}

/// What the register holds already, read once for the whole file.
pub(super) struct Taken {
    ids: HashSet<String>,
    emails: HashSet<String>,
    numbers: HashSet<String>,
}

impl Taken {
    pub fn load(conn: &Connection) -> Result<Taken> {
        let set = |sql: &str| -> Result<HashSet<String>> {
            let mut stmt = conn.prepare(sql)?;
            let v = stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<HashSet<_>>>()?;
            Ok(v)
        };
        Ok(Taken {
            ids: set(
                "SELECT upper(id_number) FROM workers WHERE id_number IS NOT NULL
                 UNION SELECT upper(id_number) FROM users WHERE id_number IS NOT NULL",
            )?,
            emails: set("SELECT lower(email) FROM users WHERE email IS NOT NULL")?,
            numbers: set("SELECT registration_no FROM workers WHERE registration_no IS NOT NULL")?,
        })
    }

    /// Refuses the rows whose ID number, address or 登记证号 the register holds.
    pub fn check(&self, rows: &mut [Row]) {
        for r in rows.iter_mut() {
            if !r.form.id_number.is_empty() && self.ids.contains(&r.form.id_number.to_ascii_uppercase()) {
                r.add(K::IdNumber.column(), "登记名册中已有该身份证号码的记录或账号");
            }
            if !r.form.contact.email.is_empty() && self.emails.contains(&r.form.contact.email.to_lowercase()) {
                r.add(K::Email.column(), "该电子邮箱已被系统中的其他账号使用");
            }
            if r.registration.as_ref().is_some_and(|g| self.numbers.contains(&g.number)) {
                r.add(REGISTRATION_NO, "登记证号与登记名册中的其他记录冲突");
            }
        }
    }
}
