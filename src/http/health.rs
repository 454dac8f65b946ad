//! Liveness, readiness and the public keys.

use std::time::Duration;

use axum::{Json, extract::State, http::StatusCode, response::IntoResponse};
use serde_json::{Value, json};

use crate::app::AppState;
use crate::error::Error;
use crate::store;

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "Alive", example = json!({"status": "ok"}))))]
pub async fn healthz() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// The database answers. 503 (quickly) when it does not.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses((status = 200, description = "Ready"), (status = 503, description = "Database unreachable")))]
pub async fn readyz(State(state): State<AppState>) -> axum::response::Response {
    let ping = tokio::time::timeout(Duration::from_secs(2), store::ping(&state.db)).await;
    if matches!(ping, Ok(true)) {
        (StatusCode::OK, Json(json!({"status": "ready"}))).into_response()
    } else {
        Error::Unavailable("readiness check: database did not answer".into()).into_response()
    }
}

/// The public keys that verify access tokens (JWKS, RFC 7517).
#[utoipa::path(get, path = "/.well-known/jwks.json", tag = "operations",
    responses((status = 200, description = "JSON Web Key Set")))]
pub async fn jwks(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(axum::http::header::CACHE_CONTROL, "public, max-age=60")],
        Json(state.keys.jwks()),
    )
}
