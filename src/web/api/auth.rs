//! /v1/auth: register, login, refresh, logout (the token endpoint, also at
//! /v1/auth/token, is `web::oauth`'s).

use axum::{
    Json,
    extract::State,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use secrecy::{ExposeSecret as _, SecretString};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::mfa::MfaRequired;
use super::users::UserDto;
use crate::core::mfa::step::SignIn;
use crate::core::model::Password;
use crate::core::sessions::Issued;
use crate::core::tokens::FIRST_PARTY_CLIENT;
use crate::web::oauth::token::no_store;
use crate::web::shared::error::{Result, missing};
use crate::web::shared::extract::{AppJson, AuthUser, Client};
use crate::web::shared::problem::Problem;
use crate::web::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
pub struct RegisterRequest {
    #[schema(value_type = String, required = true, format = "email", max_length = 254, example = "ada@example.com")]
    email: Option<String>,
    /// 8 to 128 characters, not easily guessed (`too_weak` otherwise).
    #[schema(value_type = String, required = true, min_length = 8, max_length = 128, example = "correct horse battery staple")]
    password: Option<SecretString>,
    #[schema(
        max_length = 100,
        pattern = "^[^\\u0000-\\u001F\\u007F-\\u009F]*$",
        example = "Ada"
    )]
    display_name: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    #[schema(value_type = String, required = true, format = "email", max_length = 254, example = "ada@example.com")]
    email: Option<String>,
    #[schema(value_type = String, required = true, example = "correct horse battery staple")]
    password: Option<SecretString>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RefreshRequest {
    #[schema(value_type = String, required = true)]
    refresh_token: Option<SecretString>,
}

/// An access token and the refresh token that renews it.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenPair {
    access_token: String,
    #[schema(example = "Bearer")]
    token_type: &'static str,
    /// Seconds until the access token expires.
    expires_in: u64,
    refresh_token: String,
    /// Seconds until the session, and so the refresh token, ends.
    refresh_expires_in: u64,
}

impl From<Issued> for TokenPair {
    /// The first-party client's sessions always have a refresh token.
    fn from(i: Issued) -> Self {
        Self {
            access_token: i.access_token,
            token_type: "Bearer",
            expires_in: i.expires_in,
            refresh_token: i.refresh_token.unwrap_or_default(),
            refresh_expires_in: i.refresh_expires_in,
        }
    }
}

/// What a password login answers: tokens, or the second step.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum LoginAnswer {
    Tokens(TokenPair),
    SecondFactor(MfaRequired),
}

/// Create an account.
#[utoipa::path(post, path = "/v1/auth/register", tag = "auth", request_body = RegisterRequest,
    responses(
        (status = 201, description = "Registered", body = UserDto, headers(("Location" = String))),
        (status = 409, description = "Email already registered (`email_taken`)", body = Problem),
        (status = 422, description = "Invalid fields", body = Problem),
    ))]
pub async fn register(
    State(state): State<AppState>,
    Client(client): Client,
    AppJson(body): AppJson<RegisterRequest>,
) -> Result<Response> {
    let (Some(email), Some(password)) = (body.email.as_deref(), body.password.as_ref()) else {
        return Err(missing(&[
            ("email", body.email.is_none()),
            ("password", body.password.is_none()),
        ]));
    };
    let password = Password::from(password.clone());
    let account = state
        .services
        .accounts
        .register(email, &password, body.display_name.as_deref(), &client)
        .await?;
    let mut response = (StatusCode::CREATED, Json(UserDto::from(account))).into_response();
    response
        .headers_mut()
        .insert(header::LOCATION, HeaderValue::from_static("/v1/users/me"));
    Ok(response)
}

/// Log in with email and password.
#[utoipa::path(post, path = "/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in; or, for a user with a second factor, no tokens but the step to finish (`mfa_required`)", body = LoginAnswer),
        (status = 401, description = "Wrong email or password (`invalid_credentials`)", body = Problem),
        (status = 403, description = "`account_disabled` or `email_not_verified`", body = Problem),
        (status = 422, description = "Invalid fields", body = Problem),
    ))]
pub async fn login(
    State(state): State<AppState>,
    Client(client): Client,
    AppJson(body): AppJson<LoginRequest>,
) -> Result<Response> {
    let (Some(email), Some(password)) = (body.email.as_deref(), body.password.as_ref()) else {
        return Err(missing(&[
            ("email", body.email.is_none()),
            ("password", body.password.is_none()),
        ]));
    };
    let password = Password::from(password.clone());
    let answer = match state
        .services
        .accounts
        .login(email, &password, client)
        .await?
    {
        SignIn::Done(issued) => LoginAnswer::Tokens(issued.into()),
        SignIn::SecondFactor(step) => LoginAnswer::SecondFactor(step.into()),
    };
    Ok(no_store(Json(answer).into_response()))
}

/// Trade a refresh token for a new pair. Each refresh token works once.
#[utoipa::path(post, path = "/v1/auth/refresh", tag = "auth", request_body = RefreshRequest,
    responses(
        (status = 200, description = "New tokens", body = TokenPair),
        (status = 401, description = "Invalid, expired, used or revoked refresh token", body = Problem),
    ))]
pub async fn refresh(
    State(state): State<AppState>,
    Client(client): Client,
    AppJson(body): AppJson<RefreshRequest>,
) -> Result<Response> {
    let Some(token) = body.refresh_token else {
        return Err(missing(&[("refresh_token", true)]));
    };
    let issued = state
        .services
        .sessions
        .refresh(token.expose_secret(), FIRST_PARTY_CLIENT, &client)
        .await?;
    Ok(no_store(Json(TokenPair::from(issued)).into_response()))
}

/// End the current session.
#[utoipa::path(post, path = "/v1/auth/logout", tag = "auth", security(("oauth2" = []), ("bearer" = [])),
    responses((status = 204, description = "Logged out"), (status = 401, body = Problem)))]
pub async fn logout(
    State(state): State<AppState>,
    Client(client): Client,
    AuthUser(who): AuthUser,
) -> Result<StatusCode> {
    state.services.sessions.logout(&who, &client).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// End every session of the caller, this one included.
#[utoipa::path(post, path = "/v1/auth/logout-all", tag = "auth", security(("oauth2" = []), ("bearer" = [])),
    responses((status = 204, description = "All sessions ended"), (status = 401, body = Problem)))]
pub async fn logout_all(
    State(state): State<AppState>,
    Client(client): Client,
    AuthUser(who): AuthUser,
) -> Result<StatusCode> {
    state.services.sessions.logout_all(&who, &client).await?;
    Ok(StatusCode::NO_CONTENT)
}
