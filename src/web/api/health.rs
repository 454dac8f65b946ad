//! The operational endpoints: liveness, readiness, the public keys and the
//! metrics.

use axum::{
    Json,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use secrecy::ExposeSecret as _;
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq as _;

use crate::core::Error;
use crate::web::shared::error::{Result, WebError};
use crate::web::shared::extract::bearer_token;
use crate::web::shared::metrics as recorder;
use crate::web::shared::problem::Problem;
use crate::web::state::AppState;

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "Alive", example = json!({"status": "ok"}))))]
pub async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// The database answers. 503 (quickly) when it does not.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses((status = 200, description = "Ready"), (status = 503, description = "Database unreachable")))]
pub async fn readyz(State(state): State<AppState>) -> Response {
    if state.probes.ready().await {
        (StatusCode::OK, Json(json!({"status": "ready"}))).into_response()
    } else {
        let cause = anyhow::anyhow!("readiness check: database did not answer");
        WebError::from(Error::Unavailable(cause)).into_response()
    }
}

/// The public keys that verify access tokens (JWKS, RFC 7517).
#[utoipa::path(get, path = "/.well-known/jwks.json", tag = "operations",
    responses((status = 200, description = "JSON Web Key Set")))]
pub async fn jwks(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "public, max-age=60")],
        Json(state.probes.jwks()),
    )
}

/// Metric families that move only for accounts that exist (an email is sent
/// after forgot-password only to a real account): served only to a scraper
/// holding PALISADE_METRICS_TOKEN, never on an open /metrics.
const ACCOUNT_REVEALING: &[&str] = &["palisade_emails_"];

/// Whether the scraper may read every metric: `Ok(false)` when no token is
/// configured (then the account-revealing ones are left out), else only
/// with `Authorization: Bearer <token>`. Digests are compared, in constant
/// time, so neither the token nor its length shows in the timing.
fn authorized(state: &AppState, headers: &HeaderMap) -> Result<bool> {
    let Some(expected) = &state.config.metrics_token else {
        return Ok(false);
    };
    let presented = bearer_token(headers).ok_or(WebError::MissingToken)?;
    let digest = |token: &str| Sha256::digest(token.as_bytes());
    if bool::from(digest(presented).ct_eq(&digest(expected.expose_secret()))) {
        Ok(true)
    } else {
        Err(Error::InvalidToken.into())
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
        (status = 401, description = "PALISADE_METRICS_TOKEN is set and this is not it", body = Problem)))]
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Result<Response> {
    let everything = authorized(&state, &headers)?;
    // Pool usage is read when scraped.
    let pool = state.probes.pool();
    ::metrics::gauge!("palisade_db_pool_connections", "state" => "idle").set(f64::from(pool.idle));
    ::metrics::gauge!("palisade_db_pool_connections", "state" => "in_use")
        .set(f64::from(pool.open.saturating_sub(pool.idle)));
    ::metrics::gauge!("palisade_db_pool_max_connections").set(f64::from(state.config.db_pool_size));
    let body = recorder::render();
    let body = if everything {
        body
    } else {
        without_account_revealing(&body)
    };
    Ok(([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], body).into_response())
}
