//! Protect axum routes with Palisade's access tokens: a tower layer that
//! verifies the `Authorization: Bearer` token (and what the route requires)
//! and an extractor for its [`Claims`].
//!
//! ```no_run
//! use axum::{Router, routing::get};
//! use palisade_axum::{Claims, Config, Palisade, Requirement};
//!
//! let palisade = Palisade::new(Config::new("https://auth.example.com"));
//! let app: Router = Router::new()
//!     .route("/admin", get(|| async { "hello, admin" }).layer(palisade.require(Requirement::role("admin"))))
//!     .route("/orders", get(|claims: Claims| async move { claims.sub }))
//!     .layer(palisade.layer());
//! ```

mod layer;
mod verifier;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub use layer::{RequireLayer, RequireService};
pub use verifier::{Claims, Config, Introspection, Verifier};

/// Verifies tokens and builds layers; cheap to clone.
#[derive(Clone)]
pub struct Palisade {
    verifier: Verifier,
    role_permissions: Arc<HashMap<String, HashSet<String>>>,
}

impl Palisade {
    pub fn new(config: Config) -> Self {
        Self {
            verifier: Verifier::new(config),
            role_permissions: Arc::default(),
        }
    }

    /// Your roles' permissions, for [`Requirement::permission`]: Palisade's
    /// tokens carry role names; what a role may do in your app is yours.
    pub fn with_role_permissions<R, P>(mut self, map: impl IntoIterator<Item = (R, P)>) -> Self
    where
        R: Into<String>,
        P: IntoIterator,
        P::Item: Into<String>,
    {
        let map = map
            .into_iter()
            .map(|(role, p)| (role.into(), p.into_iter().map(Into::into).collect()))
            .collect();
        self.role_permissions = Arc::new(map);
        self
    }

    pub fn verifier(&self) -> &Verifier {
        &self.verifier
    }

    /// A layer that lets through requests with a valid token (401 otherwise).
    pub fn layer(&self) -> RequireLayer {
        self.require(Requirement::default())
    }

    /// A layer that lets through requests whose token meets `requirement`.
    pub fn require(&self, requirement: Requirement) -> RequireLayer {
        RequireLayer::new(self.clone(), requirement)
    }

    /// The permissions the token's roles grant.
    pub fn permissions_of(&self, claims: &Claims) -> HashSet<String> {
        claims
            .roles
            .iter()
            .filter_map(|role| self.role_permissions.get(role))
            .flatten()
            .cloned()
            .collect()
    }

    /// The claims of the `Authorization` header's token if they meet `requirement`.
    pub async fn authorize(
        &self,
        authorization: Option<&HeaderValue>,
        requirement: &Requirement,
    ) -> Result<Claims, Refusal> {
        let token = authorization
            .and_then(|value| value.to_str().ok())
            .and_then(|value| {
                let (scheme, token) = value.trim().split_once(' ')?;
                scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
            })
            .filter(|token| !token.is_empty())
            .ok_or(Refusal::Missing)?;
        let claims = self.verifier.verify(token).await?;
        self.meets(&claims, requirement)?;
        Ok(claims)
    }

    /// Whether verified `claims` meet `requirement`.
    pub fn meets(&self, claims: &Claims, requirement: &Requirement) -> Result<(), Refusal> {
        if let Some(scope) = &requirement.scope
            && !claims.has_scope(scope)
        {
            return Err(Refusal::InsufficientScope(scope.clone()));
        }
        if let Some(role) = &requirement.role
            && !claims.has_role(role)
        {
            return Err(Refusal::Forbidden(format!("The role {role} is required")));
        }
        if let Some(permission) = &requirement.permission
            && !self.permissions_of(claims).contains(permission)
        {
            return Err(Refusal::Forbidden(format!(
                "The permission {permission} is required"
            )));
        }
        Ok(())
    }
}

/// What a route needs beyond a valid token; all that is set must hold.
#[derive(Debug, Clone, Default)]
pub struct Requirement {
    pub role: Option<String>,
    pub scope: Option<String>,
    pub permission: Option<String>,
}

impl Requirement {
    pub fn role(role: impl Into<String>) -> Self {
        Self {
            role: Some(role.into()),
            ..Self::default()
        }
    }

    pub fn scope(scope: impl Into<String>) -> Self {
        Self {
            scope: Some(scope.into()),
            ..Self::default()
        }
    }

    pub fn permission(permission: impl Into<String>) -> Self {
        Self {
            permission: Some(permission.into()),
            ..Self::default()
        }
    }
}

/// Why a request is refused; answered as RFC 6750 says (401 with
/// `WWW-Authenticate`, 403 `insufficient_scope`) with a problem+json body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No Bearer token.
    Missing,
    /// A token was sent and is not accepted.
    Invalid(String),
    Expired,
    InsufficientScope(String),
    Forbidden(String),
}

impl Refusal {
    pub(crate) fn invalid(why: &str) -> Self {
        Self::Invalid(why.to_owned())
    }

    fn status(&self) -> StatusCode {
        match self {
            Self::Missing | Self::Invalid(_) | Self::Expired => StatusCode::UNAUTHORIZED,
            Self::InsufficientScope(_) | Self::Forbidden(_) => StatusCode::FORBIDDEN,
        }
    }

    fn detail(&self) -> String {
        match self {
            Self::Missing => "A Bearer access token is required".into(),
            Self::Invalid(why) => why.clone(),
            Self::Expired => "The access token expired".into(),
            Self::InsufficientScope(scope) => format!("The token lacks the scope {scope}"),
            Self::Forbidden(why) => why.clone(),
        }
    }

    fn challenge(&self) -> Option<String> {
        let quoted = |text: &str| text.replace('\\', "\\\\").replace('"', "\\\"");
        match self {
            Self::Missing => Some("Bearer".into()),
            Self::Invalid(_) | Self::Expired => Some(format!(
                "Bearer error=\"invalid_token\", error_description=\"{}\"",
                quoted(&self.detail())
            )),
            Self::InsufficientScope(scope) => Some(format!(
                "Bearer error=\"insufficient_scope\", scope=\"{}\"",
                quoted(scope)
            )),
            Self::Forbidden(_) => None,
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.detail())
    }
}

impl std::error::Error for Refusal {}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let status = self.status();
        let body = serde_json::json!({
            "type": "about:blank",
            "title": status.canonical_reason().unwrap_or_default(),
            "status": status.as_u16(),
            "detail": self.detail(),
        });
        let mut response = (status, body.to_string()).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(challenge) = self
            .challenge()
            .and_then(|c| HeaderValue::from_str(&c).ok())
        {
            headers.insert(header::WWW_AUTHENTICATE, challenge);
        }
        response
    }
}
