//! Sessions: starting one at login, refreshing (rotation with reuse
//! detection, one chain per session), authenticating access tokens against
//! live sessions, logout and revocation. A revoked session's access tokens
//! fail at once on this instance, and on the others when they hear of it.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::json;
use tracing::instrument;
use uuid::Uuid;

use super::audit::{self, NewEvent};
use super::cache::ClockCache;
use super::clock::{SharedClock, delta};
use super::error::{Error, Result};
use super::model::{ClientInfo, Principal, Session, User};
use super::ports::{
    AccessTokens, ClientStore, LoginWrite, NewSession, Notice, Notifier, Opening, Presented,
    Rotation, SessionStore, UsedCode, UserStore, Verified,
};
use super::profiles::Profiles;
use super::tokens::{self, AccessGrant, Expected, FIRST_PARTY_CLIENT, Subject};

/// How long an instance trusts what it last read about a session. Revocations
/// by this instance drop the entry at once; those by other instances are seen
/// when they are announced, or within this bound (the contract allows 5 s).
const LIVENESS_TTL: Duration = Duration::from_secs(2);
/// How far a repeat inside the grace window follows a chain of successors:
/// more rotations than tabs racing make in a grace window.
const LONGEST_CHAIN: usize = 16;

/// What the session rules need from the settings.
#[derive(Debug, Clone)]
pub struct SessionPolicy {
    pub access_ttl: Duration,
    /// A session's absolute lifetime; rotation does not extend it.
    pub refresh_ttl: Duration,
    /// How long a used refresh token may be presented again.
    pub reuse_grace: Duration,
    pub issuer: String,
    pub audience: String,
}

/// A fresh access token, and refresh token if the session has them, for
/// one session.
pub struct Issued {
    pub access_token: String,
    pub expires_in: u64,
    /// Always for the first-party client; for others with `offline_access`.
    pub refresh_token: Option<String>,
    pub refresh_expires_in: u64,
    pub scope: String,
    pub session: Session,
}

/// A browser's session, as the hosted pages see it.
pub struct PageSession {
    pub who: Principal,
    pub user: User,
    /// When the user last typed their credentials (`auth_time`).
    pub signed_in_at: DateTime<Utc>,
    pub amr: Vec<String>,
}

/// A session to open for an OAuth client, after the user signed in (and
/// consented) in the browser.
pub struct ClientSession {
    pub user_id: Uuid,
    pub client_id: String,
    pub scope: String,
    pub amr: Vec<String>,
    pub auth_time: DateTime<Utc>,
    pub with_refresh_token: bool,
}

#[derive(Clone, Copy)]
struct Liveness {
    user_id: Uuid,
    live_until: Option<DateTime<Utc>>,
}

/// What this instance last read about sessions, by id, and the sessions it
/// heard were revoked. The second answers first: a request that read a
/// session as live just before a logout cannot put it back in the cache.
struct SessionCache {
    liveness: ClockCache<Uuid, Liveness>,
    revoked: ClockCache<Uuid, ()>,
    /// Access tokens whose signature was checked, by SHA-256 (a token has one
    /// accepted spelling), with the key that signed them: the signature check
    /// (ECDSA) costs more than the rest of a request. Expiry, the key (a
    /// revoked key's tokens stop working) and the session are still checked
    /// on every use.
    verified: moka::sync::Cache<String, Arc<Verified>>,
}

pub struct Sessions {
    store: Arc<dyn SessionStore>,
    users: Arc<dyn UserStore>,
    clients: Arc<dyn ClientStore>,
    tokens: Arc<dyn AccessTokens>,
    notifier: Arc<dyn Notifier>,
    clock: SharedClock,
    policy: SessionPolicy,
    cache: SessionCache,
    profiles: Profiles,
}

fn seconds_until(until: DateTime<Utc>, now: DateTime<Utc>) -> u64 {
    u64::try_from((until - now).num_seconds()).unwrap_or(0)
}

fn truncate(value: Option<String>, max: usize) -> Option<String> {
    value.map(|v| v.chars().take(max).collect())
}

