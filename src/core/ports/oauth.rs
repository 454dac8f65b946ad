//! The storage ports of the OAuth side: the client registry (and, as the
//! provider grows, codes, consents and device grants).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
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

/// An authorization code to store (only its hash), with everything the
/// token request must match and the token response must say.
#[derive(Debug, Clone)]
pub struct AuthCode {
    pub code_hash: String,
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
}

/// What presenting a code came to.
#[derive(Debug)]
pub enum Redemption {
    /// Not used yet and not expired: the code, still unused (opening its
    /// session uses it up, see `SessionStore::open_client_session`).
    Fresh(AuthCode),
    /// Used before: the session its first use opened (now to be ended), and
    /// its user.
    Replayed {
        session_id: Option<Uuid>,
        user_id: Uuid,
        client_id: String,
    },
    /// Unknown or expired.
    Unknown,
}

#[async_trait]
pub trait CodeStore: Send + Sync {
    async fn save_code(&self, code: AuthCode, now: DateTime<Utc>) -> Result<()>;
    /// The code as presented by `client_id`: fresh, or a replay, which it
    /// marks. Another client's attempt is `Unknown` and changes nothing.
    async fn presented_code(
        &self,
        code_hash: &str,
        client_id: &str,
        now: DateTime<Utc>,
    ) -> Result<Redemption>;
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
