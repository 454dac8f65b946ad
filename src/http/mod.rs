//! HTTP: thin handlers that extract, call one service function and return a
//! DTO; the router with its OpenAPI document and the layers every request
//! passes through.

pub mod admin_roles;
pub mod admin_users;
pub mod audit;
pub mod auth;
pub mod contract;
pub mod docs;
pub mod error;
pub mod extract;
pub mod health;
pub mod metrics;
pub mod password;
pub mod security;
pub mod sessions;
pub mod users;

use std::time::Duration;

use axum::{
    Router,
    extract::DefaultBodyLimit,
    http::{HeaderName, HeaderValue, Request, header},
    middleware,
    response::IntoResponse as _,
};
use tower_http::{
    catch_panic::CatchPanicLayer,
    request_id::PropagateRequestIdLayer,
    sensitive_headers::SetSensitiveRequestHeadersLayer,
    set_header::SetRequestHeaderLayer,
    timeout::TimeoutLayer,
    trace::{DefaultOnResponse, TraceLayer},
};
use utoipa::OpenApi as _;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::app::AppState;
use crate::error::Error;

/// Request bodies above this answer 413.
pub const BODY_LIMIT: usize = 64 * 1024;
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The API routes and the OpenAPI document describing them.
pub fn api() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(docs::ApiDoc::openapi())
        .routes(routes!(auth::register))
        .routes(routes!(auth::login))
        .routes(routes!(auth::token))
        .routes(routes!(auth::refresh))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::logout_all))
        .routes(routes!(password::forgot_password))
        .routes(routes!(password::reset_password))
        .routes(routes!(password::change_password))
        .routes(routes!(password::verify_email))
        .routes(routes!(password::resend_verification))
        .routes(routes!(users::get_me, users::update_me, users::delete_me))
        .routes(routes!(users::export_me))
        .routes(routes!(sessions::list_sessions))
        .routes(routes!(sessions::delete_session))
        .routes(routes!(admin_users::list_users))
        .routes(routes!(
            admin_users::get_user,
            admin_users::update_user,
            admin_users::delete_user
        ))
        .routes(routes!(admin_users::grant_role, admin_users::revoke_role))
        .routes(routes!(admin_roles::list_roles, admin_roles::create_role))
        .routes(routes!(admin_roles::update_role, admin_roles::delete_role))
        .routes(routes!(audit::list_audit))
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .routes(routes!(health::jwks))
        .routes(routes!(metrics::metrics))
        .split_for_parts()
}

/// The whole application: API, docs, fallbacks and layers.
pub fn router(state: AppState) -> Router {
    let (api, openapi) = api();
    let openapi = contract::conform(&openapi, &state.config.public_url);
    let x_request_id = HeaderName::from_static("x-request-id");
    api.merge(docs::swagger(openapi))
        .merge(crate::pages::router(state.clone()))
        .fallback(|| async { Error::NotFound })
        .method_not_allowed_fallback(|| async {
            error::problem(
                axum::http::StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "Method not allowed",
                "This path does not take this method.",
            )
        })
        .layer(middleware::from_fn_with_state(state.clone(), security::rate_limit))
        .with_state(state.clone())
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(CatchPanicLayer::custom(|_| {
            Error::Internal("a handler panicked".into()).into_response()
        }))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        // Outside the timeout and panic layers, so their answers become problem+json too.
                .layer(middleware::from_fn(error::problem_middleware))
        // Outside timeouts and panics, so those are counted too.
        .layer(middleware::from_fn(metrics::track))
        .layer(tower::util::option_layer(security::cors(&state.config)))
        // Outside CORS, so its preflight answers carry the headers too.
        .layer(middleware::from_fn_with_state(state.clone(), security::headers))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
                let id = request
                    .headers()
                    .get("x-request-id")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default();
                // The path only: query strings may carry tokens.
                tracing::info_span!("request", request_id = %id, method = %request.method(), path = %request.uri().path())
            })
            .on_request(())
            .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(SetSensitiveRequestHeadersLayer::new([header::AUTHORIZATION, header::COOKIE]))
        .layer(PropagateRequestIdLayer::new(x_request_id.clone()))
        // Always our own id: one sent by the client could forge log lines.
        .layer(SetRequestHeaderLayer::overriding(x_request_id, |_: &Request<_>| {
            HeaderValue::from_str(&uuid::Uuid::now_v7().to_string()).ok()
        }))
}
