//! problem+json: the one mapping from `Error` to status and `code`, and the
//! middleware that turns every other error response (axum's own 404, 405,
//! 413, timeouts) into problem+json, adds the request id, and logs 5xx causes
//! once.

use axum::{
    Json,
    body::{Body, to_bytes},
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{Error, FieldError};

pub const PROBLEM_JSON: &str = "application/problem+json";
/// Problem bodies we make are small; anything bigger is not ours to rewrite.
const MAX_PROBLEM_BODY: usize = 64 * 1024;

/// RFC 9457 problem details, with a stable machine-readable `code`.
#[derive(Debug, Serialize, serde::Deserialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub code: String,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schema(value_type = Option<Vec<FieldError>>)]
    pub errors: Option<Vec<serde_json::Value>>,
    /// The id to quote when reporting a server error.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub request_id: Option<String>,
}

/// The cause of a 5xx, carried to the logging middleware, never to the client.
#[derive(Clone)]
struct Cause(String);

pub fn problem(status: StatusCode, code: &str, title: &str, detail: &str) -> Response {
    let body = Problem {
        kind: "about:blank".into(),
        title: title.into(),
        status: status.as_u16(),
        code: code.into(),
        detail: detail.into(),
        errors: None,
        request_id: None,
    };
    with_problem_type((status, Json(body)).into_response())
}

fn with_problem_type(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    response
}

