//! Personal data, the `PrivacyStore` port: everything held about a user
//! (export), and erasing a user (GDPR): the account, its sessions and tokens
//! cascade; emails to the address and its password-attempt counters go;
//! audit events keep their action, time and (now meaningless) ids but lose
//! IP, user agent and details.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
    sea_query::{Condition, Expr, SimpleExpr},
};
use serde_json::json;
use uuid::Uuid;

use super::entities::{audit_events, outbox, sessions, users};
use super::scope::Owned;
use super::{SqlStore, audit, roles, throttle};
use crate::core::audit::{LOGIN_FAILED, NewEvent};
use crate::core::error::{Error, Result};
use crate::core::model::{AuditEvent, Session};
use crate::core::ports::{Erased, PrivacyStore};

#[async_trait]
impl PrivacyStore for SqlStore {
    async fn sessions_of(&self, user_id: Uuid) -> Result<Vec<Session>> {
        let tenant = self.tenant();
        Ok(sessions::Entity::find_in(tenant)
            .filter(sessions::Column::UserId.eq(user_id))
            .order_by_desc(sessions::Column::CreatedAt)
            .all(self.db())
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    async fn events_of(&self, user_id: Uuid) -> Result<Vec<AuditEvent>> {
        let tenant = self.tenant();
        Ok(audit_events::Entity::find_in(tenant)
            .filter(involving(user_id))
            .order_by_asc(audit_events::Column::At)
            .all(self.db())
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }

    /// Refuses the last enabled admin. `event` (which should carry no IP or
    /// user agent of the user) is recorded in the same transaction.
    async fn erase_user(
        &self,
        user_id: Uuid,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<Erased> {
        let tenant = self.tenant();
        let txn = self.writer().begin().await?;
        roles::ensure_not_last_admin(tenant, &txn, user_id).await?;
        let Some(user) = users::Entity::find_by_id((tenant.to_owned(), user_id))
            .one(&txn)
            .await?
        else {
            return Err(Error::NotFound);
        };
        let ended = session_ids(tenant, &txn, user_id).await?;
        // Sessions, refresh tokens, one-time tokens and role grants cascade.
        users::Entity::delete_by_id((tenant.to_owned(), user_id))
            .exec(&txn)
            .await?;
        let emails = drop_emails_to(tenant, &txn, &user.email).await?;
        throttle::forget_subjects(tenant, &txn, &[user.email.as_str(), &user_id.to_string()])
            .await?;
        anonymize_events(tenant, &txn, user_id, &user.email).await?;
        audit::record(tenant, &txn, event, now).await?;
        txn.commit().await?;
        Ok(Erased {
            sessions: ended,
            emails,
        })
    }
}

/// Events in which the user is actor or target.
fn involving(user_id: Uuid) -> Condition {
    Condition::any()
        .add(audit_events::Column::ActorId.eq(user_id))
        .add(audit_events::Column::TargetId.eq(user_id))
}

async fn session_ids(tenant: &str, txn: &DatabaseTransaction, user_id: Uuid) -> Result<Vec<Uuid>> {
    Ok(sessions::Entity::find_in(tenant)
        .filter(sessions::Column::UserId.eq(user_id))
        .select_only()
        .column(sessions::Column::Id)
        .into_tuple()
        .all(txn)
        .await?)
}

/// Deletes the queued and sent emails to the address; returns their ids
/// (written-out copies of them must go too).
async fn drop_emails_to(tenant: &str, txn: &DatabaseTransaction, email: &str) -> Result<Vec<Uuid>> {
    let ids: Vec<Uuid> = outbox::Entity::find_in(tenant)
        .filter(outbox::Column::Recipient.eq(email))
        .select_only()
        .column(outbox::Column::Id)
        .into_tuple()
        .all(txn)
        .await?;
    outbox::Entity::delete_in(tenant)
        .filter(outbox::Column::Recipient.eq(email))
        .exec(txn)
        .await?;
    Ok(ids)
}

/// The failed logins typed with `email` before it named an account: their
/// `details.email` is it (a JSON query, in each database's dialect).
fn failed_logins_typing(backend: DbBackend, email: &str) -> SimpleExpr {
    let mentions = match backend {
        // `?` is a jsonb operator there: the placeholder is numbered.
        DbBackend::Postgres => Expr::cust_with_values("details ->> 'email' = $1", [email]),
        _ => Expr::cust_with_values("json_extract(details, '$.email') = ?", [email]),
    };
    Condition::all()
        .add(audit_events::Column::Action.eq(LOGIN_FAILED))
        .add(audit_events::Column::TargetId.is_null())
        .add(mentions)
        .into()
}

/// Where the user acted or was acted on: no IP, no user agent; about the
/// user, and the failed logins typing the address: no details either (they
/// may name the address).
async fn anonymize_events(
    tenant: &str,
    txn: &DatabaseTransaction,
    user_id: Uuid,
    email: &str,
) -> Result<()> {
    let no_origin = |update: sea_orm::UpdateMany<audit_events::Entity>| {
        update
            .col_expr(
                audit_events::Column::Ip,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                audit_events::Column::UserAgent,
                Expr::value(Option::<String>::None),
            )
    };
    let erased = || Expr::value(json!({"erased": true}));
    no_origin(audit_events::Entity::update_in(tenant))
        .filter(involving(user_id))
        .exec(txn)
        .await?;
    audit_events::Entity::update_in(tenant)
        .col_expr(audit_events::Column::Details, erased())
        .filter(audit_events::Column::TargetId.eq(user_id))
        .exec(txn)
        .await?;
    no_origin(audit_events::Entity::update_in(tenant))
        .col_expr(audit_events::Column::Details, erased())
        .filter(failed_logins_typing(txn.get_database_backend(), email))
        .exec(txn)
        .await?;
    Ok(())
}
