//! Malformed IPC arguments at volume: every command's arguments decoded from random JSON and from
//! mutations of valid arguments (wrong types, missing and extra fields, huge numbers, deep
//! nesting, long strings). No panic, and every refusal a Chinese `bad_request` naming the place.
//!
//! The valid arguments are found, not written: decoding starts from `null` and follows what each
//! refusal says is missing or wanted, so a command added to the list is fuzzed without more code.
//! `SWREG_FUZZ_SCALE` multiplies the counts, as in the core's `tests/fuzz.rs`.

#[path = "../../crates/core/tests/common/fuzz_kit.rs"]
mod kit;

use kit::{mutate, scale, seed, text, unfit_message, Rng, Tally};
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};
use swreg_core::args::{decode, BadArgs, PathPart, Problem, Shape, PREFIX};
use swreg_core::{decode_args, ApiError, ErrorCode};

/// One command's decoding: in parts, and as the command does it.
pub struct Decoder {
    pub name: &'static str,
    parts: fn(Value) -> Result<(), BadArgs>,
    api: fn(Value) -> Result<(), ApiError>,
}

impl Decoder {
    pub fn of<T: DeserializeOwned>(name: &'static str) -> Decoder {
        Decoder { name, parts: |v| decode::<T>(v).map(drop), api: |v| decode_args::<T>(v).map(drop) }
    }
}

/// The value at `path`, made (as an object or a list) where it is not there yet.
fn slot<'a>(root: &'a mut Value, path: &[PathPart]) -> &'a mut Value {
    path.iter().fold(root, |v, part| match part {
        PathPart::Key(k) => {
            if !v.is_object() {
                *v = Value::Object(Map::new());
            }
            v.as_object_mut().expect("an object").entry(k.clone()).or_insert(Value::Null)
        }
        PathPart::Index(i) => {
            if !v.is_array() {
                *v = Value::Array(Vec::new());
            }
            let list = v.as_array_mut().expect("a list");
            while list.len() <= *i {
                list.push(Value::Null);
            }
            &mut list[*i]
        }
    })
}

fn sample_of(shape: Shape) -> Option<Value> {
    Some(match shape {
        Shape::Text => json!("1"),
        Shape::Integer => json!(1),
        Shape::Number => json!(1.5),
        Shape::Bool => json!(false),
        Shape::List => json!([]),
        Shape::Object => json!({}),
        Shape::Null => Value::Null,
        Shape::Date => json!("2026-01-01"),
        // An unknown name, whose refusal lists the known ones.
        Shape::Choice => json!("?"),
        Shape::Other => return None,
    })
}

/// Valid arguments for a command, found by following its refusals from `null`.
fn valid_args(d: &Decoder) -> Value {
    let mut v = Value::Null;
    for _ in 0..300 {
        let bad = match (d.parts)(v.clone()) {
            Ok(()) => return v,
            Err(bad) => bad,
        };
        let fixed = match &bad.problem {
            Problem::Missing(f) => {
                let mut path = bad.path.clone();
                path.push(PathPart::Key(f.clone()));
                *slot(&mut v, &path) = Value::Null;
                true
            }
            Problem::Unknown(f) => {
                let parent = &bad.path[..bad.path.len().saturating_sub(1)];
                slot(&mut v, parent).as_object_mut().map(|o| o.remove(f)).is_some()
            }
            Problem::WrongType { expected, .. } | Problem::WrongValue { expected } => match sample_of(*expected) {
                Some(sample) if *slot(&mut v, &bad.path) != sample => {
                    *slot(&mut v, &bad.path) = sample;
                    true
                }
                _ => false,
            },
            Problem::UnknownVariant { expected } => match expected.first() {
                Some(name) => {
                    *slot(&mut v, &bad.path) = json!(name);
                    true
                }
                None => false,
            },
            _ => false,
        };
        assert!(fixed, "{}: no valid arguments found; stuck at {bad:?} with {v}", d.name);
    }
    panic!("{}: no valid arguments found in 300 steps: {v}", d.name)
}

/// A random JSON value, `depth` levels deep at the most.
fn any_json(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth == 0 { 7 } else { 9 }) {
        0 => Value::Null,
        1 => json!(rng.percent(50)),
        2 => json!(*rng.pick(&[0i64, 1, -1, i64::MAX, i64::MIN, 4_294_967_296, 65_536])),
        3 => json!(*rng.pick(&[1.5f64, -0.0, 1e308, -1e308, f64::MIN_POSITIVE, 2.5e10])),
        4 => json!(u64::MAX),
        5 => json!(text(rng)),
        6 => json!(*rng.pick(&["initial", "renewal", "approved", "xlsx", "csv", "admin", "2026-01-01", ""])),
        7 => Value::Array((0..rng.below(5)).map(|_| any_json(rng, depth - 1)).collect()),
        _ => Value::Object((0..rng.below(5)).map(|_| (text(rng), any_json(rng, depth - 1))).collect()),
    }
}

