//! Accounts and their roles: the `UserStore` port.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, JoinType,
    QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait, sea_query::OnConflict,
};
use uuid::Uuid;

use super::SqlStore;
use super::entities::{user_roles, users};
use super::scope::Owned;
use crate::core::audit::NewEvent;
use crate::core::error::{Error, Result};
use crate::core::model::{Account, Credentials, User};
use crate::core::ports::{NewUser, PendingToken, ProfileChange, UserFilter, UserPatch, UserStore};

impl From<users::Model> for User {
    fn from(row: users::Model) -> Self {
        Self {
            id: row.id,
            email: row.email,
            display_name: row.display_name,
            email_verified: row.email_verified,
            disabled: row.disabled,
            created_at: row.created_at,
            updated_at: row.updated_at,
            last_login_at: row.last_login_at,
            locale: row.locale,
        }
    }
}

fn credentials(row: users::Model) -> Credentials {
    let password_hash = row.password_hash.clone();
    Credentials {
        user: row.into(),
        password_hash,
    }
}

#[async_trait]
impl UserStore for SqlStore {
    async fn create_user(
        &self,
        new: NewUser,
        roles: &[&str],
        verification: Option<PendingToken>,
        event: Option<NewEvent>,
        now: DateTime<Utc>,
    ) -> Result<User> {
        let tenant = self.tenant();
        create_user(tenant, self.writer(), new, roles, verification, event, now).await
    }

    async fn find_user(&self, id: Uuid) -> Result<Option<User>> {
        let tenant = self.tenant();
        Ok(find_user(tenant, self.db(), id).await?.map(Into::into))
    }

    async fn credentials_by_email(&self, email: &str) -> Result<Option<Credentials>> {
        let tenant = self.tenant();
        Ok(users::Entity::find_in(tenant)
            .filter(users::Column::Email.eq(email))
            .one(self.db())
            .await?
            .map(credentials))
    }

    async fn credentials(&self, id: Uuid) -> Result<Option<Credentials>> {
        let tenant = self.tenant();
        Ok(find_user(tenant, self.db(), id).await?.map(credentials))
    }

    async fn find_account(&self, id: Uuid) -> Result<Option<Account>> {
        let tenant = self.tenant();
        find_account(tenant, self.db(), id).await
    }

    async fn roles_of(&self, id: Uuid) -> Result<Vec<String>> {
        let tenant = self.tenant();
        roles_of(tenant, self.db(), id).await
    }

    async fn role_has_members(&self, role: &str) -> Result<bool> {
        let tenant = self.tenant();
        Ok(user_roles::Entity::find_in(tenant)
            .filter(user_roles::Column::RoleName.eq(role))
            .one(self.db())
            .await?
            .is_some())
    }

    async fn update_profile(
        &self,
        id: Uuid,
        change: ProfileChange,
        now: DateTime<Utc>,
    ) -> Result<User> {
        let tenant = self.tenant();
        let mut user = users::ActiveModel {
            tenant: Set(tenant.to_owned()),
            id: sea_orm::Unchanged(id),
            updated_at: Set(now),
            ..Default::default()
        };
        if let Some(name) = change.display_name {
            user.display_name = Set(name);
        }
        if let Some(locale) = change.locale {
            user.locale = Set(locale);
        }
        let user = user.update(self.writer()).await.map_err(|e| match e {
            sea_orm::DbErr::RecordNotUpdated => Error::NotFound,
            other => other.into(),
        })?;
        Ok(user.into())
    }

    async fn list_users(
        &self,
        filter: &UserFilter,
        page: u64,
        per_page: u64,
    ) -> Result<(Vec<Account>, u64)> {
        let tenant = self.tenant();
        super::admin_users::list_accounts(tenant, self.db(), filter, page, per_page).await
    }

    async fn update_user(
        &self,
        id: Uuid,
        patch: UserPatch,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<(User, Vec<Uuid>)> {
        let tenant = self.tenant();
        super::admin_users::update_user(tenant, self.writer(), id, patch, event, now).await
    }
}

/// Inserts the user with the given roles. `Error::EmailTaken` when the
/// (normalized) email is already registered: the unique index decides, so two
/// concurrent registrations cannot both win.
/// With `verification`, the token and its email are written in the same
/// transaction, so the email cannot be lost once the account exists.
async fn create_user(
    tenant: &str,
    db: &super::Db,
    new: NewUser,
    roles: &[&str],
    verification: Option<PendingToken>,
    event: Option<NewEvent>,
    now: DateTime<Utc>,
) -> Result<User> {
    let txn = db.begin().await?;
    let sent = verification.is_some();
    let user = insert_user(tenant, &txn, new, roles, sent, now).await?;
    if let Some(token) = verification {
        super::tokens::issue_in(tenant, &txn, user.id, token, now).await?;
    }
    if let Some(event) = event {
        super::audit::record(tenant, &txn, event, now).await?;
    }
    txn.commit().await?;
    Ok(user.into())
}

/// Inserts the user with its roles in `txn`; `verification_sent` when a
/// verification email goes with it. `EmailTaken` when the address is in use.
pub(super) async fn insert_user(
    tenant: &str,
    txn: &DatabaseTransaction,
    new: NewUser,
    roles: &[&str],
    verification_sent: bool,
    now: DateTime<Utc>,
) -> Result<users::Model> {
    let user = users::ActiveModel {
        tenant: Set(tenant.to_owned()),
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
        verification_sent_at: Set(verification_sent.then_some(now)),
        locale: Set(new.locale),
    }
    .insert(txn)
    .await
    .map_err(|e| {
        if super::is_unique_violation(&e) {
            Error::EmailTaken
        } else {
            e.into()
        }
    })?;
    for role in roles {
        grant_role(tenant, txn, user.id, role, now).await?;
    }
    Ok(user)
}

pub(super) async fn find_user(
    tenant: &str,
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<users::Model>> {
    Ok(users::Entity::find_by_id((tenant.to_owned(), id))
        .one(db)
        .await?)
}

/// A user and their role names (sorted), in one query: what every
/// authenticated profile read needs, so one round trip instead of two.
async fn find_account(
    tenant: &str,
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<Account>> {
    let grants = user_roles::Entity::belongs_to(users::Entity)
        .from(user_roles::Column::UserId)
        .to(users::Column::Id)
        .into();
    let rows = users::Entity::find_by_id((tenant.to_owned(), id))
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
    Ok(Some(Account {
        user: user.into(),
        roles,
    }))
}

/// Role names of a user, sorted.
pub(super) async fn roles_of(
    tenant: &str,
    db: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<Vec<String>> {
    Ok(user_roles::Entity::find_in(tenant)
        .select_only()
        .column(user_roles::Column::RoleName)
        .filter(user_roles::Column::UserId.eq(user_id))
        .order_by_asc(user_roles::Column::RoleName)
        .into_tuple::<String>()
        .all(db)
        .await?)
}

/// Idempotent: granting a role the user has changes nothing.
pub(super) async fn grant_role(
    tenant: &str,
    db: &impl ConnectionTrait,
    user_id: Uuid,
    role: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    user_roles::Entity::insert(user_roles::ActiveModel {
        tenant: Set(tenant.to_owned()),
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
