//! The OAuth client registry: the applications that may ask Palisade for
//! tokens, what each may ask for, and their secrets (256 random bits, stored
//! as a hash, shown once, rotated with a grace period). Admin operations take
//! the proof of their permission; every change is audited with it.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::json;
use subtle::ConstantTimeEq as _;
use tracing::instrument;

use super::audit;
use super::clock::{SharedClock, delta};
use super::error::{Error, FieldError, Result};
use super::locale::Said;
use super::model::ClientInfo;
use super::ports::{ClientStore, StoredClient};
use super::rbac::{ClientsRead, ClientsWrite, Granted};
use super::redirects;
use super::sessions::Sessions;
use super::tokens;

pub const CLIENT_CREATED: &str = "client.created";
pub const CLIENT_UPDATED: &str = "client.updated";
pub const CLIENT_DELETED: &str = "client.deleted";
pub const CLIENT_SECRET_ROTATED: &str = "client.secret_rotated";

/// The scopes a client may be allowed.
pub const SCOPES: [&str; 5] = ["openid", "profile", "email", "offline_access", "roles"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientKind {
    /// Keeps a secret (a server-side web app, a backend service).
    Confidential,
    /// Cannot keep one (a SPA, a native app): proves itself with PKCE.
    Public,
}

impl ClientKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confidential => "confidential",
            Self::Public => "public",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Confidential, Self::Public]
            .into_iter()
            .find(|k| k.as_str() == text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum GrantType {
    AuthorizationCode,
    RefreshToken,
    ClientCredentials,
    DeviceCode,
    Password,
}

impl GrantType {
    pub const ALL: [Self; 5] = [
        Self::AuthorizationCode,
        Self::RefreshToken,
        Self::ClientCredentials,
        Self::DeviceCode,
        Self::Password,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::AuthorizationCode => "authorization_code",
            Self::RefreshToken => "refresh_token",
            Self::ClientCredentials => "client_credentials",
            Self::DeviceCode => "urn:ietf:params:oauth:grant-type:device_code",
            Self::Password => "password",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.as_str() == text)
    }
}

/// A registered client. No secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthClient {
    pub client_id: String,
    pub name: String,
    pub kind: ClientKind,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    pub grant_types: Vec<GrantType>,
    pub scopes: Vec<String>,
    /// Trusted like Palisade's own pages: no consent asked.
    pub first_party: bool,
    pub require_pkce: bool,
    /// `aud` of its access tokens; `None`: its client id.
    pub audience: Option<String>,
    /// Lifetime of its access tokens; `None`: the server's.
    pub access_token_ttl: Option<Duration>,
    /// The built-in client `palisade`, which cannot be deleted.
    pub builtin: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl OAuthClient {
    pub fn allows(&self, grant: GrantType) -> bool {
        self.grant_types.contains(&grant)
    }
}

/// What an admin says about a client: every field optional, for a new one
/// (defaults apply) and for a change (absent stays as it is).
#[derive(Debug, Default, Clone)]
pub struct ClientFields {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub redirect_uris: Option<Vec<String>>,
    pub post_logout_redirect_uris: Option<Vec<String>>,
    pub grant_types: Option<Vec<String>>,
    pub scopes: Option<Vec<String>>,
    pub first_party: Option<bool>,
    pub require_pkce: Option<bool>,
    /// `Some(None)` clears it.
    pub audience: Option<Option<String>>,
    /// Seconds; `Some(None)` clears it.
    pub access_token_ttl: Option<Option<u64>>,
}

/// What the client rules need from the settings.
#[derive(Debug, Clone)]
pub struct ClientPolicy {
    /// How long a replaced secret keeps working.
    pub secret_grace: Duration,
    pub allow_http_redirects: bool,
}

pub struct Clients {
    store: Arc<dyn ClientStore>,
    sessions: Arc<Sessions>,
    clock: SharedClock,
    policy: ClientPolicy,
}

/// How a client secret is stored: SHA-256 of 256 random bits is as strong
/// as the secret, and fast enough for every token request (Argon2 would
/// make each client_credentials grant cost a password check).
fn secret_hash(secret: &str) -> String {
    tokens::hash_token(secret)
}

