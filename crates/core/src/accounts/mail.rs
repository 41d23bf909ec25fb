//! 邮件: outgoing mail, over SMTP when an administrator has set a server, otherwise into a local
//! outbox folder of `.eml` files that an administrator can open (the embedded default).
//!
//! Messages are plain UTF-8 text built with lettre, which encodes Chinese headers (RFC 2047) and
//! picks the body's transfer encoding. The outbox is read back with a small decoder of our own
//! ([`list_outbox`], [`read_outbox`]).

use crate::clock::{china, stamp};
use crate::error::{Error, Result};
use crate::validate::Errors;
use base64::Engine;
use chrono::{DateTime, Utc};
use lettre::message::header::{ContentType, MIME_VERSION_1_0};
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Address, Message, SmtpTransport, Transport};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;
use ts_rs::TS;

/// The key of the SMTP settings in the `settings` table (the value is JSON).
pub const SETTINGS_KEY: &str = "mail.smtp";

/// The sender of the mail that goes to the outbox.
pub const OUTBOX_SENDER: &str = "社会工作者登记管理系统 <noreply@localhost>";

/// How long one SMTP step (connecting, each command) may take.
const SMTP_TIMEOUT: Duration = Duration::from_secs(15);

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum TlsMode {
    /// Plain text (an internal relay; also the tests). Credentials travel unencrypted.
    None,
    /// Plain connection upgraded with STARTTLS, which is required (usually port 587).
    StartTls,
    /// TLS from the first byte (SMTPS, usually port 465).
    Tls,
}

/// The SMTP server through which mail leaves (邮件服务器设置).
///
/// The password is the bureau's SMTP password and has to be given to the server as it is, so it
/// is stored as is (in the database, next to the data it protects), unlike account passwords.
/// It never goes back to the page: show [`MailSettings::redacted`], and save the form through
/// [`merge_password`], so that an empty password field keeps the stored password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MailSettings {
    pub host: String,
    pub port: u16,
    pub tls: TlsMode,
    /// Empty: no login (AUTH) at all.
    pub username: String,
    pub password: String,
    /// The From of every message: `a@b.cn` or `姓名 <a@b.cn>`.
    pub sender: String,
}

impl fmt::Debug for MailSettings {
    /// Leaves the password out, so that it cannot end up in a log.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MailSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("username", &self.username)
            .field("password", &if self.password.is_empty() { "" } else { "***" })
            .field("sender", &self.sender)
            .finish()
    }
}

fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

