//! The key ring: JWT signing keys, loaded from the database so every instance
//! signs and verifies with the same keys, and reloaded every few seconds so a
//! rotation reaches running servers. Private keys never leave this module and
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

#[derive(Default)]
struct KeySet {
    signing: Option<Arc<SigningKey>>,
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

fn load_key(stored: &store::keys::StoredKey) -> Result<(SigningKey, Value)> {
    let alg: JwtAlgorithm = stored.alg.parse().map_err(Error::internal)?;
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
        JwtAlgorithm::Hs256 => return Err(Error::internal("HS256 keys are not stored")),
    };
    let key = SigningKey {
        kid: stored.kid.clone(),
        alg,
        encoding: encoding.map_err(Error::internal)?,
        decoding: decoding.map_err(Error::internal)?,
    };
    Ok((key, jwk))
}

/// The HS256 key, named by a fingerprint of the secret so that changing the
/// secret makes old tokens fail cleanly on `kid`.
fn hmac_key(secret: &SecretString) -> SigningKey {
    let bytes = secret.expose_secret().as_bytes();
    let fingerprint = super::tokens::hash_token(secret.expose_secret());
    SigningKey {
        kid: format!("hs256-{}", &fingerprint[..16]),
        alg: JwtAlgorithm::Hs256,
        encoding: EncodingKey::from_secret(bytes),
        decoding: DecodingKey::from_secret(bytes),
    }
}

/// Makes a new key for `alg` current and retires the others. Returns its kid.
pub async fn rotate(db: &Db, alg: JwtAlgorithm, now: DateTime<Utc>) -> Result<String> {
    let key = generate(alg)?;
    let kid = key.kid.clone();
    let txn = db.begin().await?;
    store::keys::rotate_signing_key(&txn, key, now).await?;
    txn.commit().await?;
    Ok(kid)
}

impl KeyRing {
    /// Loads the keys, first creating a key for `alg` when none is current
    /// (first start, or the algorithm was changed).
    pub async fn open(
        db: &Db,
        alg: JwtAlgorithm,
        secret: Option<&SecretString>,
        access_ttl: Duration,
        now: DateTime<Utc>,
    ) -> Result<Arc<Self>> {
        if alg != JwtAlgorithm::Hs256 {
            let txn = db.begin().await?;
            store::lock_for_startup(&txn).await?;
            if store::keys::current_key(&txn, alg.as_str())
                .await?
                .is_none()
            {
                store::keys::rotate_signing_key(&txn, generate(alg)?, now).await?;
                tracing::info!(alg = alg.as_str(), "created a new signing key");
            }
            txn.commit().await?;
        }
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
            let (key, jwk) = load_key(&stored)?;
            let key = Arc::new(key);
            if set.signing.is_none() && stored.retired_at.is_none() && key.alg == self.alg {
                set.signing = Some(key.clone());
            }
            set.by_kid.insert(key.kid.clone(), key);
            set.jwks.push(jwk);
        }
        if let (JwtAlgorithm::Hs256, Some(secret)) = (self.alg, secret) {
            let key = Arc::new(hmac_key(secret));
            set.signing = Some(key.clone());
            set.by_kid.insert(key.kid.clone(), key);
        }
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

    pub fn signing_key(&self) -> Result<Arc<SigningKey>> {
        self.current()
            .signing
            .clone()
            .ok_or_else(|| Error::internal("no current signing key"))
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
