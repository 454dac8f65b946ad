//! The user's own data: export everything held about them, and erase an
//! account (theirs after re-entering the password, or an admin's decision).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::accounts::Accounts;
use super::audit::{self, NewEvent};
use super::clock::SharedClock;
use super::error::Result;
use super::model::{Account, AuditEvent, ClientInfo, Password, Principal, Session};
use super::ports::{
    Consent, ConsentStore, Factors, IdentityStore, LinkedIdentity, MfaStore, Outbox, PrivacyStore,
};
use super::rbac::Permissions;
use super::sessions::Sessions;

/// Everything held about a user. No secret: no hash, no token.
pub struct Export {
    pub exported_at: DateTime<Utc>,
    pub account: Account,
    pub sessions: Vec<Session>,
    pub events: Vec<AuditEvent>,
    /// Which factors the user has (never a seed or a code).
    pub factors: Factors,
    /// The apps the user let in.
    pub consents: Vec<Consent>,
    /// The user's identities at other providers.
    pub identities: Vec<LinkedIdentity>,
}

pub struct Privacy {
    store: Arc<dyn PrivacyStore>,
    factors: Arc<dyn MfaStore>,
    consents: Arc<dyn ConsentStore>,
    identities: Arc<dyn IdentityStore>,
    accounts: Arc<Accounts>,
    sessions: Arc<Sessions>,
    permissions: Arc<Permissions>,
    outbox: Arc<dyn Outbox>,
    clock: SharedClock,
}

/// The dependencies of `Privacy`, named so the wiring reads.
pub struct PrivacyDeps {
    pub store: Arc<dyn PrivacyStore>,
    pub factors: Arc<dyn MfaStore>,
    pub consents: Arc<dyn ConsentStore>,
    pub identities: Arc<dyn IdentityStore>,
    pub accounts: Arc<Accounts>,
    pub sessions: Arc<Sessions>,
    pub permissions: Arc<Permissions>,
    pub outbox: Arc<dyn Outbox>,
    pub clock: SharedClock,
}

impl Privacy {
    pub fn new(deps: PrivacyDeps) -> Self {
        Self {
            store: deps.store,
            factors: deps.factors,
            consents: deps.consents,
            identities: deps.identities,
            accounts: deps.accounts,
            sessions: deps.sessions,
            permissions: deps.permissions,
            outbox: deps.outbox,
            clock: deps.clock,
        }
    }

    #[tracing::instrument(skip_all, fields(user_id = %who.user_id), name = "privacy.export")]
    pub async fn export(&self, who: &Principal) -> Result<Export> {
        let account = self.accounts.profile(who.user_id).await?;
        // Where someone else acted on the user (an admin), their origin is
        // their personal data, not the user's.
        let events = self
            .store
            .events_of(who.user_id)
            .await?
            .into_iter()
            .map(|mut e| {
                if e.actor_id.is_some_and(|actor| actor != who.user_id) {
                    e.ip = None;
                    e.user_agent = None;
                }
                e
            })
            .collect();
        Ok(Export {
            exported_at: self.clock.now(),
            sessions: self.store.sessions_of(who.user_id).await?,
            events,
            factors: self.factors.factors(who.user_id).await?,
            consents: self.consents.consents_of(who.user_id).await?,
            identities: self.identities.identities_of(who.user_id).await?,
            account,
        })
    }

    /// Erases the caller's account once they confirm their password. The
    /// last enabled admin cannot leave (409 `last_admin`).
    #[tracing::instrument(skip_all, fields(user_id = %who.user_id), name = "privacy.delete_me")]
    pub async fn delete_me(
        &self,
        who: &Principal,
        password: &Password,
        client: &ClientInfo,
    ) -> Result<()> {
        let user = self.accounts.confirm(who, password, client).await?;
        // The record of the erasure keeps no IP or user agent of the person.
        let event = audit::event(audit::USER_DELETED, &ClientInfo::default())
            .actor(user.id)
            .target(user.id);
        self.erase(user.id, event).await?;
        tracing::info!(user_id = %user.id, "account erased at the user's request");
        Ok(())
    }

    /// Erases a user and what hangs off them, then drops the ended sessions
    /// from the caches, the permissions cached for them, and the written-out
    /// copies of emails to the address.
    #[tracing::instrument(skip_all, fields(user_id = %user_id), name = "privacy.erase")]
    pub async fn erase(&self, user_id: Uuid, event: NewEvent) -> Result<()> {
        let erased = self
            .store
            .erase_user(user_id, event, self.clock.now())
            .await?;
        self.sessions.ended(erased.sessions).await;
        self.sessions.profiles().changed(vec![user_id]).await;
        self.permissions.changed().await;
        self.outbox.forget(&erased.emails).await;
        Ok(())
    }
}
