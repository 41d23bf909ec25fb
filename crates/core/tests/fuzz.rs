//! Malformed input at volume: generated text through every field rule, generated record forms
//! saved and submitted through a registry on a SQLite file, and broken, truncated, huge and
//! disguised photos through the photo decoder. Whatever comes: no panic, every refusal a Chinese
//! message, every accepted value one that its rule accepts again unchanged, and no stored row
//! that breaks a rule.
//!
//! Each group prints `FUZZ group=… inputs=… accepted=… rejected=… seconds=…`. The counts are
//! the quick run of the test suite; `SWREG_FUZZ_SCALE=n` multiplies them (`scripts/fuzz.sh` is
//! the full run, figures in RELIABILITY.md); `SWREG_FUZZ_SEED` repeats a run.

#[path = "common/fuzz_kit.rs"]
mod kit;
#[path = "common/forms.rs"]
mod forms;
#[path = "it/fixture.rs"]
#[allow(dead_code, unused_imports)]
mod fixture;

use chrono::{Datelike, NaiveDate};
use fixture::{Fixture, WORKER_PASSWORD};
use kit::{assert_chinese, mutate, scale, seed, text, Rng, Tally};
use std::time::{Duration, Instant};
use swreg_core::registration::codes::CodeTables;
use swreg_core::registration::photo;
use swreg_core::registration::record::fields::{FieldKind, FieldSpec, RECORD_FIELDS};
use swreg_core::registration::record::{check_submit, clean_draft, RecordForm, MAX_CODE, MAX_SHORT};
use swreg_core::validate::{self, PasswordClasses};
use swreg_core::Error;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

/// `least` to `least + more` random digits.
fn digits(rng: &mut Rng, least: usize, more: usize) -> String {
    let n = least + rng.below(more + 1);
    (0..n).map(|_| char::from(b'0' + rng.below(10) as u8)).collect()
}

fn some_date(rng: &mut Rng) -> NaiveDate {
    let start = NaiveDate::from_ymd_opt(1895, 1, 1).unwrap();
    start + chrono::Days::new(rng.below(48_000) as u64)
}

/// The check character of 17 digits, computed here apart from the code under test:
/// weights 2^(17-i) mod 11, and sum + check ≡ 1 (mod 11).
fn check_char(first17: &str) -> char {
    let sum: u32 = first17.chars().enumerate().map(|(i, c)| c.to_digit(10).unwrap_or(0) * ((1u32 << (17 - i)) % 11)).sum();
    match (12 - sum % 11) % 11 {
        10 => 'X',
        c => char::from_digit(c, 10).unwrap_or('0'),
    }
}

// ---------------------------------------------------------------------------------------------
// Shapes that are right, to mutate
// ---------------------------------------------------------------------------------------------

fn an_id(rng: &mut Rng) -> String {
    let region = *rng.pick(&["350203", "350206", "110105", "440305", "350211"]);
    let body = format!("{region}{}{}", some_date(rng).format("%Y%m%d"), digits(rng, 3, 0));
    let id = format!("{body}{}", check_char(&body));
    if rng.percent(20) { id.to_lowercase() } else { id }
}

fn a_mobile(rng: &mut Rng) -> String {
    let m = format!("1{}{}", rng.below(7) + 3, digits(rng, 9, 0));
    match rng.below(4) {
        0 => format!("+86 {} {} {}", &m[..3], &m[3..7], &m[7..]),
        1 => format!("{}-{}-{}", &m[..3], &m[3..7], &m[7..]),
        2 => format!("86{m}"),
        _ => m,
    }
}

fn an_email(rng: &mut Rng) -> String {
    let local = ["zhang.san", "li_si+tag", "o'brien", "a", "user01"];
    let domain = ["example.cn", "Mail.XM.gov.cn", "163.com", "my-host.org"];
    format!("{}@{}", rng.pick(&local), rng.pick(&domain))
}

fn an_office_phone(rng: &mut Rng) -> String {
    let area = format!("0{}{}", rng.below(9) + 1, digits(rng, 1, 1));
    let local = format!("{}{}", rng.below(9) + 1, digits(rng, 6, 1));
    let ext = if rng.percent(30) { format!("{}{}", rng.pick(&["-", "转"]), digits(rng, 1, 5)) } else { String::new() };
    match rng.below(4) {
        0 => format!("({area}){local}{ext}"),
        1 => format!("（{area}）{local}{ext}"),
        2 => format!("{area} {local}{ext}"),
        _ => format!("{area}-{local}{ext}"),
    }
}

