//! /v1/users/me/grants: the apps the caller let in, and withdrawing one.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::core::ports::Consent;
use crate::web::shared::error::Result;
use crate::web::shared::extract::{AuthUser, Client};
use crate::web::shared::problem::Problem;
use crate::web::state::AppState;

/// A consent: which app may see what.
#[derive(Debug, Serialize, ToSchema)]
pub struct GrantDto {
    client_id: String,
    client_name: String,
    #[schema(example = json!(["openid", "email"]))]
    scopes: Vec<String>,
    granted_at: DateTime<Utc>,
}

impl From<Consent> for GrantDto {
    fn from(c: Consent) -> Self {
        Self {
            client_id: c.client_id,
            client_name: c.client_name,
            scopes: c.scopes,
            granted_at: c.granted_at,
        }
    }
}

/// The apps the caller consented to.
#[utoipa::path(get, path = "/v1/users/me/grants", tag = "users", security(("oauth2" = []), ("bearer" = [])),
    responses((status = 200, body = [GrantDto])))]
pub async fn list_grants(
    State(state): State<AppState>,
    AuthUser(who): AuthUser,
) -> Result<Json<Vec<GrantDto>>> {
    let consents = state.services.oauth.consents(&who).await?;
    Ok(Json(consents.into_iter().map(GrantDto::from).collect()))
}

/// Withdraw consent from an app: its sessions of the caller end at once.
#[utoipa::path(delete, path = "/v1/users/me/grants/{client_id}", tag = "users", params(("client_id" = String, Path)),
    security(("oauth2" = []), ("bearer" = [])),
    responses((status = 204, description = "Withdrawn"), (status = 404, body = Problem)))]
pub async fn withdraw_grant(
    State(state): State<AppState>,
    Client(client): Client,
    AuthUser(who): AuthUser,
    Path(client_id): Path<String>,
) -> Result<StatusCode> {
    state
        .services
        .oauth
        .withdraw_consent(&who, &client_id, &client)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
