//! The key ring: JWT signing keys, loaded from the database so every instance
//! signs and verifies with the same keys, and reloaded every few seconds so a
//! rotation reaches running servers. A new key is published first and signs
//! later (PALISADE_KEY_ACTIVATION_DELAY), so verifiers that cache the JWKS
//! never meet an unknown `kid`. Every instance signs with the key whose time
//! it is, whatever its algorithm: PALISADE_JWT_ALG only says what kind of key
//! to make, so instances configured differently (a rolling change of
//! algorithm, a command run with other settings) never stop signing.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::TransactionTrait;
use secrecy::SecretString;
use serde_json::{Value, json};

use super::jws::JwtAlgorithm;
use super::key_material::{generate, load_key, new_key, secret_check};
use crate::core::clock::delta;
use crate::core::error::{Error, Result};
use crate::infra::store::{self, Db, changes::KeyVersion, keys::StoredKey};

pub use super::key_material::SigningKey;

/// How often running servers look for rotated keys (the contract allows 5 s).
pub const RELOAD_EVERY: Duration = Duration::from_secs(4);

/// What the ring needs to know from the settings.
#[derive(Clone)]
pub struct KeyPolicy {
    /// The kind of key this instance makes.
    pub alg: JwtAlgorithm,
    /// HS256's key; for other algorithms, unused.
    pub secret: Option<SecretString>,
    /// Retired keys stay published this long: the lifetime of their tokens.
    pub access_ttl: Duration,
    /// Retired keys still tell an expired token from a forged one this long
    /// (a client may come back a day later with an expired token and a live
    /// refresh token): the lifetime of a session.
    pub session_ttl: Duration,
    /// How long a new key is published before it signs.
    pub activation_delay: Duration,
    /// The tenant whose keys the ring holds.
    pub tenant: String,
}

/// A key and the time it signs in.
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
    /// The rows the set was made from, as `KeyRing::view` sees them: a
    /// poll that sees the same needs no reload.
    seen: Vec<(KeyVersion, bool)>,
}

pub struct KeyRing {
    policy: KeyPolicy,
    /// When the keys were last read, to reload on an unknown `kid` at most
    /// once a second.
    last_reload: std::sync::Mutex<Option<std::time::Instant>>,
    set: RwLock<Arc<KeySet>>,
    /// One reload at a time (the poll, a notice, an unknown kid): a slower
    /// read started earlier must not replace what a later one found, such
    /// as a revocation.
    reloading: tokio::sync::Mutex<()>,
}

/// Whether this instance can sign with a stored key: any key pair; an HS256
/// row only when it names the configured secret.
fn usable(key: &StoredKey, check: Option<&String>) -> bool {
    key.alg != JwtAlgorithm::Hs256.as_str() || Some(&key.private_key) == check
}

/// Whether a key of the live ones signs at `now`.
fn signs_at(keys: &[StoredKey], check: Option<&String>, now: DateTime<Utc>) -> bool {
    keys.iter()
        .any(|k| usable(k, check) && k.active_from() <= now)
}

/// Publishes a new key for `alg` that signs from `activates_at`; every other
/// key signs until then and stays published until its tokens have expired.
/// Returns its kid.
pub async fn rotate(
    tenant: &str,
    db: &Db,
    alg: JwtAlgorithm,
    now: DateTime<Utc>,
    activates_at: DateTime<Utc>,
) -> Result<String> {
    let key = generate(alg)?;
    let kid = key.kid.clone();
    let txn = db.begin().await?;
    store::keys::publish_signing_key(tenant, &txn, key, activates_at.max(now), now).await?;
    txn.commit().await?;
    Ok(kid)
}

/// The algorithm of the key that signs at `now`, if one does.
pub async fn signing_algorithm(
    tenant: &str,
    db: &Db,
    now: DateTime<Utc>,
) -> Result<Option<String>> {
    Ok(store::keys::live_keys(tenant, db, now)
        .await?
        .into_iter()
        .find(|k| k.active_from() <= now)
        .map(|k| k.alg))
}

/// Revokes a (compromised) key: it leaves the JWKS and its tokens are refused
/// everywhere within seconds. When no other key would sign now, a new key of
/// `alg` takes over at once; its kid is returned. `NotFound` for an unknown
/// key.
pub async fn revoke(
    tenant: &str,
    db: &Db,
    alg: JwtAlgorithm,
    kid: &str,
    now: DateTime<Utc>,
) -> Result<Option<String>> {
    let txn = db.begin().await?;
    store::keys::revoke_signing_key(tenant, &txn, kid, now)
        .await?
        .ok_or(Error::NotFound)?;
    // Any key pair, or an HS256 row: the servers hold its secret.
    let live = store::keys::live_keys(tenant, &txn, now).await?;
    let replacement = if live.iter().any(|k| k.active_from() <= now) {
        None
    } else {
        if alg == JwtAlgorithm::Hs256 {
            return Err(Error::bug(
                "the HS256 key is PALISADE_JWT_SECRET: replace the secret instead",
            ));
        }
        let key = generate(alg)?;
        let kid = key.kid.clone();
        store::keys::publish_signing_key(tenant, &txn, key, now, now).await?;
        Some(kid)
    };
    txn.commit().await?;
    Ok(replacement)
}

