//! /v1/users/me/sessions: the caller's live sessions, and ending one.

use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::web::shared::error::Result;
use crate::web::shared::extract::{AuthUser, Client, path_id};
use crate::web::shared::problem::Problem;
use crate::web::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionDto {
    id: Uuid,
    created_at: DateTime<Utc>,
    last_used_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    ip: Option<String>,
    user_agent: Option<String>,
    /// True for the session of the token that made this request.
    current: bool,
}

/// The caller's live sessions, newest first.
#[utoipa::path(get, path = "/v1/users/me/sessions", tag = "sessions", security(("oauth2" = []), ("bearer" = [])),
    responses((status = 200, body = [SessionDto]), (status = 401, body = Problem)))]
pub async fn list_sessions(
    State(state): State<AppState>,
    AuthUser(who): AuthUser,
) -> Result<Json<Vec<SessionDto>>> {
    let sessions = state.services.sessions.list(&who).await?;
    Ok(Json(
        sessions
            .into_iter()
            .map(|s| SessionDto {
                current: s.id == who.session_id,
                id: s.id,
                created_at: s.created_at,
                last_used_at: s.last_used_at,
                expires_at: s.expires_at,
                ip: s.ip,
                user_agent: s.user_agent,
            })
            .collect(),
    ))
}

/// End one of the caller's sessions: its tokens stop working at once.
#[utoipa::path(delete, path = "/v1/users/me/sessions/{id}", tag = "sessions", security(("oauth2" = []), ("bearer" = [])),
    params(("id" = Uuid, Path, description = "Session id")),
    responses((status = 204, description = "Session ended"), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn delete_session(
    State(state): State<AppState>,
    Client(client): Client,
    AuthUser(who): AuthUser,
    Path(id): Path<String>,
) -> Result<StatusCode> {
    let id = path_id(&id)?;
    state.services.sessions.revoke(&who, id, &client).await?;
    Ok(StatusCode::NO_CONTENT)
}
