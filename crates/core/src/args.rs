//! Decoding a request's arguments: the JSON the page (or, later, an HTTP client) sends for a
//! command becomes the command's argument type here, and only here, so that a malformed request
//! is refused with one Chinese message naming where it is wrong, never with serde's English.
//!
//! A malformed request is a fault of the calling program, not of what a person typed: it is an
//! `ApiError` of code `bad_request` whose message says which part of the request is wrong and
//! what it should be, and never echoes the value sent.

use crate::error::{ApiError, Error};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// What every such message starts with.
pub const PREFIX: &str = "请求参数无效：";

/// Decodes a command's arguments; a serde failure becomes a `bad_request` error in Chinese.
pub fn decode_args<T: DeserializeOwned>(args: Value) -> Result<T, ApiError> {
    decode(args).map_err(|bad| ApiError::from(Error::BadRequest(bad.message())))
}

/// Decodes, keeping what went wrong in parts (the fuzz tests build valid arguments from them).
pub fn decode<T: DeserializeOwned>(args: Value) -> Result<T, BadArgs> {
    serde_path_to_error::deserialize(args).map_err(|e| {
        let path = e
            .path()
            .iter()
            .filter_map(|s| match s {
                serde_path_to_error::Segment::Map { key } => Some(PathPart::Key(key.clone())),
                serde_path_to_error::Segment::Seq { index } => Some(PathPart::Index(*index)),
                // An enum's variant is named by the key that holds it.
                serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => None,
            })
            .collect();
        BadArgs { path, problem: Problem::of(&e.into_inner().to_string()) }
    })
}

/// One step into the arguments: an object's key or a list's item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    Key(String),
    Index(usize),
}

/// The kind of a JSON value, as a request's message names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Text,
    Integer,
    Number,
    Bool,
    List,
    Object,
    Null,
    Date,
    /// One of a fixed set of names.
    Choice,
    Other,
}

impl Shape {
    pub fn name(self) -> &'static str {
        match self {
            Shape::Text => "文字",
            Shape::Integer => "整数",
            Shape::Number => "数字",
            Shape::Bool => "true或false",
            Shape::List => "列表",
            Shape::Object => "对象",
            Shape::Null => "null",
            Shape::Date => "日期",
            Shape::Choice => "规定的取值之一",
            Shape::Other => "规定的格式",
        }
    }

    /// What a value was, from serde's description of it (`integer `5``, `string "a"`, `map`).
    fn of_unexpected(s: &str) -> Shape {
        let starts = |p: &str| s.starts_with(p);
        if starts("boolean") {
            Shape::Bool
        } else if starts("integer") {
            Shape::Integer
        } else if starts("floating point") {
            Shape::Number
        } else if starts("string") || starts("character") {
            Shape::Text
        } else if starts("sequence") {
            Shape::List
        } else if starts("map") {
            Shape::Object
        } else if starts("unit") || starts("null") || starts("Option") {
            Shape::Null
        } else {
            Shape::Other
        }
    }

    /// What a type expects, from serde's description of it (`i64`, `a string`, `struct LoginArgs`).
    fn of_expected(s: &str) -> Shape {
        let s = s.trim();
        let lower = s.to_ascii_lowercase();
        let has = |p: &str| lower.contains(p);
        let int_type = matches!(s, "i8" | "i16" | "i32" | "i64" | "i128" | "isize" | "u8" | "u16" | "u32" | "u64" | "u128" | "usize");
        // A struct first: its name may hold any word below (`struct FindByIdNumberArgs`).
        if s.starts_with("struct") {
            Shape::Object
        } else if int_type || has("integer") {
            Shape::Integer
        } else if matches!(s, "f32" | "f64") || has("float") || has("number") {
            Shape::Number
        } else if has("bool") {
            Shape::Bool
        } else if has("variant") || has("enum") || has("one of") || s.starts_with('`') || lower == "string or map" {
            // `string or map` is what an enum is decoded from.
            Shape::Choice
        } else if s.starts_with("struct") || has("map") {
            Shape::Object
        } else if has("date") || has("time") {
            Shape::Date
        } else if has("string") || has("str") || has("char") || has("path") {
            Shape::Text
        } else if has("sequence") || has("tuple") || has("array") || has("vec") || has("set") {
            Shape::List
        } else if lower == "unit" || has("null") {
            Shape::Null
        } else {
            Shape::Other
        }
    }
}

