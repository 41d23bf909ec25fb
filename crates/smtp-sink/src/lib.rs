//! A tiny SMTP server for tests: it listens on a free port of 127.0.0.1, accepts any credentials
//! and any recipient, and keeps every message it receives in memory.
//!
//! ```no_run
//! let sink = smtp_sink::Sink::start();
//! // ... point the code under test at 127.0.0.1:sink.port, without TLS ...
//! let got = sink.wait_for(1, std::time::Duration::from_secs(10));
//! assert!(smtp_sink::body_text(&got[0].data).contains("临时密码"));
//! ```
//!
//! The dialogue is the small part of SMTP (RFC 5321) that a mail client needs: the 220 greeting,
//! EHLO/HELO (advertising `AUTH PLAIN LOGIN`), AUTH PLAIN and AUTH LOGIN, MAIL FROM, RCPT TO,
//! DATA (with dot-unstuffing), RSET, NOOP and QUIT. There is no TLS: STARTTLS is refused.
//! The server stops when the [`Sink`] is dropped.
//!
//! Besides the server, [`header`] and [`body_text`] decode what arrived (RFC 2047 encoded words;
//! quoted-printable or base64 bodies in UTF-8) so that a test can look for a Chinese sentence.
//! Only the standard library is used.

use std::io::{BufRead, BufReader, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// One message as the sink received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// The envelope sender (MAIL FROM), without the angle brackets.
    pub from: String,
    /// The envelope recipients (RCPT TO), without the angle brackets, in order.
    pub to: Vec<String>,
    /// The message as sent after DATA (headers and body, CRLF line ends), dot-unstuffed, without
    /// the final `.` line. Bytes that are not UTF-8 are replaced.
    pub data: String,
    /// The user name given with AUTH on this connection, if the client logged in.
    pub auth_user: Option<String>,
}

impl Received {
    /// The decoded value of a header of this message; see [`header`].
    pub fn header(&self, name: &str) -> Option<String> {
        header(&self.data, name)
    }

    /// The decoded text of this message's body; see [`body_text`].
    pub fn body_text(&self) -> String {
        body_text(&self.data)
    }
}

#[derive(Default)]
struct Shared {
    messages: Mutex<Vec<Received>>,
    arrived: Condvar,
    stop: AtomicBool,
    connections: Mutex<Vec<(TcpStream, JoinHandle<()>)>>,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panicking connection thread must not take the test's view of the messages with it.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A running SMTP server on `127.0.0.1:port`. Dropping it stops the server and closes every
/// connection.
pub struct Sink {
    /// The port it listens on (chosen by the OS).
    pub port: u16,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

impl Sink {
    /// Binds a free port of 127.0.0.1 and serves in background threads (one per connection).
    ///
    /// Panics when no port can be bound: this is test equipment.
    pub fn start() -> Sink {
        let listener = TcpListener::bind("127.0.0.1:0").expect("smtp-sink: cannot bind 127.0.0.1");
        let port = listener.local_addr().expect("smtp-sink: no local address").port();
        let shared = Arc::new(Shared::default());
        let acceptor = {
            let shared = Arc::clone(&shared);
            std::thread::Builder::new()
                .name(format!("smtp-sink-{port}"))
                .spawn(move || accept_loop(listener, shared))
                .expect("smtp-sink: cannot start a thread")
        };
        Sink { port, shared, acceptor: Some(acceptor) }
    }

    /// Every message received so far, oldest first.
    pub fn messages(&self) -> Vec<Received> {
        lock(&self.shared.messages).clone()
    }

    /// Waits until at least `n` messages have arrived or `timeout` has passed, and returns all
    /// the messages received by then (possibly fewer than `n`: the test asserts the count).
    pub fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Received> {
        let deadline = Instant::now() + timeout;
        let mut messages = lock(&self.shared.messages);
        while messages.len() < n {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            messages = self.shared.arrived.wait_timeout(messages, left).unwrap_or_else(|p| p.into_inner()).0;
        }
        messages.clone()
    }

