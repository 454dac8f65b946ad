//! The `HousekeepingStore` port: deleting what is finished and past its
//! retention: ended sessions (with their refresh tokens), used or expired
//! one-time tokens and authorization codes, sent or failed emails, old audit
//! events, idle counters, and what is left of deleted tenants.

use async_trait::async_trait;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Condition};

use super::SqlStore;
use super::entities::{
    audit_events, login_throttle, mfa_challenges, oauth_codes, oauth_device_grants,
    one_time_tokens, outbox, passkey_ceremonies, rate_limit_buckets, sessions,
};
use super::outbox::{FAILED, SENT};
use crate::core::error::Result;
use crate::core::ports::{Expired, HousekeepingStore};

#[async_trait]
impl HousekeepingStore for SqlStore {
    async fn purge(&self, expired: Expired) -> Result<u64> {
        let db = self.writer();
        let mut deleted = 0;
        // Refresh tokens go with their sessions (cascade).
        deleted += sessions::Entity::delete_many()
            .filter(
                Condition::any()
                    .add(sessions::Column::ExpiresAt.lt(expired.sessions))
                    .add(sessions::Column::RevokedAt.lt(expired.sessions)),
            )
            .exec(db)
            .await?
            .rows_affected;
        deleted += one_time_tokens::Entity::delete_many()
            .filter(
                Condition::any()
                    .add(one_time_tokens::Column::ExpiresAt.lt(expired.one_time_tokens))
                    .add(one_time_tokens::Column::UsedAt.lt(expired.one_time_tokens)),
            )
            .exec(db)
            .await?
            .rows_affected;
        // Codes live 60 s; past the one-time tokens' bound a replay is
        // long over.
        deleted += oauth_codes::Entity::delete_many()
            .filter(oauth_codes::Column::ExpiresAt.lt(expired.one_time_tokens))
            .exec(db)
            .await?
            .rows_affected;
        // Device codes live ten minutes.
        deleted += oauth_device_grants::Entity::delete_many()
            .filter(oauth_device_grants::Column::ExpiresAt.lt(expired.one_time_tokens))
            .exec(db)
            .await?
            .rows_affected;
        // Second steps live five minutes.
        deleted += mfa_challenges::Entity::delete_many()
            .filter(mfa_challenges::Column::ExpiresAt.lt(expired.one_time_tokens))
            .exec(db)
            .await?
            .rows_affected;
        // Passkey ceremonies too.
        deleted += passkey_ceremonies::Entity::delete_many()
            .filter(passkey_ceremonies::Column::ExpiresAt.lt(expired.one_time_tokens))
            .exec(db)
            .await?
            .rows_affected;
        deleted += outbox::Entity::delete_many()
            .filter(outbox::Column::Status.is_in([SENT, FAILED]))
            .filter(outbox::Column::CreatedAt.lt(expired.outbox))
            .exec(db)
            .await?
            .rows_affected;
        deleted += audit_events::Entity::delete_many()
            .filter(audit_events::Column::At.lt(expired.audit_events))
            .exec(db)
            .await?
            .rows_affected;
        deleted += login_throttle::Entity::delete_many()
            .filter(login_throttle::Column::LastFailureAt.lt(expired.throttle))
            .exec(db)
            .await?
            .rows_affected;
        deleted += rate_limit_buckets::Entity::delete_many()
            .filter(rate_limit_buckets::Column::UpdatedAt.lt(expired.throttle))
            .exec(db)
            .await?
            .rows_affected;
        // Tenants whose erasure was cut short.
        deleted += super::tenants::erase_deleted_tenants(db).await?;
        Ok(deleted)
    }
}
