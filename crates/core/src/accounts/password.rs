//! Password hashing (argon2id) and random temporary passwords.

use argon2::password_hash::phc::PasswordHash;
use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};

/// Memory in KiB: 46 MiB, with t = 2 and p = 1 (above OWASP's argon2id floors of 19 MiB / t = 2).
/// One verification takes about 60–80 ms on the 2-vCPU machines here (BENCHMARKS.md): a
/// security floor, not a cost to cut.
const MEMORY_KIB: u32 = 46 * 1024;
const PASSES: u32 = 2;

fn hasher() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, PASSES, 1, None).expect("argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Whether a stored hash was made with weaker parameters than today's (or is no argon2id hash):
/// such a hash is replaced at the next successful login, while the password is at hand.
pub fn needs_rehash(stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else { return true };
    if parsed.algorithm.as_str() != "argon2id" {
        return true;
    }
    match Params::try_from(&parsed) {
        Ok(p) => p.m_cost() < MEMORY_KIB || p.t_cost() < PASSES,
        Err(_) => true,
    }
}

/// Hashes a password into a PHC string (salt included).
pub fn hash(password: &str) -> String {
    hasher()
        .hash_password(password.as_bytes())
        .expect("hashing into memory cannot fail with valid parameters")
        .to_string()
}

/// Checks a password against a stored PHC string. A malformed stored hash verifies nothing.
pub fn verify(password: &str, stored: &str) -> bool {
    count_verification();
    match PasswordHash::new(stored) {
        Ok(parsed) => hasher().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// A hash of no one's password with today's parameters, verified in place of a hash the login
/// does not have (an unknown account, no temporary password), so that every login spends the
/// same time. A constant, so it is ready before the first login: made once when the parameters
/// were last changed (a test checks they still match); its salt being public hides nothing.
pub const DUMMY_HASH: &str =
    "$argon2id$v=19$m=47104,t=2,p=1$3th5b6EtHIqnLhQ7mmzHWw$CbZElQsoIxJvz5EaoubK1xrULubtSwL5nz5iys59Nug";

#[cfg(any(test, feature = "test-hooks"))]
thread_local! {
    static VERIFICATIONS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

#[cfg(any(test, feature = "test-hooks"))]
fn count_verification() {
    VERIFICATIONS.with(|v| v.set(v.get() + 1));
}

#[cfg(not(any(test, feature = "test-hooks")))]
fn count_verification() {}

/// Password verifications made on this thread so far, for the test that every login makes
/// the same number. Only in builds with the `test-hooks` feature.
#[cfg(any(test, feature = "test-hooks"))]
pub fn verifications_on_this_thread() -> u64 {
    VERIFICATIONS.with(|v| v.get())
}

/// A random temporary password from the OS's CSPRNG: 12 characters from letters and digits without
/// look-alikes, always with at least one letter and one digit so that it passes the policy.
pub fn temporary() -> String {
    use rand::seq::IndexedRandom;
    const LETTERS: &[u8] = b"abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ";
    const DIGITS: &[u8] = b"23456789";
    // ThreadRng is a CSPRNG (ChaCha12) seeded from the OS.
    let mut rng = rand::rng();
    loop {
        let s: String = (0..12)
            .map(|i| {
                let set = if i % 3 == 2 { DIGITS } else { LETTERS };
                char::from(*set.choose(&mut rng).expect("non-empty alphabet"))
            })
            .collect();
        if s.chars().any(|c| c.is_ascii_digit()) && s.chars().any(|c| c.is_ascii_alphabetic()) {
            return s;
        }
    }
}

/// A random session token (256 bits, hex).
pub fn token() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_argon2id_with_the_floor_parameters_and_verifies() {
        let h = hash("abc12345");
        assert!(h.starts_with("$argon2id$v=19$m=47104,t=2,p=1$"), "{h}");
        assert!(!needs_rehash(&h));
        assert!(verify("abc12345", &h));
        assert!(!verify("abc12346", &h));
        assert_ne!(hash("abc12345"), h, "salted");
    }

    #[test]
    fn older_weaker_hashes_still_verify_and_ask_to_be_replaced() {
        let weak = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::new(19 * 1024, 2, 1, None).expect("params"));
        let h = weak.hash_password(b"abc12345").expect("hash").to_string();
        assert!(verify("abc12345", &h), "a stored hash keeps its own parameters");
        assert!(needs_rehash(&h));
        assert!(needs_rehash("not a hash"));
    }

    #[test]
    fn the_dummy_hash_is_ready_with_todays_parameters() {
        assert!(!needs_rehash(DUMMY_HASH), "make DUMMY_HASH anew: hash(\"no one's password\") = {}", hash("no one's password"));
        assert!(verify("no one's password", DUMMY_HASH));
    }

    #[test]
    fn malformed_stored_hash_verifies_nothing() {
        assert!(!verify("x", "not a hash"));
        assert!(!verify("", ""));
    }

    #[test]
    fn temporary_passwords_meet_the_policy_and_differ() {
        let a = temporary();
        assert_eq!(a.chars().count(), 12);
        assert!(crate::validate::password(&a).is_ok(), "{a}");
        assert_ne!(a, temporary());
        assert_eq!(token().len(), 64);
    }
}
