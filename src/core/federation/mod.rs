//! Sign-in with other identity providers. This part owns the providers as
//! data: what an admin may connect (`oidc`, `github`, `oauth2`), the rules a
//! provider's settings must meet (`settle`), the client secret sealed at
//! rest and never shown again, and an audit event for every change; and a
//! user's linked identities, of which the last way to sign in stays. The
//! sign-in flows themselves are `flow`'s; whose account an identity signs
//! in to is `linking`'s.

mod admit;
mod flow;
mod linking;
mod settings;

use std::sync::Arc;

use secrecy::SecretString;
use serde_json::json;
use tracing::instrument;

use super::accounts::Accounts;
use super::audit::{self, NewEvent};
use super::clients::Clients;
use super::clock::SharedClock;
use super::error::{Error, FieldError, Result};
use super::locale::Said;
use super::model::{ClientInfo, Principal};
use super::oauth::OAuth;
use super::ports::{
    FactorChange, IdentityStore, Letters, LinkedIdentity, MfaStore, Outbox, Provider,
    ProviderStore, Secrets, Unlinking, Upstream, UserStore,
};
use super::rbac::{Granted, ProvidersRead, ProvidersWrite};
use super::sessions::Sessions;

pub use flow::{Callback, FLOW_TTL, Finished, Outcome, Purpose};
pub use linking::IDENTITY_LINKED;
pub use settings::ClaimFields;

pub const PROVIDER_CREATED: &str = "provider.created";
pub const PROVIDER_UPDATED: &str = "provider.updated";
pub const PROVIDER_DELETED: &str = "provider.deleted";
pub const IDENTITY_UNLINKED: &str = "identity.unlinked";

/// The stored hash of a user with no password (one a provider created):
/// no password matches it, so the password login fails as for a wrong one.
pub const NO_PASSWORD: &str = "!no-password";

/// What an admin gives for a provider: on creation the missing parts take
/// the kind's defaults; on a change, what is missing stays as it was.
#[derive(Debug, Default)]
pub struct ProviderFields {
    pub slug: Option<String>,
    pub kind: Option<String>,
    pub display_name: Option<String>,
    pub issuer: Option<String>,
    pub client_id: Option<String>,
    pub client_secret: Option<SecretString>,
    pub scopes: Option<Vec<String>>,
    pub authorization_endpoint: Option<String>,
    pub token_endpoint: Option<String>,
    pub userinfo_endpoint: Option<String>,
    pub claims: Option<ClaimFields>,
    pub link_by_verified_email: Option<bool>,
    pub allow_signup: Option<bool>,
    pub enabled: Option<bool>,
    pub trust_mfa: Option<bool>,
}

pub struct FederationDeps {
    pub store: Arc<dyn ProviderStore>,
    pub identities: Arc<dyn IdentityStore>,
    pub users: Arc<dyn UserStore>,
    pub factors: Arc<dyn MfaStore>,
    pub secrets: Arc<dyn Secrets>,
    pub letters: Arc<dyn Letters>,
    pub outbox: Arc<dyn Outbox>,
    pub upstream: Arc<dyn Upstream>,
    pub accounts: Arc<Accounts>,
    pub sessions: Arc<Sessions>,
    pub oauth: Arc<OAuth>,
    pub clients: Arc<Clients>,
    pub clock: SharedClock,
    /// `PALISADE_PUBLIC_URL`: the callback is under it.
    pub public_url: String,
}

pub struct Federation {
    store: Arc<dyn ProviderStore>,
    identities: Arc<dyn IdentityStore>,
    users: Arc<dyn UserStore>,
    factors: Arc<dyn MfaStore>,
    secrets: Arc<dyn Secrets>,
    /// The email that tells a user a sign-in was connected or removed.
    letters: Arc<dyn Letters>,
    outbox: Arc<dyn Outbox>,
    upstream: Arc<dyn Upstream>,
    accounts: Arc<Accounts>,
    sessions: Arc<Sessions>,
    oauth: Arc<OAuth>,
    clients: Arc<Clients>,
    clock: SharedClock,
    public_url: String,
}

