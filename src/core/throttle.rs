//! Slowing down password guessing: per client (a token bucket on every
//! /v1/auth/* request, and per IPv6 site, in this instance's memory: see
//! `buckets`) and per password check (a backoff per email address and client
//! for logins, per account and client for re-authentication, in the
//! database, so instances behind a load balancer agree on it).

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use chrono::TimeDelta;
use uuid::Uuid;

use super::buckets::Buckets;
use super::clock::SharedClock;
use super::error::{Error, Result};
use super::model::ClientInfo;
use super::ports::{Allowance, Bucket, ThrottleStore};

/// Password attempts a key may have before they slow down: a person who
/// mistypes a few times never waits.
const FREE_ATTEMPTS: i32 = 5;
/// The longest wait between attempts: about one guess a minute per key.
const LONGEST_WAIT_SECS: i64 = 60;
/// How many requests a whole IPv6 /48 (one site) gets, in budgets of one
/// client: enough for a few households or servers, while someone holding a
/// /48 cannot multiply the budget by its 65 536 /64s.
const SITE_BUDGETS: f64 = 8.0;

/// The per-client budget of the /v1/auth/* endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateLimit {
    Off,
    /// `requests` per `per`, with a burst of the same size.
    Budget {
        requests: u32,
        per: Duration,
    },
}

impl RateLimit {
    /// `on`: enough for a person who mistypes, few for a guessing loop.
    pub const DEFAULT: Self = Self::Budget {
        requests: 30,
        per: Duration::from_secs(60),
    };
}

/// How long the next attempt waits after `attempts` attempts without a right
/// password: nothing for the first five, then 1 s, 2 s, 4 s … up to a minute.
pub fn delay(attempts: i32) -> TimeDelta {
    if attempts <= FREE_ATTEMPTS {
        return TimeDelta::zero();
    }
    let doublings = u32::try_from(attempts - FREE_ATTEMPTS - 1)
        .unwrap_or(0)
        .min(10);
    TimeDelta::seconds((1i64 << doublings).min(LONGEST_WAIT_SECS))
}

/// Who a client is for limits: its IPv4 address, or its IPv6 /64 (one
/// household or server gets a whole /64, so single IPv6 addresses are free).
pub fn client_key(ip: Option<&str>) -> String {
    match ip.and_then(|ip| ip.parse::<IpAddr>().ok()) {
        Some(IpAddr::V4(v4)) => v4.to_string(),
        Some(IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        None => "unknown".to_owned(),
    }
}

/// The buckets a request from `ip` takes from, with each one's size in
/// client budgets: the client's, and for IPv6 also its /48's.
fn buckets_of(ip: Option<&str>) -> Vec<(String, f64)> {
    let mut buckets = vec![(client_key(ip), 1.0)];
    if let Some(IpAddr::V6(v6)) = ip.and_then(|ip| ip.parse::<IpAddr>().ok()) {
        let s = v6.segments();
        buckets.push((
            format!("{:x}:{:x}:{:x}::/48", s[0], s[1], s[2]),
            SITE_BUDGETS,
        ));
    }
    buckets
}

/// What a password attempt is counted under: a key (what, from where) and
/// its subject (whose: the address or the account), by which erasure finds
/// the counters of an account exactly.
pub struct Attempt {
    key: String,
    subject: String,
}

impl Attempt {
    /// A login: the address typed (known or not, so the answer reveals
    /// nothing) and where the attempt comes from. Someone guessing from one
    /// place slows down; the owner, elsewhere, is not held up by it.
    pub fn login(email: &str, client: &ClientInfo) -> Self {
        Self {
            key: format!("login:{email}|{}", client_key(client.ip.as_deref())),
            subject: email.to_owned(),
        }
    }

    /// Re-entering one's password (password change, account deletion), per
    /// account and client: a stolen access token buys no unlimited guesses,
    /// and the thief's guessing does not lock the owner, elsewhere, out.
    pub fn reauth(user_id: Uuid, client: &ClientInfo) -> Self {
        Self {
            key: format!("reauth:{user_id}|{}", client_key(client.ip.as_deref())),
            subject: user_id.to_string(),
        }
    }
}

impl Attempt {
    /// A second factor's code, per account and from anywhere: only someone
    /// who knows the password gets this far, so the owner cannot be held
    /// back by strangers, and a right password does not clear it (signing
    /// in again buys no fresh guesses).
    pub fn second_factor(user_id: Uuid) -> Self {
        Self {
            key: format!("mfa:{user_id}"),
            subject: user_id.to_string(),
        }
    }
}

pub struct Throttle {
    store: Arc<dyn ThrottleStore>,
    clock: SharedClock,
    limit: RateLimit,
    buckets: Buckets,
}

fn refused(allowance: Allowance) -> Result<()> {
    match allowance {
        Allowance::Allowed => Ok(()),
        Allowance::RetryAfter(retry_after_secs) => Err(Error::RateLimited { retry_after_secs }),
    }
}

impl Throttle {
    pub fn new(store: Arc<dyn ThrottleStore>, clock: SharedClock, limit: RateLimit) -> Self {
        Self {
            store,
            clock,
            limit,
            buckets: Buckets::default(),
        }
    }

    /// Takes one request from the budget of the client at `ip` (and of its
    /// IPv6 /48); 429 when it is spent.
    pub async fn take_request(&self, ip: Option<&str>) -> Result<()> {
        let RateLimit::Budget { requests, per } = self.limit else {
            return Ok(());
        };
        for (key, budgets) in buckets_of(ip) {
            let capacity = f64::from(requests) * budgets;
            let bucket = Bucket {
                capacity,
                per_second: capacity / per.as_secs_f64(),
            };
            refused(self.buckets.take(&key, bucket, self.clock.now()))?;
        }
        Ok(())
    }

    /// Counts a password attempt, or refuses it with 429 while its key is
    /// held back. Call before checking the password.
    pub async fn begin(&self, attempt: &Attempt) -> Result<()> {
        let allowance = self
            .store
            .begin_attempt(&attempt.key, &attempt.subject, self.clock.now(), delay)
            .await?;
        refused(allowance)
    }

    /// The password was right: the count starts afresh.
    pub async fn succeeded(&self, attempt: &Attempt) -> Result<()> {
        self.store.clear_attempts(&attempt.key).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_wait_longer_and_longer_up_to_a_minute() {
        assert_eq!(delay(5), TimeDelta::zero());
        assert_eq!(delay(6), TimeDelta::seconds(1));
        assert_eq!(delay(8), TimeDelta::seconds(4));
        assert_eq!(delay(100), TimeDelta::seconds(60));
    }

    #[test]
    fn ipv6_clients_are_counted_by_64_and_by_48() {
        let keys: Vec<String> = buckets_of(Some("2001:db8:1:2:3::9"))
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        assert_eq!(keys, ["2001:db8:1:2::/64", "2001:db8:1::/48"]);
        assert_eq!(buckets_of(Some("198.51.100.7")).len(), 1);
    }
}
