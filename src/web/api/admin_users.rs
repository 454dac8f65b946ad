//! /v1/admin/users: listing, reading, changing and deleting users, and
//! granting and revoking their roles.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::users::{UserDto, present};
use crate::core::ports::UserPatch;
use crate::core::rbac::{RolesWrite, UsersDelete, UsersRead, UsersWrite};
use crate::web::shared::error::Result;
use crate::web::shared::extract::{
    AppJson, Client, Page, QueryMap, RequirePermission, path_id, user_filter,
};
use crate::web::shared::problem::Problem;
use crate::web::state::AppState;

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

/// List users, newest first.
#[utoipa::path(get, path = "/v1/admin/users", tag = "admin", params(ListUsersQuery),
    security(("oauth2" = []), ("bearer" = [])),
    responses((status = 200, body = UserPage), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn list_users(
    State(state): State<AppState>,
    RequirePermission(granted): RequirePermission<UsersRead>,
    QueryMap(query): QueryMap,
) -> Result<Json<UserPage>> {
    let Page { page, per_page } = Page::parse(&query)?;
    let filter = user_filter(&query);
    let (accounts, total) = state
        .services
        .admin
        .list_users(&granted, &filter, page, per_page)
        .await?;
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
    RequirePermission(granted): RequirePermission<UsersRead>,
    Path(id): Path<String>,
) -> Result<Json<UserDto>> {
    let account = state
        .services
        .admin
        .get_user(&granted, path_id(&id)?)
        .await?;
    Ok(Json(account.into()))
}

/// Change a user: disable or enable, mark the email verified, rename.
#[utoipa::path(patch, path = "/v1/admin/users/{id}", tag = "admin", params(("id" = Uuid, Path)),
    request_body = AdminUpdateUser, security(("oauth2" = []), ("bearer" = [])),
    responses((status = 200, body = UserDto), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, description = "`last_admin`", body = Problem), (status = 422, body = Problem)))]
pub async fn update_user(
    State(state): State<AppState>,
    Client(client): Client,
    RequirePermission(granted): RequirePermission<UsersWrite>,
    Path(id): Path<String>,
    AppJson(body): AppJson<AdminUpdateUser>,
) -> Result<Json<UserDto>> {
    let patch = UserPatch {
        disabled: body.disabled,
        email_verified: body.email_verified,
        display_name: body.display_name,
    };
    let account = state
        .services
        .admin
        .update_user(&granted, &client, path_id(&id)?, patch)
        .await?;
    Ok(Json(account.into()))
}

/// Delete a user, their sessions and tokens.
#[utoipa::path(delete, path = "/v1/admin/users/{id}", tag = "admin", params(("id" = Uuid, Path)),
    security(("oauth2" = []), ("bearer" = [])),
    responses((status = 204, description = "Deleted"), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, description = "`last_admin`", body = Problem)))]
pub async fn delete_user(
    State(state): State<AppState>,
    Client(client): Client,
    RequirePermission(granted): RequirePermission<UsersDelete>,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    state
        .services
        .admin
        .delete_user(&granted, &client, path_id(&id)?)
        .await?;
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
    RequirePermission(granted): RequirePermission<RolesWrite>,
    Path((id, role)): Path<(String, String)>,
) -> Result<StatusCode> {
    state
        .services
        .admin
        .grant_role(&granted, &client, path_id(&id)?, &role)
        .await?;
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
    RequirePermission(granted): RequirePermission<RolesWrite>,
    Path((id, role)): Path<(String, String)>,
) -> Result<StatusCode> {
    state
        .services
        .admin
        .revoke_role(&granted, &client, path_id(&id)?, &role)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
