//! Password recovery and change, and email verification: forgot (reset link
//! by email), reset by token, change after re-authentication, the
//! verification link and its resend. Every password change voids the
//! outstanding reset tokens, ends sessions and emails the user a notice.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::json;
use tracing::instrument;

use super::accounts::Accounts;
use super::audit;
use super::clock::{SharedClock, delta};
use super::error::{Error, Result, field};
use super::model::{ClientInfo, OneTimeToken, Password, Principal, TokenPurpose, User};
use super::ports::{
    Allowance, CredentialStore, Letters, Outbox, PasswordHashing, PendingToken, UserStore,
};
use super::sessions::Sessions;
use super::{tokens, validate};

/// At most one reset email per address in this interval; requests in between
/// are dropped silently (the reply is the same 202 either way).
const RESET_COOLDOWN: Duration = Duration::from_secs(60);
/// At most one verification email per user in this interval.
const RESEND_INTERVAL: Duration = Duration::from_secs(60);
const MAX_TOKEN_LEN: usize = 256;

/// What the recovery rules need from the settings.
#[derive(Debug, Clone)]
pub struct RecoveryPolicy {
    pub reset_token_ttl: Duration,
    pub verify_token_ttl: Duration,
}

/// A fresh verification token and the email that carries it (in `locale`,
/// the recipient's language; `None`: the default), to be written in one
/// transaction.
pub fn verification_token(
    letters: &dyn Letters,
    ttl: Duration,
    email: &str,
    locale: Option<&str>,
    now: DateTime<Utc>,
) -> Result<PendingToken> {
    let token = tokens::new_opaque_token();
    Ok(PendingToken {
        purpose: TokenPurpose::Verify,
        token_hash: tokens::hash_token(&token),
        expires_at: now + delta(ttl),
        letter: letters.verification(email, &token, locale)?,
    })
}

pub struct Recovery {
    accounts: Arc<Accounts>,
    users: Arc<dyn UserStore>,
    credentials: Arc<dyn CredentialStore>,
    hasher: Arc<dyn PasswordHashing>,
    letters: Arc<dyn Letters>,
    outbox: Arc<dyn Outbox>,
    sessions: Arc<Sessions>,
    clock: SharedClock,
    policy: RecoveryPolicy,
}

/// The dependencies of `Recovery`, named so the wiring reads.
pub struct RecoveryDeps {
    pub accounts: Arc<Accounts>,
    pub users: Arc<dyn UserStore>,
    pub credentials: Arc<dyn CredentialStore>,
    pub hasher: Arc<dyn PasswordHashing>,
    pub letters: Arc<dyn Letters>,
    pub outbox: Arc<dyn Outbox>,
    pub sessions: Arc<Sessions>,
    pub clock: SharedClock,
}

impl Recovery {
    pub fn new(deps: RecoveryDeps, policy: RecoveryPolicy) -> Self {
        Self {
            accounts: deps.accounts,
            users: deps.users,
            credentials: deps.credentials,
            hasher: deps.hasher,
            letters: deps.letters,
            outbox: deps.outbox,
            sessions: deps.sessions,
            clock: deps.clock,
            policy,
        }
    }

    /// Starts a reset for `email`. Answers the same, at the same speed,
    /// whether or not the account exists: the lookup and the email happen
    /// after the reply. The price: a database failure there is logged, not
    /// answered with 503.
    #[instrument(skip_all, name = "recovery.forgot")]
    pub fn forgot(self: &Arc<Self>, email: &str, client: ClientInfo) -> Result<()> {
        // An address, or 422; the lookup after the reply also finds accounts
        // under an older spelling of it.
        field(validate::email("email", email))?;
        let (recovery, typed) = (self.clone(), email.to_owned());
        tokio::spawn(async move {
            if let Err(err) = recovery.send_reset(&typed, &client).await {
                tracing::warn!(error = %err, "could not queue a password reset email");
            }
        });
        Ok(())
    }

    /// Emails an invited account the link that sets its first password,
    /// queued before this returns.
    pub async fn invite(&self, email: &str) -> Result<()> {
        self.send_reset(email, &ClientInfo::default()).await
    }

    async fn send_reset(&self, typed: &str, client: &ClientInfo) -> Result<()> {
        let Some(credentials) = self.accounts.find_by_typed_email(typed).await?.credentials else {
            return Ok(());
        };
        let user = credentials.user;
        if user.disabled {
            return Ok(());
        }
        let now = self.clock.now();
        let token = tokens::new_opaque_token();
        let pending = PendingToken {
            purpose: TokenPurpose::Reset,
            token_hash: tokens::hash_token(&token),
            expires_at: now + delta(self.policy.reset_token_ttl),
            letter: self
                .letters
                .reset(&user.email, &token, speaks(&user, client))?,
        };
        let event = audit::event(audit::PASSWORD_RESET_REQUESTED, client).target(user.id);
        let cooldown = delta(RESET_COOLDOWN);
        if self
            .credentials
            .issue_reset(user.id, pending, event, now, cooldown)
            .await?
        {
            self.outbox.ring();
            tracing::info!(user_id = %user.id, "password reset requested");
        }
        Ok(())
    }

