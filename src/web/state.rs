//! What every handler and page can reach: the configuration, the services,
//! and the probes operators read (readiness, the pool, the public keys).
//! Cheap to clone.

use std::sync::Arc;
use std::time::Duration;

use crate::config::Config;
use crate::core::Services;
use crate::infra::crypto::keys::KeyRing;
use crate::infra::store::{self, Db};

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub services: Arc<Services>,
    pub probes: Arc<Probes>,
}

impl AppState {
    pub fn new(config: Arc<Config>, services: Arc<Services>, probes: Arc<Probes>) -> Self {
        Self {
            config,
            services,
            probes,
        }
    }
}

/// The operational answers that are not rules: whether the database
/// answers, how busy its pool is, and the public keys.
pub struct Probes {
    db: Db,
    keys: Arc<KeyRing>,
}

/// How long readiness waits for the database.
const READY_WITHIN: Duration = Duration::from_secs(2);

/// Connections of the database pool.
pub struct PoolUse {
    pub open: u32,
    pub idle: u32,
}

impl Probes {
    pub fn new(db: Db, keys: Arc<KeyRing>) -> Self {
        Self { db, keys }
    }

    /// Whether the database answers within two seconds.
    pub async fn ready(&self) -> bool {
        matches!(
            tokio::time::timeout(READY_WITHIN, store::ping(&self.db)).await,
            Ok(true)
        )
    }

    pub fn pool(&self) -> PoolUse {
        let (open, idle) = store::pool_usage(&self.db);
        PoolUse { open, idle }
    }

    /// The JWKS (RFC 7517) of the keys that sign and have signed.
    pub fn jwks(&self) -> serde_json::Value {
        self.keys.jwks()
    }
}
