//! The core's own types: what the rules talk about. Storage converts its rows
//! into these at its boundary; the web layer turns them into its DTOs. None of
//! them derives `Serialize`, so nothing reaches JSON by accident, and the one
//! that holds a password hash (`Credentials`) prints without it.

use std::str::FromStr;

use chrono::{DateTime, Utc};
use secrecy::{ExposeSecret as _, SecretString};
use uuid::Uuid;

pub use super::email::EmailAddress;

/// A password as typed: never printed (`Debug` says `[redacted]`), only
/// handed to the hasher.
#[derive(Clone)]
pub struct Password(SecretString);

impl Password {
    pub fn new(typed: impl Into<String>) -> Self {
        Self(SecretString::from(typed.into()))
    }

    /// The characters, for the hasher and the strength check only.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    pub fn is_empty(&self) -> bool {
        self.expose().is_empty()
    }
}

impl From<SecretString> for Password {
    fn from(secret: SecretString) -> Self {
        Self(secret)
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password([redacted])")
    }
}

/// What a role can grant. Stored and shown by name (`users:read`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Permission {
    UsersRead,
    UsersWrite,
    UsersDelete,
    RolesRead,
    RolesWrite,
    AuditRead,
    ClientsRead,
    ClientsWrite,
    ProvidersRead,
    ProvidersWrite,
    TenantsRead,
    TenantsWrite,
}

impl Permission {
    pub const ALL: [Self; 12] = [
        Self::UsersRead,
        Self::UsersWrite,
        Self::UsersDelete,
        Self::RolesRead,
        Self::RolesWrite,
        Self::AuditRead,
        Self::ClientsRead,
        Self::ClientsWrite,
        Self::ProvidersRead,
        Self::ProvidersWrite,
        Self::TenantsRead,
        Self::TenantsWrite,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::UsersRead => "users:read",
            Self::UsersWrite => "users:write",
            Self::UsersDelete => "users:delete",
            Self::RolesRead => "roles:read",
            Self::RolesWrite => "roles:write",
            Self::AuditRead => "audit:read",
            Self::ClientsRead => "clients:read",
            Self::ClientsWrite => "clients:write",
            Self::ProvidersRead => "providers:read",
            Self::ProvidersWrite => "providers:write",
            Self::TenantsRead => "tenants:read",
            Self::TenantsWrite => "tenants:write",
        }
    }
}

impl FromStr for Permission {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.into_iter().find(|p| p.as_str() == s).ok_or(())
    }
}

impl std::fmt::Display for Permission {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The builtin roles.
pub const ADMIN: &str = "admin";
pub const USER: &str = "user";

/// An account's profile. No secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: Uuid,
    /// Normalized (see `EmailAddress`), or an older account's spelling.
    pub email: String,
    pub display_name: Option<String>,
    pub email_verified: bool,
    pub disabled: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub last_login_at: Option<DateTime<Utc>>,
    /// The language of their pages and emails, when they chose one.
    pub locale: Option<String>,
}

/// A user and their password hash: what a password check needs, and only it.
#[derive(Clone)]
pub struct Credentials {
    pub user: User,
    pub password_hash: String,
}

/// Whether a stored hash is a password's: the hash of a user with none (a
/// provider made them) starts with `!`, which no hash format does.
pub fn is_password_hash(stored: &str) -> bool {
    !stored.starts_with('!')
}

impl Credentials {
    pub fn has_password(&self) -> bool {
        is_password_hash(&self.password_hash)
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user.id)
            .finish_non_exhaustive()
    }
}

/// A user with the names of their roles: what the API shows of an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub user: User,
    pub roles: Vec<String>,
}

/// A login: one row of the sessions table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id: Uuid,
    pub user_id: Uuid,
    /// The OAuth client its tokens are issued to (`palisade`: first party).
    pub client_id: String,
    /// The scopes its tokens carry, space-separated.
    pub scope: String,
    /// How the user signed in (RFC 8176), and when.
    pub amr: Vec<String>,
    pub auth_time: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub last_used_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// What the core needs of a stored refresh token (never the token).
#[derive(Debug, Clone)]
pub struct RefreshToken {
    pub session_id: Uuid,
    pub used_at: Option<DateTime<Utc>>,
    /// Once used: its successor, sealed (see `tokens::seal_successor`).
    pub successor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub name: String,
    pub description: String,
    pub permissions: Vec<Permission>,
    /// `admin` and `user`: cannot be changed or deleted.
    pub builtin: bool,
}

/// A recorded audit event.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    pub action: String,
    pub actor_id: Option<Uuid>,
    pub target_id: Option<Uuid>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// Never holds a secret.
    pub details: serde_json::Value,
}

/// What a one-time token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    Reset,
    Verify,
}

impl TokenPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reset => "reset",
            Self::Verify => "verify",
        }
    }
}

/// A usable reset or verification token, as stored (its hash only).
#[derive(Debug, Clone)]
pub struct OneTimeToken {
    pub id: Uuid,
    pub user_id: Uuid,
}

/// A rendered email, ready to queue. Its bodies may carry a live link.
#[derive(Clone)]
pub struct Letter {
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
}

/// Where a request came from, shown in session listings and the audit log.
#[derive(Debug, Clone, Default)]
pub struct ClientInfo {
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// The language the request asked for (a page's, or Accept-Language),
    /// when it named one we speak: emails the requester causes for
    /// themselves speak it when they have no `locale` of their own.
    pub language: Option<String>,
    /// Whether a person chose `language` (the page's menu, or an app's
    /// `ui_locales`) rather than a browser or library sending a header: only
    /// a choice becomes a new account's `locale`.
    pub language_chosen: bool,
}

/// The caller of an authenticated request.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user_id: Uuid,
    pub session_id: Uuid,
    pub roles: Vec<String>,
}