    /// The usable one-time token of `purpose`, or `InvalidOneTimeToken`.
    pub async fn usable_token(&self, purpose: TokenPurpose, token: &str) -> Result<OneTimeToken> {
        if token.is_empty() || token.len() > MAX_TOKEN_LEN {
            return Err(Error::InvalidOneTimeToken);
        }
        self.credentials
            .find_usable_token(purpose, &tokens::hash_token(token), self.clock.now())
            .await?
            .ok_or(Error::InvalidOneTimeToken)
    }

    /// Sets a new password with a reset token; ends every session of the user.
    #[instrument(skip_all, name = "recovery.reset")]
    pub async fn reset(
        &self,
        token: &str,
        new_password: &Password,
        client: &ClientInfo,
    ) -> Result<()> {
        let found = self.usable_token(TokenPurpose::Reset, token).await?;
        let user = self
            .users
            .find_user(found.user_id)
            .await?
            .ok_or(Error::InvalidOneTimeToken)?;
        self.hasher
            .check_new_password("new_password", new_password, vec![user.email.clone()])
            .await?;
        let hash = self.hasher.hash(new_password).await?;
        let event = audit::event(audit::PASSWORD_RESET, client)
            .actor(user.id)
            .target(user.id);
        let notice = self
            .letters
            .password_changed(&user.email, user.locale.as_deref())?;
        let Some(ended) = self
            .credentials
            .reset_password(&found, hash, notice, event, self.clock.now())
            .await?
        else {
            return Err(Error::InvalidOneTimeToken);
        };
        self.sessions.ended(ended).await;
        self.sessions.profiles().changed(vec![user.id]).await;
        self.outbox.ring();
        tracing::info!(user_id = %user.id, "password reset");
        Ok(())
    }

    /// Changes the caller's password after checking the current one; ends
    /// their other sessions and sends a notice.
    #[instrument(skip_all, fields(user_id = %who.user_id), name = "recovery.change")]
    pub async fn change(
        &self,
        who: &Principal,
        current: &Password,
        new_password: &Password,
        client: &ClientInfo,
    ) -> Result<()> {
        let user = self.accounts.reauthenticate(who, current, client).await?;
        self.hasher
            .check_new_password("new_password", new_password, vec![user.email.clone()])
            .await?;
        let hash = self.hasher.hash(new_password).await?;
        let notice = self
            .letters
            .password_changed(&user.email, user.locale.as_deref())?;
        let event = audit::event(audit::PASSWORD_CHANGED, client)
            .actor(user.id)
            .target(user.id)
            .details(json!({"kept_session": who.session_id}));
        let ended = self
            .credentials
            .change_password(
                user.id,
                hash,
                who.session_id,
                notice,
                event,
                self.clock.now(),
            )
            .await?;
        self.sessions.ended(ended).await;
        self.sessions.profiles().changed(vec![user.id]).await;
        self.outbox.ring();
        tracing::info!(user_id = %user.id, "password changed");
        Ok(())
    }

    /// Confirms the address the token was sent to. Single use.
    #[instrument(skip_all, name = "recovery.verify")]
    pub async fn verify(&self, token: &str, client: &ClientInfo) -> Result<()> {
        let found = self.usable_token(TokenPurpose::Verify, token).await?;
        let event = audit::event(audit::EMAIL_VERIFIED, client)
            .actor(found.user_id)
            .target(found.user_id);
        if !self
            .credentials
            .verify_email(&found, event, self.clock.now())
            .await?
        {
            return Err(Error::InvalidOneTimeToken);
        }
        self.sessions.profiles().changed(vec![found.user_id]).await;
        tracing::info!(user_id = %found.user_id, "email verified");
        Ok(())
    }

    /// Sends a new verification email, at most once a minute per user. Does
    /// nothing for an address that is already verified.
    #[instrument(skip_all, fields(user_id = %who.user_id), name = "recovery.resend_verification")]
    pub async fn resend_verification(&self, who: &Principal) -> Result<()> {
        let now = self.clock.now();
        let user = self
            .users
            .find_user(who.user_id)
            .await?
            .ok_or(Error::InvalidToken)?;
        if user.email_verified {
            return Ok(());
        }
        let token = verification_token(
            self.letters.as_ref(),
            self.policy.verify_token_ttl,
            &user.email,
            user.locale.as_deref(),
            now,
        )?;
        let interval = delta(RESEND_INTERVAL);
        match self
            .credentials
            .resend_verification(user.id, token, now, interval)
            .await?
        {
            Allowance::Allowed => {
                self.outbox.ring();
                Ok(())
            }
            Allowance::RetryAfter(retry_after_secs) => Err(Error::RateLimited { retry_after_secs }),
        }
    }
}

/// The language of an email to `user` caused by their OWN request: theirs,
/// else the one their request asked for. Never call it with someone else's
/// request (an admin's): mail an admin causes takes `user.locale` alone.
pub fn speaks<'a>(user: &'a User, client: &'a ClientInfo) -> Option<&'a str> {
    user.locale.as_deref().or(client.language.as_deref())
}