    /// Forgets the messages received so far.
    pub fn clear(&self) {
        lock(&self.shared.messages).clear();
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the blocking accept() with a connection of our own; it sees the flag and returns.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
        let connections = std::mem::take(&mut *lock(&self.shared.connections));
        for (stream, _) in &connections {
            let _ = stream.shutdown(Shutdown::Both);
        }
        for (_, handle) in connections {
            let _ = handle.join();
        }
    }
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        let Ok(kept) = stream.try_clone() else { continue };
        let conn_shared = Arc::clone(&shared);
        let spawned = std::thread::Builder::new().name("smtp-sink-conn".into()).spawn(move || {
            // An I/O error only ends this connection.
            let _ = serve(stream, &conn_shared);
        });
        if let Ok(handle) = spawned {
            let mut connections = lock(&shared.connections);
            // Forget the threads that are done, so that a long test does not pile them up.
            connections.retain(|(_, h)| !h.is_finished());
            connections.push((kept, handle));
        }
    }
}

/// One SMTP transaction in progress.
#[derive(Default)]
struct Transaction {
    from: Option<String>,
    to: Vec<String>,
}

fn serve(stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(120)))?;
    // Each reply goes out in one write, without waiting for the client's delayed ACK.
    stream.set_nodelay(true)?;
    let mut out = stream.try_clone()?;
    let mut input = BufReader::new(stream);
    let mut reply = |text: &str| -> std::io::Result<()> { out.write_all(format!("{text}\r\n").as_bytes()) };
    reply("220 smtp-sink ESMTP ready")?;

    let mut tx = Transaction::default();
    let mut auth_user: Option<String> = None;
    while let Some(line) = read_line(&mut input)? {
        let line = String::from_utf8_lossy(&line).into_owned();
        let (verb, arg) = match line.split_once(' ') {
            Some((v, a)) => (v.to_ascii_uppercase(), a.trim().to_owned()),
            None => (line.trim().to_ascii_uppercase(), String::new()),
        };
        match verb.as_str() {
            "EHLO" => {
                tx = Transaction::default();
                reply("250-smtp-sink greets you\r\n250-AUTH PLAIN LOGIN\r\n250-8BITMIME\r\n250 SMTPUTF8")?;
            }
            "HELO" => {
                tx = Transaction::default();
                reply("250 smtp-sink")?;
            }
            "AUTH" => {
                let mut parts = arg.split_whitespace();
                let mechanism = parts.next().unwrap_or("").to_ascii_uppercase();
                let initial = parts.next().map(str::to_owned);
                let user = match mechanism.as_str() {
                    "PLAIN" => {
                        let response = match initial {
                            Some(r) => Some(r),
                            None => challenge(&mut reply, &mut input, "")?,
                        };
                        // authzid NUL authcid NUL password
                        response.and_then(|r| decode_base64(&r)).and_then(|raw| {
                            let fields: Vec<&[u8]> = raw.split(|&b| b == 0).collect();
                            (fields.len() == 3).then(|| String::from_utf8_lossy(fields[1]).into_owned())
                        })
                    }
                    "LOGIN" => {
                        let user = match initial {
                            Some(r) => Some(r),
                            None => challenge(&mut reply, &mut input, "VXNlcm5hbWU6")?, // "Username:"
                        };
                        match user.and_then(|u| decode_base64(&u)) {
                            Some(u) => challenge(&mut reply, &mut input, "UGFzc3dvcmQ6")? // "Password:"
                                .and_then(|p| decode_base64(&p))
                                .map(|_| String::from_utf8_lossy(&u).into_owned()),
                            None => None,
                        }
                    }
                    _ => {
                        reply("504 5.5.4 Unrecognized authentication mechanism")?;
                        continue;
                    }
                };
                match user {
                    Some(u) => {
                        auth_user = Some(u);
                        reply("235 2.7.0 Authentication successful")?;
                    }
                    None => reply("501 5.5.2 Cannot decode the response")?,
                }
            }
            "MAIL" => match path_arg(&arg, "FROM:") {
                Some(from) => {
                    tx = Transaction { from: Some(from), to: Vec::new() };
                    reply("250 2.1.0 OK")?;
                }
                None => reply("501 5.5.4 Syntax: MAIL FROM:<address>")?,
            },
            "RCPT" => {
                if tx.from.is_none() {
                    reply("503 5.5.1 MAIL first")?;
                    continue;
                }
                match path_arg(&arg, "TO:") {
                    Some(to) if !to.is_empty() => {
                        tx.to.push(to);
                        reply("250 2.1.5 OK")?;
                    }
                    _ => reply("501 5.5.4 Syntax: RCPT TO:<address>")?,
                }
            }
            "DATA" => {
                if tx.to.is_empty() {
                    reply("503 5.5.1 RCPT first")?;
                    continue;
                }
                reply("354 End data with <CR><LF>.<CR><LF>")?;
                let Some(data) = read_data(&mut input)? else { return Ok(()) };
                let tx = std::mem::take(&mut tx);
                let received = Received {
                    from: tx.from.unwrap_or_default(),
                    to: tx.to,
                    data: String::from_utf8_lossy(&data).into_owned(),
                    auth_user: auth_user.clone(),
                };
                lock(&shared.messages).push(received);
                shared.arrived.notify_all();
                reply("250 2.0.0 OK queued")?;
            }
            "RSET" => {
                tx = Transaction::default();
                reply("250 2.0.0 OK")?;
            }
            "NOOP" => reply("250 2.0.0 OK")?,
            "VRFY" => reply("252 2.1.5 Cannot verify, but will accept")?,
            "STARTTLS" => reply("454 4.7.0 TLS not available")?,
            "QUIT" => {
                reply("221 2.0.0 Bye")?;
                return Ok(());
            }
            _ => reply("500 5.5.2 Command not recognized")?,
        }
    }
    Ok(())
}