/// What is wrong at the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A field the type needs is absent (its name).
    Missing(String),
    /// A field the type does not have.
    Unknown(String),
    Duplicate(String),
    WrongType { got: Shape, expected: Shape },
    WrongValue { expected: Shape },
    WrongLength,
    /// A name not among `expected`.
    UnknownVariant { expected: Vec<String> },
    /// Anything else a type's own decoding refused.
    Other,
}

/// The names quoted in backticks after `after` in serde's message (`expected one of `a`, `b``).
fn quoted_after(message: &str, after: &str) -> Vec<String> {
    let Some(i) = message.find(after) else { return Vec::new() };
    message[i + after.len()..].split('`').skip(1).step_by(2).map(str::to_owned).collect()
}

/// The name in the first pair of backticks.
fn first_quoted(message: &str) -> String {
    message.split('`').nth(1).unwrap_or_default().to_owned()
}

impl Problem {
    /// Reads serde's message; its wording is serde's own (`serde::de::Error`'s provided methods).
    fn of(message: &str) -> Problem {
        if message.starts_with("missing field `") {
            Problem::Missing(first_quoted(message))
        } else if message.starts_with("unknown field `") {
            Problem::Unknown(first_quoted(message))
        } else if message.starts_with("duplicate field `") {
            Problem::Duplicate(first_quoted(message))
        } else if message.starts_with("unknown variant `") {
            // The variant sent may itself hold backticks: the list follows the last ", expected".
            let tail = message.rfind(", expected").map_or("", |i| &message[i..]);
            Problem::UnknownVariant { expected: quoted_after(tail, "expected") }
        } else if let Some(rest) = message.strip_prefix("invalid type: ") {
            let expected = rest.rfind(", expected ").map_or("", |i| &rest[i + ", expected ".len()..]);
            Problem::WrongType { got: Shape::of_unexpected(rest), expected: Shape::of_expected(expected) }
        } else if let Some(rest) = message.strip_prefix("invalid value: ") {
            let expected = rest.rfind(", expected ").map_or("", |i| &rest[i + ", expected ".len()..]);
            Problem::WrongValue { expected: Shape::of_expected(expected) }
        } else if message.starts_with("invalid length ") {
            Problem::WrongLength
        } else {
            Problem::Other
        }
    }
}

/// Why a request's arguments could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadArgs {
    /// Where, from the arguments' root.
    pub path: Vec<PathPart>,
    pub problem: Problem,
}

/// A name as sent, shortened and kept printable: it is the calling program's, not a person's.
fn shown(name: &str) -> String {
    let clean: String = name.chars().filter(|c| !c.is_control() && !matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '“' | '”')).collect();
    if clean.chars().count() > 40 {
        format!("{}…", clean.chars().take(40).collect::<String>())
    } else {
        clean
    }
}

impl BadArgs {
    /// Where it is, in words: `“form.contact.mobile”`, `“fields”第2项`, or 参数 for the root.
    fn place(&self, field: Option<&str>) -> String {
        let mut out = String::new();
        let mut quoted = false;
        // An unknown field's path already ends with it; a missing one's ends at its object.
        let field = field.filter(|f| self.path.last() != Some(&PathPart::Key((*f).to_owned())));
        let parts = self.path.iter().cloned().chain(field.map(|f| PathPart::Key(f.to_owned())));
        for part in parts {
            match part {
                PathPart::Key(k) => {
                    if !quoted {
                        out.push('“');
                        quoted = true;
                    } else {
                        out.push('.');
                    }
                    out.push_str(&shown(&k));
                }
                PathPart::Index(i) => {
                    if quoted {
                        out.push('”');
                        quoted = false;
                    }
                    out.push_str(&format!("第{}项", i + 1));
                }
            }
        }
        if quoted {
            out.push('”');
        }
        if out.is_empty() {
            "参数".to_owned()
        } else if out.starts_with('第') {
            format!("参数{out}")
        } else {
            out
        }
    }

