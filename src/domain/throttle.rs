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

/// How many requests a whole IPv6 /48 (one site) gets, in budgets of one
/// client: enough for a few households or servers, while someone holding a
/// /48 cannot multiply the budget by its 65 536 /64s.
const SITE_BUDGETS: f64 = 8.0;

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

/// Takes one request from the /v1/auth/* budget of the client at `ip` (and
/// of its IPv6 /48).
pub async fn take_request(state: &AppState, ip: Option<&str>) -> Result<()> {
    let RateLimit::Budget { requests, per } = state.config.rate_limit else {
        return Ok(());
    };
    for (key, budgets) in buckets_of(ip) {
        let capacity = f64::from(requests) * budgets;
        let bucket = Bucket {
            capacity,
            per_second: capacity / per.as_secs_f64(),
        };
        if let Err(retry_after_secs) =
            store::rate_limits::take(&state.db, &key, bucket, state.clock.now()).await?
        {
            return Err(Error::RateLimited { retry_after_secs });
        }
    }
    Ok(())
}

/// What a password attempt is counted under: a key (what, from where) and
/// its subject (whose: the address or the account), by which erasure finds
/// the counters of an account exactly.
pub struct Attempt {
    key: String,
    subject: String,
}

/// The backoff of a login: the address typed (known or not, so the answer
/// reveals nothing) and where the attempt comes from. Someone guessing from
/// one place slows down; the owner, elsewhere, is not held up by it.
pub fn login_key(email: &str, client: &ClientInfo) -> Attempt {
    Attempt {
        key: format!("login:{email}|{}", client_key(client.ip.as_deref())),
        subject: email.to_owned(),
    }
}

/// The backoff of re-entering one's password (password change, account
/// deletion), per account and client: a stolen access token buys no
/// unlimited guesses, and the thief's guessing does not lock the owner,
/// elsewhere, out of changing the password.
pub fn reauth_key(user_id: Uuid, client: &ClientInfo) -> Attempt {
    Attempt {
        key: format!("reauth:{user_id}|{}", client_key(client.ip.as_deref())),
        subject: user_id.to_string(),
    }
}

/// Counts a password attempt, or refuses it with 429 while its key is held
/// back. Call before checking the password.
pub async fn begin(state: &AppState, attempt: &Attempt) -> Result<()> {
    match store::throttle::begin_attempt(
        &state.db,
        &attempt.key,
        &attempt.subject,
        state.clock.now(),
        delay,
    )
    .await?
    {
        Ok(()) => Ok(()),
        Err(retry_after_secs) => Err(Error::RateLimited { retry_after_secs }),
    }
}

/// The password was right: the count starts afresh.
pub async fn succeeded(state: &AppState, attempt: &Attempt) -> Result<()> {
    store::throttle::clear(&state.db, &attempt.key).await
}
