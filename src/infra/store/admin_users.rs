//! Users as admins see them: search and pagination, and changes.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait,
    sea_query::{Condition, Expr, ExprTrait as _, Func, LikeExpr, Query},
};
use uuid::Uuid;

use super::entities::{user_roles, users};
use super::scope::Owned;
use super::{Db, audit, roles};
use crate::core::audit::NewEvent;
use crate::core::error::{Error, Result};
use crate::core::model::{Account, User};
use crate::core::ports::{UserFilter, UserPatch};

/// `%…%` with LIKE's own wildcards escaped, lower-cased.
fn contains_pattern(q: &str) -> String {
    let escaped = q
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

/// One page of accounts (users with their roles), newest first, and how
/// many match in all.
pub(super) async fn list_accounts(
    tenant: &str,
    db: &impl ConnectionTrait,
    filter: &UserFilter,
    page: u64,
    per_page: u64,
) -> Result<(Vec<Account>, u64)> {
    let (users, total) = list_users(tenant, db, filter, page, per_page).await?;
    let ids: Vec<Uuid> = users.iter().map(|u| u.id).collect();
    let mut roles = roles_of_users(tenant, db, &ids).await?;
    let accounts = users
        .into_iter()
        .map(|user| Account {
            roles: roles.remove(&user.id).unwrap_or_default(),
            user: user.into(),
        })
        .collect();
    Ok((accounts, total))
}

/// One page of users, newest first (ids are time-ordered v7 UUIDs, so the
/// order is stable), and how many match in all.
async fn list_users(
    tenant: &str,
    db: &impl ConnectionTrait,
    filter: &UserFilter,
    page: u64,
    per_page: u64,
) -> Result<(Vec<users::Model>, u64)> {
    let mut query = users::Entity::find_in(tenant);
    if let Some(q) = &filter.q {
        let pattern = contains_pattern(q);
        query = query.filter(
            Condition::any()
                .add(
                    Expr::col(users::Column::Email)
                        .like(LikeExpr::new(pattern.clone()).escape('\\')),
                )
                .add(
                    Expr::expr(Func::lower(Expr::col(users::Column::DisplayName)))
                        .like(LikeExpr::new(pattern).escape('\\')),
                ),
        );
    }
    if let Some(role) = &filter.role {
        query = query.filter(
            users::Column::Id.in_subquery(
                Query::select()
                    .column(user_roles::Column::UserId)
                    .from(user_roles::Entity)
                    .and_where(user_roles::Column::Tenant.eq(tenant))
                    .and_where(user_roles::Column::RoleName.eq(role.as_str()))
                    .to_owned(),
            ),
        );
    }
    let total = match (&filter.q, &filter.role) {
        // Counting the role's grants reads one small index instead of
        // joining a million users to a million grants.
        (None, Some(role)) => {
            user_roles::Entity::find_in(tenant)
                .filter(user_roles::Column::RoleName.eq(role.as_str()))
                .count(db)
                .await?
        }
        _ => query.clone().count(db).await?,
    };
    let items = query
        .order_by_desc(users::Column::Id)
        .offset((page - 1) * per_page)
        .limit(per_page)
        .all(db)
        .await?;
    Ok((items, total))
}

/// The role names of each of these users, in one query.
async fn roles_of_users(
    tenant: &str,
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<String>>> {
    let mut map: HashMap<Uuid, Vec<String>> = HashMap::new();
    let rows = user_roles::Entity::find_in(tenant)
        .filter(user_roles::Column::UserId.is_in(ids.iter().copied()))
        .order_by_asc(user_roles::Column::RoleName)
        .all(db)
        .await?;
    for row in rows {
        map.entry(row.user_id).or_default().push(row.role_name);
    }
    Ok(map)
}

/// Applies an admin's change. Disabling ends every session of the user and
/// is refused for the last enabled admin. Returns the user and the sessions
/// ended.
pub(super) async fn update_user(
    tenant: &str,
    db: &Db,
    user_id: Uuid,
    patch: UserPatch,
    event: NewEvent,
    now: DateTime<Utc>,
) -> Result<(User, Vec<Uuid>)> {
    let txn = db.begin().await?;
    if patch.disabled == Some(true) {
        roles::ensure_not_last_admin(tenant, &txn, user_id).await?;
    }
    let mut active = users::ActiveModel {
        tenant: Set(tenant.to_owned()),
        id: sea_orm::Unchanged(user_id),
        updated_at: Set(now),
        ..Default::default()
    };
    if let Some(disabled) = patch.disabled {
        active.disabled = Set(disabled);
    }
    if let Some(verified) = patch.email_verified {
        active.email_verified = Set(verified);
    }
    if let Some(name) = patch.display_name {
        active.display_name = Set(name);
    }
    let user = active.update(&txn).await.map_err(|e| match e {
        sea_orm::DbErr::RecordNotUpdated => Error::NotFound,
        other => other.into(),
    })?;
    let ended = if patch.disabled == Some(true) {
        super::sessions::revoke_user_sessions(tenant, &txn, user_id, None, now).await?
    } else {
        Vec::new()
    };
    audit::record(tenant, &txn, event, now).await?;
    txn.commit().await?;
    Ok((user.into(), ended))
}
