//! Ports of second factors: secrets at rest, and the store of factors and
//! of pending second steps.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::core::audit::NewEvent;
use crate::core::error::Result;
use crate::core::model::Letter;

/// What changed among a user's factors, for the notice email.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactorChange {
    TotpAdded,
    TotpRemoved,
    RecoveryCodesRenewed,
    FactorsReset,
}

/// Secrets at rest. `context` binds a sealed value to its purpose and row,
/// so a value copied to another row does not open.
pub trait Secrets: Send + Sync {
    fn seal(&self, plaintext: &[u8], context: &str) -> Result<String>;
    /// `None` when it was not sealed by one of our keys for this context.
    fn open(&self, sealed: &str, context: &str) -> Option<Vec<u8>>;
    /// Whether the current key sealed it (else: seal again when writing).
    fn is_current(&self, sealed: &str) -> bool;
    /// The keyed hash to store for a short code.
    fn code_hash(&self, code: &str) -> String;
    /// Every hash the code may be stored under (one per key still known).
    fn code_hashes(&self, code: &str) -> Vec<String>;
}

/// A user's TOTP, as stored.
#[derive(Debug, Clone)]
pub struct StoredTotp {
    pub secret_sealed: String,
    pub confirmed: bool,
    /// The last step whose code was accepted.
    pub last_step: Option<i64>,
}

/// A pending TOTP a right code confirmed.
#[derive(Debug, Clone)]
pub struct ConfirmedTotp {
    pub user_id: Uuid,
    /// The seed the code was checked against, as sealed: a seed replaced
    /// meanwhile is not confirmed.
    pub sealed: String,
    /// The code's step: it is used.
    pub step: i64,
    pub recovery_hashes: Vec<String>,
}

/// A registered passkey, as the account shows it.
#[derive(Debug, Clone)]
pub struct PasskeyInfo {
    pub id: Uuid,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// A user's second factors.
#[derive(Debug, Clone, Default)]
pub struct Factors {
    pub totp: bool,
    pub recovery_codes_left: u32,
    pub passkeys: Vec<PasskeyInfo>,
}

impl Factors {
    /// Whether signing in with a password needs a second step.
    pub fn any(&self) -> bool {
        self.totp || !self.passkeys.is_empty()
    }
}

/// A second step to store: the token only as its hash.
#[derive(Debug, Clone)]
pub struct NewChallenge {
    pub token_hash: String,
    pub user_id: Uuid,
    pub client_id: String,
    /// SHA-256 of the password hash that was checked.
    pub password_check: String,
    pub expires_at: DateTime<Utc>,
}

/// A pending second step, while it may still be finished.
#[derive(Debug, Clone)]
pub struct Challenge {
    pub user_id: Uuid,
    pub client_id: String,
    pub password_check: String,
}

#[async_trait]
pub trait MfaStore: Send + Sync {
    async fn factors(&self, user_id: Uuid) -> Result<Factors>;
    async fn totp(&self, user_id: Uuid) -> Result<Option<StoredTotp>>;
    /// Stores a pending TOTP (replacing a pending one); false when a
    /// confirmed one exists.
    async fn start_totp(&self, user_id: Uuid, sealed: String, now: DateTime<Utc>) -> Result<bool>;
    /// Confirms a pending TOTP with a new set of recovery codes (the old
    /// set dies). False when that seed is no longer the pending one.
    async fn confirm_totp(
        &self,
        confirmed: ConfirmedTotp,
        notice: Letter,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<bool>;
    /// Accepts `step` for the confirmed TOTP if no step at or after it was
    /// accepted (of two racing uses of one code, one wins); `resealed`
    /// replaces the sealed seed (a key rotation).
    async fn use_totp_step(
        &self,
        user_id: Uuid,
        step: i64,
        resealed: Option<String>,
    ) -> Result<bool>;
    /// Removes the TOTP, and the recovery codes when no factor is left.
    async fn remove_totp(
        &self,
        user_id: Uuid,
        notice: Letter,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<bool>;
    /// Replaces the recovery codes.
    async fn replace_recovery_codes(
        &self,
        user_id: Uuid,
        hashes: Vec<String>,
        notice: Letter,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<()>;
    /// Uses up the unused code stored under one of `hashes`.
    async fn use_recovery_code(
        &self,
        user_id: Uuid,
        hashes: &[String],
        now: DateTime<Utc>,
    ) -> Result<bool>;
    /// Removes every factor and pending step and ends every session;
    /// `None` when the user is unknown, else the sessions ended.
    async fn reset_factors(
        &self,
        user_id: Uuid,
        notice: Letter,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<Option<Vec<Uuid>>>;
    async fn create_challenge(&self, new: NewChallenge, now: DateTime<Utc>) -> Result<()>;
    /// The step, if it may still be finished (unused, unexpired, a try left).
    async fn live_challenge(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Challenge>>;
    /// Takes one of the step's five tries; false when none is left (of
    /// concurrent requests, no more than five get one).
    async fn take_try(&self, token_hash: &str, now: DateTime<Utc>) -> Result<bool>;
    /// Ends the step as finished; false when it was finished meanwhile.
    async fn spend_challenge(&self, token_hash: &str, now: DateTime<Utc>) -> Result<bool>;
}
