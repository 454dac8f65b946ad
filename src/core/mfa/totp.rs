//! TOTP (RFC 6238 over RFC 4226's HOTP): SHA-1, six digits, 30-second
//! steps, a code accepted one step either side of now; base32 seeds and
//! the `otpauth://` URIs authenticator apps read. Recovery codes' shape.

use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use sha1::Sha1;
use subtle::ConstantTimeEq;

pub const STEP_SECS: i64 = 30;
const DIGITS: usize = 6;
/// 160 bits, the seed size RFC 4226 recommends.
pub const SEED_BYTES: usize = 20;

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding: how seeds are typed into apps.
pub fn base32(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(5) {
        let mut buffer = [0u8; 5];
        buffer[..chunk.len()].copy_from_slice(chunk);
        let bits = buffer
            .iter()
            .fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let chars = (chunk.len() * 8).div_ceil(5);
        for i in 0..chars {
            let index = (bits >> (35 - 5 * i)) & 31;
            out.push(char::from(BASE32[index as usize]));
        }
    }
    out
}

/// The step `now` falls in.
pub fn step_of(now: DateTime<Utc>) -> i64 {
    now.timestamp().div_euclid(STEP_SECS)
}

/// HOTP of `counter` (RFC 4226 §5.3): dynamic truncation, six digits.
pub fn code_at(seed: &[u8], step: i64) -> String {
    // HMAC takes a key of any length: `new_from_slice` cannot fail here.
    let mut mac = <Hmac<Sha1> as Mac>::new_from_slice(seed)
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = usize::from(digest[19] & 0x0f);
    let value = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    format!("{:06}", value % 1_000_000)
}

/// The step whose code was typed, among the one before now, now's, and the
/// one after (clocks drift), newest first; compared in constant time.
pub fn matching_step(seed: &[u8], typed: &str, now: DateTime<Utc>) -> Option<i64> {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.len() != DIGITS || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = step_of(now);
    [now + 1, now, now - 1]
        .into_iter()
        .find(|step| bool::from(code_at(seed, *step).as_bytes().ct_eq(typed.as_bytes())))
}

/// The URI an authenticator app reads from the QR code (Google's Key Uri
/// Format): `otpauth://totp/{issuer}:{account}?secret=…&issuer=…`.
pub fn otpauth_uri(issuer: &str, account: &str, seed: &[u8]) -> String {
    let enc = |s: &str| utf8_percent_encode(s, NON_ALPHANUMERIC).to_string();
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits=6&period=30",
        enc(issuer),
        enc(account),
        base32(seed),
        enc(issuer)
    )
}

/// Letters of recovery codes: no vowels (no words), no 0/1/l/o look-alikes.
const RECOVERY_ALPHABET: &[u8] = b"bcdfghjkmnpqrstvwxz23456789";

/// A recovery code as shown: `xxxxx-xxxxx` (about 47 bits).
pub fn new_recovery_code() -> String {
    use rand::Rng as _;
    let mut rng = rand::thread_rng();
    let mut code = String::with_capacity(11);
    for i in 0..10 {
        if i == 5 {
            code.push('-');
        }
        let at = rng.gen_range(0..RECOVERY_ALPHABET.len());
        code.push(char::from(RECOVERY_ALPHABET[at]));
    }
    code
}

/// A recovery code as typed, in the form it is hashed in: lower case,
/// letters and digits only.
pub fn normalize_recovery_code(typed: &str) -> Option<String> {
    let code: String = typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    (code.len() == 10).then_some(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B, SHA-1 rows: the seed is "12345678901234567890";
    /// the RFC prints eight digits, of which a six-digit code is the last six.
    #[test]
    fn codes_match_the_rfc_6238_test_vectors() {
        let seed = b"12345678901234567890";
        for (time, eight) in [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(code_at(seed, time / STEP_SECS), eight[2..], "at {time}");
        }
    }

    #[test]
    fn a_code_matches_its_step_and_the_neighbours_only() {
        let seed = [7u8; SEED_BYTES];
        let now = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let step = step_of(now);
        for (offset, expected) in [
            (-2, None),
            (-1, Some(step - 1)),
            (0, Some(step)),
            (1, Some(step + 1)),
            (2, None),
        ] {
            let code = code_at(&seed, step + offset);
            assert_eq!(
                matching_step(&seed, &code, now),
                expected,
                "offset {offset}"
            );
        }
        let spaced = format!(
            "{} {}",
            &code_at(&seed, step)[..3],
            &code_at(&seed, step)[3..]
        );
        assert_eq!(matching_step(&seed, &spaced, now), Some(step));
        assert_eq!(matching_step(&seed, "12345", now), None);
        assert_eq!(matching_step(&seed, "abcdef", now), None);
    }

    #[test]
    fn seeds_are_base32_as_rfc_4648_spells_it() {
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        assert_eq!(
            base32(b"12345678901234567890"),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        );
    }

    #[test]
    fn recovery_codes_are_read_in_any_case_with_or_without_the_dash() {
        let code = new_recovery_code();
        assert_eq!(code.len(), 11);
        let plain = code.replace('-', "");
        assert_eq!(
            normalize_recovery_code(&code.to_uppercase()).as_deref(),
            Some(plain.as_str())
        );
        assert_eq!(normalize_recovery_code("short"), None);
    }
}
