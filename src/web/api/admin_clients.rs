//! /v1/admin/clients: the OAuth client registry.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::IntoResponse,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::users::present;
use crate::core::clients::{ClientFields, OAuthClient};
use crate::core::rbac::{ClientsRead, ClientsWrite};
use crate::web::shared::error::Result;
use crate::web::shared::extract::{AppJson, Client, RequirePermission};
use crate::web::shared::problem::Problem;
use crate::web::state::AppState;

/// A registered OAuth client. Never holds its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClientDto {
    client_id: String,
    name: String,
    /// `confidential` (has a secret) or `public` (PKCE only).
    #[serde(rename = "type")]
    #[schema(example = "confidential")]
    kind: &'static str,
    redirect_uris: Vec<String>,
    post_logout_redirect_uris: Vec<String>,
    #[schema(example = json!(["authorization_code", "refresh_token"]))]
    grant_types: Vec<&'static str>,
    #[schema(example = json!(["openid", "profile", "email", "offline_access"]))]
    scopes: Vec<String>,
    first_party: bool,
    require_pkce: bool,
    /// `aud` of the client's access tokens; `null`: its client id.
    audience: Option<String>,
    /// Seconds; `null`: the server's lifetime.
    access_token_ttl: Option<u64>,
    created_at: DateTime<Utc>,
}

impl From<OAuthClient> for ClientDto {
    fn from(c: OAuthClient) -> Self {
        Self {
            kind: c.kind.as_str(),
            grant_types: c.grant_types.iter().map(|g| g.as_str()).collect(),
            access_token_ttl: c.access_token_ttl.map(|t| t.as_secs()),
            client_id: c.client_id,
            name: c.name,
            redirect_uris: c.redirect_uris,
            post_logout_redirect_uris: c.post_logout_redirect_uris,
            scopes: c.scopes,
            first_party: c.first_party,
            require_pkce: c.require_pkce,
            audience: c.audience,
            created_at: c.created_at,
        }
    }
}

/// A new client and, for a confidential one, its secret: shown only now.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedClient {
    #[serde(flatten)]
    client: ClientDto,
    /// Only for confidential clients; never shown again.
    #[serde(skip_serializing_if = "Option::is_none")]
    client_secret: Option<String>,
}

/// A client's fields. On creation `name` and `type` are required and the
/// rest default; on change, absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
pub struct ClientRequest {
    #[schema(max_length = 100, example = "Shop")]
    name: Option<String>,
    #[serde(rename = "type")]
    #[schema(example = "confidential")]
    kind: Option<String>,
    /// Exact URIs: https://, http:// on loopback (any port), or a
    /// private-use scheme (com.example.app:/cb). No fragments or wildcards.
    #[schema(example = json!(["https://shop.example.com/callback"]))]
    redirect_uris: Option<Vec<String>>,
    post_logout_redirect_uris: Option<Vec<String>>,
    /// `authorization_code`, `refresh_token`, `client_credentials`,
    /// `urn:ietf:params:oauth:grant-type:device_code`, `password` (first party only).
    grant_types: Option<Vec<String>>,
    /// Of `openid`, `profile`, `email`, `offline_access`, `roles`.
    scopes: Option<Vec<String>>,
    first_party: Option<bool>,
    require_pkce: Option<bool>,
    /// `null` or "" clears it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, max_length = 255)]
    audience: Option<Option<String>>,
    /// 60 to 86400 seconds; `null` clears it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<u64>, minimum = 60, maximum = 86400)]
    access_token_ttl: Option<Option<u64>>,
}

impl From<ClientRequest> for ClientFields {
    fn from(r: ClientRequest) -> Self {
        Self {
            name: r.name,
            kind: r.kind,
            redirect_uris: r.redirect_uris,
            post_logout_redirect_uris: r.post_logout_redirect_uris,
            grant_types: r.grant_types,
            scopes: r.scopes,
            first_party: r.first_party,
            require_pkce: r.require_pkce,
            audience: r.audience,
            access_token_ttl: r.access_token_ttl,
        }
    }
}

/// A client's new secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewSecret {
    client_secret: String,
}

