//! /v1/admin/audit: the audit log, newest first.

use axum::{Json, extract::State};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::core::Error;
use crate::core::model::AuditEvent;
use crate::core::ports::AuditFilter;
use crate::core::rbac::AuditRead;
use crate::web::shared::error::Result;
use crate::web::shared::extract::{Page, QueryMap, RequirePermission, query_text};
use crate::web::shared::problem::Problem;
use crate::web::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEventDto {
    id: Uuid,
    at: DateTime<Utc>,
    #[schema(example = "login.succeeded")]
    action: String,
    actor_id: Option<Uuid>,
    target_id: Option<Uuid>,
    ip: Option<String>,
    user_agent: Option<String>,
    /// Never holds a secret.
    #[schema(value_type = Object)]
    details: serde_json::Value,
}

impl From<AuditEvent> for AuditEventDto {
    fn from(e: AuditEvent) -> Self {
        Self {
            id: e.id,
            at: e.at,
            action: e.action,
            actor_id: e.actor_id,
            target_id: e.target_id,
            ip: e.ip,
            user_agent: e.user_agent,
            details: e.details,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditPage {
    items: Vec<AuditEventDto>,
    total: u64,
    page: u64,
    per_page: u64,
}

#[allow(dead_code)] // Read by utoipa only: documents the query string.
#[derive(IntoParams)]
#[into_params(parameter_in = Query)]
struct AuditQuery {
    /// Events where this user is the actor or the target.
    user_id: Option<Uuid>,
    /// Only this action, e.g. `login.failed`.
    action: Option<String>,
    /// Page number, from 1.
    #[param(minimum = 1, maximum = 1_000_000_000)]
    page: Option<u64>,
    /// Items per page: default 20; more than 100 gives 100.
    #[param(minimum = 1, maximum = 1_000_000_000)]
    per_page: Option<u64>,
}

/// The audit log, newest first.
#[utoipa::path(get, path = "/v1/admin/audit", tag = "admin", params(AuditQuery),
    security(("oauth2" = []), ("bearer" = [])),
    responses((status = 200, body = AuditPage), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)))]
pub async fn list_audit(
    State(state): State<AppState>,
    RequirePermission(granted): RequirePermission<AuditRead>,
    QueryMap(query): QueryMap,
) -> Result<Json<AuditPage>> {
    let Page { page, per_page } = Page::parse(&query)?;
    // As documented (`format: uuid`): the hyphenated form, nothing else.
    let user_id = match query.get("user_id") {
        Some(raw) => Some(
            Some(raw)
                .filter(|raw| raw.len() == 36)
                .and_then(|raw| Uuid::parse_str(raw).ok())
                .ok_or_else(|| {
                    Error::invalid("user_id", "invalid", "Expected a user id (UUID).")
                })?,
        ),
        None => None,
    };
    let filter = AuditFilter {
        user_id,
        action: query_text(&query, "action").map(str::to_owned),
    };
    let (events, total) = state
        .services
        .audit
        .list(&granted, &filter, page, per_page)
        .await?;
    Ok(Json(AuditPage {
        items: events.into_iter().map(AuditEventDto::from).collect(),
        total,
        page,
        per_page,
    }))
}
