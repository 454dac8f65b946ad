//! /admin/audit: the audit log, filtered by user and action, a page at a time.

use askama::Template;
use axum::{
    extract::{RawQuery, State},
    http::StatusCode,
};
use uuid::Uuid;

use super::{Allowed, Pager, admin, text};
use crate::core::model::AuditEvent;
use crate::core::ports::AuditFilter;
use crate::core::rbac::AuditRead;
use crate::web::pages::auth::query;
use crate::web::pages::{Frame, PageResult, Visit, render};
use crate::web::shared::extract::{Page, query_text};
use crate::web::state::AppState;

#[derive(Template)]
#[template(path = "pages/admin_audit.html")]
struct AuditPage<'a> {
    frame: Frame,
    can: Allowed,
    section: &'a str,
    events: Vec<AuditEvent>,
    user_id: &'a str,
    /// Whether `user_id` is no user id (said beside the field).
    user_id_invalid: bool,
    action: &'a str,
    total: u64,
    pager: Pager,
}

pub(super) async fn audit_page(
    State(state): State<AppState>,
    visit: Visit,
    RawQuery(raw): RawQuery,
) -> PageResult {
    let (granted, can) = admin::<AuditRead>(&state, &visit).await?;
    let query = query(raw);
    let page = Page::parse(&query)?;
    let (user_id, action) = (text(&query, "user_id"), text(&query, "action"));
    let parsed = Some(user_id).filter(|v| !v.is_empty()).map(Uuid::parse_str);
    let user_id_invalid = matches!(parsed, Some(Err(_)));
    let filter = AuditFilter {
        user_id: parsed.and_then(Result::ok),
        action: query_text(&query, "action").map(str::to_owned),
    };
    let (events, total) = if user_id_invalid {
        (Vec::new(), 0)
    } else {
        let listed = state
            .services
            .audit
            .list(&granted, &filter, page.page, page.per_page);
        listed.await?
    };
    let filters = [("user_id", user_id), ("action", action)];
    let view = AuditPage {
        frame: visit.frame(&state, "admin-audit-title").await,
        can,
        section: "audit",
        events,
        user_id,
        user_id_invalid,
        action,
        total,
        pager: Pager::new("/admin/audit", &filters, page, total),
    };
    let status = if user_id_invalid {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(render(status, &view))
}
