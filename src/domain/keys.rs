//! The key ring: JWT signing keys, loaded from the database so every instance
//! signs and verifies with the same keys, and reloaded every few seconds so a
//! rotation reaches running servers. A rotated key is published first and
//! signs later (PALISADE_KEY_ACTIVATION_DELAY), so verifiers that cache the
//! JWKS never meet an unknown `kid`. Private keys never leave this module and
//! have no `Debug`.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use base64::Engine as _;
use chrono::{DateTime, Utc};
use jsonwebtoken::{DecodingKey, EncodingKey};
use rand::rngs::OsRng;
use sea_orm::TransactionTrait;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

use super::clock::{SharedClock, delta};
use super::tokens::JwtAlgorithm;
use crate::error::{Error, Result};
use crate::store::{self, Db, keys::NewKey};

/// How often running servers look for rotated keys (the contract allows 5 s).
pub const RELOAD_EVERY: Duration = Duration::from_secs(4);

pub struct SigningKey {
    pub kid: String,
    pub alg: JwtAlgorithm,
    pub(crate) encoding: EncodingKey,
    pub(crate) decoding: DecodingKey,
}

/// A key of the configured algorithm and the time it signs in.
struct Signer {
    from: DateTime<Utc>,
    until: Option<DateTime<Utc>>,
    key: Arc<SigningKey>,
}

#[derive(Default)]
struct KeySet {
    /// Newest first.
    signers: Vec<Signer>,
    by_kid: HashMap<String, Arc<SigningKey>>,
    jwks: Vec<Value>,
}

