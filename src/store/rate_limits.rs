//! Token buckets per client, shared by every instance through the database.
//! Each take is one short transaction that writes first, so concurrent
//! requests from one client (on any instance) queue on the bucket's row.

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait,
    sea_query::{Expr, OnConflict},
};

use super::Db;
use super::entities::rate_limit_buckets as buckets;
use crate::error::Result;

/// A bucket holding up to `capacity` tokens, refilled at `per_second`.
#[derive(Debug, Clone, Copy)]
pub struct Bucket {
    pub capacity: f64,
    pub per_second: f64,
}

/// Takes one token from `client`'s bucket: `Ok(())`, or `Err(seconds)` until
/// one is back.
pub async fn take(
    db: &Db,
    client: &str,
    bucket: Bucket,
    now: DateTime<Utc>,
) -> Result<Result<(), u64>> {
    let txn = db.begin().await?;
    buckets::Entity::insert(buckets::ActiveModel {
        client: Set(client.to_owned()),
        tokens: Set(bucket.capacity),
        updated_at: Set(now),
    })
    .on_conflict(
        OnConflict::column(buckets::Column::Client)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    // Lock the row (PostgreSQL; SQLite's write lock is already ours).
    buckets::Entity::update_many()
        .col_expr(buckets::Column::Tokens, Expr::col(buckets::Column::Tokens))
        .filter(buckets::Column::Client.eq(client))
        .exec(&txn)
        .await?;
    let row = buckets::Entity::find_by_id(client).one(&txn).await?;
    let (tokens, since) = row.map_or((bucket.capacity, now), |r| (r.tokens, r.updated_at));
    let elapsed = (now - since).max(TimeDelta::zero()).as_seconds_f64();
    let available = (tokens + elapsed * bucket.per_second).min(bucket.capacity);
    let (left, outcome) = if available >= 1.0 {
        (available - 1.0, Ok(()))
    } else {
        let wait = ((1.0 - available) / bucket.per_second).ceil().max(1.0);
        (available, Err(wait as u64))
    };
    buckets::Entity::update_many()
        .col_expr(buckets::Column::Tokens, Expr::value(left))
        .col_expr(buckets::Column::UpdatedAt, Expr::value(now))
        .filter(buckets::Column::Client.eq(client))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(outcome)
}

/// Forgets buckets untouched since `before` (they would be full anyway).
pub async fn purge_before(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64> {
    Ok(buckets::Entity::delete_many()
        .filter(buckets::Column::UpdatedAt.lt(before))
        .exec(db)
        .await?
        .rows_affected)
}