/// Sends a 334 challenge and reads the client's answer; `None` when the client cancels with `*`.
fn challenge(
    reply: &mut impl FnMut(&str) -> std::io::Result<()>,
    input: &mut impl BufRead,
    prompt: &str,
) -> std::io::Result<Option<String>> {
    reply(&format!("334 {prompt}"))?;
    let answer = read_line(input)?.ok_or(std::io::ErrorKind::UnexpectedEof)?;
    let answer = String::from_utf8_lossy(&answer).trim().to_owned();
    Ok((answer != "*").then_some(answer))
}

/// The address of `FROM:<a@b.cn> SIZE=123` (the prefix matched without regard to case), without
/// brackets and parameters.
fn path_arg(arg: &str, prefix: &str) -> Option<String> {
    let head = arg.get(..prefix.len())?;
    if !head.eq_ignore_ascii_case(prefix) {
        return None;
    }
    let rest = arg[prefix.len()..].trim_start();
    if let Some(inner) = rest.strip_prefix('<') {
        inner.split_once('>').map(|(addr, _)| addr.to_owned())
    } else {
        rest.split_whitespace().next().map(str::to_owned)
    }
}

/// One line without its CRLF (or LF); `None` at the end of the stream.
fn read_line(input: &mut impl BufRead) -> std::io::Result<Option<Vec<u8>>> {
    let mut line = Vec::new();
    if input.read_until(b'\n', &mut line)? == 0 {
        return Ok(None);
    }
    if line.ends_with(b"\n") {
        line.pop();
    }
    if line.ends_with(b"\r") {
        line.pop();
    }
    Ok(Some(line))
}

/// Reads DATA up to the `.` line, undoing the dot-stuffing; lines end in CRLF. `None` when the
/// connection ends first.
fn read_data(input: &mut impl BufRead) -> std::io::Result<Option<Vec<u8>>> {
    let mut data = Vec::new();
    loop {
        let Some(line) = read_line(input)? else { return Ok(None) };
        if line == b"." {
            return Ok(Some(data));
        }
        let line = if line.starts_with(b".") { &line[1..] } else { &line[..] };
        data.extend_from_slice(line);
        data.extend_from_slice(b"\r\n");
    }
}

