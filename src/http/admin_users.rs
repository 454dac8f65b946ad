//! /v1/admin/users: listing, reading, changing and deleting users, and
//! granting and revoking their roles.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::error::Problem;
use super::extract::{
    AppJson, Client, Page, QueryMap, RequirePermission, RolesWrite, UsersDelete, UsersRead,
    UsersWrite,
};
use super::users::UserDto;
use crate::app::AppState;
use crate::domain::admin;
use crate::error::{Error, Result};
use crate::store::admin_users::{UserFilter, UserPatch};

#[derive(Debug, Serialize, ToSchema)]
pub struct UserPage {
    items: Vec<UserDto>,
    total: u64,
    page: u64,
    per_page: u64,
}

#[allow(dead_code)] // Read by utoipa only: documents the query string.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
struct ListUsersQuery {
    /// Page number, from 1.
    #[param(minimum = 1, maximum = 1_000_000_000)]
    page: Option<u64>,
    /// Items per page: default 20; more than 100 gives 100.
    #[param(minimum = 1, maximum = 1_000_000_000)]
    per_page: Option<u64>,
    /// Case-insensitive substring of the email or display name.
    q: Option<String>,
    /// Only users holding this role.
    role: Option<String>,
}

fn present<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AdminUpdateUser {
    /// Disabling ends every session of the user at once.
    disabled: Option<bool>,
    email_verified: Option<bool>,
    /// `null` or "" clears it.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, max_length = 100, pattern = "^[^\\u0000-\\u001F\\u007F-\\u009F]*$")]
    display_name: Option<Option<String>>,
}

/// A path id that is not a UUID names no user.
fn user_id(raw: &str) -> Result<Uuid> {
    Uuid::parse_str(raw).map_err(|_| Error::NotFound)
}

/// List users, newest first.
#[utoipa::path(get, path = "/v1/admin/users", tag = "admin", params(ListUsersQuery),
    security(("oauth2" = []), ("bearer" = [])),
    responses((status = 200, body = UserPage), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn list_users(
    State(state): State<AppState>,
    _: RequirePermission<UsersRead>,
    QueryMap(query): QueryMap,
) -> Result<Json<UserPage>> {
    let Page { page, per_page } = Page::parse(&query)?;
    let filter = UserFilter {
        q: query
            .get("q")
            .map(|q| q.trim().to_owned())
            .filter(|q| !q.is_empty()),
        role: query
            .get("role")
            .map(|r| r.trim().to_owned())
            .filter(|r| !r.is_empty()),
    };
    let (accounts, total) = admin::list_users(&state, &filter, page, per_page).await?;
    Ok(Json(UserPage {
        items: accounts.into_iter().map(UserDto::from).collect(),
        total,
        page,
        per_page,
    }))
}

/// One user.
#[utoipa::path(get, path = "/v1/admin/users/{id}", tag = "admin", params(("id" = Uuid, Path)),
    security(("oauth2" = []), ("bearer" = [])),
    responses((status = 200, body = UserDto), (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn get_user(
    State(state): State<AppState>,
    _: RequirePermission<UsersRead>,
    Path(id): Path<String>,
) -> Result<Json<UserDto>> {
    Ok(Json(admin::get_user(&state, user_id(&id)?).await?.into()))
}

/// Change a user: disable or enable, mark the email verified, rename.
#[utoipa::path(patch, path = "/v1/admin/users/{id}", tag = "admin", params(("id" = Uuid, Path)),
    request_body = AdminUpdateUser, security(("oauth2" = []), ("bearer" = [])),
    responses((status = 200, body = UserDto), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, description = "`last_admin`", body = Problem), (status = 422, body = Problem)))]
pub async fn update_user(
    State(state): State<AppState>,
    Client(client): Client,
    RequirePermission(who, _): RequirePermission<UsersWrite>,
    Path(id): Path<String>,
    AppJson(body): AppJson<AdminUpdateUser>,
) -> Result<Json<UserDto>> {
    let patch = UserPatch {
        disabled: body.disabled,
        email_verified: body.email_verified,
        display_name: body.display_name,
    };
    Ok(Json(
        admin::update_user(&state, &who, &client, user_id(&id)?, patch)
            .await?
            .into(),
    ))
}

/// Delete a user, their sessions and tokens.
#[utoipa::path(delete, path = "/v1/admin/users/{id}", tag = "admin", params(("id" = Uuid, Path)),
    security(("oauth2" = []), ("bearer" = [])),
    responses((status = 204, description = "Deleted"), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, description = "`last_admin`", body = Problem)))]
pub async fn delete_user(
    State(state): State<AppState>,
    Client(client): Client,
    RequirePermission(who, _): RequirePermission<UsersDelete>,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    admin::delete_user(&state, &who, &client, user_id(&id)?).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Grant a role (no change if the user has it).
#[utoipa::path(put, path = "/v1/admin/users/{id}/roles/{role}", tag = "admin",
    params(("id" = Uuid, Path), ("role" = String, Path)), security(("oauth2" = []), ("bearer" = [])),
    responses((status = 204, description = "Granted"), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, description = "No such user or role", body = Problem)))]
pub async fn grant_role(
    State(state): State<AppState>,
    Client(client): Client,
    RequirePermission(who, _): RequirePermission<RolesWrite>,
    Path((id, role)): Path<(String, String)>,
) -> Result<StatusCode> {
    admin::grant_role(&state, &who, &client, user_id(&id)?, &role).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Revoke a role (no change if the user lacks it).
#[utoipa::path(delete, path = "/v1/admin/users/{id}/roles/{role}", tag = "admin",
    params(("id" = Uuid, Path), ("role" = String, Path)), security(("oauth2" = []), ("bearer" = [])),
    responses((status = 204, description = "Revoked"), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, description = "No such user or role", body = Problem), (status = 409, description = "`last_admin`", body = Problem)))]
pub async fn revoke_role(
    State(state): State<AppState>,
    Client(client): Client,
    RequirePermission(who, _): RequirePermission<RolesWrite>,
    Path((id, role)): Path<(String, String)>,
) -> Result<StatusCode> {
    admin::revoke_role(&state, &who, &client, user_id(&id)?, &role).await?;
    Ok(StatusCode::NO_CONTENT)
}
