//! Ports of sign-in with other identity providers: the providers admins
//! connect, as stored.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};

use crate::core::audit::NewEvent;
use crate::core::error::Result;
use crate::core::model::Letter;
use crate::core::ports::NewUser;

/// How Palisade talks to a provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderKind {
    /// OpenID Connect: everything else from the issuer's discovery document.
    Oidc,
    /// GitHub's OAuth 2 and its user and verified-emails API.
    Github,
    /// Plain OAuth 2 with configured endpoints and claim paths.
    OAuth2,
}

impl ProviderKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Oidc => "oidc",
            Self::Github => "github",
            Self::OAuth2 => "oauth2",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Oidc, Self::Github, Self::OAuth2]
            .into_iter()
            .find(|k| k.as_str() == text)
    }
}

/// Where a provider's user information holds each claim (a dotted path
/// into its JSON, such as `data.id`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimPaths {
    pub subject: String,
    pub email: String,
    pub email_verified: String,
    pub name: String,
}

/// A connected provider, its client secret still sealed.
#[derive(Debug, Clone)]
pub struct Provider {
    pub slug: String,
    pub kind: ProviderKind,
    pub display_name: String,
    pub issuer: Option<String>,
    pub client_id: String,
    /// Sealed with the secrets key (`None`: a public client, PKCE alone).
    pub client_secret_sealed: Option<String>,
    pub scopes: Vec<String>,
    pub authorization_endpoint: Option<String>,
    pub token_endpoint: Option<String>,
    pub userinfo_endpoint: Option<String>,
    pub claims: ClaimPaths,
    pub link_by_verified_email: bool,
    pub allow_signup: bool,
    pub enabled: bool,
    /// Whether a second factor the provider asserts (`amr`) stands in for
    /// ours.
    pub trust_mfa: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[async_trait]
pub trait ProviderStore: Send + Sync {
    async fn providers(&self) -> Result<Vec<Provider>>;
    async fn provider(&self, slug: &str) -> Result<Option<Provider>>;
    /// False when the slug is taken.
    async fn create_provider(
        &self,
        new: Provider,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<bool>;
    /// False when it is gone.
    async fn update_provider(
        &self,
        changed: Provider,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<bool>;
    /// Removes it and its linked identities (the users stay); false when
    /// it is gone.
    async fn delete_provider(
        &self,
        slug: &str,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<bool>;
}

/// Who a provider says signed in, as its claims map onto ours.
#[derive(Debug, Clone)]
pub struct UpstreamIdentity {
    /// The user's id at the provider: with the provider, the identity.
    pub subject: String,
    pub email: Option<String>,
    /// Only what the provider asserts (`false` when it says nothing).
    pub email_verified: bool,
    pub name: Option<String>,
    /// How the user signed in there (RFC 8176), if the provider says.
    pub amr: Vec<String>,
}

/// What a sign-in at a provider is sent with, and its answer must match.
#[derive(Debug, Clone, Copy)]
pub struct UpstreamRequest<'a> {
    pub redirect_uri: &'a str,
    pub state: &'a str,
    pub nonce: &'a str,
    /// PKCE S256 of the verifier kept for the code exchange.
    pub code_challenge: &'a str,
}

/// The providers' side of a sign-in: where to send the browser, and who
/// came back. A provider that cannot be reached is `Unavailable`; an
/// answer that does not check out is `UpstreamRefused`.
#[async_trait]
pub trait Upstream: Send + Sync {
    async fn authorization_url(
        &self,
        provider: &Provider,
        request: UpstreamRequest<'_>,
    ) -> Result<String>;
    async fn identify(
        &self,
        provider: &Provider,
        client_secret: Option<SecretString>,
        code: &str,
        request: UpstreamRequest<'_>,
        code_verifier: &str,
        now: DateTime<Utc>,
    ) -> Result<UpstreamIdentity>;
}

/// An identity at a provider, linked to a user.
#[derive(Debug, Clone)]
pub struct LinkedIdentity {
    pub provider: String,
    pub subject: String,
    pub user_id: uuid::Uuid,
    /// The address the provider gave when it was linked.
    pub email: Option<String>,
    pub linked_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

/// What linking an identity came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Linking {
    Linked,
    /// The identity is another user's.
    IdentityTaken,
    /// The user has another identity at this provider.
    AlreadyLinked,
}

/// What unlinking an identity came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unlinking {
    Unlinked,
    NotLinked,
    /// It was the last way to sign in: nothing changed.
    LastLoginMethod,
}

#[async_trait]
pub trait IdentityStore: Send + Sync {
    async fn identities_of(&self, user_id: uuid::Uuid) -> Result<Vec<LinkedIdentity>>;
    /// The identity (provider, subject), whoever it is linked to.
    async fn identity(&self, provider: &str, subject: &str) -> Result<Option<LinkedIdentity>>;
    /// Links the identity to its user, with the event and the email that
    /// tells the user, in one transaction.
    async fn link_identity(
        &self,
        identity: LinkedIdentity,
        event: NewEvent,
        notice: Letter,
        now: DateTime<Utc>,
    ) -> Result<Linking>;
    /// Creates the user (role `user`) and links the identity to it in one
    /// transaction, with the events: no account without its identity.
    /// `EmailTaken` when the address is in use; `IdentityTaken` (as an
    /// error) when another sign-in linked the identity meanwhile.
    async fn create_user_with_identity(
        &self,
        new: NewUser,
        identity: LinkedIdentity,
        events: Vec<NewEvent>,
        now: DateTime<Utc>,
    ) -> Result<Linking>;
    /// Whether anyone has an identity linked through the provider.
    async fn provider_in_use(&self, provider: &str) -> Result<bool>;
    /// Notes that the identity was just used to sign in.
    async fn identity_used(&self, provider: &str, subject: &str, now: DateTime<Utc>) -> Result<()>;
    /// Removes the user's identity at `provider`, with the event and the
    /// email that tells the user, unless nothing else would sign them in
    /// (a password, a passkey, an identity at a provider that is on),
    /// decided in the same transaction.
    async fn unlink_identity(
        &self,
        user_id: uuid::Uuid,
        provider: &str,
        event: NewEvent,
        notice: Letter,
        now: DateTime<Utc>,
    ) -> Result<Unlinking>;
}
