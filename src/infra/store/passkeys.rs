//! Passkeys: registered credentials (one owner per credential id, by a
//! unique index), their uses (a compare-and-set on the stored record, so a
//! counter only moves forward), and WebAuthn ceremonies kept between start
//! and finish and taken once.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait, sea_query::Expr,
};
use uuid::Uuid;

use super::entities::{passkey_ceremonies, passkeys};
use super::scope::Owned;
use super::{SqlStore, audit, outbox};
use crate::core::error::{Error, Result};
use crate::core::ports::{
    Ceremony, CeremonyPurpose, NewPasskey, PasskeyChange, PasskeyInfo, PasskeyStore, StoredPasskey,
};

impl From<passkeys::Model> for StoredPasskey {
    fn from(row: passkeys::Model) -> Self {
        Self {
            id: row.id,
            user_id: row.user_id,
            name: row.name,
            credential: row.credential,
        }
    }
}

fn purpose(text: &str) -> Option<CeremonyPurpose> {
    [
        CeremonyPurpose::Register,
        CeremonyPurpose::SignIn,
        CeremonyPurpose::SecondFactor,
    ]
    .into_iter()
    .find(|p| p.as_str() == text)
}

#[async_trait]
impl PasskeyStore for SqlStore {
    async fn passkeys_of(&self, user_id: Uuid) -> Result<Vec<StoredPasskey>> {
        let tenant = self.tenant();
        Ok(passkeys::Entity::find_in(tenant)
            .filter(passkeys::Column::UserId.eq(user_id))
            .order_by_asc(passkeys::Column::CreatedAt)
            .all(self.db())
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    async fn passkey_by_credential(&self, credential_id: &str) -> Result<Option<StoredPasskey>> {
        let tenant = self.tenant();
        Ok(passkeys::Entity::find_in(tenant)
            .filter(passkeys::Column::CredentialId.eq(credential_id))
            .one(self.db())
            .await?
            .map(Into::into))
    }

    async fn add_passkey(
        &self,
        user_id: Uuid,
        name: String,
        new: NewPasskey,
        recovery_hashes: Option<Vec<String>>,
        change: PasskeyChange,
        now: DateTime<Utc>,
    ) -> Result<Option<PasskeyInfo>> {
        let tenant = self.tenant();
        let txn = self.writer().begin().await?;
        let taken = passkeys::Entity::find_in(tenant)
            .filter(passkeys::Column::CredentialId.eq(new.credential_id.as_str()))
            .count(&txn)
            .await?;
        if taken > 0 {
            return Ok(None);
        }
        let id = Uuid::now_v7();
        passkeys::ActiveModel {
            tenant: Set(tenant.to_owned()),
            id: Set(id),
            user_id: Set(user_id),
            name: Set(name.clone()),
            credential_id: Set(new.credential_id),
            credential: Set(new.credential),
            created_at: Set(now),
            last_used_at: Set(None),
        }
        .insert(&txn)
        .await?;
        if let Some(hashes) = recovery_hashes {
            super::mfa::insert_recovery_codes(tenant, &txn, user_id, hashes, now).await?;
        }
        outbox::enqueue(tenant, &txn, change.notice, now).await?;
        audit::record(tenant, &txn, change.event, now).await?;
        txn.commit().await?;
        Ok(Some(PasskeyInfo {
            id,
            name,
            created_at: now,
            last_used_at: None,
        }))
    }

    async fn remove_passkey(
        &self,
        user_id: Uuid,
        id: Uuid,
        change: PasskeyChange,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let tenant = self.tenant();
        let txn = self.writer().begin().await?;
        super::providers::lock_user(tenant, &txn, user_id).await?;
        let removed = passkeys::Entity::delete_in(tenant)
            .filter(passkeys::Column::Id.eq(id))
            .filter(passkeys::Column::UserId.eq(user_id))
            .exec(&txn)
            .await?
            .rows_affected;
        if removed != 1 {
            return Ok(false);
        }
        // The last way in stays (a user a provider made may have only
        // passkeys left): nothing changes.
        if !super::providers::has_a_way_in(tenant, &txn, user_id).await? {
            return Err(Error::LastLoginMethod);
        }
        super::mfa::drop_codes_without_factor(tenant, &txn, user_id).await?;
        outbox::enqueue(tenant, &txn, change.notice, now).await?;
        audit::record(tenant, &txn, change.event, now).await?;
        txn.commit().await?;
        Ok(true)
    }

    async fn use_passkey(
        &self,
        used: &StoredPasskey,
        updated: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let tenant = self.tenant();
        let mut update = passkeys::Entity::update_in(tenant)
            .col_expr(passkeys::Column::LastUsedAt, Expr::value(now))
            .filter(passkeys::Column::Id.eq(used.id))
            .filter(passkeys::Column::Credential.eq(used.credential.as_str()));
        if let Some(record) = updated {
            update = update.col_expr(passkeys::Column::Credential, Expr::value(record));
        }
        Ok(update.exec(self.writer()).await?.rows_affected == 1)
    }

    async fn create_ceremony(&self, ceremony: Ceremony) -> Result<()> {
        let tenant = self.tenant();
        passkey_ceremonies::ActiveModel {
            tenant: Set(tenant.to_owned()),
            id: Set(ceremony.id),
            purpose: Set(ceremony.purpose.as_str().to_owned()),
            user_id: Set(ceremony.user_id),
            step_hash: Set(ceremony.step_hash),
            name: Set(ceremony.name),
            state: Set(ceremony.state),
            expires_at: Set(ceremony.expires_at),
        }
        .insert(self.writer())
        .await?;
        Ok(())
    }

    async fn take_ceremony(&self, id: Uuid, now: DateTime<Utc>) -> Result<Option<Ceremony>> {
        let tenant = self.tenant();
        let Some(row) = passkey_ceremonies::Entity::find_by_id((tenant.to_owned(), id))
            .one(self.writer())
            .await?
        else {
            return Ok(None);
        };
        // Of two finishes racing, the one whose delete removed it wins.
        let taken = passkey_ceremonies::Entity::delete_by_id((tenant.to_owned(), id))
            .exec(self.writer())
            .await?
            .rows_affected;
        if taken != 1 || row.expires_at <= now {
            return Ok(None);
        }
        let Some(purpose) = purpose(&row.purpose) else {
            return Ok(None);
        };
        Ok(Some(Ceremony {
            id: row.id,
            purpose,
            user_id: row.user_id,
            step_hash: row.step_hash,
            name: row.name,
            state: row.state,
            expires_at: row.expires_at,
        }))
    }
}