// ---------------------------------------------------------------------------------------------
// Reading what arrived
// ---------------------------------------------------------------------------------------------

/// Splits a message into its header block and its body at the first empty line.
fn split_message(data: &str) -> (&str, &str) {
    for sep in ["\r\n\r\n", "\n\n"] {
        if let Some(i) = data.find(sep) {
            return (&data[..i], &data[i + sep.len()..]);
        }
    }
    (data, "")
}

/// The raw (unfolded, not decoded) value of the first header called `name` in a header block.
fn raw_header(headers: &str, name: &str) -> Option<String> {
    let mut found: Option<String> = None;
    for line in headers.split('\n') {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.starts_with([' ', '\t']) {
            if let Some(value) = found.as_mut() {
                value.push_str(line);
            }
            continue;
        }
        if found.is_some() {
            break;
        }
        if let Some((n, v)) = line.split_once(':') {
            if n.trim().eq_ignore_ascii_case(name) {
                found = Some(v.trim_start().to_owned());
            }
        }
    }
    found.map(|v| v.trim().to_owned())
}

/// The value of the first header called `name` (any case) of a message: unfolded, and with RFC
/// 2047 encoded words (`=?utf-8?b?...?=`, `=?UTF-8?Q?...?=`) decoded. `None` when it is absent.
pub fn header(data: &str, name: &str) -> Option<String> {
    raw_header(split_message(data).0, name).map(|v| decode_words(&v))
}

/// Decodes the RFC 2047 encoded words of a header value; the white space between two adjacent
/// encoded words is dropped, as the RFC says. Text is taken as UTF-8.
pub fn decode_words(value: &str) -> String {
    let mut out = Vec::new();
    let mut rest = value;
    let mut pending_space = String::new();
    let mut after_word = false;
    while !rest.is_empty() {
        if let Some((decoded, len)) = encoded_word(rest) {
            if !after_word {
                out.extend_from_slice(pending_space.as_bytes());
            }
            pending_space.clear();
            out.extend_from_slice(&decoded);
            rest = &rest[len..];
            after_word = true;
            continue;
        }
        let c = rest.chars().next().expect("rest is not empty");
        if c == ' ' || c == '\t' {
            pending_space.push(c);
        } else {
            out.extend_from_slice(pending_space.as_bytes());
            pending_space.clear();
            let mut buf = [0u8; 4];
            out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            after_word = false;
        }
        rest = &rest[c.len_utf8()..];
    }
    out.extend_from_slice(pending_space.as_bytes());
    String::from_utf8_lossy(&out).into_owned()
}

/// An encoded word at the start of `s`: its decoded bytes and its length in `s`.
fn encoded_word(s: &str) -> Option<(Vec<u8>, usize)> {
    let body = s.strip_prefix("=?")?;
    let (_charset, body) = body.split_once('?')?;
    let (encoding, body) = body.split_once('?')?;
    let end = body.find("?=")?;
    let text = &body[..end];
    if text.contains([' ', '\t']) {
        return None;
    }
    let decoded = match encoding {
        "B" | "b" => decode_base64(text)?,
        "Q" | "q" => decode_qp(&text.replace('_', " "), false),
        _ => return None,
    };
    let consumed = s.len() - body.len() + end + 2;
    Some((decoded, consumed))
}

