//! The second step of a password sign-in: a user with a factor gets an
//! `mfa_token` (single use, five minutes, five tries) instead of tokens,
//! and finishes with a TOTP or recovery code. Misses count in the same
//! per-account backoff as wrong passwords.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::json;
use tracing::instrument;
use uuid::Uuid;

use super::{Mfa, totp};
use crate::core::audit::{self, MFA_FAILED, MFA_VERIFIED, RECOVERY_CODE_USED};
use crate::core::clock::delta;
use crate::core::error::{Error, FieldError, Result};
use crate::core::locale::Said;
use crate::core::model::ClientInfo;
use crate::core::model::Credentials;
use crate::core::ports::{Challenge, Factors, FirstStep, LoginWrite, MfaStore, NewChallenge};
use crate::core::sessions::Issued;
use crate::core::throttle::Attempt;
use crate::core::tokens;

/// How long the second step may take.
pub const STEP_TTL: Duration = Duration::from_secs(300);

/// What a password sign-in came to.
#[allow(clippy::large_enum_variant)] // one per sign-in, moved once
pub enum SignIn {
    Done(Issued),
    /// The password was right; the second factor is next.
    SecondFactor(SecondStep),
}

/// The pending second step, as the client is told it.
#[derive(Debug, Clone)]
pub struct SecondStep {
    pub mfa_token: String,
    /// `totp`, `recovery_code`, `passkey`: what the user can finish with.
    pub methods: Vec<&'static str>,
    pub expires_in: u64,
}

/// How the second step is finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Totp,
    RecoveryCode,
}

impl Method {
    fn name(self) -> &'static str {
        match self {
            Self::Totp => "totp",
            Self::RecoveryCode => "recovery_code",
        }
    }

    fn audit_action(self) -> &'static str {
        match self {
            Self::Totp => MFA_VERIFIED,
            Self::RecoveryCode => RECOVERY_CODE_USED,
        }
    }

    /// What the second step adds to the session's `amr` (RFC 8176): a
    /// recovery code is a second factor but not an app's one-time password.
    fn amr(self) -> &'static [&'static str] {
        match self {
            Self::Totp => &["otp", "mfa"],
            Self::RecoveryCode => &["mfa"],
        }
    }

    pub fn parse(text: &str) -> Result<Self> {
        match text {
            "totp" => Ok(Self::Totp),
            "recovery_code" => Ok(Self::RecoveryCode),
            _ => Err(Error::Validation(vec![
                FieldError::new("method", "invalid_value", "Use totp or recovery_code.")
                    .said(Said::new("field-mfa-method")),
            ])),
        }
    }
}

/// How a second step was finished: for its audit event and the `amr`
/// (what it adds to the first step's).
pub(super) struct Finished {
    pub method: &'static str,
    pub action: &'static str,
    pub amr: &'static [&'static str],
}

/// Opens the second step for a user whose first step (`first`) was just
/// made; `password_hash` is the password hash as it was then (a password
/// changed meanwhile voids the step).
pub async fn open(
    store: &dyn MfaStore,
    factors: &Factors,
    user_id: Uuid,
    client_id: &str,
    password_hash: &str,
    first: FirstStep,
    now: DateTime<Utc>,
) -> Result<SecondStep> {
    let mfa_token = tokens::new_opaque_token();
    store
        .create_challenge(
            NewChallenge {
                token_hash: tokens::hash_token(&mfa_token),
                user_id,
                client_id: client_id.to_owned(),
                password_check: tokens::hash_token(password_hash),
                first,
                expires_at: now + delta(STEP_TTL),
            },
            now,
        )
        .await?;
    Ok(SecondStep {
        mfa_token,
        methods: methods(factors),
        expires_in: STEP_TTL.as_secs(),
    })
}

/// What a user with `factors` can finish a second step with.
fn methods(factors: &Factors) -> Vec<&'static str> {
    let mut methods = Vec::new();
    if factors.totp {
        methods.push("totp");
    }
    if !factors.passkeys.is_empty() {
        methods.push("passkey");
    }
    if factors.recovery_codes_left > 0 {
        methods.push("recovery_code");
    }
    methods
}

impl Mfa {
    /// Finishes a second step: the tokens of a session whose `amr` says how
    /// the user signed in. `WrongCode` for a wrong code, `MfaTokenExpired`
    /// when the step cannot be finished (used, expired, its five tries
    /// taken, or the password changed or the account disabled since).
    /// Misses count per account, under a key a right password does not
    /// clear: signing in again buys no fresh guesses.
    #[instrument(skip_all, name = "mfa.verify")]
    pub async fn verify(
        &self,
        mfa_token: &str,
        method: Method,
        code: &str,
        client: ClientInfo,
    ) -> Result<Issued> {
        let now = self.clock.now();
        let (token_hash, step, credentials) = self.live_step(mfa_token, now).await?;
        let user = &credentials.user;
        let attempt = Attempt::second_factor(user.id);
        self.throttle.begin(&attempt).await?;
        // The try is taken before the code is checked, so concurrent
        // requests cannot share the last one.
        if !self.store.take_try(&token_hash, now).await? {
            return Err(Error::MfaTokenExpired);
        }
        let right = match method {
            Method::Totp => self.use_totp(user.id, code, now).await?,
            Method::RecoveryCode => self.use_recovery_code(user.id, code, now).await?,
        };
        if !right {
            let event = audit::event(MFA_FAILED, &client)
                .target(user.id)
                .details(json!({"method": method.name()}));
            self.audit.record(event).await?;
            return Err(Error::WrongCode);
        }
        self.throttle.succeeded(&attempt).await?;
        let how = Finished {
            method: method.name(),
            action: method.audit_action(),
            amr: method.amr(),
        };
        self.finish_step(&token_hash, step, credentials, how, client)
            .await
    }

