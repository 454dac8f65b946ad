//! The email outbox: messages queued in the transaction that creates what
//! they carry, claimed one at a time by whichever worker gets there first.

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
    sea_query::{Condition, Expr, ExprTrait as _},
};
use uuid::Uuid;

use super::entities::outbox;
use crate::error::Result;

pub use outbox::Model as Message;

pub const PENDING: &str = "pending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";

/// A rendered email, ready to queue.
#[derive(Clone)]
pub struct NewEmail {
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
}

/// Queues an email. Call with the transaction that writes what it announces.
pub async fn enqueue(
    db: &impl ConnectionTrait,
    email: NewEmail,
    now: DateTime<Utc>,
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    outbox::ActiveModel {
        id: Set(id),
        recipient: Set(email.recipient),
        subject: Set(email.subject),
        text_body: Set(email.text_body),
        html_body: Set(email.html_body),
        status: Set(PENDING.to_owned()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        locked_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(id)
}

fn unclaimed(now: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(outbox::Column::LockedUntil.is_null())
        .add(outbox::Column::LockedUntil.lt(now))
}

/// Claims up to `limit` due messages for `lease`. Each claim is a conditional
/// update, so two workers (on two instances) never both win one message.
pub async fn claim_due(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    lease: TimeDelta,
    limit: u64,
) -> Result<Vec<Message>> {
    let candidates = outbox::Entity::find()
        .filter(outbox::Column::Status.eq(PENDING))
        .filter(outbox::Column::NextAttemptAt.lte(now))
        .filter(unclaimed(now))
        .order_by_asc(outbox::Column::NextAttemptAt)
        .limit(limit)
        .all(db)
        .await?;
    let mut claimed = Vec::new();
    for mut message in candidates {
        let won = outbox::Entity::update_many()
            .col_expr(outbox::Column::LockedUntil, Expr::value(now + lease))
            .col_expr(
                outbox::Column::Attempts,
                Expr::col(outbox::Column::Attempts).add(Expr::val(1)),
            )
            .filter(outbox::Column::Id.eq(message.id))
            .filter(outbox::Column::Status.eq(PENDING))
            .filter(unclaimed(now))
            .exec(db)
            .await?
            .rows_affected
            == 1;
        if won {
            message.attempts += 1;
            claimed.push(message);
        }
    }
    Ok(claimed)
}

/// Done: the bodies, which may hold a token, are dropped.
pub async fn mark_sent(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> Result<()> {
    finish(db, id, SENT, None, Some(now)).await
}

/// Dead letter: no more attempts.
pub async fn mark_failed(db: &impl ConnectionTrait, id: Uuid, error: &str) -> Result<()> {
    finish(db, id, FAILED, Some(error), None).await
}

async fn finish(
    db: &impl ConnectionTrait,
    id: Uuid,
    status: &str,
    error: Option<&str>,
    sent_at: Option<DateTime<Utc>>,
) -> Result<()> {
    outbox::ActiveModel {
        id: sea_orm::Unchanged(id),
        status: Set(status.to_owned()),
        text_body: Set(String::new()),
        html_body: Set(String::new()),
        locked_until: Set(None),
        last_error: Set(error.map(str::to_owned)),
        sent_at: Set(sent_at),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}

/// Releases the claim and tries again at `at`.
pub async fn schedule_retry(
    db: &impl ConnectionTrait,
    id: Uuid,
    at: DateTime<Utc>,
    error: &str,
) -> Result<()> {
    outbox::ActiveModel {
        id: sea_orm::Unchanged(id),
        locked_until: Set(None),
        next_attempt_at: Set(at),
        last_error: Set(Some(error.to_owned())),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok(())
}
