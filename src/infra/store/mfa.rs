//! Second factors: TOTP seeds (sealed), recovery codes (keyed hashes),
//! passkeys as the account lists them, and pending second steps. Each
//! change is one transaction with its audit event and notice email.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set, TransactionTrait,
    sea_query::{Expr, ExprTrait as _, OnConflict},
};
use uuid::Uuid;

use super::entities::{mfa_challenges, mfa_recovery_codes, mfa_totp, passkeys, users};
use super::scope::Owned;
use super::{SqlStore, audit, outbox, sessions::revoke_user_sessions};
use crate::core::audit::NewEvent;
use crate::core::error::Result;
use crate::core::model::Letter;
use crate::core::ports::{
    Challenge, ConfirmedTotp, Factors, FirstStep, MfaStore, NewChallenge, PasskeyInfo, StoredTotp,
};

/// How many codes a second step may be tried with (its `failures` column
/// counts tries, each taken before its code is checked).
const MAX_TRIES: i32 = 5;

pub(super) async fn insert_recovery_codes(
    tenant: &str,
    txn: &impl ConnectionTrait,
    user_id: Uuid,
    hashes: Vec<String>,
    now: DateTime<Utc>,
) -> Result<()> {
    mfa_recovery_codes::Entity::delete_in(tenant)
        .filter(mfa_recovery_codes::Column::UserId.eq(user_id))
        .exec(txn)
        .await?;
    for hash in hashes {
        mfa_recovery_codes::ActiveModel {
            tenant: Set(tenant.to_owned()),
            id: Set(Uuid::now_v7()),
            user_id: Set(user_id),
            code_hash: Set(hash),
            used_at: Set(None),
            created_at: Set(now),
        }
        .insert(txn)
        .await?;
    }
    Ok(())
}

/// Recovery codes stand in for a factor: with no factor left (no confirmed
/// app, no passkey), they go too.
pub(super) async fn drop_codes_without_factor(
    tenant: &str,
    txn: &impl ConnectionTrait,
    user_id: Uuid,
) -> Result<()> {
    let passkeys_left = passkeys::Entity::find_in(tenant)
        .filter(passkeys::Column::UserId.eq(user_id))
        .count(txn)
        .await?;
    let totp_left = mfa_totp::Entity::find_by_id((tenant.to_owned(), user_id))
        .filter(mfa_totp::Column::ConfirmedAt.is_not_null())
        .count(txn)
        .await?;
    if passkeys_left == 0 && totp_left == 0 {
        mfa_recovery_codes::Entity::delete_in(tenant)
            .filter(mfa_recovery_codes::Column::UserId.eq(user_id))
            .exec(txn)
            .await?;
    }
    Ok(())
}

#[async_trait]
impl MfaStore for SqlStore {
    async fn factors(&self, user_id: Uuid) -> Result<Factors> {
        let tenant = self.tenant();
        let totp = mfa_totp::Entity::find_by_id((tenant.to_owned(), user_id))
            .filter(mfa_totp::Column::ConfirmedAt.is_not_null())
            .one(self.db())
            .await?
            .is_some();
        let left = mfa_recovery_codes::Entity::find_in(tenant)
            .filter(mfa_recovery_codes::Column::UserId.eq(user_id))
            .filter(mfa_recovery_codes::Column::UsedAt.is_null())
            .count(self.db())
            .await?;
        let passkeys = passkeys::Entity::find_in(tenant)
            .filter(passkeys::Column::UserId.eq(user_id))
            .order_by_asc(passkeys::Column::CreatedAt)
            .all(self.db())
            .await?
            .into_iter()
            .map(|row| PasskeyInfo {
                id: row.id,
                name: row.name,
                created_at: row.created_at,
                last_used_at: row.last_used_at,
            })
            .collect();
        Ok(Factors {
            totp,
            recovery_codes_left: u32::try_from(left).unwrap_or(u32::MAX),
            passkeys,
        })
    }

    async fn totp(&self, user_id: Uuid) -> Result<Option<StoredTotp>> {
        let tenant = self.tenant();
        Ok(mfa_totp::Entity::find_by_id((tenant.to_owned(), user_id))
            .one(self.db())
            .await?
            .map(|row| StoredTotp {
                secret_sealed: row.secret_sealed,
                confirmed: row.confirmed_at.is_some(),
                last_step: row.last_step,
            }))
    }

