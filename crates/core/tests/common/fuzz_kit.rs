//! What the fuzz tests share (`tests/fuzz.rs` in the core, the IPC decoding in `src-tauri`): a
//! seeded generator, the scale a run is asked for, the tally each group prints, what makes a
//! message Chinese, and text that is nearly right or plainly wrong.
//!
//! `SWREG_FUZZ_SCALE` multiplies every group's count (1, the default, is the quick run of the
//! test suite; `scripts/fuzz.sh` asks for the full run); `SWREG_FUZZ_SEED` repeats a run.

#![allow(dead_code)]

use std::time::Instant;

/// The multiplier of every group's count.
pub fn scale() -> u64 {
    std::env::var("SWREG_FUZZ_SCALE").ok().and_then(|s| s.parse().ok()).filter(|&n| n >= 1).unwrap_or(1)
}

/// The seed of a group: `SWREG_FUZZ_SEED` (or 1) mixed with the group's name, so groups differ.
pub fn seed(group: &str) -> u64 {
    let base: u64 = std::env::var("SWREG_FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(1);
    group.bytes().fold(base, |h, b| h.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// SplitMix64: small, seeded, the same on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// 0 ..< n (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True `percent` times in a hundred.
    pub fn percent(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// One group's figures, printed as one line `FUZZ group=… inputs=… accepted=… rejected=… seconds=…`
/// that `scripts/fuzz.sh` adds up.
pub struct Tally {
    group: &'static str,
    pub inputs: u64,
    pub accepted: u64,
    pub rejected: u64,
    start: Instant,
}

impl Tally {
    pub fn new(group: &'static str) -> Tally {
        Tally { group, inputs: 0, accepted: 0, rejected: 0, start: Instant::now() }
    }

    pub fn count<T, E>(&mut self, result: &Result<T, E>) {
        self.inputs += 1;
        if result.is_ok() {
            self.accepted += 1;
        } else {
            self.rejected += 1;
        }
    }

    /// Prints the line and hands back the number of inputs.
    pub fn report(&self) -> u64 {
        println!(
            "FUZZ group={} inputs={} accepted={} rejected={} seconds={:.1}",
            self.group,
            self.inputs,
            self.accepted,
            self.rejected,
            self.start.elapsed().as_secs_f64()
        );
        self.inputs
    }
}

/// A Chinese character (the basic block and Extension A).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}')
}

/// Whether a message is fit to show a person: not empty, holds Chinese, and none of the marks a
/// Rust or serde message leaves (backticks, `expected`, `invalid`, debug braces, control
/// characters). `None` when it is fit, else why not.
pub fn unfit_message(m: &str) -> Option<&'static str> {
    let lower = m.to_ascii_lowercase();
    if m.trim().is_empty() {
        Some("empty")
    } else if !m.chars().any(is_han) {
        Some("no Chinese")
    } else if m.contains('`') || m.contains("{:") || m.contains("Some(") || m.contains("Err(") {
        Some("debug text")
    } else if ["expected", "invalid", "missing field", "unknown", "error", "panicked", "line "].iter().any(|w| lower.contains(w)) {
        Some("English from Rust or serde")
    } else if m.chars().any(char::is_control) {
        Some("control characters")
    } else {
        None
    }
}

/// Panics with the input when a message is not fit to show.
pub fn assert_chinese(m: &str, input: &dyn std::fmt::Debug) {
    if let Some(why) = unfit_message(m) {
        let shown = format!("{input:?}");
        let shown: String = shown.chars().take(300).collect();
        panic!("message {m:?} is not fit to show ({why}); input {shown}");
    }
}

/// Characters that trip text handling: full-width digits and letters, the spaces people paste,
/// controls, line and paragraph separators, bidirectional overrides, zero-width marks, emoji (one
/// with a joiner), combining marks, the edges of the planes, rare ideographs.
pub const ODD: &[&str] = &[
    "０", "１", "９", "Ｘ", "ｘ", "＠", "．", "－", "＋", "（", "）", " ", "\u{3000}", "\u{00A0}", "\t", "\n", "\r", "\r\n",
    "\u{0}", "\u{7}", "\u{1B}", "\u{7F}", "\u{85}", "\u{2028}", "\u{2029}", "\u{202E}", "\u{202A}", "\u{2066}", "\u{2069}",
    "\u{200B}", "\u{200D}", "\u{FEFF}", "😀", "👨\u{200D}👩\u{200D}👧", "🇨🇳", "e\u{301}", "\u{FFFD}", "\u{FFFF}",
    "\u{10FFFF}", "\u{D7FF}", "\u{E000}", "𠈌", "〇", "·", "・", "•", "转", "x", "X", "@", ".", "-", "+", "(", ")", "/",
    "\\", "\"", "'", "%", "<", ">", "&", ";", ":", "0", "1", "9", "张", "三", "a", "Z", "é", "ß", "İ",
];

/// A random text: mostly short, of ordinary and odd pieces, sometimes far past any cap.
pub fn text(rng: &mut Rng) -> String {
    let mut s = String::new();
    let pieces = match rng.below(20) {
        0 => 0,
        1 => 200 + rng.below(3000),
        _ => rng.below(24),
    };
    for _ in 0..pieces {
        match rng.below(4) {
            0 => {
                let piece: &&str = rng.pick(ODD);
                s.push_str(piece);
            }
            1 => s.push(char::from(b'0' + rng.below(10) as u8)),
            2 => s.push(char::from(b'a' + rng.below(26) as u8)),
            _ => s.push(char::from_u32(0x4E00 + rng.below(0x5000) as u32).unwrap_or('字')),
        }
    }
    s
}

/// `s` nearly unchanged: a character left out, doubled, swapped, replaced or added; a digit
/// changed (a wrong check digit) or made full-width; space or an invisible mark around it; cut
/// short or repeated past its cap.
pub fn mutate(rng: &mut Rng, s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    match rng.below(12) {
        0 if n > 0 => {
            chars.remove(rng.below(n));
        }
        1 if n > 0 => {
            let i = rng.below(n);
            chars.insert(i, chars[i]);
        }
        2 if n > 1 => {
            let i = rng.below(n - 1);
            chars.swap(i, i + 1);
        }
        3 if n > 0 => {
            let i = rng.below(n);
            let odd: Vec<char> = (*rng.pick(ODD)).chars().collect();
            chars.splice(i..=i, odd);
        }
        4 => {
            let i = rng.below(n + 1);
            let odd: Vec<char> = (*rng.pick(ODD)).chars().collect();
            chars.splice(i..i, odd);
        }
        5 => {
            // Another digit somewhere: a wrong check digit, a date that does not exist.
            let digits: Vec<usize> = (0..n).filter(|&i| chars[i].is_ascii_digit()).collect();
            if !digits.is_empty() {
                let i = *rng.pick(&digits);
                chars[i] = char::from(b'0' + rng.below(10) as u8);
            }
        }
        6 => {
            // Full-width digits, as an IME types them.
            for c in chars.iter_mut() {
                if c.is_ascii_digit() && rng.percent(50) {
                    *c = char::from_u32(u32::from(*c) - u32::from('0') + 0xFF10).unwrap_or(*c);
                }
            }
        }
        7 => {
            let pad = *rng.pick(&[" ", "\u{3000}", "\t", "\n", "\u{200B}", "\u{FEFF}", "\u{202E}"]);
            return if rng.percent(50) { format!("{pad}{s}{pad}") } else { format!("{pad}{s}") };
        }
        8 if n > 0 => chars.truncate(rng.below(n)),
        9 => {
            let times = 2 + rng.below(40);
            return s.repeat(times);
        }
        10 => return s.to_uppercase(),
        _ => return text(rng),
    }
    chars.into_iter().collect()
}

/// Peak resident memory of this process so far, in MiB (Linux), for the figures.
pub fn peak_memory_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}
