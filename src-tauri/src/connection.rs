//! 单机使用 or 连接服务器: the connection file (`connection.json` in the data folder) and the
//! shell's own commands that read and change it. These are no registry commands: they are not in
//! the core's table (the server has nothing to do with them) but in [`COMMANDS`], which
//! `commands.in`, the capability and the bindings also list.
//!
//! In client mode the app opens no registry and runs no timed work: every command goes to the
//! server (`commands.rs`, `client.rs`). A change of mode restarts the app, which then starts in
//! the new mode from the file.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use swreg_core::{decode_args, ApiError, Error};
use swreg_remote::Remote;
use ts_rs::TS;

/// The shell's own commands, beside the core's table.
pub const COMMANDS: &[&str] = &["connection_info", "probe_server", "save_connection"];

const FILE: &str = "connection.json";

/// How this app works: on its own database (the default, also without a file) or as a client
/// of `swreg-server` at `address`, whose certificate must have the SHA-256 `fingerprint`
/// (`null` only for plain `http://` on this computer, the tests' servers).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(tag = "mode", rename_all = "camelCase")]
pub enum Connection {
    #[default]
    Standalone,
    Server { address: String, fingerprint: Option<String> },
}

/// What a probe found at an address: the address as it will be kept and the certificate's
/// fingerprint for the user to compare with the one the server printed.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Probed {
    pub address: String,
    pub fingerprint: Option<String>,
}

/// `probe_server`'s arguments.
#[derive(Debug, Clone, Deserialize, TS)]
pub struct ProbeArgs {
    pub address: String,
}

/// The data folder and the connection this run started with.
pub struct Active {
    dir: PathBuf,
    connection: Connection,
}

impl Active {
    pub fn new(dir: PathBuf, connection: Connection) -> Self {
        Active { dir, connection }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// The file's connection: 单机使用 when there is none; an error (in Chinese) when it cannot be
/// read, so that a workstation meant to be a client never opens an empty local register.
fn load(dir: &Path) -> Result<Connection, String> {
    let path = dir.join(FILE);
    match std::fs::read(&path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
            format!("连接设置文件无法读取（{e}）：{}\n删除该文件后重新启动，程序将以单机使用方式启动。", path.display())
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Connection::Standalone),
        Err(e) => Err(format!("连接设置文件无法读取（{e}）：{}", path.display())),
    }
}

/// Written under a temporary name and renamed, so a crash leaves the old file or the new one.
fn save(dir: &Path, connection: &Connection) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let text = serde_json::to_vec_pretty(connection).map_err(std::io::Error::other)?;
    let temporary = dir.join(format!(".{FILE}.tmp"));
    std::fs::write(&temporary, text)?;
    std::fs::File::open(&temporary)?.sync_all()?;
    std::fs::rename(&temporary, dir.join(FILE))
}

/// Reads the connection file at start and keeps it as state. In client mode also keeps the
/// server's client, prepares the data folder and answers `true`: the caller then opens no
/// registry and starts no timed work.
pub fn start(app: &tauri::App, dir: &Path) -> Result<bool, Box<dyn std::error::Error>> {
    let connection = load(dir).map_err(|message| {
        fail_dialog(&message);
        message
    })?;
    let client = match &connection {
        Connection::Standalone => None,
        Connection::Server { address, fingerprint } => {
            let remote = Remote::new(address, fingerprint.as_deref()).map_err(|e| {
                fail_dialog(&format!("连接设置有误：{}\n\n{}", e.message, dir.join(FILE).display()));
                e.message
            })?;
            swreg_core::local::prepare_client_folder(dir).map_err(|e| {
                fail_dialog(&format!("{e}\n\n数据文件夹：{}", dir.display()));
                e
            })?;
            eprintln!("连接服务器：{}", remote.address());
            Some(Arc::new(remote))
        }
    };
    tauri::Manager::manage(app, Arc::new(Active::new(dir.to_path_buf(), connection)));
    Ok(match client {
        Some(remote) => {
            tauri::Manager::manage(app, remote);
            tauri::Manager::manage(app, Arc::new(crate::files::BatchCancel::default()));
            true
        }
        None => false,
    })
}

