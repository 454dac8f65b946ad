//! Accounts and their roles.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, JoinType, QueryFilter, QueryOrder,
    QuerySelect, Set, TransactionTrait, sea_query::OnConflict,
};
use uuid::Uuid;

use super::entities::{user_roles, users};
use crate::error::{Error, Result};

pub use users::Model as User;

pub struct NewUser {
    /// Made by the caller, so its audit event can name the user.
    pub id: Uuid,
    pub email: String,
    pub password_hash: String,
    pub display_name: Option<String>,
    pub email_verified: bool,
}

/// Inserts the user with the given roles. `Error::EmailTaken` when the
/// (normalized) email is already registered: the unique index decides, so two
/// concurrent registrations cannot both win.
/// With `verification`, the token and its email are written in the same
/// transaction, so the email cannot be lost once the account exists.
pub async fn create_user(
    db: &super::Db,
    new: NewUser,
    roles: &[&str],
    verification: Option<super::tokens::PendingToken>,
    event: Option<super::audit::NewEvent>,
    now: DateTime<Utc>,
) -> Result<User> {
    let txn = db.begin().await?;
    let user = users::ActiveModel {
        id: Set(new.id),
        email: Set(new.email),
        password_hash: Set(new.password_hash),
        display_name: Set(new.display_name),
        email_verified: Set(new.email_verified),
        disabled: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        last_login_at: Set(None),
        reset_requested_at: Set(None),
        verification_sent_at: Set(verification.is_some().then_some(now)),
    }
    .insert(&txn)
    .await
    .map_err(|e| {
        if super::is_unique_violation(&e) {
            Error::EmailTaken
        } else {
            e.into()
        }
    })?;
    for role in roles {
        grant_role(&txn, user.id, role, now).await?;
    }
    if let Some(token) = verification {
        super::tokens::issue_in(&txn, user.id, token, now).await?;
    }
    if let Some(event) = event {
        super::audit::record(&txn, event, now).await?;
    }
    txn.commit().await?;
    Ok(user)
}

pub async fn find_user(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<User>> {
    Ok(users::Entity::find_by_id(id).one(db).await?)
}

/// `email` must already be normalized.
pub async fn find_user_by_email(db: &impl ConnectionTrait, email: &str) -> Result<Option<User>> {
    Ok(users::Entity::find()
        .filter(users::Column::Email.eq(email))
        .one(db)
        .await?)
}

/// A user and their role names (sorted), in one query: what every
/// authenticated profile read needs, so one round trip instead of two.
pub async fn find_account(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<(User, Vec<String>)>> {
    let grants = user_roles::Entity::belongs_to(users::Entity)
        .from(user_roles::Column::UserId)
        .to(users::Column::Id)
        .into();
    let rows = users::Entity::find_by_id(id)
        .select_also(user_roles::Entity)
        .join_rev(JoinType::LeftJoin, grants)
        .order_by_asc(user_roles::Column::RoleName)
        .all(db)
        .await?;
    let mut rows = rows.into_iter();
    let Some((user, first)) = rows.next() else {
        return Ok(None);
    };
    let roles = first
        .into_iter()
        .chain(rows.filter_map(|(_, grant)| grant))
        .map(|grant| grant.role_name)
        .collect();
    Ok(Some((user, roles)))
}

/// Role names of a user, sorted.
pub async fn roles_of(db: &impl ConnectionTrait, user_id: Uuid) -> Result<Vec<String>> {
    Ok(user_roles::Entity::find()
        .select_only()
        .column(user_roles::Column::RoleName)
        .filter(user_roles::Column::UserId.eq(user_id))
        .order_by_asc(user_roles::Column::RoleName)
        .into_tuple::<String>()
        .all(db)
        .await?)
}

/// Idempotent: granting a role the user has changes nothing.
pub async fn grant_role(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    role: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    user_roles::Entity::insert(user_roles::ActiveModel {
        user_id: Set(user_id),
        role_name: Set(role.to_owned()),
        granted_at: Set(now),
    })
    .on_conflict(
        OnConflict::columns([user_roles::Column::UserId, user_roles::Column::RoleName])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Whether any user holds the role.
pub async fn role_has_members(db: &impl ConnectionTrait, role: &str) -> Result<bool> {
    Ok(user_roles::Entity::find()
        .filter(user_roles::Column::RoleName.eq(role))
        .one(db)
        .await?
        .is_some())
}

/// Changes the display name (`None` clears it).
pub async fn update_display_name(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    display_name: Option<String>,
    now: DateTime<Utc>,
) -> Result<User> {
    let user = users::ActiveModel {
        id: sea_orm::Unchanged(user_id),
        display_name: Set(display_name),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(db)
    .await
    .map_err(|e| match e {
        sea_orm::DbErr::RecordNotUpdated => Error::NotFound,
        other => other.into(),
    })?;
    Ok(user)
}
