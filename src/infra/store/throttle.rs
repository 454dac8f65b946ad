//! Password-attempt counters (per email address and client, and per account
//! and client for re-authentication) and the per-client request buckets:
//! the `ThrottleStore` port. In the database, so that every instance behind
//! a load balancer agrees. Each operation is one short transaction that
//! writes first, so concurrent requests for one key (on any instance) queue
//! on its row.

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set,
    TransactionTrait,
    sea_query::{Expr, OnConflict},
};

use super::SqlStore;
use super::entities::{login_throttle, rate_limit_buckets};
use super::scope::Owned;
use crate::core::error::Result;
use crate::core::ports::{Allowance, Bucket, ThrottleStore};

#[async_trait]
impl ThrottleStore for SqlStore {
    /// Counting first, under the row's lock, means a burst of concurrent
    /// guesses queues here and all but the first are refused; checking the
    /// password first would let the whole burst through.
    async fn begin_attempt(
        &self,
        key: &str,
        subject: &str,
        now: DateTime<Utc>,
        delay: fn(i32) -> TimeDelta,
    ) -> Result<Allowance> {
        let tenant = self.tenant();
        let txn = self.writer().begin().await?;
        let row = lock_attempts(tenant, &txn, key, subject, now).await?;
        if let Some(until) = row.blocked_until.filter(|until| *until > now) {
            txn.commit().await?;
            let wait = ((until - now).num_milliseconds() + 999) / 1000;
            return Ok(Allowance::RetryAfter(
                u64::try_from(wait.max(1)).unwrap_or(1),
            ));
        }
        let attempts = row.failures.saturating_add(1);
        let wait = delay(attempts);
        login_throttle::Entity::update_in(tenant)
            .col_expr(login_throttle::Column::Failures, Expr::value(attempts))
            .col_expr(login_throttle::Column::LastFailureAt, Expr::value(now))
            .col_expr(
                login_throttle::Column::BlockedUntil,
                Expr::value((wait > TimeDelta::zero()).then(|| now + wait)),
            )
            .filter(login_throttle::Column::AttemptKey.eq(key))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(Allowance::Allowed)
    }

    async fn clear_attempts(&self, key: &str) -> Result<()> {
        let tenant = self.tenant();
        login_throttle::Entity::delete_by_id((tenant.to_owned(), key.to_owned()))
            .exec(self.writer())
            .await?;
        Ok(())
    }

    async fn take(&self, key: &str, bucket: Bucket, now: DateTime<Utc>) -> Result<Allowance> {
        let tenant = self.tenant();
        let txn = self.writer().begin().await?;
        let (tokens, since) = lock_bucket(tenant, &txn, key, bucket, now).await?;
        let elapsed = (now - since).max(TimeDelta::zero()).as_seconds_f64();
        let available = (tokens + elapsed * bucket.per_second).min(bucket.capacity);
        let (left, allowance) = if available >= 1.0 {
            (available - 1.0, Allowance::Allowed)
        } else {
            let wait = ((1.0 - available) / bucket.per_second).ceil().max(1.0);
            (available, Allowance::RetryAfter(wait as u64))
        };
        rate_limit_buckets::Entity::update_in(tenant)
            .col_expr(rate_limit_buckets::Column::Tokens, Expr::value(left))
            .col_expr(rate_limit_buckets::Column::UpdatedAt, Expr::value(now))
            .filter(rate_limit_buckets::Column::Client.eq(key))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(allowance)
    }
}

/// The counter of `key`, created when missing, its row locked (PostgreSQL;
/// SQLite's write lock is already ours).
async fn lock_attempts(
    tenant: &str,
    txn: &DatabaseTransaction,
    key: &str,
    subject: &str,
    now: DateTime<Utc>,
) -> Result<login_throttle::Model> {
    login_throttle::Entity::insert(login_throttle::ActiveModel {
        tenant: Set(tenant.to_owned()),
        attempt_key: Set(key.to_owned()),
        subject: Set(Some(subject.to_owned())),
        failures: Set(0),
        last_failure_at: Set(now),
        blocked_until: Set(None),
    })
    .on_conflict(
        OnConflict::columns([
            login_throttle::Column::Tenant,
            login_throttle::Column::AttemptKey,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    login_throttle::Entity::update_in(tenant)
        .col_expr(
            login_throttle::Column::Failures,
            Expr::col(login_throttle::Column::Failures),
        )
        .filter(login_throttle::Column::AttemptKey.eq(key))
        .exec(txn)
        .await?;
    login_throttle::Entity::find_by_id((tenant.to_owned(), key.to_owned()))
        .one(txn)
        .await?
        .ok_or_else(|| crate::core::error::Error::bug("a counter vanished under its lock"))
}

/// The bucket of `key` (full when new), its row locked; its tokens and when
/// they were counted.
async fn lock_bucket(
    tenant: &str,
    txn: &DatabaseTransaction,
    key: &str,
    bucket: Bucket,
    now: DateTime<Utc>,
) -> Result<(f64, DateTime<Utc>)> {
    rate_limit_buckets::Entity::insert(rate_limit_buckets::ActiveModel {
        tenant: Set(tenant.to_owned()),
        client: Set(key.to_owned()),
        tokens: Set(bucket.capacity),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([
            rate_limit_buckets::Column::Tenant,
            rate_limit_buckets::Column::Client,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    rate_limit_buckets::Entity::update_in(tenant)
        .col_expr(
            rate_limit_buckets::Column::Tokens,
            Expr::col(rate_limit_buckets::Column::Tokens),
        )
        .filter(rate_limit_buckets::Column::Client.eq(key))
        .exec(txn)
        .await?;
    let row = rate_limit_buckets::Entity::find_by_id((tenant.to_owned(), key.to_owned()))
        .one(txn)
        .await?;
    Ok(row.map_or((bucket.capacity, now), |r| (r.tokens, r.updated_at)))
}

/// Forgets the counters of these subjects (erasure): exact values, never a
/// pattern, so an address like `%@example.org` erases only its own.
pub(super) async fn forget_subjects(
    tenant: &str,
    db: &impl ConnectionTrait,
    subjects: &[&str],
) -> Result<()> {
    login_throttle::Entity::delete_in(tenant)
        .filter(login_throttle::Column::Subject.is_in(subjects.iter().copied()))
        .exec(db)
        .await?;
    Ok(())
}
