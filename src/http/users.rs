//! /v1/users/me: the caller's own profile.

use axum::{Json, extract::State};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::error::Problem;
use super::extract::{AppJson, AuthUser};
use crate::app::AppState;
use crate::domain::accounts::{self, Account};
use crate::error::Result;

/// A user account as the API shows it. Never holds a secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserDto {
    id: Uuid,
    email: String,
    email_verified: bool,
    display_name: Option<String>,
    roles: Vec<String>,
    disabled: bool,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
    last_login_at: Option<DateTime<Utc>>,
}

impl From<Account> for UserDto {
    fn from(Account { user, roles }: Account) -> Self {
        Self {
            id: user.id,
            email: user.email,
            email_verified: user.email_verified,
            display_name: user.display_name,
            roles,
            disabled: user.disabled,
            created_at: user.created_at,
            updated_at: user.updated_at,
            last_login_at: user.last_login_at,
        }
    }
}

/// Absent stays `None`; present (even `null`) becomes `Some`.
fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateMeRequest {
    /// Up to 100 characters; `null` or "" clears it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, example = "Ada")]
    display_name: Option<Option<String>>,
}

/// The caller's account.
#[utoipa::path(get, path = "/v1/users/me", tag = "users", security(("oauth2" = []), ("bearer" = [])),
    responses((status = 200, body = UserDto), (status = 401, body = Problem)))]
pub async fn get_me(
    State(state): State<AppState>,
    AuthUser(who): AuthUser,
) -> Result<Json<UserDto>> {
    Ok(Json(accounts::profile(&state, who.user_id).await?.into()))
}

/// Change the caller's profile.
#[utoipa::path(patch, path = "/v1/users/me", tag = "users", security(("oauth2" = []), ("bearer" = [])),
    request_body = UpdateMeRequest,
    responses((status = 200, body = UserDto), (status = 401, body = Problem), (status = 422, body = Problem)))]
pub async fn update_me(
    State(state): State<AppState>,
    AuthUser(who): AuthUser,
    AppJson(body): AppJson<UpdateMeRequest>,
) -> Result<Json<UserDto>> {
    let display_name = body.display_name.as_ref().map(Option::as_deref);
    Ok(Json(
        accounts::update_profile(&state, who.user_id, display_name)
            .await?
            .into(),
    ))
}