/// The names of the settings that differ (never their values: one is a
/// secret), for the audit log.
fn changed_fields(before: &Provider, after: &Provider) -> Vec<&'static str> {
    [
        ("display_name", before.display_name != after.display_name),
        ("issuer", before.issuer != after.issuer),
        ("client_id", before.client_id != after.client_id),
        (
            "client_secret",
            before.client_secret_sealed != after.client_secret_sealed,
        ),
        ("scopes", before.scopes != after.scopes),
        (
            "authorization_endpoint",
            before.authorization_endpoint != after.authorization_endpoint,
        ),
        (
            "token_endpoint",
            before.token_endpoint != after.token_endpoint,
        ),
        (
            "userinfo_endpoint",
            before.userinfo_endpoint != after.userinfo_endpoint,
        ),
        ("claims", before.claims != after.claims),
        (
            "link_by_verified_email",
            before.link_by_verified_email != after.link_by_verified_email,
        ),
        ("allow_signup", before.allow_signup != after.allow_signup),
        ("enabled", before.enabled != after.enabled),
        ("trust_mfa", before.trust_mfa != after.trust_mfa),
    ]
    .into_iter()
    .filter_map(|(name, differs)| differs.then_some(name))
    .collect()
}

/// A provider on /account, and the user's identity there if linked.
#[derive(Debug, Clone)]
pub struct Connection {
    pub slug: String,
    pub display_name: String,
    pub identity: Option<LinkedIdentity>,
}

#[derive(Debug, Clone)]
pub struct Connections {
    pub has_password: bool,
    pub rows: Vec<Connection>,
}

/// A linked identity, with the name of its provider.
#[derive(Debug, Clone)]
pub struct Linked {
    pub identity: LinkedIdentity,
    pub display_name: String,
}

impl Federation {
    pub fn new(deps: FederationDeps) -> Self {
        Self {
            store: deps.store,
            identities: deps.identities,
            users: deps.users,
            factors: deps.factors,
            secrets: deps.secrets,
            letters: deps.letters,
            outbox: deps.outbox,
            upstream: deps.upstream,
            accounts: deps.accounts,
            sessions: deps.sessions,
            oauth: deps.oauth,
            clients: deps.clients,
            clock: deps.clock,
            public_url: deps.public_url.trim_end_matches('/').to_owned(),
        }
    }

    /// The caller's linked identities.
    pub async fn identities(&self, who: &Principal) -> Result<Vec<Linked>> {
        let providers = self.store.providers().await?;
        let name = |slug: &str| {
            providers
                .iter()
                .find(|p| p.slug == slug)
                .map_or_else(|| slug.to_owned(), |p| p.display_name.clone())
        };
        Ok(self
            .identities
            .identities_of(who.user_id)
            .await?
            .into_iter()
            .map(|identity| Linked {
                display_name: name(&identity.provider),
                identity,
            })
            .collect())
    }

    /// What /account shows under "Connected sign-ins": every enabled
    /// provider and every linked identity, and whether the user has a
    /// password at all.
    pub async fn connections(&self, who: &Principal) -> Result<Connections> {
        let providers = self.store.providers().await?;
        let linked = self.identities.identities_of(who.user_id).await?;
        let has_password = self
            .users
            .credentials(who.user_id)
            .await?
            .is_some_and(|c| c.has_password());
        let rows = providers
            .into_iter()
            .filter_map(|p| {
                let identity = linked.iter().find(|i| i.provider == p.slug).cloned();
                (p.enabled || identity.is_some()).then_some(Connection {
                    slug: p.slug,
                    display_name: p.display_name,
                    identity,
                })
            })
            .collect();
        Ok(Connections { has_password, rows })
    }

    /// Unlinks the caller's identity at `slug`: 409 `last_login_method`
    /// when nothing else would sign them in (no password, no passkey, no
    /// other provider that is on), as the store decides in the unlink's
    /// transaction.
    #[instrument(skip_all, fields(user_id = %who.user_id), name = "federation.unlink")]
    pub async fn unlink(&self, who: &Principal, slug: &str, client: &ClientInfo) -> Result<()> {
        let credentials = self
            .users
            .credentials(who.user_id)
            .await?
            .ok_or(Error::InvalidToken)?;
        let event = audit::event(IDENTITY_UNLINKED, client)
            .actor(who.user_id)
            .target(who.user_id)
            .details(json!({"provider": slug}));
        let notice = self.letters.factor_changed(
            &credentials.user.email,
            FactorChange::SignInDisconnected,
            credentials.user.locale.as_deref(),
        )?;
        match self
            .identities
            .unlink_identity(who.user_id, slug, event, notice, self.clock.now())
            .await?
        {
            Unlinking::Unlinked => {
                self.outbox.ring();
                Ok(())
            }
            Unlinking::NotLinked => Err(Error::NotFound),
            Unlinking::LastLoginMethod => Err(Error::LastLoginMethod),
        }
    }

