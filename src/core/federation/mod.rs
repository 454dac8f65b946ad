//! Sign-in with other identity providers. This part owns the providers as
//! data: what an admin may connect (`oidc`, `github`, `oauth2`), the rules a
//! provider's settings must meet (`settle`), the client secret sealed at
//! rest and never shown again, and an audit event for every change.

mod settings;

use std::sync::Arc;

use secrecy::SecretString;
use serde_json::json;
use tracing::instrument;

use super::audit::{self, NewEvent};
use super::clock::SharedClock;
use super::error::{Error, Result};
use super::model::ClientInfo;
use super::ports::{Provider, ProviderStore, Secrets};
use super::rbac::{Granted, ProvidersRead, ProvidersWrite};

pub use settings::ClaimFields;

pub const PROVIDER_CREATED: &str = "provider.created";
pub const PROVIDER_UPDATED: &str = "provider.updated";
pub const PROVIDER_DELETED: &str = "provider.deleted";

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

pub struct Federation {
    store: Arc<dyn ProviderStore>,
    secrets: Arc<dyn Secrets>,
    clock: SharedClock,
}

impl Federation {
    pub fn new(
        store: Arc<dyn ProviderStore>,
        secrets: Arc<dyn Secrets>,
        clock: SharedClock,
    ) -> Self {
        Self {
            store,
            secrets,
            clock,
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
        let changed = settings::settle(Some(current), fields, self.secrets.as_ref(), now)?;
        let event = audit::event(PROVIDER_UPDATED, client)
            .actor(by.who().user_id)
            .details(json!({"slug": slug}));
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
