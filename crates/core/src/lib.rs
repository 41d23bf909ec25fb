//! The core of 社会工作者登记管理系统: accounts, the registry and its database.
//!
//! Knows nothing of Tauri or IPC. Every public operation takes the caller's session token and
//! checks role and ownership itself; the UI only hides what a role cannot use.

pub mod accounts;
pub mod audit;
pub mod captcha;
pub mod clock;
pub mod codes;
pub mod db;
pub mod demo;
pub mod error;
pub mod export;
pub mod local;
pub mod mail;
pub mod page;
pub mod password;
pub mod pdf;
pub mod photo;
pub mod print;
pub mod record;
pub mod recovery;
pub mod registration;
pub mod review;
pub mod roster;
pub mod session;
pub mod settings;
pub mod staff;
pub mod stats;
pub mod validate;
pub mod worker;
pub mod workflow;

mod registry;

pub use clock::{Clock, FixedClock, OffsetClock, SystemClock};
pub use error::{ApiError, Error, ErrorCode, Result};
pub use local::default_data_dir;
pub use registry::{AppStatus, Registry};
pub use session::{Actor, Role};
pub use validate::FieldError;

/// The file name of the database inside the data folder.
pub const DB_FILE_NAME: &str = "swreg.sqlite3";
