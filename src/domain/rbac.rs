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

    /// Which clear a read starts after: take it before reading the database.
    fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// Keeps what a read found, unless a clear came since it started (the
    /// read may predate a revocation, and must not put it back).
    fn keep(&self, user_id: Uuid, permissions: Arc<BTreeSet<String>>, read_from: u64) {
        self.by_user.insert(user_id, permissions);
        // Checked after the insert: a clear racing in between wipes the
        // entry itself, or is seen here and the entry goes.
        if self.generation() != read_from {
            self.by_user.invalidate(&user_id);
        }
    }
}

/// The user's current permissions, from the cache or the database.
pub async fn permissions_of(state: &AppState, user_id: Uuid) -> Result<Arc<BTreeSet<String>>> {
    if let Some(known) = state.permissions.by_user.get(&user_id) {
        return Ok(known);
    }
    let read_from = state.permissions.generation();
    let permissions = Arc::new(store::roles::permissions_of(&state.db, user_id).await?);
    state
        .permissions
        .keep(user_id, permissions.clone(), read_from);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_that_started_before_a_clear_is_not_cached() {
        let cache = PermissionCache::default();
        let ada = Uuid::now_v7();
        let stale = Arc::new(BTreeSet::from(["users:delete".to_owned()]));
        // The read starts, a revocation clears the cache, the read finishes.
        let read_from = cache.generation();
        cache.clear();
        cache.keep(ada, stale, read_from);
        assert!(
            cache.by_user.get(&ada).is_none(),
            "the stale read is dropped"
        );
        // A read after the clear is kept.
        let fresh = Arc::new(BTreeSet::new());
        cache.keep(ada, fresh.clone(), cache.generation());
        assert_eq!(cache.by_user.get(&ada), Some(fresh));
    }
}
