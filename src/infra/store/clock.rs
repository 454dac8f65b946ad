//! One time for every instance on a PostgreSQL: the database's. Machines'
//! clocks disagree by seconds when NTP is off or slewing; a token one
//! instance issues would then live up to that much longer on another. This
//! clock is the system's plus an offset measured against the database's
//! `clock_timestamp()` (the midpoint of the round trip, best of three), kept
//! up to date in the background. SQLite runs one instance: nothing to agree on.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use chrono::{DateTime, DurationRound as _, TimeDelta, Utc};
use sea_orm::{ConnectionTrait, DbBackend, Statement};

use super::Db;
use crate::core::clock::Clock;

/// How often the offset is measured again.
const EVERY: Duration = Duration::from_secs(30);
/// An offset larger than this is worth a warning: fix the machine's NTP.
const WORTH_SAYING: TimeDelta = TimeDelta::milliseconds(500);

#[derive(Debug, Default)]
pub struct DatabaseClock {
    /// Database time minus system time, in microseconds.
    offset_us: AtomicI64,
}

impl Clock for DatabaseClock {
    fn now(&self) -> DateTime<Utc> {
        let now = Utc::now() + TimeDelta::microseconds(self.offset_us.load(Ordering::Relaxed));
        now.duration_trunc(TimeDelta::microseconds(1))
            .unwrap_or(now)
    }

    fn sleep(&self, for_how_long: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(tokio::time::sleep(for_how_long))
    }
}

impl DatabaseClock {
    /// Measures the offset against `db` (PostgreSQL) and keeps it.
    pub async fn sync(&self, db: &Db) -> Result<TimeDelta, sea_orm::DbErr> {
        let mut best: Option<(TimeDelta, TimeDelta)> = None;
        for _ in 0..3 {
            let sent = Utc::now();
            let row = db
                .query_one_raw(Statement::from_string(
                    DbBackend::Postgres,
                    "SELECT clock_timestamp() AS now".to_owned(),
                ))
                .await?;
            let back = Utc::now();
            let Some(row) = row else { continue };
            let theirs: DateTime<Utc> = row.try_get("", "now")?;
            let trip = back - sent;
            let offset = theirs - (sent + trip / 2);
            if best.is_none_or(|(t, _)| trip < t) {
                best = Some((trip, offset));
            }
        }
        let (_, offset) =
            best.ok_or_else(|| sea_orm::DbErr::Custom("no time from the database".into()))?;
        let previous = self
            .offset_us
            .swap(offset.num_microseconds().unwrap_or(0), Ordering::Relaxed);
        if offset.abs() > WORTH_SAYING
            && (previous - offset.num_microseconds().unwrap_or(0)).abs() > 100_000
        {
            tracing::warn!(
                offset_ms = offset.num_milliseconds(),
                "this machine's clock is off the database's: following the database (set up NTP)"
            );
        }
        Ok(offset)
    }

    /// Keeps the offset measured every 30 s, until the process ends.
    pub fn keep_in_sync(self: Arc<Self>, db: Db) {
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(EVERY).await;
                if let Err(err) = self.sync(&db).await {
                    tracing::debug!(error = %err, "could not read the database's time");
                }
            }
        });
    }
}
