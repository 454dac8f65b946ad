//! /account: the signed-in user's profile, password, sessions, data export
//! and erasure, each through the same service as its API endpoint.

use askama::Template;
use axum::{
    Router,
    extract::{Path, RawQuery, State},
    http::{StatusCode, header},
    response::{IntoResponse as _, Redirect},
    routing::{get, post},
};
use uuid::Uuid;

use super::auth::{query, signed_out};
use super::{Errors, Form, Frame, PageResult, Visit, render, with_script};
use crate::core::Error;
use crate::core::mfa::RECOVERY_CODES;
use crate::core::model::{Account, Principal, Session};
use crate::core::ports::Factors;
use crate::infra::i18n::{Arg, Words, escape};
use crate::web::shared::extract::path_id;
use crate::web::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/account", get(account_page))
        .route("/account/profile", post(update_profile))
        .route("/account/language", post(update_language))
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

/// What a redirect back to /account may ask it to say, by key: a message id.
fn notice(key: Option<&String>) -> Option<&'static str> {
    match key.map(String::as_str) {
        Some("profile") => Some("account-notice-profile"),
        Some("language") => Some("account-notice-language"),
        Some("password") => Some("account-notice-password"),
        Some("verification") => Some("account-notice-verification"),
        Some("session") => Some("account-notice-session"),
        Some("app") => Some("account-notice-app"),
        Some("totp_removed") => Some("account-notice-totp-removed"),
        Some("passkey_added") => Some("account-notice-passkey-added"),
        Some("passkey_removed") => Some("account-notice-passkey-removed"),
        Some("connected") => Some("account-notice-connected"),
        Some("disconnected") => Some("account-notice-disconnected"),
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
    apps: &'a [AppRow],
    /// Second factors ("Security").
    factors: &'a Factors,
    /// The user's passkeys ("Security").
    passkeys: &'a [PasskeyRow],
    /// How many recovery codes a set has.
    recovery_codes: usize,
    current: Uuid,
    /// The notice, in the page's language.
    notice: Option<String>,
    /// Providers, connected or not ("Connected sign-ins").
    connections: &'a [ConnectionRow],
    has_password: bool,
    /// Where someone with no password signs in again (see `fresh_hint`).
    reauth_href: String,
}

/// A passkey under "Passkeys".
struct PasskeyRow {
    id: Uuid,
    name: String,
    /// Its name and dates, as HTML (see `bold_in`).
    line: String,
}

/// An app under "Connected apps".
struct AppRow {
    client_id: String,
    client_name: String,
    /// Its name, scopes and date, as HTML (see `bold_in`).
    line: String,
}

/// Message `id` as HTML, its variable `name` shown in bold as `value` and
/// the other variables `args` as text: `Words::t_tag` with more variables.
/// Everything in it is escaped.
fn bold_in(words: &Words, id: &str, name: &str, value: &str, args: &[(&str, &dyn Arg)]) -> String {
    // A private-use character no message or date holds, standing for the
    // bold part while the sentence is escaped.
    const SLOT: &str = "\u{E001}";
    let mut all: Vec<(&str, &dyn Arg)> = vec![(name, &SLOT)];
    all.extend_from_slice(args);
    let bold = format!("<strong>{}</strong>", escape(value));
    escape(&words.tn(id, &all)).replace(SLOT, &bold)
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
    // A message id.
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
    let mut frame = visit.frame(state, "account-title").await;
    // Adding a passkey needs the browser's WebAuthn API.
    frame.script = true;
    let connections = state.services.federation.connections(who).await?;
    let rows: Vec<ConnectionRow> = connections
        .rows
        .into_iter()
        .map(|c| ConnectionRow {
            connect_href: format!("/login/{}?connect={}", c.slug, visit.connect_token(&c.slug)),
            connected: c.identity.map(|i| {
                i.email
                    .unwrap_or_else(|| frame.t("account-provider-no-email"))
            }),
            slug: c.slug,
            name: c.display_name,
        })
        .collect();
    let passkeys: Vec<PasskeyRow> = factors
        .passkeys
        .iter()
        .map(|p| {
            let added = frame.date(&p.created_at);
            let line = match &p.last_used_at {
                Some(used) => bold_in(
                    &frame,
                    "account-passkey-used",
                    "name",
                    &p.name,
                    &[("added", &added), ("used", &frame.date(used))],
                ),
                None => bold_in(
                    &frame,
                    "account-passkey",
                    "name",
                    &p.name,
                    &[("added", &added)],
                ),
            };
            PasskeyRow {
                id: p.id,
                name: p.name.clone(),
                line,
            }
        })
        .collect();
    let apps: Vec<AppRow> = apps
        .into_iter()
        .map(|app| AppRow {
            line: bold_in(
                &frame,
                "account-app",
                "app",
                &app.client_name,
                &[
                    ("scopes", &frame.list(&app.scopes)),
                    ("since", &frame.date(&app.granted_at)),
                ],
            ),
            client_id: app.client_id,
            client_name: app.client_name,
        })
        .collect();
    let notice = notice.map(|id| frame.t(id));
    let reauth_href = frame.path("/login?reauth=1&return_to=%2Faccount");
    let page = AccountPage {
        frame,
        account: &account,
        typed: &typed,
        errors,
        sessions: &live,
        apps: &apps,
        factors: &factors,
        passkeys: &passkeys,
        recovery_codes: RECOVERY_CODES,
        current: who.session_id,
        notice,
        connections: &rows,
        has_password: connections.has_password,
        reauth_href,
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
    let (status, errors) = Errors::from_error(err, password_field, &visit.words(state))?;
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
            let (status, errors) = Errors::from_error(err, password_field, &visit.words(state))?;
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
        .update_profile(
            who.user_id,
            Some(name),
            None,
            state.config.catalog.languages(),
        )
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

/// The user's language: stored (their emails follow it) and set as this
/// browser's menu choice too, which would otherwise outrank it here.
async fn update_language(State(state): State<AppState>, visit: Visit, form: Form) -> PageResult {
    let who = visit.require()?;
    let chosen = form.optional("locale");
    let languages = state.config.catalog.languages();
    let result = state
        .services
        .accounts
        .update_profile(who.user_id, None, Some(chosen), languages)
        .await;
    match result {
        Ok(account) => {
            let mut response = Redirect::to("/account?notice=language").into_response();
            let lang = account.user.locale.unwrap_or_default();
            response
                .headers_mut()
                .append(header::SET_COOKIE, visit.language_cookie(&lang));
            Ok(response)
        }
        Err(err) => after(&state, &visit, who, Err(err), "language", &form, "locale").await,
    }
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
            let (status, errors) = Errors::from_error(err, "password", &visit.words(&state))?;
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