fn a_score(rng: &mut Rng) -> String {
    let whole = rng.below(101);
    if whole < 100 && rng.percent(40) { format!("{whole}.{}", rng.below(10)) } else { whole.to_string() }
}

fn a_name(rng: &mut Rng) -> String {
    let han = |rng: &mut Rng| char::from_u32(0x4E00 + rng.below(0x5000) as u32).unwrap_or('林');
    match rng.below(4) {
        0 => "阿依古丽·买买提".into(),
        1 => "John Smith".into(),
        2 => format!("{}𠈌", han(rng)),
        _ => (0..2 + rng.below(3)).map(|_| han(rng)).collect(),
    }
}

fn a_username(rng: &mut Rng) -> String {
    let rest: String = (0..3 + rng.below(29)).map(|_| *rng.pick(&['a', 'z', 'Q', '0', '7', '_', '.', '-'])).collect();
    format!("{}{rest}", char::from(b'a' + rng.below(26) as u8))
}

fn a_password(rng: &mut Rng) -> String {
    let pieces = ["abc", "XYZ", "123", "9", "!", "密码", " ", "#"];
    (0..3 + rng.below(8)).map(|_| *rng.pick(&pieces)).collect()
}

/// A right shape (a fifth of the time), one or two mutations of it, or plain random text.
fn input(rng: &mut Rng, right: fn(&mut Rng) -> String) -> String {
    let base = right(rng);
    match rng.below(20) {
        0..=3 => base,
        4..=13 => mutate(rng, &base),
        14..=16 => {
            let once = mutate(rng, &base);
            mutate(rng, &once)
        }
        _ => text(rng),
    }
}

// ---------------------------------------------------------------------------------------------
// Every validator
// ---------------------------------------------------------------------------------------------

