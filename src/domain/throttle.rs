//! Slowing down password guessing: per client (a token bucket on every
//! /v1/auth/* request) and per password check (a backoff per email address
//! and client address for logins, per account for re-authentication). All of
//! it lives in the database, so instances behind a load balancer agree.

use std::net::IpAddr;

use chrono::TimeDelta;
use uuid::Uuid;

use super::sessions::ClientInfo;
use crate::app::AppState;
use crate::config::RateLimit;
use crate::error::{Error, Result};
use crate::store::{self, rate_limits::Bucket};

/// Password attempts a key may have before they slow down: a person who
/// mistypes a few times never waits.
const FREE_ATTEMPTS: i32 = 5;
/// The longest wait between attempts: about one guess a minute per key.
const LONGEST_WAIT_SECS: i64 = 60;

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

/// Takes one request from the client's /v1/auth/* budget.
pub async fn take_request(state: &AppState, client: &str) -> Result<()> {
    let RateLimit::Budget { requests, per } = state.config.rate_limit else {
        return Ok(());
    };
    let bucket = Bucket {
        capacity: f64::from(requests),
        per_second: f64::from(requests) / per.as_secs_f64(),
    };
    match store::rate_limits::take(&state.db, client, bucket, state.clock.now()).await? {
        Ok(()) => Ok(()),
        Err(retry_after_secs) => Err(Error::RateLimited { retry_after_secs }),
    }
}

/// The backoff key of a login: the address typed (known or not, so the
/// answer reveals nothing) and where the attempt comes from. Someone guessing
/// from one place slows down; the owner, elsewhere, is not held up by it.
pub fn login_key(email: &str, client: &ClientInfo) -> String {
    format!("login:{email}|{}", client_key(client.ip.as_deref()))
}

/// The backoff key of re-entering one's password (password change, account
/// deletion): a stolen access token must not buy unlimited guesses.
pub fn reauth_key(user_id: Uuid) -> String {
    format!("reauth:{user_id}")
}

/// Counts a password attempt under `key`, or refuses it with 429 while the
/// key is held back. Call before checking the password.
pub async fn begin(state: &AppState, key: &str) -> Result<()> {
    match store::throttle::begin_attempt(&state.db, key, state.clock.now(), delay).await? {
        Ok(()) => Ok(()),
        Err(retry_after_secs) => Err(Error::RateLimited { retry_after_secs }),
    }
}

/// The password was right: the count starts afresh.
pub async fn succeeded(state: &AppState, key: &str) -> Result<()> {
    store::throttle::clear(&state.db, key).await
}
