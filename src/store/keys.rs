//! JWT signing keys, shared by every instance through the database.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    sea_query::{Condition, Expr},
};

use super::entities::signing_keys;
use crate::error::Result;

pub use signing_keys::Model as StoredKey;

pub struct NewKey {
    pub kid: String,
    pub alg: String,
    pub private_key: String,
    pub public_jwk: String,
}

/// Keys whose tokens may still be live: not retired, or retired after `since`.
/// Newest first, so the first key of an algorithm that is not retired signs.
pub async fn keys_in_use(
    db: &impl ConnectionTrait,
    since: DateTime<Utc>,
) -> Result<Vec<StoredKey>> {
    Ok(signing_keys::Entity::find()
        .filter(
            Condition::any()
                .add(signing_keys::Column::RetiredAt.is_null())
                .add(signing_keys::Column::RetiredAt.gt(since)),
        )
        .order_by_desc(signing_keys::Column::CreatedAt)
        .order_by_desc(signing_keys::Column::Kid)
        .all(db)
        .await?)
}

/// The key that signs for `alg`, if one is current.
pub async fn current_key(db: &impl ConnectionTrait, alg: &str) -> Result<Option<StoredKey>> {
    Ok(signing_keys::Entity::find()
        .filter(signing_keys::Column::Alg.eq(alg))
        .filter(signing_keys::Column::RetiredAt.is_null())
        .order_by_desc(signing_keys::Column::CreatedAt)
        .order_by_desc(signing_keys::Column::Kid)
        .one(db)
        .await?)
}

/// Retires the current keys of `key`'s algorithm and makes `key` the one that
/// signs. Keys of other algorithms are left alone: servers configured for
/// them keep signing. Call inside a transaction.
pub async fn rotate_signing_key(
    db: &impl ConnectionTrait,
    key: NewKey,
    now: DateTime<Utc>,
) -> Result<()> {
    signing_keys::Entity::update_many()
        .col_expr(signing_keys::Column::RetiredAt, Expr::value(now))
        .filter(signing_keys::Column::Alg.eq(key.alg.as_str()))
        .filter(signing_keys::Column::RetiredAt.is_null())
        .exec(db)
        .await?;
    signing_keys::ActiveModel {
        kid: Set(key.kid),
        alg: Set(key.alg),
        private_key: Set(key.private_key),
        public_jwk: Set(key.public_jwk),
        created_at: Set(now),
        retired_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}
