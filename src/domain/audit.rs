//! Audit events: who did what to whom, from where. Services build an `Event`
//! and hand it to the store function that makes the change, which writes it
//! in the same transaction. Details never hold a secret.

use serde_json::{Value, json};
use uuid::Uuid;

use super::sessions::ClientInfo;
use crate::app::AppState;
use crate::error::Result;
use crate::store::{self, audit::NewEvent};

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

/// Builder methods, so call sites read as a sentence.
pub trait EventExt {
    fn actor(self, id: Uuid) -> Self;
    fn target(self, id: Uuid) -> Self;
    fn details(self, details: Value) -> Self;
}

impl EventExt for NewEvent {
    fn actor(mut self, id: Uuid) -> Self {
        self.actor_id = Some(id);
        self
    }
    fn target(mut self, id: Uuid) -> Self {
        self.target_id = Some(id);
        self
    }
    fn details(mut self, details: Value) -> Self {
        self.details = details;
        self
    }
}

/// Records an event that changes nothing else (a failed login, say).
pub async fn record(state: &AppState, event: NewEvent) -> Result<()> {
    store::audit::record(&state.db, event, state.clock.now()).await
}