    pub async fn providers(&self, _: &Granted<ProvidersRead>) -> Result<Vec<Provider>> {
        self.store.providers().await
    }

    pub async fn provider(&self, _: &Granted<ProvidersRead>, slug: &str) -> Result<Provider> {
        self.store.provider(slug).await?.ok_or(Error::NotFound)
    }

    /// Connects a provider. 409 `provider_exists` when the slug is taken.
    #[instrument(skip_all, name = "federation.create_provider")]
    pub async fn create_provider(
        &self,
        by: &Granted<ProvidersWrite>,
        fields: ProviderFields,
        client: &ClientInfo,
    ) -> Result<Provider> {
        let event = audit::event(PROVIDER_CREATED, client).actor(by.who().user_id);
        self.add(fields, event).await
    }

    /// The same for the operator at the command line, who holds the
    /// database and needs no permission.
    #[instrument(skip_all, name = "federation.create_provider_by_operator")]
    pub async fn create_provider_by_operator(&self, fields: ProviderFields) -> Result<Provider> {
        self.add(
            fields,
            audit::event(PROVIDER_CREATED, &ClientInfo::default()),
        )
        .await
    }

    async fn add(&self, fields: ProviderFields, event: NewEvent) -> Result<Provider> {
        let now = self.clock.now();
        let new = settings::settle(None, fields, self.secrets.as_ref(), now)?;
        let event = event.details(json!({"slug": new.slug, "kind": new.kind.as_str()}));
        if !self.store.create_provider(new.clone(), event, now).await? {
            return Err(Error::ProviderExists);
        }
        Ok(new)
    }

    /// Changes what is given; the slug and kind stay.
    #[instrument(skip_all, name = "federation.update_provider")]
    pub async fn update_provider(
        &self,
        by: &Granted<ProvidersWrite>,
        slug: &str,
        fields: ProviderFields,
        client: &ClientInfo,
    ) -> Result<Provider> {
        let current = self.store.provider(slug).await?.ok_or(Error::NotFound)?;
        let now = self.clock.now();
        let before = current.clone();
        let changed = settings::settle(Some(current), fields, self.secrets.as_ref(), now)?;
        // Links are keyed by the provider's subjects: another issuer, user
        // endpoint, client or subject path would hand its subjects the
        // accounts linked to the old one's.
        let identity_moves = before.issuer != changed.issuer
            || before.userinfo_endpoint != changed.userinfo_endpoint
            || before.client_id != changed.client_id
            || before.claims.subject != changed.claims.subject;
        if identity_moves && self.identities.provider_in_use(slug).await? {
            return Err(FieldError::new(
                "issuer",
                "in_use",
                "People sign in through this provider: its issuer, user endpoint, client id and subject stay. Add another provider instead.",
            )
            .said(Said::new("field-provider-in-use"))
            .into());
        }
        let event = audit::event(PROVIDER_UPDATED, client)
            .actor(by.who().user_id)
            .details(json!({"slug": slug, "changed": changed_fields(&before, &changed)}));
        if !self
            .store
            .update_provider(changed.clone(), event, now)
            .await?
        {
            return Err(Error::NotFound);
        }
        Ok(changed)
    }

    /// Removes a provider and the identities linked through it; the users
    /// keep their accounts.
    #[instrument(skip_all, name = "federation.delete_provider")]
    pub async fn delete_provider(
        &self,
        by: &Granted<ProvidersWrite>,
        slug: &str,
        client: &ClientInfo,
    ) -> Result<()> {
        let event = audit::event(PROVIDER_DELETED, client)
            .actor(by.who().user_id)
            .details(json!({"slug": slug}));
        match self
            .store
            .delete_provider(slug, event, self.clock.now())
            .await?
        {
            true => Ok(()),
            false => Err(Error::NotFound),
        }
    }
}
