//! /admin: users (search, paging, detail, disable, delete, roles), roles and
//! the audit log. Each page and each action obtains the proof of its API
//! endpoint's permission, at the time of the request, before it calls the
//! admin service, which asks for that proof.

mod audit;
mod clients;
mod providers;
mod roles;
mod tenants;
mod users;

use std::collections::HashMap;

use axum::{
    Router,
    extract::State,
    http::StatusCode,
    response::{IntoResponse as _, Redirect},
    routing::{get, post},
};

use super::{Errors, Failure, PageResult, Visit};
use crate::core::admin::PER_PAGE_DEFAULT;
use crate::core::locale::Said;
use crate::core::model::Permission;
use crate::core::rbac::{Granted, Needs};
use crate::core::{Error, FieldError};
use crate::infra::i18n::Words;
use crate::web::shared::extract::{Page, query_text};
use crate::web::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(admin_home))
        .route("/admin/users", get(users::users_page))
        .route("/admin/users/{id}", get(users::user_page))
        .route("/admin/users/{id}/update", post(users::update_user))
        .route("/admin/users/{id}/delete", post(users::delete_user))
        .route("/admin/users/{id}/roles", post(users::change_roles))
        .route(
            "/admin/roles",
            get(roles::roles_page).post(roles::create_role),
        )
        .route("/admin/roles/{name}/delete", post(roles::delete_role))
        .route("/admin/audit", get(audit::audit_page))
        .route(
            "/admin/clients",
            get(clients::clients_page).post(clients::create_client),
        )
        .route("/admin/clients/{id}/delete", post(clients::delete_client))
        .route("/admin/clients/{id}/secret", post(clients::rotate_secret))
        .route(
            "/admin/providers",
            get(providers::providers_page).post(providers::create_provider),
        )
        .route(
            "/admin/providers/{slug}/update",
            post(providers::update_provider),
        )
        .route(
            "/admin/providers/{slug}/delete",
            post(providers::delete_provider),
        )
        .route(
            "/admin/tenants",
            get(tenants::tenants_page).post(tenants::create_tenant),
        )
        .route("/admin/tenants/{slug}/update", post(tenants::update_tenant))
        .route("/admin/tenants/{slug}/delete", post(tenants::delete_tenant))
}

/// What the signed-in admin may do, read once per request: which links and
/// buttons the pages show.
struct Allowed {
    users_read: bool,
    users_write: bool,
    users_delete: bool,
    roles_read: bool,
    roles_write: bool,
    audit_read: bool,
    clients_read: bool,
    clients_write: bool,
    providers_read: bool,
    providers_write: bool,
    tenants_read: bool,
    tenants_write: bool,
}

/// The proof that the signed-in user holds `P` (403 otherwise), and what
/// else they may do.
async fn admin<P: Needs>(
    state: &AppState,
    visit: &Visit,
) -> Result<(Granted<P>, Allowed), Failure> {
    let who = visit.require()?;
    state.services.mfa.require_enrolled(who).await?;
    let granted = state.services.permissions.require::<P>(who).await?;
    let held = state.services.permissions.of(who.user_id).await?;
    let has = |p: Permission| held.contains(&p);
    let allowed = Allowed {
        users_read: has(Permission::UsersRead),
        users_write: has(Permission::UsersWrite),
        users_delete: has(Permission::UsersDelete),
        roles_read: has(Permission::RolesRead),
        roles_write: has(Permission::RolesWrite),
        audit_read: has(Permission::AuditRead),
        clients_read: has(Permission::ClientsRead),
        clients_write: has(Permission::ClientsWrite),
        providers_read: has(Permission::ProvidersRead),
        providers_write: has(Permission::ProvidersWrite),
        tenants_read: has(Permission::TenantsRead),
        tenants_write: has(Permission::TenantsWrite),
    };
    Ok((granted, allowed))
}

/// After an admin form: on to `done`, or the page again (`again`) with
/// what the refusal says about the form's `field`.
async fn after_form<T>(
    words: &Words,
    result: Result<T, Error>,
    done: &str,
    field: &str,
    again: impl AsyncFnOnce(StatusCode, Errors) -> PageResult,
) -> PageResult {
    match result {
        Ok(_) => Ok(Redirect::to(done).into_response()),
        Err(err) => {
            let (status, errors) = Errors::from_error(err, field, words)?;
            again(status, errors).await
        }
    }
}

/// A refusal of the form's `field` that the page says with message `id`.
/// Only pages make it, and a page's answer replaces the API's body, so the
/// id stands in for the API's English `message`.
fn refused(field: &str, code: &'static str, id: &'static str) -> Error {
    Error::Validation(vec![FieldError::new(field, code, id).said(Said::new(id))])
}

/// /admin: the first section the user may read.
async fn admin_home(State(state): State<AppState>, visit: Visit) -> PageResult {
    let who = visit.require()?;
    let held = state.services.permissions.of(who.user_id).await?;
    let to = [
        (Permission::UsersRead, "/admin/users"),
        (Permission::RolesRead, "/admin/roles"),
        (Permission::AuditRead, "/admin/audit"),
        (Permission::ClientsRead, "/admin/clients"),
        (Permission::ProvidersRead, "/admin/providers"),
        (Permission::TenantsRead, "/admin/tenants"),
    ]
    .into_iter()
    .find(|(p, _)| held.contains(p))
    .ok_or(Error::Forbidden)?;
    Ok(Redirect::to(to.1).into_response())
}

/// The link to page `page` of a listing with these filters.
fn page_link(path: &str, filters: &[(&str, &str)], page: u64, per_page: u64) -> String {
    let mut pairs: Vec<(&str, String)> = filters
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (*k, (*v).to_owned()))
        .collect();
    pairs.push(("page", page.to_string()));
    if per_page != PER_PAGE_DEFAULT {
        pairs.push(("per_page", per_page.to_string()));
    }
    format!(
        "{path}?{}",
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    )
}

/// Where a listing is: its page, the number of pages, and the links to the
/// pages before and after.
struct Pager {
    page: u64,
    pages: u64,
    prev: Option<String>,
    next: Option<String>,
}

impl Pager {
    fn new(path: &str, filters: &[(&str, &str)], page: Page, total: u64) -> Self {
        let pages = total.div_ceil(page.per_page).max(1);
        let link = |n| page_link(path, filters, n, page.per_page);
        Self {
            page: page.page,
            pages,
            prev: (page.page > 1).then(|| link(page.page - 1)),
            next: (page.page < pages).then(|| link(page.page + 1)),
        }
    }
}

/// A query parameter, trimmed, to show again in its field; "" when absent.
fn text<'a>(query: &'a HashMap<String, String>, name: &str) -> &'a str {
    query_text(query, name).unwrap_or_default()
}
