//! 账户: the first admin, login with captcha and lockout, logout.

use crate::clock::{china, stamp};
use crate::error::{Error, Result};
use crate::registry::{PendingCaptcha, Registry};
use crate::accounts::session::{Actor, Role};
use crate::validate::{self, Errors};
use crate::{accounts::captcha, accounts::password, settings};
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// 初始化管理员: the form of the setup page.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetupAdminArgs {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub password_confirm: String,
}

/// 登录
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LoginArgs {
    pub username: String,
    pub password: String,
    pub captcha_id: String,
    pub captcha_answer: String,
}

/// 验证码: an id to answer it by and the picture as a data URL.
#[derive(Debug, Clone, Serialize, TS)]
pub struct Captcha {
    pub id: String,
    pub image: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UserInfo {
    #[ts(type = "number")]
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub must_change_password: bool,
    /// Why the change is forced: the password outlived 密码有效期 (`true`), or a temporary
    /// password from a reset or 找回密码 is in use (`false`). The page words its request by it.
    pub password_expired: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    pub token: String,
    pub user: UserInfo,
    /// Minutes without activity after which the session ends.
    #[ts(type = "number")]
    pub idle_minutes: i64,
}

/// Outcomes written to the login log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Success,
    WrongPassword,
    WrongCaptcha,
    Locked,
    Pending,
    Rejected,
    Disabled,
    Expired,
    /// A staff account's right password from outside the staff networks.
    OutsideNetwork,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::WrongPassword => "wrong_password",
            Outcome::WrongCaptcha => "wrong_captcha",
            Outcome::Locked => "locked",
            Outcome::Pending => "pending",
            Outcome::Rejected => "rejected",
            Outcome::Disabled => "disabled",
            Outcome::Expired => "expired",
            Outcome::OutsideNetwork => "outside_network",
        }
    }
}

struct StoredUser {
    id: i64,
    username: String,
    display_name: String,
    role: Role,
    status: String,
    password_hash: String,
    must_change_password: bool,
    review_comment: Option<String>,
    temp_password_hash: Option<String>,
    temp_password_expires: Option<DateTime<Utc>>,
    session_epoch: i64,
}

const CAPTCHAS_KEPT: usize = 64;

impl Registry {
    /// Creates the first admin while none exists, and logs them in.
    pub fn setup_admin(&self, args: SetupAdminArgs) -> Result<Session> {
        let mut errors = Errors::new();
        let username = validate::username(&args.username).map_err(|m| errors.add("username", m)).ok();
        let display_name =
            validate::person_name(&args.display_name).map_err(|m| errors.add("displayName", m)).ok();
        let classes = crate::accounts::policy::classes(&*self.read()?)?;
        if let Err(m) = validate::password_with(&args.password, classes) {
            errors.add("password", m);
        }
        if args.password != args.password_confirm {
            errors.add("passwordConfirm", "两次输入的密码不一致");
        }
        let (Some(username), Some(display_name)) = (username, display_name) else {
            return Err(errors.into());
        };
        errors.into_result().map_err(Error::Invalid)?;

        let hash = password::hash(&args.password);
        let now = self.clock().now();
        let id = {
            let mut conn = self.db();
            let tx = conn.transaction()?;
            let admins: i64 =
                tx.query_row("SELECT COUNT(*) FROM users WHERE role = 'admin'", [], |r| r.get(0))?;
            if admins > 0 {
                return Err(Error::Conflict("系统已有管理员，请直接登录".into()));
            }
            tx.execute(
                "INSERT INTO users (username, display_name, role, status, password_hash, created_at)
                 VALUES (?1, ?2, 'admin', 'active', ?3, ?4)",
                params![username, display_name, hash, stamp(now)],
            )?;
            let id = tx.last_insert_rowid();
            crate::accounts::policy::remember(&tx, id, &hash, now)?;
            crate::audit::append(&tx, now, crate::audit::Entry {
                actor: Some(id),
                note: Some(format!("首次使用：{}", crate::audit::account_named(&tx, id)?)),
                ..crate::audit::Entry::new(crate::audit::AuditAction::AccountCreateAdmin)
            })?;
            tx.commit()?;
            id
        };
        let user = self.load_user_by_id(id)?;
        self.start_session(&user, now)
    }

