//! Personal data: everything held about a user (export), and erasing a user
//! (GDPR): the account, its sessions and tokens cascade; emails to the
//! address and its failed-login counter go; audit events keep their action,
//! time and (now meaningless) ids but lose IP, user agent and details.

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
    sea_query::{Condition, Expr},
};
use serde_json::json;
use uuid::Uuid;

use super::audit::{self, AuditEvent, NewEvent};
use super::entities::{audit_events, outbox, sessions, users};
use super::{Db, roles};
use crate::error::{Error, Result};

/// Every session row of the user, ended ones included, newest first.
pub async fn sessions_of(db: &impl ConnectionTrait, user_id: Uuid) -> Result<Vec<sessions::Model>> {
    Ok(sessions::Entity::find()
        .filter(sessions::Column::UserId.eq(user_id))
        .order_by_desc(sessions::Column::CreatedAt)
        .all(db)
        .await?)
}

/// Every audit event in which the user is actor or target, oldest first.
pub async fn events_of(db: &impl ConnectionTrait, user_id: Uuid) -> Result<Vec<AuditEvent>> {
    Ok(audit_events::Entity::find()
        .filter(
            Condition::any()
                .add(audit_events::Column::ActorId.eq(user_id))
                .add(audit_events::Column::TargetId.eq(user_id)),
        )
        .order_by_asc(audit_events::Column::At)
        .all(db)
        .await?)
}

/// What an erasure removed that lives outside the database too.
pub struct Erased {
    /// Sessions that ended, for the caches.
    pub sessions: Vec<Uuid>,
    /// Emails to the address that were dropped, whose .eml files must go.
    pub emails: Vec<Uuid>,
}

/// Erases a user, refusing the last enabled admin. `event` (which should
/// carry no IP or user agent of the user) is recorded in the same
/// transaction.
pub async fn erase_user(
    db: &Db,
    user_id: Uuid,
    event: NewEvent,
    now: DateTime<Utc>,
) -> Result<Erased> {
    let txn = db.begin().await?;
    roles::ensure_not_last_admin(&txn, user_id).await?;
    let Some(user) = users::Entity::find_by_id(user_id).one(&txn).await? else {
        return Err(Error::NotFound);
    };
    let ended: Vec<Uuid> = sessions::Entity::find()
        .filter(sessions::Column::UserId.eq(user_id))
        .select_only()
        .column(sessions::Column::Id)
        .into_tuple()
        .all(&txn)
        .await?;
    // Sessions, refresh tokens, one-time tokens and role grants cascade.
    users::Entity::delete_by_id(user_id).exec(&txn).await?;
    let emails: Vec<Uuid> = outbox::Entity::find()
        .filter(outbox::Column::Recipient.eq(user.email.as_str()))
        .select_only()
        .column(outbox::Column::Id)
        .into_tuple()
        .all(&txn)
        .await?;
    outbox::Entity::delete_many()
        .filter(outbox::Column::Recipient.eq(user.email.as_str()))
        .exec(&txn)
        .await?;
    // Password-attempt counters of the address or the account.
    super::throttle::forget_subjects(&txn, &[user.email.as_str(), &user_id.to_string()]).await?;
    // Where the user acted or was acted on: no IP, no user agent.
    audit_events::Entity::update_many()
        .col_expr(
            audit_events::Column::Ip,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            audit_events::Column::UserAgent,
            Expr::value(Option::<String>::None),
        )
        .filter(
            Condition::any()
                .add(audit_events::Column::ActorId.eq(user_id))
                .add(audit_events::Column::TargetId.eq(user_id)),
        )
        .exec(&txn)
        .await?;
    // About the user: no details either (they may name the address).
    audit_events::Entity::update_many()
        .col_expr(
            audit_events::Column::Details,
            Expr::value(json!({"erased": true})),
        )
        .filter(audit_events::Column::TargetId.eq(user_id))
        .exec(&txn)
        .await?;
    // Failed logins typed with the address before it had an account.
    let mentions: Vec<Uuid> = audit_events::Entity::find()
        .filter(audit_events::Column::Action.eq(crate::domain::audit::LOGIN_FAILED))
        .filter(audit_events::Column::TargetId.is_null())
        .all(&txn)
        .await?
        .into_iter()
        .filter(|e| e.details.get("email").and_then(|v| v.as_str()) == Some(user.email.as_str()))
        .map(|e| e.id)
        .collect();
    if !mentions.is_empty() {
        audit_events::Entity::update_many()
            .col_expr(
                audit_events::Column::Ip,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                audit_events::Column::UserAgent,
                Expr::value(Option::<String>::None),
            )
            .col_expr(
                audit_events::Column::Details,
                Expr::value(json!({"erased": true})),
            )
            .filter(audit_events::Column::Id.is_in(mentions))
            .exec(&txn)
            .await?;
    }
    audit::record(&txn, event, now).await?;
    txn.commit().await?;
    Ok(Erased {
        sessions: ended,
        emails,
    })
}
