//! Deleting what is finished and past its retention: ended sessions (with
//! their refresh tokens), used or expired one-time tokens, sent or failed
//! emails.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, sea_query::Condition};

use super::entities::{one_time_tokens, outbox, sessions};
use super::outbox::{FAILED, SENT};
use crate::error::Result;

/// Sessions that expired or were revoked before `before`; their refresh
/// tokens go with them (cascade).
pub async fn purge_sessions(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64> {
    Ok(sessions::Entity::delete_many()
        .filter(
            Condition::any()
                .add(sessions::Column::ExpiresAt.lt(before))
                .add(sessions::Column::RevokedAt.lt(before)),
        )
        .exec(db)
        .await?
        .rows_affected)
}

/// Reset and verification tokens used or expired before `before`.
pub async fn purge_one_time_tokens(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
) -> Result<u64> {
    Ok(one_time_tokens::Entity::delete_many()
        .filter(
            Condition::any()
                .add(one_time_tokens::Column::ExpiresAt.lt(before))
                .add(one_time_tokens::Column::UsedAt.lt(before)),
        )
        .exec(db)
        .await?
        .rows_affected)
}

/// Emails sent or given up on before `before`.
pub async fn purge_outbox(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64> {
    Ok(outbox::Entity::delete_many()
        .filter(outbox::Column::Status.is_in([SENT, FAILED]))
        .filter(outbox::Column::CreatedAt.lt(before))
        .exec(db)
        .await?
        .rows_affected)
}
