//! Roles, their permissions, who holds them, and the guard that keeps at
//! least one enabled admin. Every change bumps the `rbac` cache epoch in its
//! transaction, so every instance drops its cached permissions.

use std::collections::BTreeSet;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait,
    sea_query::{Expr, ExprTrait as _, Query},
};
use uuid::Uuid;

use super::entities::{cache_epochs, roles, user_roles, users};
use super::scope::Owned;
use super::{Db, SqlStore, audit};
use crate::core::audit::NewEvent;
use crate::core::error::{Error, Result};
use crate::core::model::{ADMIN, Permission, Role};
use crate::core::ports::RoleStore;

pub(super) const RBAC_EPOCH: &str = "rbac";

/// A role row as a role: its permissions are a JSON array of names, read
/// here once. A name this version does not know (written by a newer one)
/// grants nothing.
fn role(row: roles::Model) -> Result<Role> {
    let names: Vec<String> = serde_json::from_value(row.permissions)
        .map_err(|e| Error::internal(anyhow::Error::new(e).context("a role's permissions")))?;
    Ok(Role {
        name: row.name,
        description: row.description,
        permissions: names.iter().filter_map(|n| n.parse().ok()).collect(),
        builtin: row.builtin,
    })
}

fn stored(permissions: &[Permission]) -> serde_json::Value {
    serde_json::json!(permissions.iter().map(|p| p.as_str()).collect::<Vec<_>>())
}

#[async_trait]
impl RoleStore for SqlStore {
    async fn permissions_of(&self, user_id: Uuid) -> Result<BTreeSet<Permission>> {
        let tenant = self.tenant();
        let names = super::users::roles_of(tenant, self.db(), user_id).await?;
        let rows = roles::Entity::find_in(tenant)
            .filter(roles::Column::Name.is_in(names))
            .all(self.db())
            .await?;
        let mut held = BTreeSet::new();
        for row in rows {
            held.extend(role(row)?.permissions);
        }
        Ok(held)
    }

    async fn list_roles(&self) -> Result<Vec<Role>> {
        let tenant = self.tenant();
        roles::Entity::find_in(tenant)
            .order_by_asc(roles::Column::Name)
            .all(self.db())
            .await?
            .into_iter()
            .map(role)
            .collect()
    }

    async fn find_role(&self, name: &str) -> Result<Option<Role>> {
        let tenant = self.tenant();
        find_role(tenant, self.db(), name)
            .await?
            .map(role)
            .transpose()
    }

    async fn create_role(&self, new: Role, event: NewEvent, now: DateTime<Utc>) -> Result<Role> {
        let tenant = self.tenant();
        create_role(tenant, self.writer(), new, event, now).await
    }

