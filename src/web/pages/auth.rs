//! Pages for getting in: sign in, sign out, registration, forgotten password,
//! and the two pages behind emailed links. The links' GET only shows a form;
//! its POST does the work, because mail scanners open links.

use std::collections::HashMap;

use askama::Template;
use axum::{
    extract::{RawQuery, State},
    http::{StatusCode, header},
    response::{IntoResponse as _, Redirect},
};

use super::{Errors, Form, Frame, PageResult, Visit, message, render};
use crate::core::Error;
use crate::core::mfa::step::SignIn;
use crate::core::model::TokenPurpose;
use crate::core::sessions::Issued;
use crate::web::shared::error::WebError;
use crate::web::state::AppState;

/// The query string as pairs; an unreadable one is an empty one.
pub fn query(raw: Option<String>) -> HashMap<String, String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(raw.as_deref().unwrap_or_default())
        .map(|pairs| pairs.into_iter().collect())
        .unwrap_or_default()
}

/// The message a redirect can ask /login to show, by key (never free text
/// from the URL, which anyone can craft).
fn notice(key: Option<&String>) -> Option<&'static str> {
    match key.map(String::as_str) {
        Some("signed-out") => Some("login-notice-signed-out"),
        Some("password-reset") => Some("login-notice-password-reset"),
        Some("deleted") => Some("login-notice-deleted"),
        Some("connect") => Some("login-notice-connect"),
        _ => None,
    }
}

#[derive(Template)]
#[template(path = "pages/login.html")]
struct LoginPage<'a> {
    frame: Frame,
    typed: &'a Form,
    errors: &'a Errors,
    /// A notice, in the page's language.
    notice: Option<String>,
    /// Where to go after signing in (an authorization request, say).
    return_to: Option<String>,
    providers: Vec<ProviderButton>,
}

/// A "Sign in with …" button: a link that starts the provider's flow.
pub struct ProviderButton {
    pub href: String,
    pub name: String,
}

/// One button per enabled provider, each going on to `return_to`.
async fn provider_buttons(state: &AppState, return_to: Option<&str>) -> Vec<ProviderButton> {
    // The page works without them (the database being slow, say).
    let choices = state
        .services
        .federation
        .sign_in_choices()
        .await
        .unwrap_or_default();
    let onward = return_to
        .and_then(|to| serde_urlencoded::to_string([("return_to", to)]).ok())
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    choices
        .into_iter()
        .map(|(slug, name)| ProviderButton {
            href: format!("/login/{slug}{onward}"),
            name,
        })
        .collect()
}

/// A place on this site to return to: a path, never another origin
/// (`//host` and `/\host` are other origins to browsers).
pub(super) fn same_origin_path(to: Option<&str>) -> Option<String> {
    let to = to?;
    let safe = to.starts_with('/')
        && !to.starts_with("//")
        && !to.starts_with("/\\")
        && to.len() <= 4096
        && !to.chars().any(|c| c.is_control() || c == '\\');
    safe.then(|| to.to_owned())
}

/// The login page's answer, allowed to send its form on to the OAuth
/// client an authorization request returns to: only a redirect URI that
/// client registered loosens the page's `form-action`.
async fn login_answer(
    state: &AppState,
    response: axum::response::Response,
    return_to: Option<&str>,
) -> axum::response::Response {
    // The page offers passkeys: it loads their script.
    let mut response = super::with_script(response);
    let asked = return_to
        .filter(|to| to.starts_with("/oauth2/authorize?"))
        .and_then(|to| to.split_once('?'))
        .map(|(_, q)| query(Some(q.to_owned())));
    let Some(asked) = asked else {
        return response;
    };
    let (Some(client_id), Some(target)) = (asked.get("client_id"), asked.get("redirect_uri"))
    else {
        return response;
    };
    let oauth = &state.services.oauth;
    if let Ok(Some(registered)) = oauth.registered_redirect(client_id, target).await {
        crate::web::oauth::authorize::allow_redirect_to(&mut response, &registered);
    }
    response
}

