//! The storage ports of the OAuth side: the client registry (and, as the
//! provider grows, codes, consents and device grants).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::core::audit::NewEvent;
use crate::core::clients::OAuthClient;
use crate::core::error::Result;

/// A client as stored: the client and the hashes of its secrets.
#[derive(Clone)]
pub struct StoredClient {
    pub client: OAuthClient,
    pub secret_hash: Option<String>,
    /// The secret a rotation replaced, and until when it still works.
    pub previous_secret: Option<(String, DateTime<Utc>)>,
}

impl std::fmt::Debug for StoredClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredClient")
            .field("client", &self.client.client_id)
            .finish_non_exhaustive()
    }
}

#[async_trait]
pub trait ClientStore: Send + Sync {
    /// Every client, oldest first (the built-in one leads).
    async fn list_clients(&self) -> Result<Vec<OAuthClient>>;
    async fn find_client(&self, client_id: &str) -> Result<Option<StoredClient>>;
    async fn create_client(
        &self,
        client: OAuthClient,
        secret_hash: Option<String>,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<OAuthClient>;
    /// Writes every field of the client; a public client's secrets go.
    async fn update_client(
        &self,
        client: OAuthClient,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<OAuthClient>;
    /// Deletes the client and ends every live session issued to it
    /// (returned); `None` when there was no such client.
    async fn delete_client(
        &self,
        client_id: &str,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<Option<Vec<Uuid>>>;
    /// Makes `secret_hash` the secret; the current one becomes the previous
    /// one until `grace_until`. False when there is no such client.
    async fn rotate_client_secret(
        &self,
        client_id: &str,
        secret_hash: String,
        grace_until: DateTime<Utc>,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<bool>;
}

/// What an authorization code carries: everything the token request must
/// match and the token response must say. The code is this, sealed with
/// the secrets key (see `core::oauth::codes`); only its use is stored.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuthCode {
    pub client_id: String,
    pub user_id: Uuid,
    pub redirect_uri: String,
    pub scope: String,
    pub nonce: Option<String>,
    /// The PKCE S256 challenge; `None` only for a confidential client that
    /// does not require PKCE and sent none.
    pub code_challenge: Option<String>,
    pub auth_time: DateTime<Utc>,
    pub amr: Vec<String>,
    pub expires_at: DateTime<Utc>,
    /// The provider a federated sign-in was made at (an app's login code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<String>,
    /// The second step the user must finish before any token (an app's
    /// login code for a user with a second factor).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_token: Option<String>,
}

/// A code being used: its hash (the key of its use) and what it carried.
#[derive(Debug, Clone)]
pub struct UsedCode {
    pub code_hash: String,
    pub code: AuthCode,
}

/// An earlier use of a code, found when it comes back: the session that
/// use opened (now to be ended), and whose it was.
#[derive(Debug, Clone)]
pub struct CodeUse {
    pub session_id: Option<Uuid>,
    pub user_id: Uuid,
    pub client_id: String,
}

#[async_trait]
pub trait CodeStore: Send + Sync {
    /// The earlier use of the code, if it was used, marked as replayed.
    /// (Using it is part of opening its session: see
    /// `SessionStore::open_client_session`.)
    async fn code_use(&self, code_hash: &str, now: DateTime<Utc>) -> Result<Option<CodeUse>>;
}

/// A user's consent to a client: the scopes granted so far.
#[derive(Debug, Clone)]
pub struct Consent {
    pub client_id: String,
    pub client_name: String,
    pub scopes: Vec<String>,
    pub granted_at: DateTime<Utc>,
}

#[async_trait]
pub trait ConsentStore: Send + Sync {
    /// The scopes the user granted the client, if any.
    async fn consented_scopes(&self, user_id: Uuid, client_id: &str) -> Result<Vec<String>>;
    /// Adds these scopes to what the user granted the client.
    async fn grant_consent(
        &self,
        user_id: Uuid,
        client_id: &str,
        scopes: &[String],
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<()>;
    /// The user's consents, with their clients' names.
    async fn consents_of(&self, user_id: Uuid) -> Result<Vec<Consent>>;
    /// Withdraws the consent and ends the user's sessions of that client
    /// (returned); `None` when there was none.
    async fn revoke_consent(
        &self,
        user_id: Uuid,
        client_id: &str,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<Option<Vec<Uuid>>>;
}

/// A device authorization grant (RFC 8628) to store: the device code only
/// as a hash; the user code as typed on the device page (normalized).
#[derive(Debug, Clone)]
pub struct NewDeviceGrant {
    pub device_code_hash: String,
    pub user_code: String,
    pub client_id: String,
    pub scope: String,
    pub expires_at: DateTime<Utc>,
    pub interval_secs: i64,
}

/// A pending device grant, as the device page shows it.
#[derive(Debug, Clone)]
pub struct PendingDevice {
    pub client_id: String,
    pub scope: String,
}

/// What the signed-in user approved on the device page.
#[derive(Debug, Clone)]
pub struct DeviceApproval {
    pub user_id: Uuid,
    pub auth_time: DateTime<Utc>,
    pub amr: Vec<String>,
}

/// What a device's poll came to.
#[derive(Debug)]
pub enum DevicePoll {
    /// Not yet answered.
    Pending,
    /// Polled before the interval passed: the interval grew by 5 s.
    SlowDown,
    Denied,
    Expired,
    /// Approved, and now used up: open a session.
    Approved {
        client_id: String,
        scope: String,
        approval: DeviceApproval,
    },
    /// Unknown, or already used.
    Unknown,
}

#[async_trait]
pub trait DeviceStore: Send + Sync {
    /// Stores a new grant; `false` when its user code is already taken by
    /// a live grant (nothing is stored).
    async fn create_device_grant(&self, grant: NewDeviceGrant, now: DateTime<Utc>) -> Result<bool>;
    /// The pending grant with this user code, if it has not expired.
    async fn pending_device(
        &self,
        user_code: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<PendingDevice>>;
    /// Approves (or denies, with `None`) the pending grant; false when
    /// there was none pending.
    async fn answer_device(
        &self,
        user_code: &str,
        approval: Option<DeviceApproval>,
        now: DateTime<Utc>,
    ) -> Result<bool>;
    /// A poll by the device, for `client_id`.
    async fn poll_device(
        &self,
        device_code_hash: &str,
        client_id: &str,
        now: DateTime<Utc>,
    ) -> Result<DevicePoll>;
}
