//! Reading back what the database holds. A key this build does not know (a kind, a status, an
//! audit action) or a record whose JSON does not parse is an error that names it, never a
//! default: a silent default shows a wrong row, and a record read as empty would be written back
//! empty by the next save.

use rusqlite::types::{FromSqlError, Type};

/// A stored value that cannot be read; its message is for people.
#[derive(Debug)]
pub struct Unreadable(String);

impl Unreadable {
    /// A key of `what` (申请类别, 申请状态 …) that no variant has.
    pub fn key(what: &str, value: &str) -> Unreadable {
        let shown: String = value.chars().take(40).collect();
        Unreadable(format!("数据库中有本程序无法识别的{what}“{shown}”，请联系技术支持"))
    }

    /// A form stored as JSON that does not parse; `whose` names the record or application.
    pub fn form(whose: &str) -> Unreadable {
        Unreadable(format!("{whose}的登记信息无法读取（数据已损坏），请联系技术支持"))
    }
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Unreadable {}

impl From<Unreadable> for rusqlite::Error {
    fn from(u: Unreadable) -> Self {
        rusqlite::Error::FromSqlConversionFailure(0, Type::Text, Box::new(u))
    }
}

/// 社工“name”（编号 id）: a worker as an error message names them.
pub(crate) fn worker_name(name: &str, id: i64) -> String {
    if name.is_empty() { format!("编号 {id} 的社工") } else { format!("社工“{name}”（编号 {id}）") }
}

/// Reads a key column through `parse`; an unknown key is an [`Unreadable`].
pub(crate) fn key<T>(
    v: rusqlite::types::ValueRef<'_>,
    what: &str,
    parse: fn(&str) -> Option<T>,
) -> rusqlite::types::FromSqlResult<T> {
    let s = v.as_str()?;
    parse(s).ok_or_else(|| FromSqlError::Other(Box::new(Unreadable::key(what, s))))
}

/// `FromSql` and `ToSql` for an enum stored as its key (`as_str` / `parse`).
macro_rules! stored_key {
    ($t:ty, $what:literal) => {
        impl rusqlite::types::FromSql for $t {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                $crate::stored::key(v, $what, <$t>::parse)
            }
        }

        impl rusqlite::types::ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(rusqlite::types::ToSqlOutput::from(self.as_str()))
            }
        }
    };
}
pub(crate) use stored_key;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registration::workflow::Kind;
    use rusqlite::Connection;

    #[test]
    fn an_unknown_key_is_an_error_naming_it() {
        let conn = Connection::open_in_memory().unwrap();
        let known: Kind = conn.query_row("SELECT 'renewal'", [], |r| r.get(0)).unwrap();
        assert_eq!(known, Kind::Renewal);
        let err = conn.query_row("SELECT 'transfer'", [], |r| r.get::<_, Kind>(0)).unwrap_err();
        let err = crate::Error::from(err);
        assert!(matches!(&err, crate::Error::Corrupt(m) if m.contains("申请类别“transfer”")), "{err:?}");
        assert_eq!(crate::ApiError::from(err).code, crate::ErrorCode::Database);
    }

    #[test]
    fn a_broken_form_names_its_owner() {
        assert!(crate::registration::record::stored_form("{}", || unreachable!()).is_ok());
        let err = crate::registration::record::stored_form("{\"name\": ", || worker_name("张三", 7)).unwrap_err();
        assert_eq!(err.to_string(), "社工“张三”（编号 7）的登记信息无法读取（数据已损坏），请联系技术支持");
    }
}
