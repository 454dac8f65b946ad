//! /v1/admin/roles: the roles and their permissions.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::IntoResponse,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::core::model::{Permission, Role};
use crate::core::rbac::{RolesRead, RolesWrite};
use crate::web::shared::error::{Result, missing};
use crate::web::shared::extract::{AppJson, Client, RequirePermission};
use crate::web::shared::problem::Problem;
use crate::web::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct RoleDto {
    name: String,
    description: String,
    #[schema(example = json!(["users:read"]))]
    permissions: Vec<String>,
    /// `admin` and `user`: cannot be changed or deleted.
    builtin: bool,
}

impl From<Role> for RoleDto {
    fn from(role: Role) -> Self {
        Self {
            permissions: role
                .permissions
                .iter()
                .map(|p| p.as_str().to_owned())
                .collect(),
            builtin: role.builtin,
            name: role.name,
            description: role.description,
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateRole {
    /// 2 to 64 characters: a-z, 0-9, `_ - . :`, starting with a letter.
    #[schema(value_type = String, required = true, pattern = "^[a-z][a-z0-9_.:-]{1,63}$", example = "support")]
    name: Option<String>,
    #[schema(max_length = 500)]
    description: Option<String>,
    #[schema(required = true, schema_with = permission_list, example = json!(["users:read", "audit:read"]))]
    permissions: Option<Vec<String>>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct UpdateRole {
    #[schema(max_length = 500)]
    description: Option<String>,
    /// `null` or absent leaves them as they are.
    #[schema(schema_with = nullable_permission_list)]
    permissions: Option<Vec<String>>,
}

fn permission_names() -> utoipa::openapi::schema::ArrayBuilder {
    use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
    ArrayBuilder::new().items(
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(Permission::ALL.iter().map(|p| p.as_str()))),
    )
}

/// An array of known permission names.
fn permission_list() -> utoipa::openapi::schema::Array {
    permission_names().build()
}

/// The same, or `null`.
fn nullable_permission_list() -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{SchemaType, Type};
    permission_names()
        .schema_type(SchemaType::from_iter([Type::Array, Type::Null]))
        .build()
}

/// Every role.
#[utoipa::path(get, path = "/v1/admin/roles", tag = "admin", security(("oauth2" = []), ("bearer" = [])),
    responses((status = 200, body = [RoleDto]), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list_roles(
    State(state): State<AppState>,
    RequirePermission(granted): RequirePermission<RolesRead>,
) -> Result<Json<Vec<RoleDto>>> {
    Ok(Json(
        state
            .services
            .admin
            .list_roles(&granted)
            .await?
            .into_iter()
            .map(RoleDto::from)
            .collect(),
    ))
}

/// Create a custom role.
#[utoipa::path(post, path = "/v1/admin/roles", tag = "admin", request_body = CreateRole,
    security(("oauth2" = []), ("bearer" = [])),
    responses((status = 201, body = RoleDto), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 409, description = "`role_exists`", body = Problem), (status = 422, body = Problem)))]
pub async fn create_role(
    State(state): State<AppState>,
    Client(client): Client,
    RequirePermission(granted): RequirePermission<RolesWrite>,
    AppJson(body): AppJson<CreateRole>,
) -> Result<impl IntoResponse> {
    let (Some(name), Some(perms)) = (body.name.as_deref(), body.permissions.clone()) else {
        return Err(missing(&[
            ("name", body.name.is_none()),
            ("permissions", body.permissions.is_none()),
        ]));
    };
    let role = state
        .services
        .admin
        .create_role(&granted, &client, name, body.description, perms)
        .await?;
    Ok((StatusCode::CREATED, Json(RoleDto::from(role))))
}

/// Change a custom role's description or permissions.
#[utoipa::path(patch, path = "/v1/admin/roles/{name}", tag = "admin", params(("name" = String, Path)),
    request_body = UpdateRole, security(("oauth2" = []), ("bearer" = [])),
    responses((status = 200, body = RoleDto), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, description = "`builtin_role`", body = Problem), (status = 422, body = Problem)))]
pub async fn update_role(
    State(state): State<AppState>,
    Client(client): Client,
    RequirePermission(granted): RequirePermission<RolesWrite>,
    Path(name): Path<String>,
    AppJson(body): AppJson<UpdateRole>,
) -> Result<Json<RoleDto>> {
    let role = state
        .services
        .admin
        .update_role(&granted, &client, &name, body.description, body.permissions)
        .await?;
    Ok(Json(role.into()))
}

/// Delete a custom role; users who held it lose it.
#[utoipa::path(delete, path = "/v1/admin/roles/{name}", tag = "admin", params(("name" = String, Path)),
    security(("oauth2" = []), ("bearer" = [])),
    responses((status = 204, description = "Deleted"), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, description = "`builtin_role`", body = Problem)))]
pub async fn delete_role(
    State(state): State<AppState>,
    Client(client): Client,
    RequirePermission(granted): RequirePermission<RolesWrite>,
    Path(name): Path<String>,
) -> Result<StatusCode> {
    state
        .services
        .admin
        .delete_role(&granted, &client, &name)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