    async fn update_role(
        &self,
        name: &str,
        description: Option<String>,
        permissions: Option<Vec<Permission>>,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<Role> {
        let tenant = self.tenant();
        update_role(
            tenant,
            self.writer(),
            name,
            description,
            permissions,
            event,
            now,
        )
        .await
    }

    async fn delete_role(&self, name: &str, event: NewEvent, now: DateTime<Utc>) -> Result<()> {
        let tenant = self.tenant();
        delete_role(tenant, self.writer(), name, event, now).await
    }

    async fn grant(
        &self,
        user_id: Uuid,
        name: &str,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tenant = self.tenant();
        grant(tenant, self.writer(), user_id, name, event, now).await
    }

    async fn revoke(
        &self,
        user_id: Uuid,
        name: &str,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tenant = self.tenant();
        revoke(tenant, self.writer(), user_id, name, event, now).await
    }

    async fn promote_to_admin(
        &self,
        user_id: Uuid,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<Vec<Uuid>> {
        let tenant = self.tenant();
        promote_to_admin(tenant, self.writer(), user_id, event, now).await
    }
}

/// Tells every instance that roles or grants changed.
async fn bump_epoch(tenant: &str, db: &impl ConnectionTrait) -> Result<()> {
    cache_epochs::Entity::update_in(tenant)
        .col_expr(
            cache_epochs::Column::Value,
            Expr::col(cache_epochs::Column::Value).add(Expr::val(1)),
        )
        .filter(cache_epochs::Column::Name.eq(RBAC_EPOCH))
        .exec(db)
        .await?;
    Ok(())
}

/// Serializes every change that could remove an enabled admin, then refuses
/// it when `user_id` is the last one. The first statement is a write that
/// locks the admin role's row (PostgreSQL) or the database (SQLite), so two
/// admins demoting each other at once cannot both pass the count.
pub(super) async fn ensure_not_last_admin(
    tenant: &str,
    txn: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<()> {
    roles::Entity::update_in(tenant)
        .col_expr(roles::Column::Builtin, Expr::col(roles::Column::Builtin))
        .filter(roles::Column::Name.eq(ADMIN))
        .exec(txn)
        .await?;
    let admins = || {
        users::Entity::find_in(tenant)
            .filter(users::Column::Disabled.eq(false))
            .filter(
                users::Column::Id.in_subquery(
                    Query::select()
                        .column(user_roles::Column::UserId)
                        .from(user_roles::Entity)
                        .and_where(user_roles::Column::Tenant.eq(tenant))
                        .and_where(user_roles::Column::RoleName.eq(ADMIN))
                        .to_owned(),
                ),
            )
    };
    let is_admin = admins()
        .filter(users::Column::Id.eq(user_id))
        .count(txn)
        .await?
        > 0;
    if is_admin
        && admins()
            .filter(users::Column::Id.ne(user_id))
            .count(txn)
            .await?
            == 0
    {
        return Err(Error::LastAdmin);
    }
    Ok(())
}

async fn find_role(
    tenant: &str,
    db: &impl ConnectionTrait,
    name: &str,
) -> Result<Option<roles::Model>> {
    Ok(
        roles::Entity::find_by_id((tenant.to_owned(), name.to_owned()))
            .one(db)
            .await?,
    )
}

async fn create_role(
    tenant: &str,
    db: &Db,
    new: Role,
    event: NewEvent,
    now: DateTime<Utc>,
) -> Result<Role> {
    let txn = db.begin().await?;
    let row = roles::ActiveModel {
        tenant: Set(tenant.to_owned()),
        name: Set(new.name),
        description: Set(new.description),
        permissions: Set(stored(&new.permissions)),
        builtin: Set(false),
        created_at: Set(now),
    }
    .insert(&txn)
    .await
    .map_err(|e| {
        if super::is_unique_violation(&e) {
            Error::RoleExists
        } else {
            e.into()
        }
    })?;
    bump_epoch(tenant, &txn).await?;
    audit::record(tenant, &txn, event, now).await?;
    txn.commit().await?;
    role(row)
}

/// Changes a custom role. `NotFound`, or `BuiltinRole` for admin and user.
async fn update_role(
    tenant: &str,
    db: &Db,
    name: &str,
    description: Option<String>,
    permissions: Option<Vec<Permission>>,
    event: NewEvent,
    now: DateTime<Utc>,
) -> Result<Role> {
    let txn = db.begin().await?;
    bump_epoch(tenant, &txn).await?;
    let row = find_role(tenant, &txn, name)
        .await?
        .ok_or(Error::NotFound)?;
    if row.builtin {
        return Err(Error::BuiltinRole);
    }
    let mut active: roles::ActiveModel = row.into();
    if let Some(description) = description {
        active.description = Set(description);
    }
    if let Some(permissions) = permissions {
        active.permissions = Set(stored(&permissions));
    }
    let row = active.update(&txn).await?;
    audit::record(tenant, &txn, event, now).await?;
    txn.commit().await?;
    role(row)
}

/// Deletes a custom role; its grants go with it.
async fn delete_role(
    tenant: &str,
    db: &Db,
    name: &str,
    event: NewEvent,
    now: DateTime<Utc>,
) -> Result<()> {
    let txn = db.begin().await?;
    bump_epoch(tenant, &txn).await?;
    let role = find_role(tenant, &txn, name)
        .await?
        .ok_or(Error::NotFound)?;
    if role.builtin {
        return Err(Error::BuiltinRole);
    }
    roles::Entity::delete_by_id((tenant.to_owned(), name.to_owned()))
        .exec(&txn)
        .await?;
    audit::record(tenant, &txn, event, now).await?;
    txn.commit().await?;
    Ok(())
}

async fn user_and_role_exist(
    tenant: &str,
    txn: &impl ConnectionTrait,
    user_id: Uuid,
    role: &str,
) -> Result<()> {
    if users::Entity::find_by_id((tenant.to_owned(), user_id))
        .one(txn)
        .await?
        .is_none()
        || find_role(tenant, txn, role).await?.is_none()
    {
        return Err(Error::NotFound);
    }
    Ok(())
}

/// Gives a user a role (idempotent).
async fn grant(
    tenant: &str,
    db: &Db,
    user_id: Uuid,
    role: &str,
    event: NewEvent,
    now: DateTime<Utc>,
) -> Result<()> {
    let txn = db.begin().await?;
    bump_epoch(tenant, &txn).await?;
    user_and_role_exist(tenant, &txn, user_id, role).await?;
    super::users::grant_role(tenant, &txn, user_id, role, now).await?;
    audit::record(tenant, &txn, event, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Makes an existing user an admin and ends their sessions, in one
/// transaction: whoever was signed in to the account before the promotion
/// must sign in again. Returns the sessions ended.
async fn promote_to_admin(
    tenant: &str,
    db: &Db,
    user_id: Uuid,
    event: NewEvent,
    now: DateTime<Utc>,
) -> Result<Vec<Uuid>> {
    let txn = db.begin().await?;
    bump_epoch(tenant, &txn).await?;
    user_and_role_exist(tenant, &txn, user_id, ADMIN).await?;
    super::users::grant_role(tenant, &txn, user_id, ADMIN, now).await?;
    let ended = super::sessions::revoke_user_sessions(tenant, &txn, user_id, None, now).await?;
    audit::record(tenant, &txn, event, now).await?;
    txn.commit().await?;
    Ok(ended)
}

/// Takes a role away (idempotent); never the last enabled admin's admin role.
async fn revoke(
    tenant: &str,
    db: &Db,
    user_id: Uuid,
    role: &str,
    event: NewEvent,
    now: DateTime<Utc>,
) -> Result<()> {
    let txn = db.begin().await?;
    if role == ADMIN {
        ensure_not_last_admin(tenant, &txn, user_id).await?;
    }
    bump_epoch(tenant, &txn).await?;
    user_and_role_exist(tenant, &txn, user_id, role).await?;
    user_roles::Entity::delete_in(tenant)
        .filter(user_roles::Column::UserId.eq(user_id))
        .filter(user_roles::Column::RoleName.eq(role))
        .exec(&txn)
        .await?;
    audit::record(tenant, &txn, event, now).await?;
    txn.commit().await?;
    Ok(())
}