    async fn start_totp(&self, user_id: Uuid, sealed: String, now: DateTime<Utc>) -> Result<bool> {
        let tenant = self.tenant();
        // One statement: a pending seed is replaced, a confirmed one stays
        // (and no row is written), and two racing starts cannot collide.
        let pending_only = OnConflict::column(mfa_totp::Column::UserId)
            .update_columns([mfa_totp::Column::SecretSealed, mfa_totp::Column::CreatedAt])
            .action_and_where(
                Expr::col((mfa_totp::Entity, mfa_totp::Column::ConfirmedAt)).is_null(),
            )
            .to_owned();
        let written = mfa_totp::Entity::insert(mfa_totp::ActiveModel {
            tenant: Set(tenant.to_owned()),
            user_id: Set(user_id),
            secret_sealed: Set(sealed),
            confirmed_at: Set(None),
            last_step: Set(None),
            created_at: Set(now),
        })
        .on_conflict(pending_only)
        .exec_without_returning(self.writer())
        .await?;
        Ok(written == 1)
    }

    async fn confirm_totp(
        &self,
        confirmed: ConfirmedTotp,
        notice: Letter,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let tenant = self.tenant();
        let ConfirmedTotp {
            user_id,
            sealed,
            step,
            recovery_hashes,
        } = confirmed;
        let txn = self.writer().begin().await?;
        let confirmed = mfa_totp::Entity::update_in(tenant)
            .col_expr(mfa_totp::Column::ConfirmedAt, Expr::value(now))
            .col_expr(mfa_totp::Column::LastStep, Expr::value(step))
            .filter(mfa_totp::Column::UserId.eq(user_id))
            .filter(mfa_totp::Column::SecretSealed.eq(sealed))
            .filter(mfa_totp::Column::ConfirmedAt.is_null())
            .exec(&txn)
            .await?
            .rows_affected;
        if confirmed != 1 {
            return Ok(false);
        }
        insert_recovery_codes(tenant, &txn, user_id, recovery_hashes, now).await?;
        outbox::enqueue(tenant, &txn, notice, now).await?;
        audit::record(tenant, &txn, event, now).await?;
        txn.commit().await?;
        Ok(true)
    }

    async fn use_totp_step(
        &self,
        user_id: Uuid,
        step: i64,
        resealed: Option<String>,
    ) -> Result<bool> {
        let tenant = self.tenant();
        let mut update = mfa_totp::Entity::update_in(tenant)
            .col_expr(mfa_totp::Column::LastStep, Expr::value(step))
            .filter(mfa_totp::Column::UserId.eq(user_id))
            .filter(mfa_totp::Column::ConfirmedAt.is_not_null())
            .filter(
                Condition::any()
                    .add(mfa_totp::Column::LastStep.is_null())
                    .add(mfa_totp::Column::LastStep.lt(step)),
            );
        if let Some(sealed) = resealed {
            update = update.col_expr(mfa_totp::Column::SecretSealed, Expr::value(sealed));
        }
        Ok(update.exec(self.writer()).await?.rows_affected == 1)
    }

    async fn remove_totp(
        &self,
        user_id: Uuid,
        notice: Letter,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let tenant = self.tenant();
        let txn = self.writer().begin().await?;
        let removed = mfa_totp::Entity::delete_by_id((tenant.to_owned(), user_id))
            .exec(&txn)
            .await?
            .rows_affected;
        if removed != 1 {
            return Ok(false);
        }
        drop_codes_without_factor(tenant, &txn, user_id).await?;
        outbox::enqueue(tenant, &txn, notice, now).await?;
        audit::record(tenant, &txn, event, now).await?;
        txn.commit().await?;
        Ok(true)
    }

    async fn replace_recovery_codes(
        &self,
        user_id: Uuid,
        hashes: Vec<String>,
        notice: Letter,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tenant = self.tenant();
        let txn = self.writer().begin().await?;
        insert_recovery_codes(tenant, &txn, user_id, hashes, now).await?;
        outbox::enqueue(tenant, &txn, notice, now).await?;
        audit::record(tenant, &txn, event, now).await?;
        txn.commit().await?;
        Ok(())
    }

    async fn use_recovery_code(
        &self,
        user_id: Uuid,
        hashes: &[String],
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let tenant = self.tenant();
        let used = mfa_recovery_codes::Entity::update_in(tenant)
            .col_expr(mfa_recovery_codes::Column::UsedAt, Expr::value(now))
            .filter(mfa_recovery_codes::Column::UserId.eq(user_id))
            .filter(mfa_recovery_codes::Column::CodeHash.is_in(hashes.iter().cloned()))
            .filter(mfa_recovery_codes::Column::UsedAt.is_null())
            .exec(self.writer())
            .await?
            .rows_affected;
        Ok(used >= 1)
    }

