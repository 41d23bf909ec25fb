//! The local operator: what the admin command line (`swreg-admin`) does on the machine that
//! holds the data folder — the default data folder, a session without a login, creating an admin
//! with a chosen password, and backups.
//!
//! Whoever can run the command line can read and write the database file itself, so a session
//! for them grants nothing new; the app never offers one.

use crate::accounts::login::{SetupAdminArgs, UserInfo};
use crate::audit::{self, AuditAction, Entry};
use crate::clock::stamp;
use crate::partial::Partial;
use crate::error::{io_error, Error, Result};
use crate::registry::Registry;
use crate::accounts::session::{Actor, Role};
use crate::validate::{self, Errors};
use crate::accounts::password;
use rusqlite::{params, Connection, OptionalExtension};
use std::path::{Path, PathBuf};

/// The app's identifier (tauri.conf.json), which names its data folder.
pub const APP_IDENTIFIER: &str = "cn.gov.xm.mz.swreg";

/// The local operator's user id (see `audit::SYSTEM_USER_ID`).
pub use crate::audit::SYSTEM_USER_ID;

/// Prepares the data folder of a desktop app connected to a server, which opens no registry and
/// makes no database file: the folder made private, and what an earlier run left (partial
/// downloads, printed forms) deleted, as [`Registry::open`] does.
pub fn prepare_client_folder(data_dir: &Path) -> Result<()> {
    let failed = |e: std::io::Error| Error::File(format!("无法准备数据文件夹 {}：{e}", data_dir.display()));
    std::fs::create_dir_all(data_dir).map_err(failed)?;
    crate::private::set_mode(data_dir, 0o700).map_err(failed)?;
    crate::partial::sweep(data_dir);
    crate::private::sweep_print_folders(data_dir);
    Ok(())
}

/// The OS's app-data folder for this app, as Tauri's `app_data_dir` resolves it:
/// `$XDG_DATA_HOME/cn.gov.xm.mz.swreg` or `~/.local/share/cn.gov.xm.mz.swreg` on Linux,
/// `%APPDATA%\cn.gov.xm.mz.swreg` on Windows, `~/Library/Application Support/…` on macOS.
pub fn default_data_dir() -> Option<PathBuf> {
    let env_dir = |name: &str| std::env::var_os(name).map(PathBuf::from).filter(|p| p.is_absolute());
    let home = env_dir("HOME");
    let base = if cfg!(windows) {
        env_dir("APPDATA")
    } else if cfg!(target_os = "macos") {
        home.map(|h| h.join("Library").join("Application Support"))
    } else {
        env_dir("XDG_DATA_HOME").or_else(|| home.map(|h| h.join(".local").join("share")))
    };
    base.map(|b| b.join(APP_IDENTIFIER))
}

/// A finished backup (defined with the backups; named here too for the command line).
pub use crate::backups::BackupSummary;

impl Registry {
    /// A session for the local operator of the command line: an admin's rights, no account.
    /// Only for `swreg-admin`; never exposed as an IPC command.
    pub fn system_token(&self) -> String {
        let token = password::token();
        let actor = Actor { user_id: SYSTEM_USER_ID, role: Role::Admin, must_change_password: false };
        self.sessions.insert(token.clone(), actor, 0, self.clock().now());
        token
    }

