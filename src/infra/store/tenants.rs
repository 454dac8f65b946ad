//! Tenants and the hosts they are served at: one row each, the settings as
//! JSON; a host belongs to one tenant (its primary key decides, so two
//! admins cannot give one host to two tenants). Each change is one
//! transaction with its audit event.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait, sea_query::Expr,
};

use super::entities::{tenant_hosts, tenants};
use super::{SqlStore, audit};
use crate::core::audit::NewEvent;
use crate::core::error::{Error, Result};
use crate::core::ports::{Tenant, TenantSettings, TenantStore, TenantWrite};

fn tenant(row: tenants::Model, hosts: Vec<String>) -> Result<Tenant> {
    let settings: TenantSettings = serde_json::from_str(&row.settings)
        .map_err(|_| Error::bug("a tenant's settings are not JSON"))?;
    Ok(Tenant {
        slug: row.slug,
        display_name: row.display_name,
        hosts,
        settings,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

fn row(t: &Tenant) -> Result<tenants::ActiveModel> {
    let settings =
        serde_json::to_string(&t.settings).map_err(|_| Error::bug("tenant settings as JSON"))?;
    Ok(tenants::ActiveModel {
        slug: Set(t.slug.clone()),
        display_name: Set(t.display_name.clone()),
        settings: Set(settings),
        created_at: Set(t.created_at),
        updated_at: Set(t.updated_at),
    })
}

/// Gives the tenant exactly `hosts`; false when one is another tenant's.
async fn set_hosts(txn: &DatabaseTransaction, slug: &str, hosts: &[String]) -> Result<bool> {
    tenant_hosts::Entity::delete_many()
        .filter(tenant_hosts::Column::Tenant.eq(slug))
        .exec(txn)
        .await?;
    for host in hosts {
        let taken = tenant_hosts::Entity::find_by_id(host.clone())
            .one(txn)
            .await?
            .is_some();
        if taken {
            return Ok(false);
        }
        let inserted = tenant_hosts::ActiveModel {
            host: Set(host.clone()),
            tenant: Set(slug.to_owned()),
        }
        .insert(txn)
        .await;
        match inserted {
            Ok(_) => {}
            Err(e) if super::is_unique_violation(&e) => return Ok(false),
            Err(e) => return Err(e.into()),
        }
    }
    Ok(true)
}

#[async_trait]
impl TenantStore for SqlStore {
    async fn tenants(&self) -> Result<Vec<Tenant>> {
        let hosts = tenant_hosts::Entity::find()
            .order_by_asc(tenant_hosts::Column::Host)
            .all(self.db())
            .await?;
        tenants::Entity::find()
            .order_by_asc(tenants::Column::Slug)
            .all(self.db())
            .await?
            .into_iter()
            .map(|t| {
                let mine = hosts
                    .iter()
                    .filter(|h| h.tenant == t.slug)
                    .map(|h| h.host.clone())
                    .collect();
                tenant(t, mine)
            })
            .collect()
    }

    async fn tenant(&self, slug: &str) -> Result<Option<Tenant>> {
        let Some(row) = tenants::Entity::find_by_id(slug.to_owned())
            .one(self.db())
            .await?
        else {
            return Ok(None);
        };
        let hosts = tenant_hosts::Entity::find()
            .filter(tenant_hosts::Column::Tenant.eq(slug))
            .order_by_asc(tenant_hosts::Column::Host)
            .all(self.db())
            .await?
            .into_iter()
            .map(|h| h.host)
            .collect();
        tenant(row, hosts).map(Some)
    }

    async fn create_tenant(
        &self,
        new: Tenant,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<TenantWrite> {
        let txn = self.writer().begin().await?;
        if tenants::Entity::find_by_id(new.slug.clone())
            .one(&txn)
            .await?
            .is_some()
        {
            return Ok(TenantWrite::SlugConflict);
        }
        match row(&new)?.insert(&txn).await {
            Ok(_) => {}
            Err(e) if super::is_unique_violation(&e) => return Ok(TenantWrite::SlugConflict),
            Err(e) => return Err(e.into()),
        }
        if !set_hosts(&txn, &new.slug, &new.hosts).await? {
            return Ok(TenantWrite::HostTaken);
        }
        audit::record(self.tenant(), &txn, event, now).await?;
        txn.commit().await?;
        Ok(TenantWrite::Written)
    }

    async fn update_tenant(
        &self,
        changed: Tenant,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<TenantWrite> {
        let txn = self.writer().begin().await?;
        let settings = serde_json::to_string(&changed.settings)
            .map_err(|_| Error::bug("tenant settings as JSON"))?;
        // Gone meanwhile: no row changes, and that is the answer.
        let updated = tenants::Entity::update_many()
            .col_expr(
                tenants::Column::DisplayName,
                Expr::value(changed.display_name.clone()),
            )
            .col_expr(tenants::Column::Settings, Expr::value(settings))
            .col_expr(tenants::Column::UpdatedAt, Expr::value(changed.updated_at))
            .filter(tenants::Column::Slug.eq(changed.slug.as_str()))
            .exec(&txn)
            .await?
            .rows_affected;
        if updated != 1 {
            return Ok(TenantWrite::SlugConflict);
        }
        if !set_hosts(&txn, &changed.slug, &changed.hosts).await? {
            return Ok(TenantWrite::HostTaken);
        }
        audit::record(self.tenant(), &txn, event, now).await?;
        txn.commit().await?;
        Ok(TenantWrite::Written)
    }

    async fn delete_tenant(
        &self,
        slug: &str,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<TenantWrite> {
        let txn = self.writer().begin().await?;
        tenant_hosts::Entity::delete_many()
            .filter(tenant_hosts::Column::Tenant.eq(slug))
            .exec(&txn)
            .await?;
        let deleted = tenants::Entity::delete_by_id(slug.to_owned())
            .exec(&txn)
            .await?
            .rows_affected;
        if deleted != 1 {
            return Ok(TenantWrite::SlugConflict);
        }
        audit::record(self.tenant(), &txn, event, now).await?;
        txn.commit().await?;
        Ok(TenantWrite::Written)
    }
}
