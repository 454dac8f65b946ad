//! Second factors: enrolling and removing an authenticator app (TOTP),
//! recovery codes, passkeys (`passkeys`), the factors a user has, the
//! second step of a password sign-in (`step`), and an admin's reset. Seeds are sealed at rest and
//! recovery codes kept as keyed hashes; every change is audited and
//! emailed to the user.

pub mod passkeys;
pub mod step;
pub mod totp;

use std::sync::Arc;

use serde_json::json;
use tracing::instrument;
use uuid::Uuid;

use super::accounts::Accounts;
use super::audit::{self, Audit, MFA_ENROLLED, MFA_REMOVED};
use super::clock::SharedClock;
use super::error::{Error, Result};
use super::model::{ClientInfo, Password, Principal};
use super::ports::{
    ConfirmedTotp, FactorChange, Factors, Letters, MfaStore, Outbox, PasskeyStore, Secrets,
    UserStore, WebAuthn,
};
use super::rbac::{Granted, UsersWrite};
use super::sessions::Sessions;
use super::throttle::{Attempt, Throttle};

/// How many recovery codes a set has.
pub const RECOVERY_CODES: usize = 10;

/// The context a user's seed is sealed in: it opens for that user only.
fn seed_context(user_id: Uuid) -> String {
    format!("totp:{user_id}")
}

/// A TOTP enrollment waiting for its first code: what the app needs.
#[derive(Debug, Clone)]
pub struct TotpEnrollment {
    /// The seed in base32, for typing in by hand.
    pub secret: String,
    pub otpauth_uri: String,
}