/// What an accepted value must be: trimmed, no control characters (but the line breaks and tabs
/// of multi-line text), within the cap, and cleaned again to itself.
fn assert_clean(v: &str, max: usize, multiline: bool, what: &str) {
    assert_eq!(v, v.trim(), "{what}: {v:?} is not trimmed");
    assert!(v.chars().count() <= max, "{what}: {v:?} is over {max} characters");
    let allowed = |c: char| multiline && matches!(c, '\n' | '\t');
    assert!(!v.chars().any(|c| c.is_control() && !allowed(c)), "{what}: {v:?} holds a control character");
    assert!(!v.chars().any(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')), "{what}: {v:?}");
    assert_eq!(validate::clean_text(v, max, multiline).as_deref(), Ok(v), "{what}: cleaning {v:?} again changes it");
}

type Check = fn(&str) -> Result<(), String>;
/// A rule's name, the right shapes it is fed, and the check of what it accepts.
type Rule = (&'static str, fn(&mut Rng) -> String, Check);

/// Each rule with the right shapes it is fed and what its accepted values must be.
fn rules() -> Vec<Rule> {
    vec![
        ("clean_text single line 50", text, |raw| {
            validate::clean_text(raw, MAX_SHORT, false).map(|v| assert_clean(&v, MAX_SHORT, false, "clean_text"))
        }),
        ("clean_text multi-line 2000", text, |raw| {
            validate::clean_text(raw, 2000, true).map(|v| assert_clean(&v, 2000, true, "clean_text"))
        }),
        ("clean_text single line 10", text, |raw| validate::clean_text(raw, MAX_CODE, false).map(|v| assert_clean(&v, MAX_CODE, false, "clean_text"))),
        ("username", a_username, |raw| {
            validate::username(raw).map(|v| {
                let n = v.chars().count();
                assert!((4..=32).contains(&n) && v.starts_with(|c: char| c.is_ascii_alphabetic()), "{v:?}");
                assert!(v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')), "{v:?}");
                assert_eq!(validate::username(&v), Ok(v));
            })
        }),
        ("password", a_password, |raw| {
            validate::password(raw).map(|()| {
                let n = raw.chars().count();
                assert!((8..=64).contains(&n) && !raw.chars().any(char::is_control), "{raw:?}");
                assert!(raw.chars().any(|c| c.is_ascii_alphabetic()) && raw.chars().any(|c| c.is_ascii_digit()), "{raw:?}");
            })
        }),
        ("password with every class", a_password, |raw| {
            let all = PasswordClasses { letters: true, digits: true, symbols: true };
            validate::password_with(raw, all).map(|()| {
                assert!(raw.chars().any(|c| !c.is_ascii_alphanumeric() && !c.is_whitespace()), "{raw:?}");
                assert!(validate::password(raw).is_ok(), "{raw:?}");
            })
        }),
        ("person_name", a_name, |raw| {
            validate::person_name(raw).map(|v| {
                let n = v.chars().count();
                assert!((2..=30).contains(&n), "{v:?}");
                let han = |c: char| matches!(c, '〇' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3347F}');
                assert!(v.chars().all(|c| han(c) || c.is_ascii_alphabetic() || c == ' ' || c == '·'), "{v:?}");
                assert_eq!(validate::person_name(&v), Ok(v));
            })
        }),
        ("id_number", an_id, |raw| {
            validate::id_number(raw, today()).map(|id| {
                assert_eq!(id.value.len(), 18, "{id:?}");
                assert_eq!(id.value.chars().last(), Some(check_char(&id.value[..17])), "{id:?}");
                assert!(id.birth_date <= today() && id.birth_date.year() >= 1900, "{id:?}");
                assert_eq!(id.birth_date.format("%Y%m%d").to_string(), id.value[6..14], "{id:?}");
                assert_eq!(validate::id_number(&id.value, today()), Ok(id));
            })
        }),
        ("mobile", a_mobile, |raw| {
            validate::mobile(raw).map(|v| {
                let b = v.as_bytes();
                assert!(b.len() == 11 && b.iter().all(u8::is_ascii_digit) && b[0] == b'1' && b[1] >= b'3', "{v:?}");
                assert_eq!(validate::mobile(&v), Ok(v));
            })
        }),
        ("email", an_email, |raw| {
            validate::email(raw).map(|v| {
                assert!(v.len() <= 254 && v.is_ascii() && v.matches('@').count() == 1, "{v:?}");
                assert_eq!(validate::email(&v), Ok(v));
            })
        }),
        ("postcode", |rng| digits(rng, 6, 0), |raw| {
            validate::postcode(raw).map(|v| {
                assert!(v.len() == 6 && v.bytes().all(|b| b.is_ascii_digit()), "{v:?}");
                assert_eq!(validate::postcode(&v), Ok(v));
            })
        }),
        ("qq", |rng| format!("{}{}", rng.below(9) + 1, digits(rng, 4, 6)), |raw| {
            validate::qq(raw).map(|v| {
                assert!((5..=11).contains(&v.len()) && v.bytes().all(|b| b.is_ascii_digit()) && !v.starts_with('0'), "{v:?}");
                assert_eq!(validate::qq(&v), Ok(v));
            })
        }),
        ("office_phone", an_office_phone, |raw| {
            validate::office_phone(raw).map(|v| {
                let allowed = |c: char| c.is_ascii_digit() || matches!(c, '-' | ' ' | '(' | ')' | '（' | '）' | '转' | '+');
                assert!(v.chars().all(allowed) && v.chars().count() <= 30, "{v:?}");
                assert_eq!(validate::office_phone(&v), Ok(v));
            })
        }),
        ("score", a_score, |raw| {
            validate::score(raw).map(|tenths| {
                assert!(tenths <= 1000, "{raw:?}");
                let again = swreg_core::registration::record::format_score(tenths);
                assert_eq!(validate::score(&again), Ok(tenths), "{raw:?}");
            })
        }),
        ("date", |rng| some_date(rng).format("%Y-%m-%d").to_string(), |raw| {
            validate::date(raw).map(|d| {
                assert_eq!(validate::date(&d.format("%Y-%m-%d").to_string()), Ok(d), "{raw:?}");
            })
        }),
        ("masks", an_id, |raw| {
            // Never refuses: it must only keep the length and hide the middle.
            let n = raw.trim().chars().count();
            assert_eq!(validate::mask_id_number(raw).chars().count(), n);
            assert_eq!(validate::mask_phone(raw).chars().count(), n);
            Ok(())
        }),
    ]
}

#[test]
fn every_validator_takes_any_text() {
    let per_rule = 2_500 * scale();
    let mut total = Tally::new("validators");
    let mut rng = Rng::new(seed("validators"));
    for (name, right, check) in rules() {
        for _ in 0..per_rule {
            let raw = input(&mut rng, right);
            let result = check(&raw);
            if let Err(m) = &result {
                assert_chinese(m, &(name, &raw));
            }
            total.count(&result);
        }
    }
    total.report();
}

// ---------------------------------------------------------------------------------------------
// Every field of the catalogue, through the draft and submit checks
// ---------------------------------------------------------------------------------------------

/// A value for one field: its value in `base` or a right one, mutated or not, or junk; text at
/// and just past its cap.
fn field_value(rng: &mut Rng, spec: &FieldSpec, base: &serde_json::Value, codes: &CodeTables) -> serde_json::Value {
    use serde_json::{json, Value};
    let current = spec.path.split('.').fold(base, |v, k| &v[k]).clone();
    let code = |rng: &mut Rng| spec.code.map(|k| codes.codes(k)).filter(|c| !c.is_empty()).map(|c| rng.pick(&c).to_string());
    match spec.kind {
        FieldKind::Text | FieldKind::Multiline | FieldKind::Date | FieldKind::Code => {
            let right = match spec.kind {
                FieldKind::Date => some_date(rng).format("%Y-%m-%d").to_string(),
                FieldKind::Code => code(rng).unwrap_or_default(),
                _ => current.as_str().unwrap_or_default().to_owned(),
            };
            let cap = spec.max_length.unwrap_or(MAX_SHORT);
            Value::from(match rng.below(10) {
                0 => right,
                1 => "字".repeat(cap + rng.below(2)),
                2 => String::new(),
                3 => text(rng),
                _ => mutate(rng, &right),
            })
        }
        FieldKind::Bool => json!(*rng.pick(&[None, Some(true), Some(false)])),
        FieldKind::Photo => json!(*rng.pick(&[None, Some(1i64), Some(-1), Some(i64::MAX)])),
        FieldKind::Codes => {
            let n = if rng.percent(5) { 18 + rng.below(5) } else { rng.below(5) };
            let items: Vec<String> = (0..n)
                .map(|_| {
                    let right = code(rng).unwrap_or_default();
                    if rng.percent(60) { right } else { mutate(rng, &right) }
                })
                .collect();
            json!(items)
        }
        FieldKind::Scores => {
            let mut scores = current.as_object().cloned().unwrap_or_default();
            let keys: Vec<String> = scores.keys().cloned().collect();
            if let (false, true) = (keys.is_empty(), rng.percent(70)) {
                let k = rng.pick(&keys).clone();
                scores.insert(k, Value::from(input(rng, a_score)));
            } else {
                let key = if rng.percent(50) { text(rng) } else { "zh2".into() };
                scores.insert(key, Value::from(a_score(rng)));
            }
            Value::Object(scores)
        }
    }
}

fn with_field(form: &RecordForm, spec: &FieldSpec, value: serde_json::Value) -> RecordForm {
    let mut json = serde_json::to_value(form).unwrap();
    let slot = spec.path.split('.').fold(&mut json, |v, k| &mut v[k]);
    *slot = value;
    serde_json::from_value(json).unwrap()
}

/// Every text a stored form holds, with the cap and line rule of its field.
fn texts(form: &RecordForm) -> Vec<(String, String, usize, bool)> {
    let json = serde_json::to_value(form).unwrap();
    let mut out = Vec::new();
    for spec in &RECORD_FIELDS {
        let v = spec.path.split('.').fold(&json, |v, k| &v[k]);
        let cap = spec.max_length.unwrap_or(MAX_SHORT);
        let multiline = spec.kind == FieldKind::Multiline;
        match v {
            serde_json::Value::String(s) => out.push((spec.path.to_owned(), s.clone(), cap, multiline)),
            serde_json::Value::Array(items) => {
                for s in items.iter().filter_map(|s| s.as_str()) {
                    out.push((spec.path.to_owned(), s.to_owned(), MAX_CODE, false));
                }
            }
            serde_json::Value::Object(map) => {
                for (k, s) in map {
                    out.push((spec.path.to_owned(), k.clone(), MAX_CODE, false));
                    out.push((spec.path.to_owned(), s.as_str().unwrap_or_default().to_owned(), cap, false));
                }
            }
            _ => {}
        }
    }
    out
}

/// What every stored form, even a draft, keeps to: each text cleaned, within its cap.
fn assert_draft_rules(form: &RecordForm, whose: &str) {
    for (path, v, cap, multiline) in texts(form) {
        assert_clean(&v, cap, multiline, &format!("{whose} {path}"));
    }
    assert!(form.fields.len() <= 17 && form.title_scores.len() <= 5, "{whose}: too many codes");
}

/// What a submitted or approved form keeps to: it passes the submit check unchanged.
fn assert_submit_rules(form: &RecordForm, codes: &CodeTables, whose: &str) {
    assert_draft_rules(form, whose);
    match check_submit(form, codes, today()) {
        Ok(again) => assert_eq!(&again, form, "{whose}: checking it again changes it"),
        Err(e) => panic!("{whose} breaks a rule: {:?}", e.0),
    }
}

fn assert_field_errors(errors: &[validate::FieldError], input: &dyn std::fmt::Debug) {
    assert!(!errors.is_empty());
    for e in errors {
        assert!(!e.field.is_empty(), "an error without its field");
        assert!(e.field.chars().count() <= 40, "an error's field is the value sent: {:?}", e.field);
        assert_chinese(&e.message, input);
    }
}

#[test]
fn every_field_of_the_record_takes_any_value() {
    let f = Fixture::new();
    let codes = f.registry.code_tables(&f.admin.token).unwrap();
    let base = forms::full_form(1);
    let base_json = serde_json::to_value(&base).unwrap();
    let per_field = 400 * scale();
    let mut tally = Tally::new("record fields");
    let mut rng = Rng::new(seed("record fields"));
    for spec in &RECORD_FIELDS {
        for _ in 0..per_field {
            let form = with_field(&base, spec, field_value(&mut rng, spec, &base_json, &codes));
            match clean_draft(&form) {
                Ok(draft) => assert_draft_rules(&draft, "a cleaned draft"),
                Err(e) => assert_field_errors(&e.0, &(spec.key, &form)),
            }
            let submitted = check_submit(&form, &codes, today());
            match &submitted {
                Ok(checked) => assert_submit_rules(checked, &codes, "a checked form"),
                Err(e) => assert_field_errors(&e.0, &(spec.key, &form)),
            }
            tally.count(&submitted);
        }
    }
    tally.report();
}

// ---------------------------------------------------------------------------------------------
// Whole forms through the registry, then every stored row read back
// ---------------------------------------------------------------------------------------------

fn assert_core_error(e: &Error, input: &dyn std::fmt::Debug) {
    if let Error::Invalid(fields) = e {
        assert_field_errors(fields, input);
    }
    assert_chinese(&e.to_string(), input);
}

struct Writer {
    token: String,
    form: RecordForm,
    approve: bool,
    approved: bool,
}

#[test]
fn generated_forms_saved_through_the_registry_leave_no_row_that_breaks_a_rule() {
    use swreg_core::registration::review::DecideArgs;
    use swreg_core::registration::worker::{ContactArgs, SaveRecordArgs, Target};
    use swreg_core::registration::workflow::Kind;

    let f = Fixture::new();
    let codes = f.registry.code_tables(&f.admin.token).unwrap();
    let mut writers = Vec::new();
    // One worker whose submissions are returned, one whose first is approved and whose contact
    // details then change.
    for (name, id, birth, approve) in
        [("worker01", "35020319900101123X", "1990-01-01", false), ("worker02", "440305198512254511", "1985-12-25", true)]
    {
        f.approved_worker(name, id, &format!("{name}@example.cn"));
        let token = f.login(name, WORKER_PASSWORD).unwrap().token;
        let photo = f.registry.upload_photo(&token, Target::default(), &fixture::png_photo()).unwrap();
        let mut form = forms::full_form(photo.photo_id);
        form.id_number = id.into();
        form.birth_date = birth.into();
        writers.push(Writer { token, form, approve, approved: false });
    }
    let saves = 300 * scale();
    let mut tally = Tally::new("saves through the registry");
    let mut rng = Rng::new(seed("saves"));
    for i in 0..saves {
        let w = &mut writers[(i % 2) as usize];
        if w.approved {
            // 联系信息修改 with generated values.
            let base = serde_json::to_value(&w.form).unwrap();
            let mut contact = w.form.clone();
            for spec in RECORD_FIELDS.iter().filter(|s| s.path.starts_with("contact.")) {
                if rng.percent(40) {
                    contact = with_field(&contact, spec, field_value(&mut rng, spec, &base, &codes));
                }
            }
            let result = f.registry.update_contact(&w.token, ContactArgs { worker_id: None, contact: contact.contact.clone() });
            if let Err(e) = &result {
                assert_core_error(e, &contact.contact);
            }
            tally.count(&result);
            continue;
        }
        let submit = rng.percent(25);
        let mut form = w.form.clone();
        let changes = if submit && rng.percent(50) { 0 } else { 1 + rng.below(4) };
        let base = serde_json::to_value(&w.form).unwrap();
        for _ in 0..changes {
            let spec = rng.pick(&RECORD_FIELDS);
            form = with_field(&form, spec, field_value(&mut rng, spec, &base, &codes));
        }
        let result = f.registry.save_record(&w.token, SaveRecordArgs { worker_id: None, kind: Kind::Initial, form: form.clone(), submit });
        match &result {
            Err(e) => assert_core_error(e, &form),
            Ok(view) if submit => {
                let id = view.application.as_ref().expect("a submitted form has its application").id;
                let decision = DecideArgs { application_id: id, approve: w.approve, comment: "请核对后重新提交".into() };
                f.registry.decide_application(&f.admin.token, decision).unwrap();
                w.approved = w.approve;
            }
            Ok(_) => {}
        }
        tally.count(&result);
    }
    assert!(writers[1].approved, "the approving worker's form was never approved: too few saves");

    // Every stored form, read back: drafts keep the draft rules, what was submitted or approved
    // the submit rules.
    let conn = rusqlite::Connection::open(f.dir.path().join(swreg_core::DB_FILE_NAME)).unwrap();
    let mut rows = 0;
    let mut stmt = conn.prepare("SELECT id, status, data FROM applications WHERE data IS NOT NULL").unwrap();
    let apps: Vec<(i64, String, String)> = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect();
    for (id, status, data) in apps {
        let form: RecordForm = serde_json::from_str(&data).unwrap_or_else(|e| panic!("application {id}: {e}"));
        let whose = format!("application {id} ({status})");
        if status == "draft" { assert_draft_rules(&form, &whose) } else { assert_submit_rules(&form, &codes, &whose) }
        rows += 1;
    }
    let mut stmt = conn.prepare("SELECT id, status, data FROM workers").unwrap();
    let workers: Vec<(i64, String, String)> = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).unwrap().map(Result::unwrap).collect();
    for (id, status, data) in workers {
        let form: RecordForm = serde_json::from_str(&data).unwrap_or_else(|e| panic!("worker {id}: {e}"));
        let whose = format!("worker {id} ({status})");
        if status == "registered" { assert_submit_rules(&form, &codes, &whose) } else { assert_draft_rules(&form, &whose) }
        rows += 1;
    }
    assert!(rows >= 3);
    println!("FUZZ note: {rows} stored forms read back, each within its rules");
    tally.report();
}

// ---------------------------------------------------------------------------------------------
// Photos
// ---------------------------------------------------------------------------------------------

fn encoded(img: image::DynamicImage, format: image::ImageFormat) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

/// Small valid photos of several kinds (colour, grey, with alpha; PNG and JPEG).
fn valid_photos() -> Vec<Vec<u8>> {
    use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
    // Just over the smallest size accepted, in smooth colours: small files, cut at every length.
    let rgb = RgbImage::from_fn(100, 125, |x, y| Rgb([(x * 2) as u8, (y * 2) as u8, 128]));
    let grey = DynamicImage::ImageRgb8(rgb.clone()).to_luma8();
    let rgba = DynamicImage::ImageRgb8(rgb.clone()).to_rgba8();
    vec![
        encoded(DynamicImage::ImageRgb8(rgb.clone()), ImageFormat::Jpeg),
        encoded(DynamicImage::ImageRgb8(rgb), ImageFormat::Png),
        encoded(DynamicImage::ImageLuma8(grey.clone()), ImageFormat::Png),
        encoded(DynamicImage::ImageLuma8(grey), ImageFormat::Jpeg),
        encoded(DynamicImage::ImageRgba8(rgba), ImageFormat::Png),
    ]
}

/// CRC-32 of a PNG chunk's type and data.
fn crc32(bytes: &[u8]) -> u32 {
    let mut c = 0xFFFF_FFFFu32;
    for &b in bytes {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
        }
    }
    !c
}

/// A PNG whose header declares `w` × `h` (with a right checksum), its pixels those of a small one.
fn png_declaring(w: u32, h: u32) -> Vec<u8> {
    let mut png = valid_photos().swap_remove(1);
    png[16..20].copy_from_slice(&w.to_be_bytes());
    png[20..24].copy_from_slice(&h.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

/// A JPEG whose frame header declares `w` × `h`.
fn jpeg_declaring(w: u16, h: u16) -> Vec<u8> {
    let mut jpeg = valid_photos().swap_remove(0);
    let sof = jpeg.windows(2).position(|p| p == [0xFF, 0xC0]).expect("a baseline frame header");
    jpeg[sof + 5..sof + 7].copy_from_slice(&h.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&w.to_be_bytes());
    jpeg
}

/// A real PNG of `w` × `h` black pixels: tiny on disk, large once decoded.
fn png_bomb(w: u32, h: u32) -> Vec<u8> {
    encoded(image::DynamicImage::ImageLuma8(image::GrayImage::new(w, h)), image::ImageFormat::Png)
}

/// Files that are not JPEG or PNG, some wearing their magic.
fn disguised() -> Vec<Vec<u8>> {
    let mut files: Vec<Vec<u8>> = vec![
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x00\x00\x00\x00\x00,".to_vec(),
        b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00".to_vec(),
        b"BM\x3a\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00\x00\x00".to_vec(),
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF".to_vec(),
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00photo.jpg".to_vec(),
        "这是一个改名为 photo.jpg 的文本文件".as_bytes().to_vec(),
        b"II*\x00\x08\x00\x00\x00".to_vec(),
        b"\x00\x00\x00\x0cjP  \r\n\x87\n".to_vec(),
        b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec(),
    ];
    // The magic of a JPEG or a PNG before something else entirely.
    let text = b"just text, not an image at all".to_vec();
    files.push([&[0xFF, 0xD8, 0xFF][..], &text].concat());
    files.push([&b"\x89PNG\r\n\x1a\n"[..], &text].concat());
    files.push([&b"\x89PNG\r\n\x1a\n"[..], &files[4]].concat());
    files.push([&[0xFF, 0xD8, 0xFF, 0xE0][..], &files[3]].concat());
    files
}

fn judge(bytes: &[u8], tally: &mut Tally, slowest: &mut Duration) {
    let start = Instant::now();
    let result = photo::process(bytes);
    let took = start.elapsed();
    *slowest = (*slowest).max(took);
    assert!(took < Duration::from_secs(60), "a photo of {} bytes took {took:?}", bytes.len());
    match &result {
        Ok(jpeg) => {
            let img = image::load_from_memory_with_format(jpeg, image::ImageFormat::Jpeg).expect("the output is a JPEG");
            assert_eq!((img.width(), img.height()), (photo::WIDTH, photo::HEIGHT));
        }
        Err(Error::Invalid(fields)) => {
            assert_eq!(fields.len(), 1);
            assert_eq!(fields[0].field, "photo");
            assert_chinese(&fields[0].message, &bytes.len());
        }
        Err(other) => panic!("a photo refused as {other:?}, not as a field error"),
    }
    tally.count(&result);
}

/// The message a photo is refused with.
fn refusal(bytes: &[u8]) -> String {
    match photo::process(bytes) {
        Err(Error::Invalid(fields)) => fields[0].message.clone(),
        other => panic!("not refused as a field error: {:?}", other.map(|v| v.len())),
    }
}

#[test]
fn a_small_file_declaring_a_huge_image_is_refused_from_its_header() {
    // A valid PNG whose header declares 12,000 × 12,000 pixels (144 MP).
    let png = png_declaring(12_000, 12_000);
    assert!(png.len() < photo::MAX_BYTES);
    let reader = image::ImageReader::with_format(std::io::Cursor::new(&png), image::ImageFormat::Png);
    assert_eq!(reader.into_dimensions().unwrap(), (12_000, 12_000));
    assert!(refusal(&png).contains("像素过多"));
    // Found by the fuzz tests: a long thin one is few pixels but longer than any side decoded,
    // and was refused as a broken file; it is refused as too large.
    assert!(refusal(&png_declaring(100_000, 2)).contains("尺寸过大"));
    assert!(refusal(&jpeg_declaring(12_001, 100)).contains("尺寸过大"));
}

#[test]
fn broken_truncated_huge_and_disguised_photos_are_refused_in_chinese() {
    let mut tally = Tally::new("photos");
    let mut slowest = Duration::ZERO;
    let mut rng = Rng::new(seed("photos"));
    let valid = valid_photos();
    let full = scale() > 1;

    for v in &valid {
        assert!(photo::process(v).is_ok(), "a valid photo is refused");
        judge(v, &mut tally, &mut slowest);
        // Cut at every length in the full run, at a spread of lengths in the quick one.
        let step = if full { 1 } else { (v.len() / 20).max(1) };
        for cut in (0..v.len()).step_by(step) {
            judge(&v[..cut], &mut tally, &mut slowest);
        }
    }
    // Huge declared dimensions, refused from the header before any pixel is decoded.
    for (w, h) in [(60_000, 60_000), (100_000, 2), (2, 100_000), (12_001, 150), (7_072, 7_072), (0, 0), (0, 140), (u32::MAX, u32::MAX), (0x7FFF_FFFF, 1)] {
        judge(&png_declaring(w, h), &mut tally, &mut slowest);
    }
    for (w, h) in [(65_535, 65_535), (12_001, 100), (0, 0), (1, 65_535)] {
        judge(&jpeg_declaring(w, h), &mut tally, &mut slowest);
    }
    // Decompression bombs: over the cap they go from the header; under it they decode within the
    // allocation limit (the full run only: a debug build takes long over 49 megapixels).
    judge(&png_bomb(7_100, 7_100), &mut tally, &mut slowest);
    judge(&png_bomb(12_001, 10), &mut tally, &mut slowest);
    if full {
        judge(&png_bomb(7_000, 7_000), &mut tally, &mut slowest);
        judge(&png_bomb(12_000, 4_000), &mut tally, &mut slowest);
    }
    for file in disguised() {
        judge(&file, &mut tally, &mut slowest);
    }
    judge(&vec![0xFF; photo::MAX_BYTES + 1], &mut tally, &mut slowest);
    judge(&[], &mut tally, &mut slowest);

    // Bit flips, spliced and random bytes behind the right magic.
    for _ in 0..100 * scale() {
        let mut bytes = rng.pick(&valid).clone();
        match rng.below(4) {
            0 | 1 => {
                for _ in 0..1 + rng.below(8) {
                    let i = rng.below(bytes.len());
                    bytes[i] ^= 1 << rng.below(8);
                }
            }
            2 => {
                let from = rng.below(bytes.len());
                let len = rng.below(64).min(bytes.len() - from);
                let noise: Vec<u8> = (0..len).map(|_| rng.next_u64() as u8).collect();
                bytes.splice(from..from + len, noise);
            }
            _ => {
                let magic: &[u8] = if rng.percent(50) { &[0xFF, 0xD8, 0xFF] } else { b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR" };
                bytes = magic.to_vec();
                bytes.extend((0..rng.below(4096)).map(|_| rng.next_u64() as u8));
            }
        }
        judge(&bytes, &mut tally, &mut slowest);
    }
    let sizes: Vec<String> = valid.iter().map(|v| v.len().to_string()).collect();
    println!(
        "FUZZ note: photos: valid ones of {} bytes cut at every {}; slowest {:.2}s; peak memory of the test process {} MiB",
        sizes.join(", "),
        if full { "length" } else { "twentieth" },
        slowest.as_secs_f64(),
        kit::peak_memory_mib().map_or("?".to_owned(), |m| m.to_string())
    );
    tally.report();
}