    /// Draws a new captcha and remembers its answer for a few minutes; each can be used once.
    pub fn new_captcha(&self) -> Result<Captcha> {
        let minutes = settings::get_int(&*self.read()?, settings::CAPTCHA_MINUTES)?;
        let drawn = draw_captcha();
        let id = password::token();
        let now = self.clock().now();
        let mut pending = self.captchas.lock().unwrap_or_else(|p| p.into_inner());
        pending.retain(|_, c| c.expires > now);
        if pending.len() >= CAPTCHAS_KEPT {
            // Someone is asking for captchas without answering them: forget the oldest.
            if let Some(oldest) = pending.iter().min_by_key(|(_, c)| c.expires).map(|(k, _)| k.clone()) {
                pending.remove(&oldest);
            }
        }
        pending.insert(id.clone(), PendingCaptcha { answer: drawn.answer, expires: now + Duration::minutes(minutes) });
        let image = format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(&drawn.png));
        Ok(Captcha { id, image })
    }

    /// Uses up a captcha: whether it was answered right; an error when it is unknown or expired.
    pub(crate) fn take_captcha(&self, id: &str, answer: &str) -> Result<bool> {
        let now = self.clock().now();
        let expected = self.captchas.lock().unwrap_or_else(|p| p.into_inner()).remove(id);
        match expected {
            None => Err(Error::Captcha("验证码已失效，请重新输入".into())),
            Some(c) if c.expires <= now => Err(Error::Captcha("验证码已过期，请重新输入".into())),
            Some(c) => Ok(captcha::answer_matches(&c.answer, answer)),
        }
    }

    /// 登录: captcha first (one use), then the lock, then the password, then the account's state.
    /// Every attempt is logged; no answer tells whether the account exists.
    /// 登录 in the desktop app's own window (this computer).
    pub fn login(&self, args: LoginArgs) -> Result<Session> {
        self.login_from(args, None)
    }

    /// 登录 from `address` (through the server): a staff account outside the staff networks is
    /// refused once its password is checked, and gets no session.
    pub fn login_from(&self, args: LoginArgs, address: Option<std::net::IpAddr>) -> Result<Session> {
        let now = self.clock().now();
        let username = args.username.trim().to_owned();
        let mut errors = Errors::new();
        if username.is_empty() {
            errors.add("username", "请输入账号");
        }
        if args.password.is_empty() {
            errors.add("password", "请输入密码");
        }
        if args.captcha_answer.trim().is_empty() {
            errors.add("captchaAnswer", "请输入验证码");
        }
        errors.into_result().map_err(Error::Invalid)?;
        if username.chars().count() > 64 {
            return Err(Error::LoginFailed);
        }

        let captcha_ok = self.take_captcha(&args.captcha_id, &args.captcha_answer)?;
        let user = {
            let conn = self.db();
            let user = find_user(&conn, &username)?;
            let user_id = user.as_ref().map(|u| u.id);
            if !captcha_ok {
                log_login(&conn, now, &username, user_id, Outcome::WrongCaptcha)?;
                return Err(Error::Captcha("验证码不正确".into()));
            }
            if let Some(until) = locked_until(&conn, &username, now)? {
                log_login(&conn, now, &username, user_id, Outcome::Locked)?;
                return Err(locked_error(until));
            }
            user
        };

        // Slow on purpose (argon2): done without holding the database. Always two
        // verifications, the password and the temporary one, with the dummy hash standing in for
        // what the account lacks, so that no answer comes sooner for an unknown account or one
        // without a pending temporary password.
        let temp_hash = user.as_ref().and_then(|u| match (&u.temp_password_hash, u.temp_password_expires) {
            (Some(h), Some(exp)) if exp > now => Some(h.as_str()),
            _ => None,
        });
        let main_ok =
            password::verify(&args.password, user.as_ref().map_or(password::DUMMY_HASH, |u| u.password_hash.as_str()));
        let temp_ok = password::verify(&args.password, temp_hash.unwrap_or(password::DUMMY_HASH)) && temp_hash.is_some();
        let (verified, via_temp) = (user.is_some() && (main_ok || temp_ok), !main_ok && temp_ok);

        let conn = self.db();
        let user_id = user.as_ref().map(|u| u.id);
        let Some(mut user) = user.filter(|_| verified) else {
            log_login(&conn, now, &username, user_id, Outcome::WrongPassword)?;
            if let Some(until) = locked_until(&conn, &username, now)? {
                return Err(locked_error(until));
            }
            return Err(Error::LoginFailed);
        };
        match user.status.as_str() {
            "active" => {}
            "pending" => {
                log_login(&conn, now, &username, user_id, Outcome::Pending)?;
                return Err(Error::AccountPending);
            }
            "rejected" => {
                log_login(&conn, now, &username, user_id, Outcome::Rejected)?;
                let reason = user.review_comment.as_deref().unwrap_or("未说明原因");
                return Err(Error::AccountRejected(format!("账号注册未通过审核：{reason}")));
            }
            _ => {
                log_login(&conn, now, &username, user_id, Outcome::Disabled)?;
                return Err(Error::AccountDisabled);
            }
        }
        if let Some(address) = address.filter(|_| user.role.is_staff()) {
            if !crate::accounts::network::allows(&conn, address)? {
                log_login(&conn, now, &username, user_id, Outcome::OutsideNetwork)?;
                return Err(Error::OutsideNetwork);
            }
        }
        if via_temp {
            // The temporary password is used up: it becomes the password until the forced change.
            conn.execute(
                "UPDATE users SET password_hash = temp_password_hash, temp_password_hash = NULL,
                        must_change_password = 1 WHERE id = ?1",
                [user.id],
            )?;
            user.must_change_password = true;
        } else if user.must_change_password && user.temp_password_expires.is_some_and(|exp| exp <= now) {
            log_login(&conn, now, &username, user_id, Outcome::Expired)?;
            return Err(Error::Conflict("临时密码已过期，请重新找回密码或联系管理员重置".into()));
        } else if !user.must_change_password && crate::accounts::policy::expired(&conn, user.id, now)? {
            // 密码有效期: the password must be changed before anything else, as after a reset. A
            // stale expiry of an old, unused temporary password must not lock the account out.
            conn.execute(
                "UPDATE users SET must_change_password = 1, temp_password_hash = NULL, temp_password_expires = NULL
                 WHERE id = ?1",
                [user.id],
            )?;
            user.must_change_password = true;
        }
        log_login(&conn, now, &username, user_id, Outcome::Success)?;
        conn.execute("UPDATE users SET last_login_at = ?1 WHERE id = ?2", params![stamp(now), user.id])?;
        drop(conn);
        if !via_temp && password::needs_rehash(&user.password_hash) {
            // A hash from an older, weaker setting: replaced now that the password is known.
            let hash = password::hash(&args.password);
            self.db().execute("UPDATE users SET password_hash = ?1 WHERE id = ?2", params![hash, user.id])?;
        }
        self.start_session(&user, now)
    }

    /// 退出登录: the token stops working at once.
    pub fn logout(&self, token: &str) {
        self.sessions.remove(token);
    }

    /// The account behind the session.
    pub fn me(&self, token: &str) -> Result<UserInfo> {
        let actor = self.actor_any(token)?;
        Ok(user_info(&self.load_user_by_id(actor.user_id)?))
    }

    fn start_session(&self, user: &StoredUser, now: DateTime<Utc>) -> Result<Session> {
        let idle_minutes = self.idle_minutes()?;
        let token = password::token();
        let actor =
            Actor { user_id: user.id, role: user.role, must_change_password: user.must_change_password };
        self.sessions.insert(token.clone(), actor, user.session_epoch, now);
        Ok(Session { token, user: user_info(user), idle_minutes })
    }

    fn load_user_by_id(&self, id: i64) -> Result<StoredUser> {
        let conn = self.read()?;
        conn.query_row(&format!("{USER_COLUMNS} WHERE id = ?1"), [id], read_user)
            .optional()?
            .ok_or_else(|| Error::NotFound("账号不存在".into()))
    }
}

