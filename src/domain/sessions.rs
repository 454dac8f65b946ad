//! Sessions: starting one at login, refreshing (rotation with reuse
//! detection), authenticating access tokens against live sessions, logout and
//! revocation. A revoked session's access tokens fail at once on this instance.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use moka::sync::Cache;
use uuid::Uuid;

use serde_json::json;

use super::audit::{self, EventExt as _};
use super::clock::delta;
use super::tokens::{self, AccessGrant};
use crate::app::AppState;
use crate::error::{Error, Result};
use crate::store::{self, sessions::LoginWrite, sessions::Rotation};

pub use store::sessions::Session;

/// How long an instance trusts what it last read about a session. Revocations
/// by this instance drop the entry at once; those by other instances are seen
/// within this bound (the contract allows 5 s).
const LIVENESS_TTL: Duration = Duration::from_secs(2);

/// A fresh access token and refresh token for one session.
pub struct Issued {
    pub access_token: String,
    pub expires_in: u64,
    pub refresh_token: String,
    pub refresh_expires_in: u64,
}

/// Where a login came from, shown in session listings.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// The caller of an authenticated request.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user_id: Uuid,
    pub session_id: Uuid,
    pub roles: Vec<String>,
}

/// A token whose signature was checked, and the key that signed it.
struct Verified {
    claims: tokens::AccessClaims,
    kid: String,
}

#[derive(Clone, Copy)]
struct Liveness {
    user_id: Uuid,
    live_until: Option<DateTime<Utc>>,
}

/// What this instance last read about sessions, by id, and the sessions it
/// revoked itself. The second answers first: a request that read a session
/// as live just before a logout cannot put it back in the cache.
pub struct SessionCache {
    liveness: Cache<Uuid, Liveness>,
    revoked: Cache<Uuid, ()>,
    /// Access tokens whose signature was checked, by SHA-256 (a token has one
    /// accepted spelling: ECDSA signatures must be low-S), with the `kid`
    /// that signed them: a client sends the same token many times, and the
    /// signature check (ECDSA) costs more than the rest of a request. Expiry,
    /// the key (a revoked key's tokens stop working) and the session are
    /// still checked on every use.
    verified: Cache<String, Arc<Verified>>,
}

impl Default for SessionCache {
    fn default() -> Self {
        Self {
            liveness: Cache::builder()
                .max_capacity(100_000)
                .time_to_live(LIVENESS_TTL)
                .build(),
            // Longer than a liveness entry can outlive the revocation.
            revoked: Cache::builder()
                .max_capacity(100_000)
                .time_to_live(LIVENESS_TTL * 5)
                .build(),
            verified: Cache::builder()
                .max_capacity(100_000)
                .time_to_idle(Duration::from_secs(900))
                .build(),
        }
    }
}

impl SessionCache {
    /// These sessions ended (here or, as announced, elsewhere): refuse them
    /// from now on.
    pub fn mark_revoked(&self, ids: impl IntoIterator<Item = Uuid>) {
        for id in ids {
            self.revoked.insert(id, ());
            self.liveness.invalidate(&id);
        }
    }

    /// Reread every session from the database on its next use.
    pub fn forget_all(&self) {
        self.liveness.invalidate_all();
    }
}

fn seconds_until(until: DateTime<Utc>, now: DateTime<Utc>) -> u64 {
    u64::try_from((until - now).num_seconds()).unwrap_or(0)
}

fn truncate(value: Option<String>, max: usize) -> Option<String> {
    value.map(|v| v.chars().take(max).collect())
}

async fn issue(
    state: &AppState,
    session: &Session,
    now: DateTime<Utc>,
    refresh_token: String,
) -> Result<Issued> {
    let roles = store::users::roles_of(&state.db, session.user_id).await?;
    let ttl = state.config.access_token_ttl;
    let access_token = tokens::issue_access_token(
        &state.keys,
        AccessGrant {
            user_id: session.user_id,
            session_id: session.id,
            roles,
            amr: tokens::PASSWORD_AMR,
            audience: &state.config.access_token_audience,
            issuer: state.config.issuer(),
            now,
            ttl,
        },
    )?;
    metrics::counter!("palisade_tokens_issued_total").increment(1);
    Ok(Issued {
        access_token,
        expires_in: ttl.as_secs(),
        refresh_token,
        refresh_expires_in: seconds_until(session.expires_at, now),
    })
}

