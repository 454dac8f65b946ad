//! Access tokens (signed JWTs) and opaque tokens (refresh, later reset and
//! verification): issuing, verifying, hashing. Never logs a token.

use std::str::FromStr;
use std::time::Duration;

use base64::Engine as _;
use chrono::{DateTime, Utc};
use jsonwebtoken::{Header, Validation, decode, decode_header, encode};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use super::keys::KeyRing;
use crate::error::{Error, Result};

/// Leeway on `exp`: a token is refused at most one second after it expired.
const EXP_LEEWAY_MS: i64 = 1_000;
/// Longer than any token we issue; bigger input is refused before parsing.
const MAX_TOKEN_LEN: usize = 8 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JwtAlgorithm {
    Es256,
    EdDsa,
    Rs256,
    Hs256,
}

impl JwtAlgorithm {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Es256 => "ES256",
            Self::EdDsa => "EdDSA",
            Self::Rs256 => "RS256",
            Self::Hs256 => "HS256",
        }
    }

    pub fn jwt(self) -> jsonwebtoken::Algorithm {
        match self {
            Self::Es256 => jsonwebtoken::Algorithm::ES256,
            Self::EdDsa => jsonwebtoken::Algorithm::EdDSA,
            Self::Rs256 => jsonwebtoken::Algorithm::RS256,
            Self::Hs256 => jsonwebtoken::Algorithm::HS256,
        }
    }
}

impl FromStr for JwtAlgorithm {
    type Err = &'static str;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_uppercase().as_str() {
            "ES256" => Ok(Self::Es256),
            "EDDSA" => Ok(Self::EdDsa),
            "RS256" => Ok(Self::Rs256),
            "HS256" => Ok(Self::Hs256),
            _ => Err("expected ES256, EdDSA, RS256 or HS256"),
        }
    }
}

/// The claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessClaims {
    pub iss: String,
    pub sub: Uuid,
    pub sid: Uuid,
    pub jti: Uuid,
    pub iat: i64,
    pub exp: i64,
    pub roles: Vec<String>,
}

pub struct AccessGrant<'a> {
    pub user_id: Uuid,
    pub session_id: Uuid,
    pub roles: Vec<String>,
    pub issuer: &'a str,
    pub now: DateTime<Utc>,
    pub ttl: Duration,
}

/// Signs an access token with the current key, naming it in `kid`.
pub fn issue_access_token(keys: &KeyRing, grant: AccessGrant<'_>) -> Result<String> {
    let key = keys.signing_key()?;
    let iat = grant.now.timestamp();
    let claims = AccessClaims {
        iss: grant.issuer.to_owned(),
        sub: grant.user_id,
        sid: grant.session_id,
        jti: Uuid::now_v7(),
        iat,
        exp: iat.saturating_add(i64::try_from(grant.ttl.as_secs()).unwrap_or(i64::MAX)),
        roles: grant.roles,
    };
    let mut header = Header::new(key.alg.jwt());
    header.typ = Some("JWT".into());
    header.kid = Some(key.kid.clone());
    encode(&header, &claims, &key.encoding).map_err(Error::internal)
}

/// Verifies signature, issuer and expiry against `now`. The algorithm is the
/// one of the key named by `kid`, never the one the token asks for; tokens that
/// carry their own key (`jwk`, `jku`, `x5u`, `x5c`) are refused outright.
pub fn verify_access_token(
    keys: &KeyRing,
    issuer: &str,
    token: &str,
    now: DateTime<Utc>,
) -> Result<AccessClaims> {
    if token.len() > MAX_TOKEN_LEN {
        return Err(Error::InvalidToken);
    }
    let header = decode_header(token).map_err(|_| Error::InvalidToken)?;
    if header.jwk.is_some()
        || header.jku.is_some()
        || header.x5u.is_some()
        || header.x5c.is_some()
        || header.crit.is_some()
    {
        return Err(Error::InvalidToken);
    }
    let key = header
        .kid
        .as_deref()
        .and_then(|kid| keys.key(kid))
        .ok_or(Error::InvalidToken)?;
    if header.alg != key.alg.jwt() {
        return Err(Error::InvalidToken);
    }
    let mut validation = Validation::new(key.alg.jwt());
    // Expiry is checked below against the injected clock, not the system time.
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.validate_aud = false;
    validation.set_required_spec_claims(&["exp", "iat", "iss", "sub"]);
    validation.set_issuer(&[issuer]);
    let claims = decode::<AccessClaims>(token, &key.decoding, &validation)
        .map_err(|_| Error::InvalidToken)?
        .claims;
    if expired(&claims, now) {
        return Err(Error::InvalidToken);
    }
    Ok(claims)
}

/// The `kid` a token names, unverified: only to decide whether to reload keys.
pub fn claimed_kid(token: &str) -> Option<String> {
    if token.len() > MAX_TOKEN_LEN {
        return None;
    }
    decode_header(token).ok()?.kid
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
    super::passwords::hex(&Sha256::digest(token.as_bytes()))
}