pub async fn login_page(
    State(state): State<AppState>,
    visit: Visit,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let asked = query(raw);
    let return_to = same_origin_path(asked.get("return_to").map(String::as_str));
    // Signed in already: straight on, unless asked to sign in again.
    if visit.who.is_some() && !asked.contains_key("reauth") {
        let to = return_to.as_deref().unwrap_or("/account");
        return Ok(Redirect::to(to).into_response());
    }
    let email = asked.get("email").map(String::as_str).unwrap_or_default();
    let frame = login_frame(&state, &visit).await;
    let page = LoginPage {
        notice: notice(asked.get("notice")).map(|id| frame.t(id)),
        frame,
        typed: &Form::with(&[("email", email)]),
        errors: &Errors::default(),
        providers: provider_buttons(&state, return_to.as_deref()).await,
        return_to: return_to.clone(),
    };
    Ok(login_answer(&state, render(StatusCode::OK, &page), return_to.as_deref()).await)
}

/// Signs in with the API's login (same throttling, audit and rules) and makes
/// the new session this browser's.
pub async fn login(State(state): State<AppState>, visit: Visit, form: Form) -> PageResult {
    let password = form.password("password");
    // As the API: absent fields are 422, not a failed (and counted) attempt.
    let email = form.get("email").trim();
    let result = if email.is_empty() || password.is_empty() {
        Err(Error::missing(&[
            ("email", email.is_empty()),
            ("password", password.is_empty()),
        ]))
    } else {
        state
            .services
            .accounts
            .login(email, &password, visit.client.clone())
            .await
    };
    let return_to = same_origin_path(form.optional("return_to"));
    match result {
        Ok(SignIn::Done(issued)) => signed_in(&state, &visit, issued, return_to.as_deref()).await,
        Ok(SignIn::SecondFactor(step)) => {
            Ok(super::mfa::SecondStepPage::first(&state, &visit, step, return_to).await)
        }
        Err(err) => login_refused(&state, &visit, err, form.get("email"), return_to).await,
    }
}

/// The login page again, saying why signing in failed.
pub(super) async fn login_refused(
    state: &AppState,
    visit: &Visit,
    err: Error,
    email: &str,
    return_to: Option<String>,
) -> PageResult {
    let (status, errors) = Errors::from_error(err, "password", &visit.words(state))?;
    let page = LoginPage {
        frame: login_frame(state, visit).await,
        typed: &Form::with(&[("email", email)]),
        errors: &errors,
        notice: None,
        providers: provider_buttons(state, return_to.as_deref()).await,
        return_to: return_to.clone(),
    };
    Ok(login_answer(state, render(status, &page), return_to.as_deref()).await)
}

/// The login page's frame: it offers passkeys, so it loads their script.
async fn login_frame(state: &AppState, visit: &Visit) -> Frame {
    let mut frame = visit.frame(state, "login-title").await;
    frame.script = true;
    frame
}

/// The browser is signed in with `issued`'s session: the one it replaces
/// ends, and it goes on to `return_to` or /account.
pub(super) async fn signed_in(
    state: &AppState,
    visit: &Visit,
    issued: Issued,
    return_to: Option<&str>,
) -> PageResult {
    end_session_of(state, visit).await?;
    let to = return_to.unwrap_or("/account");
    let mut response = Redirect::to(to).into_response();
    response.headers_mut().append(
        header::SET_COOKIE,
        visit.sign_in_cookie(
            issued.refresh_token.as_deref().unwrap_or_default(),
            issued.refresh_expires_in,
        ),
    );
    Ok(response)
}

/// Ends the session this browser is signed in with, if any.
async fn end_session_of(state: &AppState, visit: &Visit) -> Result<(), Error> {
    if let Some(who) = &visit.who {
        match state.services.sessions.logout(who, &visit.client).await {
            Ok(()) | Err(Error::NotFound) => {}
            Err(err) => return Err(err),
        }
    }
    Ok(())
}

/// Ends this browser's session, and forgets its cookie either way.
pub async fn logout(State(state): State<AppState>, visit: Visit, _: Form) -> PageResult {
    end_session_of(&state, &visit).await?;
    Ok(signed_out(&visit, "/login?notice=signed-out"))
}

