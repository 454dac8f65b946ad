//! /admin: users (search, paging, detail, disable, delete, roles), roles and
//! the audit log. Each page and each action checks the permission of its API
//! endpoint, at the time of the request.

use std::collections::HashMap;

use askama::Template;
use axum::{
    Router,
    extract::{Path, RawQuery, State},
    http::StatusCode,
    response::{IntoResponse as _, Redirect},
    routing::{get, post},
};
use uuid::Uuid;

use super::auth::query;
use super::{Chrome, Errors, Failure, Form, PageResult, Visit, render};
use crate::app::AppState;
use crate::domain::{accounts::Account, admin, rbac, sessions::Principal};
use crate::error::Error;
use crate::http::extract::Page;
use crate::store::{self, admin_users::UserFilter, admin_users::UserPatch, audit::AuditEvent};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(admin_home))
        .route("/admin/users", get(users_page))
        .route("/admin/users/{id}", get(user_page))
        .route("/admin/users/{id}/update", post(update_user))
        .route("/admin/users/{id}/delete", post(delete_user))
        .route("/admin/users/{id}/roles", post(change_roles))
        .route("/admin/roles", get(roles_page).post(create_role))
        .route("/admin/roles/{name}/delete", post(delete_role))
        .route("/admin/audit", get(audit_page))
}

/// What the signed-in admin may do, read once per request.
struct Can {
    users_read: bool,
    users_write: bool,
    users_delete: bool,
    roles_read: bool,
    roles_write: bool,
    audit_read: bool,
}

/// The caller and what they may do; 403 unless they hold `needed`.
async fn admin(state: &AppState, visit: &Visit, needed: &str) -> Result<(Principal, Can), Failure> {
    let who = visit.require()?.clone();
    let held = rbac::permissions_of(state, who.user_id).await?;
    if !held.contains(needed) {
        return Err(Error::Forbidden.into());
    }
    let has = |p: &str| held.contains(p);
    let can = Can {
        users_read: has("users:read"),
        users_write: has("users:write"),
        users_delete: has("users:delete"),
        roles_read: has("roles:read"),
        roles_write: has("roles:write"),
        audit_read: has("audit:read"),
    };
    Ok((who, can))
}

async fn admin_home(State(state): State<AppState>, visit: Visit) -> PageResult {
    let who = visit.require()?;
    let held = rbac::permissions_of(&state, who.user_id).await?;
    let to = [
        ("users:read", "/admin/users"),
        ("roles:read", "/admin/roles"),
        ("audit:read", "/admin/audit"),
    ]
    .into_iter()
    .find(|(p, _)| held.contains(*p))
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
    if per_page != crate::domain::admin::PER_PAGE_DEFAULT {
        pairs.push(("per_page", per_page.to_string()));
    }
    format!(
        "{path}?{}",
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    )
}

/// Previous and next links, and the number of pages.
fn pager(
    path: &str,
    filters: &[(&str, &str)],
    page: Page,
    total: u64,
) -> (Option<String>, Option<String>, u64) {
    let pages = total.div_ceil(page.per_page).max(1);
    let link = |n| page_link(path, filters, n, page.per_page);
    let prev = (page.page > 1).then(|| link(page.page - 1));
    let next = (page.page < pages).then(|| link(page.page + 1));
    (prev, next, pages)
}

fn text<'a>(query: &'a HashMap<String, String>, name: &str) -> &'a str {
    query.get(name).map_or("", |v| v.trim())
}

#[derive(Template)]
#[template(path = "pages/admin_users.html")]
struct UsersPage<'a> {
    c: Chrome,
    can: Can,
    section: &'a str,
    users: Vec<Account>,
    roles: Vec<String>,
    q: &'a str,
    role: &'a str,
    total: u64,
    page: u64,
    pages: u64,
    prev: Option<String>,
    next: Option<String>,
}

async fn users_page(
    State(state): State<AppState>,
    visit: Visit,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let (_, can) = admin(&state, &visit, "users:read").await?;
    let query = query(raw);
    let page = Page::parse(&query)?;
    let (q, role) = (text(&query, "q"), text(&query, "role"));
    let filter = UserFilter {
        q: Some(q.to_owned()).filter(|q| !q.is_empty()),
        role: Some(role.to_owned()).filter(|r| !r.is_empty()),
    };
    let (users, total) = admin::list_users(&state, &filter, page.page, page.per_page).await?;
    let roles = admin::list_roles(&state)
        .await?
        .into_iter()
        .map(|r| r.name)
        .collect();
    let (prev, next, pages) = pager("/admin/users", &[("q", q), ("role", role)], page, total);
    let view = UsersPage {
        c: visit.chrome(&state, "Users").await,
        can,
        section: "users",
        users,
        roles,
        q,
        role,
        total,
        page: page.page,
        pages,
        prev,
        next,
    };
    Ok(render(StatusCode::OK, &view))
}

