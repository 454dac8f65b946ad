//! Prometheus metrics: the recorder, `/metrics`, and the middleware that
//! counts and times every request by route (the route template, never the
//! raw path, so ids and tokens stay out of label values).

use std::sync::OnceLock;
use std::time::Instant;

use axum::{
    extract::{MatchedPath, Request, State},
    http::{HeaderMap, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sea_orm::DbBackend;
use secrecy::ExposeSecret as _;
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq as _;

use crate::app::AppState;
use crate::error::Error;

static RECORDER: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Latency buckets (seconds): from cached token checks to slow hashes.
const BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

/// Installs the process-wide recorder (once, however many applications a
/// test process builds).
pub fn install() {
    RECORDER.get_or_init(|| {
        PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), BUCKETS)
            .ok()?
            .install_recorder()
            .ok()
            .inspect(|handle| {
                // Histograms are summarized as samples arrive only when
                // upkeep runs; without it an unscraped instance keeps them all.
                let handle = handle.clone();
                std::thread::spawn(move || {
                    loop {
                        std::thread::sleep(std::time::Duration::from_secs(5));
                        handle.run_upkeep();
                    }
                });
            })
    });
}

/// Counts and times each request.
pub async fn track(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    // Clients may send any method name: only the standard ones become labels.
    let method = match request.method().as_str() {
        m @ ("GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS") => m.to_owned(),
        _ => "OTHER".to_owned(),
    };
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("palisade_http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("palisade_http_request_duration_seconds", "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}

/// Metric families that move only for accounts that exist (an email is sent
/// after forgot-password only to a real account): served only to a scraper
/// holding PALISADE_METRICS_TOKEN, never on an open /metrics.
const ACCOUNT_REVEALING: &[&str] = &["palisade_emails_"];

/// Whether the scraper may read every metric: `Ok(false)` when no token is
/// configured (then the account-revealing ones are left out), else only
/// with `Authorization: Bearer <token>`. Digests are compared, in constant
/// time, so neither the token nor its length shows in the timing.
fn authorized(state: &AppState, headers: &HeaderMap) -> Result<bool, Error> {
    let Some(expected) = &state.config.metrics_token else {
        return Ok(false);
    };
    let presented = super::extract::bearer_token(headers).ok_or(Error::MissingToken)?;
    let digest = |token: &str| Sha256::digest(token.as_bytes());
    if bool::from(digest(presented).ct_eq(&digest(expected.expose_secret()))) {
        Ok(true)
    } else {
        Err(Error::InvalidToken)
    }
}

/// The exposition without the families that reveal accounts.
fn without_account_revealing(body: &str) -> String {
    let mut kept: String = body
        .lines()
        .filter(|line| {
            let name = line
                .trim_start_matches("# HELP ")
                .trim_start_matches("# TYPE ");
            !ACCOUNT_REVEALING
                .iter()
                .any(|prefix| name.starts_with(prefix))
        })
        .flat_map(|line| [line, "\n"])
        .collect();
    kept.push_str("# palisade_emails_* are served only with PALISADE_METRICS_TOKEN set\n");
    kept
}

/// Counters, histograms and gauges in the Prometheus text format. With
/// PALISADE_METRICS_TOKEN set, only for `Authorization: Bearer <token>`.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    security((), ("bearer" = [])),
    responses((status = 200, description = "Prometheus text exposition format", content_type = "text/plain"),
        (status = 401, description = "PALISADE_METRICS_TOKEN is set and this is not it", body = super::error::Problem)))]
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, Error> {
    let everything = authorized(&state, &headers)?;
    // Pool usage is read when scraped.
    let (size, idle) = match state.db.get_database_backend() {
        DbBackend::Postgres => {
            let pool = state.db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        DbBackend::Sqlite => {
            let pool = state.db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => (0, 0),
    };
    let idle = u32::try_from(idle).unwrap_or(u32::MAX);
    metrics::gauge!("palisade_db_pool_connections", "state" => "idle").set(f64::from(idle));
    metrics::gauge!("palisade_db_pool_connections", "state" => "in_use")
        .set(f64::from(size.saturating_sub(idle)));
    metrics::gauge!("palisade_db_pool_max_connections").set(f64::from(state.config.db_pool_size));
    let body = RECORDER
        .get()
        .and_then(Option::as_ref)
        .map(|h| h.render())
        .unwrap_or_default();
    let body = if everything {
        body
    } else {
        without_account_revealing(&body)
    };
    Ok(([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body).into_response())
}