impl Sessions {
    #[allow(clippy::too_many_arguments)] // Construction, once, in the wiring.
    pub fn new(
        store: Arc<dyn SessionStore>,
        users: Arc<dyn UserStore>,
        clients: Arc<dyn ClientStore>,
        tokens: Arc<dyn AccessTokens>,
        notifier: Arc<dyn Notifier>,
        clock: SharedClock,
        policy: SessionPolicy,
    ) -> Self {
        let cache = SessionCache {
            liveness: ClockCache::new(100_000, LIVENESS_TTL, clock.clone()),
            // Longer than a liveness entry can outlive the revocation.
            revoked: ClockCache::new(100_000, LIVENESS_TTL * 5, clock.clone()),
            // Each access token is mostly used within seconds of its issue,
            // then replaced by a refresh: a minute idle, and room for the
            // tokens of a busy minute (about 0.5 KB each).
            verified: moka::sync::Cache::builder()
                .max_capacity(20_000)
                .time_to_idle(Duration::from_secs(60))
                .build(),
        };
        Self {
            profiles: Profiles::new(users.clone(), notifier.clone(), clock.clone()),
            store,
            users,
            clients,
            tokens,
            notifier,
            clock,
            policy,
            cache,
        }
    }

    pub fn policy(&self) -> &SessionPolicy {
        &self.policy
    }

    /// The audience and lifetime of a client's access tokens: the server's
    /// for the first-party client, else what its registration says.
    /// Also whether the client is first party (its tokens carry the
    /// user's roles whatever the scope).
    async fn audience_of(&self, client_id: &str) -> Result<(String, Duration, bool)> {
        if client_id == FIRST_PARTY_CLIENT {
            return Ok((self.policy.audience.clone(), self.policy.access_ttl, true));
        }
        // A deleted client's sessions ended with it.
        let client = self
            .clients
            .find_client(client_id)
            .await?
            .ok_or(Error::InvalidToken)?
            .client;
        let ttl = client.access_token_ttl.unwrap_or(self.policy.access_ttl);
        let first_party = client.first_party;
        Ok((
            client.audience.unwrap_or(client.client_id),
            ttl,
            first_party,
        ))
    }

    async fn issue(
        &self,
        session: Session,
        now: DateTime<Utc>,
        refresh_token: Option<String>,
    ) -> Result<Issued> {
        let (audience, ttl, first_party) = self.audience_of(&session.client_id).await?;
        // A third-party app learns the user's roles only with the scope.
        let roles = if first_party || session.scope.split_whitespace().any(|s| s == "roles") {
            self.users.roles_of(session.user_id).await?
        } else {
            vec![]
        };
        let access_token = self.tokens.issue(AccessGrant {
            subject: Subject::User {
                user_id: session.user_id,
                session_id: session.id,
            },
            client_id: &session.client_id,
            scope: &session.scope,
            roles,
            amr: &session.amr,
            audience: &audience,
            issuer: &self.policy.issuer,
            now,
            ttl,
        })?;
        metrics::counter!("palisade_tokens_issued_total").increment(1);
        Ok(Issued {
            access_token,
            expires_in: ttl.as_secs(),
            refresh_token,
            refresh_expires_in: seconds_until(session.expires_at, now),
            scope: session.scope.clone(),
            session,
        })
    }

    /// Opens a session for a user whose credentials were just checked, who
    /// signed in as `amr` says. `InvalidCredentials` when the password
    /// changed in the meantime.
    pub async fn start(
        &self,
        login: LoginWrite,
        amr: &[&str],
        client_id: &str,
        client: ClientInfo,
    ) -> Result<Issued> {
        self.start_via(login, amr, None, client_id, client).await
    }

    /// The same for a sign-in whose first step was made at `provider`
    /// (when given), which its audit event names.
    #[instrument(skip_all, name = "sessions.start")]
    pub async fn start_via(
        &self,
        login: LoginWrite,
        amr: &[&str],
        provider: Option<&str>,
        client_id: &str,
        client: ClientInfo,
    ) -> Result<Issued> {
        let now = self.clock.now();
        let refresh_token = tokens::new_opaque_token();
        let user_id = login.user_id;
        let mut event = audit::event(audit::LOGIN_SUCCEEDED, &client)
            .actor(user_id)
            .target(user_id);
        if let Some(provider) = provider {
            event = event.details(json!({ "provider": provider }));
        }
        let new = NewSession {
            id: Uuid::now_v7(),
            user_id,
            client_id: client_id.to_owned(),
            scope: tokens::FIRST_PARTY_SCOPE.to_owned(),
            amr: amr.iter().map(|m| (*m).to_owned()).collect(),
            auth_time: now,
            expires_at: now + delta(self.policy.refresh_ttl),
            ip: truncate(client.ip, 64),
            user_agent: truncate(client.user_agent, 512),
        };
        let session = self
            .store
            .open_session(login, new, tokens::hash_token(&refresh_token), event, now)
            .await?
            .ok_or(Error::InvalidCredentials)?;
        // The user's last sign-in moved.
        self.profiles.changed(vec![session.user_id]).await;
        self.issue(session, now, Some(refresh_token)).await
    }

