//! The second step of signing in on the pages: after a right password, a
//! user with an authenticator app types a code (or a recovery code) before
//! the browser is signed in. Works without JavaScript.

use askama::Template;
use axum::extract::State;

use super::auth::{same_origin_path, signed_in};
use super::{Errors, Form, Frame, PageResult, Visit, render};
use crate::core::mfa::step::Method;
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "pages/login_mfa.html")]
pub struct SecondStepPage {
    frame: Frame,
    errors: Errors,
    mfa_token: String,
    return_to: Option<String>,
}

impl SecondStepPage {
    pub async fn new(
        state: &AppState,
        visit: &Visit,
        mfa_token: String,
        return_to: Option<String>,
    ) -> Self {
        Self {
            frame: visit.frame(state, "Second step").await,
            errors: Errors::default(),
            mfa_token,
            return_to,
        }
    }
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
        Err(err) => {
            let (status, errors) = Errors::from_error(err, "code")?;
            let page = SecondStepPage {
                frame: visit.frame(&state, "Second step").await,
                errors,
                mfa_token,
                return_to,
            };
            Ok(render(status, &page))
        }
    }
}
