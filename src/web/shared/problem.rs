//! problem+json (RFC 9457) and RFC 6749 error bodies, and the middleware that
//! turns every other error response (axum's own 404, 405, 413, timeouts) into
//! one of them, adds the request id, and logs a 5xx's cause once.

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

use super::error::{Described, WebError};
use crate::core::{Error, FieldError};

pub const PROBLEM_JSON: &str = "application/problem+json";
/// Endpoints that answer every error the RFC 6749 way, never problem+json.
pub const OAUTH_ENDPOINTS: &[&str] = &[
    "/v1/auth/token",
    "/oauth2/token",
    "/oauth2/revoke",
    "/oauth2/introspect",
    "/oauth2/device_authorization",
];
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
pub(super) struct Cause(pub(super) String);

/// The problem+json answer for `described`, with the invalid fields of a 422.
pub(super) fn problem_response(described: &Described, errors: Option<&[FieldError]>) -> Response {
    let body = Problem {
        kind: "about:blank".into(),
        title: described.title.into(),
        status: described.status.as_u16(),
        code: described.code.into(),
        detail: described.detail.clone(),
        errors: errors.map(|fields| {
            fields
                .iter()
                .filter_map(|e| serde_json::to_value(e).ok())
                .collect()
        }),
        request_id: None,
    };
    let mut response = (described.status, Json(body)).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
    response
}

/// The problem for an error answer made by something other than our
/// handlers (axum's rejections, the timeout layer), by its status.
fn generic_problem(status: StatusCode) -> Response {
    use StatusCode as S;
    let err = match status {
        S::NOT_FOUND => WebError::from(Error::NotFound),
        S::PAYLOAD_TOO_LARGE => WebError::PayloadTooLarge,
        S::UNSUPPORTED_MEDIA_TYPE => WebError::UnsupportedMediaType,
        S::METHOD_NOT_ALLOWED => WebError::MethodNotAllowed,
        S::REQUEST_TIMEOUT => WebError::Timeout,
        s if s.is_server_error() => {
            WebError::from(Error::internal(anyhow::anyhow!("unexpected {s}")))
        }
        s => {
            let described = Described {
                status: s,
                code: "malformed_request",
                title: s.canonical_reason().unwrap_or("Bad request"),
                detail: "The request could not be handled.".to_owned(),
                page: None,
            };
            return problem_response(&described, None);
        }
    };
    err.into_response()
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
pub async fn middleware(request: Request, next: Next) -> Response {
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let oauth = OAUTH_ENDPOINTS.contains(&request.uri().path());
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