#[derive(Template)]
#[template(path = "pages/admin_user.html")]
struct UserPage<'a> {
    c: Chrome,
    can: Can,
    section: &'a str,
    a: Account,
    grantable: Vec<String>,
    e: &'a Errors,
    notice: Option<&'static str>,
}

fn user_id(raw: &str) -> Result<Uuid, Failure> {
    Uuid::parse_str(raw).map_err(|_| Failure::Error(Error::NotFound))
}

async fn show_user(
    state: &AppState,
    visit: &Visit,
    can: Can,
    id: Uuid,
    status: StatusCode,
    errors: &Errors,
    notice: Option<&'static str>,
) -> PageResult {
    let account = admin::get_user(state, id).await?;
    let grantable = admin::list_roles(state)
        .await?
        .into_iter()
        .map(|r| r.name)
        .filter(|name| !account.roles.contains(name))
        .collect();
    let view = UserPage {
        c: visit.chrome(state, &account.user.email).await,
        can,
        section: "users",
        a: account,
        grantable,
        e: errors,
        notice,
    };
    Ok(render(status, &view))
}

async fn user_page(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let (_, can) = admin(&state, &visit, "users:read").await?;
    let notice = match query(raw).get("notice").map(String::as_str) {
        Some("updated") => Some("The user was updated."),
        Some("roles") => Some("The roles were changed."),
        _ => None,
    };
    show_user(
        &state,
        &visit,
        can,
        user_id(&id)?,
        StatusCode::OK,
        &Errors::default(),
        notice,
    )
    .await
}

/// Back to the user's page saying `done`, or the page again with the error.
async fn after_user_change(
    state: &AppState,
    visit: &Visit,
    can: Can,
    id: Uuid,
    result: Result<(), Error>,
    done: &str,
) -> PageResult {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/admin/users/{id}?notice={done}")).into_response()),
        Err(err) => {
            let (status, errors) = Errors::from_error(err, "password")?;
            show_user(state, visit, can, id, status, &errors, None).await
        }
    }
}

async fn update_user(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    form: Form,
) -> PageResult {
    let (who, can) = admin(&state, &visit, "users:write").await?;
    let id = user_id(&id)?;
    let patch = match form.get("action") {
        "disable" => UserPatch {
            disabled: Some(true),
            ..Default::default()
        },
        "enable" => UserPatch {
            disabled: Some(false),
            ..Default::default()
        },
        "verify" => UserPatch {
            email_verified: Some(true),
            ..Default::default()
        },
        _ => {
            return Err(
                Error::invalid("action", "invalid", "Choose disable, enable or verify.").into(),
            );
        }
    };
    let result = admin::update_user(&state, &who, &visit.client, id, patch)
        .await
        .map(|_| ());
    after_user_change(&state, &visit, can, id, result, "updated").await
}

async fn delete_user(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    form: Form,
) -> PageResult {
    let (who, can) = admin(&state, &visit, "users:delete").await?;
    let id = user_id(&id)?;
    // One click must not erase an account: the box says "I mean it".
    if form.get("confirm") != "yes" {
        let err = Error::invalid(
            "confirm",
            "required",
            "Tick the box to confirm the deletion.",
        );
        return after_user_change(&state, &visit, can, id, Err(err), "updated").await;
    }
    match admin::delete_user(&state, &who, &visit.client, id).await {
        Ok(()) if id == who.user_id => Ok(super::auth::signed_out(&visit, "/login?notice=deleted")),
        Ok(()) => Ok(Redirect::to("/admin/users").into_response()),
        Err(err) => after_user_change(&state, &visit, can, id, Err(err), "updated").await,
    }
}

async fn change_roles(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    form: Form,
) -> PageResult {
    let (who, can) = admin(&state, &visit, "roles:write").await?;
    let id = user_id(&id)?;
    let role = form.get("role");
    let result = match form.get("op") {
        "grant" => admin::grant_role(&state, &who, &visit.client, id, role).await,
        "revoke" => admin::revoke_role(&state, &who, &visit.client, id, role).await,
        _ => Err(Error::invalid("op", "invalid", "Choose grant or revoke.")),
    };
    after_user_change(&state, &visit, can, id, result, "roles").await
}

/// A role as the roles page lists it.
struct RoleView {
    name: String,
    description: String,
    permissions: Vec<String>,
    builtin: bool,
}

