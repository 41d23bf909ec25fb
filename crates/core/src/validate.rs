//! Checks for what people type into the forms of 社会工作者登记管理系统.
//!
//! Every checker takes the raw text of one field and either returns the value to store (trimmed
//! and normalised) or a message in Simplified Chinese that the UI shows next to the field. The
//! messages carry no trailing period. [`Errors`] gathers the messages of a whole form so that the
//! person sees every problem at once.
//!
//! This module depends on nothing but `std` and `chrono`.

use chrono::NaiveDate;
use std::fmt;

// ---------------------------------------------------------------------------------------------
// Collecting errors
// ---------------------------------------------------------------------------------------------

/// One form error: which field, and what is wrong with it, in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}：{}", self.field, self.message)
    }
}

/// Collects field errors while a form is checked.
#[derive(Debug, Default)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    pub fn new() -> Self {
        Self(Vec::new())
    }

    /// Records one error on `field`.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError { field: field.to_owned(), message: message.into() });
    }

    /// Records the error of a checker's result, if any, and hands back the value if there is one:
    /// `let phone = errors.check("mobile", validate::mobile(&form.mobile));`
    pub fn check<T>(&mut self, field: &str, result: Result<T, String>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(m) => {
                self.add(field, m);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether an error has been recorded on `field`.
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }

    pub fn into_result(self) -> Result<(), Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(self.0)
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Free text, accounts
// ---------------------------------------------------------------------------------------------

/// Control characters (C0, DEL, C1), the line and paragraph separators, and the invisible
/// bidirectional overrides and isolates that can make a text read differently from what it holds.
fn is_forbidden_control(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Trims; refuses control characters (also `\n`, `\r` and `\t` in single-line text); caps the
/// length in characters (not bytes; a line break counts as one). In multi-line text `\r\n` and a lone `\r` become `\n`, and
/// `\n` and `\t` are kept. Empty text is returned as is: whether a field is required is the
/// caller's business.
pub fn clean_text(raw: &str, max_chars: usize, multiline: bool) -> Result<String, String> {
    let normalised;
    let text = if multiline {
        normalised = raw.replace("\r\n", "\n").replace('\r', "\n");
        normalised.trim()
    } else {
        raw.trim()
    };
    for c in text.chars() {
        if matches!(c, '\n' | '\r' | '\t') {
            if !multiline {
                return Err("不能包含换行符或制表符".into());
            }
        } else if is_forbidden_control(c) {
            return Err("不能包含控制字符".into());
        }
    }
    if text.chars().count() > max_chars {
        return Err(format!("不能超过{max_chars}个字"));
    }
    Ok(text.to_owned())
}

/// Username (账号): 4–32 chars, ASCII letters, digits, underscore, dot, hyphen, must start with a
/// letter. Returns it trimmed; case is kept.
pub fn username(raw: &str) -> Result<String, String> {
    let s = raw.trim();
    if s.is_empty() {
        return Err("请输入账号".into());
    }
    let len = s.chars().count();
    let starts_with_letter = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    let allowed = s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    if !(4..=32).contains(&len) || !starts_with_letter || !allowed {
        return Err("账号须以字母开头，由4至32位字母、数字、下划线、点或连字符组成".into());
    }
    Ok(s.to_owned())
}

/// Password policy: at least 8 characters, at most 64, at least one (ASCII) letter and one digit,
/// no control characters. The password is taken as typed: spaces count and are not trimmed.
pub fn password(raw: &str) -> Result<(), String> {
    password_with(raw, PasswordClasses::default())
}

/// Character classes a password must contain (安全设置), stored as bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordClasses {
    pub letters: bool,
    pub digits: bool,
    pub symbols: bool,
}

impl Default for PasswordClasses {
    fn default() -> Self {
        PasswordClasses { letters: true, digits: true, symbols: false }
    }
}

impl PasswordClasses {
    pub fn from_bits(bits: i64) -> PasswordClasses {
        PasswordClasses { letters: bits & 1 != 0, digits: bits & 2 != 0, symbols: bits & 4 != 0 }
    }

    pub fn bits(self) -> i64 {
        i64::from(self.letters) | i64::from(self.digits) << 1 | i64::from(self.symbols) << 2
    }

    fn names(self) -> Vec<&'static str> {
        [(self.letters, "字母"), (self.digits, "数字"), (self.symbols, "符号")]
            .into_iter()
            .filter_map(|(on, name)| on.then_some(name))
            .collect()
    }
}

/// A password against the length rule and the required character classes. A symbol is any
/// printable character that is neither a letter nor a digit (so a Chinese character counts).
pub fn password_with(raw: &str, classes: PasswordClasses) -> Result<(), String> {
    if raw.is_empty() {
        return Err("请输入密码".into());
    }
    if raw.chars().any(is_forbidden_control) {
        return Err("密码不能包含控制字符".into());
    }
    let len = raw.chars().count();
    if len > 64 {
        return Err("密码不能超过64位".into());
    }
    let has_letter = raw.chars().any(|c| c.is_ascii_alphabetic());
    let has_digit = raw.chars().any(|c| c.is_ascii_digit());
    let has_symbol = raw.chars().any(|c| !c.is_ascii_alphanumeric() && !c.is_whitespace());
    let missing = (classes.letters && !has_letter) || (classes.digits && !has_digit) || (classes.symbols && !has_symbol);
    if len < 8 || missing {
        let names = classes.names();
        return Err(match names.len() {
            0 => "密码至少8位".into(),
            1 => format!("密码至少8位，且须包含{}", names[0]),
            _ => format!("密码至少8位，且须同时包含{}", join_names(&names)),
        });
    }
    Ok(())
}

