//! JWT signing keys, shared by every instance through the database: published
//! at creation, signing from `activates_at`, retired (published until their
//! tokens expire), or revoked (gone at once).

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
    sea_query::{Condition, Expr},
};

use super::entities::signing_keys;
use super::scope::Owned;
use crate::core::error::Result;

pub use signing_keys::Model as StoredKey;

pub struct NewKey {
    pub kid: String,
    pub alg: String,
    /// PEM; for HS256 a check value of the configured secret (never the secret).
    pub private_key: String,
    pub public_jwk: String,
}

impl StoredKey {
    /// When the key starts (or started) signing.
    pub fn active_from(&self) -> DateTime<Utc> {
        self.activates_at.unwrap_or(self.created_at)
    }
}

/// Keys whose tokens may still be live: not revoked, and not retired, or
/// retired after `since`. Newest first.
pub async fn keys_in_use(
    tenant: &str,
    db: &impl ConnectionTrait,
    since: DateTime<Utc>,
) -> Result<Vec<StoredKey>> {
    Ok(signing_keys::Entity::find_in(tenant)
        .filter(signing_keys::Column::RevokedAt.is_null())
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

/// The keys that sign at `now` or will (not retired by then, not revoked),
/// whatever their algorithm, the one that signs last first.
pub async fn live_keys(
    tenant: &str,
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<Vec<StoredKey>> {
    let mut keys = signing_keys::Entity::find_in(tenant)
        .filter(signing_keys::Column::RevokedAt.is_null())
        .filter(
            Condition::any()
                .add(signing_keys::Column::RetiredAt.is_null())
                .add(signing_keys::Column::RetiredAt.gt(now)),
        )
        .all(db)
        .await?;
    keys.sort_by_key(|k| std::cmp::Reverse((k.active_from(), k.kid.clone())));
    Ok(keys)
}

/// Publishes `key`, signing from `activates_at`, and retires every other key
/// at that moment, whatever its algorithm: until then they sign, after it
/// they stay published until their tokens have expired. Call inside a
/// transaction.
pub async fn publish_signing_key(
    tenant: &str,
    db: &impl ConnectionTrait,
    key: NewKey,
    activates_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<()> {
    signing_keys::Entity::update_in(tenant)
        .col_expr(signing_keys::Column::RetiredAt, Expr::value(activates_at))
        .filter(signing_keys::Column::RetiredAt.is_null())
        .exec(db)
        .await?;
    signing_keys::ActiveModel {
        tenant: Set(tenant.to_owned()),
        kid: Set(key.kid),
        alg: Set(key.alg),
        private_key: Set(key.private_key),
        public_jwk: Set(key.public_jwk),
        created_at: Set(now),
        retired_at: Set(None),
        activates_at: Set(Some(activates_at)),
        revoked_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Revokes the key `kid`: out of the JWKS and refused from now on. A key
/// revoked before its time gives back the time of the keys its publication
/// retired (they sign on). `None` when there is no such key (or it was
/// revoked already).
pub async fn revoke_signing_key(
    tenant: &str,
    db: &impl ConnectionTrait,
    kid: &str,
    now: DateTime<Utc>,
) -> Result<Option<StoredKey>> {
    let Some(key) = signing_keys::Entity::find_by_id((tenant.to_owned(), kid.to_owned()))
        .filter(signing_keys::Column::RevokedAt.is_null())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    if key.active_from() > now {
        signing_keys::Entity::update_in(tenant)
            .col_expr(
                signing_keys::Column::RetiredAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(signing_keys::Column::RetiredAt.eq(key.active_from()))
            .filter(signing_keys::Column::RevokedAt.is_null())
            .filter(signing_keys::Column::Kid.ne(kid))
            .exec(db)
            .await?;
    }
    let retired = key.retired_at.map_or(now, |at| at.min(now));
    let mut active: signing_keys::ActiveModel = key.into();
    active.revoked_at = Set(Some(now));
    active.retired_at = Set(Some(retired));
    Ok(Some(active.update(db).await?))
}
