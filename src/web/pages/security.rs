//! The "Security" part of /account: setting up an authenticator app (QR
//! code drawn on the server, the secret to type as a fallback, a first code
//! to confirm), recovery codes shown once, and passkeys (added through
//! `/assets/passkeys.js`, removed with a plain form). Everything but adding
//! a passkey works without JavaScript.

use askama::Template;
use axum::{
    Json, Router,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse as _, Redirect, Response},
    routing::post,
};
use serde_json::json;

use super::{Errors, Form, Frame, PageResult, Visit, render};
use crate::core::Error;
use crate::core::mfa::Proof;
use crate::web::api::mfa::qr_svg;
use crate::web::api::passkeys::options_answer;
use crate::web::shared::error::WebError;
use crate::web::shared::extract::path_id;
use crate::web::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/account/mfa/totp", post(totp_start))
        .route("/account/mfa/totp/confirm", post(totp_confirm))
        .route("/account/mfa/totp/remove", post(totp_remove))
        .route("/account/mfa/recovery-codes", post(renew_codes))
        .route("/account/passkeys/options", post(passkey_options))
        .route("/account/passkeys", post(passkey_add))
        .route("/account/passkeys/{id}/remove", post(passkey_remove))
}

#[derive(Template)]
#[template(path = "pages/account_totp.html")]
struct TotpSetupPage {
    frame: Frame,
    errors: Errors,
    /// The seed in base32, to type in by hand.
    secret: String,
    otpauth_uri: String,
    /// The URI as an inline SVG document, drawn here.
    qr_svg: String,
}

#[derive(Template)]
#[template(path = "pages/account_codes.html")]
struct RecoveryCodesPage {
    frame: Frame,
    codes: Vec<String>,
}

async fn codes_page(state: &AppState, visit: &Visit, codes: Vec<String>) -> Response {
    let page = RecoveryCodesPage {
        frame: visit.frame(state, "account-codes-title").await,
        codes,
    };
    render(StatusCode::OK, &page)
}

async fn setup_page(
    state: &AppState,
    visit: &Visit,
    status: StatusCode,
    errors: Errors,
    secret: String,
    otpauth_uri: String,
) -> Response {
    let page = TotpSetupPage {
        frame: visit.frame(state, "account-totp-title").await,
        errors,
        qr_svg: qr_svg(&otpauth_uri),
        secret,
        otpauth_uri,
    };
    render(status, &page)
}

/// After the password: the QR code, the secret, and a field for the first code.
async fn totp_start(State(state): State<AppState>, visit: Visit, form: Form) -> PageResult {
    let who = visit.require()?;
    let password = form.password("totp_password");
    match state
        .services
        .mfa
        .start_totp(who, &password, &visit.client)
        .await
    {
        Ok(enrollment) => Ok(setup_page(
            &state,
            &visit,
            StatusCode::OK,
            Errors::default(),
            enrollment.secret,
            enrollment.otpauth_uri,
        )
        .await),
        Err(err) => super::account::failed(&state, &visit, err, "totp_password").await,
    }
}

/// The first code confirms the app: the recovery codes, shown this once.
async fn totp_confirm(State(state): State<AppState>, visit: Visit, form: Form) -> PageResult {
    let who = visit.require()?;
    let code = form.get("code").trim().to_owned();
    match state
        .services
        .mfa
        .confirm_totp(who, &code, &visit.client)
        .await
    {
        Ok(codes) => Ok(codes_page(&state, &visit, codes).await),
        Err(err) => {
            let words = visit.words(&state);
            let (status, errors) = Errors::from_error(err, "code", &words)?;
            let errors = match errors.is_empty() {
                true => errors,
                false => Errors::field_error(&words, "code", words.t("totp-code-wrong")),
            };
            // The secret and URI were on the page already: shown again, not
            // trusted (the pending seed is the server's).
            let (secret, uri) = (form.get("secret"), form.get("otpauth_uri"));
            let uri = match uri.starts_with("otpauth://totp/") {
                true => uri.to_owned(),
                false => String::new(),
            };
            Ok(setup_page(&state, &visit, status, errors, secret.to_owned(), uri).await)
        }
    }
}

async fn totp_remove(State(state): State<AppState>, visit: Visit, form: Form) -> PageResult {
    let who = visit.require()?;
    let password = form.password("totp_remove_password");
    let result = state
        .services
        .mfa
        .remove_totp(who, Proof::Password(&password), &visit.client)
        .await;
    done(
        &state,
        &visit,
        result,
        "totp_removed",
        "totp_remove_password",
    )
    .await
}

async fn renew_codes(State(state): State<AppState>, visit: Visit, form: Form) -> PageResult {
    let who = visit.require()?;
    let password = form.password("codes_password");
    match state
        .services
        .mfa
        .renew_recovery_codes(who, &password, &visit.client)
        .await
    {
        Ok(codes) => Ok(codes_page(&state, &visit, codes).await),
        Err(err) => super::account::failed(&state, &visit, err, "codes_password").await,
    }
}

/// The options of a passkey registration, for the script: JSON, with a
/// `detail` to show when refused.
async fn passkey_options(State(state): State<AppState>, visit: Visit, form: Form) -> PageResult {
    let who = visit.require()?;
    let typed = form.password("passkey_password");
    // Not needed within five minutes of signing in.
    let password = (!form.get("passkey_password").is_empty()).then_some(&typed);
    match state
        .services
        .mfa
        .start_passkey_registration(who, password, form.optional("name"), &visit.client)
        .await
    {
        Ok(started) => Ok(options_answer(started)),
        Err(err) => {
            let said = WebError::from(err).describe();
            let detail = match said.status {
                StatusCode::FORBIDDEN => visit.words(&state).t("account-passkey-password-needed"),
                _ => said.detail,
            };
            Ok((said.status, Json(json!({"detail": detail}))).into_response())
        }
    }
}

async fn passkey_add(State(state): State<AppState>, visit: Visit, form: Form) -> PageResult {
    let who = visit.require()?;
    let result = async {
        let id = uuid::Uuid::parse_str(form.get("ceremony_id").trim())
            .map_err(|_| Error::InvalidCredential)?;
        let credential: serde_json::Value =
            serde_json::from_str(form.get("credential")).map_err(|_| Error::InvalidCredential)?;
        state
            .services
            .mfa
            .finish_passkey_registration(who, id, &credential, &visit.client)
            .await
    }
    .await;
    match result {
        // The first factor's recovery codes, shown this once.
        Ok(added) => match added.recovery_codes {
            Some(codes) => Ok(codes_page(&state, &visit, codes).await),
            None => done(&state, &visit, Ok(()), "passkey_added", "passkey_password").await,
        },
        Err(err) => {
            done(
                &state,
                &visit,
                Err(err),
                "passkey_added",
                "passkey_password",
            )
            .await
        }
    }
}

async fn passkey_remove(
    State(state): State<AppState>,
    visit: Visit,
    Path(id): Path<String>,
    _form: Form,
) -> PageResult {
    let who = visit.require()?;
    let result = state
        .services
        .mfa
        .remove_passkey(who, path_id(&id)?, &visit.client)
        .await;
    done(
        &state,
        &visit,
        result,
        "passkey_removed",
        "passkey_password",
    )
    .await
}

/// Back to /account saying `notice`, or the account page with the error.
async fn done(
    state: &AppState,
    visit: &Visit,
    result: Result<(), Error>,
    notice: &str,
    password_field: &str,
) -> PageResult {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/account?notice={notice}#security")).into_response()),
        Err(err) => super::account::failed(state, visit, err, password_field).await,
    }
}
