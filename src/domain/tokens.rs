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

/// The built-in public client that `/v1/auth/*` issues tokens to.
pub const FIRST_PARTY_CLIENT: &str = "palisade";
/// What a first-party access token lets its holder do: everything the user may.
pub const FIRST_PARTY_SCOPE: &str = "openid profile email offline_access";
/// How a password sign-in is recorded in `amr` (RFC 8176).
pub const PASSWORD_AMR: &[&str] = &["pwd"];
/// The media type of access tokens (RFC 9068), in the `typ` header.
const ACCESS_TOKEN_TYPE: &str = "at+jwt";

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

/// Who may verify an access token: the issuer it must name and the audience
/// it must be for.
#[derive(Debug, Clone, Copy)]
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub audience: &'a str,
}

/// Signs an access token with the key current at `grant.now`, naming it in
/// `kid`, typed `at+jwt`. ECDSA signatures are made low-S, the one form
/// `verify_access_token` accepts, so each token has one spelling.
pub fn issue_access_token(keys: &KeyRing, grant: AccessGrant<'_>) -> Result<String> {
    let key = keys.signing_key(grant.now)?;
    let iat = grant.now.timestamp();
    let claims = AccessClaims {
        iss: grant.issuer.to_owned(),
        sub: grant.user_id,
        aud: grant.audience.to_owned(),
        client_id: FIRST_PARTY_CLIENT.to_owned(),
        scope: FIRST_PARTY_SCOPE.to_owned(),
        sid: grant.session_id,
        jti: Uuid::now_v7(),
        iat,
        exp: iat.saturating_add(i64::try_from(grant.ttl.as_secs()).unwrap_or(i64::MAX)),
        roles: grant.roles,
        amr: grant.amr.iter().map(|m| (*m).to_owned()).collect(),
    };
    let mut header = Header::new(key.alg.jwt());
    header.typ = Some(ACCESS_TOKEN_TYPE.into());
    header.kid = Some(key.kid.clone());
    let token = encode(&header, &claims, &key.encoding).map_err(Error::internal)?;
    if key.alg == JwtAlgorithm::Es256 {
        return low_s(&token);
    }
    Ok(token)
}

/// The token's P-256 signature, if it has one that parses.
fn es256_signature(token: &str) -> Option<p256::ecdsa::Signature> {
    let (_, signature) = token.rsplit_once('.')?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(signature)
        .ok()?;
    p256::ecdsa::Signature::from_slice(&bytes).ok()
}

/// ECDSA signatures are malleable: (r, s) and (r, n - s) both verify. The
/// low-S form is the canonical one (BIP 62).
fn low_s(token: &str) -> Result<String> {
    let signature =
        es256_signature(token).ok_or_else(|| Error::internal("unreadable ES256 signature"))?;
    match (signature.normalize_s(), token.rsplit_once('.')) {
        (Some(low), Some((signing_input, _))) => Ok(format!(
            "{signing_input}.{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(low.to_bytes())
        )),
        _ => Ok(token.to_owned()),
    }
}

fn is_access_token_type(typ: Option<&str>) -> bool {
    typ.is_some_and(|t| {
        t.eq_ignore_ascii_case(ACCESS_TOKEN_TYPE) || t.eq_ignore_ascii_case("application/at+jwt")
    })
}

/// Verifies type, signature, issuer, audience and expiry against `now`. The
/// algorithm is the one of the key named by `kid`, never the one the token
/// asks for; tokens that carry their own key (`jwk`, `jku`, `x5u`, `x5c`) are
/// refused outright, and so are high-S ECDSA signatures (the other spelling
/// of a genuine token). `TokenExpired` only for a genuine token past `exp`.
pub fn verify_access_token(
    keys: &KeyRing,
    expected: Expected<'_>,
    token: &str,
    now: DateTime<Utc>,
) -> Result<AccessClaims> {
    if token.len() > MAX_TOKEN_LEN {
        return Err(Error::InvalidToken);
    }
    let header = decode_header(token).map_err(|_| Error::InvalidToken)?;
    // Tokens issued before access tokens followed RFC 9068 (typed `JWT`, no
    // `aud`): a genuine one is answered as expired, so its client refreshes
    // rather than signing in again. They are at most one token lifetime old.
    let legacy = header.typ.as_deref() == Some("JWT");
    if header.jwk.is_some()
        || header.jku.is_some()
        || header.x5u.is_some()
        || header.x5c.is_some()
        || header.crit.is_some()
        || !(legacy || is_access_token_type(header.typ.as_deref()))
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
    // (Legacy tokens were signed before signatures were made low-S.)
    if key.alg == JwtAlgorithm::Es256
        && !legacy
        && es256_signature(token).is_none_or(|s| s.normalize_s().is_some())
    {
        return Err(Error::InvalidToken);
    }
    let mut validation = Validation::new(key.alg.jwt());
    // Expiry is checked below against the injected clock, not the system time.
    validation.validate_exp = false;
    validation.validate_nbf = false;
    validation.set_issuer(&[expected.issuer]);
    if legacy {
        validation.validate_aud = false;
        validation.set_required_spec_claims(&["exp", "iat", "iss", "sub"]);
        return match decode::<serde_json::Value>(token, &key.decoding, &validation) {
            Ok(_) => Err(Error::TokenExpired),
            Err(_) => Err(Error::InvalidToken),
        };
    }
    validation.set_required_spec_claims(&["exp", "iat", "iss", "sub", "aud"]);
    validation.set_audience(&[expected.audience]);
    let claims = decode::<AccessClaims>(token, &key.decoding, &validation)
        .map_err(|_| Error::InvalidToken)?
        .claims;
    if expired(&claims, now) {
        return Err(Error::TokenExpired);
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

/// The pad that seals a refresh token's successor: SHA-256 of the used token,
/// which only its holder and nobody reading the database has.
fn successor_pad(used: &str) -> [u8; 32] {
    let mut hash = Sha256::new();
    hash.update(b"palisade refresh successor\0");
    hash.update(used.as_bytes());
    hash.finalize().into()
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
        .ok_or_else(|| Error::internal("a successor that is not an opaque token"))?;
    let pad = successor_pad(used);
    let sealed: Vec<u8> = bytes.iter().zip(pad).map(|(b, p)| b ^ p).collect();
    Ok(engine.encode(sealed))
}

/// Opens what `seal_successor` sealed, given the same used token.
pub fn unseal_successor(used: &str, sealed: &str) -> Option<String> {
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let bytes = engine.decode(sealed).ok().filter(|b| b.len() == 32)?;
    let pad = successor_pad(used);
    let opened: Vec<u8> = bytes.iter().zip(pad).map(|(b, p)| b ^ p).collect();
    Some(engine.encode(opened))
}

/// How opaque tokens are stored: SHA-256, hex. Enough for 256-bit random
/// input, where a slow hash would add nothing.
pub fn hash_token(token: &str) -> String {
    super::passwords::hex(&Sha256::digest(token.as_bytes()))
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
}
