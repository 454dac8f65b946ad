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
pub const PASSWORD_AMR: &str = "pwd";
/// How a session signed in at another identity provider is marked (our
/// own value: RFC 8176 has none for "federated").
pub const FEDERATED_AMR: &str = "fed";
/// Leeway on `exp`: a token is refused at most one second after it expired.
const EXP_LEEWAY_MS: i64 = 1_000;

/// The claims of an access token (RFC 9068).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    /// The user's id, or for a `client_credentials` token the client's id.
    pub sub: String,
    /// Who the token is for: `PALISADE_ACCESS_TOKEN_AUDIENCE`, or an OAuth
    /// client's audience.
    pub aud: String,
    /// The client it was issued to.
    pub client_id: String,
    pub scope: String,
    /// The session; none for a client acting for itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<Uuid>,
    pub jti: Uuid,
    pub iat: i64,
    pub exp: i64,
    #[serde(default)]
    pub roles: Vec<String>,
    /// How the user signed in (RFC 8176); none for a client.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub amr: Vec<String>,
}

impl AccessClaims {
    /// The user and session of a user's token; `None` for a client's own.
    pub fn user_session(&self) -> Option<(Uuid, Uuid)> {
        Some((self.sub.parse().ok()?, self.sid?))
    }
}

/// Who a token speaks for.
#[derive(Debug, Clone, Copy)]
pub enum Subject<'a> {
    /// A user, in one of their sessions.
    User { user_id: Uuid, session_id: Uuid },
    /// A client acting for itself (`client_credentials`).
    Client(&'a str),
}

/// What a new access token is to say.
pub struct AccessGrant<'a> {
    pub subject: Subject<'a>,
    pub client_id: &'a str,
    pub scope: &'a str,
    pub roles: Vec<String>,
    pub amr: &'a [String],
    pub audience: &'a str,
    pub issuer: &'a str,
    pub now: DateTime<Utc>,
    pub ttl: Duration,
}

fn expiry(iat: i64, ttl: Duration) -> i64 {
    iat.saturating_add(i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX))
}

impl AccessGrant<'_> {
    /// The claims, with a fresh `jti`.
    pub fn claims(self) -> AccessClaims {
        let iat = self.now.timestamp();
        let (sub, sid) = match self.subject {
            Subject::User {
                user_id,
                session_id,
            } => (user_id.to_string(), Some(session_id)),
            Subject::Client(id) => (id.to_owned(), None),
        };
        AccessClaims {
            iss: self.issuer.to_owned(),
            sub,
            aud: self.audience.to_owned(),
            client_id: self.client_id.to_owned(),
            scope: self.scope.to_owned(),
            sid,
            jti: Uuid::now_v7(),
            iat,
            exp: expiry(iat, self.ttl),
            roles: self.roles,
            amr: self.amr.to_vec(),
        }
    }
}

/// The authentication context classes Palisade names (`acr`), weakest
/// first: one factor (a password, a passkey alone, another provider), two.
pub const ACR_VALUES: [&str; 2] = ["1fa", "mfa"];
/// What relying parties also send to ask for two factors (OpenID PAPE).
pub const ACR_PAPE_MULTI_FACTOR: &str =
    "http://schemas.openid.net/pape/policies/2007/06/multi-factor";

/// The class of a sign-in whose methods were `amr`.
pub fn acr_of(amr: &[String]) -> &'static str {
    match amr.iter().any(|m| m == "mfa") {
        true => "mfa",
        false => "1fa",
    }
}

/// The claims of an ID token (OpenID Connect Core §2), profile claims by scope.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IdClaims {
    pub iss: String,
    pub sub: String,
    pub aud: String,
    pub azp: String,
    pub exp: i64,
    pub iat: i64,
    pub auth_time: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    pub sid: Uuid,
    pub amr: Vec<String>,
    /// `mfa` when the user signed in with two factors, else `1fa`: see
    /// `acr_of`.
    pub acr: String,
    /// Set by the signer, which knows the algorithm's hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_hash: Option<String>,
    #[serde(flatten)]
    pub profile: serde_json::Map<String, serde_json::Value>,
}

/// Who may verify an access token: the issuer it must name and the audience
/// it must be for (`None`: any, for introspection and userinfo, which serve
/// every client's tokens).
#[derive(Debug, Clone, Copy)]
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub audience: Option<&'a str>,
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
            subject: Subject::User {
                user_id: Uuid::now_v7(),
                session_id: Uuid::now_v7(),
            },
            client_id: FIRST_PARTY_CLIENT,
            scope: FIRST_PARTY_SCOPE,
            roles: vec![],
            amr: &[PASSWORD_AMR.to_owned()],
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
