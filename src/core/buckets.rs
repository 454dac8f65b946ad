//! Per-client request budgets in memory: a token bucket per client key, in
//! this instance. A refused flood costs a hash-map lookup, not a write
//! transaction (on SQLite the one write lock, which real sign-ins wait
//! for). Behind a load balancer each instance counts its own share, so the
//! budget is per instance; the per-account password backoff, which is what
//! stops guessing, stays in the database and is shared.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, TimeDelta, Utc};

use super::ports::{Allowance, Bucket};

/// Locks split by key, so concurrent clients rarely wait on each other.
const SHARDS: usize = 16;
/// A shard this full forgets the clients whose buckets have refilled (they
/// are as good as new): memory follows the clients active in one period.
/// The next sweep waits until the shard has doubled, so a crowd of clients
/// costs each request amortized constant time.
const SWEEP_AT: usize = 4096;

#[derive(Debug, Clone, Copy)]
struct Level {
    tokens: f64,
    at: DateTime<Utc>,
    /// Its own size and rate: a client's and a site's share the shards.
    bucket: Bucket,
}

#[derive(Debug)]
struct Shard {
    levels: HashMap<String, Level>,
    sweep_at: usize,
}

#[derive(Debug)]
pub struct Buckets {
    shards: Vec<Mutex<Shard>>,
    /// Keyed per process, so no one can aim every key at one shard.
    hasher: std::collections::hash_map::RandomState,
}

impl Default for Buckets {
    fn default() -> Self {
        let shard = || {
            Mutex::new(Shard {
                levels: HashMap::new(),
                sweep_at: SWEEP_AT,
            })
        };
        Self {
            shards: (0..SHARDS).map(|_| shard()).collect(),
            hasher: std::collections::hash_map::RandomState::new(),
        }
    }
}

impl Buckets {
    fn shard(&self, key: &str) -> &Mutex<Shard> {
        use std::hash::BuildHasher as _;
        &self.shards[(self.hasher.hash_one(key) as usize) % SHARDS]
    }

    /// Takes one token from `key`'s bucket (full when new).
    pub fn take(&self, key: &str, bucket: Bucket, now: DateTime<Utc>) -> Allowance {
        let mut guard = self.shard(key).lock().unwrap_or_else(|p| p.into_inner());
        let shard = &mut *guard;
        if shard.levels.len() >= shard.sweep_at {
            shard
                .levels
                .retain(|_, level| refill(*level, now) < level.bucket.capacity);
            shard.levels.shrink_to_fit();
            shard.sweep_at = SWEEP_AT.max(2 * shard.levels.len());
        }
        // A new client starts full, so it is allowed: only then is it stored.
        let Some(level) = shard.levels.get_mut(key) else {
            let tokens = bucket.capacity - 1.0;
            let level = Level {
                tokens,
                at: now,
                bucket,
            };
            shard.levels.insert(key.to_owned(), level);
            return Allowance::Allowed;
        };
        let available = refill(*level, now);
        let (left, allowance) = if available >= 1.0 {
            (available - 1.0, Allowance::Allowed)
        } else {
            let wait = ((1.0 - available) / bucket.per_second).ceil().max(1.0);
            (available, Allowance::RetryAfter(wait as u64))
        };
        *level = Level {
            tokens: left,
            at: now,
            bucket,
        };
        allowance
    }
}

/// The tokens `level` holds at `now`.
fn refill(level: Level, now: DateTime<Utc>) -> f64 {
    let elapsed = (now - level.at).max(TimeDelta::zero()).as_seconds_f64();
    (level.tokens + elapsed * level.bucket.per_second).min(level.bucket.capacity)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bucket_refuses_past_its_capacity_and_refills_at_its_rate() {
        let buckets = Buckets::default();
        let bucket = Bucket {
            capacity: 3.0,
            per_second: 0.5,
        };
        let t0 = Utc::now();
        for _ in 0..3 {
            assert!(matches!(buckets.take("a", bucket, t0), Allowance::Allowed));
        }
        assert!(matches!(
            buckets.take("a", bucket, t0),
            Allowance::RetryAfter(2)
        ));
        assert!(
            matches!(buckets.take("b", bucket, t0), Allowance::Allowed),
            "another client has its own"
        );
        let later = t0 + TimeDelta::seconds(2);
        assert!(matches!(
            buckets.take("a", bucket, later),
            Allowance::Allowed
        ));
        assert!(matches!(
            buckets.take("a", bucket, later),
            Allowance::RetryAfter(_)
        ));
    }

    #[test]
    fn clients_whose_buckets_refilled_are_forgotten_when_a_shard_fills_up() {
        let buckets = Buckets::default();
        let bucket = Bucket {
            capacity: 2.0,
            per_second: 1.0,
        };
        let t0 = Utc::now();
        let crowd = 2 * SWEEP_AT * SHARDS;
        for i in 0..crowd {
            buckets.take(&format!("client{i}"), bucket, t0);
        }
        // Ten seconds on, every bucket is full again; the next crowd's
        // requests sweep the shards.
        let later = t0 + TimeDelta::seconds(10);
        for i in 0..crowd {
            buckets.take(&format!("next{i}"), bucket, later);
        }
        let held: usize = buckets
            .shards
            .iter()
            .map(|s| s.lock().unwrap().levels.len())
            .sum();
        assert!(
            held < 2 * crowd,
            "{held} held: the first crowd was never forgotten"
        );
    }
}