    /// An admin account with a password chosen by the operator (`swreg-admin create-admin`),
    /// whether or not an admin exists already. Written to the audit log.
    pub fn create_admin(&self, token: &str, args: SetupAdminArgs) -> Result<UserInfo> {
        let actor = self.actor(token)?;
        actor.require_admin()?;
        let mut e = Errors::new();
        let username = e.check("username", validate::username(&args.username));
        let name = e.check("displayName", validate::person_name(&args.display_name));
        let classes = crate::accounts::policy::classes(&self.db())?;
        if let Err(m) = validate::password_with(&args.password, classes) {
            e.add("password", m);
        }
        if args.password != args.password_confirm {
            e.add("passwordConfirm", "两次输入的密码不一致");
        }
        let (Some(username), Some(name)) = (username, name) else { return Err(e.into()) };
        e.into_result().map_err(Error::Invalid)?;
        let hash = password::hash(&args.password);
        let now = self.clock().now();
        let mut conn = self.db();
        let tx = conn.transaction()?;
        if tx.query_row("SELECT 1 FROM users WHERE username = ?1", [&username], |_| Ok(())).optional()?.is_some() {
            return Err(Error::field("username", "该账号已存在"));
        }
        tx.execute(
            "INSERT INTO users (username, display_name, role, status, password_hash, created_by, created_at)
             VALUES (?1, ?2, 'admin', 'active', ?3, ?4, ?5)",
            params![username, name, hash, audit::actor_id(&actor), stamp(now)],
        )?;
        let id = tx.last_insert_rowid();
        crate::accounts::policy::remember(&tx, id, &hash, now)?;
        audit::append(&tx, now, Entry {
            actor: audit::actor_id(&actor),
            note: Some(format!("创建管理员账号 {username}（{name}）")),
            ..Entry::new(AuditAction::AccountCreateAdmin)
        })?;
        tx.commit()?;
        Ok(UserInfo { id, username, display_name: name, role: Role::Admin, must_change_password: false, password_expired: false })
    }

    /// 备份: an online copy of the database into `out` (through a temporary file beside it, so
    /// `out` is either the old file or a complete copy), checked with `PRAGMA integrity_check`.
    /// `progress(done, total)` counts pages. Admins only; written to the audit log and, failed
    /// or not, to the list of backups (`backup_runs`, the 数据备份 page).
    pub fn backup(&self, token: &str, out: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<BackupSummary> {
        self.backup_recorded_as(token, out, &out.display().to_string(), progress)
    }

    /// 立即备份 for a download (the server's): written to `out`, a temporary file the server
    /// streams to the browser and deletes, and recorded as the browser's download of
    /// `file_name`, not as a path that no longer exists.
    pub fn backup_for_download(&self, token: &str, out: &Path, file_name: &str) -> Result<BackupSummary> {
        self.backup_recorded_as(token, out, &format!("浏览器下载 {file_name}"), &mut |_, _| {})
    }

    fn backup_recorded_as(&self, token: &str, out: &Path, place: &str, progress: &mut dyn FnMut(u64, u64)) -> Result<BackupSummary> {
        let actor = self.actor(token)?;
        actor.require_admin()?;
        let started = self.clock().now();
        let written = self.write_backup(out, progress);
        self.record_backup(crate::backups::BackupKind::Manual, audit::actor_id(&actor), started, place, &written)?;
        written
    }

    /// The copy itself, for [`Registry::backup`] and the automatic backups: no caller check, no
    /// record of it.
    pub(crate) fn write_backup(&self, out: &Path, progress: &mut dyn FnMut(u64, u64)) -> Result<BackupSummary> {
        let partial = Partial::new(self.data_dir(), out)?;
        let anchor;
        {
            let mut dst = Connection::open(partial.path()).map_err(|e| io_error(out, e))?;
            {
                let src = self.db();
                let backup = rusqlite::backup::Backup::new(&src, &mut dst)?;
                loop {
                    let step = backup.step(1024)?;
                    let p = backup.progress();
                    progress((p.pagecount - p.remaining).max(0) as u64, p.pagecount.max(0) as u64);
                    match step {
                        rusqlite::backup::StepResult::Done => break,
                        rusqlite::backup::StepResult::More => {}
                        _ => std::thread::sleep(std::time::Duration::from_millis(10)),
                    }
                }
            }
            // One self-contained file: no -wal beside it.
            dst.pragma_update(None, "journal_mode", "DELETE")?;
            anchor = crate::audit::chain::last_hash(&dst)?;
        }
        crate::snapshot::integrity_check(partial.path())?;
        crate::snapshot::sync_file(partial.path())?;
        partial.commit(out)?;
        crate::snapshot::sync_parent(out)?;
        let bytes = std::fs::metadata(out).map(|m| m.len() as i64).unwrap_or(0);
        Ok(BackupSummary { path: out.display().to_string(), bytes, audit_hash: (!anchor.is_empty()).then_some(anchor) })
    }
}

