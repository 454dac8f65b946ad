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
use super::{Db, SqlStore, audit};
use crate::core::audit::NewEvent;
use crate::core::error::{Error, Result};
use crate::core::model::{ADMIN, Permission, Role};
use crate::core::ports::RoleStore;

const RBAC_EPOCH: &str = "rbac";

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
        let names = super::users::roles_of(self.db(), user_id).await?;
        let rows = roles::Entity::find()
            .filter(roles::Column::Name.is_in(names))
            .all(self.db())
            .await?;
        let mut held = BTreeSet::new();
        for row in rows {
            held.extend(role(row)?.permissions);
        }
        Ok(held)
    }

    async fn rbac_epoch(&self) -> Result<i64> {
        Ok(cache_epochs::Entity::find_by_id(RBAC_EPOCH)
            .one(self.db())
            .await?
            .map_or(0, |e| e.value))
    }

    async fn list_roles(&self) -> Result<Vec<Role>> {
        roles::Entity::find()
            .order_by_asc(roles::Column::Name)
            .all(self.db())
            .await?
            .into_iter()
            .map(role)
            .collect()
    }

    async fn find_role(&self, name: &str) -> Result<Option<Role>> {
        find_role(self.db(), name).await?.map(role).transpose()
    }

    async fn create_role(&self, new: Role, event: NewEvent, now: DateTime<Utc>) -> Result<Role> {
        create_role(self.writer(), new, event, now).await
    }

    async fn update_role(
        &self,
        name: &str,
        description: Option<String>,
        permissions: Option<Vec<Permission>>,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<Role> {
        update_role(self.writer(), name, description, permissions, event, now).await
    }

    async fn delete_role(&self, name: &str, event: NewEvent, now: DateTime<Utc>) -> Result<()> {
        delete_role(self.writer(), name, event, now).await
    }

    async fn grant(
        &self,
        user_id: Uuid,
        name: &str,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<()> {
        grant(self.writer(), user_id, name, event, now).await
    }

    async fn revoke(
        &self,
        user_id: Uuid,
        name: &str,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<()> {
        revoke(self.writer(), user_id, name, event, now).await
    }

    async fn promote_to_admin(
        &self,
        user_id: Uuid,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<Vec<Uuid>> {
        promote_to_admin(self.writer(), user_id, event, now).await
    }
}

/// Tells every instance that roles or grants changed.
async fn bump_epoch(db: &impl ConnectionTrait) -> Result<()> {
    cache_epochs::Entity::update_many()
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
pub(super) async fn ensure_not_last_admin(txn: &impl ConnectionTrait, user_id: Uuid) -> Result<()> {
    roles::Entity::update_many()
        .col_expr(roles::Column::Builtin, Expr::col(roles::Column::Builtin))
        .filter(roles::Column::Name.eq(ADMIN))
        .exec(txn)
        .await?;
    let admins = || {
        users::Entity::find()
            .filter(users::Column::Disabled.eq(false))
            .filter(
                users::Column::Id.in_subquery(
                    Query::select()
                        .column(user_roles::Column::UserId)
                        .from(user_roles::Entity)
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

async fn find_role(db: &impl ConnectionTrait, name: &str) -> Result<Option<roles::Model>> {
    Ok(roles::Entity::find_by_id(name).one(db).await?)
}

async fn create_role(db: &Db, new: Role, event: NewEvent, now: DateTime<Utc>) -> Result<Role> {
    let txn = db.begin().await?;
    let row = roles::ActiveModel {
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
    bump_epoch(&txn).await?;
    audit::record(&txn, event, now).await?;
    txn.commit().await?;
    role(row)
}

/// Changes a custom role. `NotFound`, or `BuiltinRole` for admin and user.
async fn update_role(
    db: &Db,
    name: &str,
    description: Option<String>,
    permissions: Option<Vec<Permission>>,
    event: NewEvent,
    now: DateTime<Utc>,
) -> Result<Role> {
    let txn = db.begin().await?;
    bump_epoch(&txn).await?;
    let row = find_role(&txn, name).await?.ok_or(Error::NotFound)?;
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
    audit::record(&txn, event, now).await?;
    txn.commit().await?;
    role(row)
}

/// Deletes a custom role; its grants go with it.
async fn delete_role(db: &Db, name: &str, event: NewEvent, now: DateTime<Utc>) -> Result<()> {
    let txn = db.begin().await?;
    bump_epoch(&txn).await?;
    let role = find_role(&txn, name).await?.ok_or(Error::NotFound)?;
    if role.builtin {
        return Err(Error::BuiltinRole);
    }
    roles::Entity::delete_by_id(name).exec(&txn).await?;
    audit::record(&txn, event, now).await?;
    txn.commit().await?;
    Ok(())
}

async fn user_and_role_exist(txn: &impl ConnectionTrait, user_id: Uuid, role: &str) -> Result<()> {
    if users::Entity::find_by_id(user_id).one(txn).await?.is_none()
        || find_role(txn, role).await?.is_none()
    {
        return Err(Error::NotFound);
    }
    Ok(())
}

/// Gives a user a role (idempotent).
async fn grant(
    db: &Db,
    user_id: Uuid,
    role: &str,
    event: NewEvent,
    now: DateTime<Utc>,
) -> Result<()> {
    let txn = db.begin().await?;
    bump_epoch(&txn).await?;
    user_and_role_exist(&txn, user_id, role).await?;
    super::users::grant_role(&txn, user_id, role, now).await?;
    audit::record(&txn, event, now).await?;
    txn.commit().await?;
    Ok(())
}

/// Makes an existing user an admin and ends their sessions, in one
/// transaction: whoever was signed in to the account before the promotion
/// must sign in again. Returns the sessions ended.
async fn promote_to_admin(
    db: &Db,
    user_id: Uuid,
    event: NewEvent,
    now: DateTime<Utc>,
) -> Result<Vec<Uuid>> {
    let txn = db.begin().await?;
    bump_epoch(&txn).await?;
    user_and_role_exist(&txn, user_id, ADMIN).await?;
    super::users::grant_role(&txn, user_id, ADMIN, now).await?;
    let ended = super::sessions::revoke_user_sessions(&txn, user_id, None, now).await?;
    audit::record(&txn, event, now).await?;
    txn.commit().await?;
    Ok(ended)
}

/// Takes a role away (idempotent); never the last enabled admin's admin role.
async fn revoke(
    db: &Db,
    user_id: Uuid,
    role: &str,
    event: NewEvent,
    now: DateTime<Utc>,
) -> Result<()> {
    let txn = db.begin().await?;
    if role == ADMIN {
        ensure_not_last_admin(&txn, user_id).await?;
    }
    bump_epoch(&txn).await?;
    user_and_role_exist(&txn, user_id, role).await?;
    user_roles::Entity::delete_many()
        .filter(user_roles::Column::UserId.eq(user_id))
        .filter(user_roles::Column::RoleName.eq(role))
        .exec(&txn)
        .await?;
    audit::record(&txn, event, now).await?;
    txn.commit().await?;
    Ok(())
}