fn join_names(names: &[&str]) -> String {
    match names {
        [a, b] => format!("{a}和{b}"),
        [a, b, c] => format!("{a}、{b}和{c}"),
        _ => names.concat(),
    }
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

/// The middle dot of minority and transliterated names (U+00B7).
const NAME_DOT: char = '\u{00B7}';

/// A CJK unified or compatibility ideograph, from the basic block through Extension J, plus 〇.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3007}'                      // 〇
        | '\u{3400}'..='\u{4DBF}'       // Extension A
        | '\u{4E00}'..='\u{9FFF}'       // basic block
        | '\u{F900}'..='\u{FAFF}'       // compatibility ideographs
        | '\u{20000}'..='\u{2A6DF}'     // Extension B
        | '\u{2A700}'..='\u{2EE5F}'     // Extensions C, D, E, F, I
        | '\u{2F800}'..='\u{2FA1F}'     // compatibility supplement
        | '\u{30000}'..='\u{3347F}'     // Extensions G, H, J
    )
}

/// A person's name (姓名): 2–30 chars after trimming; CJK ideographs (including Extension B and
/// beyond, e.g. 𠈌), ASCII letters, single spaces between Latin letters, and the middle dot of
/// minority names (·, U+00B7) between two name characters. U+30FB ・ and U+2022 • are accepted and
/// normalised to U+00B7; runs of spaces (also the full-width U+3000) become one space.
/// Returns the normalised name.
pub fn person_name(raw: &str) -> Result<String, String> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err("请输入姓名".into());
    }
    let mut chars: Vec<char> = Vec::with_capacity(trimmed.len());
    for c in trimmed.chars() {
        let c = match c {
            '\u{30FB}' | '\u{2022}' => NAME_DOT,
            '\u{3000}' => ' ',
            c => c,
        };
        if c == ' ' && chars.last() == Some(&' ') {
            continue;
        }
        if !(is_cjk(c) || c.is_ascii_alphabetic() || c == ' ' || c == NAME_DOT) {
            return Err("姓名只能包含汉字、英文字母、空格和间隔号“·”".into());
        }
        chars.push(c);
    }
    let is_name_char = |c: Option<&char>| c.is_some_and(|&c| is_cjk(c) || c.is_ascii_alphabetic());
    for (i, &c) in chars.iter().enumerate() {
        let prev = if i == 0 { None } else { chars.get(i - 1) };
        let next = chars.get(i + 1);
        if c == NAME_DOT && !(is_name_char(prev) && is_name_char(next)) {
            return Err("间隔号“·”只能用在两个字之间".into());
        }
        if c == ' ' && !(prev.is_some_and(char::is_ascii_alphabetic) && next.is_some_and(char::is_ascii_alphabetic)) {
            return Err("空格只能用在英文字母之间".into());
        }
    }
    if !(2..=30).contains(&chars.len()) {
        return Err("姓名应为2至30个字".into());
    }
    Ok(chars.into_iter().collect())
}

// ---------------------------------------------------------------------------------------------
// Resident ID number
// ---------------------------------------------------------------------------------------------

/// Parsed Chinese resident ID number (GB 11643-1999).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdNumber {
    /// 18 characters, check character upper-case `X` where it is ten.
    pub value: String,
    pub birth_date: NaiveDate,
    /// From the 17th digit: odd is male.
    pub male: bool,
    /// The address code: the first 6 digits.
    pub region: String,
}

/// Weights of the first 17 digits: 2^(17 - i) mod 11.
const ID_WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// Check character by the weighted sum mod 11 (ISO 7064 MOD 11-2).
const ID_CHECK_CHARS: [u8; 11] = *b"10X98765432";

/// The check character for 17 ASCII digits.
fn id_check_char(first17: &[u8]) -> u8 {
    let sum: u32 = first17.iter().zip(ID_WEIGHTS).map(|(&d, w)| u32::from(d - b'0') * w).sum();
    ID_CHECK_CHARS[(sum % 11) as usize]
}

/// 18 characters; first 17 digits; check char by ISO 7064 MOD 11-2 (lowercase x accepted and
/// normalised to X); birth date YYYYMMDD real (29 Feb only in leap years), not after `today`, not
/// before 1900-01-01; sex from the 17th digit (odd = male). The input is trimmed first.
pub fn id_number(raw: &str, today: NaiveDate) -> Result<IdNumber, String> {
    let s = raw.trim();
    if s.is_empty() {
        return Err("请输入身份证号码".into());
    }
    if s.chars().count() != 18 {
        return Err("身份证号码应为18位".into());
    }
    // 18 chars; if they are all ASCII they are 18 bytes as well.
    let b = s.as_bytes();
    let last_ok = b.len() == 18 && (b[17].is_ascii_digit() || b[17] == b'X' || b[17] == b'x');
    if !last_ok || !b[..17].iter().all(u8::is_ascii_digit) {
        return Err("身份证号码只能由数字组成，最后一位可以是X".into());
    }
    let value = s.to_ascii_uppercase();
    let b = value.as_bytes();
    let number = |from: usize, to: usize| b[from..to].iter().fold(0u32, |n, &d| n * 10 + u32::from(d - b'0'));

    let birth_date = NaiveDate::from_ymd_opt(number(6, 10) as i32, number(10, 12), number(12, 14))
        .ok_or_else(|| "身份证号码中的出生日期不存在".to_owned())?;
    if birth_date < NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid date") {
        return Err("身份证号码中的出生日期不能早于1900年".into());
    }
    if birth_date > today {
        return Err("出生日期不能晚于今天".into());
    }
    if id_check_char(&b[..17]) != b[17] {
        return Err("身份证号码校验位不正确".into());
    }
    Ok(IdNumber { male: (b[16] - b'0') % 2 == 1, region: value[..6].to_owned(), birth_date, value })
}

