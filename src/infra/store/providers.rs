//! Connected identity providers: one row each, the client secret sealed,
//! the claim paths as JSON; removing one removes its linked identities
//! (the users stay); the identities linked to users, and a user created
//! with their first identity. Each change is one transaction with its audit
//! event.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait, sea_query::Expr,
};

use super::entities::{identity_providers, passkeys, user_identities, users};
use super::scope::Owned;
use super::{SqlStore, audit, outbox};
use crate::core::audit::NewEvent;
use crate::core::error::{Error, Result};
use crate::core::model::{Letter, USER, is_password_hash};
use crate::core::ports::{
    ClaimPaths, IdentityStore, LinkedIdentity, Linking, NewUser, Provider, ProviderKind,
    ProviderStore, Unlinking,
};

fn provider(row: identity_providers::Model) -> Result<Provider> {
    let kind = ProviderKind::parse(&row.kind)
        .ok_or_else(|| Error::bug("an identity provider of an unknown kind"))?;
    let claims: ClaimPaths = serde_json::from_str(&row.claims)
        .map_err(|_| Error::bug("an identity provider's claim paths are not JSON"))?;
    Ok(Provider {
        slug: row.slug,
        kind,
        display_name: row.display_name,
        issuer: row.issuer,
        client_id: row.client_id,
        client_secret_sealed: row.client_secret_sealed,
        scopes: row.scopes.split_whitespace().map(str::to_owned).collect(),
        authorization_endpoint: row.authorization_endpoint,
        token_endpoint: row.token_endpoint,
        userinfo_endpoint: row.userinfo_endpoint,
        claims,
        link_by_verified_email: row.link_by_verified_email,
        allow_signup: row.allow_signup,
        enabled: row.enabled,
        trust_mfa: row.trust_mfa,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

fn row(tenant: &str, p: Provider) -> Result<identity_providers::ActiveModel> {
    let claims = serde_json::to_string(&p.claims).map_err(|_| Error::bug("claim paths as JSON"))?;
    Ok(identity_providers::ActiveModel {
        tenant: Set(tenant.to_owned()),
        slug: Set(p.slug),
        kind: Set(p.kind.as_str().to_owned()),
        display_name: Set(p.display_name),
        issuer: Set(p.issuer),
        client_id: Set(p.client_id),
        client_secret_sealed: Set(p.client_secret_sealed),
        scopes: Set(p.scopes.join(" ")),
        authorization_endpoint: Set(p.authorization_endpoint),
        token_endpoint: Set(p.token_endpoint),
        userinfo_endpoint: Set(p.userinfo_endpoint),
        claims: Set(claims),
        link_by_verified_email: Set(p.link_by_verified_email),
        allow_signup: Set(p.allow_signup),
        enabled: Set(p.enabled),
        trust_mfa: Set(p.trust_mfa),
        created_at: Set(p.created_at),
        updated_at: Set(p.updated_at),
    })
}

#[async_trait]
impl ProviderStore for SqlStore {
    async fn providers(&self) -> Result<Vec<Provider>> {
        let tenant = self.tenant();
        identity_providers::Entity::find_in(tenant)
            .order_by_asc(identity_providers::Column::Slug)
            .all(self.db())
            .await?
            .into_iter()
            .map(provider)
            .collect()
    }

    async fn provider(&self, slug: &str) -> Result<Option<Provider>> {
        let tenant = self.tenant();
        identity_providers::Entity::find_by_id((tenant.to_owned(), slug.to_owned()))
            .one(self.db())
            .await?
            .map(provider)
            .transpose()
    }

    async fn create_provider(
        &self,
        new: Provider,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let tenant = self.tenant();
        let txn = self.writer().begin().await?;
        if identity_providers::Entity::find_by_id((tenant.to_owned(), new.slug.clone()))
            .one(&txn)
            .await?
            .is_some()
        {
            return Ok(false);
        }
        row(tenant, new)?.insert(&txn).await?;
        audit::record(tenant, &txn, event, now).await?;
        txn.commit().await?;
        Ok(true)
    }

    async fn update_provider(
        &self,
        changed: Provider,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let tenant = self.tenant();
        let txn = self.writer().begin().await?;
        if identity_providers::Entity::find_by_id((tenant.to_owned(), changed.slug.clone()))
            .one(&txn)
            .await?
            .is_none()
        {
            return Ok(false);
        }
        row(tenant, changed)?.reset_all().update(&txn).await?;
        audit::record(tenant, &txn, event, now).await?;
        txn.commit().await?;
        Ok(true)
    }

    async fn delete_provider(
        &self,
        slug: &str,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let tenant = self.tenant();
        let txn = self.writer().begin().await?;
        user_identities::Entity::delete_in(tenant)
            .filter(user_identities::Column::Provider.eq(slug))
            .exec(&txn)
            .await?;
        let deleted =
            identity_providers::Entity::delete_by_id((tenant.to_owned(), slug.to_owned()))
                .exec(&txn)
                .await?
                .rows_affected;
        if deleted != 1 {
            return Ok(false);
        }
        audit::record(tenant, &txn, event, now).await?;
        txn.commit().await?;
        Ok(true)
    }
}

/// Locks the user's row (a no-op write) for the rest of `txn`: two
/// removals at once (an identity, a passkey) cannot each leave the other
/// to be the last way in.
pub(super) async fn lock_user(
    tenant: &str,
    txn: &DatabaseTransaction,
    user_id: uuid::Uuid,
) -> Result<()> {
    users::Entity::update_in(tenant)
        .col_expr(users::Column::Id, Expr::col(users::Column::Id))
        .filter(users::Column::Id.eq(user_id))
        .exec(txn)
        .await?;
    Ok(())
}

/// Whether the user can still sign in: a password, a passkey, or an
/// identity at a provider that is on.
pub(super) async fn has_a_way_in(
    tenant: &str,
    txn: &DatabaseTransaction,
    user_id: uuid::Uuid,
) -> Result<bool> {
    let password = users::Entity::find_by_id((tenant.to_owned(), user_id))
        .one(txn)
        .await?
        .is_some_and(|u| is_password_hash(&u.password_hash));
    if password {
        return Ok(true);
    }
    let passkey = passkeys::Entity::find_in(tenant)
        .filter(passkeys::Column::UserId.eq(user_id))
        .one(txn)
        .await?
        .is_some();
    if passkey {
        return Ok(true);
    }
    let enabled: Vec<String> = identity_providers::Entity::find_in(tenant)
        .filter(identity_providers::Column::Enabled.eq(true))
        .all(txn)
        .await?
        .into_iter()
        .map(|p| p.slug)
        .collect();
    Ok(user_identities::Entity::find_in(tenant)
        .filter(user_identities::Column::UserId.eq(user_id))
        .filter(user_identities::Column::Provider.is_in(enabled))
        .one(txn)
        .await?
        .is_some())
}

/// Inserts the link unless the identity or the user's place at its
/// provider is taken (the unique keys decide, so racing sign-ins cannot
/// both win).
async fn insert_identity(
    tenant: &str,
    txn: &DatabaseTransaction,
    identity: LinkedIdentity,
) -> Result<Linking> {
    let taken = user_identities::Entity::find_by_id((
        tenant.to_owned(),
        identity.provider.clone(),
        identity.subject.clone(),
    ))
    .one(txn)
    .await?;
    if taken.is_some() {
        return Ok(Linking::IdentityTaken);
    }
    let row = user_identities::ActiveModel {
        tenant: Set(tenant.to_owned()),
        provider: Set(identity.provider),
        subject: Set(identity.subject),
        user_id: Set(identity.user_id),
        email: Set(identity.email),
        linked_at: Set(identity.linked_at),
        last_used_at: Set(identity.last_used_at),
    };
    match row.insert(txn).await {
        Ok(_) => Ok(Linking::Linked),
        Err(e) if super::is_unique_violation(&e) => Ok(Linking::AlreadyLinked),
        Err(e) => Err(e.into()),
    }
}

impl From<user_identities::Model> for LinkedIdentity {
    fn from(row: user_identities::Model) -> Self {
        Self {
            provider: row.provider,
            subject: row.subject,
            user_id: row.user_id,
            email: row.email,
            linked_at: row.linked_at,
            last_used_at: row.last_used_at,
        }
    }
}

#[async_trait]
impl IdentityStore for SqlStore {
    async fn identities_of(&self, user_id: uuid::Uuid) -> Result<Vec<LinkedIdentity>> {
        let tenant = self.tenant();
        Ok(user_identities::Entity::find_in(tenant)
            .filter(user_identities::Column::UserId.eq(user_id))
            .order_by_asc(user_identities::Column::LinkedAt)
            .all(self.db())
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    async fn identity(&self, provider: &str, subject: &str) -> Result<Option<LinkedIdentity>> {
        let tenant = self.tenant();
        Ok(user_identities::Entity::find_by_id((
            tenant.to_owned(),
            provider.to_owned(),
            subject.to_owned(),
        ))
        .one(self.db())
        .await?
        .map(Into::into))
    }

    async fn link_identity(
        &self,
        identity: LinkedIdentity,
        event: NewEvent,
        notice: Letter,
        now: DateTime<Utc>,
    ) -> Result<Linking> {
        let tenant = self.tenant();
        let txn = self.writer().begin().await?;
        let linking = insert_identity(tenant, &txn, identity).await?;
        if linking == Linking::Linked {
            audit::record(tenant, &txn, event, now).await?;
            outbox::enqueue(tenant, &txn, notice, now).await?;
            txn.commit().await?;
        }
        Ok(linking)
    }

    async fn create_user_with_identity(
        &self,
        new: NewUser,
        identity: LinkedIdentity,
        events: Vec<NewEvent>,
        now: DateTime<Utc>,
    ) -> Result<Linking> {
        let tenant = self.tenant();
        let txn = self.writer().begin().await?;
        super::users::insert_user(tenant, &txn, new, &[USER], false, now).await?;
        let linking = insert_identity(tenant, &txn, identity).await?;
        if linking == Linking::Linked {
            for event in events {
                audit::record(tenant, &txn, event, now).await?;
            }
            txn.commit().await?;
        }
        Ok(linking)
    }

    async fn provider_in_use(&self, provider: &str) -> Result<bool> {
        let tenant = self.tenant();
        Ok(user_identities::Entity::find_in(tenant)
            .filter(user_identities::Column::Provider.eq(provider))
            .one(self.db())
            .await?
            .is_some())
    }

    async fn identity_used(&self, provider: &str, subject: &str, now: DateTime<Utc>) -> Result<()> {
        let tenant = self.tenant();
        user_identities::Entity::update_in(tenant)
            .col_expr(user_identities::Column::LastUsedAt, Expr::value(now))
            .filter(user_identities::Column::Provider.eq(provider))
            .filter(user_identities::Column::Subject.eq(subject))
            .exec(self.writer())
            .await?;
        Ok(())
    }

    async fn unlink_identity(
        &self,
        user_id: uuid::Uuid,
        provider: &str,
        event: NewEvent,
        notice: Letter,
        now: DateTime<Utc>,
    ) -> Result<Unlinking> {
        let tenant = self.tenant();
        let txn = self.writer().begin().await?;
        lock_user(tenant, &txn, user_id).await?;
        let removed = user_identities::Entity::delete_in(tenant)
            .filter(user_identities::Column::UserId.eq(user_id))
            .filter(user_identities::Column::Provider.eq(provider))
            .exec(&txn)
            .await?
            .rows_affected;
        if removed == 0 {
            return Ok(Unlinking::NotLinked);
        }
        if !has_a_way_in(tenant, &txn, user_id).await? {
            return Ok(Unlinking::LastLoginMethod);
        }
        audit::record(tenant, &txn, event, now).await?;
        outbox::enqueue(tenant, &txn, notice, now).await?;
        txn.commit().await?;
        Ok(Unlinking::Unlinked)
    }
}
