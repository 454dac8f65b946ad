//! Access tokens as JWS: signed with the key ring's current key (typed
//! `at+jwt`, ECDSA low-S), and checked (type, algorithm pinned to the key,
//! no key inside the token, issuer, audience, expiry). The `AccessTokens`
//! port. Never logs a token.

use std::str::FromStr;
use std::sync::Arc;

use async_trait::async_trait;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use jsonwebtoken::{Header, Validation, decode, decode_header, encode};

use super::key_material::SigningKey;
use super::keys::KeyRing;
use crate::core::error::{Error, Result};
use crate::core::ports::{AccessTokens, Verified};
use crate::core::tokens::{AccessClaims, AccessGrant, Expected, IdClaims, expired};
use crate::infra::store::Db;

/// The media type of access tokens (RFC 9068), in the `typ` header.
const ACCESS_TOKEN_TYPE: &str = "at+jwt";
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

/// The key ring, as the core sees it: signs and checks access tokens.
pub struct Jws {
    keys: Arc<KeyRing>,
    db: Db,
}

impl Jws {
    pub fn new(keys: Arc<KeyRing>, db: Db) -> Self {
        Self { keys, db }
    }
}

#[async_trait]
impl AccessTokens for Jws {
    fn issue(&self, grant: AccessGrant<'_>) -> Result<String> {
        issue_access_token(&self.keys, grant)
    }

    async fn verify(
        &self,
        token: &str,
        expected: Expected<'_>,
        now: DateTime<Utc>,
    ) -> Result<Verified> {
        let kid = claimed_kid(token).ok_or(Error::InvalidToken)?;
        // Another instance may have rotated a moment ago.
        self.keys.reload_for_unknown_kid(&kid, &self.db, now).await;
        let claims = verify_access_token(&self.keys, expected, token, now)?;
        Ok(Verified { claims, kid })
    }

    fn knows(&self, kid: &str) -> bool {
        self.keys.key(kid).is_some()
    }

    fn issue_id_token(
        &self,
        mut claims: IdClaims,
        access_token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<String>> {
        let key = self.keys.signing_key(now)?;
        if key.alg == JwtAlgorithm::Hs256 {
            return Ok(None);
        }
        claims.at_hash = Some(left_half_hash(key.alg, access_token));
        sign(&key, "JWT", &claims).map(Some)
    }

    fn read_id_token_hint(
        &self,
        token: &str,
        issuer: &str,
    ) -> Option<(String, String, uuid::Uuid)> {
        if token.len() > MAX_TOKEN_LEN {
            return None;
        }
        let header = decode_header(token).ok()?;
        if header.typ.as_deref() != Some("JWT") || header.jwk.is_some() || header.jku.is_some() {
            return None;
        }
        let key = self.keys.key(header.kid.as_deref()?)?;
        if header.alg != key.alg.jwt() || key.alg == JwtAlgorithm::Hs256 {
            return None;
        }
        let mut validation = Validation::new(key.alg.jwt());
        // A hint may have expired: it names who, it grants nothing.
        validation.validate_exp = false;
        validation.validate_aud = false;
        validation.set_issuer(&[issuer]);
        validation.set_required_spec_claims(&["iss", "sub", "aud"]);
        let claims = decode::<IdClaims>(token, &key.decoding, &validation)
            .ok()?
            .claims;
        Some((claims.sub, claims.aud, claims.sid))
    }

    fn id_token_algorithm(&self, now: DateTime<Utc>) -> Option<&'static str> {
        let key = self.keys.signing_key(now).ok()?;
        (key.alg != JwtAlgorithm::Hs256).then_some(key.alg.as_str())
    }
}

/// `at_hash` (OpenID Connect Core §3.1.3.6): the left half of the access
/// token's hash by the signing algorithm's hash function (SHA-512 for
/// Ed25519), base64url.
fn left_half_hash(alg: JwtAlgorithm, token: &str) -> String {
    use sha2::Digest as _;
    let digest: Vec<u8> = match alg {
        JwtAlgorithm::EdDsa => sha2::Sha512::digest(token.as_bytes()).to_vec(),
        _ => sha2::Sha256::digest(token.as_bytes()).to_vec(),
    };
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..digest.len() / 2])
}

/// Signs an access token with the key current at `grant.now`, typed `at+jwt`.
pub fn issue_access_token(keys: &KeyRing, grant: AccessGrant<'_>) -> Result<String> {
    let key = keys.signing_key(grant.now)?;
    sign(&key, ACCESS_TOKEN_TYPE, &grant.claims())
}

/// A compact JWS of `claims` by `key`, naming it in `kid`, typed `typ`.
/// ES256 signs with the key parsed once, and low-S: the one form
/// `verify_access_token` accepts, so each token has one spelling (ECDSA's
/// (r, s) and (r, n - s) both verify: BIP 62). Others go through jsonwebtoken.
fn sign<T: serde::Serialize>(key: &SigningKey, typ: &str, claims: &T) -> Result<String> {
    use p256::ecdsa::signature::Signer as _;
    let mut header = Header::new(key.alg.jwt());
    header.typ = Some(typ.into());
    header.kid = Some(key.kid.clone());
    let Some(es256) = &key.es256 else {
        return encode(&header, claims, &key.encoding).map_err(Error::internal);
    };
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    let header = serde_json::to_vec(&header).map_err(Error::internal)?;
    let claims = serde_json::to_vec(claims).map_err(Error::internal)?;
    let signing_input = format!("{}.{}", b64(&header), b64(&claims));
    let signature: p256::ecdsa::Signature = es256
        .try_sign(signing_input.as_bytes())
        .map_err(Error::internal)?;
    let signature = signature.normalize_s().unwrap_or(signature);
    Ok(format!("{signing_input}.{}", b64(&signature.to_bytes())))
}

/// The token's P-256 signature, if it has one that parses.
fn es256_signature(token: &str) -> Option<p256::ecdsa::Signature> {
    let (_, signature) = token.rsplit_once('.')?;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(signature)
        .ok()?;
    p256::ecdsa::Signature::from_slice(&bytes).ok()
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
        // An ID token (typed JWT too, naming its `azp`) is no access token.
        return match decode::<serde_json::Value>(token, &key.decoding, &validation) {
            Ok(old) if old.claims.get("azp").is_none() => Err(Error::TokenExpired),
            _ => Err(Error::InvalidToken),
        };
    }
    validation.set_required_spec_claims(&["exp", "iat", "iss", "sub", "aud"]);
    match expected.audience {
        Some(audience) => validation.set_audience(&[audience]),
        None => validation.validate_aud = false,
    }
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