// ---------------------------------------------------------------------------------------------
// Contact details
// ---------------------------------------------------------------------------------------------

/// Mobile (手机号码): strip spaces, hyphens and a +86 / 86 prefix; then 11 digits starting with 1
/// (second digit 3–9). Returns the normalised 11 digits.
pub fn mobile(raw: &str) -> Result<String, String> {
    let compact: String = raw.trim().chars().filter(|c| !matches!(c, ' ' | '-' | '\u{3000}' | '\u{00A0}')).collect();
    let digits = if let Some(rest) = compact.strip_prefix("+86") {
        rest
    } else if compact.len() == 13 && compact.starts_with("86") {
        &compact[2..]
    } else {
        &compact
    };
    let b = digits.as_bytes();
    let ok = b.len() == 11 && b.iter().all(u8::is_ascii_digit) && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]);
    if !ok {
        return Err("手机号码应为以1开头的11位数字".into());
    }
    Ok(digits.to_owned())
}

/// A domain label: 1–63 ASCII letters, digits or hyphens, not starting or ending with a hyphen.
fn is_domain_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && label.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

/// E-mail: practical check (one @, non-empty local part ≤ 64, domain with a dot, labels of
/// letters/digits/hyphen, no spaces), ≤ 254 chars; returns it trimmed with the domain lower-cased.
/// The local part may hold ASCII letters, digits and ``!#$%&'*+/=?^_`{|}~.-``, with no dot at
/// either end and no two dots in a row.
pub fn email(raw: &str) -> Result<String, String> {
    const BAD: &str = "电子邮箱格式不正确";
    let s = raw.trim();
    if s.is_empty() {
        return Err("请输入电子邮箱".into());
    }
    if s.chars().count() > 254 {
        return Err("电子邮箱不能超过254个字符".into());
    }
    let Some((local, domain)) = s.split_once('@') else { return Err(BAD.into()) };
    let local_ok = (1..=64).contains(&local.len())
        && local.bytes().all(|c| c.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~.-".contains(&c))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    // A second '@' lands in the domain, whose labels refuse it.
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| is_domain_label(l))
        && !labels.last().is_some_and(|tld| tld.bytes().all(|c| c.is_ascii_digit()));
    if !local_ok || !domain_ok {
        return Err(BAD.into());
    }
    Ok(format!("{local}@{}", domain.to_ascii_lowercase()))
}

fn all_ascii_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit())
}

/// 邮编: exactly 6 digits. Returns it trimmed.
pub fn postcode(raw: &str) -> Result<String, String> {
    let s = raw.trim();
    if s.len() != 6 || !all_ascii_digits(s) {
        return Err("邮编应为6位数字".into());
    }
    Ok(s.to_owned())
}

/// QQ: 5–11 digits, not starting with 0. Returns it trimmed.
pub fn qq(raw: &str) -> Result<String, String> {
    let s = raw.trim();
    if !(5..=11).contains(&s.len()) || !all_ascii_digits(s) || s.starts_with('0') {
        return Err("QQ号码应为5至11位数字，且不能以0开头".into());
    }
    Ok(s.to_owned())
}

/// A landline: area code `0` + 2–3 digits (second digit not 0), written `0592-`, `0592 `,
/// `(0592)` or `（0592）`; then 7–8 digits not starting with 0; then optionally `-` or `转` and an
/// extension of 1–6 digits.
fn is_landline(s: &str) -> bool {
    let (area, rest) = if let Some(r) = s.strip_prefix('(').or_else(|| s.strip_prefix('（')) {
        let Some(close) = r.find([')', '）']) else { return false };
        let after = &r[close..];
        let after = after.strip_prefix(')').or_else(|| after.strip_prefix('）')).unwrap_or(after);
        (&r[..close], after.strip_prefix(' ').unwrap_or(after))
    } else {
        let Some(sep) = s.find(['-', ' ']) else { return false };
        (&s[..sep], &s[sep + 1..])
    };
    let area_ok =
        (3..=4).contains(&area.len()) && all_ascii_digits(area) && area.starts_with('0') && !area[1..].starts_with('0');
    if !area_ok {
        return false;
    }
    let (local, ext) = match rest.find(['-', '转']) {
        Some(i) => {
            let tail = &rest[i..];
            let tail = tail.strip_prefix('-').or_else(|| tail.strip_prefix('转')).unwrap_or(tail);
            (&rest[..i], Some(tail))
        }
        None => (rest, None),
    };
    let local_ok = (7..=8).contains(&local.len()) && all_ascii_digits(local) && !local.starts_with('0');
    let ext_ok = ext.is_none_or(|e| (1..=6).contains(&e.len()) && all_ascii_digits(e));
    local_ok && ext_ok
}

