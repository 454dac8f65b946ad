//! /v1/auth: register, login, the OAuth2 token endpoint, refresh, logout.

use axum::{
    Json,
    extract::{Request, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use secrecy::{ExposeSecret as _, SecretString};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::Problem;
use super::extract::{AppJson, AuthUser, Client, body_bytes, missing};
use super::users::UserDto;
use crate::app::AppState;
use crate::domain::{accounts, sessions};
use crate::error::{Error, Result};

#[derive(Debug, Deserialize, ToSchema)]
pub struct RegisterRequest {
    #[schema(example = "ada@example.com")]
    email: Option<String>,
    /// 8 to 128 characters, not easily guessed.
    #[schema(value_type = String, example = "correct horse battery staple")]
    password: Option<SecretString>,
    #[schema(example = "Ada")]
    display_name: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    #[schema(example = "ada@example.com")]
    email: Option<String>,
    #[schema(value_type = String, example = "correct horse battery staple")]
    password: Option<SecretString>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RefreshRequest {
    #[schema(value_type = String)]
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

impl From<sessions::Issued> for TokenPair {
    fn from(i: sessions::Issued) -> Self {
        Self {
            access_token: i.access_token,
            token_type: "Bearer",
            expires_in: i.expires_in,
            refresh_token: i.refresh_token,
            refresh_expires_in: i.refresh_expires_in,
        }
    }
}

/// Token responses must not be cached by anyone.
fn no_store(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
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
    let account = accounts::register(
        &state,
        email,
        password,
        body.display_name.as_deref(),
        &client,
    )
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
        (status = 200, description = "Logged in", body = TokenPair),
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
    let issued = accounts::login(&state, email, password, client).await?;
    Ok(no_store(Json(TokenPair::from(issued)).into_response()))
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
    let issued = sessions::refresh(&state, token.expose_secret(), &client).await?;
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
    sessions::logout(&state, &who, &client).await?;
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
    sessions::logout_all(&state, &who, &client).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The RFC 6749 token request (form-encoded).
#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenRequest {
    /// `password` or `refresh_token`.
    grant_type: Option<String>,
    username: Option<String>,
    #[schema(value_type = Option<String>)]
    password: Option<SecretString>,
    #[schema(value_type = Option<String>)]
    refresh_token: Option<SecretString>,
}

fn filled(value: &Option<SecretString>) -> Option<&str> {
    value
        .as_ref()
        .map(|s| s.expose_secret())
        .filter(|s| !s.is_empty())
}

/// An RFC 6749 error.
#[derive(Debug, Serialize, ToSchema)]
pub struct OAuthError {
    error: &'static str,
    error_description: String,
}

fn oauth_error(error: &'static str, description: &str) -> Response {
    let status = if error == "invalid_client" {
        StatusCode::UNAUTHORIZED
    } else {
        StatusCode::BAD_REQUEST
    };
    let body = OAuthError {
        error,
        error_description: description.to_owned(),
    };
    no_store((status, Json(body)).into_response())
}

/// OAuth2 token endpoint (password and refresh_token grants), for OAuth2
/// clients and Swagger UI's Authorize button. Errors follow RFC 6749.
#[utoipa::path(post, path = "/v1/auth/token", tag = "auth",
    request_body(content = TokenRequest, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "Tokens", body = TokenPair),
        (status = 400, description = "RFC 6749 error such as `invalid_grant`", body = OAuthError),
    ))]
pub async fn token(
    State(state): State<AppState>,
    Client(client): Client,
    request: Request,
) -> Response {
    let form_encoded = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !form_encoded {
        return oauth_error(
            "invalid_request",
            "Send the request as application/x-www-form-urlencoded.",
        );
    }
    let bytes = match body_bytes(request, &state).await {
        Ok(bytes) => bytes,
        Err(err) => return err.into_response(),
    };
    let Ok(form) = serde_urlencoded::from_bytes::<TokenRequest>(&bytes) else {
        return oauth_error("invalid_request", "The form could not be read.");
    };
    let result = match form.grant_type.as_deref() {
        Some("password") => match (
            form.username.as_deref().filter(|u| !u.is_empty()),
            &form.password,
        ) {
            (Some(username), Some(password)) if !password.expose_secret().is_empty() => {
                accounts::login(&state, username, password, client.clone()).await
            }
            _ => return oauth_error("invalid_request", "username and password are required."),
        },
        Some("refresh_token") => match filled(&form.refresh_token) {
            Some(token) => sessions::refresh(&state, token, &client).await,
            None => return oauth_error("invalid_request", "refresh_token is required."),
        },
        Some(_) => return oauth_error("unsupported_grant_type", "Use password or refresh_token."),
        None => return oauth_error("invalid_request", "grant_type is required."),
    };
    match result {
        Ok(issued) => no_store(Json(TokenPair::from(issued)).into_response()),
        Err(Error::InvalidCredentials | Error::Validation(_)) => {
            oauth_error("invalid_grant", "Email or password is wrong.")
        }
        Err(Error::AccountDisabled) => {
            oauth_error("invalid_grant", "This account has been disabled.")
        }
        Err(Error::EmailNotVerified) => {
            oauth_error("invalid_grant", "Verify your email address first.")
        }
        Err(Error::InvalidToken) => oauth_error(
            "invalid_grant",
            "The refresh token is invalid, expired or revoked.",
        ),
        Err(other) => other.into_response(),
    }
}
