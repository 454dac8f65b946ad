//! Defences every response gets: security headers, CORS, and the per-client-IP
//! rate limit on /v1/auth/*.

use std::net::SocketAddr;
use std::time::Duration;

use axum::{
    extract::{ConnectInfo, Request, State},
    http::{HeaderName, HeaderValue, Method, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use tower_http::cors::{AllowOrigin, CorsLayer};

use super::error::WebError;
use super::extract::client_addr;
use crate::config::Config;
use crate::core::Error;
use crate::web::state::AppState;

/// For JSON (and anything that is not a page): nothing may load, nothing may frame.
const CSP_API: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/// Swagger UI: its own scripts and styles (it sets inline styles), images
/// including data: URIs, and calls to this server only.
const CSP_DOCS: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
const HSTS: &str = "max-age=63072000; includeSubDomains";

/// The hosted pages' forms that do what /v1/auth/* does.
const PAGE_AUTH_FORMS: &[&str] = &[
    "/login",
    "/login/mfa",
    "/login/mfa/passkey",
    "/login/passkey",
    "/register",
    "/forgot-password",
    "/reset-password",
    "/verify-email",
    "/logout",
    "/account/password",
    "/account/verification",
    "/account/sessions/end-all",
    "/account/delete",
    "/account/mfa/totp",
    "/account/mfa/totp/confirm",
    "/account/mfa/totp/remove",
    "/account/mfa/recovery-codes",
    "/account/passkeys/options",
    // A typed user code: guessing one is what the budget is for.
    "/device",
];

/// Whether a request spends the per-client budget: the /v1/auth/* endpoints,
/// account erasure (it checks a password too), and the page forms that do
/// the same, so neither a browser nor a stolen access token gets extra
/// guesses.
fn rate_limited_path(request: &Request) -> bool {
    let path = request.uri().path();
    path.starts_with("/v1/auth/")
        || path == "/oauth2/device_authorization"
        // Each start and callback of a federated sign-in may call the
        // provider: a flood must not make us its flood.
        || (request.method() == Method::GET && path.starts_with("/login/") && path != "/login/")
        || (request.method() == Method::DELETE && path == "/v1/users/me")
        || (request.method() == Method::POST && PAGE_AUTH_FORMS.contains(&path))
        // Looking a user code up says whether it is live: as costly as a guess.
        || (path == "/device" && request.uri().query().is_some_and(|q| q.contains("user_code=")))
}

/// 429 `rate_limited` with `Retry-After` once a client has spent its budget
/// on /v1/auth/* or the pages' sign-in forms (a token bucket per IPv4 address
/// or IPv6 /64, in this instance's memory: core/buckets.rs).
pub async fn rate_limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if rate_limited_path(&request) {
        let ip = client_addr(
            request.extensions(),
            request.headers(),
            &state.config.trusted_proxies,
        )
        .map(|ip| ip.to_string());
        if let Err(err) = state.services.throttle.take_request(ip.as_deref()).await {
            if matches!(err, Error::RateLimited { .. }) {
                metrics::counter!("palisade_rate_limited_total").increment(1);
                tracing::info!(path = %request.uri().path(), "rate limited");
            }
            let path = request.uri().path();
            if path.starts_with("/v1/") || path.starts_with("/oauth2/") {
                return WebError::from(err).into_response();
            }
            return crate::web::pages::refusal(&state, request.headers(), err.into());
        }
    }
    next.run(request).await
}

/// Whether the client reached us over TLS: natively, or through a trusted
/// proxy that says so.
pub fn over_tls(request: &Request, config: &Config) -> bool {
    if config.tls.is_some() {
        return true;
    }
    let from_trusted = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .is_some_and(|ConnectInfo(a)| {
            config
                .trusted_proxies
                .iter()
                .any(|n| n.contains(&a.ip().to_canonical()))
        });
    from_trusted
        && request
            .headers()
            .get("x-forwarded-proto")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"))
}

/// The headers every response carries.
pub async fn headers(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // Browsers reach us over TLS when the public URL says so, even through a
    // proxy not (yet) listed as trusted.
    let tls = over_tls(&request, &state.config) || state.config.public_url.starts_with("https://");
    let docs = request.uri().path().starts_with("/docs");
    let api = request.uri().path().starts_with("/v1/");
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, name: HeaderName, value: &'static str| {
        h.insert(name, HeaderValue::from_static(value));
    };
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::REFERRER_POLICY, "no-referrer");
    // A page that sets its own policy keeps it.
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        set(
            h,
            header::CONTENT_SECURITY_POLICY,
            if docs { CSP_DOCS } else { CSP_API },
        );
    }
    set(
        h,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    if tls {
        set(h, header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    // Answers about accounts are nobody's to cache.
    if api && !h.contains_key(header::CACHE_CONTROL) {
        set(h, header::CACHE_CONTROL, "no-store");
    }
    h.remove(header::SERVER);
    response
}

/// CORS for the configured origins; `None` (no CORS headers at all) when
/// none are. Bearer tokens travel in a header, not a cookie, so credentials
/// (cookies) are not allowed across origins.
pub fn cors(config: &Config) -> Option<CorsLayer> {
    if config.cors_origins.is_empty() {
        return None;
    }
    let origins: Vec<HeaderValue> = config
        .cors_origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([
                Method::GET,
                Method::POST,
                Method::PATCH,
                Method::PUT,
                Method::DELETE,
            ])
            .allow_headers(
                [header::AUTHORIZATION, header::CONTENT_TYPE]
                    .into_iter()
                    .chain(config.cors_allow_headers.iter().cloned())
                    .collect::<Vec<_>>(),
            )
            // WWW-Authenticate tells a browser app to refresh or sign in again.
            .expose_headers([
                header::RETRY_AFTER,
                HeaderName::from_static("x-request-id"),
                header::LOCATION,
                header::WWW_AUTHENTICATE,
            ])
            .allow_credentials(false)
            .max_age(Duration::from_secs(600)),
    )
}
