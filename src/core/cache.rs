//! A bounded cache whose entries expire by the injected clock, so that a
//! test moving its manual clock expires them as real time would; and whose
//! clears win over the reads that started before them. Entries also leave
//! memory once their time to live has passed in real time (a soak showed
//! expired entries staying until the capacity was reached: 100 000
//! sessions' worth, tens of MB); an entry gone early is only a miss.

use std::hash::Hash;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::{DateTime, TimeDelta, Utc};
use moka::sync::Cache;

use super::clock::SharedClock;

pub struct ClockCache<K, V> {
    entries: Cache<K, (V, DateTime<Utc>)>,
    ttl: TimeDelta,
    clock: SharedClock,
    /// Bumped by every invalidation.
    generation: AtomicU64,
}

/// When a read of the source began, as `ClockCache::read_started` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadStarted(u64);

impl<K, V> ClockCache<K, V>
where
    K: Hash + Eq + Clone + Send + Sync + 'static,
    V: Clone + Send + Sync + 'static,
{
    pub fn new(capacity: u64, ttl: std::time::Duration, clock: SharedClock) -> Self {
        Self {
            entries: Cache::builder()
                .max_capacity(capacity)
                .time_to_live(ttl)
                .build(),
            ttl: super::clock::delta(ttl),
            clock,
            generation: AtomicU64::new(0),
        }
    }

    /// Marks the start of a read from the source, for `insert_read`.
    pub fn read_started(&self) -> ReadStarted {
        ReadStarted(self.generation.load(Ordering::SeqCst))
    }

    /// Keeps what a read found, unless everything was invalidated since it
    /// started: the read may predate a revocation, and must not put back
    /// what the revocation took away.
    pub fn insert_read(&self, key: K, value: V, started: ReadStarted) {
        self.insert(key.clone(), value);
        // Checked after the insert: a clear racing in between wipes the
        // entry itself, or is seen here and the entry goes.
        if self.read_started() != started {
            self.entries.invalidate(&key);
        }
    }

    /// The value, unless it is older than the time to live.
    pub fn get(&self, key: &K) -> Option<V> {
        let (value, expires) = self.entries.get(key)?;
        if expires > self.clock.now() {
            Some(value)
        } else {
            self.entries.invalidate(key);
            None
        }
    }

    pub fn insert(&self, key: K, value: V) {
        let expires = self.clock.now() + self.ttl;
        self.entries.insert(key, (value, expires));
    }

    pub fn contains(&self, key: &K) -> bool {
        self.get(key).is_some()
    }

    /// Drops the entry; a read that started before is not kept either.
    pub fn invalidate(&self, key: &K) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.entries.invalidate(key);
    }

    pub fn invalidate_all(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.entries.invalidate_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::clock::ManualClock;

    #[test]
    fn entries_expire_when_the_clock_moves_past_their_time() {
        let clock = ManualClock::starting_now();
        let cache = ClockCache::new(10, std::time::Duration::from_secs(2), clock.clone());
        cache.insert("ada", 1);
        clock.advance(std::time::Duration::from_secs(1));
        assert_eq!(cache.get(&"ada"), Some(1));
        clock.advance(std::time::Duration::from_secs(2));
        assert_eq!(cache.get(&"ada"), None);
    }

    #[test]
    fn expired_entries_leave_memory_in_real_time_whatever_the_test_clock_says() {
        let cache = ClockCache::new(
            10,
            std::time::Duration::from_millis(50),
            ManualClock::starting_now(),
        );
        cache.insert("ada", 1);
        std::thread::sleep(std::time::Duration::from_millis(120));
        cache.entries.run_pending_tasks();
        assert_eq!(cache.entries.entry_count(), 0);
    }

    #[test]
    fn a_read_that_started_before_a_clear_is_not_kept() {
        let cache = ClockCache::new(
            10,
            std::time::Duration::from_secs(60),
            ManualClock::starting_now(),
        );
        // The read starts, a revocation clears the cache, the read finishes.
        let started = cache.read_started();
        cache.invalidate_all();
        cache.insert_read("ada", "users:delete", started);
        assert_eq!(cache.get(&"ada"), None, "the stale read is dropped");
        // A read after the clear is kept.
        cache.insert_read("ada", "nothing", cache.read_started());
        assert_eq!(cache.get(&"ada"), Some("nothing"));
    }
}