/// Status, stable `code`, title and a sentence for people: what every
/// surface (problem+json, hosted pages) says about an error.
pub fn describe(err: &Error) -> (StatusCode, &'static str, &'static str, String) {
    use StatusCode as S;
    match err {
        Error::Malformed(why) => (
            S::BAD_REQUEST,
            "malformed_request",
            "Malformed request",
            why.clone(),
        ),
        Error::Validation(_) => (
            S::UNPROCESSABLE_ENTITY,
            "validation_failed",
            "Validation failed",
            "One or more fields are invalid.".to_owned(),
        ),
        Error::UnsupportedMediaType => (
            S::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Unsupported media type",
            "Send the body as application/json.".to_owned(),
        ),
        Error::PayloadTooLarge => (
            S::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "Payload too large",
            "The request body is larger than 64 KiB.".to_owned(),
        ),
        Error::InvalidCredentials => (
            S::UNAUTHORIZED,
            "invalid_credentials",
            "Invalid credentials",
            "Email or password is wrong.".to_owned(),
        ),
        Error::MissingToken => (
            S::UNAUTHORIZED,
            "unauthorized",
            "Unauthorized",
            "This endpoint needs an access token: Authorization: Bearer <token>.".to_owned(),
        ),
        Error::InvalidToken => (
            S::UNAUTHORIZED,
            "unauthorized",
            "Unauthorized",
            "The token is invalid or revoked: sign in again.".to_owned(),
        ),
        Error::TokenExpired => (
            S::UNAUTHORIZED,
            "token_expired",
            "Token expired",
            "The access token has expired: get a new one with the refresh token.".to_owned(),
        ),
        Error::AccountDisabled => (
            S::FORBIDDEN,
            "account_disabled",
            "Account disabled",
            "This account has been disabled.".to_owned(),
        ),
        Error::EmailNotVerified => (
            S::FORBIDDEN,
            "email_not_verified",
            "Email not verified",
            "Verify your email address before logging in.".to_owned(),
        ),
        Error::Forbidden => (
            S::FORBIDDEN,
            "forbidden",
            "Forbidden",
            "You lack the permission for this.".to_owned(),
        ),
        Error::NotFound => (
            S::NOT_FOUND,
            "not_found",
            "Not found",
            "No such resource.".to_owned(),
        ),
        Error::EmailTaken => (
            S::CONFLICT,
            "email_taken",
            "Email taken",
            "An account with this email address already exists.".to_owned(),
        ),
        Error::InvalidOneTimeToken => (
            S::BAD_REQUEST,
            "invalid_token",
            "Invalid token",
            "This link is invalid, used or expired. Ask for a new one.".to_owned(),
        ),
        Error::ReauthFailed => (
            S::FORBIDDEN,
            "reauth_failed",
            "Re-authentication failed",
            "The current password is wrong.".to_owned(),
        ),
        Error::LastAdmin => (
            S::CONFLICT,
            "last_admin",
            "Last admin",
            "At least one enabled admin must remain.".to_owned(),
        ),
        Error::RoleExists => (
            S::CONFLICT,
            "role_exists",
            "Role exists",
            "A role with this name already exists.".to_owned(),
        ),
        Error::UnverifiedAccount => (
            S::CONFLICT,
            "unverified_account",
            "Unverified account",
            "This account's email address is not verified.".to_owned(),
        ),
        Error::BuiltinRole => (
            S::CONFLICT,
            "builtin_role",
            "Builtin role",
            "Builtin roles cannot be changed or deleted.".to_owned(),
        ),
        Error::RateLimited { .. } => (
            S::TOO_MANY_REQUESTS,
            "rate_limited",
            "Too many requests",
            "Slow down and try again later.".to_owned(),
        ),
        Error::Busy => (
            S::SERVICE_UNAVAILABLE,
            "unavailable",
            "Service busy",
            "Too many requests are being handled; try again in a moment.".to_owned(),
        ),
        Error::Unavailable(_) => (
            S::SERVICE_UNAVAILABLE,
            "unavailable",
            "Service unavailable",
            "The database cannot be reached; try again shortly.".to_owned(),
        ),
        Error::Internal(_) => (
            S::INTERNAL_SERVER_ERROR,
            "internal",
            "Internal server error",
            "Something went wrong on our side. Quote the request id when reporting it.".to_owned(),
        ),
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let (status, code, title, detail) = describe(&self);
        let detail: &str = &detail;
        let mut response = problem(status, code, title, detail);
        match self {
            Error::Validation(errors) => {
                let body = Problem {
                    kind: "about:blank".into(),
                    title: title.into(),
                    status: status.as_u16(),
                    code: code.into(),
                    detail: detail.into(),
                    errors: Some(
                        errors
                            .iter()
                            .filter_map(|e| serde_json::to_value(e).ok())
                            .collect(),
                    ),
                    request_id: None,
                };
                response = with_problem_type((status, Json(body)).into_response());
            }
            Error::MissingToken => {
                response
                    .headers_mut()
                    .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            Error::InvalidToken => {
                response.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer error=\"invalid_token\""),
                );
            }
            Error::TokenExpired => {
                response.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static(
                        "Bearer error=\"invalid_token\", error_description=\"The access token expired\"",
                    ),
                );
            }
            Error::Busy => {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            Error::RateLimited { retry_after_secs } => {
                response.headers_mut().insert(
                    header::RETRY_AFTER,
                    HeaderValue::from(retry_after_secs.max(1)),
                );
            }
            Error::Unavailable(cause) => {
                // The pool reconnects within seconds of the database returning.
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
                response.extensions_mut().insert(Cause(cause));
            }
            Error::Internal(cause) => {
                response.extensions_mut().insert(Cause(cause));
            }
            _ => {}
        }
        response
    }
}

fn generic_problem(status: StatusCode) -> Response {
    use StatusCode as S;
    match status {
        S::NOT_FOUND => Error::NotFound.into_response(),
        S::PAYLOAD_TOO_LARGE => Error::PayloadTooLarge.into_response(),
        S::UNSUPPORTED_MEDIA_TYPE => Error::UnsupportedMediaType.into_response(),
        S::METHOD_NOT_ALLOWED => problem(
            status,
            "method_not_allowed",
            "Method not allowed",
            "This path does not take this method.",
        ),
        S::REQUEST_TIMEOUT => problem(
            status,
            "timeout",
            "Request timeout",
            "The request took too long.",
        ),
        s if s.is_server_error() => Error::Internal(format!("unexpected {s}")).into_response(),
        s => problem(
            s,
            "malformed_request",
            s.canonical_reason().unwrap_or("Bad request"),
            "The request could not be handled.",
        ),
    }
}

