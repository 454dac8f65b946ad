//! The storage ports: one trait per aggregate, one method per business
//! operation, each one transaction.

use std::collections::BTreeSet;

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use uuid::Uuid;

use crate::core::audit::NewEvent;
use crate::core::error::Result;
use crate::core::model::{
    Account, AuditEvent, Credentials, Letter, OneTimeToken, Permission, RefreshToken, Role,
    Session, TokenPurpose, User,
};
use crate::core::ports::UsedCode;

/// A new account, its id made by the caller so its audit event can name it.
pub struct NewUser {
    pub id: Uuid,
    pub email: String,
    pub password_hash: String,
    pub display_name: Option<String>,
    pub email_verified: bool,
    /// The language the sign-up asked for, if any.
    pub locale: Option<String>,
}

/// What a user changes of their own profile: `None` leaves a field as it
/// is, `Some(None)` clears it.
#[derive(Debug, Default)]
pub struct ProfileChange {
    pub display_name: Option<Option<String>>,
    pub locale: Option<Option<String>>,
}

/// A one-time token to write together with the email that carries it.
pub struct PendingToken {
    pub purpose: TokenPurpose,
    pub token_hash: String,
    pub expires_at: DateTime<Utc>,
    pub letter: Letter,
}

#[async_trait]
pub trait UserStore: Send + Sync {
    /// Inserts the user with these roles, and (when given) its verification
    /// token and email and its audit event, in one transaction.
    /// `EmailTaken` when the address is in use.
    async fn create_user(
        &self,
        new: NewUser,
        roles: &[&str],
        verification: Option<PendingToken>,
        event: Option<NewEvent>,
        now: DateTime<Utc>,
    ) -> Result<User>;
    async fn find_user(&self, id: Uuid) -> Result<Option<User>>;
    /// The user stored under exactly this address, with the password hash.
    async fn credentials_by_email(&self, email: &str) -> Result<Option<Credentials>>;
    async fn credentials(&self, id: Uuid) -> Result<Option<Credentials>>;
    /// The user and their role names, in one query.
    async fn find_account(&self, id: Uuid) -> Result<Option<Account>>;
    async fn roles_of(&self, id: Uuid) -> Result<Vec<String>>;
    async fn role_has_members(&self, role: &str) -> Result<bool>;
    /// Changes what `change` names of the user's own profile.
    async fn update_profile(
        &self,
        id: Uuid,
        change: ProfileChange,
        now: DateTime<Utc>,
    ) -> Result<User>;
    /// One page of accounts, newest first, and how many match in all.
    async fn list_users(
        &self,
        filter: &UserFilter,
        page: u64,
        per_page: u64,
    ) -> Result<(Vec<Account>, u64)>;
    /// An admin's change; disabling ends the user's sessions (returned) and
    /// is refused for the last enabled admin.
    async fn update_user(
        &self,
        id: Uuid,
        patch: UserPatch,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<(User, Vec<Uuid>)>;
}

#[derive(Debug, Default, Clone)]
pub struct UserFilter {
    /// Case-insensitive substring of the email or display name; not empty.
    pub q: Option<String>,
    pub role: Option<String>,
}

#[derive(Debug, Default, Clone)]
pub struct UserPatch {
    pub disabled: Option<bool>,
    pub email_verified: Option<bool>,
    /// `Some(None)` clears the display name.
    pub display_name: Option<Option<String>>,
}

/// What a successful password check lets the login write.
pub struct LoginWrite {
    pub user_id: Uuid,
    /// The hash the password was checked against: if it changed since (a
    /// reset or change committed meanwhile), the login is refused.
    pub checked_hash: String,
    /// A replacement for an outdated hash, made from the same password.
    pub new_hash: Option<String>,
}

pub struct NewSession {
    /// Chosen by the caller, so that a code can name the session it opens
    /// in the same write.
    pub id: Uuid,
    pub user_id: Uuid,
    /// The OAuth client its tokens are issued to.
    pub client_id: String,
    pub scope: String,
    pub amr: Vec<String>,
    pub auth_time: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// What opening a client's session came to.
#[derive(Debug)]
#[allow(clippy::large_enum_variant)] // one per token request, moved once
pub enum Opening {
    Opened(Session),
    /// The user is gone or disabled: nothing was written.
    UserDisabled,
    /// The code was used (or expired) meanwhile: nothing was written.
    CodeUsed,
}

/// A refresh token presented, and the one to replace it if it is good.
pub struct Presented<'a> {
    /// The client presenting it: only the session's own may.
    pub client_id: &'a str,
    pub hash: &'a str,
    pub next_hash: String,
    /// The next token sealed with the presented one, kept on the presented
    /// token's row for repeats inside the grace window.
    pub sealed_next: String,
}

/// What presenting a refresh token came to.
#[derive(Debug)]
pub enum Rotation {
    /// The token was good; the new token is now the session's live one.
    Rotated(Session),
    /// A repeat inside the grace window: nothing was written. The used
    /// token's sealed successor (if any), to follow to the live token.
    Repeated(Session, Option<String>),
    /// The token had been used before, outside the grace window: the session
    /// is now revoked.
    Reused(Session),
    /// Unknown token, its session has ended, or another client's: nothing
    /// was written.
    Rejected,
}

#[async_trait]
pub trait SessionStore: Send + Sync {
    /// Records the login and creates the session with its first refresh
    /// token. `None` when, since the password was checked, it changed or the
    /// account was disabled.
    async fn open_session(
        &self,
        login: LoginWrite,
        new: NewSession,
        refresh_hash: String,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<Option<Session>>;
    /// Opens a session of an OAuth client, with its first refresh token if
    /// it gets one. With `code`, the authorization code's use is written in
    /// the same transaction and names the session (of two racing uses, one
    /// writes it), so a replay at any later moment finds the session to end.
    async fn open_client_session(
        &self,
        new: NewSession,
        refresh_hash: Option<String>,
        code: Option<&UsedCode>,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<Opening>;
    /// Uses up a refresh token (see `Rotation`).
    async fn rotate_refresh_token(
        &self,
        presented: Presented<'_>,
        now: DateTime<Utc>,
        grace: TimeDelta,
        reuse_event: NewEvent,
    ) -> Result<Rotation>;
    async fn find_refresh_token(&self, token_hash: &str) -> Result<Option<RefreshToken>>;
    async fn find_session(&self, id: Uuid) -> Result<Option<Session>>;
    /// The live session whose current (unused) refresh token hashes so.
    async fn find_live_session_by_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Session>>;
    /// Ends one live session of the user; false when there was none.
    async fn revoke_session(
        &self,
        user_id: Uuid,
        session_id: Uuid,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<bool>;
    /// Ends every live session of the user; returns their ids.
    async fn end_user_sessions(
        &self,
        user_id: Uuid,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<Vec<Uuid>>;
    /// Ends every live session of the user with this client; returns their
    /// ids. Records `event` either way.
    async fn end_client_sessions(
        &self,
        user_id: Uuid,
        client_id: &str,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<Vec<Uuid>>;
    /// Live sessions, newest first.
    async fn live_sessions(&self, user_id: Uuid, now: DateTime<Utc>) -> Result<Vec<Session>>;
}

/// Password changes and the one-time tokens that authorize some of them.
#[async_trait]
pub trait CredentialStore: Send + Sync {
    async fn find_usable_token(
        &self,
        purpose: TokenPurpose,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<OneTimeToken>>;
    /// Queues a reset token and its email, unless one was queued within
    /// `cooldown`: then nothing, and `false`.
    async fn issue_reset(
        &self,
        user_id: Uuid,
        token: PendingToken,
        event: NewEvent,
        now: DateTime<Utc>,
        cooldown: TimeDelta,
    ) -> Result<bool>;
    /// Queues a new verification token and its email, unless one was queued
    /// within `interval`.
    async fn resend_verification(
        &self,
        user_id: Uuid,
        token: PendingToken,
        now: DateTime<Utc>,
        interval: TimeDelta,
    ) -> Result<Allowance>;
    /// Uses the token, sets the hash, voids the other reset tokens, ends every
    /// session, queues the notice. `None` when the token was used first.
    async fn reset_password(
        &self,
        token: &OneTimeToken,
        new_hash: String,
        notice: Letter,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<Option<Vec<Uuid>>>;
    /// Sets the hash, voids reset tokens, ends every session but `keep`
    /// (which keeps only its live refresh token), queues the notice.
    async fn change_password(
        &self,
        user_id: Uuid,
        new_hash: String,
        keep: Uuid,
        notice: Letter,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<Vec<Uuid>>;
    /// Marks the email verified by token; false when it was used first.
    async fn verify_email(
        &self,
        token: &OneTimeToken,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<bool>;
}

/// Whether something that is rationed may happen now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Allowance {
    Allowed,
    /// Not for this many seconds.
    RetryAfter(u64),
}

#[async_trait]
pub trait RoleStore: Send + Sync {
    /// The union of the permissions of the user's roles.
    async fn permissions_of(&self, user_id: Uuid) -> Result<BTreeSet<Permission>>;
    async fn list_roles(&self) -> Result<Vec<Role>>;
    async fn find_role(&self, name: &str) -> Result<Option<Role>>;
    async fn create_role(&self, role: Role, event: NewEvent, now: DateTime<Utc>) -> Result<Role>;
    /// Changes a custom role: `NotFound`, or `BuiltinRole` for admin and user.
    async fn update_role(
        &self,
        name: &str,
        description: Option<String>,
        permissions: Option<Vec<Permission>>,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<Role>;
    async fn delete_role(&self, name: &str, event: NewEvent, now: DateTime<Utc>) -> Result<()>;
    async fn grant(
        &self,
        user_id: Uuid,
        role: &str,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<()>;
    /// Never the last enabled admin's admin role.
    async fn revoke(
        &self,
        user_id: Uuid,
        role: &str,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<()>;
    /// Makes the user an admin and ends their sessions (returned).
    async fn promote_to_admin(
        &self,
        user_id: Uuid,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<Vec<Uuid>>;
}

#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    /// Events where this user is the actor or the target.
    pub user_id: Option<Uuid>,
    pub action: Option<String>,
}

#[async_trait]
pub trait AuditStore: Send + Sync {
    async fn record(&self, event: NewEvent, now: DateTime<Utc>) -> Result<()>;
    /// One page of events, newest first, and how many match in all.
    async fn list_events(
        &self,
        filter: &AuditFilter,
        page: u64,
        per_page: u64,
    ) -> Result<(Vec<AuditEvent>, u64)>;
}

/// What an erasure removed that lives outside the database too.
pub struct Erased {
    /// Sessions that ended, for the caches.
    pub sessions: Vec<Uuid>,
    /// Emails to the address that were dropped, whose copies must go.
    pub emails: Vec<Uuid>,
}

#[async_trait]
pub trait PrivacyStore: Send + Sync {
    /// Every session of the user, ended ones included, newest first.
    async fn sessions_of(&self, user_id: Uuid) -> Result<Vec<Session>>;
    /// Every event in which the user is actor or target, oldest first.
    async fn events_of(&self, user_id: Uuid) -> Result<Vec<AuditEvent>>;
    /// Erases a user (never the last enabled admin), recording `event`.
    async fn erase_user(
        &self,
        user_id: Uuid,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<Erased>;
}

/// A token bucket: up to `capacity` tokens, refilled at `per_second`.
#[derive(Debug, Clone, Copy)]
pub struct Bucket {
    pub capacity: f64,
    pub per_second: f64,
}

#[async_trait]
pub trait ThrottleStore: Send + Sync {
    /// Counts one password attempt under `key`, or refuses it while an
    /// earlier one holds the key back. `delay(attempts)` says how long the
    /// next attempt must wait.
    async fn begin_attempt(
        &self,
        key: &str,
        subject: &str,
        now: DateTime<Utc>,
        delay: fn(i32) -> TimeDelta,
    ) -> Result<Allowance>;
    /// A right password: the count starts afresh.
    async fn clear_attempts(&self, key: &str) -> Result<()>;
}

/// What housekeeping deletes, each older than its bound.
#[derive(Debug, Clone, Copy)]
pub struct Expired {
    pub sessions: DateTime<Utc>,
    pub one_time_tokens: DateTime<Utc>,
    pub outbox: DateTime<Utc>,
    pub audit_events: DateTime<Utc>,
    pub throttle: DateTime<Utc>,
}

#[async_trait]
pub trait HousekeepingStore: Send + Sync {
    /// Deletes what is finished and past its retention; returns how many.
    async fn purge(&self, expired: Expired) -> Result<u64>;
}