/// A redirect to `to` that also drops the session cookie.
pub fn signed_out(visit: &Visit, to: &str) -> axum::response::Response {
    let mut response = Redirect::to(to).into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, visit.sign_out_cookie());
    response
}

#[derive(Template)]
#[template(path = "pages/register.html")]
struct RegisterPage<'a> {
    frame: Frame,
    typed: &'a Form,
    errors: &'a Errors,
    providers: Vec<ProviderButton>,
    /// The password's length, for the hint.
    password_min: usize,
    password_max: usize,
}

/// The tenant's shortest and the longest password, for the pages' hints.
fn password_lengths(state: &AppState) -> (usize, usize) {
    (
        state.config.password_min_length,
        crate::core::validate::PASSWORD_MAX,
    )
}

pub async fn register_page(State(state): State<AppState>, visit: Visit) -> PageResult {
    let (password_min, password_max) = password_lengths(&state);
    let page = RegisterPage {
        frame: visit.frame(&state, "login-register-title").await,
        typed: &Form::empty(),
        errors: &Errors::default(),
        providers: provider_buttons(&state, None).await,
        password_min,
        password_max,
    };
    Ok(render(StatusCode::OK, &page))
}

pub async fn register(State(state): State<AppState>, visit: Visit, form: Form) -> PageResult {
    let password = form.password("password");
    let result = state
        .services
        .accounts
        .register(
            form.get("email"),
            &password,
            form.optional("display_name"),
            &visit.client,
        )
        .await;
    match result {
        Ok(account) => {
            let frame = visit.frame(&state, "login-check-email-title").await;
            let text = frame.t1("login-register-done", "email", account.user.email);
            Ok(message(
                &frame,
                StatusCode::CREATED,
                &frame.title,
                &text,
                Some(("/login", &frame.t("login-link-sign-in"))),
            ))
        }
        Err(err) => {
            let (status, errors) = Errors::from_error(err, "password", &visit.words(&state))?;
            let (password_min, password_max) = password_lengths(&state);
            let page = RegisterPage {
                frame: visit.frame(&state, "login-register-title").await,
                password_min,
                password_max,
                typed: &Form::with(&[
                    ("email", form.get("email")),
                    ("display_name", form.get("display_name")),
                ]),
                errors: &errors,
                providers: provider_buttons(&state, None).await,
            };
            Ok(render(status, &page))
        }
    }
}

#[derive(Template)]
#[template(path = "pages/forgot.html")]
struct ForgotPage<'a> {
    frame: Frame,
    typed: &'a Form,
    errors: &'a Errors,
}

pub async fn forgot_page(State(state): State<AppState>, visit: Visit) -> PageResult {
    let page = ForgotPage {
        frame: visit.frame(&state, "login-forgot-title").await,
        typed: &Form::empty(),
        errors: &Errors::default(),
    };
    Ok(render(StatusCode::OK, &page))
}

pub async fn forgot(State(state): State<AppState>, visit: Visit, form: Form) -> PageResult {
    match state
        .services
        .recovery
        .forgot(form.get("email"), visit.client.clone())
    {
        Ok(()) => {
            let frame = visit.frame(&state, "login-check-email-title").await;
            Ok(message(
                &frame,
                StatusCode::OK,
                &frame.title,
                &frame.t("login-forgot-sent"),
                Some(("/login", &frame.t("login-back-to-sign-in"))),
            ))
        }
        Err(err) => {
            let (status, errors) = Errors::from_error(err, "email", &visit.words(&state))?;
            let page = ForgotPage {
                frame: visit.frame(&state, "login-forgot-title").await,
                typed: &Form::with(&[("email", form.get("email"))]),
                errors: &errors,
            };
            Ok(render(status, &page))
        }
    }
}

#[derive(Template)]
#[template(path = "pages/reset.html")]
struct ResetPage<'a> {
    frame: Frame,
    token: &'a str,
    errors: &'a Errors,
    /// The password's length, for the hint.
    password_min: usize,
    password_max: usize,
}

