//! The accounts (user and role names) that `/v1/users/me`, the userinfo
//! endpoint and the hosted pages show, kept for 2 s: reading one is a
//! database round trip, the largest part of such a request once the token
//! itself is cached. A change made here is seen here at once (every write
//! of a user or their roles says `changed`), on the other instances within
//! milliseconds (a notice), and at worst 2 s later if the notice is lost.

use std::sync::Arc;
use std::time::Duration;

use uuid::Uuid;

use super::cache::ClockCache;
use super::clock::SharedClock;
use super::error::Result;
use super::model::Account;
use super::ports::{Notice, Notifier, UserStore};

/// How long another instance's change may go unseen when its notice is lost.
pub const PROFILE_TTL: Duration = Duration::from_secs(2);

pub struct Profiles {
    users: Arc<dyn UserStore>,
    notifier: Arc<dyn Notifier>,
    cache: ClockCache<Uuid, Account>,
}

impl Profiles {
    pub fn new(users: Arc<dyn UserStore>, notifier: Arc<dyn Notifier>, clock: SharedClock) -> Self {
        Self {
            users,
            notifier,
            cache: ClockCache::new(100_000, PROFILE_TTL, clock),
        }
    }

    /// The user and the names of their roles, if they exist.
    pub async fn account(&self, user_id: Uuid) -> Result<Option<Account>> {
        if let Some(known) = self.cache.get(&user_id) {
            return Ok(Some(known));
        }
        // A change that lands while this read runs drops what it read.
        let started = self.cache.read_started();
        let found = self.users.find_account(user_id).await?;
        if let Some(account) = &found {
            self.cache.insert_read(user_id, account.clone(), started);
        }
        Ok(found)
    }

    /// These users (or their roles) changed here: reread them here from now
    /// on, and tell the other instances.
    pub async fn changed(&self, ids: Vec<Uuid>) {
        self.heard_changed(&ids);
        self.notifier.publish(Notice::UsersChanged(ids)).await;
    }

    /// Many users may have changed here (a role was deleted): reread all.
    pub async fn all_changed(&self) {
        self.forget();
        self.notifier
            .publish(Notice::UsersChanged(Vec::new()))
            .await;
    }

    /// Another instance changed these users (none listed: maybe all).
    pub fn heard_changed(&self, ids: &[Uuid]) {
        if ids.is_empty() {
            return self.forget();
        }
        for id in ids {
            self.cache.invalidate(id);
        }
    }

    /// Something may have been missed: reread every account.
    pub fn forget(&self) {
        self.cache.invalidate_all();
    }
}
