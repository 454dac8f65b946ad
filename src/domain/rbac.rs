//! Roles and permissions: the builtin roles, the permission names, each
//! user's current permissions (cached, invalidated everywhere on change) and
//! managing roles.

pub const ADMIN: &str = "admin";
pub const USER: &str = "user";

pub const PERMISSIONS: &[&str] = &[
    "users:read",
    "users:write",
    "users:delete",
    "roles:read",
    "roles:write",
    "audit:read",
];

/// The roles every installation has, seeded by the first migration.
pub const BUILTIN_ROLES: &[(&str, &str)] = &[
    (ADMIN, "Administrators: every permission."),
    (USER, "Everyone: self-service only."),
];

/// The permissions a builtin role starts with, as stored (a JSON array).
pub fn role_permissions_json(role: &str) -> serde_json::Value {
    match role {
        ADMIN => serde_json::json!(PERMISSIONS),
        _ => serde_json::json!([]),
    }
}

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use moka::sync::Cache;
use uuid::Uuid;

use crate::app::AppState;
use crate::error::{Error, Result};
use crate::store;

/// How often each instance asks whether roles changed anywhere.
const EPOCH_POLL: Duration = Duration::from_secs(1);
/// Even without a change, cached permissions are reread this often.
const PERMISSIONS_TTL: Duration = Duration::from_secs(60);

/// Each user's current permissions, dropped whenever any instance changes
/// roles or grants (the `rbac` cache epoch), so a change applies to the next
/// request everywhere within about a second, and at once on this instance.
pub struct PermissionCache {
    by_user: Cache<Uuid, Arc<BTreeSet<String>>>,
    epoch: AtomicI64,
    /// Bumped by every clear: a read that started before a clear must not
    /// put what it read back into the cache.
    generation: std::sync::atomic::AtomicU64,
}

impl Default for PermissionCache {
    fn default() -> Self {
        Self {
            by_user: Cache::builder()
                .max_capacity(100_000)
                .time_to_live(PERMISSIONS_TTL)
                .build(),
            epoch: AtomicI64::new(i64::MIN),
            generation: std::sync::atomic::AtomicU64::new(0),
        }
    }
}

impl PermissionCache {
    /// Roles changed here: forget everything now.
    pub fn clear(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.by_user.invalidate_all();
    }
}

/// The user's current permissions, from the cache or the database.
pub async fn permissions_of(state: &AppState, user_id: Uuid) -> Result<Arc<BTreeSet<String>>> {
    if let Some(known) = state.permissions.by_user.get(&user_id) {
        return Ok(known);
    }
    let permissions = Arc::new(store::roles::permissions_of(&state.db, user_id).await?);
    state
        .permissions
        .by_user
        .insert(user_id, permissions.clone());
    Ok(permissions)
}

/// `Forbidden` unless the user holds `permission` right now.
pub async fn require(state: &AppState, user_id: Uuid, permission: &str) -> Result<()> {
    if permissions_of(state, user_id).await?.contains(permission) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// Watches the `rbac` epoch and clears the cache when another instance
/// changed roles.
pub fn spawn_epoch_watch(state: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(EPOCH_POLL);
        loop {
            tick.tick().await;
            match store::roles::rbac_epoch(&state.db).await {
                Ok(now) => {
                    if state.permissions.epoch.swap(now, Ordering::SeqCst) != now {
                        state.permissions.clear();
                    }
                }
                Err(err) => tracing::debug!(error = %err, "could not read the rbac epoch"),
            }
        }
    });
}