/// Whether `presented` hashes to `stored`, compared in constant time.
fn same_secret(presented: &str, stored: &str) -> bool {
    secret_hash(presented)
        .as_bytes()
        .ct_eq(stored.as_bytes())
        .into()
}

impl Clients {
    pub fn new(
        store: Arc<dyn ClientStore>,
        sessions: Arc<Sessions>,
        clock: SharedClock,
        policy: ClientPolicy,
    ) -> Self {
        Self {
            store,
            sessions,
            clock,
            policy,
        }
    }

    pub async fn list(&self, _: &Granted<ClientsRead>) -> Result<Vec<OAuthClient>> {
        self.store.list_clients().await
    }

    pub async fn get(&self, _: &Granted<ClientsRead>, client_id: &str) -> Result<OAuthClient> {
        Ok(self.find(client_id).await?.ok_or(Error::NotFound)?.client)
    }

    /// A registered client, for the flows that name one.
    pub async fn find_client(&self, client_id: &str) -> Result<Option<OAuthClient>> {
        Ok(self.find(client_id).await?.map(|stored| stored.client))
    }

    /// The redirect URI to send an app to, if `presented` is one that a
    /// registered first-party client lists (the app flow of federated
    /// sign-in, whose tokens are the first-party client's: another app's
    /// redirect URI would carry the user's session to that app).
    pub async fn first_party_redirect(&self, presented: &str) -> Result<Option<String>> {
        if presented.is_empty() || presented.len() > 2048 {
            return Ok(None);
        }
        Ok(self
            .store
            .list_clients()
            .await?
            .iter()
            .filter(|client| client.first_party)
            .find_map(|client| super::redirects::matching(presented, &client.redirect_uris)))
    }

    async fn find(&self, client_id: &str) -> Result<Option<StoredClient>> {
        if client_id.is_empty() || client_id.len() > 128 {
            return Ok(None);
        }
        self.store.find_client(client_id).await
    }

    /// Registers a client; a confidential one gets its secret, returned once.
    #[instrument(skip_all, name = "clients.create")]
    pub async fn create(
        &self,
        by: &Granted<ClientsWrite>,
        fields: ClientFields,
        client: &ClientInfo,
    ) -> Result<(OAuthClient, Option<String>)> {
        let event = audit::event(CLIENT_CREATED, client).actor(by.who().user_id);
        self.register(fields, event).await
    }

    /// The same for the operator at the command line, who needs no
    /// permission: they hold the database.
    #[instrument(skip_all, name = "clients.create_by_operator")]
    pub async fn create_by_operator(
        &self,
        fields: ClientFields,
    ) -> Result<(OAuthClient, Option<String>)> {
        let event = audit::event(CLIENT_CREATED, &ClientInfo::default());
        self.register(fields, event).await
    }

    async fn register(
        &self,
        fields: ClientFields,
        event: audit::NewEvent,
    ) -> Result<(OAuthClient, Option<String>)> {
        let now = self.clock.now();
        let new = self.settle(defaults(now), fields, true)?;
        let secret = (new.kind == ClientKind::Confidential).then(tokens::new_opaque_token);
        let event = event.details(json!({"client_id": new.client_id, "name": new.name}));
        let stored = self
            .store
            .create_client(new, secret.as_deref().map(secret_hash), event, now)
            .await?;
        Ok((stored, secret))
    }

    /// Changes what was given (a client's type stays what it was).
    #[instrument(skip_all, name = "clients.update")]
    pub async fn update(
        &self,
        by: &Granted<ClientsWrite>,
        client_id: &str,
        fields: ClientFields,
        client: &ClientInfo,
    ) -> Result<OAuthClient> {
        let current = self.find(client_id).await?.ok_or(Error::NotFound)?.client;
        if current.builtin {
            return Err(Error::BuiltinClient);
        }
        let now = self.clock.now();
        let mut changed = self.settle(current, fields, false)?;
        changed.updated_at = now;
        let event = audit::event(CLIENT_UPDATED, client)
            .actor(by.who().user_id)
            .details(json!({"client_id": client_id}));
        self.store.update_client(changed, event, now).await
    }

