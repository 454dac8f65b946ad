//! Password-attempt counters (per email address and client, and per account
//! for re-authentication), in the database so that every instance behind a
//! load balancer agrees.

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait,
    sea_query::{Expr, OnConflict},
};

use super::Db;
use super::entities::login_throttle;
use crate::error::Result;

/// Counts one password attempt for `key` before the password is checked,
/// and refuses it while an earlier one holds the key back: `Err(seconds)`.
/// Counting first, under the row's lock, means a burst of concurrent guesses
/// queues here and all but the first are refused; checking the password
/// first would let the whole burst through. `delay(attempts)` says how long
/// the next attempt must wait.
pub async fn begin_attempt(
    db: &Db,
    key: &str,
    subject: &str,
    now: DateTime<Utc>,
    delay: impl Fn(i32) -> TimeDelta,
) -> Result<Result<(), u64>> {
    let txn = db.begin().await?;
    login_throttle::Entity::insert(login_throttle::ActiveModel {
        email: Set(key.to_owned()),
        subject: Set(Some(subject.to_owned())),
        failures: Set(0),
        last_failure_at: Set(now),
        blocked_until: Set(None),
    })
    .on_conflict(
        OnConflict::column(login_throttle::Column::Email)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    // Lock the row (PostgreSQL; SQLite's write lock is already ours).
    login_throttle::Entity::update_many()
        .col_expr(
            login_throttle::Column::Failures,
            Expr::col(login_throttle::Column::Failures),
        )
        .filter(login_throttle::Column::Email.eq(key))
        .exec(&txn)
        .await?;
    let row = login_throttle::Entity::find_by_id(key).one(&txn).await?;
    let attempts = row.as_ref().map_or(0, |r| r.failures);
    if let Some(until) = row
        .and_then(|r| r.blocked_until)
        .filter(|until| *until > now)
    {
        txn.commit().await?;
        let wait = ((until - now).num_milliseconds() + 999) / 1000;
        return Ok(Err(u64::try_from(wait.max(1)).unwrap_or(1)));
    }
    let attempts = attempts.saturating_add(1);
    let wait = delay(attempts);
    login_throttle::Entity::update_many()
        .col_expr(login_throttle::Column::Failures, Expr::value(attempts))
        .col_expr(login_throttle::Column::LastFailureAt, Expr::value(now))
        .col_expr(
            login_throttle::Column::BlockedUntil,
            Expr::value((wait > TimeDelta::zero()).then(|| now + wait)),
        )
        .filter(login_throttle::Column::Email.eq(key))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(Ok(()))
}

/// A right password starts the count afresh.
pub async fn clear(db: &impl ConnectionTrait, email: &str) -> Result<()> {
    login_throttle::Entity::delete_by_id(email).exec(db).await?;
    Ok(())
}

/// Forgets the counters of these subjects (erasure): exact values, never a
/// pattern, so an address like `%@example.org` erases only its own.
pub async fn forget_subjects(db: &impl ConnectionTrait, subjects: &[&str]) -> Result<()> {
    login_throttle::Entity::delete_many()
        .filter(login_throttle::Column::Subject.is_in(subjects.iter().copied()))
        .exec(db)
        .await?;
    Ok(())
}

/// Forgets counters untouched since `before` (housekeeping).
pub async fn purge_before(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64> {
    Ok(login_throttle::Entity::delete_many()
        .filter(login_throttle::Column::LastFailureAt.lt(before))
        .exec(db)
        .await?
        .rows_affected)
}
