//! The IPC transport of the core's one command table (`swreg_core::commands`).
//!
//! Every command is invoked as `invoke(name, { token, args })`. A call goes to the core's
//! `commands::call` on the blocking pool, so that password hashing or a long query never freezes
//! the window; a file command (a native dialog, `files.rs`) goes to its own Tauri command. The
//! result is the core's JSON, an error the one shape `ApiError`. There is no list of commands
//! here: the tests below check that every name in the table answers through this handler.
//!
//! Connected to a server (`connection.rs`), the same handler forwards every call to
//! `POST /api/<name>` (`swreg-remote`, on the async runtime) and runs the file commands of
//! `client.rs`, whose dialogs stay here; restoring and importing, which only the server's
//! `swreg-admin` does, are forwarded as calls and answered with the server's message. The shell's
//! own commands (`connection::COMMANDS`) answer in either mode.

use serde_json::Value;
use std::sync::Arc;
use swreg_core::commands::{self, Kind};
use swreg_core::{Error, Registry};
use swreg_remote::Remote;
use tauri::ipc::{Invoke, InvokeBody, InvokeError, InvokeResponseBody};
use tauri::Manager;

#[cfg(test)]
pub use swreg_core::commands::NAMES;

/// Every command for Tauri's invoke handler (any runtime: the app's, or the tests' mock).
pub fn handler<R: tauri::Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    let files: Box<dyn Fn(Invoke<R>) -> bool + Send + Sync> = {
        use crate::files::*;
        use crate::import::*;
        Box::new(tauri::generate_handler![
            choose_photo,
            save_record_pdf,
            print_record_pdf,
            save_batch_pdf,
            cancel_batch,
            export_records,
            save_stats_xlsx,
            backup_now,
            choose_backup,
            restore_backup,
            save_import_template,
            choose_import_file,
            choose_import_photos,
            recheck_import,
            save_import_report,
            run_import
        ])
    };
    let client_files = crate::client::handler::<R>();
    let shell: Box<dyn Fn(Invoke<R>) -> bool + Send + Sync> = {
        use crate::connection::*;
        Box::new(tauri::generate_handler![connection_info, probe_server, save_connection])
    };
    move |invoke: Invoke<R>| {
        let name = invoke.message.command().to_owned();
        crate::startup::command(&name);
        if crate::connection::COMMANDS.contains(&name.as_str()) {
            return shell(invoke);
        }
        let server = invoke.message.webview_ref().try_state::<Arc<Remote>>().map(|s| s.inner().clone());
        match (commands::kind_of(&name), server) {
            (Some(Kind::Call), None) => {
                call(invoke, name);
                true
            }
            (Some(Kind::Call), Some(server)) => {
                forward(invoke, server, name);
                true
            }
            // A file command missing from the list above makes Tauri answer "not found"; the
            // test `every_command_answers_through_tauri` catches it.
            (Some(Kind::File), None) => files(invoke),
            (Some(Kind::File), Some(server)) => {
                if crate::client::CARRIED.contains(&name.as_str()) {
                    client_files(invoke)
                } else {
                    forward(invoke, server, name);
                    true
                }
            }
            (None, _) => {
                invoke.resolver.reject(commands::unknown(&name));
                true
            }
        }
    }
}

/// A call sent on to the server, off the window's thread.
fn forward<R: tauri::Runtime>(invoke: Invoke<R>, server: Arc<Remote>, name: String) {
    let (token, args) = token_and_args(invoke.message.payload());
    invoke.resolver.respond_async_serialized(async move {
        let answer = server.call(&name, &token, &args).await.and_then(|text| match serde_json::from_str::<Value>(&text) {
            Ok(_) => Ok(text),
            Err(e) => Err(Error::Internal(format!("服务器的应答无法识别：{e}")).into()),
        });
        answer.map(InvokeResponseBody::Json).map_err(InvokeError::from)
    });
}

/// `{ token, args }` from the page, as the core's call wants them.
fn token_and_args(body: &InvokeBody) -> (String, Value) {
    match body {
        InvokeBody::Json(Value::Object(map)) => (
            map.get("token").and_then(Value::as_str).unwrap_or_default().to_owned(),
            map.get("args").cloned().unwrap_or_default(),
        ),
        _ => (String::new(), Value::Null),
    }
}

fn call<R: tauri::Runtime>(invoke: Invoke<R>, name: String) {
    let registry = invoke.message.webview_ref().state::<Arc<Registry>>().inner().clone();
    let (token, args) = token_and_args(invoke.message.payload());
    invoke.resolver.respond_async_serialized(async move {
        let answer = tauri::async_runtime::spawn_blocking(move || {
            commands::call(&registry, &commands::Caller::local(&token), &name, args).unwrap_or_else(|| Err(commands::unknown(&name)))
        })
        .await
        .unwrap_or_else(|e| Err(Error::Internal(format!("内部错误：{e}")).into()));
        answer.map(InvokeResponseBody::Json).map_err(InvokeError::from)
    });
}

/// Each command's name with the decoding of its arguments, for the fuzz tests (`ipc_fuzz.rs`).
#[cfg(test)]
pub fn decoders() -> Vec<crate::ipc_fuzz::Decoder> {
    struct Collect(Vec<crate::ipc_fuzz::Decoder>);
    impl commands::Visitor for Collect {
        fn command<A: serde::de::DeserializeOwned + ts_rs::TS + 'static, T: serde::Serialize + ts_rs::TS + 'static>(
            &mut self,
            name: &'static str,
            _: Kind,
        ) {
            self.0.push(crate::ipc_fuzz::Decoder::of::<A>(name));
        }
    }
    let mut c = Collect(Vec::new());
    commands::visit(&mut c);
    c.0
}

/// Each command's name with its argument and result types, for the TypeScript bindings.
#[cfg(test)]
pub fn signatures() -> Vec<crate::bindings::Signature> {
    struct Collect(Vec<crate::bindings::Signature>);
    impl commands::Visitor for Collect {
        fn command<A: serde::de::DeserializeOwned + ts_rs::TS + 'static, T: serde::Serialize + ts_rs::TS + 'static>(
            &mut self,
            name: &'static str,
            _: Kind,
        ) {
            self.0.push(crate::bindings::Signature::of::<A, T>(name));
        }
    }
    let mut c = Collect(Vec::new());
    commands::visit(&mut c);
    c.0
}