    /// Removes a client and ends every session issued to it.
    #[instrument(skip_all, name = "clients.delete")]
    pub async fn delete(
        &self,
        by: &Granted<ClientsWrite>,
        client_id: &str,
        client: &ClientInfo,
    ) -> Result<()> {
        let current = self.find(client_id).await?.ok_or(Error::NotFound)?.client;
        if current.builtin {
            return Err(Error::BuiltinClient);
        }
        let event = audit::event(CLIENT_DELETED, client)
            .actor(by.who().user_id)
            .details(json!({"client_id": client_id}));
        let ended = self
            .store
            .delete_client(client_id, event, self.clock.now())
            .await?
            .ok_or(Error::NotFound)?;
        self.sessions.ended(ended).await;
        Ok(())
    }

    /// A new secret for a confidential client; the old one works on for the
    /// grace period, so the client can be redeployed without downtime.
    #[instrument(skip_all, name = "clients.rotate_secret")]
    pub async fn rotate_secret(
        &self,
        by: &Granted<ClientsWrite>,
        client_id: &str,
        client: &ClientInfo,
    ) -> Result<String> {
        let current = self.find(client_id).await?.ok_or(Error::NotFound)?.client;
        if current.kind != ClientKind::Confidential {
            return Err(
                FieldError::new("type", "public_client", "A public client has no secret.")
                    .said(Said::new("field-client-public-no-secret"))
                    .into(),
            );
        }
        let now = self.clock.now();
        let secret = tokens::new_opaque_token();
        let event = audit::event(CLIENT_SECRET_ROTATED, client)
            .actor(by.who().user_id)
            .details(json!({"client_id": client_id}));
        let grace_until = now + delta(self.policy.secret_grace);
        if !self
            .store
            .rotate_client_secret(client_id, secret_hash(&secret), grace_until, event, now)
            .await?
        {
            return Err(Error::NotFound);
        }
        Ok(secret)
    }

    /// The client a token request speaks for. A confidential client must
    /// present its secret (or the previous one inside its grace period); a
    /// public client must present none. Every failure is the same
    /// `InvalidClient`, so a caller learns nothing about which ids exist.
    pub async fn authenticate(&self, client_id: &str, secret: Option<&str>) -> Result<OAuthClient> {
        let stored = self.find(client_id).await?.ok_or(Error::InvalidClient)?;
        let now = self.clock.now();
        let good = match (stored.client.kind, secret) {
            (ClientKind::Public, None) => true,
            (ClientKind::Confidential, Some(secret)) if secret.len() <= 256 => {
                let current = stored
                    .secret_hash
                    .as_deref()
                    .is_some_and(|h| same_secret(secret, h));
                let previous = stored
                    .previous_secret
                    .as_ref()
                    .is_some_and(|(h, until)| *until > now && same_secret(secret, h));
                current | previous
            }
            _ => false,
        };
        if good {
            Ok(stored.client)
        } else {
            Err(Error::InvalidClient)
        }
    }

