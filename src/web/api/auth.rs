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

use super::users::UserDto;
use crate::core::Error;
use crate::core::model::Password;
use crate::core::sessions::Issued;
use crate::core::tokens::FIRST_PARTY_CLIENT;
use crate::web::shared::error::{Result, WebError, missing};
use crate::web::shared::extract::{AppJson, AuthUser, Client, body_bytes};
use crate::web::shared::problem::{OAuthError, Problem, oauth_error};
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
    fn from(i: Issued) -> Self {
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
    let password = Password::from(password.clone());
    let issued = state
        .services
        .accounts
        .login(email, &password, client)
        .await?;
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
    let issued = state
        .services
        .sessions
        .refresh(token.expose_secret(), &client)
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

/// The grants of the first-party token endpoint.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
#[allow(dead_code)] // Read by utoipa only: documents `grant_type`.
pub enum GrantType {
    Password,
    RefreshToken,
}

/// The RFC 6749 token request (form-encoded).
#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenRequest {
    #[schema(value_type = GrantType, required = true)]
    grant_type: Option<String>,
    /// The email address (`password` grant).
    username: Option<String>,
    /// `password` grant.
    #[schema(value_type = Option<String>)]
    password: Option<SecretString>,
    /// `refresh_token` grant.
    #[schema(value_type = Option<String>)]
    refresh_token: Option<SecretString>,
    /// The client: `palisade` (the first-party public client), or absent.
    #[schema(example = "palisade")]
    client_id: Option<String>,
    /// Ignored: first-party tokens carry the first-party scopes.
    #[allow(dead_code)]
    scope: Option<String>,
}

fn invalid(error: &'static str, description: &str) -> Response {
    oauth_error(StatusCode::BAD_REQUEST, error, description)
}

/// Whether the client the request names is one we know: in
/// `Authorization: Basic` (RFC 6749 §2.3.1, form-encoded id) or in the form.
/// Only the first-party public client `palisade` exists here; a public client
/// has no secret to check.
fn known_client(authorization: Option<&str>, form_client: Option<&str>) -> bool {
    use base64::Engine as _;
    let basic = authorization
        .and_then(|v| v.trim().split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("basic"))
        .map(|(_, credentials)| {
            base64::engine::general_purpose::STANDARD
                .decode(credentials.trim())
                .ok()
                .and_then(|raw| String::from_utf8(raw).ok())
                .and_then(|pair| {
                    let id = pair.split_once(':').map_or(pair.as_str(), |(id, _)| id);
                    percent_encoding::percent_decode_str(&id.replace('+', " "))
                        .decode_utf8()
                        .ok()
                        .map(|id| id.into_owned())
                })
        });
    let basic = match basic {
        Some(None) => return false,
        Some(Some(id)) => Some(id),
        None => None,
    };
    [basic.as_deref(), form_client]
        .into_iter()
        .flatten()
        .all(|id| id.is_empty() || id == FIRST_PARTY_CLIENT)
}

fn unknown_client() -> Response {
    let mut response = oauth_error(
        StatusCode::UNAUTHORIZED,
        "invalid_client",
        "Unknown client: this endpoint serves the first-party client `palisade`.",
    );
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Basic realm=\"palisade\""),
    );
    response
}

/// OAuth2 token endpoint (password and refresh_token grants), for OAuth2
/// clients and Swagger UI's Authorize button. Every error, including the
/// rate limit and an outage, is an RFC 6749 error object, never problem+json.
#[utoipa::path(post, path = "/v1/auth/token", tag = "auth",
    request_body(content = TokenRequest, content_type = "application/x-www-form-urlencoded"),
    responses(
        (status = 200, description = "Tokens", body = TokenPair),
        (status = 400, description = "`invalid_request`, `invalid_grant` or `unsupported_grant_type`", body = OAuthError),
        (status = 401, description = "`invalid_client`: a client other than `palisade`", body = OAuthError),
        (status = 413, description = "`invalid_request`: the body is larger than 64 KiB", body = OAuthError),
        (status = 415, description = "`invalid_request`: not application/x-www-form-urlencoded", body = OAuthError),
        (status = 429, description = "`temporarily_unavailable`: rate limited", body = OAuthError),
        (status = 503, description = "`temporarily_unavailable`: busy or the database is down", body = OAuthError),
    ))]
pub async fn token(
    State(state): State<AppState>,
    Client(client): Client,
    request: Request,
) -> Response {
    let grant = match read_token_request(&state, request).await {
        Ok(grant) => grant,
        Err(refusal) => return refusal,
    };
    let result = match grant {
        Grant::Password { username, password } => {
            state
                .services
                .accounts
                .login(&username, &password, client)
                .await
        }
        Grant::RefreshToken(token) => {
            state
                .services
                .sessions
                .refresh(token.expose_secret(), &client)
                .await
        }
    };
    match result {
        Ok(issued) => no_store(Json(TokenPair::from(issued)).into_response()),
        Err(err) => grant_refused(err),
    }
}

/// What a well-formed token request asks for.
enum Grant {
    Password {
        username: String,
        password: Password,
    },
    RefreshToken(SecretString),
}

/// Reads and checks the form of a token request: its media type, client and
/// grant. Every refusal is an RFC 6749 answer.
async fn read_token_request(state: &AppState, request: Request) -> Result<Grant, Response> {
    let form_encoded = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !form_encoded {
        return Err(oauth_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "invalid_request",
            "Send the request as application/x-www-form-urlencoded.",
        ));
    }
    let authorization = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let bytes = body_bytes(request, state)
        .await
        .map_err(IntoResponse::into_response)?;
    let Ok(form) = serde_urlencoded::from_bytes::<TokenRequest>(&bytes) else {
        return Err(invalid("invalid_request", "The form could not be read."));
    };
    if !known_client(authorization.as_deref(), form.client_id.as_deref()) {
        return Err(unknown_client());
    }
    match form.grant_type.as_deref() {
        Some("password") => match (
            form.username.filter(|u| !u.is_empty()),
            form.password.filter(|p| !p.expose_secret().is_empty()),
        ) {
            (Some(username), Some(password)) => Ok(Grant::Password {
                username,
                password: Password::from(password),
            }),
            _ => Err(invalid(
                "invalid_request",
                "username and password are required.",
            )),
        },
        Some("refresh_token") => form
            .refresh_token
            .filter(|t| !t.expose_secret().is_empty())
            .map(Grant::RefreshToken)
            .ok_or_else(|| invalid("invalid_request", "refresh_token is required.")),
        Some(_) => Err(invalid(
            "unsupported_grant_type",
            "Use password or refresh_token.",
        )),
        None => Err(invalid("invalid_request", "grant_type is required.")),
    }
}

/// A grant the rules refused, as RFC 6749 says it.
fn grant_refused(err: Error) -> Response {
    match err {
        Error::InvalidCredentials | Error::Validation(_) => {
            invalid("invalid_grant", "Email or password is wrong.")
        }
        Error::AccountDisabled => invalid("invalid_grant", "This account has been disabled."),
        Error::EmailNotVerified => invalid("invalid_grant", "Verify your email address first."),
        Error::InvalidToken => invalid(
            "invalid_grant",
            "The refresh token is invalid, expired or revoked.",
        ),
        // Rate limits, a busy server, outages: the problem middleware turns
        // them into RFC 6749 errors with their status and Retry-After.
        other => WebError::from(other).into_response(),
    }
}
