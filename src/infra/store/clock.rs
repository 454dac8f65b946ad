//! One time for every instance on a PostgreSQL: the database's. Machines'
//! clocks disagree by seconds when NTP is off or slewing; a token one
//! instance issues would then live up to that much longer on another. This
//! clock is the system's plus an offset measured against the database's
//! `clock_timestamp()` (the midpoint of the round trip, best of three), kept
//! up to date in the background, and it never runs backwards. SQLite runs
//! one instance: nothing to agree on.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::Duration;

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use secrecy::SecretString;

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
    /// The latest time handed out, in microseconds: a new offset never moves
    /// time back (claims, used TOTP steps and grace periods count on that).
    last_us: AtomicI64,
    /// Whether an offset was ever measured.
    synced: AtomicBool,
}

impl Clock for DatabaseClock {
    fn now(&self) -> DateTime<Utc> {
        let now = Utc::now() + TimeDelta::microseconds(self.offset_us.load(Ordering::Relaxed));
        let us = now.timestamp_micros();
        let latest = self.last_us.fetch_max(us, Ordering::Relaxed).max(us);
        DateTime::from_timestamp_micros(latest).unwrap_or(now)
    }

    fn sleep(&self, for_how_long: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(tokio::time::sleep(for_how_long))
    }
}

impl DatabaseClock {
    /// Measures the offset against `db` (PostgreSQL) and keeps it.
    pub async fn sync(&self, db: &Db) -> Result<TimeDelta, sea_orm::DbErr> {
        let query =
            || Statement::from_string(DbBackend::Postgres, "SELECT clock_timestamp() AS now");
        // Once untimed: the connection's first statement may wait for it.
        db.query_one_raw(query()).await?;
        let mut best: Option<(TimeDelta, TimeDelta)> = None;
        for _ in 0..3 {
            let sent = Utc::now();
            let row = db.query_one_raw(query()).await?;
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
        let us = offset.num_microseconds().unwrap_or(0);
        let previous = self.offset_us.swap(us, Ordering::Relaxed);
        let first = !self.synced.swap(true, Ordering::Relaxed);
        if offset.abs() > WORTH_SAYING && (first || (previous - us).abs() > 100_000) {
            tracing::warn!(
                offset_ms = offset.num_milliseconds(),
                "this machine's clock and the database's disagree: following the database's (check NTP on both)"
            );
        }
        Ok(offset)
    }

    /// Keeps the offset measured (`url` keeps a session: a transaction pooler
    /// would add its own hops to the round trip): every 30 s once measured, every second
    /// until then (the database may not answer yet), until the process ends.
    pub fn keep_in_sync(self: Arc<Self>, url: SecretString) {
        tokio::spawn(async move {
            let db = loop {
                match super::connect(&url, 1, 0, super::Pooler::None).await {
                    Ok(db) => break db,
                    Err(_) => tokio::time::sleep(Duration::from_secs(1)).await,
                }
            };
            loop {
                if let Err(err) = self.sync(&db).await {
                    tracing::debug!(error = %err, "could not read the database's time");
                }
                let pause = match self.synced.load(Ordering::Relaxed) {
                    true => EVERY,
                    false => Duration::from_secs(1),
                };
                tokio::time::sleep(pause).await;
            }
        });
    }
}