    /// Applies `fields` to `base` and checks the result as a whole.
    fn settle(
        &self,
        mut base: OAuthClient,
        fields: ClientFields,
        creating: bool,
    ) -> Result<OAuthClient> {
        let mut errors = Vec::new();
        if let Some(name) = fields.name {
            keep(&mut errors, client_name(&name).map(|n| base.name = n));
        } else if creating {
            keep(
                &mut errors,
                Err(
                    FieldError::new("name", "required", "This field is required.")
                        .said(Said::new("field-required")),
                ),
            );
        }
        if let Some(kind) = fields.kind {
            keep(
                &mut errors,
                match ClientKind::parse(&kind) {
                    Some(k) if creating || k == base.kind => {
                        base.kind = k;
                        Ok(())
                    }
                    Some(_) => Err(FieldError::new(
                        "type",
                        "immutable",
                        "A client's type cannot change: register a new client.",
                    )
                    .said(Said::new("field-client-type-immutable"))),
                    None => Err(FieldError::new(
                        "type",
                        "invalid",
                        "Either \"confidential\" or \"public\".",
                    )
                    .said(Said::new("field-client-type-invalid"))),
                },
            );
        } else if creating {
            keep(
                &mut errors,
                Err(
                    FieldError::new("type", "required", "This field is required.")
                        .said(Said::new("field-required")),
                ),
            );
        }
        let allow_http = self.policy.allow_http_redirects;
        if let Some(uris) = fields.redirect_uris {
            keep(
                &mut errors,
                uri_list("redirect_uris", uris, allow_http).map(|u| base.redirect_uris = u),
            );
        }
        if let Some(uris) = fields.post_logout_redirect_uris {
            keep(
                &mut errors,
                uri_list("post_logout_redirect_uris", uris, allow_http)
                    .map(|u| base.post_logout_redirect_uris = u),
            );
        }
        if let Some(grants) = fields.grant_types {
            keep(
                &mut errors,
                grant_list(grants).map(|g| base.grant_types = g),
            );
        }
        if let Some(scopes) = fields.scopes {
            keep(&mut errors, scope_list(scopes).map(|s| base.scopes = s));
        }
        if let Some(first_party) = fields.first_party {
            base.first_party = first_party;
        }
        if let Some(require_pkce) = fields.require_pkce {
            base.require_pkce = require_pkce;
        }
        if let Some(audience) = fields.audience {
            keep(
                &mut errors,
                audience_value(audience).map(|a| base.audience = a),
            );
        }
        if let Some(ttl) = fields.access_token_ttl {
            keep(
                &mut errors,
                ttl_value(ttl).map(|t| base.access_token_ttl = t),
            );
        }
        if errors.is_empty() {
            errors.extend(consistent(&base).err());
        }
        if errors.is_empty() {
            Ok(base)
        } else {
            Err(Error::Validation(errors))
        }
    }
}

/// Collects a field's error.
fn keep(errors: &mut Vec<FieldError>, result: Result<(), FieldError>) {
    errors.extend(result.err());
}

/// A new client before the admin's fields: the contract's defaults.
fn defaults(now: DateTime<Utc>) -> OAuthClient {
    OAuthClient {
        client_id: new_client_id(),
        name: String::new(),
        kind: ClientKind::Confidential,
        redirect_uris: vec![],
        post_logout_redirect_uris: vec![],
        grant_types: vec![GrantType::AuthorizationCode, GrantType::RefreshToken],
        scopes: ["openid", "profile", "email", "offline_access"]
            .map(str::to_owned)
            .to_vec(),
        first_party: false,
        require_pkce: true,
        audience: None,
        access_token_ttl: None,
        builtin: false,
        created_at: now,
        updated_at: now,
    }
}

/// 128 random bits, URL-safe: unguessable, so ids reveal nothing.
fn new_client_id() -> String {
    let bytes: [u8; 16] = rand::random();
    tokens::hex(&bytes)
}

fn client_name(name: &str) -> Result<String, FieldError> {
    let name = name.trim();
    match name.chars().count() {
        0 => Err(
            FieldError::new("name", "required", "A client needs a name.")
                .said(Said::new("field-client-name-required")),
        ),
        1..=100 => Ok(name.to_owned()),
        _ => Err(
            FieldError::new("name", "too_long", "A name has at most 100 characters.")
                .said(Said::new("field-client-name-too-long")),
        ),
    }
}

fn uri_list(field: &str, uris: Vec<String>, allow_http: bool) -> Result<Vec<String>, FieldError> {
    if uris.len() > 20 {
        return Err(FieldError::new(field, "too_long", "At most 20 URIs.")
            .said(Said::new("field-client-too-many-uris")));
    }
    let mut kept: Vec<String> = Vec::new();
    for uri in uris {
        redirects::check(field, &uri, allow_http)?;
        if !kept.contains(&uri) {
            kept.push(uri);
        }
    }
    Ok(kept)
}

fn grant_list(names: Vec<String>) -> Result<Vec<GrantType>, FieldError> {
    let mut grants = Vec::new();
    for name in names {
        let grant = GrantType::parse(&name).ok_or_else(|| {
            let known: Vec<&str> = GrantType::ALL.iter().map(|g| g.as_str()).collect();
            FieldError::new(
                "grant_types",
                "invalid",
                format!("Unknown grant type {name:?}; known: {}.", known.join(", ")),
            )
            .said(
                Said::new("field-client-grant-unknown")
                    .with("name", format!("{name:?}"))
                    .with("known", known.join(", ")),
            )
        })?;
        grants.push(grant);
    }
    grants.sort();
    grants.dedup();
    Ok(grants)
}

