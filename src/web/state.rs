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
    /// The tenant's: the server's, with the public URL at the tenant's own
    /// address and the tenant's settings applied.
    pub config: Arc<Config>,
    /// The tenant's services, on a store fixed to the tenant.
    pub services: Arc<Services>,
    pub probes: Arc<Probes>,
    /// Where the tenant is served on this route.
    pub site: Arc<Site>,
    /// On the root application only: the other tenants, resolved per request.
    pub tenancy: Option<Arc<super::tenancy::Tenancy>>,
}

/// Where a tenant is served: its slug, the path its pages live under on
/// this route (`/t/{slug}`, or empty at the root paths and on its own
/// host), and what its cookie names end with (tenants that share a host
/// under `/t/` need names of their own: `__Host-` cookies are all `Path=/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    pub slug: String,
    pub base_path: String,
    pub cookie_suffix: String,
}

impl Site {
    /// `default` at the root paths.
    pub fn root() -> Self {
        Self {
            slug: crate::core::tenants::DEFAULT_TENANT.to_owned(),
            base_path: String::new(),
            cookie_suffix: String::new(),
        }
    }
}

impl AppState {
    /// The `default` tenant at the root paths.
    pub fn new(config: Arc<Config>, services: Arc<Services>, probes: Arc<Probes>) -> Self {
        Self {
            config,
            services,
            probes,
            site: Arc::new(Site::root()),
            tenancy: None,
        }
    }

    /// The same application serving `site`.
    pub fn at(mut self, site: Site) -> Self {
        self.site = Arc::new(site);
        self
    }

    /// The root application, which hands other tenants' requests on.
    pub fn with_tenancy(mut self, tenancy: Arc<super::tenancy::Tenancy>) -> Self {
        self.tenancy = Some(tenancy);
        self
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

    /// The tenant's signing keys.
    pub fn keys(&self) -> &Arc<KeyRing> {
        &self.keys
    }

    /// The JWKS (RFC 7517) of the keys that sign and have signed.
    pub fn jwks(&self) -> serde_json::Value {
        self.keys.jwks()
    }
}