    /// Opens a session of an OAuth client for a user who signed in in the
    /// browser, using up the authorization code it comes from (if any) in
    /// the same write. `AccountDisabled` when the account was disabled
    /// meanwhile; `InvalidToken` when the code was used meanwhile.
    #[instrument(skip_all, fields(client_id = %new.client_id), name = "sessions.start_for_client")]
    pub async fn start_for_client(
        &self,
        new: ClientSession,
        code: Option<&UsedCode>,
        client: &ClientInfo,
    ) -> Result<Issued> {
        let now = self.clock.now();
        let refresh_token = new.with_refresh_token.then(tokens::new_opaque_token);
        // An app's login code names the provider its sign-in was made at.
        let details = match code.and_then(|c| c.code.provider.as_deref()) {
            Some(provider) => json!({"client_id": new.client_id, "provider": provider}),
            None => json!({"client_id": new.client_id}),
        };
        let event = audit::event(audit::LOGIN_SUCCEEDED, client)
            .actor(new.user_id)
            .target(new.user_id)
            .details(details);
        let session = NewSession {
            id: Uuid::now_v7(),
            user_id: new.user_id,
            client_id: new.client_id,
            scope: new.scope,
            amr: new.amr,
            auth_time: new.auth_time,
            expires_at: now + delta(self.policy.refresh_ttl),
            ip: truncate(client.ip.clone(), 64),
            user_agent: truncate(client.user_agent.clone(), 512),
        };
        let hash = refresh_token.as_deref().map(tokens::hash_token);
        let session = match self
            .store
            .open_client_session(session, hash, code, event, now)
            .await?
        {
            Opening::Opened(session) => session,
            Opening::UserDisabled => return Err(Error::AccountDisabled),
            Opening::CodeUsed => return Err(Error::InvalidToken),
        };
        self.profiles.changed(vec![session.user_id]).await;
        self.issue(session, now, refresh_token).await
    }

    /// Trades a refresh token for a new pair. A repeat inside the grace
    /// window (two tabs refreshing at once) gets the session's live refresh
    /// token, the one the first request got, so a session keeps one chain. A
    /// token used before, outside the grace window, ends its whole session.
    /// Only the client the token was issued to may present it.
    #[instrument(skip_all, name = "sessions.refresh")]
    pub async fn refresh(
        &self,
        refresh_token: &str,
        client_id: &str,
        client: &ClientInfo,
    ) -> Result<Issued> {
        if refresh_token.is_empty() || refresh_token.len() > 256 {
            return Err(Error::InvalidToken);
        }
        let now = self.clock.now();
        let next = tokens::new_opaque_token();
        let presented_hash = tokens::hash_token(refresh_token);
        let presented = Presented {
            client_id,
            hash: &presented_hash,
            next_hash: tokens::hash_token(&next),
            sealed_next: tokens::seal_successor(refresh_token, &next)?,
        };
        let grace = delta(self.policy.reuse_grace);
        let reuse = audit::event(audit::TOKEN_REUSE_DETECTED, client);
        match self
            .store
            .rotate_refresh_token(presented, now, grace, reuse)
            .await?
        {
            Rotation::Rotated(session) => {
                metrics::counter!("palisade_tokens_refreshed_total").increment(1);
                self.issue(session, now, Some(next)).await
            }
            Rotation::Repeated(session, sealed) => {
                let live = self
                    .live_descendant(refresh_token, sealed, session.id)
                    .await?;
                metrics::counter!("palisade_tokens_refreshed_total").increment(1);
                self.issue(session, now, Some(live)).await
            }
            Rotation::Reused(session) => {
                self.ended(vec![session.id]).await;
                tracing::warn!(session_id = %session.id, user_id = %session.user_id,
                    "refresh token reused: session ended");
                Err(Error::InvalidToken)
            }
            Rotation::Rejected => Err(Error::InvalidToken),
        }
    }