fn scope_list(names: Vec<String>) -> Result<Vec<String>, FieldError> {
    let mut scopes: Vec<String> = Vec::new();
    for name in names {
        if !SCOPES.contains(&name.as_str()) {
            return Err(FieldError::new(
                "scopes",
                "invalid",
                format!("Unknown scope {name:?}; known: {}.", SCOPES.join(", ")),
            )
            .said(
                Said::new("field-client-scope-unknown")
                    .with("name", format!("{name:?}"))
                    .with("known", SCOPES.join(", ")),
            ));
        }
        if !scopes.contains(&name) {
            scopes.push(name);
        }
    }
    Ok(scopes)
}

fn audience_value(audience: Option<String>) -> Result<Option<String>, FieldError> {
    match audience.map(|a| a.trim().to_owned()) {
        Some(a) if a.is_empty() => Ok(None),
        Some(a) if a.chars().count() > 255 => Err(FieldError::new(
            "audience",
            "too_long",
            "An audience has at most 255 characters.",
        )
        .said(Said::new("field-client-audience-too-long"))),
        other => Ok(other),
    }
}

fn ttl_value(ttl: Option<u64>) -> Result<Option<Duration>, FieldError> {
    match ttl {
        Some(secs) if !(60..=86_400).contains(&secs) => Err(FieldError::new(
            "access_token_ttl",
            "invalid",
            "Between 60 and 86400 seconds.",
        )
        .said(Said::new("field-client-token-ttl"))),
        other => Ok(other.map(Duration::from_secs)),
    }
}

/// The rules between fields.
fn consistent(c: &OAuthClient) -> Result<(), FieldError> {
    if c.allows(GrantType::AuthorizationCode) && c.redirect_uris.is_empty() {
        return Err(FieldError::new(
            "redirect_uris",
            "required",
            "The authorization_code grant needs at least one redirect URI.",
        )
        .said(Said::new("field-client-code-needs-redirect")));
    }
    if c.kind == ClientKind::Public && c.allows(GrantType::ClientCredentials) {
        return Err(FieldError::new(
            "grant_types",
            "invalid",
            "A public client cannot use client_credentials: it has no secret.",
        )
        .said(Said::new("field-client-public-client-credentials")));
    }
    if c.allows(GrantType::Password) && !c.first_party {
        return Err(FieldError::new(
            "grant_types",
            "invalid",
            "Only first-party clients may use the password grant.",
        )
        .said(Said::new("field-client-password-first-party")));
    }
    if c.kind == ClientKind::Public && !c.require_pkce {
        return Err(
            FieldError::new("require_pkce", "invalid", "Public clients always use PKCE.")
                .said(Said::new("field-client-public-pkce")),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_secret_matches_only_itself() {
        let secret = tokens::new_opaque_token();
        let stored = secret_hash(&secret);
        assert!(same_secret(&secret, &stored));
        assert!(!same_secret(&tokens::new_opaque_token(), &stored));
        assert!(!same_secret("", &stored));
    }

    #[test]
    fn a_public_client_cannot_use_client_credentials_or_skip_pkce() {
        let mut client = defaults(Utc::now());
        client.redirect_uris = vec!["https://app.example.com/cb".into()];
        client.kind = ClientKind::Public;
        assert!(consistent(&client).is_ok());
        client.grant_types.push(GrantType::ClientCredentials);
        assert_eq!(consistent(&client).unwrap_err().field, "grant_types");
        client.grant_types.pop();
        client.require_pkce = false;
        assert_eq!(consistent(&client).unwrap_err().field, "require_pkce");
    }

    #[test]
    fn grant_types_read_by_their_rfc_names() {
        for grant in GrantType::ALL {
            assert_eq!(GrantType::parse(grant.as_str()), Some(grant));
        }
        assert_eq!(GrantType::parse("implicit"), None);
    }
}
