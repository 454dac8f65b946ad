//! Defences every response gets: security headers, CORS, and the per-client-IP
//! rate limit on /v1/auth/*.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::{
    extract::{ConnectInfo, Request, State},
    http::{HeaderName, HeaderValue, Method, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter, clock::Clock as _};
use tower_http::cors::{AllowOrigin, CorsLayer};

use super::extract::client_ip;
use crate::app::AppState;
use crate::config::{Config, RateLimit};
use crate::error::Error;

/// For JSON (and anything that is not a page): nothing may load, nothing may frame.
const CSP_API: &str =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
/// Swagger UI: its own scripts and styles (it sets inline styles), images
/// including data: URIs, and calls to this server only.
const CSP_DOCS: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
const HSTS: &str = "max-age=63072000; includeSubDomains";

/// Per-client-IP token buckets for the /v1/auth/* endpoints, held by this
/// instance (a second line of defence is the per-account throttle, which
/// lives in the database and so is shared).
pub struct AuthRateLimit(DefaultKeyedRateLimiter<IpAddr>);

impl AuthRateLimit {
    pub fn new(limit: RateLimit) -> Option<Arc<Self>> {
        let RateLimit::Budget { requests, per } = limit else {
            return None;
        };
        let burst = NonZeroU32::new(requests)?;
        let quota = Quota::with_period(per / requests)?.allow_burst(burst);
        Some(Arc::new(Self(RateLimiter::keyed(quota))))
    }

    /// `Err(seconds to wait)` when `ip` has spent its budget.
    fn check(&self, ip: IpAddr) -> Result<(), u64> {
        self.0.check_key(&ip).map_err(|not_until| {
            let wait = not_until.wait_time_from(governor::clock::DefaultClock::default().now());
            wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
        })
    }

    /// Forgets idle clients, so memory follows the active ones.
    pub fn spawn_cleanup(self: &Arc<Self>) {
        let limiter = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                let Some(limiter) = limiter.upgrade() else {
                    break;
                };
                limiter.0.retain_recent();
            }
        });
    }
}

fn peer_ip(request: &Request, config: &Config) -> Option<IpAddr> {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()?
        .0
        .ip()
        .to_canonical();
    let forwarded: Vec<&str> = request
        .headers()
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    Some(client_ip(peer, &forwarded, &config.trusted_proxies))
}

/// 429 `rate_limited` with `Retry-After` once a client IP has spent its
/// budget on /v1/auth/*.
pub async fn rate_limit(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if let (Some(limiter), true) = (
        &state.rate_limit,
        request.uri().path().starts_with("/v1/auth/"),
    ) && let Some(ip) = peer_ip(&request, &state.config)
        && let Err(retry_after_secs) = limiter.check(ip)
    {
        metrics::counter!("palisade_rate_limited_total").increment(1);
        tracing::info!(path = %request.uri().path(), "rate limited");
        return Error::RateLimited { retry_after_secs }.into_response();
    }
    next.run(request).await
}

/// Whether the client reached us over TLS: natively, or through a trusted
/// proxy that says so.
fn over_tls(request: &Request, config: &Config) -> bool {
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
    let tls = over_tls(&request, &state.config);
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
    set(
        h,
        header::CONTENT_SECURITY_POLICY,
        if docs { CSP_DOCS } else { CSP_API },
    );
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
            .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
            .expose_headers([
                header::RETRY_AFTER,
                HeaderName::from_static("x-request-id"),
                header::LOCATION,
            ])
            .allow_credentials(false)
            .max_age(Duration::from_secs(600)),
    )
}
