//! /account: the signed-in user's profile, password, sessions, data export
//! and erasure, each through the same service as its API endpoint.

use askama::Template;
use axum::{
    Router,
    extract::{Path, RawQuery, State},
    http::StatusCode,
    response::{IntoResponse as _, Redirect},
    routing::{get, post},
};
use uuid::Uuid;

use super::auth::{query, signed_out};
use super::{Errors, Form, Frame, PageResult, Visit, render, with_script};
use crate::core::Error;
use crate::core::model::{Account, Principal, Session};
use crate::core::ports::{Consent, Factors};
use crate::web::shared::extract::path_id;
use crate::web::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/account", get(account_page))
        .route("/account/profile", post(update_profile))
        .route("/account/password", post(change_password))
        .route("/account/verification", post(resend_verification))
        .route("/account/sessions/{id}/end", post(end_session))
        .route("/account/sessions/end-all", post(end_all_sessions))
        .route("/account/apps/{client_id}/disconnect", post(disconnect_app))
        .route(
            "/account/identities/{slug}/disconnect",
            post(disconnect_identity),
        )
        .route("/account/export", get(export))
        .route("/account/delete", post(delete_account))
}

/// What a redirect back to /account may ask it to say, by key.
fn notice(key: Option<&String>) -> Option<&'static str> {
    match key.map(String::as_str) {
        Some("profile") => Some("Your name was saved."),
        Some("password") => Some("Your password was changed. Your other sessions were signed out."),
        Some("verification") => Some("We sent you a new confirmation email."),
        Some("session") => Some("That session was signed out."),
        Some("app") => Some("That app was disconnected and signed out."),
        Some("totp_removed") => Some("The authenticator app was removed."),
        Some("passkey_added") => Some("Your passkey was added."),
        Some("passkey_removed") => Some("That passkey was removed."),
        Some("connected") => Some("The provider was connected: you can sign in with it now."),
        Some("disconnected") => Some("The provider was disconnected."),
        _ => None,
    }
}

#[derive(Template)]
#[template(path = "pages/account.html")]
struct AccountPage<'a> {
    frame: Frame,
    account: &'a Account,
    typed: &'a Form,
    errors: &'a Errors,
    sessions: &'a [Session],
    /// The apps the user let in ("Connected apps").
    apps: &'a [Consent],
    /// Second factors and passkeys ("Security").
    factors: &'a Factors,
    current: Uuid,
    notice: Option<&'static str>,
    /// Providers, connected or not ("Connected sign-ins").
    connections: &'a [ConnectionRow],
    has_password: bool,
}

/// A provider under "Connected sign-ins": the link that connects it, or
/// how it is connected.
struct ConnectionRow {
    slug: String,
    name: String,
    connect_href: String,
    /// The address the provider gave, when connected.
    connected: Option<String>,
}

/// The account page, with `errors` from a form just posted.
async fn show(
    state: &AppState,
    visit: &Visit,
    who: &Principal,
    status: StatusCode,
    errors: &Errors,
    notice: Option<&'static str>,
    posted: Option<&Form>,
) -> PageResult {
    let account = state.services.accounts.profile(who.user_id).await?;
    let live = state.services.sessions.list(who).await?;
    let apps = state.services.oauth.consents(who).await?;
    let factors = state.services.mfa.factors(who.user_id).await?;
    // The name as just typed, if that form was posted; else as stored.
    let typed = match posted.filter(|f| f.sent("display_name")) {
        Some(form) => form.keep(&["display_name"]),
        None => Form::with(&[(
            "display_name",
            account.user.display_name.as_deref().unwrap_or_default(),
        )]),
    };
    let connections = state.services.federation.connections(who).await?;
    let rows: Vec<ConnectionRow> = connections
        .rows
        .into_iter()
        .map(|c| ConnectionRow {
            connect_href: format!("/login/{}?connect={}", c.slug, visit.connect_token(&c.slug)),
            connected: c
                .identity
                .map(|i| i.email.unwrap_or_else(|| "connected".to_owned())),
            slug: c.slug,
            name: c.display_name,
        })
        .collect();
    let mut frame = visit.frame(state, "Your account").await;
    // Adding a passkey needs the browser's WebAuthn API.
    frame.script = true;
    let page = AccountPage {
        frame,
        account: &account,
        typed: &typed,
        errors,
        sessions: &live,
        apps: &apps,
        factors: &factors,
        current: who.session_id,
        notice,
        connections: &rows,
        has_password: connections.has_password,
    };
    Ok(with_script(render(status, &page)))
}

