//! The audit log: append-only events, written in the transaction of the
//! change they record; listing and retention.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, sea_query::Condition,
};
use uuid::Uuid;

use super::entities::audit_events;
use crate::error::Result;

pub use audit_events::Model as AuditEvent;

/// An event to record. `details` must never hold a secret.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub action: &'static str,
    pub actor_id: Option<Uuid>,
    pub target_id: Option<Uuid>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub details: serde_json::Value,
}

pub async fn record(db: &impl ConnectionTrait, event: NewEvent, now: DateTime<Utc>) -> Result<()> {
    audit_events::ActiveModel {
        id: Set(Uuid::now_v7()),
        at: Set(now),
        action: Set(event.action.to_owned()),
        actor_id: Set(event.actor_id),
        target_id: Set(event.target_id),
        ip: Set(event.ip),
        user_agent: Set(event.user_agent),
        details: Set(event.details),
    }
    .insert(db)
    .await?;
    Ok(())
}

#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    /// Events where this user is the actor or the target.
    pub user_id: Option<Uuid>,
    pub action: Option<String>,
}

/// One page of events, newest first, and how many match in all.
pub async fn list_events(
    db: &impl ConnectionTrait,
    filter: &AuditFilter,
    page: u64,
    per_page: u64,
) -> Result<(Vec<AuditEvent>, u64)> {
    let mut query = audit_events::Entity::find();
    if let Some(user) = filter.user_id {
        query = query.filter(
            Condition::any()
                .add(audit_events::Column::ActorId.eq(user))
                .add(audit_events::Column::TargetId.eq(user)),
        );
    }
    if let Some(action) = &filter.action {
        query = query.filter(audit_events::Column::Action.eq(action.as_str()));
    }
    let total = query.clone().count(db).await?;
    let items = query
        .order_by_desc(audit_events::Column::At)
        .order_by_desc(audit_events::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    Ok((items, total))
}

/// Deletes events older than `before`; returns how many.
pub async fn purge_before(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64> {
    Ok(audit_events::Entity::delete_many()
        .filter(audit_events::Column::At.lt(before))
        .exec(db)
        .await?
        .rows_affected)
}