/// How a user proves it is them before removing a factor.
pub enum Proof<'a> {
    Password(&'a Password),
    /// A current code of the authenticator app.
    Code(&'a str),
}

pub struct MfaDeps {
    pub store: Arc<dyn MfaStore>,
    pub passkeys: Arc<dyn PasskeyStore>,
    pub webauthn: Arc<dyn WebAuthn>,
    pub secrets: Arc<dyn Secrets>,
    pub users: Arc<dyn UserStore>,
    pub accounts: Arc<Accounts>,
    pub sessions: Arc<Sessions>,
    pub throttle: Arc<Throttle>,
    pub audit: Arc<Audit>,
    pub letters: Arc<dyn Letters>,
    pub outbox: Arc<dyn Outbox>,
    pub clock: SharedClock,
}

pub struct Mfa {
    store: Arc<dyn MfaStore>,
    passkeys: Arc<dyn PasskeyStore>,
    webauthn: Arc<dyn WebAuthn>,
    secrets: Arc<dyn Secrets>,
    users: Arc<dyn UserStore>,
    accounts: Arc<Accounts>,
    sessions: Arc<Sessions>,
    throttle: Arc<Throttle>,
    audit: Arc<Audit>,
    letters: Arc<dyn Letters>,
    outbox: Arc<dyn Outbox>,
    clock: SharedClock,
    policy: MfaPolicy,
}

/// How second factors are set up and required.
#[derive(Debug, Clone, Default)]
pub struct MfaPolicy {
    /// The name authenticator apps show for the account.
    pub issuer_name: String,
    /// Roles whose holders must have a second factor before anything else.
    pub required_roles: Vec<String>,
}

impl Mfa {
    pub fn new(deps: MfaDeps, policy: MfaPolicy) -> Self {
        Self {
            store: deps.store,
            passkeys: deps.passkeys,
            webauthn: deps.webauthn,
            secrets: deps.secrets,
            users: deps.users,
            accounts: deps.accounts,
            sessions: deps.sessions,
            throttle: deps.throttle,
            audit: deps.audit,
            letters: deps.letters,
            outbox: deps.outbox,
            clock: deps.clock,
            policy,
        }
    }

    /// `MfaEnrollmentRequired` when the caller holds a role that must use a
    /// second factor and has none yet (they may only enroll, see their
    /// profile and sign out meanwhile).
    /// The user's roles now, not the token's: a role granted a minute ago
    /// binds at once.
    pub async fn require_enrolled(&self, who: &Principal) -> Result<()> {
        if self.policy.required_roles.is_empty() {
            return Ok(());
        }
        let roles = self.users.roles_of(who.user_id).await?;
        let bound = roles.iter().any(|r| self.policy.required_roles.contains(r));
        if bound && !self.store.factors(who.user_id).await?.any() {
            return Err(Error::MfaEnrollmentRequired);
        }
        Ok(())
    }

    pub async fn factors(&self, user_id: Uuid) -> Result<Factors> {
        self.store.factors(user_id).await
    }

    /// Starts enrolling an authenticator app, after the password: a new
    /// seed, pending until `confirm_totp`. `AlreadyEnrolled` when one is
    /// confirmed.
    #[instrument(skip_all, fields(user_id = %who.user_id), name = "mfa.start_totp")]
    pub async fn start_totp(
        &self,
        who: &Principal,
        password: &Password,
        client: &ClientInfo,
    ) -> Result<TotpEnrollment> {
        let user = self.accounts.confirm(who, password, client).await?;
        let seed: [u8; totp::SEED_BYTES] = rand::random();
        let sealed = self.secrets.seal(&seed, &seed_context(user.id))?;
        if !self
            .store
            .start_totp(user.id, sealed, self.clock.now())
            .await?
        {
            return Err(Error::AlreadyEnrolled);
        }
        Ok(TotpEnrollment {
            secret: totp::base32(&seed),
            otpauth_uri: totp::otpauth_uri(&self.policy.issuer_name, &user.email, &seed),
        })
    }

    /// Confirms the pending app with a code it shows; returns the recovery
    /// codes, shown this once. Guesses count in the re-authentication backoff.
    #[instrument(skip_all, fields(user_id = %who.user_id), name = "mfa.confirm_totp")]
    pub async fn confirm_totp(
        &self,
        who: &Principal,
        code: &str,
        client: &ClientInfo,
    ) -> Result<Vec<String>> {
        let attempt = Attempt::reauth(who.user_id, client);
        self.throttle.begin(&attempt).await?;
        let now = self.clock.now();
        let pending = self
            .store
            .totp(who.user_id)
            .await?
            .filter(|t| !t.confirmed)
            .ok_or(Error::InvalidCode)?;
        let seed = self
            .secrets
            .open(&pending.secret_sealed, &seed_context(who.user_id))
            .ok_or(Error::InvalidCode)?;
        let step = totp::matching_step(&seed, code, now).ok_or(Error::InvalidCode)?;
        self.throttle.succeeded(&attempt).await?;
        let user = self
            .users
            .find_user(who.user_id)
            .await?
            .ok_or(Error::InvalidToken)?;
        let (codes, hashes) = self.new_recovery_codes();
        let notice = self.letters.factor_changed(
            &user.email,
            FactorChange::TotpAdded,
            user.locale.as_deref(),
        )?;
        let event = audit::event(MFA_ENROLLED, client)
            .actor(user.id)
            .target(user.id)
            .details(json!({"method": "totp"}));
        if !self
            .store
            .confirm_totp(
                ConfirmedTotp {
                    user_id: user.id,
                    sealed: pending.secret_sealed,
                    step,
                    recovery_hashes: hashes,
                },
                notice,
                event,
                now,
            )
            .await?
        {
            return Err(Error::InvalidCode);
        }
        self.outbox.ring();
        Ok(codes)
    }

    /// Removes the authenticator app, after the password or a current code.
    #[instrument(skip_all, fields(user_id = %who.user_id), name = "mfa.remove_totp")]
    pub async fn remove_totp(
        &self,
        who: &Principal,
        proof: Proof<'_>,
        client: &ClientInfo,
    ) -> Result<()> {
        let user = match proof {
            Proof::Password(password) => self.accounts.confirm(who, password, client).await?,
            Proof::Code(code) => {
                let attempt = Attempt::reauth(who.user_id, client);
                self.throttle.begin(&attempt).await?;
                if !self.use_totp(who.user_id, code, self.clock.now()).await? {
                    return Err(Error::ReauthFailed);
                }
                self.throttle.succeeded(&attempt).await?;
                self.users
                    .find_user(who.user_id)
                    .await?
                    .ok_or(Error::InvalidToken)?
            }
        };
        let notice = self.letters.factor_changed(
            &user.email,
            FactorChange::TotpRemoved,
            user.locale.as_deref(),
        )?;
        let event = audit::event(MFA_REMOVED, client)
            .actor(user.id)
            .target(user.id)
            .details(json!({"method": "totp"}));
        if !self
            .store
            .remove_totp(user.id, notice, event, self.clock.now())
            .await?
        {
            return Err(Error::NotFound);
        }
        self.outbox.ring();
        Ok(())
    }

    /// A new set of recovery codes, after the password; the old set dies.
    /// `NotFound` for a user without a second factor.
    #[instrument(skip_all, fields(user_id = %who.user_id), name = "mfa.renew_recovery_codes")]
    pub async fn renew_recovery_codes(
        &self,
        who: &Principal,
        password: &Password,
        client: &ClientInfo,
    ) -> Result<Vec<String>> {
        let user = self.accounts.confirm(who, password, client).await?;
        if !self.store.factors(user.id).await?.any() {
            return Err(Error::NotFound);
        }
        let (codes, hashes) = self.new_recovery_codes();
        let notice = self.letters.factor_changed(
            &user.email,
            FactorChange::RecoveryCodesRenewed,
            user.locale.as_deref(),
        )?;
        let event = audit::event(MFA_ENROLLED, client)
            .actor(user.id)
            .target(user.id)
            .details(json!({"method": "recovery_codes"}));
        self.store
            .replace_recovery_codes(user.id, hashes, notice, event, self.clock.now())
            .await?;
        self.outbox.ring();
        Ok(codes)
    }

    /// Removes every factor of a user and ends the user's sessions: through
    /// `Admin::reset_factors`, which checks the admin outranks the user.
    #[instrument(skip_all, fields(%user_id), name = "mfa.reset")]
    pub(crate) async fn reset(
        &self,
        by: &Granted<UsersWrite>,
        user_id: Uuid,
        client: &ClientInfo,
    ) -> Result<()> {
        let user = self
            .users
            .find_user(user_id)
            .await?
            .ok_or(Error::NotFound)?;
        let notice = self.letters.factor_changed(
            &user.email,
            FactorChange::FactorsReset,
            user.locale.as_deref(),
        )?;
        let event = audit::event(MFA_REMOVED, client)
            .actor(by.who().user_id)
            .target(user.id)
            .details(json!({"method": "all"}));
        let ended = self
            .store
            .reset_factors(user.id, notice, event, self.clock.now())
            .await?
            .ok_or(Error::NotFound)?;
        self.sessions.ended(ended).await;
        self.outbox.ring();
        Ok(())
    }

    /// Ten fresh codes, and their keyed hashes to store.
    pub(super) fn new_recovery_codes(&self) -> (Vec<String>, Vec<String>) {
        let codes: Vec<String> = (0..RECOVERY_CODES)
            .map(|_| totp::new_recovery_code())
            .collect();
        let hashes = codes
            .iter()
            .filter_map(|c| totp::normalize_recovery_code(c))
            .map(|c| self.secrets.code_hash(&c))
            .collect();
        (codes, hashes)
    }
}