    async fn reset_factors(
        &self,
        user_id: Uuid,
        notice: Letter,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<Option<Vec<Uuid>>> {
        let tenant = self.tenant();
        let txn = self.writer().begin().await?;
        if users::Entity::find_by_id((tenant.to_owned(), user_id))
            .one(&txn)
            .await?
            .is_none()
        {
            return Ok(None);
        }
        mfa_totp::Entity::delete_in(tenant)
            .filter(mfa_totp::Column::UserId.eq(user_id))
            .exec(&txn)
            .await?;
        mfa_recovery_codes::Entity::delete_in(tenant)
            .filter(mfa_recovery_codes::Column::UserId.eq(user_id))
            .exec(&txn)
            .await?;
        passkeys::Entity::delete_in(tenant)
            .filter(passkeys::Column::UserId.eq(user_id))
            .exec(&txn)
            .await?;
        mfa_challenges::Entity::delete_in(tenant)
            .filter(mfa_challenges::Column::UserId.eq(user_id))
            .exec(&txn)
            .await?;
        let ended = revoke_user_sessions(tenant, &txn, user_id, None, now).await?;
        outbox::enqueue(tenant, &txn, notice, now).await?;
        audit::record(tenant, &txn, event, now).await?;
        txn.commit().await?;
        Ok(Some(ended))
    }

    async fn create_challenge(&self, new: NewChallenge, now: DateTime<Utc>) -> Result<()> {
        let tenant = self.tenant();
        mfa_challenges::ActiveModel {
            tenant: Set(tenant.to_owned()),
            token_hash: Set(new.token_hash),
            user_id: Set(new.user_id),
            client_id: Set(new.client_id),
            password_check: Set(new.password_check),
            failures: Set(0),
            expires_at: Set(new.expires_at),
            used_at: Set(None),
            created_at: Set(now),
            first_factor: Set(new.first.factor),
            provider: Set(new.first.provider),
        }
        .insert(self.writer())
        .await?;
        Ok(())
    }

    async fn live_challenge(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Challenge>> {
        let tenant = self.tenant();
        Ok(
            mfa_challenges::Entity::find_by_id((tenant.to_owned(), token_hash.to_owned()))
                .filter(mfa_challenges::Column::UsedAt.is_null())
                .filter(mfa_challenges::Column::ExpiresAt.gt(now))
                .filter(mfa_challenges::Column::Failures.lt(MAX_TRIES))
                .one(self.db())
                .await?
                .map(|row| Challenge {
                    user_id: row.user_id,
                    client_id: row.client_id,
                    password_check: row.password_check,
                    first: FirstStep {
                        factor: row.first_factor,
                        provider: row.provider,
                    },
                }),
        )
    }

    async fn take_try(&self, token_hash: &str, now: DateTime<Utc>) -> Result<bool> {
        let tenant = self.tenant();
        // The conditional write decides: no read-then-write window.
        let taken = mfa_challenges::Entity::update_in(tenant)
            .col_expr(
                mfa_challenges::Column::Failures,
                Expr::col(mfa_challenges::Column::Failures).add(1),
            )
            .filter(mfa_challenges::Column::TokenHash.eq(token_hash))
            .filter(mfa_challenges::Column::UsedAt.is_null())
            .filter(mfa_challenges::Column::ExpiresAt.gt(now))
            .filter(mfa_challenges::Column::Failures.lt(MAX_TRIES))
            .exec(self.writer())
            .await?
            .rows_affected;
        Ok(taken == 1)
    }

    async fn spend_challenge(&self, token_hash: &str, now: DateTime<Utc>) -> Result<bool> {
        let tenant = self.tenant();
        let spent = mfa_challenges::Entity::update_in(tenant)
            .col_expr(mfa_challenges::Column::UsedAt, Expr::value(now))
            .filter(mfa_challenges::Column::TokenHash.eq(token_hash))
            .filter(mfa_challenges::Column::UsedAt.is_null())
            .filter(mfa_challenges::Column::ExpiresAt.gt(now))
            .exec(self.writer())
            .await?
            .rows_affected;
        Ok(spent == 1)
    }
}
