//! The core of 社会工作者登记管理系统: accounts, the registry and its database.
//!
//! Knows nothing of Tauri or IPC. Every public operation takes the caller's session token and
//! checks role and ownership itself; the UI only hides what a role cannot use.

pub mod access;
pub mod accounts;
pub mod args;
pub mod audit;
pub mod backups;
pub mod clock;
pub mod commands;
pub mod db;
#[cfg(feature = "demo")]
pub mod demo;
pub mod error;
pub mod local;
pub mod page;
pub mod partial;
mod private;
mod readers;
pub mod records;
pub mod restore;
pub mod registration;
pub mod settings;
pub mod snapshot;
pub mod stored;
pub mod timed;
pub mod validate;

mod registry;

pub use args::decode_args;
pub use clock::{Clock, FixedClock, OffsetClock, SystemClock};
pub use error::{ApiError, Error, ErrorCode, Result};
pub use local::default_data_dir;
pub use registry::{AppStatus, Registry};
pub use accounts::session::{Actor, Role};
pub use validate::FieldError;

/// The file name of the database inside the data folder.
pub const DB_FILE_NAME: &str = "swreg.sqlite3";