/// Every registered client, the built-in `palisade` first.
#[utoipa::path(get, path = "/v1/admin/clients", tag = "admin", security(("oauth2" = []), ("bearer" = [])),
    responses((status = 200, body = [ClientDto]), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list_clients(
    State(state): State<AppState>,
    RequirePermission(granted): RequirePermission<ClientsRead>,
) -> Result<Json<Vec<ClientDto>>> {
    let clients = state.services.clients.list(&granted).await?;
    Ok(Json(clients.into_iter().map(ClientDto::from).collect()))
}

/// Register a client; a confidential one's secret is in the answer, once.
#[utoipa::path(post, path = "/v1/admin/clients", tag = "admin", request_body = ClientRequest,
    security(("oauth2" = []), ("bearer" = [])),
    responses((status = 201, body = CreatedClient), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 422, body = Problem)))]
pub async fn create_client(
    State(state): State<AppState>,
    Client(client): Client,
    RequirePermission(granted): RequirePermission<ClientsWrite>,
    AppJson(body): AppJson<ClientRequest>,
) -> Result<impl IntoResponse> {
    let (created, client_secret) = state
        .services
        .clients
        .create(&granted, body.into(), &client)
        .await?;
    let answer = CreatedClient {
        client: created.into(),
        client_secret,
    };
    Ok((StatusCode::CREATED, Json(answer)))
}

/// One client.
#[utoipa::path(get, path = "/v1/admin/clients/{client_id}", tag = "admin", params(("client_id" = String, Path)),
    security(("oauth2" = []), ("bearer" = [])),
    responses((status = 200, body = ClientDto), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem)))]
pub async fn get_client(
    State(state): State<AppState>,
    RequirePermission(granted): RequirePermission<ClientsRead>,
    Path(client_id): Path<String>,
) -> Result<Json<ClientDto>> {
    let found = state.services.clients.get(&granted, &client_id).await?;
    Ok(Json(found.into()))
}

/// Change a client; its type cannot change.
#[utoipa::path(patch, path = "/v1/admin/clients/{client_id}", tag = "admin", params(("client_id" = String, Path)),
    request_body = ClientRequest, security(("oauth2" = []), ("bearer" = [])),
    responses((status = 200, body = ClientDto), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, description = "`builtin_client`", body = Problem),
        (status = 422, body = Problem)))]
pub async fn update_client(
    State(state): State<AppState>,
    Client(client): Client,
    RequirePermission(granted): RequirePermission<ClientsWrite>,
    Path(client_id): Path<String>,
    AppJson(body): AppJson<ClientRequest>,
) -> Result<Json<ClientDto>> {
    let changed = state
        .services
        .clients
        .update(&granted, &client_id, body.into(), &client)
        .await?;
    Ok(Json(changed.into()))
}

/// Delete a client: every session issued to it ends at once.
#[utoipa::path(delete, path = "/v1/admin/clients/{client_id}", tag = "admin", params(("client_id" = String, Path)),
    security(("oauth2" = []), ("bearer" = [])),
    responses((status = 204, description = "Deleted"), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, description = "`builtin_client`", body = Problem)))]
pub async fn delete_client(
    State(state): State<AppState>,
    Client(client): Client,
    RequirePermission(granted): RequirePermission<ClientsWrite>,
    Path(client_id): Path<String>,
) -> Result<StatusCode> {
    state
        .services
        .clients
        .delete(&granted, &client_id, &client)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A new secret for a confidential client; the old one keeps working for
/// `PALISADE_CLIENT_SECRET_GRACE`.
#[utoipa::path(post, path = "/v1/admin/clients/{client_id}/secret", tag = "admin",
    params(("client_id" = String, Path)), security(("oauth2" = []), ("bearer" = [])),
    responses((status = 200, body = NewSecret), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 422, description = "`validation_failed`: a public client has no secret", body = Problem)))]
pub async fn rotate_secret(
    State(state): State<AppState>,
    Client(client): Client,
    RequirePermission(granted): RequirePermission<ClientsWrite>,
    Path(client_id): Path<String>,
) -> Result<Json<NewSecret>> {
    let client_secret = state
        .services
        .clients
        .rotate_secret(&granted, &client_id, &client)
        .await?;
    Ok(Json(NewSecret { client_secret }))
}