#[cfg(not(feature = "test-hooks"))]
fn draw_captcha() -> captcha::Drawn {
    captcha::draw_random()
}

/// With the `test-hooks` feature, the end-to-end test may fix the answer through an environment
/// variable. A release build never has this feature.
#[cfg(feature = "test-hooks")]
fn draw_captcha() -> captcha::Drawn {
    match std::env::var("SWREG_TEST_CAPTCHA") {
        Ok(answer) if !answer.is_empty() => {
            let png = captcha::draw(&answer, &mut rand::rng());
            captcha::Drawn { answer, png }
        }
        _ => captcha::draw_random(),
    }
}

fn user_info(u: &StoredUser) -> UserInfo {
    UserInfo {
        id: u.id,
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        role: u.role,
        must_change_password: u.must_change_password,
        // A temporary password keeps its expiry until it is replaced; an expired password's
        // forced change clears it (see `login`).
        password_expired: u.must_change_password && u.temp_password_expires.is_none(),
    }
}

const USER_COLUMNS: &str = "SELECT id, username, display_name, role, status, password_hash, \
     must_change_password, review_comment, temp_password_hash, temp_password_expires, session_epoch FROM users";

fn read_user(r: &rusqlite::Row<'_>) -> rusqlite::Result<StoredUser> {
    Ok(StoredUser {
        id: r.get(0)?,
        username: r.get(1)?,
        display_name: r.get(2)?,
        role: r.get(3)?,
        status: r.get(4)?,
        password_hash: r.get(5)?,
        must_change_password: r.get(6)?,
        review_comment: r.get(7)?,
        temp_password_hash: r.get(8)?,
        temp_password_expires: r.get::<_, Option<String>>(9)?.and_then(|s| crate::clock::parse_stamp(&s)),
        session_epoch: r.get(10)?,
    })
}

