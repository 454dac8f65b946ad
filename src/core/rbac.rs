//! Permissions: each user's current permissions (cached, dropped everywhere
//! on any role change), and the proof that an actor holds one. Admin
//! operations take a `Granted<P>`, which only `Permissions::require` makes,
//! so no page or handler can skip the check the API's extractor does.

use std::collections::BTreeSet;
use std::marker::PhantomData;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use uuid::Uuid;

use super::cache::ClockCache;
use super::clock::SharedClock;
use super::error::{Error, Result};
use super::model::{Permission, Principal};
use super::ports::{Notice, Notifier, RoleStore};

/// Even without a change, cached permissions are reread this often.
const PERMISSIONS_TTL: Duration = Duration::from_secs(60);
/// How often each instance asks whether roles changed anywhere.
pub const EPOCH_POLL: Duration = Duration::from_secs(1);

/// A permission an operation needs, as a type.
pub trait Needs: Send + Sync {
    const PERMISSION: Permission;
}

macro_rules! permission_types {
    ($($marker:ident => $permission:ident),* $(,)?) => {
        $(
            #[doc = concat!("Needs `", stringify!($permission), "`.")]
            pub struct $marker;
            impl Needs for $marker {
                const PERMISSION: Permission = Permission::$permission;
            }
        )*
    };
}

permission_types! {
    UsersRead => UsersRead,
    UsersWrite => UsersWrite,
    UsersDelete => UsersDelete,
    RolesRead => RolesRead,
    RolesWrite => RolesWrite,
    AuditRead => AuditRead,
    ClientsRead => ClientsRead,
    ClientsWrite => ClientsWrite,
    ProvidersRead => ProvidersRead,
    ProvidersWrite => ProvidersWrite,
    TenantsRead => TenantsRead,
    TenantsWrite => TenantsWrite,
}

/// Proof that `who` held permission `P` when the request began.
pub struct Granted<P: Needs> {
    who: Principal,
    _permission: PhantomData<P>,
}

impl<P: Needs> Granted<P> {
    pub fn who(&self) -> &Principal {
        &self.who
    }
}

/// Each user's current permissions, and the clears that invalidate them.
pub struct Permissions {
    store: Arc<dyn RoleStore>,
    notifier: Arc<dyn Notifier>,
    by_user: ClockCache<Uuid, Arc<BTreeSet<Permission>>>,
    /// The last `rbac` epoch seen; another instance's change moves it.
    epoch: AtomicI64,
}

impl Permissions {
    pub fn new(store: Arc<dyn RoleStore>, notifier: Arc<dyn Notifier>, clock: SharedClock) -> Self {
        Self {
            store,
            notifier,
            by_user: ClockCache::new(100_000, PERMISSIONS_TTL, clock),
            epoch: AtomicI64::new(i64::MIN),
        }
    }

    /// The user's current permissions, from the cache or the database.
    pub async fn of(&self, user_id: Uuid) -> Result<Arc<BTreeSet<Permission>>> {
        if let Some(known) = self.by_user.get(&user_id) {
            return Ok(known);
        }
        let started = self.by_user.read_started();
        let permissions = Arc::new(self.store.permissions_of(user_id).await?);
        self.by_user
            .insert_read(user_id, permissions.clone(), started);
        Ok(permissions)
    }

    /// The proof that `who` holds `P` right now; `Forbidden` otherwise.
    pub async fn require<P: Needs>(&self, who: &Principal) -> Result<Granted<P>> {
        if self.of(who.user_id).await?.contains(&P::PERMISSION) {
            Ok(Granted {
                who: who.clone(),
                _permission: PhantomData,
            })
        } else {
            Err(Error::Forbidden)
        }
    }

    /// Forgets every cached permission (a change here, or heard of).
    pub fn forget(&self) {
        self.by_user.invalidate_all();
    }

    /// Roles or grants changed here: reread permissions here and everywhere.
    pub async fn changed(&self) {
        self.forget();
        self.notifier.publish(Notice::RolesChanged).await;
    }

    /// The `rbac` epoch as the instance's poll of every tenant read it:
    /// forgets everything when another instance changed roles since the
    /// last look (the bound when notices are lost).
    pub fn observe_epoch(&self, epoch: i64) {
        if self.epoch.swap(epoch, Ordering::SeqCst) != epoch {
            self.forget();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permissions_read_and_print_by_their_contract_names() {
        for permission in Permission::ALL {
            assert_eq!(permission.as_str().parse::<Permission>(), Ok(permission));
        }
        assert!("users:fly".parse::<Permission>().is_err());
    }
}
