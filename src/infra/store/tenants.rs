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

use super::entities::{cache_epochs, oauth_clients, roles, tenant_hosts, tenants};
use super::scope::Owned;
use super::{SqlStore, audit};
use crate::core::audit::NewEvent;
use crate::core::error::{Error, Result};
use crate::core::ports::{Tenant, TenantSettings, TenantStore, TenantWrite};
use crate::core::tenants::DEFAULT_TENANT;

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
        deleting_at: Set(None),
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
            .filter(tenants::Column::DeletingAt.is_null())
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
            .filter(tenants::Column::DeletingAt.is_null())
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
        // Rows a deleted tenant of this slug left (an instance that had not
        // heard of the deletion yet) must not become the newcomer's.
        if carries_rows(&txn, &new.slug).await? {
            return Ok(TenantWrite::SlugConflict);
        }
        seed(&txn, &new.slug, now).await?;
        // In the platform's log, and the first line of the tenant's own
        // (without where the platform's admin came from).
        let mut first = event.clone();
        (first.ip, first.user_agent) = (None, None);
        audit::record(&new.slug, &txn, first, now).await?;
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
            .filter(tenants::Column::DeletingAt.is_null())
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
        // First the tenant goes for everything else, in one transaction
        // with its audit event; then its rows, in batches.
        let txn = self.writer().begin().await?;
        let marked = tenants::Entity::update_many()
            .col_expr(tenants::Column::DeletingAt, Expr::value(now))
            .filter(tenants::Column::Slug.eq(slug))
            .filter(tenants::Column::DeletingAt.is_null())
            .exec(&txn)
            .await?
            .rows_affected;
        if marked != 1 {
            return Ok(TenantWrite::SlugConflict);
        }
        tenant_hosts::Entity::delete_many()
            .filter(tenant_hosts::Column::Tenant.eq(slug))
            .exec(&txn)
            .await?;
        audit::record(self.tenant(), &txn, event, now).await?;
        txn.commit().await?;
        Ok(TenantWrite::Written)
    }

    async fn erase_tenant(&self, slug: &str) -> Result<u64> {
        erase_tenant(self.writer(), slug).await
    }
}

/// Gives tenant `slug` what every tenant starts with, copied from
/// `default`: the built-in roles (its admin without `tenants:*`, which only
/// the platform's admins hold), the first-party client `palisade`, and its
/// permissions' cache epoch. Changes nothing that is there already.
pub(super) async fn seed(
    txn: &impl sea_orm::ConnectionTrait,
    slug: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    use sea_orm::sea_query::OnConflict;
    let builtin_roles = roles::Entity::find_in(DEFAULT_TENANT)
        .filter(roles::Column::Builtin.eq(true))
        .all(txn)
        .await?;
    for role in builtin_roles {
        let permissions: Vec<String> = serde_json::from_value(role.permissions.clone())
            .map_err(|_| Error::bug("a role's permissions are not a list"))?;
        let permissions: Vec<String> = permissions
            .into_iter()
            .filter(|p| !p.starts_with("tenants:"))
            .collect();
        let mut row = roles::ActiveModel::from(role).reset_all();
        row.tenant = Set(slug.to_owned());
        row.permissions = Set(serde_json::json!(permissions));
        row.created_at = Set(now);
        roles::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([roles::Column::Tenant, roles::Column::Name])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
    }
    let builtin_clients = oauth_clients::Entity::find_in(DEFAULT_TENANT)
        .filter(oauth_clients::Column::Builtin.eq(true))
        .all(txn)
        .await?;
    for client in builtin_clients {
        let mut row = oauth_clients::ActiveModel::from(client).reset_all();
        row.tenant = Set(slug.to_owned());
        // The platform's addresses are not the tenant's.
        row.redirect_uris = Set(serde_json::json!([]));
        row.post_logout_redirect_uris = Set(serde_json::json!([]));
        row.created_at = Set(now);
        row.updated_at = Set(now);
        oauth_clients::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([
                    oauth_clients::Column::Tenant,
                    oauth_clients::Column::ClientId,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(txn)
            .await?;
    }
    cache_epochs::Entity::insert(cache_epochs::ActiveModel {
        tenant: Set(slug.to_owned()),
        name: Set("rbac".to_owned()),
        value: Set(0),
    })
    .on_conflict(
        OnConflict::columns([cache_epochs::Column::Tenant, cache_epochs::Column::Name])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(txn)
    .await?;
    Ok(())
}

impl SqlStore {
    /// `seed` for a tenant made before tenants had their own rows: run
    /// when its application is first built.
    pub async fn seed_tenant(&self, slug: &str, now: DateTime<Utc>) -> Result<()> {
        let txn = self.writer().begin().await?;
        seed(&txn, slug, now).await?;
        txn.commit().await?;
        Ok(())
    }
}

/// Whether any tenant-owned row carries `slug`.
async fn carries_rows(db: &impl sea_orm::ConnectionTrait, slug: &str) -> Result<bool> {
    use sea_orm::{DbBackend, Statement};
    let backend = db.get_database_backend();
    let placeholder = if backend == DbBackend::Postgres {
        "$1"
    } else {
        "?"
    };
    for table in super::OWNED_TABLES {
        let sql = format!("SELECT 1 FROM {table} WHERE tenant = {placeholder} LIMIT 1");
        let found = db
            .query_one_raw(Statement::from_sql_and_values(backend, &sql, [slug.into()]))
            .await?;
        if found.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Rows per transaction when a tenant is erased: short transactions, so a
/// big tenant's erasure never holds the database for long.
const ERASE_BATCH: u64 = 1000;

/// Erases every row tenant `slug` owns, table by table (children first),
/// one batch per transaction, logging its progress; then the tenant's own
/// row. Cut short, it is run again by housekeeping (`erase_deleted_tenants`).
pub(super) async fn erase_tenant(db: &super::Db, slug: &str) -> Result<u64> {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let backend = db.get_database_backend();
    // The physical row address: one column, whatever the table's key.
    let (row, placeholder) = match backend {
        DbBackend::Postgres => ("ctid", "$1"),
        _ => ("rowid", "?"),
    };
    let mut total = 0;
    for table in super::OWNED_TABLES {
        let sql = format!(
            "DELETE FROM {table} WHERE {row} IN \
             (SELECT {row} FROM {table} WHERE tenant = {placeholder} LIMIT {ERASE_BATCH})"
        );
        let mut erased = 0;
        loop {
            let statement = Statement::from_sql_and_values(backend, &sql, [slug.into()]);
            let deleted = db.execute_raw(statement).await?.rows_affected();
            erased += deleted;
            if deleted < ERASE_BATCH {
                break;
            }
            tracing::info!(tenant = slug, table, erased, "erasing a deleted tenant");
        }
        if erased > 0 {
            tracing::info!(
                tenant = slug,
                table,
                erased,
                "erased a deleted tenant's rows"
            );
        }
        total += erased;
    }
    tenants::Entity::delete_by_id(slug.to_owned())
        .exec(db)
        .await?;
    tracing::info!(tenant = slug, rows = total, "a deleted tenant is erased");
    Ok(total)
}

/// Finishes the erasures that were cut short (a restart, a timeout).
pub(super) async fn erase_deleted_tenants(db: &super::Db) -> Result<u64> {
    let deleting = tenants::Entity::find()
        .filter(tenants::Column::DeletingAt.is_not_null())
        .all(db)
        .await?;
    let mut total = 0;
    for tenant in deleting {
        total += erase_tenant(db, &tenant.slug).await?;
    }
    Ok(total)
}