/// Opens a session for a user whose credentials were just checked.
/// `InvalidCredentials` when the password changed in the meantime.
pub async fn start(state: &AppState, login: LoginWrite, client: ClientInfo) -> Result<Issued> {
    let now = state.clock.now();
    let refresh_token = tokens::new_opaque_token();
    let user_id = login.user_id;
    let event = audit::event(audit::LOGIN_SUCCEEDED, &client)
        .actor(user_id)
        .target(user_id);
    let session = store::sessions::open_session(
        &state.db,
        login,
        store::sessions::NewSession {
            user_id,
            expires_at: now + delta(state.config.refresh_token_ttl),
            ip: truncate(client.ip, 64),
            user_agent: truncate(client.user_agent, 512),
        },
        tokens::hash_token(&refresh_token),
        event,
        now,
    )
    .await?
    .ok_or(Error::InvalidCredentials)?;
    issue(state, &session, now, refresh_token).await
}

/// How far a repeat inside the grace window follows a chain of successors:
/// more rotations than tabs racing make in a grace window.
const LONGEST_CHAIN: usize = 16;

/// Trades a refresh token for a new pair. A repeat inside the grace window
/// (two tabs refreshing at once) gets the session's live refresh token, the
/// same one the first request got, so one session keeps one chain. A token
/// used before, outside the grace window, ends its whole session.
pub async fn refresh(state: &AppState, refresh_token: &str, client: &ClientInfo) -> Result<Issued> {
    if refresh_token.is_empty() || refresh_token.len() > 256 {
        return Err(Error::InvalidToken);
    }
    let now = state.clock.now();
    let next = tokens::new_opaque_token();
    let presented_hash = tokens::hash_token(refresh_token);
    let rotation = store::sessions::rotate_refresh_token(
        &state.db,
        store::sessions::Presented {
            hash: &presented_hash,
            next_hash: tokens::hash_token(&next),
            sealed_next: tokens::seal_successor(refresh_token, &next)?,
        },
        now,
        delta(state.config.refresh_reuse_grace),
        audit::event(audit::TOKEN_REUSE_DETECTED, client),
    )
    .await?;
    match rotation {
        Rotation::Rotated(session) => {
            metrics::counter!("palisade_tokens_refreshed_total").increment(1);
            issue(state, &session, now, next).await
        }
        Rotation::Repeated(session, sealed) => {
            let live = live_descendant(state, refresh_token, sealed, session.id).await?;
            metrics::counter!("palisade_tokens_refreshed_total").increment(1);
            issue(state, &session, now, live).await
        }
        Rotation::Reused(session) => {
            super::broadcast::sessions_ended(state, [session.id]).await;
            tracing::warn!(session_id = %session.id, user_id = %session.user_id,
                "refresh token reused: session ended");
            Err(Error::InvalidToken)
        }
        Rotation::Rejected => Err(Error::InvalidToken),
    }
}

/// The session's live refresh token, reached from a used one by unsealing
/// successor after successor. `InvalidToken` when the chain breaks (a
/// password change cut it, or the token predates sealed successors).
async fn live_descendant(
    state: &AppState,
    used: &str,
    sealed: Option<String>,
    session_id: Uuid,
) -> Result<String> {
    let (mut token, mut sealed) = (used.to_owned(), sealed);
    for _ in 0..LONGEST_CHAIN {
        let next = sealed
            .as_deref()
            .and_then(|s| tokens::unseal_successor(&token, s))
            .ok_or(Error::InvalidToken)?;
        let row = store::sessions::find_refresh_token(&state.db, &tokens::hash_token(&next))
            .await?
            .filter(|row| row.session_id == session_id)
            .ok_or(Error::InvalidToken)?;
        if row.used_at.is_none() {
            return Ok(next);
        }
        (token, sealed) = (next, row.successor);
    }
    Err(Error::InvalidToken)
}

