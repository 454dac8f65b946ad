//! What the core needs from the world, as traits the infrastructure
//! implements: storage (one trait per aggregate, one method per business
//! operation, each one transaction), password hashing, access-token
//! signing, email, and telling the other instances. The core depends on
//! these and nothing else outside itself.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::error::Result;
use super::model::{Letter, Password};
use super::tokens::{AccessClaims, AccessGrant, Expected, IdClaims};

mod federation;
mod mfa;
mod oauth;
mod store;
mod tenants;
pub use federation::*;
pub use mfa::*;
pub use oauth::*;
pub use store::*;
pub use tenants::*;

/// The result of checking a password against a stored hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verification {
    Mismatch,
    /// Right; `needs_rehash` when the stored hash is of another kind or has
    /// weaker parameters than the configured one.
    Match {
        needs_rehash: bool,
    },
}

/// Password hashing, on threads of its own under a bound (`Busy` past it).
#[async_trait]
pub trait PasswordHashing: Send + Sync {
    async fn hash(&self, password: &Password) -> Result<String>;
    async fn verify(&self, password: &Password, stored: &str) -> Result<Verification>;
    /// Spends the time of one verification and always fails: for unknown
    /// accounts, so they cost what wrong passwords cost.
    async fn verify_dummy(&self, password: &Password) -> Result<()>;
    /// Length, then how guessable (CPU-heavy, under the same bound);
    /// `Validation` naming `field` when refused.
    async fn check_new_password(
        &self,
        field: &'static str,
        password: &Password,
        context: Vec<String>,
    ) -> Result<()>;
}

/// A verified access token and the key that signed it.
#[derive(Debug, Clone)]
pub struct Verified {
    pub claims: AccessClaims,
    pub kid: String,
}

/// Signing and checking access tokens with the shared key ring.
#[async_trait]
pub trait AccessTokens: Send + Sync {
    fn issue(&self, grant: AccessGrant<'_>) -> Result<String>;
    /// Checks a token (rereading the keys once for an unknown `kid`):
    /// `TokenExpired` for a genuine one past `exp`, `InvalidToken` otherwise.
    async fn verify(
        &self,
        token: &str,
        expected: Expected<'_>,
        now: DateTime<Utc>,
    ) -> Result<Verified>;
    /// Whether the key `kid` still verifies (a revoked one does not).
    fn knows(&self, kid: &str) -> bool;
    /// Signs an ID token, its `at_hash` made from `access_token` with the
    /// signing algorithm's hash. `None` when the keys cannot sign ID tokens
    /// (HS256: a shared secret is no signature a client can check).
    fn issue_id_token(
        &self,
        claims: IdClaims,
        access_token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<String>>;
    /// An ID token this server signed for `issuer`, expired or not (an
    /// `id_token_hint`): its subject, audience and session. `None` if not
    /// genuine.
    fn read_id_token_hint(&self, token: &str, issuer: &str) -> Option<(String, String, Uuid)>;
    /// The algorithm ID tokens are signed with, if they can be.
    fn id_token_algorithm(&self, now: DateTime<Utc>) -> Option<&'static str>;
}

/// The emails the core sends, rendered in the recipient's language
/// (`locale`, a BCP 47 tag; `None` or one not spoken: the default).
pub trait Letters: Send + Sync {
    fn verification(&self, to: &str, token: &str, locale: Option<&str>) -> Result<Letter>;
    fn reset(&self, to: &str, token: &str, locale: Option<&str>) -> Result<Letter>;
    fn password_changed(&self, to: &str, locale: Option<&str>) -> Result<Letter>;
    /// The notice after a second factor was added or removed.
    fn factor_changed(
        &self,
        to: &str,
        change: FactorChange,
        locale: Option<&str>,
    ) -> Result<Letter>;
}

/// The email outbox's side outside the database.
#[async_trait]
pub trait Outbox: Send + Sync {
    /// Something was queued: deliver it now rather than at the next poll.
    fn ring(&self);
    /// Drops written-out copies of these messages (erasure).
    async fn forget(&self, message_ids: &[Uuid]);
    /// Drops written-out copies older than this; returns how many.
    async fn purge_copies(&self, older_than: std::time::Duration) -> u64;
}

/// What one instance tells the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    SessionsEnded(Vec<Uuid>),
    /// These users or their roles changed (none listed: maybe any).
    UsersChanged(Vec<Uuid>),
    RolesChanged,
    KeysRotated,
    /// A tenant was created, changed (settings, hosts) or deleted: every
    /// instance rereads it before its next request.
    TenantChanged(String),
}

#[async_trait]
pub trait Notifier: Send + Sync {
    /// Tells the other instances; a lost notice is covered by their polls.
    async fn publish(&self, notice: Notice);
}
