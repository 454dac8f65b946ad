//! The audit log: append-only events, written in the transaction of the
//! change they record (`record`); the `AuditStore` port; retention.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, sea_query::Condition,
};
use uuid::Uuid;

use super::SqlStore;
use super::entities::audit_events;
use super::scope::Owned;
use crate::core::audit::NewEvent;
use crate::core::error::Result;
use crate::core::model::AuditEvent;
use crate::core::ports::{AuditFilter, AuditStore};

impl From<audit_events::Model> for AuditEvent {
    fn from(row: audit_events::Model) -> Self {
        Self {
            id: row.id,
            at: row.at,
            action: row.action,
            actor_id: row.actor_id,
            target_id: row.target_id,
            ip: row.ip,
            user_agent: row.user_agent,
            details: row.details,
        }
    }
}

#[async_trait]
impl AuditStore for SqlStore {
    async fn record(&self, event: NewEvent, now: DateTime<Utc>) -> Result<()> {
        let tenant = self.tenant();
        record(tenant, self.writer(), event, now).await
    }

    async fn list_events(
        &self,
        filter: &AuditFilter,
        page: u64,
        per_page: u64,
    ) -> Result<(Vec<AuditEvent>, u64)> {
        let tenant = self.tenant();
        list_events(tenant, self.db(), filter, page, per_page).await
    }
}

/// Writes `event`; call with the transaction of the change it records.
pub async fn record(
    tenant: &str,
    db: &impl ConnectionTrait,
    event: NewEvent,
    now: DateTime<Utc>,
) -> Result<()> {
    audit_events::ActiveModel {
        tenant: Set(tenant.to_owned()),
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

/// One page of events, newest first, and how many match in all.
async fn list_events(
    tenant: &str,
    db: &impl ConnectionTrait,
    filter: &AuditFilter,
    page: u64,
    per_page: u64,
) -> Result<(Vec<AuditEvent>, u64)> {
    let mut query = audit_events::Entity::find_in(tenant);
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
    Ok((items.into_iter().map(Into::into).collect(), total))
}