/// The text of a message's body, decoded from its Content-Transfer-Encoding (quoted-printable or
/// base64; 7bit and 8bit are taken as they are) as UTF-8, with line ends turned into `\n`.
/// In a multipart message, the first `text/plain` part is decoded.
pub fn body_text(data: &str) -> String {
    let (headers, body) = split_message(data);
    let content_type = raw_header(headers, "Content-Type").unwrap_or_default();
    if content_type.to_ascii_lowercase().starts_with("multipart/") {
        if let Some(boundary) = param(&content_type, "boundary") {
            let delimiter = format!("--{boundary}");
            for part in body.split(delimiter.as_str()).skip(1) {
                if part.starts_with("--") {
                    break;
                }
                let part = part.strip_prefix("\r\n").or_else(|| part.strip_prefix('\n')).unwrap_or(part);
                let part_type = raw_header(split_message(part).0, "Content-Type").unwrap_or_default();
                let part_type = part_type.to_ascii_lowercase();
                if part_type.is_empty() || part_type.starts_with("text/plain") || part_type.starts_with("multipart/") {
                    return body_text(part);
                }
            }
        }
    }
    let encoding = raw_header(headers, "Content-Transfer-Encoding").unwrap_or_default().to_ascii_lowercase();
    let bytes = match encoding.as_str() {
        "base64" => decode_base64(body).unwrap_or_else(|| body.as_bytes().to_vec()),
        "quoted-printable" => decode_qp(body, true),
        _ => body.as_bytes().to_vec(),
    };
    String::from_utf8_lossy(&bytes).replace("\r\n", "\n")
}

