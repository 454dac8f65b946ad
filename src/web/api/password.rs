//! /v1/auth/password/* and /v1/auth/email/*: forgot, reset, change, verify,
//! resend.

use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use secrecy::{ExposeSecret as _, SecretString};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::core::model::Password;
use crate::web::shared::error::{Result, missing};
use crate::web::shared::extract::{AppJson, AuthUser, Client};
use crate::web::shared::problem::Problem;
use crate::web::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
pub struct ForgotRequest {
    #[schema(value_type = String, required = true, format = "email", max_length = 254, example = "ada@example.com")]
    email: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ResetRequest {
    /// The token from the reset link.
    #[schema(value_type = String, required = true)]
    token: Option<SecretString>,
    /// 8 to 128 characters, not easily guessed.
    #[schema(value_type = String, required = true, min_length = 8, max_length = 128)]
    new_password: Option<SecretString>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ChangeRequest {
    #[schema(value_type = String, required = true)]
    current_password: Option<SecretString>,
    /// 8 to 128 characters, not easily guessed.
    #[schema(value_type = String, required = true, min_length = 8, max_length = 128)]
    new_password: Option<SecretString>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct VerifyRequest {
    /// The token from the verification link.
    #[schema(value_type = String, required = true)]
    token: Option<SecretString>,
}

/// The reply to requests whose outcome must not reveal anything.
#[derive(Debug, Serialize, ToSchema)]
pub struct Accepted {
    status: &'static str,
    message: &'static str,
}

/// Ask for a password reset link. The same 202 whether or not the account exists.
#[utoipa::path(post, path = "/v1/auth/password/forgot", tag = "password", request_body = ForgotRequest,
    responses((status = 202, body = Accepted), (status = 422, body = Problem), (status = 429, body = Problem)))]
pub async fn forgot_password(
    State(state): State<AppState>,
    Client(client): Client,
    AppJson(body): AppJson<ForgotRequest>,
) -> Result<impl IntoResponse> {
    let Some(email) = body.email else {
        return Err(missing(&[("email", true)]));
    };
    state.services.recovery.forgot(&email, client)?;
    Ok((
        StatusCode::ACCEPTED,
        Json(Accepted {
            status: "accepted",
            message: "If an account exists for this address, a reset link is on its way.",
        }),
    ))
}

/// Set a new password with the token from a reset email. Ends every session.
#[utoipa::path(post, path = "/v1/auth/password/reset", tag = "password", request_body = ResetRequest,
    responses((status = 204, description = "Password set"), (status = 400, description = "`invalid_token`", body = Problem), (status = 422, body = Problem)))]
pub async fn reset_password(
    State(state): State<AppState>,
    Client(client): Client,
    AppJson(body): AppJson<ResetRequest>,
) -> Result<StatusCode> {
    let (Some(token), Some(new_password)) = (&body.token, &body.new_password) else {
        return Err(missing(&[
            ("token", body.token.is_none()),
            ("new_password", body.new_password.is_none()),
        ]));
    };
    let new_password = Password::from(new_password.clone());
    state
        .services
        .recovery
        .reset(token.expose_secret(), &new_password, &client)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Change the password, confirming the current one. Ends the other sessions.
#[utoipa::path(post, path = "/v1/auth/password/change", tag = "password", request_body = ChangeRequest,
    security(("oauth2" = []), ("bearer" = [])),
    responses((status = 204, description = "Password changed"), (status = 401, body = Problem),
        (status = 403, description = "`reauth_failed`", body = Problem), (status = 422, body = Problem)))]
pub async fn change_password(
    State(state): State<AppState>,
    Client(client): Client,
    AuthUser(who): AuthUser,
    AppJson(body): AppJson<ChangeRequest>,
) -> Result<StatusCode> {
    let (Some(current), Some(new_password)) = (&body.current_password, &body.new_password) else {
        return Err(missing(&[
            ("current_password", body.current_password.is_none()),
            ("new_password", body.new_password.is_none()),
        ]));
    };
    let (current, new_password) = (
        Password::from(current.clone()),
        Password::from(new_password.clone()),
    );
    state
        .services
        .recovery
        .change(&who, &current, &new_password, &client)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Confirm an email address with the token from the verification email.
#[utoipa::path(post, path = "/v1/auth/email/verify", tag = "password", request_body = VerifyRequest,
    responses((status = 204, description = "Email verified"), (status = 400, description = "`invalid_token`", body = Problem)))]
pub async fn verify_email(
    State(state): State<AppState>,
    Client(client): Client,
    AppJson(body): AppJson<VerifyRequest>,
) -> Result<StatusCode> {
    let Some(token) = body.token else {
        return Err(missing(&[("token", true)]));
    };
    state
        .services
        .recovery
        .verify(token.expose_secret(), &client)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Send the verification email again (at most once a minute).
#[utoipa::path(post, path = "/v1/auth/email/resend", tag = "password", security(("oauth2" = []), ("bearer" = [])),
    responses((status = 202, body = Accepted), (status = 401, body = Problem), (status = 429, body = Problem)))]
pub async fn resend_verification(
    State(state): State<AppState>,
    AuthUser(who): AuthUser,
) -> Result<impl IntoResponse> {
    state.services.recovery.resend_verification(&who).await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(Accepted {
            status: "accepted",
            message: "If the address is not verified yet, a new link is on its way.",
        }),
    ))
}