/// The account page again, with what `err` says about the form whose
/// password field is `password_field`.
pub(super) async fn failed(
    state: &AppState,
    visit: &Visit,
    err: Error,
    password_field: &str,
) -> PageResult {
    let who = visit.require()?;
    let (status, errors) = Errors::from_error(err, password_field)?;
    show(state, visit, who, status, &errors, None, None).await
}

/// After a form: back to the account page saying `done`, or the page again
/// with the errors.
async fn after(
    state: &AppState,
    visit: &Visit,
    who: &Principal,
    result: Result<(), Error>,
    done: &str,
    posted: &Form,
    password_field: &str,
) -> PageResult {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/account?notice={done}")).into_response()),
        Err(err) => {
            let (status, errors) = Errors::from_error(err, password_field)?;
            show(state, visit, who, status, &errors, None, Some(posted)).await
        }
    }
}

async fn account_page(
    State(state): State<AppState>,
    visit: Visit,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let who = visit.require()?;
    let notice = notice(query(raw).get("notice"));
    show(
        &state,
        &visit,
        who,
        StatusCode::OK,
        &Errors::default(),
        notice,
        None,
    )
    .await
}

async fn update_profile(State(state): State<AppState>, visit: Visit, form: Form) -> PageResult {
    let who = visit.require()?;
    let name = form.optional("display_name");
    let result = state
        .services
        .accounts
        .update_profile(who.user_id, Some(name))
        .await
        .map(|_| ());
    after(
        &state,
        &visit,
        who,
        result,
        "profile",
        &form,
        "display_name",
    )
    .await
}

async fn change_password(State(state): State<AppState>, visit: Visit, form: Form) -> PageResult {
    let who = visit.require()?;
    let (current, new_password) = (
        form.password("current_password"),
        form.password("new_password"),
    );
    let result = state
        .services
        .recovery
        .change(who, &current, &new_password, &visit.client)
        .await;
    after(
        &state,
        &visit,
        who,
        result,
        "password",
        &form,
        "current_password",
    )
    .await
}

async fn resend_verification(
    State(state): State<AppState>,
    visit: Visit,
    form: Form,
) -> PageResult {
    let who = visit.require()?;
    let result = state.services.recovery.resend_verification(who).await;
    after(
        &state,
        &visit,
        who,
        result,
        "verification",
        &form,
        "password",
    )
    .await
}

async fn end_session(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    _: Form,
) -> PageResult {
    let who = visit.require()?;
    let id = path_id(&id)?;
    state
        .services
        .sessions
        .revoke(who, id, &visit.client)
        .await?;
    if id == who.session_id {
        return Ok(signed_out(&visit, "/login?notice=signed-out"));
    }
    Ok(Redirect::to("/account?notice=session").into_response())
}

/// Withdraws consent from an app: its sessions of the user end at once.
async fn disconnect_app(
    State(state): State<AppState>,
    visit: Visit,
    Path(client_id): Path<String>,
    _: Form,
) -> PageResult {
    let who = visit.require()?;
    state
        .services
        .oauth
        .withdraw_consent(who, &client_id, &visit.client)
        .await?;
    Ok(Redirect::to("/account?notice=app").into_response())
}

async fn end_all_sessions(State(state): State<AppState>, visit: Visit, _: Form) -> PageResult {
    let who = visit.require()?;
    state
        .services
        .sessions
        .logout_all(who, &visit.client)
        .await?;
    Ok(signed_out(&visit, "/login?notice=signed-out"))
}

/// A download; GET, because it changes nothing.
async fn export(State(state): State<AppState>, visit: Visit) -> PageResult {
    let who = visit.require()?;
    let export = state.services.privacy.export(who).await?;
    Ok(crate::web::api::users::export_download(export).into_response())
}

async fn delete_account(State(state): State<AppState>, visit: Visit, form: Form) -> PageResult {
    let who = visit.require()?;
    let password = form.password("password");
    let deleted = state
        .services
        .privacy
        .delete_me(who, &password, &visit.client);
    match deleted.await {
        Ok(()) => Ok(signed_out(&visit, "/login?notice=deleted")),
        Err(err) => {
            let (status, errors) = Errors::from_error(err, "password")?;
            show(&state, &visit, who, status, &errors, None, None).await
        }
    }
}

async fn disconnect_identity(
    State(state): State<AppState>,
    visit: Visit,
    Path(slug): Path<String>,
    form: Form,
) -> PageResult {
    let who = visit.require()?;
    let result = state
        .services
        .federation
        .unlink(who, &slug, &visit.client)
        .await;
    after(&state, &visit, who, result, "disconnected", &form, "").await
}
