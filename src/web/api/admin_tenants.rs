//! /v1/admin/tenants: the platform's tenants, for admins of `default`
//! holding `tenants:read` / `tenants:write`.

use crate::core::Error;
use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::IntoResponse,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::core::ports::{Tenant, TenantSettings};
use crate::core::rbac::{TenantsRead, TenantsWrite};
use crate::core::tenants::TenantFields;
use crate::web::shared::error::Result;
use crate::web::shared::extract::{AppJson, Client, RequirePermission};
use crate::web::shared::problem::Problem;
use crate::web::state::AppState;

/// A tenant: an isolated user base with its own settings.
#[derive(Debug, Serialize, ToSchema)]
pub struct TenantDto {
    #[schema(example = "acme")]
    slug: String,
    #[schema(example = "Acme Corp")]
    display_name: String,
    /// Host names that serve the tenant at the root paths.
    #[schema(example = json!(["auth.acme.example"]))]
    hosts: Vec<String>,
    /// Overrides of the server-wide defaults; absent ones follow the server.
    settings: TenantSettings,
    created_at: DateTime<Utc>,
}

impl From<Tenant> for TenantDto {
    fn from(t: Tenant) -> Self {
        Self {
            slug: t.slug,
            display_name: t.display_name,
            hosts: t.hosts,
            settings: t.settings,
            created_at: t.created_at,
        }
    }
}

/// On creation `slug` and `display_name` are required; on a change, what
/// is absent stays (`slug` never changes) and `settings`, when given,
/// replace the stored ones as a whole.
#[derive(Debug, Deserialize, ToSchema)]
pub struct TenantRequest {
    #[schema(example = "acme", pattern = "^[a-z0-9][a-z0-9-]{1,62}$")]
    slug: Option<String>,
    #[schema(example = "Acme Corp", max_length = 100)]
    display_name: Option<String>,
    hosts: Option<Vec<String>>,
    settings: Option<TenantSettings>,
    /// On creation only: this address is invited by email to be the
    /// tenant's first admin.
    #[schema(example = "boss@acme.example")]
    admin_email: Option<String>,
}

impl TenantRequest {
    fn fields(self) -> Result<TenantFields> {
        Ok(TenantFields {
            slug: self.slug,
            display_name: self.display_name,
            hosts: self.hosts,
            settings: self.settings,
            admin_email: self.admin_email,
        })
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DeleteTenantRequest {
    /// The tenant's slug again.
    #[schema(example = "acme")]
    confirm: Option<String>,
}

#[utoipa::path(get, path = "/v1/admin/tenants", tag = "admin", security(("oauth2" = []), ("bearer" = [])),
    responses((status = 200, body = [TenantDto]), (status = 401, body = Problem), (status = 403, body = Problem)))]
pub async fn list_tenants(
    State(state): State<AppState>,
    RequirePermission(granted): RequirePermission<TenantsRead>,
) -> Result<Json<Vec<TenantDto>>> {
    let all = state.services.tenants.list(&granted).await?;
    Ok(Json(all.into_iter().map(TenantDto::from).collect()))
}

#[utoipa::path(post, path = "/v1/admin/tenants", tag = "admin", request_body = TenantRequest,
    security(("oauth2" = []), ("bearer" = [])),
    responses((status = 201, body = TenantDto), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 409, description = "`tenant_exists` or `host_taken`", body = Problem), (status = 422, body = Problem)))]
pub async fn create_tenant(
    State(state): State<AppState>,
    Client(client): Client,
    RequirePermission(granted): RequirePermission<TenantsWrite>,
    AppJson(body): AppJson<TenantRequest>,
) -> Result<impl IntoResponse> {
    let fields = body.fields()?;
    let created = state
        .services
        .tenants
        .create(&granted, fields, &client)
        .await?;
    Ok((StatusCode::CREATED, Json(TenantDto::from(created))))
}

#[utoipa::path(get, path = "/v1/admin/tenants/{slug}", tag = "admin", params(("slug" = String, Path)),
    security(("oauth2" = []), ("bearer" = [])),
    responses((status = 200, body = TenantDto), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem)))]
pub async fn get_tenant(
    State(state): State<AppState>,
    RequirePermission(granted): RequirePermission<TenantsRead>,
    Path(slug): Path<String>,
) -> Result<Json<TenantDto>> {
    let found = state.services.tenants.get(&granted, &slug).await?;
    Ok(Json(found.into()))
}

#[utoipa::path(patch, path = "/v1/admin/tenants/{slug}", tag = "admin", params(("slug" = String, Path)),
    request_body = TenantRequest, security(("oauth2" = []), ("bearer" = [])),
    responses((status = 200, body = TenantDto), (status = 401, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem), (status = 409, description = "`host_taken`", body = Problem),
        (status = 422, body = Problem)))]
pub async fn update_tenant(
    State(state): State<AppState>,
    Client(client): Client,
    RequirePermission(granted): RequirePermission<TenantsWrite>,
    Path(slug): Path<String>,
    AppJson(body): AppJson<TenantRequest>,
) -> Result<Json<TenantDto>> {
    // The slug is the tenant's name in every path: it stays. The first
    // admin is invited when the tenant is made, not later.
    if body.slug.as_deref().is_some_and(|given| given != slug) {
        return Err(Error::invalid("slug", "read_only", "A tenant's slug cannot change.").into());
    }
    if body.admin_email.is_some() {
        return Err(Error::invalid(
            "admin_email",
            "read_only",
            "The first admin is invited when the tenant is created.",
        )
        .into());
    }
    let mut fields = body.fields()?;
    fields.slug = None;
    let changed = state
        .services
        .tenants
        .update(&granted, &slug, fields, &client)
        .await?;
    Ok(Json(changed.into()))
}

#[utoipa::path(delete, path = "/v1/admin/tenants/{slug}", tag = "admin", params(("slug" = String, Path)),
    request_body = DeleteTenantRequest, security(("oauth2" = []), ("bearer" = [])),
    responses((status = 204, description = "Deleted: every row the tenant owned is erased"),
        (status = 401, body = Problem), (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, description = "`default_tenant`: the default tenant stays", body = Problem),
        (status = 422, description = "`confirm` is not the slug", body = Problem)))]
pub async fn delete_tenant(
    State(state): State<AppState>,
    Client(client): Client,
    RequirePermission(granted): RequirePermission<TenantsWrite>,
    Path(slug): Path<String>,
    AppJson(body): AppJson<DeleteTenantRequest>,
) -> Result<StatusCode> {
    state
        .services
        .tenants
        .delete(&granted, &slug, body.confirm.as_deref(), &client)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
