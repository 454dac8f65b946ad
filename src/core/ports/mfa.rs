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
    PasskeyAdded,
    PasskeyRemoved,
    FactorsReset,
    /// A sign-in through another provider was connected or disconnected.
    SignInConnected,
    SignInDisconnected,
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
    pub first: FirstStep,
    pub expires_at: DateTime<Utc>,
}

/// How the first step of a sign-in was made: with the password (`pwd`),
/// or at a provider (`fed`, naming it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstStep {
    /// The `amr` value (RFC 8176) of the first step.
    pub factor: String,
    pub provider: Option<String>,
}

impl FirstStep {
    pub fn password() -> Self {
        Self {
            factor: crate::core::tokens::PASSWORD_AMR.to_owned(),
            provider: None,
        }
    }

    pub fn federated(provider: &str) -> Self {
        Self {
            factor: crate::core::tokens::FEDERATED_AMR.to_owned(),
            provider: Some(provider.to_owned()),
        }
    }
}

/// A pending second step, while it may still be finished.
#[derive(Debug, Clone)]
pub struct Challenge {
    pub user_id: Uuid,
    pub client_id: String,
    pub password_check: String,
    pub first: FirstStep,
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

/// A passkey as stored: `credential` is the verifier's own record (public
/// key, counter, flags), opaque to the core.
#[derive(Debug, Clone)]
pub struct StoredPasskey {
    pub id: Uuid,
    pub user_id: Uuid,
    pub name: String,
    pub credential: String,
}

/// A verified new passkey: its credential id (base64url) and record.
#[derive(Debug, Clone)]
pub struct NewPasskey {
    pub credential_id: String,
    pub credential: String,
}

/// The start of a WebAuthn ceremony: the options for the browser, and the
/// state to keep until it finishes.
#[derive(Debug, Clone)]
pub struct CeremonyStart {
    pub options: serde_json::Value,
    pub state: String,
}

/// What an assertion claims before it is verified: which credential, and
/// (from a discoverable credential) whose.
#[derive(Debug, Clone)]
pub struct Asserted {
    pub credential_id: String,
    pub user_handle: Option<Vec<u8>>,
}

/// The verdict on an assertion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Assertion {
    /// Right; `updated` is the record to store when its counter or backup
    /// flags moved.
    Verified {
        updated: Option<String>,
    },
    Refused,
    /// A valid signature with a counter that did not move forward: two
    /// copies of the key may exist.
    Cloned,
}

/// The WebAuthn relying party: builds ceremony options and verifies what
/// authenticators answer.
pub trait WebAuthn: Send + Sync {
    fn start_registration(
        &self,
        user_id: Uuid,
        email: &str,
        existing: &[StoredPasskey],
    ) -> Result<CeremonyStart>;
    /// `None` when the response does not answer the ceremony.
    fn finish_registration(&self, response: &serde_json::Value, state: &str) -> Option<NewPasskey>;
    /// With no passkeys: a discoverable sign-in, the authenticator chooses.
    fn start_assertion(&self, allowed: &[StoredPasskey]) -> Result<CeremonyStart>;
    /// `None` when the response is not an assertion.
    fn asserted(&self, response: &serde_json::Value) -> Option<Asserted>;
    fn finish_assertion(
        &self,
        response: &serde_json::Value,
        state: &str,
        passkey: &StoredPasskey,
    ) -> Assertion;
}

/// What a ceremony is for; a ceremony finishes only what it was started for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CeremonyPurpose {
    Register,
    SignIn,
    SecondFactor,
}

impl CeremonyPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Register => "register",
            Self::SignIn => "sign_in",
            Self::SecondFactor => "second_factor",
        }
    }
}

/// A ceremony between its start and its finish.
#[derive(Debug, Clone)]
pub struct Ceremony {
    pub id: Uuid,
    pub purpose: CeremonyPurpose,
    /// The user it is for, when known at the start.
    pub user_id: Option<Uuid>,
    /// The second step it finishes (hash of the `mfa_token`).
    pub step_hash: Option<String>,
    /// The passkey's name, for a registration.
    pub name: Option<String>,
    pub state: String,
    pub expires_at: DateTime<Utc>,
}

/// A passkey change, with its notice email and audit event.
pub struct PasskeyChange {
    pub notice: Letter,
    pub event: NewEvent,
}

#[async_trait]
pub trait PasskeyStore: Send + Sync {
    async fn passkeys_of(&self, user_id: Uuid) -> Result<Vec<StoredPasskey>>;
    async fn passkey_by_credential(&self, credential_id: &str) -> Result<Option<StoredPasskey>>;
    /// False when the credential is registered already (to anyone).
    /// With `recovery_hashes`, the user's recovery codes are replaced in
    /// the same write (a first factor comes with a set).
    async fn add_passkey(
        &self,
        user_id: Uuid,
        name: String,
        new: NewPasskey,
        recovery_hashes: Option<Vec<String>>,
        change: PasskeyChange,
        now: DateTime<Utc>,
    ) -> Result<Option<PasskeyInfo>>;
    /// Removes one of the user's passkeys (and the recovery codes when no
    /// factor is left); false when the user has no such passkey;
    /// `LastLoginMethod` when nothing else would sign them in (decided in
    /// the same transaction as an unlink's).
    async fn remove_passkey(
        &self,
        user_id: Uuid,
        id: Uuid,
        change: PasskeyChange,
        now: DateTime<Utc>,
    ) -> Result<bool>;
    /// Records a use, storing `updated` in place of `used.credential` if
    /// that is still what is stored; false when another use changed it
    /// meanwhile (of two uses with one counter value, one wins).
    async fn use_passkey(
        &self,
        used: &StoredPasskey,
        updated: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<bool>;
    async fn create_ceremony(&self, ceremony: Ceremony) -> Result<()>;
    /// Takes the ceremony (it finishes once) if it is unexpired.
    async fn take_ceremony(&self, id: Uuid, now: DateTime<Utc>) -> Result<Option<Ceremony>>;
}