/// Why the app cannot start, in a dialog: the page cannot show anything then.
fn fail_dialog(message: &str) {
    rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title("社会工作者登记管理系统")
        .set_description(message)
        .show();
}

/// 连接设置: how this run works.
#[tauri::command]
pub fn connection_info(active: tauri::State<'_, Arc<Active>>) -> Connection {
    active.connection.clone()
}

/// 连接: reads the server's certificate fingerprint, trusting nothing yet.
#[tauri::command]
pub async fn probe_server(args: Option<Value>) -> Result<Probed, ApiError> {
    let args: ProbeArgs = decode_args(args.unwrap_or_default())?;
    let address = swreg_remote::Address::parse(&args.address).map_err(|m| ApiError::from(Error::field("address", m)))?;
    let fingerprint = swreg_remote::probe(&args.address).await?;
    Ok(Probed { address: address.to_string(), fingerprint: fingerprint.map(|f| f.to_string()) })
}

/// 信任并连接 / 单机使用: keeps the choice and restarts the app in it (nothing happens when the
/// choice is the one in use).
#[tauri::command]
pub async fn save_connection<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    active: tauri::State<'_, Arc<Active>>,
    args: Option<Value>,
) -> Result<(), ApiError> {
    let chosen = checked(decode_args(args.unwrap_or_default())?)?;
    if chosen == active.connection {
        return Ok(());
    }
    save(&active.dir, &chosen).map_err(|e| ApiError::from(Error::File(format!("无法保存连接设置：{e}"))))?;
    // The answer reaches the page first; then the app exits cleanly (closing the database) and
    // starts again in the chosen mode.
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(200));
        app.request_restart();
    });
    Ok(())
}

/// The choice as it will be kept: the address written one way, the fingerprint as the server
/// prints it; refused (beside its field) when the client could not use it.
fn checked(chosen: Connection) -> Result<Connection, ApiError> {
    match chosen {
        Connection::Standalone => Ok(Connection::Standalone),
        Connection::Server { address, fingerprint } => {
            let remote = Remote::new(&address, fingerprint.as_deref())?;
            let fingerprint = fingerprint.as_deref().and_then(swreg_remote::Fingerprint::parse).map(|f| f.to_string());
            Ok(Connection::Server { address: remote.address().to_string(), fingerprint })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_file_is_standalone_and_a_saved_choice_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path()), Ok(Connection::Standalone));
        let server = Connection::Server { address: "https://192.168.1.10:8443".into(), fingerprint: Some(format!("AB{}", ":CD".repeat(31))) };
        save(dir.path(), &server).unwrap();
        assert_eq!(load(dir.path()), Ok(server));
        let text = std::fs::read_to_string(dir.path().join(FILE)).unwrap();
        assert!(text.contains("\"mode\": \"server\""), "{text}");
        save(dir.path(), &Connection::Standalone).unwrap();
        assert_eq!(load(dir.path()), Ok(Connection::Standalone));
    }

    #[test]
    fn an_unreadable_file_stops_the_start_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE), "{\"mode\":\"elsewhere\"}").unwrap();
        let e = load(dir.path()).unwrap_err();
        assert!(e.starts_with("连接设置文件无法读取"), "{e}");
    }

    #[test]
    fn a_choice_is_kept_in_one_form_or_refused_beside_its_field() {
        let lower = "ab:".repeat(31) + "ab";
        let kept = checked(Connection::Server { address: " 192.168.1.10:8443 ".into(), fingerprint: Some(lower) }).unwrap();
        assert_eq!(
            kept,
            Connection::Server { address: "https://192.168.1.10:8443".into(), fingerprint: Some(format!("AB{}", ":AB".repeat(31))) }
        );
        let e = checked(Connection::Server { address: "https://10.0.0.1".into(), fingerprint: None }).unwrap_err();
        assert_eq!(e.fields.unwrap()[0].field, "fingerprint");
        let e = checked(Connection::Server { address: "http://10.0.0.1".into(), fingerprint: None }).unwrap_err();
        assert_eq!(e.fields.unwrap()[0].field, "address");
    }
}
