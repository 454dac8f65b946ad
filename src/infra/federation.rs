//! Talking to upstream identity providers: OpenID Connect discovery (cached
//! an hour), the authorization URL (state, nonce, PKCE S256), the code
//! exchange, and the ID token checked as OpenID Connect Core §3.1.3.7 says:
//! a signature by a key the provider publishes (its JWKS, cached and
//! fetched again at once when a token names a `kid` it does not hold; a
//! `kid` still unknown after that is not fetched for again for 10 s; so
//! key rotation never fails a sign-in), `iss` (Microsoft's multi-tenant
//! `{tenantid}` template included), `aud`, `azp`, `exp` and `nonce`.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use moka::future::Cache;
use secrecy::{ExposeSecret as _, SecretString};
use serde::Deserialize;
use serde_json::Value;

use crate::core::error::{Error, Result};
use crate::core::ports::{Provider, ProviderKind, Upstream, UpstreamIdentity, UpstreamRequest};

const DISCOVERY_TTL: Duration = Duration::from_secs(3600);
/// The shortest wait between two JWKS fetches forced by an unknown `kid`
/// (the first after a normal fetch goes at once: that is a rotation).
const JWKS_COOLDOWN: Duration = Duration::from_secs(10);
/// How far a provider's clock may be ahead or behind.
const LEEWAY_SECS: i64 = 60;
const ALGORITHMS: [Algorithm; 8] = [
    Algorithm::RS256,
    Algorithm::RS384,
    Algorithm::RS512,
    Algorithm::PS256,
    Algorithm::PS384,
    Algorithm::PS512,
    Algorithm::ES256,
    Algorithm::ES384,
];

/// What discovery says, as far as signing in needs it.
#[derive(Debug, Clone, Deserialize)]
struct Metadata {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    jwks_uri: String,
}

#[derive(Clone)]
struct Keys {
    set: Arc<JwkSet>,
    /// When an unknown `kid` last made us fetch the set, and the `kid`s
    /// that were still unknown after it (asked again only after the
    /// cool-down).
    forced: Option<std::time::Instant>,
    missed: Vec<String>,
}

pub struct Providers {
    http: reqwest::Client,
    /// For a tenant's providers: public addresses only (`public_net`).
    public_only: bool,
    discovery: Cache<String, Metadata>,
    jwks: Cache<String, Keys>,
}

fn unavailable(what: &str, cause: impl std::fmt::Display) -> Error {
    Error::Unavailable(anyhow::anyhow!("identity provider: {what}: {cause}"))
}

/// The most of an answer read from a provider: its documents are a few
/// kilobytes, and an endless one must not fill the server's memory.
const MAX_ANSWER: usize = 1024 * 1024;

/// An answer's JSON, read up to `MAX_ANSWER` bytes.
async fn json_of<T: for<'de> Deserialize<'de>>(
    mut answer: reqwest::Response,
    what: &str,
) -> Result<T> {
    let mut body = Vec::new();
    while let Some(chunk) = answer.chunk().await.map_err(|e| unavailable(what, e))? {
        if body.len() + chunk.len() > MAX_ANSWER {
            return Err(unavailable(what, "the answer is larger than 1 MiB"));
        }
        body.extend_from_slice(&chunk);
    }
    serde_json::from_slice(&body).map_err(|e| unavailable(what, e))
}

fn refused(why: &str) -> Error {
    tracing::info!(why, "identity provider's answer refused");
    Error::UpstreamRefused
}

/// Whether `iss` is the configured issuer, or fits Microsoft's
/// multi-tenant template (`…/{tenantid}/v2.0`) with the token's own `tid`.
fn issuer_matches(configured: &str, iss: &str, tid: Option<&str>) -> bool {
    match (configured.contains("{tenantid}"), tid) {
        (false, _) => configured.trim_end_matches('/') == iss.trim_end_matches('/'),
        (true, Some(tid)) => configured.replace("{tenantid}", tid) == iss,
        (true, None) => false,
    }
}

/// The value at a dotted path (`data.id`) of a JSON document, as text.
fn at_path<'a>(doc: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(doc, |node, key| node.get(key))
}

