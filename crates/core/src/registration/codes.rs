//! The code tables of the registration record: national standards (GB/T 2261.1 sex, GB 3304
//! ethnic groups, GB/T 4762 political status, GB/T 4658 education, GB/T 2261.2 marital status,
//! GB/T 2260 districts) and our own codes (positions, titles with their exam subjects, practice
//! fields). They are data, seeded by the `V2__code_tables` migration; forms list them in `sort`
//! order and exports carry their codes.

use crate::error::Result;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::fmt;
use ts_rs::TS;

/// Which table a code belongs to; `as_str()` is the `kind` column of the `codes` table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// 性别, GB/T 2261.1-2003.
    Sex,
    /// 民族, GB 3304-1991.
    Ethnicity,
    /// 政治面貌, GB/T 4762-1984.
    Political,
    /// 学历, GB/T 4658-2006.
    Education,
    /// 婚姻状况, GB/T 2261.2-2003.
    Marital,
    /// 所在区, GB/T 2260.
    District,
    /// 职务 (our own codes).
    Position,
    /// 职称 (our own codes).
    Title,
    /// 执业领域 (our own codes).
    Field,
}

impl Kind {
    pub const ALL: [Kind; 9] = [
        Kind::Sex,
        Kind::Ethnicity,
        Kind::Political,
        Kind::Education,
        Kind::Marital,
        Kind::District,
        Kind::Position,
        Kind::Title,
        Kind::Field,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Sex => "sex",
            Kind::Ethnicity => "ethnicity",
            Kind::Political => "political",
            Kind::Education => "education",
            Kind::Marital => "marital",
            Kind::District => "district",
            Kind::Position => "position",
            Kind::Title => "title",
            Kind::Field => "field",
        }
    }

    /// The header of the column that carries these codes in an export: the table's own name.
    pub fn code_column(self) -> &'static str {
        match self {
            Kind::Sex => "性别代码",
            Kind::Ethnicity => "民族代码",
            Kind::Marital => "婚姻状况代码",
            Kind::Political => "政治面貌代码",
            Kind::Education => "学历代码",
            Kind::Position => "职务代码",
            Kind::District => "行政区划代码",
            Kind::Title => "职称代码",
            Kind::Field => "执业领域代码",
        }
    }

    /// The kind named by `s` (the `kind` column), None when unknown.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of a code table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Code {
    pub code: String,
    pub label: String,
}

/// One exam subject of a title level.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TitleSubject {
    pub subject: String,
    pub label: String,
}

/// A title level (职称) with its exam subjects, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Title {
    pub code: String,
    pub label: String,
    pub subjects: Vec<TitleSubject>,
}

/// Every code table, each in its display order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CodeTables {
    pub sex: Vec<Code>,
    pub ethnicity: Vec<Code>,
    pub political: Vec<Code>,
    pub education: Vec<Code>,
    pub marital: Vec<Code>,
    pub district: Vec<Code>,
    pub position: Vec<Code>,
    pub title: Vec<Title>,
    pub field: Vec<Code>,
}

impl CodeTables {
    /// Whether `code` is a known code of `kind` (exact match: no trimming, no case folding).
    pub fn has(&self, kind: Kind, code: &str) -> bool {
        label(self, kind, code).is_some()
    }

    /// The exam subjects of a title level, in order; empty for an unknown title.
    pub fn subjects(&self, title: &str) -> &[TitleSubject] {
        self.title.iter().find(|t| t.code == title).map(|t| t.subjects.as_slice()).unwrap_or(&[])
    }

    /// The codes of a kind, in display order (a title's level codes too).
    pub fn codes(&self, kind: Kind) -> Vec<&str> {
        match kind {
            Kind::Title => self.title.iter().map(|t| t.code.as_str()).collect(),
            _ => self.plain(kind).iter().map(|c| c.code.as_str()).collect(),
        }
    }

    /// The codes of a kind other than `Title` (whose entries are [`Title`]s); empty for `Title`.
    fn plain(&self, kind: Kind) -> &[Code] {
        match kind {
            Kind::Sex => &self.sex,
            Kind::Ethnicity => &self.ethnicity,
            Kind::Political => &self.political,
            Kind::Education => &self.education,
            Kind::Marital => &self.marital,
            Kind::District => &self.district,
            Kind::Position => &self.position,
            Kind::Field => &self.field,
            Kind::Title => &[],
        }
    }

    fn plain_mut(&mut self, kind: Kind) -> Option<&mut Vec<Code>> {
        Some(match kind {
            Kind::Sex => &mut self.sex,
            Kind::Ethnicity => &mut self.ethnicity,
            Kind::Political => &mut self.political,
            Kind::Education => &mut self.education,
            Kind::Marital => &mut self.marital,
            Kind::District => &mut self.district,
            Kind::Position => &mut self.position,
            Kind::Field => &mut self.field,
            Kind::Title => return None,
        })
    }
}

/// Loads every code table, each ordered by `sort` (then by code).
///
/// Rows of a kind this build does not know, and subjects of a title that does not exist, are
/// left out.
pub fn load(conn: &Connection) -> Result<CodeTables> {
    let mut tables = CodeTables::default();

    let mut stmt = conn.prepare("SELECT kind, code, label FROM codes ORDER BY kind, sort, code")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
    for row in rows {
        let (kind, code, label) = row?;
        let Some(kind) = Kind::parse(&kind) else { continue };
        match tables.plain_mut(kind) {
            Some(list) => list.push(Code { code, label }),
            None => tables.title.push(Title { code, label, subjects: Vec::new() }),
        }
    }

    let mut stmt = conn.prepare("SELECT title, subject, label FROM title_subjects ORDER BY title, sort, subject")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
    for row in rows {
        let (title, subject, label) = row?;
        if let Some(t) = tables.title.iter_mut().find(|t| t.code == title) {
            t.subjects.push(TitleSubject { subject, label });
        }
    }
    Ok(tables)
}

/// The label of a code, for exports and the PDF; None when unknown.
pub fn label<'a>(tables: &'a CodeTables, kind: Kind, code: &str) -> Option<&'a str> {
    match kind {
        Kind::Title => tables.title.iter().find(|t| t.code == code).map(|t| t.label.as_str()),
        _ => tables.plain(kind).iter().find(|c| c.code == code).map(|c| c.label.as_str()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in Kind::ALL {
            assert_eq!(Kind::parse(kind.as_str()), Some(kind));
            assert_eq!(serde_json::to_value(kind).unwrap(), serde_json::json!(kind.as_str()));
        }
        assert_eq!(Kind::parse("Sex"), None);
        assert_eq!(Kind::parse(""), None);
    }

    #[test]
    fn tables_serialize_for_the_ui() {
        let tables = CodeTables {
            sex: vec![Code { code: "1".into(), label: "男".into() }],
            title: vec![Title {
                code: "3".into(),
                label: "高级社会工作师".into(),
                subjects: vec![TitleSubject { subject: "sw3".into(), label: "社会工作实务（高级）".into() }],
            }],
            ..Default::default()
        };
        let json = serde_json::to_value(&tables).unwrap();
        assert_eq!(json["sex"], serde_json::json!([{"code": "1", "label": "男"}]));
        assert_eq!(
            json["title"],
            serde_json::json!([{"code": "3", "label": "高级社会工作师",
                "subjects": [{"subject": "sw3", "label": "社会工作实务（高级）"}]}])
        );
        assert_eq!(json["field"], serde_json::json!([]));
    }
}