pub struct KeyRing {
    alg: JwtAlgorithm,
    /// When the keys were last read, to reload on an unknown `kid` at most
    /// once a second.
    last_reload: std::sync::Mutex<Option<std::time::Instant>>,
    /// Retired keys stay published this long: the lifetime of their tokens.
    access_ttl: Duration,
    set: RwLock<Arc<KeySet>>,
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Makes a fresh key pair for `alg` (not HS256, whose key is the configured secret).
pub fn generate(alg: JwtAlgorithm) -> Result<NewKey> {
    use p256::pkcs8::{EncodePrivateKey, LineEnding};
    let kid = uuid::Uuid::now_v7().simple().to_string();
    let (private_key, mut jwk) = match alg {
        JwtAlgorithm::Es256 => {
            let secret = p256::SecretKey::random(&mut OsRng);
            let point = p256::elliptic_curve::sec1::ToEncodedPoint::to_encoded_point(
                &secret.public_key(),
                false,
            );
            let (Some(x), Some(y)) = (point.x(), point.y()) else {
                return Err(Error::internal("P-256 public key without coordinates"));
            };
            let pem = secret
                .to_pkcs8_pem(LineEnding::LF)
                .map_err(Error::internal)?;
            (
                pem.to_string(),
                json!({"kty": "EC", "crv": "P-256", "x": b64(x), "y": b64(y)}),
            )
        }
        JwtAlgorithm::EdDsa => {
            let secret = ed25519_dalek::SigningKey::generate(&mut OsRng);
            let pem = secret
                .to_pkcs8_pem(LineEnding::LF)
                .map_err(Error::internal)?;
            let x = b64(secret.verifying_key().as_bytes());
            (
                pem.to_string(),
                json!({"kty": "OKP", "crv": "Ed25519", "x": x}),
            )
        }
        JwtAlgorithm::Rs256 => {
            use rsa::pkcs1::EncodeRsaPrivateKey;
            use rsa::traits::PublicKeyParts;
            let secret = rsa::RsaPrivateKey::new(&mut OsRng, 2048).map_err(Error::internal)?;
            let pem = secret
                .to_pkcs1_pem(LineEnding::LF)
                .map_err(Error::internal)?;
            let n = b64(&secret.n().to_bytes_be());
            let e = b64(&secret.e().to_bytes_be());
            (pem.to_string(), json!({"kty": "RSA", "n": n, "e": e}))
        }
        JwtAlgorithm::Hs256 => {
            return Err(Error::internal("HS256 keys come from PALISADE_JWT_SECRET"));
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

/// What a stored HS256 row holds instead of a key: a check value of the
/// configured secret, so the row (and its random `kid`) belongs to that secret
/// and a changed secret makes old tokens fail cleanly on `kid`. The secret
/// itself is never stored, and the `kid` says nothing about it.
fn secret_check(secret: &SecretString) -> String {
    let mut hash = Sha256::new();
    hash.update(b"palisade hs256 key check\0");
    hash.update(secret.expose_secret().as_bytes());
    super::passwords::hex(&hash.finalize())
}

/// A fresh key to store for `alg`: a key pair, or for HS256 a row naming the
/// configured secret.
fn new_key(alg: JwtAlgorithm, secret: Option<&SecretString>) -> Result<NewKey> {
    match (alg, secret) {
        (JwtAlgorithm::Hs256, Some(secret)) => Ok(NewKey {
            kid: format!("hs256-{}", uuid::Uuid::now_v7().simple()),
            alg: alg.as_str().to_owned(),
            private_key: secret_check(secret),
            public_jwk: "{}".to_owned(),
        }),
        (JwtAlgorithm::Hs256, None) => Err(Error::internal("HS256 needs PALISADE_JWT_SECRET")),
        _ => generate(alg),
    }
}

/// The key a stored row describes, with its public JWK (none for HS256).
/// `None` for an HS256 row of another secret than the configured one: its
/// tokens cannot be checked.
fn load_key(
    stored: &store::keys::StoredKey,
    secret: Option<&SecretString>,
) -> Result<Option<(SigningKey, Option<Value>)>> {
    let alg: JwtAlgorithm = stored.alg.parse().map_err(Error::internal)?;
    if alg == JwtAlgorithm::Hs256 {
        let Some(secret) = secret.filter(|s| secret_check(s) == stored.private_key) else {
            return Ok(None);
        };
        let bytes = secret.expose_secret().as_bytes();
        let key = SigningKey {
            kid: stored.kid.clone(),
            alg,
            encoding: EncodingKey::from_secret(bytes),
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
        JwtAlgorithm::Hs256 => return Err(Error::internal("HS256 rows hold no key pair")),
    };
    let key = SigningKey {
        kid: stored.kid.clone(),
        alg,
        encoding: encoding.map_err(Error::internal)?,
        decoding: decoding.map_err(Error::internal)?,
    };
    Ok(Some((key, Some(jwk))))
}

/// Publishes a new key for `alg` that signs from `activates_at`; every other
/// key signs until then and stays published until its tokens have expired.
/// Returns its kid.
pub async fn rotate(
    db: &Db,
    alg: JwtAlgorithm,
    now: DateTime<Utc>,
    activates_at: DateTime<Utc>,
) -> Result<String> {
    let key = generate(alg)?;
    let kid = key.kid.clone();
    let txn = db.begin().await?;
    store::keys::publish_signing_key(&txn, key, activates_at.max(now), now).await?;
    txn.commit().await?;
    Ok(kid)
}

/// Revokes a (compromised) key: it leaves the JWKS and its tokens are refused
/// everywhere within seconds. When nothing of `alg` would be left to sign, a
/// new key takes over at once; its kid is returned. `NotFound` for an unknown
/// key.
pub async fn revoke(
    db: &Db,
    alg: JwtAlgorithm,
    kid: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>> {
    let txn = db.begin().await?;
    store::keys::revoke_signing_key(&txn, kid, now)
        .await?
        .ok_or(Error::NotFound)?;
    let signs_now = store::keys::signing_candidates(&txn, alg.as_str())
        .await?
        .iter()
        .any(|k| k.active_from() <= now);
    let replacement = if signs_now {
        None
    } else {
        if alg == JwtAlgorithm::Hs256 {
            return Err(Error::internal(
                "the HS256 key is PALISADE_JWT_SECRET: replace the secret instead",
            ));
        }
        let key = generate(alg)?;
        let kid = key.kid.clone();
        store::keys::publish_signing_key(&txn, key, now, now).await?;
        Some(kid)
    };
    txn.commit().await?;
    Ok(replacement)
}

impl KeyRing {
    /// Loads the keys, first creating a key for `alg` (signing at once, and
    /// retiring every other key) when none of `alg` signs or will: first
    /// start, a changed algorithm, or for HS256 a changed secret.
    pub async fn open(
        db: &Db,
        alg: JwtAlgorithm,
        secret: Option<&SecretString>,
        access_ttl: Duration,
        now: DateTime<Utc>,
    ) -> Result<Arc<Self>> {
        let txn = db.begin().await?;
        store::lock_for_startup(&txn).await?;
        let candidates = store::keys::signing_candidates(&txn, alg.as_str()).await?;
        let check = secret.map(secret_check);
        let usable = match alg {
            JwtAlgorithm::Hs256 => candidates
                .iter()
                .any(|k| Some(&k.private_key) == check.as_ref()),
            _ => !candidates.is_empty(),
        };
        if !usable {
            store::keys::publish_signing_key(&txn, new_key(alg, secret)?, now, now).await?;
            tracing::info!(alg = alg.as_str(), "created a new signing key");
        }
        txn.commit().await?;
        let ring = Arc::new(Self {
            alg,
            last_reload: std::sync::Mutex::new(None),
            access_ttl,
            set: RwLock::new(Arc::default()),
        });
        ring.reload(db, secret, now).await?;
        Ok(ring)
    }

    /// Rereads the keys from the database.
    pub async fn reload(
        &self,
        db: &Db,
        secret: Option<&SecretString>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut set = KeySet::default();
        // A lagging instance may sign with a key up to one reload after it was
        // retired: keep it published that much longer than a token lives.
        let keep = delta(self.access_ttl) + delta(RELOAD_EVERY) + chrono::TimeDelta::seconds(1);
        for stored in store::keys::keys_in_use(db, now - keep).await? {
            let Some((key, jwk)) = load_key(&stored, secret)? else {
                continue;
            };
            let key = Arc::new(key);
            if key.alg == self.alg {
                set.signers.push(Signer {
                    from: stored.active_from(),
                    until: stored.retired_at,
                    key: key.clone(),
                });
            }
            set.by_kid.insert(key.kid.clone(), key);
            set.jwks.extend(jwk);
        }
        set.signers.sort_by_key(|s| std::cmp::Reverse(s.from));
        *self.set.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(set);
        *self.last_reload.lock().unwrap_or_else(|p| p.into_inner()) =
            Some(std::time::Instant::now());
        Ok(())
    }

    /// A token names a key we do not know: another instance may have rotated
    /// a moment ago. Rereads the keys, at most once a second.
    pub async fn reload_for_unknown_kid(
        &self,
        kid: &str,
        db: &Db,
        secret: Option<&SecretString>,
        now: DateTime<Utc>,
    ) {
        if self.key(kid).is_some() {
            return;
        }
        let recent = self
            .last_reload
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some_and(|at| at.elapsed() < Duration::from_secs(1));
        if !recent && let Err(err) = self.reload(db, secret, now).await {
            tracing::warn!(error = %err, "could not reload signing keys");
        }
    }

    fn current(&self) -> Arc<KeySet> {
        self.set.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The key that signs at `now`: the newest active one not yet retired;
    /// a key published for later is in the JWKS but does not sign yet.
    pub fn signing_key(&self, now: DateTime<Utc>) -> Result<Arc<SigningKey>> {
        self.current()
            .signers
            .iter()
            .find(|s| s.from <= now && s.until.is_none_or(|until| until > now))
            .map(|s| s.key.clone())
            .ok_or_else(|| {
                Error::internal(format!(
                    "no current {} signing key: were keys rotated for another algorithm? Run `palisade keys rotate --now` with this server's PALISADE_JWT_ALG",
                    self.alg.as_str()
                ))
            })
    }

    pub fn key(&self, kid: &str) -> Option<Arc<SigningKey>> {
        self.current().by_kid.get(kid).cloned()
    }

    /// The public keys, as served at `/.well-known/jwks.json`.
    pub fn jwks(&self) -> Value {
        json!({ "keys": self.current().jwks })
    }

    /// Reloads every `RELOAD_EVERY` until the process ends; errors are logged
    /// and the previous keys kept.
    pub fn spawn_reloader(
        self: &Arc<Self>,
        db: Db,
        secret: Option<SecretString>,
        clock: SharedClock,
    ) {
        let ring = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(RELOAD_EVERY);
            tick.tick().await;
            loop {
                tick.tick().await;
                let Some(ring) = ring.upgrade() else { break };
                if let Err(err) = ring.reload(&db, secret.as_ref(), clock.now()).await {
                    tracing::warn!(error = %err, "could not reload signing keys");
                }
            }
        });
    }
}