impl MailSettings {
    /// Checks the form; messages (Chinese) go beside `host`, `port`, `sender`, `username` and
    /// `password`. Leading and trailing spaces of host, sender and user name are ignored (they are
    /// trimmed when saved).
    pub fn validate(&self) -> std::result::Result<(), Errors> {
        let mut errors = Errors::new();

        let host = self.host.trim();
        if host.is_empty() {
            errors.add("host", "请输入SMTP服务器地址");
        } else if host.len() > 253
            || !host.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'))
            || host.starts_with(['.', '-'])
        {
            errors.add("host", "服务器地址格式不正确，应为如smtp.example.cn的域名或IP地址");
        }

        if self.port == 0 {
            errors.add("port", "端口应为1至65535之间的数字");
        }

        let sender = self.sender.trim();
        if sender.is_empty() {
            errors.add("sender", "请输入发件人地址");
        } else if has_control(sender) || sender.chars().count() > 320 || sender.parse::<Mailbox>().is_err() {
            errors.add("sender", "发件人格式不正确，应为如name@example.cn或“姓名 <name@example.cn>”的形式");
        }

        let username = self.username.trim();
        if has_control(username) {
            errors.add("username", "用户名不能包含控制字符");
        } else if username.chars().count() > 254 {
            errors.add("username", "用户名不能超过254个字符");
        }

        if has_control(&self.password) {
            errors.add("password", "密码不能包含控制字符");
        } else if self.password.chars().count() > 256 {
            errors.add("password", "密码不能超过256个字符");
        }

        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// A copy to show on the settings page: the password is replaced by an empty string.
    pub fn redacted(&self) -> MailSettings {
        MailSettings { password: String::new(), ..self.clone() }
    }

    /// The same settings with the spaces around host, sender and user name removed.
    pub fn trimmed(&self) -> MailSettings {
        MailSettings {
            host: self.host.trim().to_owned(),
            username: self.username.trim().to_owned(),
            sender: self.sender.trim().to_owned(),
            ..self.clone()
        }
    }
}

/// The settings to save from a submitted form: the page only ever sees [`MailSettings::redacted`],
/// so an empty password means "unchanged" and the stored one (`old`) is kept. A non-empty password
/// replaces it. The stored password is kept only for the same server and user name, so that
/// pointing the settings at another server never hands it the bureau's password, and not when
/// the connection drops from TLS to none, which would send it in plain text.
pub fn merge_password(new: MailSettings, old: Option<&MailSettings>) -> MailSettings {
    match old {
        Some(old)
            if new.password.is_empty()
                && new.host.trim() == old.host
                && new.username.trim() == old.username
                && !(new.tls == TlsMode::None && old.tls != TlsMode::None) =>
        {
            MailSettings { password: old.password.clone(), ..new }
        }
        _ => new,
    }
}

/// The saved SMTP settings; `None` when mail goes to the outbox. Unreadable JSON is an error
/// rather than a silent fall back to the outbox.
pub fn load_settings(conn: &Connection) -> Result<Option<MailSettings>> {
    let value: Option<String> =
        conn.query_row("SELECT value FROM settings WHERE key = ?1", [SETTINGS_KEY], |r| r.get(0)).optional()?;
    match value {
        None => Ok(None),
        Some(json) => serde_json::from_str(&json)
            .map(Some)
            .map_err(|e| Error::Internal(format!("邮件服务器设置无法读取，请重新保存：{e}"))),
    }
}

/// Saves the SMTP settings (validated, trimmed; the password as given — merge it first with
/// [`merge_password`]), or with `None` removes them, so that mail goes to the outbox again.
pub fn save_settings(conn: &Connection, settings: Option<&MailSettings>) -> Result<()> {
    match settings {
        Some(s) => {
            let s = s.trimmed();
            s.validate()?;
            let json = serde_json::to_string(&s).map_err(|e| Error::Internal(e.to_string()))?;
            conn.execute(
                "INSERT INTO settings (key, value) VALUES (?1, ?2) \
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                rusqlite::params![SETTINGS_KEY, json],
            )?;
        }
        None => {
            conn.execute("DELETE FROM settings WHERE key = ?1", [SETTINGS_KEY])?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Sending
// ---------------------------------------------------------------------------------------------

/// One plain-text message to one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mail {
    /// The address (`a@b.cn`).
    pub to: String,
    /// The person's name shown beside the address; may be empty.
    pub to_name: String,
    pub subject: String,
    /// Plain text; line ends may be `\n`.
    pub body: String,
}

/// Where a message went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// Accepted by the SMTP server.
    Sent,
    /// Written to this `.eml` file of the outbox.
    Outbox(PathBuf),
}

fn failed(e: impl fmt::Display) -> Error {
    Error::Internal(format!("邮件发送失败：{e}"))
}

/// Sends `mail` through the SMTP server of `settings`, or, without settings, writes it to
/// `outbox/<YYYYMMDD-HHMMSS>-<6 hex>.eml` (China time; the folder is created). `now` is the Date
/// of the message. Every failure (bad settings or address, network, server refusal, disk) is an
/// [`Error::Internal`] starting with "邮件发送失败：".
pub fn send(settings: Option<&MailSettings>, outbox: &Path, mail: &Mail, now: DateTime<Utc>) -> Result<Delivery> {
    let from: Mailbox = match settings {
        Some(s) => {
            s.validate().map_err(|_| failed("邮件服务器设置不完整或有误"))?;
            s.sender.trim().parse().map_err(|_| failed("发件人地址格式不正确"))?
        }
        None => OUTBOX_SENDER.parse().map_err(failed)?,
    };
    let message = build(from, mail, now)?;
    match settings {
        Some(s) => {
            transport(s)?.send(&message).map_err(failed)?;
            Ok(Delivery::Sent)
        }
        None => write_outbox(outbox, &message.formatted(), now).map(Delivery::Outbox),
    }
}

fn build(from: Mailbox, mail: &Mail, now: DateTime<Utc>) -> Result<Message> {
    let address: Address = mail.to.trim().parse().map_err(|_| failed(format!("收件人地址“{}”格式不正确", mail.to)))?;
    let name = mail.to_name.trim();
    let to = Mailbox::new((!name.is_empty()).then(|| name.to_owned()), address);
    // A Message-ID on the sender's domain, rather than on this machine's host name.
    let message_id = format!("<{}.{:016x}@{}>", now.format("%Y%m%d%H%M%S"), rand::random::<u64>(), from.email.domain());
    Message::builder()
        .from(from)
        .to(to)
        .subject(mail.subject.as_str())
        .date(now.into())
        .message_id(Some(message_id))
        .header(MIME_VERSION_1_0)
        .header(ContentType::TEXT_PLAIN)
        .body(mail.body.replace("\r\n", "\n"))
        .map_err(failed)
}

fn transport(s: &MailSettings) -> Result<SmtpTransport> {
    let host = s.host.trim();
    let builder = match s.tls {
        TlsMode::None => SmtpTransport::builder_dangerous(host),
        TlsMode::StartTls => SmtpTransport::starttls_relay(host).map_err(failed)?,
        TlsMode::Tls => SmtpTransport::relay(host).map_err(failed)?,
    };
    let mut builder = builder.port(s.port).timeout(Some(SMTP_TIMEOUT));
    let username = s.username.trim();
    if !username.is_empty() {
        builder = builder.credentials(Credentials::new(username.to_owned(), s.password.clone()));
    }
    Ok(builder.build())
}

fn write_outbox(outbox: &Path, bytes: &[u8], now: DateTime<Utc>) -> Result<PathBuf> {
    let io_failed = |e: std::io::Error| failed(format!("无法写入发件箱 {}：{e}", outbox.display()));
    std::fs::create_dir_all(outbox).map_err(io_failed)?;
    let time = now.with_timezone(&china()).format("%Y%m%d-%H%M%S");
    let mut attempts = 0;
    loop {
        let path = outbox.join(format!("{time}-{:06x}.eml", rand::random::<u32>() & 0xff_ffff));
        // 0600: the outbox holds temporary passwords.
        match crate::private::create_private(&path) {
            Ok(mut file) => {
                file.write_all(bytes).map_err(io_failed)?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempts < 10 => attempts += 1,
            Err(e) => return Err(io_failed(e)),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Reading the outbox
// ---------------------------------------------------------------------------------------------

/// One message in the outbox, for the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutboxEntry {
    /// The name to open it by with [`read_outbox`].
    pub file_name: String,
    /// The decoded To header, e.g. `张三 <a@b.cn>`.
    pub to: String,
    /// The decoded subject.
    pub subject: String,
    /// When it was written: RFC 3339 UTC (the Date header), or the header as found when it cannot
    /// be read, or empty.
    pub date: String,
    /// Size of the file in bytes.
    #[ts(type = "number")]
    pub size: u64,
}

/// The outbox's messages, newest first. A missing folder is an empty outbox.
pub fn list_outbox(outbox: &Path) -> Result<Vec<OutboxEntry>> {
    let read_failed = |e: std::io::Error| Error::Internal(format!("无法读取发件箱：{e}"));
    let dir = match std::fs::read_dir(outbox) {
        Ok(dir) => dir,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(read_failed(e)),
    };
    let mut found: Vec<(Option<DateTime<Utc>>, OutboxEntry)> = Vec::new();
    for item in dir {
        let item = item.map_err(read_failed)?;
        let Ok(file_name) = item.file_name().into_string() else { continue };
        if !is_outbox_name(&file_name) {
            continue;
        }
        // Regular files only: a link could lead out of the folder.
        let Ok(meta) = std::fs::symlink_metadata(item.path()) else { continue };
        if !meta.is_file() {
            continue;
        }
        let Ok(bytes) = std::fs::read(item.path()) else { continue };
        let text = String::from_utf8_lossy(&bytes);
        let (headers, _) = split_message(&text);
        let header = |name| raw_header(headers, name).map(|v| decode_words(&v)).unwrap_or_default();
        let raw_date = header("Date");
        let when = DateTime::parse_from_rfc2822(raw_date.trim()).ok().map(|d| d.with_timezone(&Utc));
        let entry = OutboxEntry {
            file_name,
            to: header("To"),
            subject: header("Subject"),
            date: when.map(stamp).unwrap_or(raw_date),
            size: meta.len(),
        };
        found.push((when, entry));
    }
    // Newest first; the file name (which starts with the time) breaks ties and orders undated files.
    found.sort_by(|(a, x), (b, y)| b.cmp(a).then_with(|| y.file_name.cmp(&x.file_name)));
    Ok(found.into_iter().map(|(_, e)| e).collect())
}

/// A name [`read_outbox`] accepts: a plain `.eml` file name of this folder.
fn is_outbox_name(name: &str) -> bool {
    name.len() > ".eml".len()
        && name.ends_with(".eml")
        && !name.starts_with('.')
        && !name.contains(['/', '\\', ':'])
        && !name.contains("..")
        && !has_control(name)
}

/// The decoded text of one outbox message's body (line ends `\n`), for viewing. Refuses any name
/// that is not a plain `.eml` file name of the folder (no `/`, `\`, `..`).
pub fn read_outbox(outbox: &Path, file_name: &str) -> Result<String> {
    if !is_outbox_name(file_name) {
        return Err(Error::field("fileName", "邮件文件名不正确"));
    }
    let path = outbox.join(file_name);
    let not_found = || Error::NotFound("发件箱中没有这封邮件".into());
    match std::fs::symlink_metadata(&path) {
        Ok(meta) if meta.is_file() => {}
        Ok(_) => return Err(not_found()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(not_found()),
        Err(e) => return Err(Error::Internal(format!("无法读取发件箱：{e}"))),
    }
    let bytes = std::fs::read(&path).map_err(|e| Error::Internal(format!("无法读取发件箱：{e}")))?;
    Ok(body_text(&String::from_utf8_lossy(&bytes)))
}

/// Splits a message into its header block and its body at the first empty line.
fn split_message(text: &str) -> (&str, &str) {
    for sep in ["\r\n\r\n", "\n\n"] {
        if let Some(i) = text.find(sep) {
            return (&text[..i], &text[i + sep.len()..]);
        }
    }
    (text, "")
}

/// The unfolded, undecoded value of the first header called `name` (any case).
fn raw_header(headers: &str, name: &str) -> Option<String> {
    let mut value: Option<String> = None;
    for line in headers.lines() {
        let continued = line.starts_with([' ', '\t']);
        match value.as_mut() {
            Some(v) if continued => v.push_str(line),
            Some(_) => break,
            None if continued => {}
            None => {
                if let Some((n, v)) = line.split_once(':') {
                    if n.trim().eq_ignore_ascii_case(name) {
                        value = Some(v.to_owned());
                    }
                }
            }
        }
    }
    value.map(|v| v.trim().to_owned())
}

/// The body of a message, decoded from its Content-Transfer-Encoding as UTF-8, line ends `\n`.
fn body_text(text: &str) -> String {
    let (headers, body) = split_message(text);
    let encoding = raw_header(headers, "Content-Transfer-Encoding").unwrap_or_default().to_ascii_lowercase();
    let bytes = match encoding.as_str() {
        "base64" => {
            let compact: String = body.chars().filter(|c| !c.is_ascii_whitespace()).collect();
            base64::engine::general_purpose::STANDARD
                .decode(compact.as_bytes())
                .unwrap_or_else(|_| body.as_bytes().to_vec())
        }
        "quoted-printable" => decode_quoted_printable(body, true),
        _ => body.as_bytes().to_vec(),
    };
    String::from_utf8_lossy(&bytes).replace("\r\n", "\n")
}

fn hex_digit(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Quoted-printable (RFC 2045): `=XX` is one byte; in a body (`soft_breaks`) a `=` at the end of
/// a line joins it to the next. A `=` that starts neither is kept.
fn decode_quoted_printable(text: &str, soft_breaks: bool) -> Vec<u8> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' {
            if soft_breaks {
                let mut j = i + 1;
                while j < b.len() && matches!(b[j], b' ' | b'\t') {
                    j += 1;
                }
                let rest = &b[j..];
                if rest.is_empty() || rest.starts_with(b"\n") || rest.starts_with(b"\r\n") {
                    i = j + if rest.starts_with(b"\r\n") { 2 } else { usize::from(!rest.is_empty()) };
                    continue;
                }
            }
            if let (Some(hi), Some(lo)) =
                (b.get(i + 1).copied().and_then(hex_digit), b.get(i + 2).copied().and_then(hex_digit))
            {
                out.push(hi << 4 | lo);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// Decodes the RFC 2047 encoded words (`=?utf-8?B?...?=`, `=?UTF-8?Q?...?=`) of a header value.
/// White space between two encoded words is dropped (RFC 2047 §6.2), and the bytes of adjacent
/// words are joined before they are read as UTF-8, so a character split across two words
/// survives. Other text is kept as it is.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    let mut pending: Vec<u8> = Vec::new(); // bytes of a run of adjacent encoded words
    let mut gap = String::new(); // white space since the last encoded word
    let mut rest = value;
    while !rest.is_empty() {
        if let Some((bytes, len)) = encoded_word(rest) {
            if pending.is_empty() {
                out.push_str(&gap);
            }
            gap.clear();
            pending.extend(bytes);
            rest = &rest[len..];
            continue;
        }
        let c = rest.chars().next().expect("rest is not empty");
        rest = &rest[c.len_utf8()..];
        if matches!(c, ' ' | '\t') {
            gap.push(c);
            continue;
        }
        if !pending.is_empty() {
            out.push_str(&String::from_utf8_lossy(&pending));
            pending.clear();
        }
        out.push_str(&gap);
        gap.clear();
        out.push(c);
    }
    out.push_str(&String::from_utf8_lossy(&pending));
    out.push_str(&gap);
    out
}

/// The encoded word at the start of `s`, if there is one: its bytes and its length in `s`.
/// Charsets other than UTF-8 (and its subset US-ASCII) are read as UTF-8 too.
fn encoded_word(s: &str) -> Option<(Vec<u8>, usize)> {
    let inner = s.strip_prefix("=?")?;
    let (_charset, inner) = inner.split_once('?')?;
    let (encoding, inner) = inner.split_once('?')?;
    let end = inner.find("?=")?;
    let text = &inner[..end];
    if text.contains([' ', '\t']) {
        return None;
    }
    let bytes = match encoding {
        "B" | "b" => base64::engine::general_purpose::STANDARD
            .decode(text)
            .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(text.trim_end_matches('=')))
            .ok()?,
        "Q" | "q" => decode_quoted_printable(&text.replace('_', " "), false),
        _ => return None,
    };
    Some((bytes, s.len() - inner.len() + end + 2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use smtp_sink::Sink;

    fn at(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 6, 15, h, m, s).unwrap()
    }

    fn sink_settings(port: u16) -> MailSettings {
        MailSettings {
            host: "127.0.0.1".into(),
            port,
            tls: TlsMode::None,
            username: "mailer".into(),
            password: "s3cret-口令".into(),
            sender: "厦门市社会工作者登记中心 <noreply@mz.xm.gov.cn>".into(),
        }
    }

    fn recovery_mail(marker: &str) -> Mail {
        Mail {
            to: "zhang.san@example.cn".into(),
            to_name: "张三".into(),
            subject: "【社会工作者登记管理系统】找回密码：您的临时密码".into(),
            body: format!(
                "张三，您好：\n\n您申请了找回密码。您的临时密码是：{marker}\n请在24小时内登录并修改密码。\n\n\
                 如果不是您本人操作，请忽略本邮件。这一行写得比较长，以便邮件正文需要折行编码，确保长行在传输后仍然完整无缺。\n"
            ),
        }
    }

    // --- SMTP -------------------------------------------------------------------------------

    #[test]
    fn sends_over_smtp_with_login_and_chinese_text() {
        let sink = Sink::start();
        let settings = sink_settings(sink.port);
        let mail = recovery_mail("Tmp7Pass9xyz");
        let dir = tempfile::tempdir().unwrap();
        let outbox = dir.path().join("outbox");

        let delivery = send(Some(&settings), &outbox, &mail, at(2, 3, 4)).unwrap();
        assert_eq!(delivery, Delivery::Sent);
        assert!(!outbox.exists(), "nothing goes to the outbox when a server is set");

        let got = sink.wait_for(1, Duration::from_secs(10));
        assert_eq!(got.len(), 1, "exactly one message");
        let m = &got[0];
        assert_eq!(m.to, vec!["zhang.san@example.cn".to_owned()]);
        assert_eq!(m.from, "noreply@mz.xm.gov.cn");
        assert_eq!(m.auth_user.as_deref(), Some("mailer"));
        assert_eq!(m.header("From").as_deref(), Some("厦门市社会工作者登记中心 <noreply@mz.xm.gov.cn>"));
        assert_eq!(m.header("To").as_deref(), Some("张三 <zhang.san@example.cn>"));
        assert_eq!(m.header("Subject").as_deref(), Some(mail.subject.as_str()));
        assert!(m.header("Date").unwrap().contains("15 Jun 2024 02:03:04"), "{:?}", m.header("Date"));
        assert!(m.header("Message-ID").unwrap().ends_with("@mz.xm.gov.cn>"));
        assert_eq!(m.header("MIME-Version").as_deref(), Some("1.0"));
        assert_eq!(m.header("Content-Type").as_deref(), Some("text/plain; charset=utf-8"));
        // Our own decoder reads the same subject back.
        assert_eq!(decode_words(&raw_header(split_message(&m.data).0, "Subject").unwrap()), mail.subject);
        let body = m.body_text();
        assert!(body.contains("您申请了找回密码。"), "{body}");
        assert!(body.contains("您的临时密码是：Tmp7Pass9xyz"), "{body}");
        assert_eq!(body.trim_end(), mail.body.trim_end());
        assert_eq!(body_text(&m.data).trim_end(), mail.body.trim_end());
    }

    #[test]
    fn sends_without_login_when_there_is_no_user_name() {
        let sink = Sink::start();
        let settings =
            MailSettings { username: String::new(), sender: "noreply@mz.xm.gov.cn".into(), ..sink_settings(sink.port) };
        let mail = Mail { to_name: String::new(), ..recovery_mail("M1") };
        send(Some(&settings), Path::new("/nonexistent"), &mail, at(0, 0, 0)).unwrap();
        let got = sink.wait_for(1, Duration::from_secs(10));
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].auth_user, None);
        assert_eq!(got[0].header("To").as_deref(), Some("zhang.san@example.cn"));
        assert_eq!(got[0].header("From").as_deref(), Some("noreply@mz.xm.gov.cn"));
    }

    #[test]
    fn a_closed_port_is_an_error_and_quick() {
        // A port that was free a moment ago: nothing listens there now.
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let started = std::time::Instant::now();
        let err =
            send(Some(&sink_settings(port)), Path::new("/nonexistent"), &recovery_mail("x"), at(0, 0, 0)).unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
        match err {
            Error::Internal(m) => assert!(m.starts_with("邮件发送失败："), "{m}"),
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn bad_addresses_and_settings_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let bad_to = Mail { to: "not an address".into(), ..recovery_mail("x") };
        assert!(
            matches!(send(None, dir.path(), &bad_to, at(0, 0, 0)), Err(Error::Internal(m)) if m.contains("收件人地址"))
        );
        let bad = MailSettings { port: 0, ..sink_settings(25) };
        assert!(
            matches!(send(Some(&bad), dir.path(), &recovery_mail("x"), at(0, 0, 0)), Err(Error::Internal(m)) if m.starts_with("邮件发送失败："))
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing written");
    }

    // --- outbox -----------------------------------------------------------------------------

    #[test]
    fn without_settings_mail_goes_to_the_outbox_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = dir.path().join("mail").join("outbox");
        assert!(list_outbox(&outbox).unwrap().is_empty(), "a missing folder is an empty outbox");

        let first = recovery_mail("First1abc");
        let Delivery::Outbox(path) = send(None, &outbox, &first, at(2, 3, 4)).unwrap() else { panic!("not outbox") };
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        // 02:03:04 UTC is 10:03:04 in China.
        assert!(name.starts_with("20240615-100304-"), "{name}");
        assert_eq!(name.len(), "20240615-100304-abcdef.eml".len());
        assert!(name[16..22].chars().all(|c| c.is_ascii_hexdigit()), "{name}");
        assert_eq!(path.parent().unwrap(), outbox);

        let raw = std::fs::read_to_string(&path).unwrap();
        assert!(raw.contains("\r\n"), "an .eml keeps CRLF line ends");
        assert!(!raw.contains("临时密码"), "headers and body are encoded");
        assert_eq!(smtp_sink::header(&raw, "From").as_deref(), Some("社会工作者登记管理系统 <noreply@localhost>"));

        let second = Mail {
            subject: "审核结果通知".into(), body: "您的登记已审核通过。".into(), ..recovery_mail("")
        };
        let Delivery::Outbox(path2) = send(None, &outbox, &second, at(3, 0, 0)).unwrap() else { panic!() };
        std::fs::write(outbox.join("notes.txt"), "not mail").unwrap();
        std::fs::create_dir(outbox.join("sub.eml")).unwrap();

        let list = list_outbox(&outbox).unwrap();
        assert_eq!(list.len(), 2, "{list:?}");
        assert_eq!(list[0].file_name, path2.file_name().unwrap().to_str().unwrap(), "newest first");
        assert_eq!(list[0].subject, "审核结果通知");
        assert_eq!(list[0].date, "2024-06-15T03:00:00Z");
        assert_eq!(list[1].file_name, name);
        assert_eq!(list[1].subject, first.subject);
        assert_eq!(list[1].to, "张三 <zhang.san@example.cn>");
        assert_eq!(list[1].date, "2024-06-15T02:03:04Z");
        assert_eq!(list[1].size, raw.len() as u64);

        let body = read_outbox(&outbox, &name).unwrap();
        assert!(body.contains("您的临时密码是：First1abc"), "{body}");
        assert_eq!(body.trim_end(), first.body.trim_end());
        assert_eq!(read_outbox(&outbox, list[0].file_name.as_str()).unwrap().trim_end(), "您的登记已审核通过。");

        let json = serde_json::to_value(&list[0]).unwrap();
        assert!(json.get("fileName").is_some() && json.get("size").is_some(), "{json}");
    }

    #[test]
    fn reading_the_outbox_refuses_path_traversal() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = dir.path().join("outbox");
        std::fs::create_dir(&outbox).unwrap();
        std::fs::write(dir.path().join("secret.eml"), "Subject: x\r\n\r\nsecret").unwrap();
        std::fs::write(dir.path().join("x.txt"), "secret").unwrap();
        for name in [
            "../secret.eml",
            "..\\secret.eml",
            "sub/../../secret.eml",
            "/etc/passwd",
            "..eml",
            "a..b.eml",
            "x.txt",
            "../x.txt",
            ".eml",
            "",
            "C:secret.eml",
        ] {
            assert!(
                matches!(read_outbox(&outbox, name), Err(Error::Invalid(f)) if f[0].field == "fileName"),
                "{name:?} was not refused"
            );
        }
        assert!(matches!(read_outbox(&outbox, "20240101-000000-abcdef.eml"), Err(Error::NotFound(_))));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.eml"), outbox.join("link.eml")).unwrap();
            assert!(matches!(read_outbox(&outbox, "link.eml"), Err(Error::NotFound(_))), "links are not followed");
            assert!(list_outbox(&outbox).unwrap().is_empty());
        }
    }

    // --- decoding ---------------------------------------------------------------------------

    #[test]
    fn decodes_encoded_words_b_and_q() {
        assert_eq!(decode_words("=?utf-8?b?5L2g5aW9?="), "你好");
        assert_eq!(decode_words("=?UTF-8?B?5L2g5aW9?= =?utf-8?B?77yM5LiW55WM?="), "你好，世界");
        assert_eq!(decode_words("=?utf-8?q?=E4=BD=A0=E5=A5=BD_ok?="), "你好 ok");
        assert_eq!(decode_words("Re: =?UTF-8?Q?caf=C3=A9?= au lait"), "Re: café au lait");
        assert_eq!(decode_words("plain  text"), "plain  text");
        assert_eq!(decode_words("=?utf-8?x?abc?= =?bad"), "=?utf-8?x?abc?= =?bad");
        // A character split across two words (other encoders do that) is put back together.
        assert_eq!(decode_words("=?utf-8?q?=E4=BD?= =?utf-8?q?=A0?="), "你");
        // Unpadded base64; text around a word keeps its spaces.
        assert_eq!(decode_words("a =?utf-8?b?YQ?= b"), "a a b");
    }

    #[test]
    fn decodes_quoted_printable_bodies() {
        let eml = "Content-Transfer-Encoding: quoted-printable\r\n\r\n=E4=BD=A0=E5=A5=BD=\r\n=EF=BC=8C a=3Db=\r\n\r\nnext\r\n";
        assert_eq!(body_text(eml), "你好， a=b\nnext\n");
        assert_eq!(body_text("Subject: x\r\n\r\n7bit text\r\n"), "7bit text\n");
        assert_eq!(decode_quoted_printable("=ZZ=4", true), b"=ZZ=4");
    }

    #[test]
    fn long_subjects_fold_and_unfold() {
        let dir = tempfile::tempdir().unwrap();
        let subject =
            "关于社会工作者登记信息审核结果的通知（请在规定期限内登录系统查看详细情况并按要求补充材料）".repeat(2);
        let mail = Mail { subject: subject.clone(), ..recovery_mail("x") };
        let Delivery::Outbox(path) = send(None, dir.path(), &mail, at(1, 0, 0)).unwrap() else { panic!() };
        let raw = std::fs::read_to_string(&path).unwrap();
        assert!(raw.lines().all(|l| l.len() <= 998), "header lines are folded");
        assert_eq!(list_outbox(dir.path()).unwrap()[0].subject, subject);
    }

    // --- settings ---------------------------------------------------------------------------

    #[test]
    fn settings_round_trip_through_sqlite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.sqlite3");
        let conn = crate::db::open(&path).unwrap();
        assert_eq!(load_settings(&conn).unwrap(), None);

        let s = MailSettings {
            host: " smtp.xm.gov.cn ".into(),
            port: 465,
            tls: TlsMode::Tls,
            username: "mailer@xm.gov.cn".into(),
            password: "p@ss 口令".into(),
            sender: "noreply@xm.gov.cn".into(),
        };
        save_settings(&conn, Some(&s)).unwrap();
        drop(conn);

        let conn = crate::db::open(&path).unwrap();
        let loaded = load_settings(&conn).unwrap().unwrap();
        assert_eq!(loaded, MailSettings { host: "smtp.xm.gov.cn".into(), ..s.clone() });
        let json: String =
            conn.query_row("SELECT value FROM settings WHERE key = 'mail.smtp'", [], |r| r.get(0)).unwrap();
        let json: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(json["tls"], "tls");
        assert_eq!(json["host"], "smtp.xm.gov.cn");

        // Invalid settings are not saved.
        let bad = MailSettings { host: String::new(), ..s.clone() };
        assert!(matches!(save_settings(&conn, Some(&bad)), Err(Error::Invalid(_))));
        assert_eq!(load_settings(&conn).unwrap().unwrap().host, "smtp.xm.gov.cn");

        save_settings(&conn, None).unwrap();
        assert_eq!(load_settings(&conn).unwrap(), None, "back to the outbox");
        save_settings(&conn, None).unwrap();

        conn.execute("INSERT INTO settings (key, value) VALUES ('mail.smtp', '{broken')", []).unwrap();
        assert!(matches!(load_settings(&conn), Err(Error::Internal(_))));
    }

    #[test]
    fn serde_shape_is_camel_case_with_snake_case_tls() {
        let s = MailSettings { tls: TlsMode::StartTls, ..sink_settings(587) };
        let json = serde_json::to_value(&s).unwrap();
        assert_eq!(json["tls"], "start_tls");
        assert_eq!(json["port"], 587);
        let back: MailSettings = serde_json::from_value(serde_json::json!({
            "host": "h.cn", "port": 25, "tls": "none", "username": "", "password": "", "sender": "a@h.cn"
        }))
        .unwrap();
        assert_eq!(back.tls, TlsMode::None);
    }

    #[test]
    fn redaction_and_merging_the_password() {
        let stored = sink_settings(25);
        let shown = stored.redacted();
        assert_eq!(shown.password, "");
        assert_eq!(MailSettings { password: stored.password.clone(), ..shown.clone() }, stored);
        assert!(!format!("{stored:?}").contains("s3cret"), "Debug hides the password");

        // Saved back with the same server and user: the stored password is kept.
        let same = MailSettings { port: 2525, ..shown.clone() };
        assert_eq!(merge_password(same, Some(&stored)).password, stored.password);
        // Another server never inherits the stored password.
        let edited = MailSettings { host: "smtp.other.cn".into(), ..shown.clone() };
        let merged = merge_password(edited.clone(), Some(&stored));
        assert_eq!(merged.password, "");
        assert_eq!(merged.host, "smtp.other.cn");
        // A new password replaces it.
        let merged = merge_password(MailSettings { password: "new-pass1".into(), ..edited.clone() }, Some(&stored));
        assert_eq!(merged.password, "new-pass1");
        // Nothing stored: nothing to keep.
        assert_eq!(merge_password(edited.clone(), None).password, "");
        // From TLS down to none: the password would cross the network in plain text.
        let over_tls = MailSettings { tls: TlsMode::StartTls, ..stored.clone() };
        let plain = MailSettings { tls: TlsMode::None, ..over_tls.redacted() };
        assert_eq!(merge_password(plain, Some(&over_tls)).password, "");
        let still_tls = MailSettings { tls: TlsMode::Tls, ..over_tls.redacted() };
        assert_eq!(merge_password(still_tls, Some(&over_tls)).password, stored.password);
    }

    #[test]
    fn validation_messages() {
        let good = sink_settings(25);
        assert!(good.validate().is_ok());
        for sender in ["a@b.cn", " 张三 <a@b.cn> ", "\"Zhang, San\" <a@b.cn>", "Registry <noreply@mz.xm.gov.cn>"] {
            assert!(MailSettings { sender: sender.into(), ..good.clone() }.validate().is_ok(), "{sender:?}");
        }

        let messages = |s: MailSettings| -> Vec<(String, String)> {
            s.validate().unwrap_err().0.into_iter().map(|e| (e.field, e.message)).collect()
        };
        let all_bad = MailSettings {
            host: "  ".into(),
            port: 0,
            tls: TlsMode::StartTls,
            username: "a\u{7}b".into(),
            password: "x\ny".into(),
            sender: "".into(),
        };
        assert_eq!(
            messages(all_bad),
            vec![
                ("host".to_owned(), "请输入SMTP服务器地址".to_owned()),
                ("port".to_owned(), "端口应为1至65535之间的数字".to_owned()),
                ("sender".to_owned(), "请输入发件人地址".to_owned()),
                ("username".to_owned(), "用户名不能包含控制字符".to_owned()),
                ("password".to_owned(), "密码不能包含控制字符".to_owned()),
            ]
        );
        for host in ["smtp .a.cn", "http://smtp.a.cn", "smtp.a.cn/x", "-a.cn", "邮件.中国"] {
            let got = messages(MailSettings { host: host.into(), ..good.clone() });
            assert_eq!(
                got,
                vec![("host".to_owned(), "服务器地址格式不正确，应为如smtp.example.cn的域名或IP地址".to_owned())],
                "{host:?}"
            );
        }
        for sender in ["no-at-sign", "a@", "张三 <a@b.cn", "a@b.cn\r\nBcc: x@y.cn", "<>"] {
            let got = messages(MailSettings { sender: sender.into(), ..good.clone() });
            assert_eq!(got.len(), 1, "{sender:?}");
            assert_eq!(got[0].0, "sender", "{sender:?}");
            assert!(got[0].1.starts_with("发件人格式不正确"), "{sender:?}");
        }
        let long_user = MailSettings { username: "u".repeat(255), ..good.clone() };
        assert_eq!(messages(long_user), vec![("username".to_owned(), "用户名不能超过254个字符".to_owned())]);
        assert!(MailSettings { port: 65535, host: "192.168.1.10".into(), ..good.clone() }.validate().is_ok());
        let err: Error = MailSettings { port: 0, ..good }.validate().unwrap_err().into();
        assert!(matches!(err, Error::Invalid(f) if f[0].field == "port"));
    }
}