fn text_at(doc: &Value, path: &str) -> Option<String> {
    match at_path(doc, path)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

impl Providers {
    /// The operator's providers (`default`'s): any address, an identity
    /// provider on the operator's own network included.
    pub fn new() -> anyhow::Result<Self> {
        Self::build(false)
    }

    /// Other tenants' providers, which their own admins aim: the public
    /// internet only. Its caches are its own, so nothing fetched for
    /// `default` from an internal address is ever served from them.
    pub fn public_only() -> anyhow::Result<Self> {
        Self::build(true)
    }

    fn build(public_only: bool) -> anyhow::Result<Self> {
        // reqwest's TLS needs the process's crypto provider (the binary
        // installs the same one at start; installing twice changes nothing).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(5))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Palisade/", env!("CARGO_PKG_VERSION")));
        if public_only {
            http = http
                .no_proxy()
                .dns_resolver(Arc::new(crate::infra::public_net::PublicOnly));
        }
        Ok(Self {
            http: http.build()?,
            public_only,
            discovery: Cache::builder()
                .time_to_live(DISCOVERY_TTL)
                .max_capacity(256)
                .build(),
            jwks: Cache::builder()
                .time_to_live(DISCOVERY_TTL)
                .max_capacity(256)
                .build(),
        })
    }

    /// A call to `url`, unless this client keeps to public addresses and
    /// the URL names an internal one.
    fn call(
        &self,
        method: reqwest::Method,
        url: &str,
        what: &str,
    ) -> Result<reqwest::RequestBuilder> {
        if self.public_only {
            crate::infra::public_net::check_url(url).map_err(|why| unavailable(what, why))?;
        }
        Ok(self.http.request(method, url))
    }

    async fn get_json<T: for<'de> Deserialize<'de>>(&self, url: &str, what: &str) -> Result<T> {
        let answer = self
            .call(reqwest::Method::GET, url, what)?
            .header("accept", "application/json")
            .send()
            .await
            .map_err(|e| unavailable(what, e))?;
        if !answer.status().is_success() {
            return Err(unavailable(what, answer.status()));
        }
        json_of(answer, what).await
    }

    async fn metadata(&self, issuer: &str) -> Result<Metadata> {
        if let Some(known) = self.discovery.get(issuer).await {
            return Ok(known);
        }
        let url = format!(
            "{}/.well-known/openid-configuration",
            issuer.trim_end_matches('/')
        );
        let metadata: Metadata = self.get_json(&url, "discovery").await?;
        // The document must be the issuer's own (OIDC Discovery §4.3).
        if !issuer.contains("{tenantid}")
            && metadata.issuer.trim_end_matches('/') != issuer.trim_end_matches('/')
        {
            return Err(unavailable(
                "discovery",
                "the document names another issuer",
            ));
        }
        self.discovery
            .insert(issuer.to_owned(), metadata.clone())
            .await;
        Ok(metadata)
    }

    /// The key that signed a token: from the cached set, or after fetching
    /// the set again (not more often than every 30 s) for an unknown `kid`.
    async fn key(&self, jwks_uri: &str, kid: Option<&str>) -> Result<Option<DecodingKey>> {
        let find = |keys: &Keys| -> Option<DecodingKey> {
            let jwk = match kid {
                Some(kid) => keys.set.find(kid)?,
                None if keys.set.keys.len() == 1 => keys.set.keys.first()?,
                None => return None,
            };
            DecodingKey::from_jwk(jwk).ok()
        };
        let cached = self.jwks.get(jwks_uri).await;
        if let Some(key) = cached.as_ref().and_then(find) {
            return Ok(Some(key));
        }
        // A kid missed since the last forced fetch waits out the cool-down;
        // a new one (a rotation) is fetched for at once.
        let kid_text = kid.unwrap_or_default().to_owned();
        let wait = cached.as_ref().is_some_and(|k| {
            k.forced.is_some_and(|at| at.elapsed() < JWKS_COOLDOWN) && k.missed.contains(&kid_text)
        });
        if wait {
            return Ok(None);
        }
        let set: JwkSet = self.get_json(jwks_uri, "JWKS").await?;
        let mut keys = Keys {
            set: Arc::new(set),
            forced: cached.as_ref().map(|_| std::time::Instant::now()),
            missed: cached.map(|k| k.missed).unwrap_or_default(),
        };
        let found = find(&keys);
        if found.is_none() && keys.missed.len() < 32 {
            keys.missed.push(kid_text);
        }
        self.jwks.insert(jwks_uri.to_owned(), keys).await;
        Ok(found)
    }

    async fn endpoints(&self, provider: &Provider) -> Result<(String, String, Option<Metadata>)> {
        match provider.kind {
            ProviderKind::Oidc => {
                let issuer = provider
                    .issuer
                    .as_deref()
                    .ok_or_else(|| Error::bug("an OpenID provider without an issuer"))?;
                let m = self.metadata(issuer).await?;
                Ok((
                    m.authorization_endpoint.clone(),
                    m.token_endpoint.clone(),
                    Some(m),
                ))
            }
            ProviderKind::Github | ProviderKind::OAuth2 => {
                let (Some(authorize), Some(token)) =
                    (&provider.authorization_endpoint, &provider.token_endpoint)
                else {
                    return Err(Error::bug("an OAuth 2 provider without its endpoints"));
                };
                Ok((authorize.clone(), token.clone(), None))
            }
        }
    }

    /// Checks an ID token (OIDC Core §3.1.3.7) and returns its claims.
    async fn id_token_claims(
        &self,
        provider: &Provider,
        metadata: &Metadata,
        id_token: &str,
        nonce: &str,
        now: DateTime<Utc>,
    ) -> Result<Value> {
        let header = jsonwebtoken::decode_header(id_token).map_err(|_| refused("not a JWT"))?;
        if !ALGORITHMS.contains(&header.alg) {
            return Err(refused("an ID token algorithm we do not accept"));
        }
        let key = self
            .key(&metadata.jwks_uri, header.kid.as_deref())
            .await?
            .ok_or_else(|| refused("an ID token signed by a key the provider does not publish"))?;
        let mut validation = Validation::new(header.alg);
        // Time is checked below against the injected clock.
        validation.validate_exp = false;
        // Without `aud` the audience would go unchecked; without `sub`
        // there is nobody.
        validation.required_spec_claims = ["aud", "sub"].map(str::to_owned).into();
        validation.set_audience(&[&provider.client_id]);
        let data = jsonwebtoken::decode::<Value>(id_token, &key, &validation)
            .map_err(|_| refused("the ID token's signature or audience is wrong"))?;
        let claims = data.claims;
        let iss = claims["iss"].as_str().unwrap_or_default();
        let configured = provider.issuer.as_deref().unwrap_or_default();
        if !issuer_matches(configured, iss, claims["tid"].as_str()) {
            return Err(refused("the ID token's issuer is not the provider"));
        }
        let several = claims["aud"].as_array().is_some_and(|a| a.len() > 1);
        if several && claims["azp"].as_str() != Some(provider.client_id.as_str()) {
            return Err(refused(
                "the ID token is for several parties but not authorized for us",
            ));
        }
        let exp = claims["exp"].as_i64().ok_or_else(|| refused("no exp"))?;
        if exp + LEEWAY_SECS < now.timestamp() {
            return Err(refused("the ID token expired"));
        }
        if claims["nonce"].as_str() != Some(nonce) {
            return Err(refused("the ID token's nonce is not this sign-in's"));
        }
        Ok(claims)
    }
}

#[async_trait]
impl Upstream for Providers {
    async fn authorization_url(
        &self,
        provider: &Provider,
        request: UpstreamRequest<'_>,
    ) -> Result<String> {
        let (authorize, _, _) = self.endpoints(provider).await?;
        let mut url =
            url::Url::parse(&authorize).map_err(|e| unavailable("authorization endpoint", e))?;
        {
            let mut query = url.query_pairs_mut();
            query
                .append_pair("response_type", "code")
                .append_pair("client_id", &provider.client_id)
                .append_pair("redirect_uri", request.redirect_uri)
                .append_pair("scope", &provider.scopes.join(" "))
                .append_pair("state", request.state)
                .append_pair("code_challenge", request.code_challenge)
                .append_pair("code_challenge_method", "S256");
            if provider.kind == ProviderKind::Oidc {
                query.append_pair("nonce", request.nonce);
            }
        }
        Ok(url.into())
    }

    async fn identify(
        &self,
        provider: &Provider,
        client_secret: Option<SecretString>,
        code: &str,
        request: UpstreamRequest<'_>,
        code_verifier: &str,
        now: DateTime<Utc>,
    ) -> Result<UpstreamIdentity> {
        let (_, token_endpoint, metadata) = self.endpoints(provider).await?;
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", request.redirect_uri),
            ("code_verifier", code_verifier),
        ];
        let mut call = self
            .call(reqwest::Method::POST, &token_endpoint, "token endpoint")?
            .header("accept", "application/json");
        match &client_secret {
            Some(secret) => {
                call = call.basic_auth(&provider.client_id, Some(secret.expose_secret()))
            }
            None => form.push(("client_id", &provider.client_id)),
        }
        let answer = call
            .form(&form)
            .send()
            .await
            .map_err(|e| unavailable("token endpoint", e))?;
        let status = answer.status();
        let tokens: Value = json_of(answer, "token endpoint").await?;
        if status.is_server_error() {
            return Err(unavailable("token endpoint", status));
        }
        if !status.is_success() || tokens.get("error").is_some() {
            return Err(refused("the provider refused the code"));
        }
        let claims = match (&metadata, tokens["id_token"].as_str()) {
            (Some(metadata), Some(id_token)) => {
                self.id_token_claims(provider, metadata, id_token, request.nonce, now)
                    .await?
            }
            (Some(_), None) => return Err(refused("an OpenID provider sent no ID token")),
            (None, _) => {
                let access = tokens["access_token"]
                    .as_str()
                    .ok_or_else(|| refused("no access token"))?;
                self.user_info(provider, access).await?
            }
        };
        let subject =
            text_at(&claims, &provider.claims.subject).ok_or_else(|| refused("no subject"))?;
        // GitHub's address is the one `user_info` took from its emails API,
        // whatever paths are configured.
        let (email_path, verified_path) = match provider.kind {
            ProviderKind::Github => ("email", "email_verified"),
            _ => (
                provider.claims.email.as_str(),
                provider.claims.email_verified.as_str(),
            ),
        };
        let email = match email_path.is_empty() {
            true => None,
            false => text_at(&claims, email_path),
        };
        let email_verified = !verified_path.is_empty()
            && at_path(&claims, verified_path).and_then(Value::as_bool) == Some(true);
        Ok(UpstreamIdentity {
            subject,
            email: email.map(|e| e.to_lowercase()),
            email_verified,
            name: text_at(&claims, &provider.claims.name),
            amr: claims["amr"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|m| m.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default(),
        })
    }
}

impl Providers {
    /// Checks an ID token the way a sign-in does (for tests of what the
    /// provider could send: a token signed by a key it does not publish).
    pub async fn verify_id_token(
        &self,
        provider: &Provider,
        id_token: &str,
        nonce: &str,
        now: DateTime<Utc>,
    ) -> Result<Value> {
        let issuer = provider
            .issuer
            .as_deref()
            .ok_or_else(|| Error::bug("no issuer"))?;
        let metadata = self.metadata(issuer).await?;
        self.id_token_claims(provider, &metadata, id_token, nonce, now)
            .await
    }

    /// The user as a plain OAuth 2 provider's API describes them; for GitHub,
    /// the primary verified address from its emails API.
    async fn user_info(&self, provider: &Provider, access_token: &str) -> Result<Value> {
        let endpoint = provider
            .userinfo_endpoint
            .as_deref()
            .ok_or_else(|| Error::bug("no userinfo endpoint"))?;
        let get = |url: String| async move {
            self.call(reqwest::Method::GET, &url, "user endpoint")?
                .bearer_auth(access_token)
                .header("accept", "application/json")
                .send()
                .await
                .map_err(|e| unavailable("user endpoint", e))
        };
        let answer = get(endpoint.to_owned())
            .await?
            .error_for_status()
            .map_err(|e| unavailable("user endpoint", e))?;
        let mut user: Value = json_of(answer, "user endpoint").await?;
        if provider.kind == ProviderKind::Github {
            let answer = get(format!("{}/emails", endpoint.trim_end_matches('/'))).await?;
            let emails: Value = json_of(answer, "emails endpoint").await?;
            let primary = emails.as_array().and_then(|all| {
                all.iter()
                    .find(|e| e["primary"] == true && e["verified"] == true)
            });
            let Some(fields) = user.as_object_mut() else {
                return Err(refused(
                    "the user endpoint answered something else than an object",
                ));
            };
            let verified = primary.is_some();
            if let Some(primary) = primary {
                fields.insert("email".to_owned(), primary["email"].clone());
            }
            fields.insert("email_verified".to_owned(), Value::Bool(verified));
        }
        Ok(user)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn microsofts_tenant_template_matches_only_the_tokens_own_tenant() {
        let template = "https://login.microsoftonline.com/{tenantid}/v2.0";
        let iss = "https://login.microsoftonline.com/abc/v2.0";
        assert!(issuer_matches(template, iss, Some("abc")));
        assert!(!issuer_matches(template, iss, Some("xyz")));
        assert!(!issuer_matches(template, iss, None));
        assert!(issuer_matches(
            "https://accounts.google.com",
            "https://accounts.google.com",
            None
        ));
        assert!(!issuer_matches(
            "https://accounts.google.com",
            "https://evil.example.com",
            None
        ));
    }

    #[test]
    fn claims_are_read_by_dotted_paths_numbers_included() {
        let doc = serde_json::json!({"data": {"id": 42, "mail": "a@b.c"}, "empty": ""});
        assert_eq!(text_at(&doc, "data.id").as_deref(), Some("42"));
        assert_eq!(text_at(&doc, "data.mail").as_deref(), Some("a@b.c"));
        assert_eq!(text_at(&doc, "empty"), None);
        assert_eq!(text_at(&doc, "data.missing"), None);
    }
}
