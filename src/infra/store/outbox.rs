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
use crate::core::error::Result;
use crate::core::model::Letter;

pub use outbox::Model as Message;

pub const PENDING: &str = "pending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";

/// Queues an email. Call with the transaction that writes what it announces.
pub async fn enqueue(
    tenant: &str,
    db: &impl ConnectionTrait,
    email: Letter,
    now: DateTime<Utc>,
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    outbox::ActiveModel {
        tenant: Set(tenant.to_owned()),
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

/// A message this worker holds until `until`; the results it writes count
/// only while it still holds it.
pub struct Claimed {
    pub message: Message,
    pub until: DateTime<Utc>,
}

/// Claims the next due message for `lease`. The claim is a conditional
/// update, so two workers (on two instances) never both win one message; a
/// worker claims one message at a time, right before sending it, so a slow
/// SMTP server cannot outlast the lease of messages still waiting.
pub async fn claim_next(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    lease: TimeDelta,
) -> Result<Option<Claimed>> {
    let candidates = outbox::Entity::find()
        .filter(outbox::Column::Status.eq(PENDING))
        .filter(outbox::Column::NextAttemptAt.lte(now))
        .filter(unclaimed(now))
        .order_by_asc(outbox::Column::NextAttemptAt)
        .limit(8)
        .all(db)
        .await?;
    let until = now + lease;
    for mut message in candidates {
        let won = outbox::Entity::update_many()
            .col_expr(outbox::Column::LockedUntil, Expr::value(until))
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
            return Ok(Some(Claimed { message, until }));
        }
    }
    Ok(None)
}

/// Done: the bodies, which may hold a token, are dropped.
pub async fn mark_sent(
    db: &impl ConnectionTrait,
    claim: &Claimed,
    now: DateTime<Utc>,
) -> Result<()> {
    finish(db, claim, SENT, None, Some(now)).await
}

/// Dead letter: no more attempts.
pub async fn mark_failed(db: &impl ConnectionTrait, claim: &Claimed, error: &str) -> Result<()> {
    finish(db, claim, FAILED, Some(error), None).await
}

/// Writes the outcome, if the claim is still ours.
async fn finish(
    db: &impl ConnectionTrait,
    claim: &Claimed,
    status: &str,
    error: Option<&str>,
    sent_at: Option<DateTime<Utc>>,
) -> Result<()> {
    outbox::Entity::update_many()
        .col_expr(outbox::Column::Status, Expr::value(status))
        .col_expr(outbox::Column::TextBody, Expr::value(""))
        .col_expr(outbox::Column::HtmlBody, Expr::value(""))
        .col_expr(
            outbox::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(
            outbox::Column::LastError,
            Expr::value(error.map(str::to_owned)),
        )
        .col_expr(outbox::Column::SentAt, Expr::value(sent_at))
        .filter(outbox::Column::Id.eq(claim.message.id))
        .filter(outbox::Column::LockedUntil.eq(claim.until))
        .exec(db)
        .await?;
    Ok(())
}

/// Releases the claim and tries again at `at`.
pub async fn schedule_retry(
    db: &impl ConnectionTrait,
    claim: &Claimed,
    at: DateTime<Utc>,
    error: &str,
) -> Result<()> {
    outbox::Entity::update_many()
        .col_expr(
            outbox::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(outbox::Column::NextAttemptAt, Expr::value(at))
        .col_expr(outbox::Column::LastError, Expr::value(error))
        .filter(outbox::Column::Id.eq(claim.message.id))
        .filter(outbox::Column::LockedUntil.eq(claim.until))
        .exec(db)
        .await?;
    Ok(())
}
