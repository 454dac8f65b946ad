//! The web layer: the JSON API (`api`), the hosted pages (`pages`), what both
//! share (`shared`: errors, extractors, security, metrics), and the router
//! that puts every request through the same layers. Handlers here extract,
//! call one service and answer; the rules are the core's.

pub mod api;
pub mod oauth;
pub mod pages;
mod server;
pub mod shared;
pub mod state;
pub mod tenancy;

use std::time::Duration;

use axum::{
    Router,
    extract::DefaultBodyLimit,
    http::{HeaderName, HeaderValue, Request, StatusCode, header},
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

pub use server::serve;
use shared::error::WebError;
use shared::{metrics, problem, security};
use state::AppState;

/// Request bodies above this answer 413.
pub const BODY_LIMIT: usize = 64 * 1024;
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The whole application: API, docs, pages, fallbacks and layers.
pub fn router(state: AppState) -> Router {
    let (api, openapi) = api::routes();
    let x_request_id = HeaderName::from_static("x-request-id");
    let tenant = state.site.slug.clone();
    let app = api.merge(api::docs::swagger(&openapi, &state.config.public_url))
        .merge(pages::router(state.clone()))
        .fallback(|| async { WebError::from(crate::core::Error::NotFound) })
        .method_not_allowed_fallback(|| async { WebError::MethodNotAllowed })
        .layer(middleware::from_fn_with_state(state.clone(), security::rate_limit))
        .with_state(state.clone())
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(CatchPanicLayer::custom(|_| {
            WebError::from(crate::core::Error::bug("a handler panicked")).into_response()
        }))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT))
        // Outside the timeout and panic layers, so their answers become problem+json too.
        .layer(middleware::from_fn(problem::middleware))
        // Outside timeouts and panics, so those are counted too.
        .layer(middleware::from_fn(metrics::track))
        .layer(tower::util::option_layer(security::cors(&state.config)))
        // Outside CORS, so its preflight answers carry the headers too.
        .layer(middleware::from_fn_with_state(state.clone(), security::headers))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(move |request: &Request<_>| {
                    let id = request
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default();
                    // The path only: query strings may carry tokens.
                    tracing::info_span!("request", request_id = %id, tenant = %tenant, method = %request.method(), path = %request.uri().path())
                })
                .on_request(())
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO))
                // The problem middleware logs a 5xx once, with its cause.
                .on_failure(()),
        )
        .layer(SetSensitiveRequestHeadersLayer::new([header::AUTHORIZATION, header::COOKIE]))
        .layer(PropagateRequestIdLayer::new(x_request_id.clone()))
        // Always our own id: one sent by the client could forge log lines.
        .layer(SetRequestHeaderLayer::overriding(x_request_id, |_: &Request<_>| {
            HeaderValue::from_str(&uuid::Uuid::now_v7().to_string()).ok()
        }));
    // Outermost: a tenant's request goes to the tenant's application,
    // before anything of `default`'s runs.
    match state.tenancy {
        Some(tenancy) => app.layer(middleware::from_fn_with_state(tenancy, tenancy::resolve)),
        None => app,
    }
}