    /// The session's live refresh token, reached from a used one by
    /// unsealing successor after successor. `InvalidToken` when the chain
    /// breaks (a password change cut it, or the token predates sealing).
    async fn live_descendant(
        &self,
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
            let row = self
                .store
                .find_refresh_token(&tokens::hash_token(&next))
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

    /// The token's checked claims (signature, issuer, expiry aside), from
    /// the cache or by verifying it. The audience is checked by the caller,
    /// since one token may be checked for different audiences.
    async fn verified(&self, bearer: &str, now: DateTime<Utc>) -> Result<Arc<Verified>> {
        let fingerprint = tokens::hash_token(bearer);
        if let Some(known) = self.cache.verified.get(&fingerprint) {
            // A revoked key's tokens fail even when they were checked before.
            return if self.tokens.knows(&known.kid) {
                Ok(known)
            } else {
                Err(Error::InvalidToken)
            };
        }
        let expected = Expected {
            issuer: &self.policy.issuer,
            audience: None,
        };
        let verified = Arc::new(self.tokens.verify(bearer, expected, now).await?);
        self.cache.verified.insert(fingerprint, verified.clone());
        Ok(verified)
    }

    /// What is known of a session: from the cache, or read once.
    async fn liveness(&self, session_id: Uuid, claimed_user: Uuid) -> Result<Liveness> {
        if let Some(known) = self.cache.liveness.get(&session_id) {
            return Ok(known);
        }
        let liveness = match self.store.find_session(session_id).await? {
            Some(s) => Liveness {
                user_id: s.user_id,
                live_until: s.revoked_at.is_none().then_some(s.expires_at),
            },
            None => Liveness {
                user_id: claimed_user,
                live_until: None,
            },
        };
        self.cache.liveness.insert(session_id, liveness);
        Ok(liveness)
    }

    /// Checks a first-party access token (the server's audience) and that
    /// its session is still live. `TokenExpired` for a genuine token past
    /// `exp`, `InvalidToken` otherwise.
    /// Only the built-in client's tokens reach the first-party API: an
    /// app's token, whatever its audience, is held to its scopes.
    pub async fn authenticate(&self, bearer: &str) -> Result<Principal> {
        let (who, verified) = self
            .authenticate_for(bearer, Some(&self.policy.audience))
            .await?;
        if verified.claims.client_id != FIRST_PARTY_CLIENT {
            return Err(Error::InvalidToken);
        }
        Ok(who)
    }

    /// Checks a user's access token for `audience` (any, when `None`: for
    /// userinfo and introspection, which serve every client) and that its
    /// session is live; returns its claims too.
    pub async fn authenticate_for(
        &self,
        bearer: &str,
        audience: Option<&str>,
    ) -> Result<(Principal, Arc<Verified>)> {
        let now = self.clock.now();
        let verified = self.verified(bearer, now).await?;
        let claims = &verified.claims;
        if audience.is_some_and(|a| a != claims.aud) {
            return Err(Error::InvalidToken);
        }
        if tokens::expired(claims, now) {
            return Err(Error::TokenExpired);
        }
        let (user_id, session_id) = claims.user_session().ok_or(Error::InvalidToken)?;
        if !self.live(session_id, user_id, now).await? {
            return Err(Error::InvalidToken);
        }
        let who = Principal {
            user_id,
            session_id,
            roles: claims.roles.clone(),
        };
        Ok((who, verified))
    }

    /// Whether the session is live and the user's.
    async fn live(&self, session_id: Uuid, user_id: Uuid, now: DateTime<Utc>) -> Result<bool> {
        if self.cache.revoked.contains(&session_id) {
            return Ok(false);
        }
        let liveness = self.liveness(session_id, user_id).await?;
        Ok(liveness.user_id == user_id && liveness.live_until.is_some_and(|until| until > now))
    }

    /// Checks any access token this server issued, for introspection: a
    /// user's needs a live session, a client's own needs the client to
    /// still exist. `None` when the token is not active.
    pub async fn introspect(&self, bearer: &str) -> Result<Option<Arc<Verified>>> {
        let now = self.clock.now();
        let Ok(verified) = self.verified(bearer, now).await else {
            return Ok(None);
        };
        let claims = &verified.claims;
        if tokens::expired(claims, now) {
            return Ok(None);
        }
        let active = match claims.user_session() {
            Some((user_id, session_id)) => self.live(session_id, user_id, now).await?,
            None => self.clients.find_client(&claims.sub).await?.is_some(),
        };
        Ok(active.then_some(verified))
    }

    /// Checks a hosted page's session cookie, which is the session's current
    /// refresh token: live session, every time from the database (pages are
    /// not a hot path, and an ended session must end the page session at
    /// once). Only the first-party client's sessions sign in a browser: a
    /// refresh token some app holds is no key to the account pages. Also
    /// returns the user, which every page shows.
    pub async fn authenticate_page(&self, cookie: &str) -> Result<PageSession> {
        if cookie.is_empty() || cookie.len() > 256 {
            return Err(Error::InvalidToken);
        }
        let now = self.clock.now();
        let session = self
            .store
            .find_live_session_by_token(&tokens::hash_token(cookie), now)
            .await?
            .filter(|s| s.client_id == FIRST_PARTY_CLIENT)
            .ok_or(Error::InvalidToken)?;
        // The user and their roles; gone means the session is too.
        let account = self
            .profiles
            .account(session.user_id)
            .await?
            .ok_or(Error::InvalidToken)?;
        let who = Principal {
            user_id: session.user_id,
            session_id: session.id,
            roles: account.roles,
        };
        Ok(PageSession {
            who,
            user: account.user,
            signed_in_at: session.auth_time,
            amr: session.amr,
        })
    }

    /// Ends the caller's session.
    #[instrument(skip_all, fields(user_id = %who.user_id), name = "sessions.logout")]
    pub async fn logout(&self, who: &Principal, client: &ClientInfo) -> Result<()> {
        self.revoke(who, who.session_id, client).await
    }

    /// Ends every session of the caller.
    #[instrument(skip_all, fields(user_id = %who.user_id), name = "sessions.logout_all")]
    pub async fn logout_all(&self, who: &Principal, client: &ClientInfo) -> Result<()> {
        let event = audit::event(audit::LOGOUT, client)
            .actor(who.user_id)
            .target(who.user_id)
            .details(json!({"all_sessions": true}));
        let ended = self
            .store
            .end_user_sessions(who.user_id, event, self.clock.now())
            .await?;
        self.ended(ended).await;
        Ok(())
    }

    /// Ends one of the caller's sessions; `NotFound` when it is not theirs
    /// or not live.
    #[instrument(skip_all, fields(user_id = %who.user_id, session_id = %session_id), name = "sessions.revoke")]
    pub async fn revoke(
        &self,
        who: &Principal,
        session_id: Uuid,
        client: &ClientInfo,
    ) -> Result<()> {
        let event: NewEvent = audit::event(audit::LOGOUT, client)
            .actor(who.user_id)
            .target(who.user_id)
            .details(json!({"session_id": session_id}));
        if !self
            .store
            .revoke_session(who.user_id, session_id, event, self.clock.now())
            .await?
        {
            return Err(Error::NotFound);
        }
        self.ended(vec![session_id]).await;
        Ok(())
    }

    /// Ends a session on the rules' behalf (a replayed code, a revoked
    /// token), recording `event` if it was live. False when it was not.
    pub async fn end_session(
        &self,
        session_id: Uuid,
        user_id: Uuid,
        event: NewEvent,
    ) -> Result<bool> {
        let ended = self
            .store
            .revoke_session(user_id, session_id, event, self.clock.now())
            .await?;
        if ended {
            self.ended(vec![session_id]).await;
        }
        Ok(ended)
    }

    /// Ends the user's sessions with one client (RP-initiated logout).
    pub async fn end_client_sessions(
        &self,
        user_id: Uuid,
        client_id: &str,
        event: NewEvent,
    ) -> Result<()> {
        let ended = self
            .store
            .end_client_sessions(user_id, client_id, event, self.clock.now())
            .await?;
        self.ended(ended).await;
        Ok(())
    }

    /// A session by id, live or not, for the OAuth endpoints.
    pub async fn find(&self, session_id: Uuid) -> Result<Option<Session>> {
        self.store.find_session(session_id).await
    }

    /// The session whose refresh token this is (used or not), if any.
    pub async fn session_of_refresh_token(&self, token: &str) -> Result<Option<Session>> {
        if token.is_empty() || token.len() > 256 {
            return Ok(None);
        }
        match self
            .store
            .find_refresh_token(&tokens::hash_token(token))
            .await?
        {
            Some(row) => self.store.find_session(row.session_id).await,
            None => Ok(None),
        }
    }

    /// The caller's live sessions, newest first.
    pub async fn list(&self, who: &Principal) -> Result<Vec<Session>> {
        self.store
            .live_sessions(who.user_id, self.clock.now())
            .await
    }

    /// These sessions ended: refuse their tokens here at once, and tell the
    /// other instances.
    pub async fn ended(&self, ids: Vec<Uuid>) {
        if ids.is_empty() {
            return;
        }
        metrics::counter!("palisade_sessions_revoked_total").increment(ids.len() as u64);
        self.heard_ended(&ids);
        self.notifier.publish(Notice::SessionsEnded(ids)).await;
    }

    /// Another instance ended these sessions: refuse them from now on.
    pub fn heard_ended(&self, ids: &[Uuid]) {
        for id in ids {
            self.cache.revoked.insert(*id, ());
            self.cache.liveness.invalidate(id);
        }
    }

    /// Something may have been missed: reread every session on its next use.
    pub fn forget(&self) {
        self.cache.liveness.invalidate_all();
        self.profiles.forget();
    }

    /// The accounts that requests with a session show, kept briefly.
    pub fn profiles(&self) -> &Profiles {
        &self.profiles
    }
}
