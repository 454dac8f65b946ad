//! The outbox worker: claims due messages, delivers them, and retries with
//! exponential backoff until PALISADE_MAIL_MAX_ATTEMPTS, after which the
//! message is a dead letter. A failing message never holds up the others.
//! Logs the message id and recipient domain, never the body or a token.

use std::sync::Arc;
use std::time::Duration;

use chrono::TimeDelta;

use super::MailRoom;
use super::transport::{MailSettings, Transport};
use crate::core::clock::{SharedClock, delta};
use crate::core::error::Result;
use crate::infra::store::{Db, outbox};

/// How often the outbox is looked at when nobody rings (other instances' mail,
/// retries coming due).
const POLL: Duration = Duration::from_secs(1);
/// Messages sent before looking at the doorbell again.
const BATCH: usize = 20;
const FIRST_RETRY: Duration = Duration::from_secs(5);
const LONGEST_RETRY: Duration = Duration::from_secs(3600);

/// Wait before attempt `attempts + 1`: 5 s, 10 s, 20 s, … up to an hour.
pub fn backoff(attempts: i32) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1))
        .unwrap_or(0)
        .min(20);
    FIRST_RETRY
        .saturating_mul(1 << doublings)
        .min(LONGEST_RETRY)
}

fn domain_of(recipient: &str) -> &str {
    recipient.rsplit_once('@').map_or("", |(_, d)| d)
}

/// What the worker works with.
pub struct Worker {
    pub db: Db,
    pub transport: Transport,
    pub settings: MailSettings,
    pub mail_room: Arc<MailRoom>,
    pub clock: SharedClock,
}

/// Sends one claimed message and writes the outcome. Failing to write it is
/// logged, not fatal: the claim lapses and the message is tried again.
async fn deliver(worker: &Worker, claim: &outbox::Claimed) {
    let message = &claim.message;
    let domain = domain_of(&message.recipient);
    let max_attempts = i32::try_from(worker.settings.max_attempts).unwrap_or(i32::MAX);
    let db = &worker.db;
    let written = match worker.transport.send(&worker.settings.from, message).await {
        Ok(()) => {
            metrics::counter!("palisade_emails_sent_total").increment(1);
            tracing::info!(message_id = %message.id, recipient_domain = domain, attempts = message.attempts, "email sent");
            outbox::mark_sent(db, claim, worker.clock.now()).await
        }
        Err(err) if err.permanent || message.attempts >= max_attempts => {
            metrics::counter!("palisade_emails_failed_total").increment(1);
            tracing::error!(message_id = %message.id, recipient_domain = domain, attempts = message.attempts,
                permanent = err.permanent, smtp_code = err.code.as_deref().unwrap_or("none"),
                "email failed for good (dead letter)");
            outbox::mark_failed(db, claim, &err.message).await
        }
        Err(err) => {
            let wait = backoff(message.attempts);
            metrics::counter!("palisade_emails_retried_total").increment(1);
            tracing::warn!(message_id = %message.id, recipient_domain = domain, attempts = message.attempts,
                retry_in_secs = wait.as_secs(), smtp_code = err.code.as_deref().unwrap_or("none"),
                "email not delivered; will retry");
            outbox::schedule_retry(db, claim, worker.clock.now() + delta(wait), &err.message).await
        }
    };
    if let Err(err) = written {
        tracing::warn!(message_id = %message.id, error = %err, "could not record the outcome of a delivery");
    }
}

/// Delivers what is due now, one message at a time; returns how many.
async fn deliver_due(worker: &Worker, stop: &tokio::sync::watch::Receiver<bool>) -> Result<usize> {
    let mut handled = 0;
    while handled < BATCH && !*stop.borrow() {
        // How long the claim lasts: PALISADE_MAIL_LEASE, twice an SMTP exchange at least.
        let lease = TimeDelta::from_std(worker.settings.lease).unwrap_or(TimeDelta::minutes(5));
        let Some(claim) = outbox::claim_next(&worker.db, worker.clock.now(), lease).await? else {
            break;
        };
        deliver(worker, &claim).await;
        handled += 1;
    }
    Ok(handled)
}

/// Runs the worker until `stop` turns true. A message being delivered when
/// it does is finished first (graceful shutdown), then the task ends.
pub fn spawn(
    worker: Worker,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        while !*stop.borrow() {
            match deliver_due(&worker, &stop).await {
                // A full batch: there may be more right away.
                Ok(n) if n >= BATCH => continue,
                Ok(_) => {}
                Err(err) => tracing::warn!(error = %err, "outbox worker could not read the outbox"),
            }
            tokio::select! {
                _ = worker.mail_room.rung() => {}
                _ = worker.clock.sleep(POLL) => {}
                _ = stop.changed() => {}
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_five_seconds_up_to_an_hour() {
        assert_eq!(backoff(1), Duration::from_secs(5));
        assert_eq!(backoff(2), Duration::from_secs(10));
        assert_eq!(backoff(4), Duration::from_secs(40));
        assert_eq!(backoff(30), Duration::from_secs(3600));
    }
}