/// 办公电话: landline like 0592-1234567, 0592-12345678, (0592)1234567, with optional -ext of 1–6
/// digits, or an 11-digit mobile; returns trimmed.
pub fn office_phone(raw: &str) -> Result<String, String> {
    let s = raw.trim();
    if s.is_empty() {
        return Err("请输入办公电话".into());
    }
    if is_landline(s) || mobile(s).is_ok() {
        return Ok(s.to_owned());
    }
    Err("办公电话格式不正确，应为如0592-1234567的固定电话或11位手机号码".into())
}

// ---------------------------------------------------------------------------------------------
// Numbers and dates
// ---------------------------------------------------------------------------------------------

/// Exam score 0–100, at most one decimal place, from text (e.g. "85", "72.5"). Returns tenths as
/// u16 (e.g. 725).
pub fn score(raw: &str) -> Result<u16, String> {
    const BAD: &str = "成绩应为0至100之间的数字，最多保留一位小数";
    let s = raw.trim();
    if s.is_empty() {
        return Err("请输入成绩".into());
    }
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    if int.len() > 3 || !all_ascii_digits(int) {
        return Err(BAD.into());
    }
    let tenths = match frac {
        None => 0,
        Some(f) if f.len() == 1 && all_ascii_digits(f) => u16::from(f.as_bytes()[0] - b'0'),
        Some(_) => return Err(BAD.into()),
    };
    let whole: u16 = int.parse().map_err(|_| BAD.to_owned())?;
    let value = whole * 10 + tenths;
    if value > 1000 {
        return Err(BAD.into());
    }
    Ok(value)
}

/// A date from "YYYY-MM-DD" (exactly: four, two and two digits). Returns it if it exists.
pub fn date(raw: &str) -> Result<NaiveDate, String> {
    let s = raw.trim();
    if s.is_empty() {
        return Err("请输入日期".into());
    }
    let b = s.as_bytes();
    let shape_ok = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    if !shape_ok {
        return Err("日期格式应为“年-月-日”，例如2024-01-31".into());
    }
    let (y, m, d) = (s[0..4].parse::<i32>(), s[5..7].parse::<u32>(), s[8..10].parse::<u32>());
    match (y, m, d) {
        (Ok(y), Ok(m), Ok(d)) if y >= 1 => NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| "日期不存在".to_owned()),
        _ => Err("日期不存在".into()),
    }
}

// ---------------------------------------------------------------------------------------------
// Masks for lists
// ---------------------------------------------------------------------------------------------

/// Shows the first `head` and last `tail` characters, the rest as '*'.
fn mask_keep(chars: &[char], head: usize, tail: usize) -> String {
    let n = chars.len();
    chars.iter().enumerate().map(|(i, &c)| if i < head || i + tail >= n { c } else { '*' }).collect()
}

/// Masks an ID number for lists: first 6 and last 4 shown, the rest '*' (350203********1234).
/// Other lengths: everything but the last 2 characters is masked.
pub fn mask_id_number(v: &str) -> String {
    let chars: Vec<char> = v.trim().chars().collect();
    if chars.len() == 18 {
        mask_keep(&chars, 6, 4)
    } else {
        mask_keep(&chars, 0, 2)
    }
}

