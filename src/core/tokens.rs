//! What the tokens say: the claims of an access token (RFC 9068) and what a
//! verifier expects of them, and opaque tokens (refresh, reset,
//! verification): made, hashed for storage, and a refresh token's successor
//! sealed for repeats inside the grace window. Signing is the key ring's
//! (infrastructure). Never logs a token.

use std::time::Duration;

use base64::Engine as _;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::error::{Error, Result};

/// The built-in public client that `/v1/auth/*` issues tokens to.
pub const FIRST_PARTY_CLIENT: &str = "palisade";
/// What a first-party access token lets its holder do: everything the user may.
pub const FIRST_PARTY_SCOPE: &str = "openid profile email offline_access";
/// How a password sign-in is recorded in `amr` (RFC 8176).
pub const PASSWORD_AMR: &[&str] = &["pwd"];
/// Leeway on `exp`: a token is refused at most one second after it expired.
const EXP_LEEWAY_MS: i64 = 1_000;

/// The claims of an access token (RFC 9068).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    pub sub: Uuid,
    /// Who the token is for: `PALISADE_ACCESS_TOKEN_AUDIENCE`.
    pub aud: String,
    /// The client it was issued to.
    pub client_id: String,
    pub scope: String,
    pub sid: Uuid,
    pub jti: Uuid,
    pub iat: i64,
    pub exp: i64,
    pub roles: Vec<String>,
    /// How the user signed in (RFC 8176).
    pub amr: Vec<String>,
}

/// What a new access token is to say.
pub struct AccessGrant<'a> {
    pub user_id: Uuid,
    pub session_id: Uuid,
    pub roles: Vec<String>,
    pub amr: &'a [&'a str],
    pub audience: &'a str,
    pub issuer: &'a str,
    pub now: DateTime<Utc>,
    pub ttl: Duration,
}

impl AccessGrant<'_> {
    /// The claims, with a fresh `jti`.
    pub fn claims(self) -> AccessClaims {
        let iat = self.now.timestamp();
        AccessClaims {
            iss: self.issuer.to_owned(),
            sub: self.user_id,
            aud: self.audience.to_owned(),
            client_id: FIRST_PARTY_CLIENT.to_owned(),
            scope: FIRST_PARTY_SCOPE.to_owned(),
            sid: self.session_id,
            jti: Uuid::now_v7(),
            iat,
            exp: iat.saturating_add(i64::try_from(self.ttl.as_secs()).unwrap_or(i64::MAX)),
            roles: self.roles,
            amr: self.amr.iter().map(|m| (*m).to_owned()).collect(),
        }
    }
}

/// Who may verify an access token: the issuer it must name and the audience
/// it must be for.
#[derive(Debug, Clone, Copy)]
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub audience: &'a str,
}

/// Whether `now` is past the token's `exp` (plus at most one second).
pub fn expired(claims: &AccessClaims, now: DateTime<Utc>) -> bool {
    now.timestamp_millis()
        > claims
            .exp
            .saturating_mul(1_000)
            .saturating_add(EXP_LEEWAY_MS)
}

/// A fresh opaque token: 256 random bits, URL-safe base64 without padding.
pub fn new_opaque_token() -> String {
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// How opaque tokens are stored: SHA-256, hex. Enough for 256-bit random
/// input, where a slow hash would add nothing.
pub fn hash_token(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The pad that seals a refresh token's successor: SHA-256 of the used token,
/// which only its holder and nobody reading the database has.
fn successor_pad(used: &str) -> [u8; 32] {
    let mut hash = Sha256::new();
    hash.update(b"palisade refresh successor\0");
    hash.update(used.as_bytes());
    hash.finalize().into()
}

fn xor_pad(bytes: &[u8], used: &str) -> Vec<u8> {
    bytes
        .iter()
        .zip(successor_pad(used))
        .map(|(b, p)| b ^ p)
        .collect()
}

/// Seals `successor` (one of our opaque tokens) so that only whoever
/// presents `used` again can open it: the 256 bits of the successor XOR a
/// pad derived from the used token, used once. The database holds only this
/// and hashes, so reading it yields no live token.
pub fn seal_successor(used: &str, successor: &str) -> Result<String> {
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let bytes = engine
        .decode(successor)
        .ok()
        .filter(|b| b.len() == 32)
        .ok_or_else(|| Error::bug("a successor that is not an opaque token"))?;
    Ok(engine.encode(xor_pad(&bytes, used)))
}

/// Opens what `seal_successor` sealed, given the same used token.
pub fn unseal_successor(used: &str, sealed: &str) -> Option<String> {
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let bytes = engine.decode(sealed).ok().filter(|b| b.len() == 32)?;
    Some(engine.encode(xor_pad(&bytes, used)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_successor_opens_only_with_the_token_it_replaced() {
        let (used, next) = (new_opaque_token(), new_opaque_token());
        let sealed = seal_successor(&used, &next).unwrap();
        assert_ne!(sealed, next, "the database never holds the token");
        assert_eq!(
            unseal_successor(&used, &sealed).as_deref(),
            Some(next.as_str())
        );
        let other = new_opaque_token();
        assert_ne!(
            unseal_successor(&other, &sealed).as_deref(),
            Some(next.as_str())
        );
        assert_eq!(unseal_successor(&used, "not base64 of 32 bytes"), None);
    }

    #[test]
    fn a_token_is_refused_at_most_a_second_after_it_expires() {
        let now = Utc::now();
        let claims = AccessGrant {
            user_id: Uuid::now_v7(),
            session_id: Uuid::now_v7(),
            roles: vec![],
            amr: PASSWORD_AMR,
            audience: "a",
            issuer: "i",
            now,
            ttl: Duration::from_secs(60),
        }
        .claims();
        assert!(!expired(&claims, now + chrono::TimeDelta::seconds(60)));
        assert!(expired(
            &claims,
            now + chrono::TimeDelta::milliseconds(61_001)
        ));
    }
}
