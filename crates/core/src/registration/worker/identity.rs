//! The record's identity is the account's (PRODUCT.md §4): the ID number on a record equals the
//! one its account was approved with (changing it is a matter for staff, not a form), and only a
//! record that was submitted or registered claims its number in the register — a draft claims
//! nothing.

use crate::error::Result;
use crate::registration::record::RecordForm;
use crate::validate::{self, Errors};
use rusqlite::{params, Connection, OptionalExtension};

/// The ID number the worker's account was approved with.
pub(crate) fn account_id_number(conn: &Connection, worker_id: i64) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT u.id_number FROM workers w JOIN users u ON u.id = w.user_id WHERE w.id = ?1",
            [worker_id],
            |r| r.get::<_, Option<String>>(0),
        )
        .optional()?
        .flatten())
}

/// Why a form's ID number cannot be submitted for this account, if it cannot.
pub(crate) fn mismatch(form_id_number: &str, account: Option<&str>) -> Option<String> {
    let account = account?;
    (!form_id_number.eq_ignore_ascii_case(account)).then(|| {
        format!(
            "身份证号码须与账号的身份证号码（{}）一致；如需更改身份证号码，请联系登记管理工作人员",
            validate::mask_id_number(account)
        )
    })
}

/// A submission's checks with the identity rule added: the ID number beside the other errors
/// when it is well formed but not the account's.
pub(crate) fn check_submit(
    checked: std::result::Result<RecordForm, Errors>,
    typed: &RecordForm,
    account: Option<&str>,
) -> std::result::Result<RecordForm, Errors> {
    match checked {
        Ok(form) => match mismatch(&form.id_number, account) {
            Some(why) => {
                let mut e = Errors::new();
                e.add("idNumber", why);
                Err(e)
            }
            None => Ok(form),
        },
        Err(mut e) => {
            let typed = typed.id_number.trim();
            if !typed.is_empty() && !e.0.iter().any(|f| f.field == "idNumber") {
                if let Some(why) = mismatch(typed, account) {
                    e.add("idNumber", why);
                }
            }
            Err(e)
        }
    }
}

/// Whether another record claims the number: registered (or frozen), or with an application
/// waiting for review. Drafts and returned forms claim nothing.
pub(crate) fn claimed(conn: &Connection, id_number: &str, except_worker: Option<i64>) -> Result<bool> {
    Ok(conn
        .query_row(
            "SELECT 1 FROM workers w
             WHERE w.id_number = ?1 AND w.id <> ?2
               AND (w.status <> 'unregistered'
                    OR EXISTS (SELECT 1 FROM applications a WHERE a.worker_id = w.id AND a.status = 'submitted'))",
            params![id_number, except_worker.unwrap_or(-1)],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}
