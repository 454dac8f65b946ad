//! The periodic clean-up: deletes what is finished and past its retention
//! (ended sessions, used tokens, sent emails and their copies, old audit
//! events, idle password-attempt counters). The wiring runs it at start and
//! hourly in every instance; deleting twice is harmless.

use std::sync::Arc;
use std::time::Duration;

use super::clock::{SharedClock, delta};
use super::error::Result;
use super::ports::{Expired, HousekeepingStore, Outbox};

/// Password-attempt counters and rate-limit buckets idle this long go.
const THROTTLE_MEMORY: Duration = Duration::from_secs(86_400);

/// How long finished things are kept.
#[derive(Debug, Clone, Copy)]
pub struct Retention {
    pub sessions: Duration,
    pub tokens: Duration,
    pub outbox: Duration,
    pub audit: Duration,
    /// How often housekeeping runs.
    pub every: Duration,
}

pub struct Housekeeping {
    store: Arc<dyn HousekeepingStore>,
    outbox: Arc<dyn Outbox>,
    clock: SharedClock,
    retention: Retention,
}

impl Housekeeping {
    /// How long to wait between runs.
    pub fn every(&self) -> Duration {
        self.retention.every
    }

    pub fn new(
        store: Arc<dyn HousekeepingStore>,
        outbox: Arc<dyn Outbox>,
        clock: SharedClock,
        retention: Retention,
    ) -> Self {
        Self {
            store,
            outbox,
            clock,
            retention,
        }
    }

    /// One pass; returns how many rows and files went.
    pub async fn run_once(&self) -> Result<u64> {
        let now = self.clock.now();
        let expired = Expired {
            sessions: now - delta(self.retention.sessions),
            one_time_tokens: now - delta(self.retention.tokens),
            outbox: now - delta(self.retention.outbox),
            audit_events: now - delta(self.retention.audit),
            throttle: now - delta(THROTTLE_MEMORY),
        };
        let rows = self.store.purge(expired).await?;
        Ok(rows + self.outbox.purge_copies(self.retention.outbox).await)
    }
}
