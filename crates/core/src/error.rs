//! Errors inside the core, and the one shape they take when they cross to the UI.

use crate::validate::FieldError;
use serde::Serialize;
use ts_rs::TS;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("请检查填写的内容")]
    Invalid(Vec<FieldError>),
    #[error("登录已失效，请重新登录")]
    Unauthenticated,
    #[error("没有权限执行此操作")]
    Forbidden,
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Captcha(String),
    #[error("账号或密码不正确")]
    LoginFailed,
    #[error("{0}")]
    Locked(String),
    #[error("账号正在等待审核，审核通过后即可登录")]
    AccountPending,
    #[error("{0}")]
    AccountRejected(String),
    #[error("账号已停用，请联系管理员")]
    AccountDisabled,
    #[error("请先修改密码")]
    MustChangePassword,
    /// A staff account used from outside the networks an admin listed (`accounts::network`).
    #[error("工作人员账号只能从单位内部网络使用")]
    OutsideNetwork,
    #[error(
        "数据库由更新版本的程序创建（结构版本 {found}，本程序最高支持 {supported}）。为保护数据，本程序不会修改它，请安装新版本后再打开"
    )]
    DatabaseTooNew { found: i64, supported: i64 },
    #[error("无法打开数据库：{0}")]
    DatabaseOpen(String),
    #[error("{}", database_message(.0))]
    Database(rusqlite::Error),
    /// A stored value this build cannot read (see `stored`): an unknown key, a broken record.
    #[error("{0}")]
    Corrupt(String),
    /// A long job (export, batch print) stopped because the user cancelled it.
    #[error("{0}")]
    Cancelled(String),
    /// A file the user chose could not be read or written.
    #[error("{0}")]
    File(String),
    #[error("{0}")]
    Internal(String),
    /// A request whose arguments do not decode (`args::decode_args`): a fault of the calling
    /// program, said in Chinese.
    #[error("{0}")]
    BadRequest(String),
    /// Too many requests from one place in a short time (the server's limits on the public
    /// commands); said with when to try again.
    #[error("{0}")]
    RateLimited(String),
    /// What this way of using the app cannot do (a native dialog's job asked of a browser), with
    /// what to do instead.
    #[error("{0}")]
    Unsupported(String),
}

impl Error {
    /// A form error on one field.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        Error::Invalid(vec![FieldError { field: field.to_owned(), message: message.into() }])
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            Error::Invalid(_) => ErrorCode::Validation,
            Error::Unauthenticated => ErrorCode::Unauthenticated,
            Error::Forbidden | Error::OutsideNetwork => ErrorCode::Forbidden,
            Error::NotFound(_) => ErrorCode::NotFound,
            Error::Conflict(_) => ErrorCode::Conflict,
            Error::Captcha(_) => ErrorCode::Captcha,
            Error::LoginFailed => ErrorCode::LoginFailed,
            Error::Locked(_) => ErrorCode::Locked,
            Error::AccountPending => ErrorCode::AccountPending,
            Error::AccountRejected(_) => ErrorCode::AccountRejected,
            Error::AccountDisabled => ErrorCode::AccountDisabled,
            Error::MustChangePassword => ErrorCode::MustChangePassword,
            Error::DatabaseTooNew { .. } | Error::DatabaseOpen(_) | Error::Database(_) | Error::Corrupt(_) => {
                ErrorCode::Database
            }
            Error::Cancelled(_) => ErrorCode::Cancelled,
            Error::File(_) => ErrorCode::File,
            Error::Internal(_) => ErrorCode::Internal,
            Error::BadRequest(_) => ErrorCode::BadRequest,
            Error::RateLimited(_) => ErrorCode::RateLimited,
            Error::Unsupported(_) => ErrorCode::Unsupported,
        }
    }
}

