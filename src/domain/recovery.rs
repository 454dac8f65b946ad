//! Password recovery and change: forgot (reset link by email), reset by
//! token, change after re-authentication. Every password change voids the
//! outstanding reset tokens, ends sessions and emails the user a notice.

use std::time::Duration;

use secrecy::SecretString;
use serde_json::json;

use super::accounts::field;
use super::audit::{self, EventExt as _};
use super::clock::delta;
use super::sessions::{ClientInfo, Principal};
use super::verification::usable_token;
use super::{tokens, validate};
use crate::app::AppState;
use crate::error::{Error, Result};
use crate::store::{self, tokens::PendingToken};

/// At most one reset email per address in this interval; requests in between
/// are dropped silently (the reply is the same 202 either way).
const RESET_COOLDOWN: Duration = Duration::from_secs(60);

/// Starts a reset for `email`. Answers the same, at the same speed, whether or
/// not the account exists: the lookup and the email happen after the reply.
/// The price: a database failure there is logged, not answered with 503.
pub fn forgot(state: &AppState, email: &str, client: ClientInfo) -> Result<()> {
    // An address, or 422; the lookup after the reply also finds accounts
    // under an older spelling of it.
    field(validate::email("email", email))?;
    let typed = email.to_owned();
    let state = state.clone();
    tokio::spawn(async move {
        if let Err(err) = send_reset(&state, &typed, &client).await {
            tracing::warn!(error = %err, "could not queue a password reset email");
        }
    });
    Ok(())
}

async fn send_reset(state: &AppState, typed: &str, client: &ClientInfo) -> Result<()> {
    let Some(user) = super::accounts::find_by_typed_email(&state.db, typed)
        .await?
        .user
    else {
        return Ok(());
    };
    if user.disabled {
        return Ok(());
    }
    let now = state.clock.now();
    let token = tokens::new_opaque_token();
    let pending = PendingToken {
        purpose: store::tokens::RESET,
        token_hash: tokens::hash_token(&token),
        expires_at: now + delta(state.config.reset_token_ttl),
        email: crate::mail::reset_email(&state.config, &user.email, &token)?,
    };
    let event = audit::event(audit::PASSWORD_RESET_REQUESTED, client).target(user.id);
    let cooldown = delta(RESET_COOLDOWN);
    if store::tokens::issue_reset(&state.db, user.id, pending, event, now, cooldown).await? {
        state.mail.ring();
        tracing::info!(user_id = %user.id, "password reset requested");
    }
    Ok(())
}

/// Sets a new password with a reset token; ends every session of the user.
pub async fn reset(
    state: &AppState,
    token: &str,
    new_password: &SecretString,
    client: &ClientInfo,
) -> Result<()> {
    let found = usable_token(state, store::tokens::RESET, token).await?;
    let user = store::users::find_user(&state.db, found.user_id)
        .await?
        .ok_or(Error::InvalidOneTimeToken)?;
    state
        .hasher
        .check_new_password("new_password", new_password, vec![user.email.clone()])
        .await?;
    let hash = state.hasher.hash(new_password).await?;
    let event = audit::event(audit::PASSWORD_RESET, client)
        .actor(user.id)
        .target(user.id);
    let notice = crate::mail::password_changed_email(&state.config, &user.email)?;
    let Some(ended) =
        store::tokens::reset_password(&state.db, &found, hash, notice, event, state.clock.now())
            .await?
    else {
        return Err(Error::InvalidOneTimeToken);
    };
    super::broadcast::sessions_ended(state, ended).await;
    state.mail.ring();
    tracing::info!(user_id = %user.id, "password reset");
    Ok(())
}

/// Changes the caller's password after checking the current one; ends their
/// other sessions and sends a notice.
pub async fn change(
    state: &AppState,
    who: &Principal,
    current: &SecretString,
    new_password: &SecretString,
    client: &ClientInfo,
) -> Result<()> {
    let user = super::accounts::reauthenticate(state, who, current, client).await?;
    state
        .hasher
        .check_new_password("new_password", new_password, vec![user.email.clone()])
        .await?;
    let hash = state.hasher.hash(new_password).await?;
    let notice = crate::mail::password_changed_email(&state.config, &user.email)?;
    let event = audit::event(audit::PASSWORD_CHANGED, client)
        .actor(user.id)
        .target(user.id)
        .details(json!({"kept_session": who.session_id}));
    let ended = store::tokens::change_password(
        &state.db,
        user.id,
        hash,
        who.session_id,
        notice,
        event,
        state.clock.now(),
    )
    .await?;
    super::broadcast::sessions_ended(state, ended).await;
    state.mail.ring();
    tracing::info!(user_id = %user.id, "password changed");
    Ok(())
}
