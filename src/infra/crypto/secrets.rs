//! Secrets at rest: values sealed with XChaCha20-Poly1305 under a key kept
//! apart from them (the operator's `PALISADE_SECRETS_KEY`, or one generated
//! once into the `secret_keys` table), and keyed hashes of short one-time
//! codes, which a plain hash would not protect from guessing offline. The
//! `Secrets` port. Never logs a value or a key.

use base64::Engine as _;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sea_orm::{ActiveModelTrait, EntityTrait, QueryOrder, Set};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use std::sync::Arc;

use crate::core::error::{Error, Result};
use crate::core::ports::Secrets;
use crate::core::tokens::hex;
use crate::infra::store::{Db, entities::secret_keys};

const NONCE_LEN: usize = 24;

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
}

/// HMAC-SHA-256 of `message` under `key`.
/// HMAC-SHA256 of `message` under `key`.
pub fn mac(key: &[u8], message: &[u8]) -> [u8; 32] {
    // HMAC takes a key of any length: `new_from_slice` cannot fail here.
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// One key: an id written before everything it seals, and the two keys
/// derived from its material (one to seal, one to hash codes).
struct Key {
    id: String,
    cipher: XChaCha20Poly1305,
    code_key: [u8; 32],
}

impl Key {
    fn from_material(material: &[u8]) -> Self {
        let id = hex(&mac(material, b"palisade secrets key id"))[..8].to_owned();
        let seal_key = mac(material, b"palisade seal");
        Self {
            id,
            cipher: XChaCha20Poly1305::new(&seal_key.into()),
            code_key: mac(material, b"palisade code hash"),
        }
    }

    fn code_hash(&self, code: &str) -> String {
        format!("{}.{}", self.id, hex(&mac(&self.code_key, code.as_bytes())))
    }
}

/// The current key, and older ones that still open what they sealed.
pub struct SecretBox {
    current: Key,
    older: Vec<Key>,
}

impl SecretBox {
    /// The operator's key (and the one it replaced), else the generated one.
    /// Generated keys are always kept for opening, so values sealed before
    /// the operator set a key still open.
    pub async fn load(
        db: &Db,
        configured: Option<&SecretString>,
        previous: Option<&SecretString>,
        now: DateTime<Utc>,
    ) -> Result<Self> {
        let mut stored = stored_keys(db).await?;
        let current = match configured {
            Some(key) => Key::from_material(key.expose_secret().as_bytes()),
            None => match stored.is_empty() {
                true => generate(db, now).await?,
                false => stored.remove(0),
            },
        };
        let mut older: Vec<Key> = previous
            .map(|key| Key::from_material(key.expose_secret().as_bytes()))
            .into_iter()
            .collect();
        older.extend(stored.into_iter().filter(|k| k.id != current.id));
        Ok(Self { current, older })
    }

    fn key(&self, id: &str) -> Option<&Key> {
        std::iter::once(&self.current)
            .chain(&self.older)
            .find(|k| k.id == id)
    }
}

/// The generated keys, oldest first (the first is the one in use).
async fn stored_keys(db: &Db) -> Result<Vec<Key>> {
    let rows = secret_keys::Entity::find()
        .order_by_asc(secret_keys::Column::CreatedAt)
        // Two made in the same instant: every instance picks the same one.
        .order_by_asc(secret_keys::Column::Id)
        .all(db)
        .await?;
    rows.iter()
        .map(|row| {
            let material = b64()
                .decode(&row.material)
                .map_err(|_| Error::bug("a stored secrets key is not base64url"))?;
            Ok(Key::from_material(&material))
        })
        .collect()
}

/// Makes the generated key. Two instances starting at once may both make
/// one; both then use the older of the two.
async fn generate(db: &Db, now: DateTime<Utc>) -> Result<Key> {
    let material: [u8; 32] = rand::random();
    let key = Key::from_material(&material);
    secret_keys::ActiveModel {
        id: Set(key.id.clone()),
        material: Set(b64().encode(material)),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    let mut keys = stored_keys(db).await?;
    match keys.is_empty() {
        true => Ok(key),
        false => Ok(keys.remove(0)),
    }
}

impl Secrets for SecretBox {
    fn seal(&self, plaintext: &[u8], context: &str) -> Result<String> {
        let nonce: [u8; NONCE_LEN] = rand::random();
        let sealed = self
            .current
            .cipher
            .encrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: plaintext,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| Error::bug("sealing failed"))?;
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        Ok(format!("{}.{}", self.current.id, b64().encode(bytes)))
    }

    fn open(&self, sealed: &str, context: &str) -> Option<Vec<u8>> {
        let (id, body) = sealed.split_once('.')?;
        let bytes = b64().decode(body).ok()?;
        if bytes.len() <= NONCE_LEN {
            return None;
        }
        let (nonce, ciphertext) = bytes.split_at(NONCE_LEN);
        let nonce: [u8; NONCE_LEN] = nonce.try_into().ok()?;
        self.key(id)?
            .cipher
            .decrypt(
                &XNonce::from(nonce),
                Payload {
                    msg: ciphertext,
                    aad: context.as_bytes(),
                },
            )
            .ok()
    }

    fn is_current(&self, sealed: &str) -> bool {
        sealed
            .split_once('.')
            .is_some_and(|(id, _)| id == self.current.id)
    }

    fn code_hash(&self, code: &str) -> String {
        self.current.code_hash(code)
    }

    fn code_hashes(&self, code: &str) -> Vec<String> {
        std::iter::once(&self.current)
            .chain(&self.older)
            .map(|k| k.code_hash(code))
            .collect()
    }
}

/// One tenant's view of the secrets key: what it seals opens only for the
/// same tenant (the tenant is part of the context), so an authorization
/// code, a sign-in flow's state or a stored provider secret of one tenant
/// is nothing to another. `default` seals as it did before tenants, so what
/// it sealed then still opens.
pub struct TenantSecrets {
    inner: Arc<SecretBox>,
    tenant: Option<String>,
}

impl TenantSecrets {
    pub fn new(inner: Arc<SecretBox>, slug: &str) -> Self {
        Self {
            inner,
            tenant: (slug != crate::core::tenants::DEFAULT_TENANT).then(|| slug.to_owned()),
        }
    }

    fn context(&self, context: &str) -> String {
        match &self.tenant {
            Some(slug) => format!("{context}\0tenant:{slug}"),
            None => context.to_owned(),
        }
    }
}

impl Secrets for TenantSecrets {
    fn seal(&self, plaintext: &[u8], context: &str) -> Result<String> {
        self.inner.seal(plaintext, &self.context(context))
    }

    fn open(&self, sealed: &str, context: &str) -> Option<Vec<u8>> {
        self.inner.open(sealed, &self.context(context))
    }

    fn is_current(&self, sealed: &str) -> bool {
        self.inner.is_current(sealed)
    }

    fn code_hash(&self, code: &str) -> String {
        self.inner.code_hash(code)
    }

    fn code_hashes(&self, code: &str) -> Vec<String> {
        self.inner.code_hashes(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxed(material: &[u8], older: &[&[u8]]) -> SecretBox {
        SecretBox {
            current: Key::from_material(material),
            older: older.iter().map(|m| Key::from_material(m)).collect(),
        }
    }

    #[test]
    fn a_sealed_value_opens_only_with_its_key_and_its_context() {
        let a = boxed(b"key a", &[]);
        let sealed = a.seal(b"seed", "totp:1").unwrap();
        assert_eq!(a.open(&sealed, "totp:1").as_deref(), Some(&b"seed"[..]));
        assert_eq!(a.open(&sealed, "totp:2"), None, "another row's context");
        assert_eq!(boxed(b"key b", &[]).open(&sealed, "totp:1"), None);
        let mut tampered = sealed.clone().into_bytes();
        let last = tampered.len() - 2;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        assert_eq!(
            a.open(&String::from_utf8(tampered).unwrap(), "totp:1"),
            None
        );
    }

    #[test]
    fn what_one_tenant_seals_opens_only_in_that_tenant_and_default_seals_as_before() {
        let key = Arc::new(boxed(b"key a", &[]));
        let (acme, globex) = (
            TenantSecrets::new(key.clone(), "acme"),
            TenantSecrets::new(key.clone(), "globex"),
        );
        let default = TenantSecrets::new(key.clone(), "default");
        let code = acme.seal(b"code", "oauth-code").unwrap();
        assert_eq!(
            acme.open(&code, "oauth-code").as_deref(),
            Some(&b"code"[..])
        );
        assert_eq!(globex.open(&code, "oauth-code"), None);
        assert_eq!(default.open(&code, "oauth-code"), None);
        let before_tenants = key.seal(b"secret", "provider:github").unwrap();
        assert_eq!(
            default.open(&before_tenants, "provider:github").as_deref(),
            Some(&b"secret"[..])
        );
        assert_eq!(acme.open(&before_tenants, "provider:github"), None);
    }

    #[test]
    fn after_a_rotation_old_values_open_and_new_ones_use_the_new_key() {
        let old = boxed(b"key a", &[]);
        let sealed = old.seal(b"seed", "c").unwrap();
        let hash = old.code_hash("abcde-fghij");
        let rotated = boxed(b"key b", &[b"key a"]);
        assert_eq!(rotated.open(&sealed, "c").as_deref(), Some(&b"seed"[..]));
        assert!(!rotated.is_current(&sealed));
        assert!(rotated.is_current(&rotated.seal(b"seed", "c").unwrap()));
        assert!(rotated.code_hashes("abcde-fghij").contains(&hash));
        assert_ne!(rotated.code_hash("abcde-fghij"), hash);
    }
}
