//! The user's own data: export everything held about them, and erase the
//! account (after re-entering the password).

use chrono::{DateTime, Utc};
use secrecy::SecretString;

use super::accounts::{self, Account};
use super::audit::{self, EventExt as _};
use super::sessions::{ClientInfo, Principal};
use crate::app::AppState;
use crate::error::Result;
use crate::store::{self, audit::AuditEvent, sessions::Session};

/// Everything held about a user. No secret: no hash, no token.
pub struct Export {
    pub exported_at: DateTime<Utc>,
    pub account: Account,
    pub sessions: Vec<Session>,
    pub events: Vec<AuditEvent>,
}

pub async fn export(state: &AppState, who: &Principal) -> Result<Export> {
    let account = accounts::profile(state, who.user_id).await?;
    Ok(Export {
        exported_at: state.clock.now(),
        sessions: store::privacy::sessions_of(&state.db, who.user_id).await?,
        // Where someone else acted on the user (an admin), their origin is
        // their personal data, not the user's.
        events: store::privacy::events_of(&state.db, who.user_id)
            .await?
            .into_iter()
            .map(|mut e| {
                if e.actor_id.is_some_and(|actor| actor != who.user_id) {
                    e.ip = None;
                    e.user_agent = None;
                }
                e
            })
            .collect(),
        account,
    })
}

/// Erases the caller's account once they confirm their password. The last
/// enabled admin cannot leave (409 `last_admin`).
pub async fn delete_me(
    state: &AppState,
    who: &Principal,
    password: &SecretString,
    client: &ClientInfo,
) -> Result<()> {
    let user = accounts::reauthenticate(state, who, password, client).await?;
    // The record of the erasure keeps no IP or user agent of the person.
    let event = audit::event(audit::USER_DELETED, &ClientInfo::default())
        .actor(user.id)
        .target(user.id);
    let erased = store::privacy::erase_user(&state.db, user.id, event, state.clock.now()).await?;
    forget_erased(state, erased).await;
    tracing::info!(user_id = %user.id, "account erased at the user's request");
    Ok(())
}

/// After an erasure: drop the ended sessions from the caches, and the
/// written-out emails (.eml files, when no SMTP server is set) to the address.
pub async fn forget_erased(state: &AppState, erased: store::privacy::Erased) {
    super::broadcast::sessions_ended(state, erased.sessions).await;
    super::broadcast::roles_changed(state).await;
    for id in erased.emails {
        let file = state.config.mail.dir.join(format!("{id}.eml"));
        let _ = tokio::fs::remove_file(file).await;
    }
}
