//! Device authorization grants (RFC 8628): created by the device, answered
//! by the signed-in user on /device, polled by the device until then (and
//! slowed down when it polls too fast), used once.

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait, sea_query::Expr,
};

use super::SqlStore;
use super::entities::oauth_device_grants;
use super::scope::Owned;
use crate::core::error::Result;
use crate::core::ports::{DeviceApproval, DevicePoll, DeviceStore, NewDeviceGrant, PendingDevice};

const PENDING: &str = "pending";
const APPROVED: &str = "approved";
const DENIED: &str = "denied";
const USED: &str = "used";
/// How much slower a device must poll after each `slow_down` (RFC 8628 §3.5).
const SLOW_DOWN_SECS: i64 = 5;

#[async_trait]
impl DeviceStore for SqlStore {
    async fn create_device_grant(&self, grant: NewDeviceGrant, now: DateTime<Utc>) -> Result<bool> {
        let tenant = self.tenant();
        // An expired grant's user code may come round again: it goes first.
        oauth_device_grants::Entity::delete_in(tenant)
            .filter(oauth_device_grants::Column::UserCode.eq(grant.user_code.as_str()))
            .filter(oauth_device_grants::Column::ExpiresAt.lte(now))
            .exec(self.writer())
            .await?;
        let inserted = oauth_device_grants::ActiveModel {
            tenant: Set(tenant.to_owned()),
            device_code_hash: Set(grant.device_code_hash),
            user_code: Set(grant.user_code),
            client_id: Set(grant.client_id),
            scope: Set(grant.scope),
            status: Set(PENDING.to_owned()),
            interval_secs: Set(grant.interval_secs),
            last_polled_at: Set(None),
            user_id: Set(None),
            auth_time: Set(None),
            amr: Set(None),
            expires_at: Set(grant.expires_at),
            created_at: Set(now),
        }
        .insert(self.writer())
        .await;
        match inserted {
            Ok(_) => Ok(true),
            Err(e) if super::is_unique_violation(&e) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    async fn pending_device(
        &self,
        user_code: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<PendingDevice>> {
        let tenant = self.tenant();
        Ok(oauth_device_grants::Entity::find_in(tenant)
            .filter(oauth_device_grants::Column::UserCode.eq(user_code))
            .filter(oauth_device_grants::Column::Status.eq(PENDING))
            .filter(oauth_device_grants::Column::ExpiresAt.gt(now))
            .one(self.db())
            .await?
            .map(|row| PendingDevice {
                client_id: row.client_id,
                scope: row.scope,
            }))
    }

    async fn answer_device(
        &self,
        user_code: &str,
        approval: Option<DeviceApproval>,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let tenant = self.tenant();
        let mut answer = oauth_device_grants::Entity::update_in(tenant)
            .filter(oauth_device_grants::Column::UserCode.eq(user_code))
            .filter(oauth_device_grants::Column::Status.eq(PENDING))
            .filter(oauth_device_grants::Column::ExpiresAt.gt(now));
        answer = match approval {
            Some(a) => answer
                .col_expr(oauth_device_grants::Column::Status, Expr::value(APPROVED))
                .col_expr(oauth_device_grants::Column::UserId, Expr::value(a.user_id))
                .col_expr(
                    oauth_device_grants::Column::AuthTime,
                    Expr::value(a.auth_time),
                )
                .col_expr(
                    oauth_device_grants::Column::Amr,
                    Expr::value(a.amr.join(" ")),
                ),
            None => answer.col_expr(oauth_device_grants::Column::Status, Expr::value(DENIED)),
        };
        Ok(answer.exec(self.writer()).await?.rows_affected == 1)
    }

    async fn poll_device(
        &self,
        device_code_hash: &str,
        client_id: &str,
        now: DateTime<Utc>,
    ) -> Result<DevicePoll> {
        let tenant = self.tenant();
        let txn = self.writer().begin().await?;
        let Some(row) = oauth_device_grants::Entity::find_by_id((
            tenant.to_owned(),
            device_code_hash.to_owned(),
        ))
        .filter(oauth_device_grants::Column::ClientId.eq(client_id))
        .one(&txn)
        .await?
        else {
            return Ok(DevicePoll::Unknown);
        };
        if row.expires_at <= now {
            return Ok(DevicePoll::Expired);
        }
        let too_soon = row
            .last_polled_at
            .is_some_and(|last| now - last < TimeDelta::seconds(row.interval_secs));
        let mut poll = oauth_device_grants::Entity::update_in(tenant)
            .col_expr(oauth_device_grants::Column::LastPolledAt, Expr::value(now))
            .filter(oauth_device_grants::Column::DeviceCodeHash.eq(device_code_hash));
        if too_soon {
            poll = poll.col_expr(
                oauth_device_grants::Column::IntervalSecs,
                Expr::value(row.interval_secs.saturating_add(SLOW_DOWN_SECS)),
            );
        }
        // The approved grant is used up by the one poll that wins this write.
        let using = row.status == APPROVED && !too_soon;
        if using {
            poll = poll
                .col_expr(oauth_device_grants::Column::Status, Expr::value(USED))
                .filter(oauth_device_grants::Column::Status.eq(APPROVED));
        }
        let written = poll.exec(&txn).await?.rows_affected == 1;
        txn.commit().await?;
        if too_soon {
            return Ok(DevicePoll::SlowDown);
        }
        Ok(match row.status.as_str() {
            PENDING => DevicePoll::Pending,
            DENIED => DevicePoll::Denied,
            APPROVED if written => match (row.user_id, row.auth_time) {
                (Some(user_id), Some(auth_time)) => DevicePoll::Approved {
                    client_id: row.client_id,
                    scope: row.scope,
                    approval: DeviceApproval {
                        user_id,
                        auth_time,
                        amr: row
                            .amr
                            .unwrap_or_default()
                            .split_whitespace()
                            .map(str::to_owned)
                            .collect(),
                    },
                },
                _ => DevicePoll::Unknown,
            },
            _ => DevicePoll::Unknown,
        })
    }
}
