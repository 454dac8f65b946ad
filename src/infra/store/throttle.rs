//! Password-attempt counters (per email address and client, and per account
//! and client for re-authentication): the `ThrottleStore` port. In the
//! database, so that every instance behind a load balancer agrees (the
//! per-client request buckets live in memory: core/buckets.rs; the old
//! `rate_limit_buckets` rows are only swept by housekeeping). Each operation is one short transaction that
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
use super::entities::login_throttle;
use super::scope::Owned;
use crate::core::error::Result;
use crate::core::ports::{Allowance, ThrottleStore};

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
