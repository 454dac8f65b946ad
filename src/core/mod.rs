//! The core: the rules of the auth server as services, each a struct holding
//! exactly what it uses; the types they speak; and the ports (traits) through
//! which they reach storage, crypto, mail and the other instances. Nothing
//! here knows HTTP, SQL or the wiring.

pub mod accounts;
pub mod admin;
pub mod audit;
pub mod buckets;
pub mod cache;
pub mod clients;
pub mod clock;
pub mod email;
pub mod error;
pub mod federation;
pub mod housekeeping;
pub mod locale;
pub mod mfa;
pub mod model;
pub mod oauth;
pub mod ports;
pub mod privacy;
pub mod profiles;
pub mod rbac;
pub mod recovery;
pub mod redirects;
pub mod sessions;
pub mod tenants;
pub mod throttle;
pub mod tokens;
pub mod validate;

pub use error::{Error, FieldError, Result};

use std::sync::Arc;

/// The rules, each service once: what the wiring builds and the web layer
/// (or any other caller) holds.
pub struct Services {
    pub accounts: Arc<accounts::Accounts>,
    pub sessions: Arc<sessions::Sessions>,
    pub recovery: Arc<recovery::Recovery>,
    pub admin: Arc<admin::Admin>,
    pub privacy: Arc<privacy::Privacy>,
    pub permissions: Arc<rbac::Permissions>,
    pub audit: Arc<audit::Audit>,
    pub throttle: Arc<throttle::Throttle>,
    pub housekeeping: Arc<housekeeping::Housekeeping>,
    pub clients: Arc<clients::Clients>,
    pub oauth: Arc<oauth::OAuth>,
    pub mfa: Arc<mfa::Mfa>,
    pub federation: Arc<federation::Federation>,
    pub tenants: Arc<tenants::Tenants>,
}