/// Masks a mobile as 138****5678. Other lengths: everything but the last 2 characters is masked.
pub fn mask_phone(v: &str) -> String {
    let chars: Vec<char> = v.trim().chars().collect();
    if chars.len() == 11 {
        mask_keep(&chars, 3, 4)
    } else {
        mask_keep(&chars, 0, 2)
    }
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The day the ID tests pretend is today.
    fn today() -> NaiveDate {
        d(2024, 6, 15)
    }

    /// The check character, computed independently of the code under test: the weights are
    /// 2^(17-i) mod 11 and the check value c satisfies sum + c ≡ 1 (mod 11).
    fn check_char(first17: &str) -> char {
        assert_eq!(first17.len(), 17);
        let sum: u32 =
            first17.chars().enumerate().map(|(i, c)| c.to_digit(10).unwrap() * ((1u32 << (17 - i)) % 11)).sum();
        let c = (12 - sum % 11) % 11;
        if c == 10 {
            'X'
        } else {
            char::from_digit(c, 10).unwrap()
        }
    }

    /// A valid ID number from its parts: region (6), birth date YYYYMMDD (8), sequence (3).
    fn make_id(region: &str, birth: &str, seq: &str) -> String {
        let body = format!("{region}{birth}{seq}");
        format!("{body}{}", check_char(&body))
    }

    fn err<T: fmt::Debug>(r: Result<T, String>) -> String {
        r.expect_err("should be refused")
    }

    // --- Errors -------------------------------------------------------------------------------

    #[test]
    fn errors_collect_and_report() {
        let mut e = Errors::new();
        assert!(e.is_empty());
        assert_eq!(Errors::default().into_result(), Ok(()));
        assert_eq!(e.check("mobile", mobile("13800138000")), Some("13800138000".to_owned()));
        assert_eq!(e.check("postcode", postcode("abc")), None);
        e.add("name", "姓名应为2至30个字");
        assert!(!e.is_empty());
        assert!(e.has("postcode") && e.has("name") && !e.has("mobile"));
        let list = e.into_result().unwrap_err();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0], FieldError { field: "postcode".into(), message: "邮编应为6位数字".into() });
        assert_eq!(list[1].to_string(), "name：姓名应为2至30个字");
    }

    #[test]
    fn messages_have_no_trailing_period() {
        let messages = [
            err(clean_text("a\u{7}", 5, false)),
            err(username("1abc")),
            err(password("short")),
            err(person_name("张")),
            err(id_number("1", today())),
            err(mobile("1")),
            err(email("x")),
            err(postcode("1")),
            err(qq("1")),
            err(office_phone("1")),
            err(score("x")),
            err(date("x")),
        ];
        for m in messages {
            assert!(!m.ends_with('。') && !m.ends_with('.'), "{m}");
        }
    }

    // --- clean_text ---------------------------------------------------------------------------

    #[test]
    fn clean_text_table() {
        let cases: &[(&str, usize, bool, Result<&str, &str>)] = &[
            ("  你好 world  ", 20, false, Ok("你好 world")),
            ("", 5, false, Ok("")),
            ("   ", 5, false, Ok("")),
            ("一二三四五", 5, false, Ok("一二三四五")),
            ("一二三四五六", 5, false, Err("不能超过5个字")),
            ("𠈌𠈌𠈌", 3, false, Ok("𠈌𠈌𠈌")),
            ("\n 居中 \n", 5, false, Ok("居中")),
            ("第一行\n第二行", 20, false, Err("不能包含换行符或制表符")),
            ("a\tb", 20, false, Err("不能包含换行符或制表符")),
            ("a\rb", 20, false, Err("不能包含换行符或制表符")),
            ("第一行\n第二行", 20, true, Ok("第一行\n第二行")),
            ("第一行\r\n第二行\r第三行", 20, true, Ok("第一行\n第二行\n第三行")),
            ("a\tb", 20, true, Ok("a\tb")),
            ("a\u{0}b", 20, true, Err("不能包含控制字符")),
            ("a\u{7}b", 20, false, Err("不能包含控制字符")),
            ("a\u{1b}[31m", 20, true, Err("不能包含控制字符")),
            ("a\u{7f}b", 20, false, Err("不能包含控制字符")),
            ("a\u{85}b", 20, true, Err("不能包含控制字符")),
            ("abc\u{202E}fdp.exe", 20, false, Err("不能包含控制字符")),
            // Line breaks count as characters: 3 + 2 + 3.
            ("第一行\n\n第三行", 8, true, Ok("第一行\n\n第三行")),
            ("第一行\n\n第三行", 7, true, Err("不能超过7个字")),
        ];
        for (raw, max, multi, want) in cases {
            let got = clean_text(raw, *max, *multi);
            let want = want.map(str::to_owned).map_err(str::to_owned);
            assert_eq!(got, want, "{raw:?} max {max} multiline {multi}");
        }
    }

    // --- username, password -------------------------------------------------------------------

    #[test]
    fn username_table() {
        let ok = [("abcd", "abcd"), ("  user01  ", "user01"), ("a.b-c_d", "a.b-c_d"), ("Zhang.San", "Zhang.San")];
        for (raw, want) in ok {
            assert_eq!(username(raw).as_deref(), Ok(want), "{raw:?}");
        }
        let a32 = format!("a{}", "1".repeat(31));
        assert_eq!(username(&a32), Ok(a32.clone()));
        let a33 = format!("a{}", "1".repeat(32));
        let rule = "账号须以字母开头，由4至32位字母、数字、下划线、点或连字符组成";
        for raw in ["abc", "1abc", "_abc", ".abc", "-abc", "ab cd", "张三abcd", "abcd@x", "abcd\u{0}", a33.as_str()] {
            assert_eq!(username(raw), Err(rule.to_owned()), "{raw:?}");
        }
        assert_eq!(username("   "), Err("请输入账号".to_owned()));
    }

    #[test]
    fn password_table() {
        let policy = Err("密码至少8位，且须同时包含字母和数字".to_owned());
        let cases: Vec<(String, Result<(), String>)> = vec![
            ("abcd1234".into(), Ok(())),
            ("pass word 1".into(), Ok(())),
            ("密码abcd1234".into(), Ok(())),
            (format!("a{}", "1".repeat(63)), Ok(())),
            (format!("a{}", "1".repeat(64)), Err("密码不能超过64位".into())),
            ("abc1234".into(), policy.clone()),
            ("abcdefgh".into(), policy.clone()),
            ("12345678".into(), policy.clone()),
            ("密码密码12345678".into(), policy.clone()),
            ("abcd\u{0}1234".into(), Err("密码不能包含控制字符".into())),
            ("abcd\n1234".into(), Err("密码不能包含控制字符".into())),
            ("".into(), Err("请输入密码".into())),
        ];
        for (raw, want) in cases {
            assert_eq!(password(&raw), want, "{raw:?}");
        }
    }

    // --- person_name --------------------------------------------------------------------------

    #[test]
    fn person_name_table() {
        let thirty = "张".repeat(30);
        let ok: Vec<(&str, &str)> = vec![
            ("张三", "张三"),
            (" 李四 ", "李四"),
            ("𠈌三", "𠈌三"),
            ("王𠈌", "王𠈌"),
            ("\u{2020C}\u{2020C}", "𠈌𠈌"),
            ("阿依古丽·买买提", "阿依古丽·买买提"),
            ("阿依古丽・买买提", "阿依古丽·买买提"),
            ("阿依古丽•买买提", "阿依古丽·买买提"),
            ("爱新觉罗·𠈌", "爱新觉罗·𠈌"),
            ("李〇", "李〇"),
            ("John Smith", "John Smith"),
            ("John   Smith", "John Smith"),
            ("John\u{3000}Smith", "John Smith"),
            ("Al", "Al"),
            ("约翰·Smith", "约翰·Smith"),
            (thirty.as_str(), thirty.as_str()),
        ];
        for (raw, want) in ok {
            assert_eq!(person_name(raw).as_deref(), Ok(want), "{raw:?}");
        }
        let length = "姓名应为2至30个字";
        let chars = "姓名只能包含汉字、英文字母、空格和间隔号“·”";
        let dot = "间隔号“·”只能用在两个字之间";
        let space = "空格只能用在英文字母之间";
        let thirty_one = "张".repeat(31);
        let bad: Vec<(&str, &str)> = vec![
            ("张", length),
            ("𠈌", length),
            (thirty_one.as_str(), length),
            ("张三1", chars),
            ("张\t三", chars),
            ("张\u{0}三", chars),
            ("Mary-Jane", chars),
            ("张三。", chars),
            ("·买买提", dot),
            ("买买提·", dot),
            ("阿依古丽··买买提", dot),
            ("阿依古丽· 买买提", dot),
            ("张 三", space),
            ("John 三", space),
        ];
        for (raw, want) in bad {
            assert_eq!(person_name(raw), Err(want.to_owned()), "{raw:?}");
        }
        assert_eq!(person_name("  "), Err("请输入姓名".to_owned()));
    }

    // --- id_number ----------------------------------------------------------------------------

    /// Literal numbers whose check character was computed by hand (weights 7 9 10 5 8 4 2 1 6 3
    /// 7 9 10 5 8 4 2, sum mod 11 indexed into "10X98765432"):
    /// - 11010519491231002X: sum 167, 167 mod 11 = 2 -> X (the widely published sample)
    /// - 35020319900101123X: sum 189, 189 mod 11 = 2 -> X
    /// - 440305198512254511: sum 297, 297 mod 11 = 0 -> 1
    /// - 350206200002290028: sum 191, 191 mod 11 = 4 -> 8
    type LiteralId = (&'static str, (i32, u32, u32), bool, &'static str);
    const LITERAL_IDS: [LiteralId; 4] = [
        ("11010519491231002X", (1949, 12, 31), false, "110105"),
        ("35020319900101123X", (1990, 1, 1), true, "350203"),
        ("440305198512254511", (1985, 12, 25), true, "440305"),
        ("350206200002290028", (2000, 2, 29), false, "350206"),
    ];

    #[test]
    fn id_number_literal_samples() {
        for (raw, (y, m, day), male, region) in LITERAL_IDS {
            // The hand computation agrees with the independent test helper.
            assert_eq!(check_char(&raw[..17]), raw.chars().last().unwrap(), "{raw}");
            let id = id_number(raw, today()).unwrap_or_else(|e| panic!("{raw}: {e}"));
            assert_eq!(
                id,
                IdNumber { value: raw.to_owned(), birth_date: d(y, m, day), male, region: region.to_owned() }
            );
        }
    }

    #[test]
    fn id_number_generated_samples() {
        let cases = [
            ("350203", "19850615", "031", (1985, 6, 15), true),
            ("350206", "19770704", "452", (1977, 7, 4), false),
            ("350211", "19621120", "007", (1962, 11, 20), true),
            ("350212", "20080101", "128", (2008, 1, 1), false),
            ("350205", "19000101", "019", (1900, 1, 1), true),
            ("350213", "20240615", "996", (2024, 6, 15), false), // born today
            ("350203", "20000229", "113", (2000, 2, 29), true),  // leap year 2000
            ("350203", "19960229", "114", (1996, 2, 29), false), // ordinary leap year
        ];
        for (region, birth, seq, (y, m, day), male) in cases {
            let raw = make_id(region, birth, seq);
            let id = id_number(&raw, today()).unwrap_or_else(|e| panic!("{raw}: {e}"));
            assert_eq!(id.value, raw);
            assert_eq!(id.birth_date, d(y, m, day), "{raw}");
            assert_eq!(id.male, male, "{raw}");
            assert_eq!(id.region, region);
        }
        // Every sequence number of one day: valid with its own check character, and refused with
        // each of the ten other possible check characters.
        for seq in 0..1000 {
            let raw = make_id("350203", "19880808", &format!("{seq:03}"));
            let id = id_number(&raw, today()).unwrap_or_else(|e| panic!("{raw}: {e}"));
            assert_eq!(id.male, seq % 2 == 1, "{raw}");
            for wrong in "0123456789X".chars().filter(|&c| !raw.ends_with(c)) {
                let bad = format!("{}{wrong}", &raw[..17]);
                assert_eq!(id_number(&bad, today()), Err("身份证号码校验位不正确".to_owned()), "{bad}");
            }
        }
    }

    #[test]
    fn id_number_lowercase_x_and_spaces_are_normalised() {
        let id = id_number(" 11010519491231002x ", today()).unwrap();
        assert_eq!(id.value, "11010519491231002X");
        assert!(!id.male);
        // A generated one ending in X, typed in lower case.
        let mut seq = 0;
        let raw = loop {
            let raw = make_id("350203", "19910305", &format!("{seq:03}"));
            if raw.ends_with('X') {
                break raw;
            }
            seq += 1;
        };
        let lower = raw.to_ascii_lowercase();
        assert!(lower.ends_with('x'));
        assert_eq!(id_number(&lower, today()).unwrap().value, raw);
    }

    #[test]
    fn id_number_refusals() {
        let length = "身份证号码应为18位";
        let chars = "身份证号码只能由数字组成，最后一位可以是X";
        let checksum = "身份证号码校验位不正确";
        let no_date = "身份证号码中的出生日期不存在";
        let future = "出生日期不能晚于今天";
        let too_old = "身份证号码中的出生日期不能早于1900年";
        let cases: Vec<(String, &str)> = vec![
            // length
            ("11010519491231002".into(), length),
            ("11010519491231002X1".into(), length),
            ("110105491231002".into(), length), // old 15-digit number
            ("1101051949 1231002X".into(), length),
            ("1".into(), length),
            // characters
            ("11010519491231A02X".into(), chars),
            ("X1010519491231002X".into(), chars),
            ("11010519491231002Y".into(), chars),
            ("1101051949123100X2".into(), chars),
            ("11010519491231002 ".replace(' ', "-"), chars),
            ("１１０１０５１９４９１２３１００２Ｘ".into(), chars), // full-width digits
            // checksum
            ("110105194912310021".into(), checksum),
            ("11010519491231003X".into(), checksum), // one digit mistyped
            ("35020319900101123x".replace("123x", "124x"), checksum),
            // impossible dates, each with a correct check character
            (make_id("350203", "19990229", "001"), no_date), // 1999 is not a leap year
            (make_id("350203", "19000229", "001"), no_date), // 1900 is not a leap year
            (make_id("350203", "19990230", "001"), no_date),
            (make_id("350203", "19990431", "001"), no_date),
            (make_id("350203", "19991301", "001"), no_date),
            (make_id("350203", "19990001", "001"), no_date),
            (make_id("350203", "19990100", "001"), no_date),
            // too early
            (make_id("350203", "18991231", "001"), too_old),
            // future
            (make_id("350203", "20240616", "001"), future),
            (make_id("350203", "20300101", "001"), future),
        ];
        for (raw, want) in cases {
            assert_eq!(id_number(&raw, today()), Err(want.to_owned()), "{raw}");
        }
        assert_eq!(id_number("  ", today()), Err("请输入身份证号码".to_owned()));
        // The boundary moves with `today`.
        let tomorrow = make_id("350203", "20240616", "001");
        assert!(id_number(&tomorrow, d(2024, 6, 16)).is_ok());
    }

    // --- contact details ----------------------------------------------------------------------

    #[test]
    fn mobile_table() {
        let ok = [
            ("13800138000", "13800138000"),
            (" 138 0013 8000 ", "13800138000"),
            ("138-0013-8000", "13800138000"),
            ("+86 138 0013 8000", "13800138000"),
            ("+8613800138000", "13800138000"),
            ("+86-138-0013-8000", "13800138000"),
            ("86 13800138000", "13800138000"),
            ("8613800138000", "13800138000"),
            ("19912345678", "19912345678"),
            ("15000000000", "15000000000"),
        ];
        for (raw, want) in ok {
            assert_eq!(mobile(raw).as_deref(), Ok(want), "{raw:?}");
        }
        for raw in [
            "",
            "1380013800",
            "138001380001",
            "12800138000",
            "10800138000",
            "23800138000",
            "1380013800a",
            "+87 13800138000",
            "+86 1380013800",
            "0086 13800138000",
            "138.0013.8000",
            "８６１３８００１３８０００",
        ] {
            assert_eq!(mobile(raw), Err("手机号码应为以1开头的11位数字".to_owned()), "{raw:?}");
        }
    }

    #[test]
    fn email_table() {
        let ok = [
            ("a@b.cn", "a@b.cn"),
            ("  Zhang.San@Example.COM ", "Zhang.San@example.com"),
            ("first.last+tag@mail.xm.gov.cn", "first.last+tag@mail.xm.gov.cn"),
            ("o'brien@my-host.org", "o'brien@my-host.org"),
            ("user_1@163.com", "user_1@163.com"),
        ];
        for (raw, want) in ok {
            assert_eq!(email(raw).as_deref(), Ok(want), "{raw:?}");
        }
        let local64 = format!("{}@b.cn", "a".repeat(64));
        assert!(email(&local64).is_ok());
        let local65 = format!("{}@b.cn", "a".repeat(65));
        let long_ok = format!("a@{}.cn", ["b".repeat(63), "c".repeat(63), "d".repeat(63), "e".repeat(57)].join("."));
        assert_eq!(long_ok.len(), 254);
        assert!(email(&long_ok).is_ok());
        let long_bad = format!("a@{}.cn", ["b".repeat(63), "c".repeat(63), "d".repeat(63), "e".repeat(58)].join("."));
        assert_eq!(email(&long_bad), Err("电子邮箱不能超过254个字符".to_owned()));
        let long_label = format!("a@{}.cn", "b".repeat(64));
        let bad = [
            "no-at.example.com",
            "a@@b.cn",
            "a@b@c.cn",
            "@b.cn",
            "a@",
            "a@localhost",
            "a b@c.cn",
            "a@b .cn",
            "a@-b.cn",
            "a@b-.cn",
            "a@b..cn",
            "a@.b.cn",
            "a@b.cn.",
            "a@b_c.cn",
            ".a@b.cn",
            "a.@b.cn",
            "a..b@c.cn",
            "a@b.123",
            "用户@b.cn",
            "a@例子.中国",
            "a\"b@c.cn",
            "a@b.cn\u{0}",
            local65.as_str(),
            long_label.as_str(),
        ];
        for raw in bad {
            assert_eq!(email(raw), Err("电子邮箱格式不正确".to_owned()), "{raw:?}");
        }
        assert_eq!(email(" "), Err("请输入电子邮箱".to_owned()));
    }

    #[test]
    fn postcode_table() {
        assert_eq!(postcode("361000").as_deref(), Ok("361000"));
        assert_eq!(postcode(" 361012 ").as_deref(), Ok("361012"));
        assert_eq!(postcode("000000").as_deref(), Ok("000000"));
        for raw in ["", "36100", "3610000", "36100a", "361 00", "３６１０００", "-36100"] {
            assert_eq!(postcode(raw), Err("邮编应为6位数字".to_owned()), "{raw:?}");
        }
    }

    #[test]
    fn qq_table() {
        for (raw, want) in [("10000", "10000"), (" 123456789 ", "123456789"), ("12345678901", "12345678901")] {
            assert_eq!(qq(raw).as_deref(), Ok(want), "{raw:?}");
        }
        for raw in ["", "1000", "123456789012", "01234567", "00000", "12a45", "12 345", "+12345"] {
            assert_eq!(qq(raw), Err("QQ号码应为5至11位数字，且不能以0开头".to_owned()), "{raw:?}");
        }
    }

    #[test]
    fn office_phone_table() {
        let ok = [
            "0592-1234567",
            "0592-12345678",
            "(0592)1234567",
            "(0592) 12345678",
            "（0592）1234567",
            "0592 1234567",
            "010-12345678",
            "0592-1234567-1",
            "0592-1234567-123456",
            "0592-1234567转808",
            "(0592)1234567-12",
            "13800138000",
            "138 0013 8000",
        ];
        for raw in ok {
            assert_eq!(office_phone(raw).as_deref(), Ok(raw), "{raw:?}");
        }
        assert_eq!(office_phone("  0592-1234567  ").as_deref(), Ok("0592-1234567"));
        let msg = "办公电话格式不正确，应为如0592-1234567的固定电话或11位手机号码";
        let bad = [
            "1234567",
            "12345678",
            "05921234567",
            "0592-123456",
            "0592-123456789",
            "0592-0234567",
            "592-1234567",
            "00592-1234567",
            "0092-1234567",
            "05-1234567",
            "0592-1234567-",
            "0592-1234567-1234567",
            "0592-1234567-12a",
            "(0592-1234567",
            "0592)1234567",
            "(0592)",
            "0592—1234567",
            "0592-1234567 转 8",
            "12800138000",
            "abc",
        ];
        for raw in bad {
            assert_eq!(office_phone(raw), Err(msg.to_owned()), "{raw:?}");
        }
        assert_eq!(office_phone(" "), Err("请输入办公电话".to_owned()));
    }

    // --- score, date --------------------------------------------------------------------------

    #[test]
    fn score_table() {
        let ok = [
            ("85", 850),
            ("72.5", 725),
            ("0", 0),
            ("0.0", 0),
            ("0.1", 1),
            ("99.9", 999),
            ("100", 1000),
            ("100.0", 1000),
            (" 60 ", 600),
            ("060", 600),
        ];
        for (raw, want) in ok {
            assert_eq!(score(raw), Ok(want), "{raw:?}");
        }
        let msg = "成绩应为0至100之间的数字，最多保留一位小数";
        for raw in
            ["100.1", "101", "999", "1000", "85.25", "85.", ".5", "-1", "+85", "abc", "8 5", "1e2", "85,5", "８５"]
        {
            assert_eq!(score(raw), Err(msg.to_owned()), "{raw:?}");
        }
        assert_eq!(score(""), Err("请输入成绩".to_owned()));
    }

    #[test]
    fn date_table() {
        let ok = [
            ("2024-02-29", d(2024, 2, 29)),
            (" 2024-01-31 ", d(2024, 1, 31)),
            ("2000-02-29", d(2000, 2, 29)),
            ("1900-01-01", d(1900, 1, 1)),
        ];
        for (raw, want) in ok {
            assert_eq!(date(raw), Ok(want), "{raw:?}");
        }
        let shape = "日期格式应为“年-月-日”，例如2024-01-31";
        for raw in
            ["2024-2-9", "2024/02/29", "20240229", "24-02-29", "2024-02-29T00:00", "+2024-02-29", "２０２４-０１-０１"]
        {
            assert_eq!(date(raw), Err(shape.to_owned()), "{raw:?}");
        }
        for raw in ["2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-01-00", "0000-01-01"] {
            assert_eq!(date(raw), Err("日期不存在".to_owned()), "{raw:?}");
        }
        assert_eq!(date(""), Err("请输入日期".to_owned()));
    }

    // --- masks --------------------------------------------------------------------------------

    #[test]
    fn masks() {
        let ids = [
            ("350203199001011234", "350203********1234"),
            ("11010519491231002X", "110105********002X"),
            (" 11010519491231002X ", "110105********002X"),
            ("110105491231002", "*************02"),
            ("12345", "***45"),
            ("12", "12"),
            ("", ""),
        ];
        for (raw, want) in ids {
            assert_eq!(mask_id_number(raw), want, "{raw:?}");
        }
        let phones = [
            ("13856785678", "138****5678"),
            ("13812345678", "138****5678"),
            ("0592-1234567", "**********67"),
            ("1234567", "*****67"),
            ("7", "7"),
            ("", ""),
        ];
        for (raw, want) in phones {
            assert_eq!(mask_phone(raw), want, "{raw:?}");
        }
    }
}