fn find_user(conn: &Connection, username: &str) -> Result<Option<StoredUser>> {
    Ok(conn.query_row(&format!("{USER_COLUMNS} WHERE username = ?1"), [username], read_user).optional()?)
}

fn log_login(conn: &Connection, at: DateTime<Utc>, username: &str, user_id: Option<i64>, outcome: Outcome) -> Result<()> {
    conn.execute(
        "INSERT INTO login_log (at, username, user_id, outcome) VALUES (?1, ?2, ?3, ?4)",
        params![stamp(at), username, user_id, outcome.as_str()],
    )?;
    Ok(())
}

/// When the account named `username` is locked until, if it is locked now. Counted from the
/// login log by name, so an unknown name locks just like a real one and reveals nothing.
fn locked_until(conn: &Connection, username: &str, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
    let max = settings::get_int(conn, settings::MAX_FAILED_LOGINS)?;
    let window = Duration::minutes(settings::get_int(conn, settings::LOCK_WINDOW_MINUTES)?);
    let lock = Duration::minutes(settings::get_int(conn, settings::LOCK_MINUTES)?);
    let since = stamp(now - window);
    let last_success: Option<String> = conn.query_row(
        "SELECT MAX(at) FROM login_log WHERE username = ?1 AND outcome = 'success'",
        [username],
        |r| r.get(0),
    )?;
    let since = last_success.filter(|s| *s > since).unwrap_or(since);
    let (count, last): (i64, Option<String>) = conn.query_row(
        "SELECT COUNT(*), MAX(at) FROM login_log WHERE username = ?1 AND outcome = 'wrong_password' AND at > ?2",
        params![username, since],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if count < max {
        return Ok(None);
    }
    let until = last.and_then(|s| crate::clock::parse_stamp(&s)).map(|t| t + lock);
    Ok(until.filter(|u| *u > now))
}

fn locked_error(until: DateTime<Utc>) -> Error {
    let local = until.with_timezone(&china()).format("%H:%M");
    Error::Locked(format!("密码错误次数过多，账号已锁定，请于 {local} 后再试"))
}