/// A parameter of a header value such as `multipart/alternative; boundary="abc"`.
fn param(value: &str, name: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (n, v) = p.split_once('=')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim().trim_matches('"').to_owned())
    })
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Quoted-printable: `=XX` is a byte; in a body (`soft_breaks`), `=` at a line end joins lines.
/// A malformed `=` is kept as it is.
fn decode_qp(text: &str, soft_breaks: bool) -> Vec<u8> {
    let b = text.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' {
            if soft_breaks {
                // "=" then optional trailing blanks then the line end.
                let mut j = i + 1;
                while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
                    j += 1;
                }
                if b[j..].starts_with(b"\r\n") {
                    i = j + 2;
                    continue;
                }
                if b[j..].starts_with(b"\n") {
                    i = j + 1;
                    continue;
                }
                if j == b.len() {
                    i = j;
                    continue;
                }
            }
            if let (Some(h), Some(l)) =
                (b.get(i + 1).and_then(|&c| hex_value(c)), b.get(i + 2).and_then(|&c| hex_value(c)))
            {
                out.push(h * 16 + l);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

/// Standard base64 (RFC 4648, `+/`, padding optional); white space is skipped. `None` when the
/// text holds anything else.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    let mut padding = false;
    for c in text.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => {
                padding = true;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\n' => continue,
            _ => return None,
        };
        if padding {
            return None; // data after the padding
        }
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    /// A raw client: sends a line, returns the full reply (all lines of a multi-line reply).
    struct Client {
        input: BufReader<TcpStream>,
        out: TcpStream,
    }

    impl Client {
        fn connect(port: u16) -> Client {
            let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
            stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            let mut c = Client { out: stream.try_clone().unwrap(), input: BufReader::new(stream) };
            assert!(c.reply().starts_with("220 "));
            c
        }

        fn reply(&mut self) -> String {
            let mut all = String::new();
            loop {
                let mut line = String::new();
                self.input.read_line(&mut line).unwrap();
                assert!(line.len() >= 4, "short reply {line:?}");
                all.push_str(&line);
                if line.as_bytes()[3] == b' ' {
                    return all;
                }
            }
        }

        fn send(&mut self, line: &str) -> String {
            self.out.write_all(format!("{line}\r\n").as_bytes()).unwrap();
            self.reply()
        }
    }

    #[test]
    fn a_whole_dialogue_with_auth_plain() {
        let sink = Sink::start();
        let mut c = Client::connect(sink.port);
        let ehlo = c.send("EHLO test.local");
        assert!(ehlo.contains("250-AUTH PLAIN LOGIN"), "{ehlo}");
        assert!(ehlo.starts_with("250"));
        assert!(c.send("AUTH PLAIN AHVzZXIAcGFzcw==").starts_with("235 "));
        assert!(c.send("NOOP").starts_with("250 "));
        assert!(c.send("RCPT TO:<early@b.cn>").starts_with("503 "));
        assert!(c.send("MAIL FROM:<from@b.cn> BODY=8BITMIME").starts_with("250 "));
        assert!(c.send("DATA").starts_with("503 "));
        assert!(c.send("RCPT TO:<one@b.cn>").starts_with("250 "));
        assert!(c.send("rcpt to:<two@b.cn>").starts_with("250 "));
        assert!(c.send("DATA").starts_with("354 "));
        let reply = c.send("Subject: hi\r\n\r\nline one\r\n..leading dot\r\n..\r\nnot the end\r\n...\r\n.");
        assert!(reply.starts_with("250 "), "{reply}");
        assert!(c.send("QUIT").starts_with("221 "));

        let got = sink.wait_for(1, Duration::from_secs(5));
        assert_eq!(got.len(), 1);
        let m = &got[0];
        assert_eq!(m.from, "from@b.cn");
        assert_eq!(m.to, vec!["one@b.cn".to_owned(), "two@b.cn".to_owned()]);
        assert_eq!(m.auth_user.as_deref(), Some("user"));
        assert_eq!(m.data, "Subject: hi\r\n\r\nline one\r\n.leading dot\r\n.\r\nnot the end\r\n..\r\n");
        assert_eq!(sink.messages(), got);
    }

    #[test]
    fn auth_login_helo_rset_and_two_messages() {
        let sink = Sink::start();
        let mut c = Client::connect(sink.port);
        assert!(c.send("HELO me").starts_with("250 "));
        assert_eq!(c.send("AUTH LOGIN"), "334 VXNlcm5hbWU6\r\n");
        assert_eq!(c.send("YWxpY2U="), "334 UGFzc3dvcmQ6\r\n");
        assert!(c.send("c2VjcmV0").starts_with("235 "));
        assert!(c.send("MAIL FROM:<a@b.cn>").starts_with("250 "));
        assert!(c.send("RCPT TO:<dropped@b.cn>").starts_with("250 "));
        assert!(c.send("RSET").starts_with("250 "));
        assert!(c.send("DATA").starts_with("503 "), "RSET forgets the transaction");
        for n in 1..=2 {
            assert!(c.send("MAIL FROM:<>").starts_with("250 "));
            assert!(c.send(&format!("RCPT TO:<r{n}@b.cn>")).starts_with("250 "));
            assert!(c.send("DATA").starts_with("354 "));
            assert!(c.send(&format!("Subject: {n}\r\n\r\nbody {n}\r\n.")).starts_with("250 "));
        }
        assert!(c.send("STARTTLS").starts_with("454 "));
        assert!(c.send("WHATEVER").starts_with("500 "));
        assert!(c.send("AUTH CRAM-MD5").starts_with("504 "));
        drop(c); // no QUIT: the sink copes with a client that just goes away

        let got = sink.wait_for(2, Duration::from_secs(5));
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].from, "");
        assert_eq!(got[1].to, vec!["r2@b.cn".to_owned()]);
        assert_eq!(got[1].auth_user.as_deref(), Some("alice"));
        assert_eq!(body_text(&got[1].data), "body 2\n");
        sink.clear();
        assert!(sink.messages().is_empty());
    }

    #[test]
    fn auth_plain_with_a_separate_response_and_a_cancel() {
        let sink = Sink::start();
        let mut c = Client::connect(sink.port);
        c.send("EHLO x");
        assert_eq!(c.send("AUTH PLAIN"), "334 \r\n");
        assert!(c.send("*").starts_with("501 "));
        assert_eq!(c.send("AUTH PLAIN"), "334 \r\n");
        assert!(c.send("AHVzZXIAcGFzcw==").starts_with("235 "));
        assert!(c.send("AUTH LOGIN YWxpY2U=").starts_with("334 UGFzc3dvcmQ6"));
        assert!(c.send("c2VjcmV0").starts_with("235 "));
        c.send("MAIL FROM:<a@b.cn>");
        c.send("RCPT TO:<c@d.cn>");
        c.send("DATA");
        c.send("x\r\n.");
        assert_eq!(sink.wait_for(1, Duration::from_secs(5))[0].auth_user.as_deref(), Some("alice"));
    }

    #[test]
    fn wait_for_gives_up_after_the_timeout() {
        let sink = Sink::start();
        let started = Instant::now();
        assert!(sink.wait_for(1, Duration::from_millis(200)).is_empty());
        assert!(started.elapsed() >= Duration::from_millis(200));
    }

    #[test]
    fn dropping_stops_the_server_and_closes_connections() {
        let sink = Sink::start();
        let port = sink.port;
        let mut c = Client::connect(port);
        drop(sink);
        let mut rest = Vec::new();
        // The open connection was shut down: the read ends instead of waiting.
        let _ = c.input.read_to_end(&mut rest);
        assert!(TcpStream::connect(("127.0.0.1", port)).is_err(), "nothing listens any more");
    }

    #[test]
    fn decodes_headers_and_bodies() {
        // "你好，世界" in base64 and quoted-printable, folded the way mail clients fold.
        let data = "From: =?utf-8?b?5L2g5aW9?= <a@b.cn>\r\n\
                    Subject: =?utf-8?b?5L2g5aW9?=\r\n =?UTF-8?B?77yM5LiW55WM?= ok\r\n\
                    X-Q: =?utf-8?q?caf=C3=A9_au_lait?= and =?utf-8?Q?=E4=BD=A0?=\r\n\
                    Content-Transfer-Encoding: base64\r\n\
                    \r\n\
                    5L2g5aW9\r\n77yM5LiW55WM\r\n";
        assert_eq!(header(data, "subject").as_deref(), Some("你好，世界 ok"));
        assert_eq!(header(data, "From").as_deref(), Some("你好 <a@b.cn>"));
        assert_eq!(header(data, "X-Q").as_deref(), Some("café au lait and 你"));
        assert_eq!(header(data, "To"), None);
        assert_eq!(body_text(data), "你好，世界");

        let qp = "Content-Type: text/plain; charset=utf-8\r\n\
                  Content-Transfer-Encoding: quoted-printable\r\n\
                  \r\n\
                  =E4=BD=A0=E5=A5=BD=EF=BC=8C=\r\n=E4=B8=96=E7=95=8C a=3Db\r\nline 2\r\n";
        assert_eq!(body_text(qp), "你好，世界 a=b\nline 2\n");

        let plain = "Subject: x\r\n\r\nplain 正文\r\n";
        assert_eq!(body_text(plain), "plain 正文\n");

        let multipart = "Content-Type: multipart/alternative; boundary=\"XYZ\"\r\n\r\n\
                         preamble\r\n--XYZ\r\nContent-Type: text/html\r\n\r\n<p>no</p>\r\n\
                         --XYZ\r\nContent-Type: text/plain; charset=utf-8\r\n\
                         Content-Transfer-Encoding: base64\r\n\r\n5L2g5aW9\r\n--XYZ--\r\n";
        assert_eq!(body_text(multipart), "你好");
    }

    #[test]
    fn base64_decoder() {
        assert_eq!(decode_base64("").unwrap(), b"");
        assert_eq!(decode_base64("YQ==").unwrap(), b"a");
        assert_eq!(decode_base64("YWI=").unwrap(), b"ab");
        assert_eq!(decode_base64("YWJj").unwrap(), b"abc");
        assert_eq!(decode_base64("YW\r\nJj").unwrap(), b"abc");
        assert_eq!(decode_base64("+/+/").unwrap(), vec![0xfb, 0xff, 0xbf]);
        assert_eq!(decode_base64("YQ=a"), None);
        assert_eq!(decode_base64("Y*=="), None);
    }
}
