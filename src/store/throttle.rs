//! Failed-login counters per email address, in the database so that every
//! instance behind a load balancer agrees.

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait,
    sea_query::{Expr, ExprTrait as _, OnConflict},
};

use super::Db;
use super::entities::login_throttle;
use crate::error::Result;

/// The failures counted for `email`, and until when its logins must wait.
pub async fn state_of(
    db: &impl ConnectionTrait,
    email: &str,
) -> Result<Option<(i32, Option<DateTime<Utc>>)>> {
    Ok(login_throttle::Entity::find_by_id(email)
        .one(db)
        .await?
        .map(|row| (row.failures, row.blocked_until)))
}

/// Counts a failure; `delay(failures)` says how long the next attempt waits.
/// Returns the new count.
pub async fn record_failure(
    db: &Db,
    email: &str,
    now: DateTime<Utc>,
    delay: impl Fn(i32) -> TimeDelta,
) -> Result<i32> {
    let txn = db.begin().await?;
    // One upsert, written first: concurrent failures all count, and SQLite's
    // write lock is taken before any read.
    login_throttle::Entity::insert(login_throttle::ActiveModel {
        email: Set(email.to_owned()),
        failures: Set(1),
        last_failure_at: Set(now),
        blocked_until: Set(None),
    })
    .on_conflict(
        OnConflict::column(login_throttle::Column::Email)
            .value(
                login_throttle::Column::Failures,
                Expr::col((login_throttle::Entity, login_throttle::Column::Failures))
                    .add(Expr::val(1)),
            )
            .update_column(login_throttle::Column::LastFailureAt)
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    let failures = login_throttle::Entity::find_by_id(email)
        .one(&txn)
        .await?
        .map_or(1, |row| row.failures);
    let wait = delay(failures);
    if wait > TimeDelta::zero() {
        login_throttle::Entity::update_many()
            .col_expr(
                login_throttle::Column::BlockedUntil,
                Expr::value(now + wait),
            )
            .filter(login_throttle::Column::Email.eq(email))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(failures)
}

/// A successful login starts the count afresh.
pub async fn clear(db: &impl ConnectionTrait, email: &str) -> Result<()> {
    login_throttle::Entity::delete_by_id(email).exec(db).await?;
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
