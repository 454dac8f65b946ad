//! Audit events: who did what to whom, from where. Services build a
//! `NewEvent` and hand it to the store operation that makes the change, which
//! writes it in the same transaction. Details never hold a secret.

use std::sync::Arc;

use serde_json::{Value, json};
use uuid::Uuid;

use super::clock::SharedClock;
use super::error::Result;
use super::model::{AuditEvent, ClientInfo};
use super::ports::{AuditFilter, AuditStore};

pub const USER_REGISTERED: &str = "user.registered";
pub const LOGIN_SUCCEEDED: &str = "login.succeeded";
pub const LOGIN_FAILED: &str = "login.failed";
pub const LOGOUT: &str = "logout";
pub const TOKEN_REUSE_DETECTED: &str = "token.reuse_detected";
pub const PASSWORD_CHANGED: &str = "password.changed";
pub const PASSWORD_RESET_REQUESTED: &str = "password.reset_requested";
pub const PASSWORD_RESET: &str = "password.reset";
pub const EMAIL_VERIFIED: &str = "email.verified";
pub const USER_DELETED: &str = "user.deleted";
pub const USER_UPDATED: &str = "user.updated";
pub const ROLE_GRANTED: &str = "role.granted";
pub const ROLE_REVOKED: &str = "role.revoked";
pub const ROLE_CREATED: &str = "role.created";
pub const ROLE_UPDATED: &str = "role.updated";
pub const ROLE_DELETED: &str = "role.deleted";
pub const MFA_ENROLLED: &str = "mfa.enrolled";
pub const MFA_REMOVED: &str = "mfa.removed";
pub const MFA_VERIFIED: &str = "mfa.verified";
pub const MFA_FAILED: &str = "mfa.failed";
pub const RECOVERY_CODE_USED: &str = "recovery_code.used";
pub const PASSKEY_ADDED: &str = "passkey.added";
pub const PASSKEY_REMOVED: &str = "passkey.removed";
pub const PASSKEY_USED: &str = "passkey.used";
/// A passkey refused: its counter went backwards (a copy of the key may
/// exist), or its assertion did not verify.
pub const PASSKEY_REFUSED: &str = "passkey.refused";

/// An event to record. `details` must never hold a secret.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub action: &'static str,
    pub actor_id: Option<Uuid>,
    pub target_id: Option<Uuid>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub details: Value,
}

/// Starts an event: the action, and where the request came from.
pub fn event(action: &'static str, client: &ClientInfo) -> NewEvent {
    NewEvent {
        action,
        actor_id: None,
        target_id: None,
        ip: client.ip.clone(),
        user_agent: client
            .user_agent
            .as_ref()
            .map(|ua| ua.chars().take(512).collect()),
        details: json!({}),
    }
}

impl NewEvent {
    /// Builder methods, so call sites read as a sentence.
    pub fn actor(mut self, id: Uuid) -> Self {
        self.actor_id = Some(id);
        self
    }
    pub fn target(mut self, id: Uuid) -> Self {
        self.target_id = Some(id);
        self
    }
    pub fn details(mut self, details: Value) -> Self {
        self.details = details;
        self
    }
}

/// Recording events that change nothing else, and reading the log.
pub struct Audit {
    store: Arc<dyn AuditStore>,
    clock: SharedClock,
}

impl Audit {
    pub fn new(store: Arc<dyn AuditStore>, clock: SharedClock) -> Self {
        Self { store, clock }
    }

    /// Records an event that changes nothing else (a failed login, say).
    pub async fn record(&self, event: NewEvent) -> Result<()> {
        self.store.record(event, self.clock.now()).await
    }

    /// One page of events, newest first, and the total; needs `audit:read`.
    pub async fn list(
        &self,
        _: &super::rbac::Granted<super::rbac::AuditRead>,
        filter: &AuditFilter,
        page: u64,
        per_page: u64,
    ) -> Result<(Vec<AuditEvent>, u64)> {
        self.store.list_events(filter, page, per_page).await
    }
}
