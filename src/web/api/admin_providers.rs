//! /v1/admin/identity-providers: the upstream providers users may sign in
//! with. The client secret is write-only: answers say whether one is set.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::IntoResponse,
};
use chrono::{DateTime, Utc};
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::core::federation::{ClaimFields, ProviderFields};
use crate::core::ports::Provider;
use crate::core::rbac::{ProvidersRead, ProvidersWrite};
use crate::web::shared::error::Result;
use crate::web::shared::extract::{AppJson, Client, RequirePermission};
use crate::web::shared::problem::Problem;
use crate::web::state::AppState;

/// Where the provider's user information holds each claim (dotted paths).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ClaimsDto {
    #[schema(example = "sub")]
    subject: Option<String>,
    #[schema(example = "email")]
    email: Option<String>,
    #[schema(example = "email_verified")]
    email_verified: Option<String>,
    #[schema(example = "name")]
    name: Option<String>,
}

/// A connected provider. Never holds its client secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProviderDto {
    #[schema(example = "google")]
    slug: String,
    /// `oidc`, `github` or `oauth2`.
    kind: &'static str,
    #[schema(example = "Google")]
    display_name: String,
    issuer: Option<String>,
    client_id: String,
    /// Whether a client secret is set (it is never shown).
    has_client_secret: bool,
    scopes: Vec<String>,
    authorization_endpoint: Option<String>,
    token_endpoint: Option<String>,
    userinfo_endpoint: Option<String>,
    claims: ClaimsDto,
    link_by_verified_email: bool,
    allow_signup: bool,
    enabled: bool,
    /// Whether a second factor the provider asserts in `amr` stands in for
    /// Palisade's.
    trust_mfa: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<Provider> for ProviderDto {
    fn from(p: Provider) -> Self {
        let path = |p: String| (!p.is_empty()).then_some(p);
        Self {
            kind: p.kind.as_str(),
            has_client_secret: p.client_secret_sealed.is_some(),
            claims: ClaimsDto {
                subject: path(p.claims.subject),
                email: path(p.claims.email),
                email_verified: path(p.claims.email_verified),
                name: path(p.claims.name),
            },
            slug: p.slug,
            display_name: p.display_name,
            issuer: p.issuer,
            client_id: p.client_id,
            scopes: p.scopes,
            authorization_endpoint: p.authorization_endpoint,
            token_endpoint: p.token_endpoint,
            userinfo_endpoint: p.userinfo_endpoint,
            link_by_verified_email: p.link_by_verified_email,
            allow_signup: p.allow_signup,
            enabled: p.enabled,
            trust_mfa: p.trust_mfa,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// A provider's settings. On creation `slug`, `kind`, `display_name` and
/// `client_id` are required (and `issuer` for `oidc`; the endpoints for
/// `oauth2`); on change, absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ProviderRequest {
    #[schema(example = "google", max_length = 64)]
    slug: Option<String>,
    #[schema(example = "oidc")]
    kind: Option<String>,
    #[schema(example = "Google", max_length = 100)]
    display_name: Option<String>,
    #[schema(example = "https://accounts.google.com")]
    issuer: Option<String>,
    client_id: Option<String>,
    /// Write-only.
    #[schema(value_type = Option<String>)]
    client_secret: Option<SecretString>,
    scopes: Option<Vec<String>>,
    authorization_endpoint: Option<String>,
    token_endpoint: Option<String>,
    userinfo_endpoint: Option<String>,
    claims: Option<ClaimsDto>,
    link_by_verified_email: Option<bool>,
    allow_signup: Option<bool>,
    enabled: Option<bool>,
    trust_mfa: Option<bool>,
}

impl From<ProviderRequest> for ProviderFields {
    fn from(r: ProviderRequest) -> Self {
        Self {
            slug: r.slug,
            kind: r.kind,
            display_name: r.display_name,
            issuer: r.issuer,
            client_id: r.client_id,
            client_secret: r.client_secret,
            scopes: r.scopes,
            authorization_endpoint: r.authorization_endpoint,
            token_endpoint: r.token_endpoint,
            userinfo_endpoint: r.userinfo_endpoint,
            claims: r.claims.map(|c| ClaimFields {
                subject: c.subject,
                email: c.email,
                email_verified: c.email_verified,
                name: c.name,
            }),
            link_by_verified_email: r.link_by_verified_email,
            allow_signup: r.allow_signup,
            enabled: r.enabled,
            trust_mfa: r.trust_mfa,
        }
    }
}

#[utoipa::path(get, path = "/v1/admin/identity-providers", tag = "admin", security(("oauth2" = []), ("bearer" = [])),
    responses((status = 200, body = [ProviderDto]), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list_providers(
    State(state): State<AppState>,
    RequirePermission(granted): RequirePermission<ProvidersRead>,
) -> Result<Json<Vec<ProviderDto>>> {
    let all = state.services.federation.providers(&granted).await?;
    Ok(Json(all.into_iter().map(ProviderDto::from).collect()))
}

#[utoipa::path(post, path = "/v1/admin/identity-providers", tag = "admin", request_body = ProviderRequest,
    security(("oauth2" = []), ("bearer" = [])),
    responses((status = 201, body = ProviderDto), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 409, description = "`provider_exists`", body = Problem), (status = 422, body = Problem)))]
pub async fn create_provider(
    State(state): State<AppState>,
    Client(client): Client,
    RequirePermission(granted): RequirePermission<ProvidersWrite>,
    AppJson(body): AppJson<ProviderRequest>,
) -> Result<impl IntoResponse> {
    let created = state
        .services
        .federation
        .create_provider(&granted, body.into(), &client)
        .await?;
    Ok((StatusCode::CREATED, Json(ProviderDto::from(created))))
}

#[utoipa::path(get, path = "/v1/admin/identity-providers/{slug}", tag = "admin", params(("slug" = String, Path)),
    security(("oauth2" = []), ("bearer" = [])),
    responses((status = 200, body = ProviderDto), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem)))]
pub async fn get_provider(
    State(state): State<AppState>,
    RequirePermission(granted): RequirePermission<ProvidersRead>,
    Path(slug): Path<String>,
) -> Result<Json<ProviderDto>> {
    let found = state.services.federation.provider(&granted, &slug).await?;
    Ok(Json(found.into()))
}

#[utoipa::path(patch, path = "/v1/admin/identity-providers/{slug}", tag = "admin", params(("slug" = String, Path)),
    request_body = ProviderRequest, security(("oauth2" = []), ("bearer" = [])),
    responses((status = 200, body = ProviderDto), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn update_provider(
    State(state): State<AppState>,
    Client(client): Client,
    RequirePermission(granted): RequirePermission<ProvidersWrite>,
    Path(slug): Path<String>,
    AppJson(body): AppJson<ProviderRequest>,
) -> Result<Json<ProviderDto>> {
    let changed = state
        .services
        .federation
        .update_provider(&granted, &slug, body.into(), &client)
        .await?;
    Ok(Json(changed.into()))
}

#[utoipa::path(delete, path = "/v1/admin/identity-providers/{slug}", tag = "admin", params(("slug" = String, Path)),
    security(("oauth2" = []), ("bearer" = [])),
    responses((status = 204, description = "Removed; its linked identities go, the users stay"),
        (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn delete_provider(
    State(state): State<AppState>,
    Client(client): Client,
    RequirePermission(granted): RequirePermission<ProvidersWrite>,
    Path(slug): Path<String>,
) -> Result<StatusCode> {
    state
        .services
        .federation
        .delete_provider(&granted, &slug, &client)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
