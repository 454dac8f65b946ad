//! The periodic clean-up: deletes what is finished and past its retention
//! (ended sessions, used tokens, sent emails, old audit events, idle
//! failed-login counters). Runs at start and hourly in every instance;
//! deleting twice is harmless.

use std::time::Duration;

use super::clock::delta;
use crate::app::AppState;
use crate::error::Result;
use crate::store::{audit, housekeeping, rate_limits, throttle};

const EVERY: Duration = Duration::from_secs(3600);
/// Failed-login counters idle this long are forgotten.
const THROTTLE_MEMORY: Duration = Duration::from_secs(86_400);

/// One pass; returns how many rows went.
pub async fn run_once(state: &AppState) -> Result<u64> {
    let now = state.clock.now();
    let retention = state.config.retention;
    let mut deleted =
        housekeeping::purge_sessions(&state.db, now - delta(retention.sessions)).await?;
    deleted +=
        housekeeping::purge_one_time_tokens(&state.db, now - delta(retention.tokens)).await?;
    deleted += housekeeping::purge_outbox(&state.db, now - delta(retention.outbox)).await?;
    deleted += audit::purge_before(&state.db, now - delta(state.config.audit_retention)).await?;
    deleted += throttle::purge_before(&state.db, now - delta(THROTTLE_MEMORY)).await?;
    deleted += rate_limits::purge_before(&state.db, now - delta(THROTTLE_MEMORY)).await?;
    deleted += purge_mail_files(state, retention.outbox).await;
    Ok(deleted)
}

/// .eml files (written when no SMTP server is set) older than the outbox
/// retention: they hold addresses and links.
async fn purge_mail_files(state: &AppState, older_than: Duration) -> u64 {
    let Ok(mut dir) = tokio::fs::read_dir(&state.config.mail.dir).await else {
        return 0;
    };
    let mut deleted = 0;
    while let Ok(Some(entry)) = dir.next_entry().await {
        let path = entry.path();
        let old = entry
            .metadata()
            .await
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > older_than);
        if old
            && path.extension().is_some_and(|e| e == "eml")
            && tokio::fs::remove_file(&path).await.is_ok()
        {
            deleted += 1;
        }
    }
    deleted
}

pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(EVERY);
        loop {
            tick.tick().await;
            match run_once(&state).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(
                    deleted = n,
                    "housekeeping removed rows past their retention"
                ),
                Err(err) => tracing::warn!(error = %err, "housekeeping failed; will try again"),
            }
        }
    });
}
