//! /admin/users: search and page through users; one user's facts, status
//! and roles; disabling, verifying, deleting and changing roles.

use askama::Template;
use axum::{
    extract::{Path, RawQuery, State},
    http::StatusCode,
    response::{IntoResponse as _, Redirect},
};
use uuid::Uuid;

use super::{Allowed, Pager, admin, refused, text};
use crate::core::Error;
use crate::core::model::{Account, Principal};
use crate::core::ports::UserPatch;
use crate::core::rbac::{RolesWrite, UsersDelete, UsersRead, UsersWrite};
use crate::web::pages::auth::{query, signed_out};
use crate::web::pages::{Errors, Form, Frame, PageResult, Visit, render};
use crate::web::shared::extract::{Page, path_id, user_filter};
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "pages/admin_users.html")]
struct UsersPage<'a> {
    frame: Frame,
    can: Allowed,
    section: &'a str,
    users: Vec<Account>,
    roles: Vec<String>,
    q: &'a str,
    role: &'a str,
    total: u64,
    pager: Pager,
}

pub(super) async fn users_page(
    State(state): State<AppState>,
    visit: Visit,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let (granted, can) = admin::<UsersRead>(&state, &visit).await?;
    let query = query(raw);
    let page = Page::parse(&query)?;
    let (q, role) = (text(&query, "q"), text(&query, "role"));
    let filter = user_filter(&query);
    let admin = &state.services.admin;
    let (users, total) = admin
        .list_users(&granted, &filter, page.page, page.per_page)
        .await?;
    let roles = admin.role_names(&granted).await?;
    let view = UsersPage {
        frame: visit.frame(&state, "admin-users-title").await,
        can,
        section: "users",
        users,
        roles,
        q,
        role,
        total,
        pager: Pager::new("/admin/users", &[("q", q), ("role", role)], page, total),
    };
    Ok(render(StatusCode::OK, &view))
}

#[derive(Template)]
#[template(path = "pages/admin_user.html")]
struct UserPage<'a> {
    frame: Frame,
    can: Allowed,
    section: &'a str,
    account: Account,
    grantable: Vec<String>,
    errors: &'a Errors,
    /// The message id of what the page says about the last thing done.
    notice: Option<&'static str>,
}

/// The user's page, if `who` may read it (after a change, too).
async fn show_user(
    state: &AppState,
    visit: &Visit,
    (who, can): (&Principal, Allowed),
    id: Uuid,
    (status, errors): (StatusCode, &Errors),
    notice: Option<&'static str>,
) -> PageResult {
    let readable = state.services.permissions.require::<UsersRead>(who).await?;
    let admin = &state.services.admin;
    let account = admin.get_user(&readable, id).await?;
    let grantable = admin
        .role_names(&readable)
        .await?
        .into_iter()
        .filter(|name| !account.roles.contains(name))
        .collect();
    let view = UserPage {
        frame: visit
            .frame_titled(state, visit.words(state), account.user.email.clone())
            .await,
        can,
        section: "users",
        account,
        grantable,
        errors,
        notice,
    };
    Ok(render(status, &view))
}

pub(super) async fn user_page(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let (granted, can) = admin::<UsersRead>(&state, &visit).await?;
    let notice = match query(raw).get("notice").map(String::as_str) {
        Some("updated") => Some("admin-user-updated"),
        Some("roles") => Some("admin-user-roles-changed"),
        _ => None,
    };
    let fine = (StatusCode::OK, &Errors::default());
    show_user(
        &state,
        &visit,
        (granted.who(), can),
        path_id(&id)?,
        fine,
        notice,
    )
    .await
}

/// Back to the user's page saying `done`, or the page again with the error.
async fn after_user_change(
    state: &AppState,
    visit: &Visit,
    actor: (&Principal, Allowed),
    id: Uuid,
    result: Result<(), Error>,
    done: &str,
) -> PageResult {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/admin/users/{id}?notice={done}")).into_response()),
        Err(err) => {
            let (status, errors) = Errors::from_error(err, "password", &visit.words(state))?;
            show_user(state, visit, actor, id, (status, &errors), None).await
        }
    }
}

pub(super) async fn update_user(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    form: Form,
) -> PageResult {
    let (granted, can) = admin::<UsersWrite>(&state, &visit).await?;
    let id = path_id(&id)?;
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
            return Err(refused("action", "invalid", "admin-user-action-unknown").into());
        }
    };
    let result = state
        .services
        .admin
        .update_user(&granted, &visit.client, id, patch)
        .await
        .map(|_| ());
    after_user_change(&state, &visit, (granted.who(), can), id, result, "updated").await
}

pub(super) async fn delete_user(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    form: Form,
) -> PageResult {
    let (granted, can) = admin::<UsersDelete>(&state, &visit).await?;
    let id = path_id(&id)?;
    let actor = (granted.who(), can);
    // One click must not erase an account: the box says "I mean it".
    if form.get("confirm") != "yes" {
        let err = refused("confirm", "required", "admin-user-delete-unconfirmed");
        return after_user_change(&state, &visit, actor, id, Err(err), "updated").await;
    }
    match state
        .services
        .admin
        .delete_user(&granted, &visit.client, id)
        .await
    {
        Ok(()) if id == granted.who().user_id => Ok(signed_out(&visit, "/login?notice=deleted")),
        Ok(()) => Ok(Redirect::to("/admin/users").into_response()),
        Err(err) => after_user_change(&state, &visit, actor, id, Err(err), "updated").await,
    }
}

pub(super) async fn change_roles(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    form: Form,
) -> PageResult {
    let (granted, can) = admin::<RolesWrite>(&state, &visit).await?;
    let id = path_id(&id)?;
    let (admin, role) = (&state.services.admin, form.get("role"));
    let result = match form.get("op") {
        "grant" => admin.grant_role(&granted, &visit.client, id, role).await,
        "revoke" => admin.revoke_role(&granted, &visit.client, id, role).await,
        _ => Err(refused("op", "invalid", "admin-user-op-unknown")),
    };
    after_user_change(&state, &visit, (granted.who(), can), id, result, "roles").await
}