/// Lists and objects inside each other, `depth` deep (what a parsed request can hold: Tauri's
/// parser stops at 128 levels).
fn nested(rng: &mut Rng, depth: usize) -> Value {
    (0..depth).fold(json!(1), |inner, _| if rng.percent(50) { json!([inner]) } else { json!({ "a": inner }) })
}

/// Every place in a value, as paths.
fn places(v: &Value, path: &mut Vec<PathPart>, out: &mut Vec<Vec<PathPart>>) {
    out.push(path.clone());
    match v {
        Value::Object(map) => {
            for (k, inner) in map {
                path.push(PathPart::Key(k.clone()));
                places(inner, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                path.push(PathPart::Index(i));
                places(inner, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Valid arguments with one place changed: another type, a huge number, a long or mutated
/// string, deep nesting, a key taken out or one added.
fn mutated(rng: &mut Rng, valid: &Value) -> Value {
    let mut v = valid.clone();
    let mut all = Vec::new();
    places(&v, &mut Vec::new(), &mut all);
    let path = rng.pick(&all).clone();
    let target = slot(&mut v, &path);
    match rng.below(8) {
        0 => *target = any_json(rng, 3),
        1 => *target = json!(*rng.pick(&[1e308, -1.0, 4_294_967_296.0, 0.5])),
        2 => *target = json!("长".repeat(rng.below(20_000))),
        3 => {
            let depth = 1 + rng.below(127);
            *target = nested(rng, depth);
        }
        4 => {
            if let Value::Object(map) = target {
                let keys: Vec<String> = map.keys().cloned().collect();
                if !keys.is_empty() {
                    map.remove(rng.pick(&keys));
                }
            }
        }
        5 => {
            if let Value::Object(map) = target {
                map.insert(mutate(rng, "extra"), any_json(rng, 2));
            } else {
                *target = json!({ "extra": 1 });
            }
        }
        6 => {
            *target = match target {
                Value::String(s) => json!(mutate(rng, s)),
                Value::Number(n) => json!(n.to_string()),
                Value::Bool(b) => json!(if *b { 1 } else { 0 }),
                _ => Value::Null,
            }
        }
        _ => *target = json!([target.clone()]),
    }
    v
}

/// The message without what it quotes of the request (a key sent is the caller's, not ours).
fn own_words(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in message.chars() {
        match c {
            '“' => quoted = true,
            '”' => quoted = false,
            c if !quoted => out.push(c),
            _ => {}
        }
    }
    out
}

fn judge(d: &Decoder, v: Value, tally: &mut Tally) {
    let result = (d.parts)(v.clone());
    if let Err(bad) = &result {
        let message = bad.message();
        let shown: String = v.to_string().chars().take(300).collect();
        assert!(message.starts_with(PREFIX), "{}: {message} for {shown}", d.name);
        assert!(message.chars().count() <= 200, "{}: a message of {} characters", d.name, message.chars().count());
        if let Some(why) = unfit_message(&own_words(&message)) {
            panic!("{}: {message:?} is not fit to show ({why}) for {shown}", d.name);
        }
        assert!(!message.chars().any(char::is_control), "{}: {message:?}", d.name);
    }
    // The command's own decoding agrees, with the code the page knows.
    match ((d.api)(v), &result) {
        (Ok(()), Ok(())) => {}
        (Err(e), Err(bad)) => assert_eq!((e.code, e.message, e.fields), (ErrorCode::BadRequest, bad.message(), None)),
        (api, parts) => panic!("{}: the command decodes {api:?} where the parts say {parts:?}", d.name),
    }
    tally.count(&result);
}

#[test]
fn every_command_decodes_any_json_without_panic_and_refuses_in_chinese() {
    let per_command = 150 * scale();
    let mut tally = Tally::new("IPC arguments");
    let mut rng = Rng::new(seed("ipc"));
    let decoders = crate::commands::decoders();
    assert_eq!(decoders.len(), crate::commands::NAMES.len());
    for d in &decoders {
        let valid = valid_args(d);
        judge(d, valid.clone(), &mut tally);
        for i in 0..per_command {
            let v = if i % 4 == 0 { any_json(&mut rng, 4) } else { mutated(&mut rng, &valid) };
            judge(d, v, &mut tally);
        }
    }
    tally.report();
}

#[test]
fn a_malformed_request_names_the_place_in_chinese() {
    let save = crate::commands::decoders().into_iter().find(|d| d.name == "save_record").expect("save_record");
    let mut args = valid_args(&save);
    args["form"]["contact"]["mobile"] = json!(13800138000u64);
    let e = (save.api)(args).unwrap_err();
    assert_eq!(e.code, ErrorCode::BadRequest);
    assert_eq!(e.message, "请求参数无效：“form.contact.mobile”应为文字，不能是整数");
    let e = (save.api)(json!({})).unwrap_err();
    assert!(e.message.starts_with("请求参数无效：缺少“"), "{}", e.message);
}

/// Sends `cmd` with `body` through Tauri's own IPC path: the mock runtime, the app's real
/// configuration and capability, and the app's handler over a fresh registry.
fn through_tauri() -> (tempfile::TempDir, impl Fn(&str, Value) -> Result<tauri::ipc::InvokeResponseBody, Value>) {
    use std::sync::Arc;
    let dir = tempfile::tempdir().unwrap();
    let registry = swreg_core::Registry::open(dir.path(), Arc::new(swreg_core::SystemClock)).unwrap();
    let app = tauri::test::mock_builder()
        .manage(Arc::new(registry))
        .manage(Arc::new(crate::files::BatchCancel::default()))
        .manage(Arc::new(crate::files::ChosenBackup::default()))
        .manage(Arc::new(crate::import::ChosenImport::default()));
    (dir, invoker(app))
}

/// The app's handler on `app` (the mock runtime, with its state), the app's real configuration
/// and capability: sends a command and its body as the page does.
pub(crate) fn invoker(
    app: tauri::Builder<tauri::test::MockRuntime>,
) -> impl Fn(&str, Value) -> Result<tauri::ipc::InvokeResponseBody, Value> {
    use tauri::ipc::{CallbackFn, InvokeBody};
    use tauri::test::{get_ipc_response, INVOKE_KEY};
    use tauri::webview::InvokeRequest;

    let app = app.invoke_handler(crate::commands::handler()).build(tauri::generate_context!()).unwrap();
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().unwrap();
    move |cmd: &str, body: Value| {
        get_ipc_response(&webview, InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(body),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        })
    }
}

/// A request through Tauri's own IPC path: what the page receives for a malformed one is the
/// Chinese `bad_request`.
#[test]
fn a_malformed_request_through_tauri_comes_back_in_chinese() {
    let (_dir, invoke) = through_tauri();
    // Well-formed: a unit command with null arguments, or with none at all.
    let status = invoke("app_status", json!({ "token": null, "args": null })).expect("app_status answers");
    assert!(status.deserialize::<Value>().unwrap().is_object());
    assert!(invoke("app_status", json!({})).is_ok());
    // Malformed: the core's message, not Tauri's.
    let err = invoke("login", json!({ "token": null, "args": { "username": "a" } })).unwrap_err();
    assert_eq!(err["code"], "bad_request", "{err}");
    assert_eq!(err["message"], "请求参数无效：缺少“password”", "{err}");
    let err = invoke("worker_detail", json!({ "token": "t", "args": "seven" })).unwrap_err();
    assert_eq!(err["message"], "请求参数无效：参数应为整数，不能是文字", "{err}");
}

/// Every command of the core's table answers through the app's handler with the core's own
/// answer (a value, or the one error shape), never Tauri's "command not found"; a name outside
/// the table is refused. Arguments that decode for no command keep the file commands'
/// dialogs shut.
#[test]
fn every_command_answers_through_tauri() {
    let (_dir, invoke) = through_tauri();
    for name in swreg_core::commands::NAMES {
        match invoke(name, json!({ "token": "", "args": "不是参数" })) {
            Ok(_) => {}
            // The core's error shape; or, for a job that reports progress, Tauri's complaint that
            // the progress channel is missing (which it makes only for a command it found).
            Err(e) => assert!(
                (e["code"].is_string() && e["message"].is_string()) || e.as_str().is_some_and(|m| m.contains("missing required key onProgress")),
                "{name} is not served by the app: {e}"
            ),
        }
    }
    // A name outside the table is outside the capability too: Tauri refuses it before the handler.
    let err = invoke("no_such_command", json!({ "token": "", "args": null })).unwrap_err();
    assert!(err.as_str().is_some_and(|m| m.contains("not allowed")), "{err}");
}