#[derive(Template)]
#[template(path = "pages/admin_roles.html")]
struct RolesPage<'a> {
    c: Chrome,
    can: Can,
    section: &'a str,
    roles: Vec<RoleView>,
    permissions: &'static [&'static str],
    v: &'a Form,
    e: &'a Errors,
    notice: Option<&'static str>,
}

async fn show_roles(
    state: &AppState,
    visit: &Visit,
    can: Can,
    status: StatusCode,
    typed: &Form,
    errors: &Errors,
    notice: Option<&'static str>,
) -> PageResult {
    let roles = admin::list_roles(state)
        .await?
        .into_iter()
        .map(|r| RoleView {
            permissions: store::roles::permissions(&r),
            name: r.name,
            description: r.description,
            builtin: r.builtin,
        })
        .collect();
    let view = RolesPage {
        c: visit.chrome(state, "Roles").await,
        can,
        section: "roles",
        roles,
        permissions: rbac::PERMISSIONS,
        v: typed,
        e: errors,
        notice,
    };
    Ok(render(status, &view))
}

async fn roles_page(
    State(state): State<AppState>,
    visit: Visit,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let (_, can) = admin(&state, &visit, "roles:read").await?;
    let notice = match query(raw).get("notice").map(String::as_str) {
        Some("created") => Some("The role was created."),
        Some("deleted") => Some("The role was deleted."),
        _ => None,
    };
    show_roles(
        &state,
        &visit,
        can,
        StatusCode::OK,
        &Form::empty(),
        &Errors::default(),
        notice,
    )
    .await
}

/// Back to the roles page saying `done`, or the page again with the error.
async fn after_role_change(
    state: &AppState,
    visit: &Visit,
    can: Can,
    typed: &Form,
    result: Result<(), Error>,
    done: &str,
) -> PageResult {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/admin/roles?notice={done}")).into_response()),
        Err(err) => {
            let (status, errors) = Errors::from_error(err, "name")?;
            show_roles(state, visit, can, status, typed, &errors, None).await
        }
    }
}

async fn create_role(State(state): State<AppState>, visit: Visit, form: Form) -> PageResult {
    let (who, can) = admin(&state, &visit, "roles:write").await?;
    let name = form.get("name").trim();
    let description = form.optional("description").map(str::to_owned);
    let result = admin::create_role(
        &state,
        &who,
        &visit.client,
        name,
        description,
        form.all("permissions"),
    )
    .await
    .map(|_| ());
    let typed = form.keep(&["name", "description", "permissions"]);
    after_role_change(&state, &visit, can, &typed, result, "created").await
}

async fn delete_role(
    State(state): State<AppState>,
    visit: Visit,
    Path(name): Path<String>,
    _: Form,
) -> PageResult {
    let (who, can) = admin(&state, &visit, "roles:write").await?;
    let result = admin::delete_role(&state, &who, &visit.client, &name).await;
    after_role_change(&state, &visit, can, &Form::empty(), result, "deleted").await
}

#[derive(Template)]
#[template(path = "pages/admin_audit.html")]
struct AuditPage<'a> {
    c: Chrome,
    can: Can,
    section: &'a str,
    events: Vec<AuditEvent>,
    user_id: &'a str,
    user_id_error: Option<&'static str>,
    action: &'a str,
    total: u64,
    page: u64,
    pages: u64,
    prev: Option<String>,
    next: Option<String>,
}

async fn audit_page(
    State(state): State<AppState>,
    visit: Visit,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let (_, can) = admin(&state, &visit, "audit:read").await?;
    let query = query(raw);
    let page = Page::parse(&query)?;
    let (user_id, action) = (text(&query, "user_id"), text(&query, "action"));
    let parsed = Some(user_id).filter(|v| !v.is_empty()).map(Uuid::parse_str);
    let user_id_error = matches!(parsed, Some(Err(_))).then_some("Expected a user id (UUID).");
    let filter = store::audit::AuditFilter {
        user_id: parsed.and_then(Result::ok),
        action: Some(action.to_owned()).filter(|a| !a.is_empty()),
    };
    let (events, total) = if user_id_error.is_some() {
        (Vec::new(), 0)
    } else {
        store::audit::list_events(&state.db, &filter, page.page, page.per_page).await?
    };
    let (prev, next, pages) = pager(
        "/admin/audit",
        &[("user_id", user_id), ("action", action)],
        page,
        total,
    );
    let view = AuditPage {
        c: visit.chrome(&state, "Audit log").await,
        can,
        section: "audit",
        events,
        user_id,
        user_id_error,
        action,
        total,
        page: page.page,
        pages,
        prev,
        next,
    };
    let status = if user_id_error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(render(status, &view))
}
