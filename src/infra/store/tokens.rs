//! One-time tokens (password reset, email verification), stored as hashes,
//! and the account changes they authorize: the `CredentialStore` port.

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set,
    TransactionTrait,
    sea_query::{Condition, Expr},
};
use uuid::Uuid;

use super::entities::{one_time_tokens, users};
use super::scope::Owned;
use super::{Db, SqlStore, audit, outbox, sessions};
use crate::core::audit::NewEvent;
use crate::core::error::Result;
use crate::core::model::{Letter, OneTimeToken, TokenPurpose};
use crate::core::ports::{Allowance, CredentialStore, PendingToken};

#[async_trait]
impl CredentialStore for SqlStore {
    async fn find_usable_token(
        &self,
        purpose: TokenPurpose,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<OneTimeToken>> {
        let tenant = self.tenant();
        find_usable(tenant, self.db(), purpose, token_hash, now).await
    }

    async fn issue_reset(
        &self,
        user_id: Uuid,
        token: PendingToken,
        event: NewEvent,
        now: DateTime<Utc>,
        cooldown: TimeDelta,
    ) -> Result<bool> {
        let tenant = self.tenant();
        issue_reset(tenant, self.writer(), user_id, token, event, now, cooldown).await
    }

    async fn resend_verification(
        &self,
        user_id: Uuid,
        token: PendingToken,
        now: DateTime<Utc>,
        interval: TimeDelta,
    ) -> Result<Allowance> {
        let tenant = self.tenant();
        resend_verification(tenant, self.writer(), user_id, token, now, interval).await
    }

    async fn reset_password(
        &self,
        token: &OneTimeToken,
        new_hash: String,
        notice: Letter,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<Option<Vec<Uuid>>> {
        let tenant = self.tenant();
        reset_password(tenant, self.writer(), token, new_hash, notice, event, now).await
    }

    /// Password change by the signed-in user: sets the hash, voids reset tokens,
    /// ends every session but `keep` (which keeps only its live refresh token),
    /// and queues the notice. Returns the sessions ended.
    async fn change_password(
        &self,
        user_id: Uuid,
        new_hash: String,
        keep: Uuid,
        notice: Letter,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<Vec<Uuid>> {
        let tenant = self.tenant();
        let txn = self.writer().begin().await?;
        set_password(tenant, &txn, user_id, new_hash, now).await?;
        let ended = sessions::revoke_user_sessions(tenant, &txn, user_id, Some(keep), now).await?;
        sessions::keep_only_the_live_token(tenant, &txn, keep).await?;
        outbox::enqueue(tenant, &txn, notice, now).await?;
        audit::record(tenant, &txn, event, now).await?;
        txn.commit().await?;
        Ok(ended)
    }

    async fn verify_email(
        &self,
        token: &OneTimeToken,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let tenant = self.tenant();
        verify_email(tenant, self.writer(), token, event, now).await
    }
}

/// Writes the token and queues its email. Call inside a transaction.
pub(super) async fn issue_in(
    tenant: &str,
    db: &impl ConnectionTrait,
    user_id: Uuid,
    token: PendingToken,
    now: DateTime<Utc>,
) -> Result<()> {
    one_time_tokens::ActiveModel {
        tenant: Set(tenant.to_owned()),
        id: Set(Uuid::now_v7()),
        user_id: Set(user_id),
        purpose: Set(token.purpose.as_str().to_owned()),
        token_hash: Set(token.token_hash),
        created_at: Set(now),
        expires_at: Set(token.expires_at),
        used_at: Set(None),
    }
    .insert(db)
    .await?;
    outbox::enqueue(tenant, db, token.letter, now).await?;
    Ok(())
}

/// The token with this hash and purpose, if it is unused and unexpired.
async fn find_usable(
    tenant: &str,
    db: &impl ConnectionTrait,
    purpose: TokenPurpose,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<OneTimeToken>> {
    Ok(one_time_tokens::Entity::find_in(tenant)
        .filter(one_time_tokens::Column::TokenHash.eq(token_hash))
        .filter(one_time_tokens::Column::Purpose.eq(purpose.as_str()))
        .filter(one_time_tokens::Column::UsedAt.is_null())
        .filter(one_time_tokens::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
        .map(|row| OneTimeToken {
            id: row.id,
            user_id: row.user_id,
        }))
}

/// A user's "last email of this kind queued at" column, and how to read it.
struct Cooldown {
    column: users::Column,
    read: fn(&users::Model) -> Option<DateTime<Utc>>,
}

const RESET_COOLDOWN: Cooldown = Cooldown {
    column: users::Column::ResetRequestedAt,
    read: |u| u.reset_requested_at,
};
const VERIFICATION_COOLDOWN: Cooldown = Cooldown {
    column: users::Column::VerificationSentAt,
    read: |u| u.verification_sent_at,
};

/// Claims the user's cooldown: one conditional write, so of concurrent
/// requests exactly one wins. `Allowed`, or how long until the last one
/// queued is `cooldown` old.
async fn claim_cooldown(
    tenant: &str,
    txn: &impl ConnectionTrait,
    user_id: Uuid,
    cooldown_of: &Cooldown,
    now: DateTime<Utc>,
    cooldown: TimeDelta,
) -> Result<Allowance> {
    let column = cooldown_of.column;
    let claimed = users::Entity::update_in(tenant)
        .col_expr(column, Expr::value(now))
        .filter(users::Column::Id.eq(user_id))
        .filter(
            Condition::any()
                .add(column.is_null())
                .add(column.lte(now - cooldown)),
        )
        .exec(txn)
        .await?
        .rows_affected
        == 1;
    if claimed {
        return Ok(Allowance::Allowed);
    }
    let last = users::Entity::find_by_id((tenant.to_owned(), user_id))
        .one(txn)
        .await?
        .and_then(|u| (cooldown_of.read)(&u))
        .unwrap_or(now);
    let wait = (last + cooldown - now).num_seconds().max(1);
    Ok(Allowance::RetryAfter(u64::try_from(wait).unwrap_or(1)))
}

/// Queues a reset token and its email (with its audit event), unless one
/// was queued for the user within `cooldown`: then nothing, and `false`.
async fn issue_reset(
    tenant: &str,
    db: &Db,
    user_id: Uuid,
    token: PendingToken,
    event: NewEvent,
    now: DateTime<Utc>,
    cooldown: TimeDelta,
) -> Result<bool> {
    let txn = db.begin().await?;
    if claim_cooldown(tenant, &txn, user_id, &RESET_COOLDOWN, now, cooldown).await?
        != Allowance::Allowed
    {
        return Ok(false);
    }
    issue_in(tenant, &txn, user_id, token, now).await?;
    audit::record(tenant, &txn, event, now).await?;
    txn.commit().await?;
    Ok(true)
}

/// Queues a new verification token and its email, unless one was queued
/// within `interval`.
async fn resend_verification(
    tenant: &str,
    db: &Db,
    user_id: Uuid,
    token: PendingToken,
    now: DateTime<Utc>,
    interval: TimeDelta,
) -> Result<Allowance> {
    let txn = db.begin().await?;
    let allowance =
        claim_cooldown(tenant, &txn, user_id, &VERIFICATION_COOLDOWN, now, interval).await?;
    if allowance == Allowance::Allowed {
        issue_in(tenant, &txn, user_id, token, now).await?;
        txn.commit().await?;
    }
    Ok(allowance)
}

/// Uses the token up; false when it was used (or expired) in the meantime.
async fn consume(
    tenant: &str,
    db: &impl ConnectionTrait,
    token_id: Uuid,
    now: DateTime<Utc>,
) -> Result<bool> {
    let used = one_time_tokens::Entity::update_in(tenant)
        .col_expr(one_time_tokens::Column::UsedAt, Expr::value(now))
        .filter(one_time_tokens::Column::Id.eq(token_id))
        .filter(one_time_tokens::Column::UsedAt.is_null())
        .filter(one_time_tokens::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?
        .rows_affected;
    Ok(used == 1)
}

/// Sets a new password hash and voids every outstanding reset token.
async fn set_password(
    tenant: &str,
    db: &impl ConnectionTrait,
    user_id: Uuid,
    hash: String,
    now: DateTime<Utc>,
) -> Result<()> {
    users::ActiveModel {
        tenant: Set(tenant.to_owned()),
        id: sea_orm::Unchanged(user_id),
        password_hash: Set(hash),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(db)
    .await?;
    one_time_tokens::Entity::update_in(tenant)
        .col_expr(one_time_tokens::Column::UsedAt, Expr::value(now))
        .filter(one_time_tokens::Column::UserId.eq(user_id))
        .filter(one_time_tokens::Column::Purpose.eq(TokenPurpose::Reset.as_str()))
        .filter(one_time_tokens::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Password reset by token: uses the token, sets the hash, voids the other
/// reset tokens, ends every session and queues the notice. `None` when the
/// token was used first by someone else. Returns the sessions ended.
async fn reset_password(
    tenant: &str,
    db: &Db,
    token: &OneTimeToken,
    new_hash: String,
    notice: Letter,
    event: NewEvent,
    now: DateTime<Utc>,
) -> Result<Option<Vec<Uuid>>> {
    let txn = db.begin().await?;
    if !consume(tenant, &txn, token.id, now).await? {
        return Ok(None);
    }
    set_password(tenant, &txn, token.user_id, new_hash, now).await?;
    let ended = sessions::revoke_user_sessions(tenant, &txn, token.user_id, None, now).await?;
    outbox::enqueue(tenant, &txn, notice, now).await?;
    audit::record(tenant, &txn, event, now).await?;
    txn.commit().await?;
    Ok(Some(ended))
}

/// Marks the email verified by token. False when the token was used first.
async fn verify_email(
    tenant: &str,
    db: &Db,
    token: &OneTimeToken,
    event: NewEvent,
    now: DateTime<Utc>,
) -> Result<bool> {
    let txn = db.begin().await?;
    if !consume(tenant, &txn, token.id, now).await? {
        return Ok(false);
    }
    users::ActiveModel {
        tenant: Set(tenant.to_owned()),
        id: sea_orm::Unchanged(token.user_id),
        email_verified: Set(true),
        updated_at: Set(now),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    audit::record(tenant, &txn, event, now).await?;
    txn.commit().await?;
    Ok(true)
}