/// Machine-readable kind of an [`ApiError`]; the UI branches on it, people read `message`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Validation,
    Unauthenticated,
    Forbidden,
    NotFound,
    Conflict,
    Captcha,
    LoginFailed,
    Locked,
    AccountPending,
    AccountRejected,
    AccountDisabled,
    MustChangePassword,
    Database,
    Internal,
    /// The user stopped a long job; nothing was saved.
    Cancelled,
    /// A chosen file could not be read or written.
    File,
    /// The request's arguments did not decode: the calling program sent something malformed.
    BadRequest,
    /// Too many requests in a short time (HTTP 429 from the server).
    RateLimited,
    /// Not available this way (a browser, a client of the server); the message says what to do.
    Unsupported,
}

/// The one error shape that crosses IPC: `{code, message, fields?}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub fields: Option<Vec<FieldError>>,
}

impl From<Error> for ApiError {
    fn from(e: Error) -> Self {
        if let Error::Database(inner) = &e {
            // The detail helps IT staff; it never reaches the page, which may hold personal data.
            eprintln!("database error: {inner}");
        }
        if let Error::Corrupt(m) = &e {
            eprintln!("unreadable stored value: {m}");
        }
        let fields = match &e {
            Error::Invalid(f) => Some(f.clone()),
            Error::Captcha(m) => Some(vec![FieldError { field: "captchaAnswer".into(), message: m.clone() }]),
            _ => None,
        };
        ApiError { code: e.code(), message: e.to_string(), fields }
    }
}

pub const DISK_FULL: &str =
    "磁盘空间已满，本次修改未保存（已填写的内容仍在页面上）。请清理数据文件夹所在磁盘的空间后再保存";
pub const READ_ONLY: &str =
    "数据文件夹当前不可写入（磁盘只读或出错），本次修改未保存（已填写的内容仍在页面上）。请联系技术人员检查磁盘后再保存";

/// What the page is told of a database failure: the cause people can act on (a full or
/// read-only disk, a busy file) in Chinese; never SQLite's own text.
fn database_message(e: &rusqlite::Error) -> &'static str {
    use rusqlite::ErrorCode as C;
    match e.sqlite_error_code() {
        Some(C::DiskFull) => DISK_FULL,
        Some(C::ReadOnly) | Some(C::SystemIoFailure) | Some(C::CannotOpen) => READ_ONLY,
        Some(C::DatabaseBusy) | Some(C::DatabaseLocked) => "数据库正被其他操作占用，请稍后重试",
        _ => "数据库操作失败",
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Self {
        // A value that `stored` refused while a row was read says what it is.
        if let rusqlite::Error::FromSqlConversionFailure(_, _, inner) = &e {
            if let Some(u) = inner.downcast_ref::<crate::stored::Unreadable>() {
                return Error::Corrupt(u.to_string());
            }
        }
        Error::Database(e)
    }
}

impl From<crate::stored::Unreadable> for Error {
    fn from(u: crate::stored::Unreadable) -> Self {
        Error::Corrupt(u.to_string())
    }
}

impl From<crate::validate::Errors> for Error {
    fn from(e: crate::validate::Errors) -> Self {
        Error::Invalid(e.0)
    }
}

/// A file the user chose could not be written.
pub(crate) fn io_error(path: &std::path::Path, e: impl std::fmt::Display) -> Error {
    Error::File(format!("无法写入文件 {}：{e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_error_serializes_with_fields() {
        let e: ApiError = Error::field("password", "密码至少8位").into();
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "validation", "message": "请检查填写的内容",
                "fields": [{"field": "password", "message": "密码至少8位"}]})
        );
    }

    #[test]
    fn other_errors_have_null_fields_and_snake_case_codes() {
        let json = serde_json::to_value(ApiError::from(Error::AccountPending)).unwrap();
        assert_eq!(json["code"], "account_pending");
        assert!(json["fields"].is_null());
    }

    #[test]
    fn database_detail_does_not_reach_the_message() {
        let e: ApiError = Error::Database(rusqlite::Error::InvalidQuery).into();
        assert_eq!(e.message, "数据库操作失败");
        assert_eq!(e.code, ErrorCode::Database);
    }
}