/// Checks an access token and that its session is still live.
/// `TokenExpired` for a genuine token past `exp`, `InvalidToken` otherwise.
pub async fn authenticate(state: &AppState, bearer: &str) -> Result<Principal> {
    let now = state.clock.now();
    let fingerprint = tokens::hash_token(bearer);
    let verified = match state.sessions.verified.get(&fingerprint) {
        // A revoked key's tokens fail even when they were checked before.
        Some(known) if state.keys.key(&known.kid).is_none() => return Err(Error::InvalidToken),
        Some(known) => known,
        None => {
            let kid = tokens::claimed_kid(bearer).ok_or(Error::InvalidToken)?;
            state
                .keys
                .reload_for_unknown_kid(&kid, &state.db, now)
                .await;
            let expected = tokens::Expected {
                issuer: state.config.issuer(),
                audience: &state.config.access_token_audience,
            };
            let claims = tokens::verify_access_token(&state.keys, expected, bearer, now)?;
            let verified = Arc::new(Verified { claims, kid });
            state
                .sessions
                .verified
                .insert(fingerprint, verified.clone());
            verified
        }
    };
    let claims = &verified.claims;
    if tokens::expired(claims, now) {
        return Err(Error::TokenExpired);
    }
    if state.sessions.revoked.contains_key(&claims.sid) {
        return Err(Error::InvalidToken);
    }
    let liveness = match state.sessions.liveness.get(&claims.sid) {
        Some(known) => known,
        None => {
            let liveness = match store::sessions::find_session(&state.db, claims.sid).await? {
                Some(s) => Liveness {
                    user_id: s.user_id,
                    live_until: s.revoked_at.is_none().then_some(s.expires_at),
                },
                None => Liveness {
                    user_id: claims.sub,
                    live_until: None,
                },
            };
            state.sessions.liveness.insert(claims.sid, liveness);
            liveness
        }
    };
    let live =
        liveness.user_id == claims.sub && liveness.live_until.is_some_and(|until| until > now);
    if !live {
        return Err(Error::InvalidToken);
    }
    Ok(Principal {
        user_id: claims.sub,
        session_id: claims.sid,
        roles: claims.roles.clone(),
    })
}

/// Checks a hosted page's session cookie, which is the session's current
/// refresh token: live session, every time from the database (pages are not
/// a hot path, and an ended session must end the page session at once).
/// Also returns the user, which every page shows.
pub async fn authenticate_page(
    state: &AppState,
    cookie: &str,
) -> Result<(Principal, store::users::User)> {
    if cookie.is_empty() || cookie.len() > 256 {
        return Err(Error::InvalidToken);
    }
    let now = state.clock.now();
    let session =
        store::sessions::find_live_session_by_token(&state.db, &tokens::hash_token(cookie), now)
            .await?
            .ok_or(Error::InvalidToken)?;
    // The user and their roles in one query; gone means the session is too.
    let (user, roles) = store::users::find_account(&state.db, session.user_id)
        .await?
        .ok_or(Error::InvalidToken)?;
    let who = Principal {
        user_id: session.user_id,
        session_id: session.id,
        roles,
    };
    Ok((who, user))
}

/// Ends the caller's session.
pub async fn logout(state: &AppState, who: &Principal, client: &ClientInfo) -> Result<()> {
    revoke(state, who, who.session_id, client).await
}

/// Ends every session of the caller.
pub async fn logout_all(state: &AppState, who: &Principal, client: &ClientInfo) -> Result<()> {
    let event = audit::event(audit::LOGOUT, client)
        .actor(who.user_id)
        .target(who.user_id)
        .details(json!({"all_sessions": true}));
    let ended =
        store::sessions::end_user_sessions(&state.db, who.user_id, event, state.clock.now())
            .await?;
    super::broadcast::sessions_ended(state, ended).await;
    Ok(())
}

/// Ends one of the caller's sessions; `NotFound` when it is not theirs or not live.
pub async fn revoke(
    state: &AppState,
    who: &Principal,
    session_id: Uuid,
    client: &ClientInfo,
) -> Result<()> {
    let event = audit::event(audit::LOGOUT, client)
        .actor(who.user_id)
        .target(who.user_id)
        .details(json!({"session_id": session_id}));
    if !store::sessions::revoke_session(
        &state.db,
        who.user_id,
        session_id,
        event,
        state.clock.now(),
    )
    .await?
    {
        return Err(Error::NotFound);
    }
    super::broadcast::sessions_ended(state, [session_id]).await;
    Ok(())
}

pub async fn list(state: &AppState, who: &Principal) -> Result<Vec<Session>> {
    store::sessions::live_sessions(&state.db, who.user_id, state.clock.now()).await
}