    /// The message the caller is shown, in Chinese.
    pub fn message(&self) -> String {
        let text = match &self.problem {
            Problem::Missing(f) => format!("缺少{}", self.place(Some(f))),
            Problem::Unknown(f) => format!("{}不是可用的字段", self.place(Some(f))),
            Problem::Duplicate(f) => format!("{}重复出现", self.place(Some(f))),
            Problem::WrongType { got, expected } => {
                format!("{}应为{}，不能是{}", self.place(None), expected.name(), got.name())
            }
            Problem::WrongValue { expected } => format!("{}的值不正确，应为{}", self.place(None), expected.name()),
            Problem::WrongLength => format!("{}的项数不正确", self.place(None)),
            Problem::UnknownVariant { .. } => format!("{}的取值不在可选范围内", self.place(None)),
            Problem::Other => format!("{}的值无法识别", self.place(None)),
        };
        format!("{PREFIX}{text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        mobile: String,
        tags: Vec<u32>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    enum Colour {
        Red,
        Green,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    struct Outer {
        worker_id: Option<i64>,
        page: u32,
        contact: Inner,
        colour: Colour,
        items: Vec<Inner>,
    }

    fn message(v: serde_json::Value) -> String {
        let e = decode_args::<Outer>(v).unwrap_err();
        assert_eq!(e.code, ErrorCode::BadRequest);
        assert!(e.fields.is_none());
        e.message
    }

    fn valid() -> serde_json::Value {
        json!({"workerId": null, "page": 1, "contact": {"mobile": "1", "tags": [1]}, "colour": "red", "items": []})
    }

    fn with(path: &[&str], value: serde_json::Value) -> serde_json::Value {
        let mut v = valid();
        let slot = path.iter().fold(&mut v, |v, k| &mut v[*k]);
        *slot = value;
        v
    }

    #[test]
    fn each_kind_of_fault_names_its_place_in_chinese() {
        assert!(decode_args::<Outer>(valid()).is_ok());
        let cases = [
            (json!("text"), "请求参数无效：参数应为对象，不能是文字"),
            (json!(null), "请求参数无效：参数应为对象，不能是null"),
            (with(&["page"], json!("1")), "请求参数无效：“page”应为整数，不能是文字"),
            (with(&["page"], json!(-1)), "请求参数无效：“page”的值不正确，应为整数"),
            (with(&["page"], json!(1.5)), "请求参数无效：“page”应为整数，不能是数字"),
            (with(&["page"], json!(1e300)), "请求参数无效：“page”应为整数，不能是数字"),
            (with(&["page"], json!(u64::MAX)), "请求参数无效：“page”的值不正确，应为整数"),
            (with(&["contact", "mobile"], json!(true)), "请求参数无效：“contact.mobile”应为文字，不能是true或false"),
            (with(&["contact", "tags"], json!({})), "请求参数无效：“contact.tags”应为列表，不能是对象"),
            (with(&["contact", "tags"], json!([1, "x"])), "请求参数无效：“contact.tags”第2项应为整数，不能是文字"),
            (with(&["contact", "extra"], json!(1)), "请求参数无效：“contact.extra”不是可用的字段"),
            (with(&["colour"], json!("blue")), "请求参数无效：“colour”的取值不在可选范围内"),
            (with(&["colour"], json!(3)), "请求参数无效：“colour”应为规定的取值之一，不能是整数"),
            (with(&["items"], json!([{"mobile": "1"}])), "请求参数无效：缺少“items”第1项“tags”"),
        ];
        for (v, want) in cases {
            assert_eq!(message(v.clone()), want, "{v}");
        }
        let mut missing = valid();
        missing.as_object_mut().unwrap().remove("contact");
        assert_eq!(message(missing), "请求参数无效：缺少“contact”");
        // A missing Option is no fault; an extra key where unknown keys are allowed neither.
        let mut lenient = valid();
        lenient.as_object_mut().unwrap().remove("workerId");
        lenient.as_object_mut().unwrap().insert("more".into(), json!(1));
        assert!(decode_args::<Outer>(lenient).is_ok());
    }

    #[test]
    fn a_struct_is_an_object_whatever_its_name_holds() {
        assert_eq!(Shape::of_expected("struct FindByIdNumberArgs"), Shape::Object);
        assert_eq!(Shape::of_expected("struct DateRange"), Shape::Object);
        assert_eq!(Shape::of_expected("f64"), Shape::Number);
    }

    #[test]
    fn a_key_sent_is_shown_short_and_printable() {
        let key = format!("{}\u{202E}\n", "k".repeat(100));
        let m = message(with(&["contact", &key], json!(1)));
        assert!(m.contains(&format!("“contact.{}…”", "k".repeat(40))), "{m}");
        assert!(!m.contains('\u{202E}') && !m.contains('\n'));
    }

    #[test]
    fn the_parts_say_what_was_wanted() {
        let bad = decode::<Outer>(with(&["colour"], json!("blue"))).unwrap_err();
        assert_eq!(bad.problem, Problem::UnknownVariant { expected: vec!["red".into(), "green".into()] });
        assert_eq!(bad.path, vec![PathPart::Key("colour".into())]);
    }
}
