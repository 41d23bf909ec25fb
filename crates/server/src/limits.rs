//! Rate limits per client address on the public commands that cost the server work or could be
//! used to guess (登录, 验证码, 账户注册, 找回密码): a token bucket per address and command.
//! The core's own account lockout still counts wrong passwords per account.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

/// How many requests may come at once, and how fast the allowance comes back.
#[derive(Debug, Clone, Copy)]
struct Rule {
    burst: f64,
    seconds_per_request: f64,
}

/// The limited commands and their rules. A login needs a captcha first: the captcha's allowance
/// is larger (pictures are reloaded).
const RULES: &[(&str, Rule)] = &[
    ("login", Rule { burst: 10.0, seconds_per_request: 6.0 }),
    ("new_captcha", Rule { burst: 30.0, seconds_per_request: 2.0 }),
    ("register", Rule { burst: 5.0, seconds_per_request: 120.0 }),
    ("recover_password", Rule { burst: 5.0, seconds_per_request: 60.0 }),
];

fn rule_of(command: &str) -> Option<(&'static str, Rule)> {
    RULES.iter().find(|(name, _)| *name == command).copied()
}

/// The buckets a full table is pruned to at most (full buckets go first).
const MAX_BUCKETS: usize = 50_000;

#[derive(Default)]
pub struct Limiter {
    buckets: Mutex<HashMap<(&'static str, IpAddr), Bucket>>,
    off: bool,
}

struct Bucket {
    tokens: f64,
    updated: Instant,
}

impl Limiter {
    /// No limits at all (a load test on loopback; never on a public address: see `config`).
    pub fn off() -> Limiter {
        Limiter { off: true, ..Limiter::default() }
    }

    /// Takes one request of `command` from `address`: `Err(seconds)` to wait when there is none
    /// left. Commands without a rule always pass.
    pub fn take(&self, command: &str, address: IpAddr, now: Instant) -> Result<(), u64> {
        let Some((name, rule)) = rule_of(command) else { return Ok(()) };
        if self.off {
            return Ok(());
        }
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() >= MAX_BUCKETS {
            buckets.retain(|(c, _), b| rule_of(c).is_some_and(|(_, r)| refilled(b, r, now) < r.burst));
        }
        let bucket = buckets.entry((name, client(address))).or_insert(Bucket { tokens: rule.burst, updated: now });
        bucket.tokens = refilled(bucket, rule, now);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - bucket.tokens) * rule.seconds_per_request).ceil().max(1.0) as u64)
        }
    }
}

fn refilled(bucket: &Bucket, rule: Rule, now: Instant) -> f64 {
    let elapsed = now.saturating_duration_since(bucket.updated).as_secs_f64();
    (bucket.tokens + elapsed / rule.seconds_per_request).min(rule.burst)
}

/// The client a bucket belongs to: an IPv4 address, or an IPv6 /64 (one household or machine
/// holds a whole /64).
fn client(address: IpAddr) -> IpAddr {
    match address.to_canonical() {
        IpAddr::V6(v6) => {
            let mut octets = v6.octets();
            octets[8..].fill(0);
            IpAddr::from(octets)
        }
        v4 => v4,
    }
}

/// What a limited caller is told.
pub fn message(seconds: u64) -> String {
    format!("操作过于频繁，请{seconds}秒后再试")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_burst_passes_then_the_client_waits_for_the_allowance_to_come_back() {
        let limiter = Limiter::default();
        let t0 = Instant::now();
        for _ in 0..10 {
            assert_eq!(limiter.take("login", ip("198.51.100.7"), t0), Ok(()));
        }
        assert_eq!(limiter.take("login", ip("198.51.100.7"), t0), Err(6));
        // Another address, another command: their own allowance.
        assert_eq!(limiter.take("login", ip("198.51.100.8"), t0), Ok(()));
        assert_eq!(limiter.take("register", ip("198.51.100.7"), t0), Ok(()));
        // Three seconds on, half a login is back: three more to wait.
        assert_eq!(limiter.take("login", ip("198.51.100.7"), t0 + Duration::from_secs(3)), Err(3));
        assert_eq!(limiter.take("login", ip("198.51.100.7"), t0 + Duration::from_secs(6)), Ok(()));
        // Unlimited commands always pass.
        for _ in 0..100 {
            assert_eq!(limiter.take("me", ip("198.51.100.7"), t0), Ok(()));
        }
    }

    #[test]
    fn one_ipv6_network_is_one_client_and_limits_can_be_off() {
        let limiter = Limiter::default();
        let t0 = Instant::now();
        for i in 0..5 {
            assert_eq!(limiter.take("register", ip(&format!("2001:db8::{i}")), t0), Ok(()));
        }
        assert!(limiter.take("register", ip("2001:db8::ffff:1"), t0).is_err());
        assert_eq!(limiter.take("register", ip("2001:db8:0:1::1"), t0), Ok(()));
        let off = Limiter::off();
        for _ in 0..100 {
            assert_eq!(off.take("register", ip("2001:db8::1"), t0), Ok(()));
        }
    }

    #[test]
    fn the_message_says_when_to_try_again() {
        assert_eq!(message(6), "操作过于频繁，请6秒后再试");
    }
}
