//! Signing key material: making key pairs, reading stored keys back into
//! jsonwebtoken keys, and the stand-in row of HS256 (whose key is the
//! configured secret, never stored). Private keys go nowhere else and have
//! no `Debug`.

use base64::Engine as _;
use jsonwebtoken::{DecodingKey, EncodingKey};
use rand::rngs::OsRng;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

use super::jws::JwtAlgorithm;
use crate::core::error::{Error, Result};
use crate::infra::store::{self, keys::NewKey};

pub struct SigningKey {
    pub kid: String,
    pub alg: JwtAlgorithm,
    pub(crate) encoding: EncodingKey,
    /// ES256's key, parsed once: jsonwebtoken reads PKCS#8 again (and
    /// derives the public point) at every signature, which doubled the
    /// cost of each token.
    pub(crate) es256: Option<p256::ecdsa::SigningKey>,
    pub(crate) decoding: DecodingKey,
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Makes a fresh key pair for `alg` (not HS256, whose key is the configured secret).
pub fn generate(alg: JwtAlgorithm) -> Result<NewKey> {
    let kid = uuid::Uuid::now_v7().simple().to_string();
    let (private_key, mut jwk) = match alg {
        JwtAlgorithm::Es256 => p256_pair()?,
        JwtAlgorithm::EdDsa => ed25519_pair()?,
        JwtAlgorithm::Rs256 => rsa_pair()?,
        JwtAlgorithm::Hs256 => {
            return Err(Error::bug("HS256 keys come from PALISADE_JWT_SECRET"));
        }
    };
    jwk["kid"] = json!(kid);
    jwk["alg"] = json!(alg.as_str());
    jwk["use"] = json!("sig");
    Ok(NewKey {
        kid,
        alg: alg.as_str().to_owned(),
        private_key,
        public_jwk: jwk.to_string(),
    })
}

/// A private key in PEM and its public JWK (without kid, alg and use).
type KeyPair = (String, Value);

fn p256_pair() -> Result<KeyPair> {
    use p256::pkcs8::{EncodePrivateKey, LineEnding};
    let secret = p256::SecretKey::random(&mut OsRng);
    let point =
        p256::elliptic_curve::sec1::ToEncodedPoint::to_encoded_point(&secret.public_key(), false);
    let (Some(x), Some(y)) = (point.x(), point.y()) else {
        return Err(Error::bug("P-256 public key without coordinates"));
    };
    let pem = secret
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(Error::internal)?;
    let jwk = json!({"kty": "EC", "crv": "P-256", "x": b64(x), "y": b64(y)});
    Ok((pem.to_string(), jwk))
}

fn ed25519_pair() -> Result<KeyPair> {
    use p256::pkcs8::{EncodePrivateKey, LineEnding};
    let secret = ed25519_dalek::SigningKey::generate(&mut OsRng);
    let pem = secret
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(Error::internal)?;
    let jwk = json!({"kty": "OKP", "crv": "Ed25519", "x": b64(secret.verifying_key().as_bytes())});
    Ok((pem.to_string(), jwk))
}

fn rsa_pair() -> Result<KeyPair> {
    use p256::pkcs8::LineEnding;
    use rsa::pkcs1::EncodeRsaPrivateKey;
    use rsa::traits::PublicKeyParts;
    let secret = rsa::RsaPrivateKey::new(&mut OsRng, 2048).map_err(Error::internal)?;
    let pem = secret
        .to_pkcs1_pem(LineEnding::LF)
        .map_err(Error::internal)?;
    let (n, e) = (
        b64(&secret.n().to_bytes_be()),
        b64(&secret.e().to_bytes_be()),
    );
    Ok((pem.to_string(), json!({"kty": "RSA", "n": n, "e": e})))
}

/// What a stored HS256 row holds instead of a key: a check value of the
/// configured secret, so the row (and its random `kid`) belongs to that secret
/// and a changed secret makes old tokens fail cleanly on `kid`. The secret
/// itself is never stored, and the `kid` says nothing about it.
pub fn secret_check(secret: &SecretString) -> String {
    let mut hash = Sha256::new();
    hash.update(b"palisade hs256 key check\0");
    hash.update(secret.expose_secret().as_bytes());
    crate::core::tokens::hex(&hash.finalize())
}

/// A fresh key to store for `alg`: a key pair, or for HS256 a row naming the
/// configured secret.
pub fn new_key(alg: JwtAlgorithm, secret: Option<&SecretString>) -> Result<NewKey> {
    match (alg, secret) {
        (JwtAlgorithm::Hs256, Some(secret)) => Ok(NewKey {
            kid: format!("hs256-{}", uuid::Uuid::now_v7().simple()),
            alg: alg.as_str().to_owned(),
            private_key: secret_check(secret),
            public_jwk: "{}".to_owned(),
        }),
        (JwtAlgorithm::Hs256, None) => Err(Error::bug("HS256 needs PALISADE_JWT_SECRET")),
        _ => generate(alg),
    }
}

/// The key a stored row describes, with its public JWK (none for HS256).
/// `None` for an HS256 row of another secret than the configured one: its
/// tokens cannot be checked.
pub fn load_key(
    stored: &store::keys::StoredKey,
    secret: Option<&SecretString>,
) -> Result<Option<(SigningKey, Option<Value>)>> {
    let alg: JwtAlgorithm = stored
        .alg
        .parse()
        .map_err(|_| Error::bug("a stored key names an algorithm this version does not know"))?;
    if alg == JwtAlgorithm::Hs256 {
        let Some(secret) = secret.filter(|s| secret_check(s) == stored.private_key) else {
            return Ok(None);
        };
        let bytes = secret.expose_secret().as_bytes();
        let key = SigningKey {
            kid: stored.kid.clone(),
            alg,
            encoding: EncodingKey::from_secret(bytes),
            es256: None,
            decoding: DecodingKey::from_secret(bytes),
        };
        return Ok(Some((key, None)));
    }
    let jwk: Value = serde_json::from_str(&stored.public_jwk).map_err(Error::internal)?;
    let field = |name: &str| jwk[name].as_str().unwrap_or_default().to_owned();
    let pem = stored.private_key.as_bytes();
    let (encoding, decoding) = match alg {
        JwtAlgorithm::Es256 => (
            EncodingKey::from_ec_pem(pem),
            DecodingKey::from_ec_components(&field("x"), &field("y")),
        ),
        JwtAlgorithm::EdDsa => (
            EncodingKey::from_ed_pem(pem),
            DecodingKey::from_ed_components(&field("x")),
        ),
        JwtAlgorithm::Rs256 => (
            EncodingKey::from_rsa_pem(pem),
            DecodingKey::from_rsa_components(&field("n"), &field("e")),
        ),
        JwtAlgorithm::Hs256 => return Err(Error::bug("HS256 rows hold no key pair")),
    };
    let es256 = match alg {
        JwtAlgorithm::Es256 => {
            use p256::pkcs8::DecodePrivateKey;
            Some(
                p256::ecdsa::SigningKey::from_pkcs8_pem(&stored.private_key)
                    .map_err(Error::internal)?,
            )
        }
        _ => None,
    };
    let key = SigningKey {
        kid: stored.kid.clone(),
        alg,
        encoding: encoding.map_err(Error::internal)?,
        es256,
        decoding: decoding.map_err(Error::internal)?,
    };
    Ok(Some((key, Some(jwk))))
}
