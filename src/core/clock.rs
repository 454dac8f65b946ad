//! Injected time. Services ask a `Clock` for "now", and background loops
//! sleep on it, so expiry, cache lifetimes and polls are tested by moving a
//! test clock forward, never by waiting.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, DurationRound, TimeDelta, Utc};

pub trait Clock: Send + Sync + 'static {
    /// Current time, truncated to microseconds (what PostgreSQL stores), so a
    /// value read back from the database equals the one written.
    fn now(&self) -> DateTime<Utc>;

    /// Waits `for_how_long` (a poll interval).
    fn sleep(&self, for_how_long: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;
}

pub type SharedClock = Arc<dyn Clock>;

fn truncate(t: DateTime<Utc>) -> DateTime<Utc> {
    t.duration_trunc(TimeDelta::microseconds(1)).unwrap_or(t)
}

#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        truncate(Utc::now())
    }

    fn sleep(&self, for_how_long: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(tokio::time::sleep(for_how_long))
    }
}

/// A clock that only moves when told to. For tests.
#[derive(Debug)]
pub struct ManualClock {
    now: Mutex<DateTime<Utc>>,
    moved: tokio::sync::Notify,
}

impl ManualClock {
    pub fn starting_now() -> Arc<Self> {
        Arc::new(Self {
            now: Mutex::new(truncate(Utc::now())),
            moved: tokio::sync::Notify::new(),
        })
    }

    /// Moves time on, waking whatever sleeps past it.
    pub fn advance(&self, by: Duration) {
        let mut now = self.now.lock().unwrap_or_else(|p| p.into_inner());
        *now += TimeDelta::from_std(by).unwrap_or(TimeDelta::MAX);
        drop(now);
        self.moved.notify_waiters();
    }

    async fn until(&self, target: DateTime<Utc>) {
        loop {
            let moved = self.moved.notified();
            tokio::pin!(moved);
            moved.as_mut().enable();
            if self.now() >= target {
                return;
            }
            moved.await;
        }
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Ends when the clock is moved past the time, or when that much real
    /// time passed: a test advances the clock to run a poll at once, and
    /// the polls still run while it does not.
    fn sleep(&self, for_how_long: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        let target = self.now() + delta(for_how_long);
        Box::pin(async move {
            tokio::select! {
                _ = self.until(target) => {}
                _ = tokio::time::sleep(for_how_long) => {}
            }
        })
    }
}

/// `std` durations into chrono's, saturating instead of failing.
pub fn delta(d: Duration) -> TimeDelta {
    TimeDelta::from_std(d).unwrap_or(TimeDelta::MAX)
}
