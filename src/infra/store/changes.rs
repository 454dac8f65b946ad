//! What every instance watches across all tenants at once, so that the
//! polling that bounds a missed notice costs one query per interval, not
//! one per tenant: the permission epochs and the signing keys in use.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};

use super::Db;
use super::entities::{cache_epochs, signing_keys};
use crate::core::error::Result;

/// Every tenant's permissions epoch (bumped by each change of its roles or
/// grants).
pub async fn rbac_epochs(db: &Db) -> Result<HashMap<String, i64>> {
    let rows: Vec<(String, i64)> = cache_epochs::Entity::find()
        .select_only()
        .column(cache_epochs::Column::Tenant)
        .column(cache_epochs::Column::Value)
        .filter(cache_epochs::Column::Name.eq(super::roles::RBAC_EPOCH))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// A signing key as far as a key ring's contents depend on it: which key,
/// and whether (and when) it was retired. Revoked keys are left out, as
/// the ring leaves them out.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct KeyVersion {
    pub kid: String,
    pub retired_at: Option<DateTime<Utc>>,
}

/// Every tenant's unrevoked signing keys, without their key material.
pub async fn key_versions(db: &Db) -> Result<HashMap<String, Vec<KeyVersion>>> {
    let rows: Vec<(String, String, Option<DateTime<Utc>>)> = signing_keys::Entity::find()
        .select_only()
        .column(signing_keys::Column::Tenant)
        .column(signing_keys::Column::Kid)
        .column(signing_keys::Column::RetiredAt)
        .filter(signing_keys::Column::RevokedAt.is_null())
        .into_tuple()
        .all(db)
        .await?;
    let mut by_tenant: HashMap<String, Vec<KeyVersion>> = HashMap::new();
    for (tenant, kid, retired_at) in rows {
        by_tenant
            .entry(tenant)
            .or_default()
            .push(KeyVersion { kid, retired_at });
    }
    Ok(by_tenant)
}