    /// What the step `mfa_token` names can still be finished with (for a
    /// page shown again after a miss); a code when the step is gone, so the
    /// page can say so.
    pub async fn step_methods(&self, mfa_token: &str) -> Vec<&'static str> {
        let step = match mfa_token.len() {
            1..=256 => self
                .store
                .live_challenge(&tokens::hash_token(mfa_token), self.clock.now())
                .await
                .ok()
                .flatten(),
            _ => None,
        };
        let factors = match step {
            Some(step) => self.store.factors(step.user_id).await.ok(),
            None => None,
        };
        factors.map_or_else(|| vec!["totp", "recovery_code"], |f| methods(&f))
    }

    /// The second step the token names, with the user's credentials, if it
    /// can still be finished: checked before a code is spent on it.
    pub(super) async fn live_step(
        &self,
        mfa_token: &str,
        now: DateTime<Utc>,
    ) -> Result<(String, Challenge, Credentials)> {
        if mfa_token.is_empty() || mfa_token.len() > 256 {
            return Err(Error::MfaTokenExpired);
        }
        let token_hash = tokens::hash_token(mfa_token);
        let step = self
            .store
            .live_challenge(&token_hash, now)
            .await?
            .ok_or(Error::MfaTokenExpired)?;
        let credentials = self
            .users
            .credentials(step.user_id)
            .await?
            .ok_or(Error::MfaTokenExpired)?;
        let same_password = tokens::hash_token(&credentials.password_hash) == step.password_check;
        if !same_password || credentials.user.disabled {
            return Err(Error::MfaTokenExpired);
        }
        Ok((token_hash, step, credentials))
    }

    /// Ends a second step the user finished with `method`: the step is
    /// spent (once), the use audited, and the session opened.
    pub(super) async fn finish_step(
        &self,
        token_hash: &str,
        step: Challenge,
        credentials: Credentials,
        how: Finished,
        client: ClientInfo,
    ) -> Result<Issued> {
        let Finished {
            method,
            action,
            amr: amr_added,
        } = how;
        let now = self.clock.now();
        if !self.store.spend_challenge(token_hash, now).await? {
            return Err(Error::MfaTokenExpired);
        }
        let user_id = credentials.user.id;
        let event = audit::event(action, &client)
            .actor(user_id)
            .target(user_id)
            .details(json!({"method": method}));
        self.audit.record(event).await?;
        let login = LoginWrite {
            user_id,
            checked_hash: credentials.password_hash,
            new_hash: None,
        };
        let mut amr = vec![step.first.factor.as_str()];
        amr.extend_from_slice(amr_added);
        self.sessions
            .start_via(
                login,
                &amr,
                step.first.provider.as_deref(),
                &step.client_id,
                client,
            )
            .await
            .map_err(|e| match e {
                Error::InvalidCredentials => Error::MfaTokenExpired,
                other => other,
            })
    }

    /// Whether `code` is the user's current TOTP code, used for the first
    /// time (each step's code works once).
    pub(super) async fn use_totp(
        &self,
        user_id: Uuid,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let Some(stored) = self.store.totp(user_id).await?.filter(|t| t.confirmed) else {
            return Ok(false);
        };
        let context = super::seed_context(user_id);
        let seed = self
            .secrets
            .open(&stored.secret_sealed, &context)
            .ok_or_else(|| Error::bug("a TOTP seed does not open with any known key"))?;
        let Some(step) = totp::matching_step(&seed, code, now) else {
            return Ok(false);
        };
        if stored.last_step.is_some_and(|last| step <= last) {
            return Ok(false);
        }
        // A seed sealed by a replaced key moves to the current one.
        let resealed = match self.secrets.is_current(&stored.secret_sealed) {
            true => None,
            false => Some(self.secrets.seal(&seed, &context)?),
        };
        self.store.use_totp_step(user_id, step, resealed).await
    }

    async fn use_recovery_code(
        &self,
        user_id: Uuid,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let Some(code) = totp::normalize_recovery_code(code) else {
            return Ok(false);
        };
        let hashes = self.secrets.code_hashes(&code);
        self.store.use_recovery_code(user_id, &hashes, now).await
    }
}
