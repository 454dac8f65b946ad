//! Signing in on the pages beyond the password: the second step after a
//! right password (a code from the app or a recovery code, without
//! JavaScript; or a passkey, through `/assets/passkeys.js`), and signing in
//! with a passkey alone from /login.

use askama::Template;
use axum::{extract::State, http::StatusCode, response::Response};
use serde_json::Value;
use uuid::Uuid;

use super::auth::{login_refused, same_origin_path, signed_in};
use super::{Errors, Form, Frame, PageResult, Visit, render, with_script};
use crate::core::Error;
use crate::core::mfa::step::{Method, SecondStep};
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "pages/login_mfa.html")]
pub struct SecondStepPage {
    frame: Frame,
    errors: Errors,
    mfa_token: String,
    return_to: Option<String>,
    /// Whether the user has an authenticator app (else only recovery codes
    /// are typed), and passkeys.
    totp: bool,
    passkey: bool,
    /// Whether unused recovery codes are left.
    codes: bool,
}

impl SecondStepPage {
    /// The page that opens a second step.
    pub async fn first(
        state: &AppState,
        visit: &Visit,
        step: SecondStep,
        return_to: Option<String>,
    ) -> Response {
        let page = Self::for_methods(
            state,
            visit,
            &step.methods,
            step.mfa_token,
            return_to,
            Errors::default(),
        )
        .await;
        page.answer(StatusCode::OK)
    }

    async fn for_methods(
        state: &AppState,
        visit: &Visit,
        methods: &[&str],
        mfa_token: String,
        return_to: Option<String>,
        errors: Errors,
    ) -> Self {
        let passkey = methods.contains(&"passkey");
        let mut frame = visit.frame(state, "login-mfa-title").await;
        frame.script = passkey;
        Self {
            frame,
            errors,
            mfa_token,
            return_to,
            totp: methods.contains(&"totp"),
            passkey,
            codes: methods.contains(&"recovery_code"),
        }
    }

    fn answer(&self, status: StatusCode) -> Response {
        match self.passkey {
            true => with_script(render(status, self)),
            false => render(status, self),
        }
    }
}

/// The page again after a failed try, offering what the user has.
async fn try_again(
    state: &AppState,
    visit: &Visit,
    err: Error,
    field: &str,
    mfa_token: String,
    return_to: Option<String>,
) -> PageResult {
    let (status, errors) = Errors::from_error(err, field, &visit.words(state))?;
    let methods = state.services.mfa.step_methods(&mfa_token).await;
    let page =
        SecondStepPage::for_methods(state, visit, &methods, mfa_token, return_to, errors).await;
    Ok(page.answer(status))
}

/// Six digits are an app's code; anything else is tried as a recovery code.
fn method_of(code: &str) -> Method {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    match digits.len() == 6 && digits.bytes().all(|b| b.is_ascii_digit()) {
        true => Method::Totp,
        false => Method::RecoveryCode,
    }
}

/// Finishes the sign-in with the code, through the API's rules (tries,
/// backoff, audit).
pub async fn verify(State(state): State<AppState>, visit: Visit, form: Form) -> PageResult {
    let mfa_token = form.get("mfa_token").to_owned();
    let code = form.get("code").trim().to_owned();
    let return_to = same_origin_path(form.optional("return_to"));
    let result = state
        .services
        .mfa
        .verify(&mfa_token, method_of(&code), &code, visit.client.clone())
        .await;
    match result {
        Ok(issued) => signed_in(&state, &visit, issued, return_to.as_deref()).await,
        Err(err) => try_again(&state, &visit, err, "code", mfa_token, return_to).await,
    }
}

/// The ceremony id and credential a passkey form posted.
fn passkey_answer(form: &Form) -> Result<(Uuid, Value), Error> {
    let id =
        Uuid::parse_str(form.get("ceremony_id").trim()).map_err(|_| Error::InvalidCredentials)?;
    let credential =
        serde_json::from_str(form.get("credential")).map_err(|_| Error::InvalidCredentials)?;
    Ok((id, credential))
}

/// Finishes the second step with a passkey.
pub async fn verify_passkey(State(state): State<AppState>, visit: Visit, form: Form) -> PageResult {
    let mfa_token = form.get("mfa_token").to_owned();
    let return_to = same_origin_path(form.optional("return_to"));
    let result = match passkey_answer(&form) {
        Ok((id, credential)) => {
            state
                .services
                .mfa
                .finish_passkey_step(&mfa_token, id, &credential, visit.client.clone())
                .await
        }
        Err(err) => Err(err),
    };
    match result {
        Ok(issued) => signed_in(&state, &visit, issued, return_to.as_deref()).await,
        Err(err) => try_again(&state, &visit, err, "code", mfa_token, return_to).await,
    }
}

/// Signs in with a passkey alone.
pub async fn passkey_sign_in(
    State(state): State<AppState>,
    visit: Visit,
    form: Form,
) -> PageResult {
    let return_to = same_origin_path(form.optional("return_to"));
    let result = match passkey_answer(&form) {
        Ok((id, credential)) => {
            state
                .services
                .mfa
                .finish_passkey_sign_in(id, &credential, visit.client.clone())
                .await
        }
        Err(err) => Err(err),
    };
    match result {
        Ok(issued) => signed_in(&state, &visit, issued, return_to.as_deref()).await,
        Err(err) => login_refused(&state, &visit, err, form.get("email"), return_to).await,
    }
}