/// The page for a link that is unknown, used or expired; `retry` is where
/// to go next and the message saying so.
async fn dead_link(state: &AppState, visit: &Visit, retry: (&str, &str)) -> PageResult {
    let said = WebError::from(Error::InvalidOneTimeToken).describe();
    let words = visit.words(state);
    let title = words.say(&said.page_title());
    let frame = visit.frame_titled(state, words, title).await;
    let (href, label) = retry;
    Ok(message(
        &frame,
        said.status,
        &frame.title,
        &frame.say(&said.page()),
        Some((href, &frame.t(label))),
    ))
}

const NEW_RESET_LINK: (&str, &str) = ("/forgot-password", "login-link-new-reset");

pub async fn reset_page(
    State(state): State<AppState>,
    visit: Visit,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let token = query(raw).remove("token").unwrap_or_default();
    let usable = state
        .services
        .recovery
        .usable_token(TokenPurpose::Reset, &token);
    if let Err(err) = usable.await {
        return match err {
            Error::InvalidOneTimeToken => dead_link(&state, &visit, NEW_RESET_LINK).await,
            other => Err(other.into()),
        };
    }
    let (password_min, password_max) = password_lengths(&state);
    let page = ResetPage {
        frame: visit.frame(&state, "login-reset-title").await,
        token: &token,
        errors: &Errors::default(),
        password_min,
        password_max,
    };
    Ok(render(StatusCode::OK, &page))
}

pub async fn reset(State(state): State<AppState>, visit: Visit, form: Form) -> PageResult {
    let new_password = form.password("new_password");
    let token = form.get("token");
    let reset = state
        .services
        .recovery
        .reset(token, &new_password, &visit.client);
    match reset.await {
        // Every session of that user ended; this browser's, whoever's, too.
        Ok(()) => {
            end_session_of(&state, &visit).await?;
            Ok(signed_out(&visit, "/login?notice=password-reset"))
        }
        Err(Error::InvalidOneTimeToken) => dead_link(&state, &visit, NEW_RESET_LINK).await,
        Err(err) => {
            let (status, errors) = Errors::from_error(err, "new_password", &visit.words(&state))?;
            let (password_min, password_max) = password_lengths(&state);
            let page = ResetPage {
                frame: visit.frame(&state, "login-reset-title").await,
                token,
                errors: &errors,
                password_min,
                password_max,
            };
            Ok(render(status, &page))
        }
    }
}

#[derive(Template)]
#[template(path = "pages/verify.html")]
struct VerifyPage<'a> {
    frame: Frame,
    token: &'a str,
}

/// Where to go next, and the message saying so.
const SIGN_IN_LINK: (&str, &str) = ("/login", "login-link-sign-in");

pub async fn verify_page(
    State(state): State<AppState>,
    visit: Visit,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let token = query(raw).remove("token").unwrap_or_default();
    let usable = state
        .services
        .recovery
        .usable_token(TokenPurpose::Verify, &token);
    if let Err(err) = usable.await {
        return match err {
            Error::InvalidOneTimeToken => dead_link(&state, &visit, SIGN_IN_LINK).await,
            other => Err(other.into()),
        };
    }
    let page = VerifyPage {
        frame: visit.frame(&state, "login-verify-title").await,
        token: &token,
    };
    Ok(render(StatusCode::OK, &page))
}

pub async fn verify(State(state): State<AppState>, visit: Visit, form: Form) -> PageResult {
    let verified = state
        .services
        .recovery
        .verify(form.get("token"), &visit.client);
    match verified.await {
        Ok(()) => {
            let frame = visit.frame(&state, "login-verified-title").await;
            let (href, label) = if visit.who.is_some() {
                ("/account", "login-link-account")
            } else {
                SIGN_IN_LINK
            };
            Ok(message(
                &frame,
                StatusCode::OK,
                &frame.title,
                &frame.t("login-verified"),
                Some((href, &frame.t(label))),
            ))
        }
        Err(Error::InvalidOneTimeToken) => dead_link(&state, &visit, SIGN_IN_LINK).await,
        Err(err) => Err(err.into()),
    }
}