/// An RFC 6749 error: what OAuth2 endpoints answer instead of problem+json.
#[derive(Debug, Serialize, ToSchema)]
pub struct OAuthError {
    /// `invalid_request`, `invalid_client`, `invalid_grant`,
    /// `unsupported_grant_type`, `temporarily_unavailable`, `server_error`, …
    pub error: &'static str,
    pub error_description: String,
}

/// An RFC 6749 error answer, never cached.
pub fn oauth_error(status: StatusCode, error: &'static str, description: &str) -> Response {
    let body = OAuthError {
        error,
        error_description: description.to_owned(),
    };
    let mut response = (status, Json(body)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}

/// Any other error answer of an OAuth2 endpoint (the rate limit, the body
/// limit, a busy hashing pool, a database outage, a timeout) in RFC 6749
/// form, so that stock clients raise an error instead of storing a problem
/// document as if it were a token. Status and Retry-After stay.
fn as_oauth_error(response: Response) -> Response {
    use StatusCode as S;
    let status = response.status();
    let (error, description) = match status {
        S::UNAUTHORIZED => ("invalid_client", "Client authentication failed."),
        S::TOO_MANY_REQUESTS => (
            "temporarily_unavailable",
            "Too many requests: wait Retry-After seconds.",
        ),
        S::SERVICE_UNAVAILABLE => (
            "temporarily_unavailable",
            "The server cannot take this request now: retry after Retry-After seconds.",
        ),
        S::PAYLOAD_TOO_LARGE => ("invalid_request", "The request body is larger than 64 KiB."),
        S::UNSUPPORTED_MEDIA_TYPE => (
            "invalid_request",
            "Send the request as application/x-www-form-urlencoded.",
        ),
        s if s.is_server_error() => ("server_error", "Something went wrong on our side."),
        _ => ("invalid_request", "The request could not be handled."),
    };
    let mut answer = oauth_error(status, error, description);
    for name in [header::ALLOW, header::RETRY_AFTER, header::WWW_AUTHENTICATE] {
        if let Some(v) = response.headers().get(&name) {
            answer.headers_mut().insert(name, v.clone());
        }
    }
    if error == "temporarily_unavailable" && !answer.headers().contains_key(header::RETRY_AFTER) {
        answer
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    }
    answer
}

/// Makes every error response problem+json with the request id (RFC 6749
/// JSON on the OAuth2 endpoints), and logs the cause of server errors once
/// (inside the request's span, so with its id).
pub async fn problem_middleware(request: Request, next: Next) -> Response {
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let oauth = super::contract::OAUTH_ENDPOINTS.contains(&request.uri().path());
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    if let Some(Cause(cause)) = response.extensions().get::<Cause>() {
        tracing::error!(status = status.as_u16(), cause = %cause, "request failed");
    }
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    if content_type.starts_with("application/json") || content_type.starts_with("text/html") {
        // OAuth2 errors are already in RFC 6749 form; hosted pages show
        // their errors as pages.
        return response;
    }
    if oauth {
        return as_oauth_error(response);
    }
    let (mut parts, body) = if content_type.starts_with(PROBLEM_JSON) {
        response.into_parts()
    } else {
        let mut fresh = generic_problem(status);
        // Keep what the original said about the request (Allow, Retry-After…).
        for name in [header::ALLOW, header::RETRY_AFTER, header::WWW_AUTHENTICATE] {
            if let Some(v) = response.headers().get(&name) {
                fresh.headers_mut().insert(name, v.clone());
            }
        }
        fresh.into_parts()
    };
    let bytes = to_bytes(body, MAX_PROBLEM_BODY).await.unwrap_or_default();
    let mut value: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
    if let (Some(id), Some(map)) = (request_id, value.as_object_mut()) {
        map.insert("request_id".into(), serde_json::Value::String(id));
    }
    let bytes = serde_json::to_vec(&value).unwrap_or_default();
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(bytes))
}
