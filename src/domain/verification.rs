//! Email verification: the token sent after registration (and on request),
//! and confirming it.

use std::time::Duration;

use super::audit::{self, EventExt as _};
use super::clock::delta;
use super::sessions::{ClientInfo, Principal};
use super::tokens;
use crate::app::AppState;
use crate::config::Config;
use crate::error::{Error, Result};
use crate::store::{self, tokens::PendingToken};

/// At most one verification email per user in this interval.
const RESEND_INTERVAL: Duration = Duration::from_secs(60);
const MAX_TOKEN_LEN: usize = 256;

/// A fresh verification token and the email that carries it, to be written
/// in one transaction.
pub fn pending(
    config: &Config,
    email: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<PendingToken> {
    let token = tokens::new_opaque_token();
    Ok(PendingToken {
        purpose: store::tokens::VERIFY,
        token_hash: tokens::hash_token(&token),
        expires_at: now + delta(config.verify_token_ttl),
        email: crate::mail::verification_email(config, email, &token)?,
    })
}

/// Finds the usable one-time token of `purpose`, or `InvalidOneTimeToken`.
pub async fn usable_token(
    state: &AppState,
    purpose: &str,
    token: &str,
) -> Result<store::tokens::OneTimeToken> {
    if token.is_empty() || token.len() > MAX_TOKEN_LEN {
        return Err(Error::InvalidOneTimeToken);
    }
    store::tokens::find_usable(
        &state.db,
        purpose,
        &tokens::hash_token(token),
        state.clock.now(),
    )
    .await?
    .ok_or(Error::InvalidOneTimeToken)
}

/// Confirms the address the token was sent to. Single use.
pub async fn verify(state: &AppState, token: &str, client: &ClientInfo) -> Result<()> {
    let found = usable_token(state, store::tokens::VERIFY, token).await?;
    let event = audit::event(audit::EMAIL_VERIFIED, client)
        .actor(found.user_id)
        .target(found.user_id);
    if !store::tokens::verify_email(&state.db, &found, event, state.clock.now()).await? {
        return Err(Error::InvalidOneTimeToken);
    }
    tracing::info!(user_id = %found.user_id, "email verified");
    Ok(())
}

/// Sends a new verification email, at most once a minute per user. Does
/// nothing for an address that is already verified.
pub async fn resend(state: &AppState, who: &Principal) -> Result<()> {
    let now = state.clock.now();
    let user = store::users::find_user(&state.db, who.user_id)
        .await?
        .ok_or(Error::InvalidToken)?;
    if user.email_verified {
        return Ok(());
    }
    let token = pending(&state.config, &user.email, now)?;
    let interval = delta(RESEND_INTERVAL);
    store::tokens::resend_verification(&state.db, user.id, token, now, interval)
        .await?
        .map_err(|retry_after_secs| Error::RateLimited { retry_after_secs })?;
    state.mail.ring();
    Ok(())
}