impl KeyRing {
    /// Loads the keys, first publishing a key of the configured algorithm
    /// when none is live (first start, a changed algorithm, or for HS256 a
    /// changed secret). It signs after the activation delay while another
    /// key can sign meanwhile, at once when none can.
    pub async fn open(db: &Db, policy: KeyPolicy, now: DateTime<Utc>) -> Result<Arc<Self>> {
        let txn = db.begin().await?;
        store::lock_for_startup(&txn).await?;
        let live = store::keys::live_keys(&policy.tenant, &txn, now).await?;
        let check = policy.secret.as_ref().map(secret_check);
        let own = live
            .iter()
            .any(|k| k.alg == policy.alg.as_str() && usable(k, check.as_ref()));
        if !own {
            let activates_at = if signs_at(&live, check.as_ref(), now) {
                now + delta(policy.activation_delay)
            } else {
                now
            };
            let key = new_key(policy.alg, policy.secret.as_ref())?;
            store::keys::publish_signing_key(&policy.tenant, &txn, key, activates_at, now).await?;
            tracing::info!(alg = policy.alg.as_str(), %activates_at, "published a new signing key");
        }
        txn.commit().await?;
        Self::load(db, policy, now).await
    }

    /// Loads the keys as they are, publishing none: for a command that
    /// signs nothing (`admin create`).
    pub async fn load(db: &Db, policy: KeyPolicy, now: DateTime<Utc>) -> Result<Arc<Self>> {
        let ring = Arc::new(Self {
            policy,
            last_reload: std::sync::Mutex::new(None),
            set: RwLock::new(Arc::default()),
            reloading: tokio::sync::Mutex::new(()),
        });
        ring.reload(db, now).await?;
        Ok(ring)
    }

    /// How long a retired key stays in the JWKS, and how long it is known.
    fn windows(&self) -> (TimeDelta, TimeDelta) {
        // A lagging instance may sign with a key up to one reload after it was
        // retired: keep it published that much longer than a token lives.
        let published = delta(self.policy.access_ttl) + delta(RELOAD_EVERY) + TimeDelta::seconds(1);
        // Longer still, out of the JWKS, to answer token_expired, not
        // unauthorized, for its (long expired) tokens.
        let known = published.max(delta(self.policy.session_ttl));
        (published, known)
    }

    /// What of `versions` the ring holds at `now`: each key still known,
    /// and whether it is published. Equal views make equal rings.
    fn view(
        &self,
        versions: impl IntoIterator<Item = KeyVersion>,
        now: DateTime<Utc>,
    ) -> Vec<(KeyVersion, bool)> {
        let (published, known) = self.windows();
        let mut view: Vec<_> = versions
            .into_iter()
            .filter(|v| v.retired_at.is_none_or(|at| at > now - known))
            .map(|v| {
                let public = v.retired_at.is_none_or(|at| at > now - published);
                (v, public)
            })
            .collect();
        view.sort();
        view
    }

    /// The tenant whose keys these are.
    pub fn tenant(&self) -> &str {
        &self.policy.tenant
    }

    /// Reloads when `versions` (the tenant's keys as the database has them
    /// now) make another ring than the one held: a key published, retired
    /// or revoked, or one aged out of the JWKS. One cross-tenant query then
    /// serves every ring of the instance.
    pub async fn reload_if_changed(
        &self,
        versions: &[KeyVersion],
        db: &Db,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        if self.view(versions.iter().cloned(), now) == self.current().seen {
            return Ok(false);
        }
        self.reload(db, now).await?;
        Ok(true)
    }

    /// Rereads the keys from the database.
    pub async fn reload(&self, db: &Db, now: DateTime<Utc>) -> Result<()> {
        let _one_at_a_time = self.reloading.lock().await;
        let mut set = KeySet::default();
        let (published, known) = self.windows();
        let stored_keys = store::keys::keys_in_use(&self.policy.tenant, db, now - known).await?;
        set.seen = self.view(
            stored_keys.iter().map(|k| KeyVersion {
                kid: k.kid.clone(),
                retired_at: k.retired_at,
            }),
            now,
        );
        for stored in stored_keys {
            let Some((key, jwk)) = load_key(&stored, self.policy.secret.as_ref())? else {
                continue;
            };
            let key = Arc::new(key);
            set.signers.push(Signer {
                from: stored.active_from(),
                until: stored.retired_at,
                key: key.clone(),
            });
            set.by_kid.insert(key.kid.clone(), key);
            if stored.retired_at.is_none_or(|at| at > now - published) {
                set.jwks.extend(jwk);
            }
        }
        set.signers.sort_by_key(|s| std::cmp::Reverse(s.from));
        *self.set.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(set);
        *self.last_reload.lock().unwrap_or_else(|p| p.into_inner()) =
            Some(std::time::Instant::now());
        Ok(())
    }

    /// A token names a key we do not know: another instance may have rotated
    /// a moment ago. Rereads the keys, at most once a second.
    pub async fn reload_for_unknown_kid(&self, kid: &str, db: &Db, now: DateTime<Utc>) {
        if self.key(kid).is_some() {
            return;
        }
        let recent = self
            .last_reload
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .is_some_and(|at| at.elapsed() < Duration::from_secs(1));
        if !recent && let Err(err) = self.reload(db, now).await {
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
                Error::bug("no signing key is current: run `palisade keys rotate --now`")
            })
    }

    /// A key that verifies tokens: published, or retired so long ago that
    /// its tokens have all expired. Never a revoked one.
    pub fn key(&self, kid: &str) -> Option<Arc<SigningKey>> {
        self.current().by_kid.get(kid).cloned()
    }

    /// The public keys, as served at `/.well-known/jwks.json`.
    pub fn jwks(&self) -> Value {
        json!({ "keys": self.current().jwks })
    }
}
