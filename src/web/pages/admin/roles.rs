//! /admin/roles: the roles with their permissions; creating and deleting
//! custom roles.

use askama::Template;
use axum::{
    extract::{Path, RawQuery, State},
    http::StatusCode,
    response::{IntoResponse as _, Redirect},
};

use super::{Allowed, admin};
use crate::core::Error;
use crate::core::model::{Permission, Principal};
use crate::core::rbac::{Granted, RolesRead, RolesWrite};
use crate::web::pages::auth::query;
use crate::web::pages::{Errors, Form, Frame, PageResult, Visit, render};
use crate::web::state::AppState;

/// A role as the roles page lists it.
struct RoleView {
    name: String,
    description: String,
    permissions: Vec<&'static str>,
    builtin: bool,
}

#[derive(Template)]
#[template(path = "pages/admin_roles.html")]
struct RolesPage<'a> {
    frame: Frame,
    can: Allowed,
    section: &'a str,
    roles: Vec<RoleView>,
    permissions: Vec<&'static str>,
    typed: &'a Form,
    errors: &'a Errors,
    /// The message id of what the page says about the last thing done.
    notice: Option<&'static str>,
}

/// What the roles page says about the last thing done on it.
struct Feedback<'a> {
    status: StatusCode,
    typed: &'a Form,
    errors: &'a Errors,
    notice: Option<&'static str>,
}

/// The roles page, if `who` may read it (after a change, too).
async fn show_roles(
    state: &AppState,
    visit: &Visit,
    who: &Principal,
    can: Allowed,
    feedback: Feedback<'_>,
) -> PageResult {
    let readable = state.services.permissions.require::<RolesRead>(who).await?;
    let roles = state
        .services
        .admin
        .list_roles(&readable)
        .await?
        .into_iter()
        .map(|r| RoleView {
            permissions: r.permissions.iter().map(|p| p.as_str()).collect(),
            name: r.name,
            description: r.description,
            builtin: r.builtin,
        })
        .collect();
    let view = RolesPage {
        frame: visit.frame(state, "admin-roles-title").await,
        can,
        section: "roles",
        roles,
        permissions: Permission::ALL.iter().map(|p| p.as_str()).collect(),
        typed: feedback.typed,
        errors: feedback.errors,
        notice: feedback.notice,
    };
    Ok(render(feedback.status, &view))
}

pub(super) async fn roles_page(
    State(state): State<AppState>,
    visit: Visit,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let (granted, can) = admin::<RolesRead>(&state, &visit).await?;
    let notice = match query(raw).get("notice").map(String::as_str) {
        Some("created") => Some("admin-roles-created"),
        Some("deleted") => Some("admin-roles-deleted"),
        _ => None,
    };
    let feedback = Feedback {
        status: StatusCode::OK,
        typed: &Form::empty(),
        errors: &Errors::default(),
        notice,
    };
    show_roles(&state, &visit, granted.who(), can, feedback).await
}

/// Back to the roles page saying `done`, or the page again with the error.
async fn after_role_change(
    state: &AppState,
    visit: &Visit,
    (granted, can): (Granted<RolesWrite>, Allowed),
    typed: &Form,
    result: Result<(), Error>,
    done: &str,
) -> PageResult {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/admin/roles?notice={done}")).into_response()),
        Err(err) => {
            let (status, errors) = Errors::from_error(err, "name", &visit.words(state))?;
            let feedback = Feedback {
                status,
                typed,
                errors: &errors,
                notice: None,
            };
            show_roles(state, visit, granted.who(), can, feedback).await
        }
    }
}

pub(super) async fn create_role(
    State(state): State<AppState>,
    visit: Visit,
    form: Form,
) -> PageResult {
    let (granted, can) = admin::<RolesWrite>(&state, &visit).await?;
    let name = form.get("name").trim();
    let description = form.optional("description").map(str::to_owned);
    let result = state
        .services
        .admin
        .create_role(
            &granted,
            &visit.client,
            name,
            description,
            form.all("permissions"),
        )
        .await
        .map(|_| ());
    let typed = form.keep(&["name", "description", "permissions"]);
    after_role_change(&state, &visit, (granted, can), &typed, result, "created").await
}

pub(super) async fn delete_role(
    State(state): State<AppState>,
    visit: Visit,
    Path(name): Path<String>,
    _: Form,
) -> PageResult {
    let (granted, can) = admin::<RolesWrite>(&state, &visit).await?;
    let result = state
        .services
        .admin
        .delete_role(&granted, &visit.client, &name)
        .await;
    after_role_change(
        &state,
        &visit,
        (granted, can),
        &Form::empty(),
        result,
        "deleted",
    )
    .await
}
