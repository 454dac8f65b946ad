//! /v1/users/me/identities: the providers a user signs in with, and
//! unlinking one (never the last way to sign in).

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::core::federation::Linked;
use crate::web::shared::error::Result;
use crate::web::shared::extract::{AuthUser, Client};
use crate::web::shared::problem::Problem;
use crate::web::state::AppState;

/// An identity at another provider, linked to the caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct IdentityDto {
    /// The provider's slug.
    #[schema(example = "google")]
    provider: String,
    #[schema(example = "Google")]
    display_name: String,
    /// The address the provider gave when it was linked.
    email: Option<String>,
    linked_at: DateTime<Utc>,
    last_used_at: Option<DateTime<Utc>>,
}

impl From<Linked> for IdentityDto {
    fn from(l: Linked) -> Self {
        Self {
            provider: l.identity.provider,
            display_name: l.display_name,
            email: l.identity.email,
            linked_at: l.identity.linked_at,
            last_used_at: l.identity.last_used_at,
        }
    }
}

#[utoipa::path(get, path = "/v1/users/me/identities", tag = "users", security(("oauth2" = []), ("bearer" = [])),
    responses((status = 200, body = [IdentityDto]), (status = 401, body = Problem)))]
pub async fn list(
    State(state): State<AppState>,
    AuthUser(who): AuthUser,
) -> Result<Json<Vec<IdentityDto>>> {
    let linked = state.services.federation.identities(&who).await?;
    Ok(Json(linked.into_iter().map(IdentityDto::from).collect()))
}

#[utoipa::path(delete, path = "/v1/users/me/identities/{slug}", tag = "users", params(("slug" = String, Path)),
    security(("oauth2" = []), ("bearer" = [])),
    responses((status = 204, description = "Unlinked"), (status = 401, body = Problem), (status = 404, body = Problem),
        (status = 409, description = "`last_login_method`", body = Problem)))]
pub async fn unlink(
    State(state): State<AppState>,
    Client(client): Client,
    AuthUser(who): AuthUser,
    Path(slug): Path<String>,
) -> Result<StatusCode> {
    state
        .services
        .federation
        .unlink(&who, &slug, &client)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
