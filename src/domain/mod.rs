//! Services: the rules of the auth server. They take a `Clock`, talk to the
//! store, and know nothing of HTTP.

pub mod accounts;
pub mod admin;
pub mod audit;
pub mod broadcast;
pub mod clock;
pub mod email;
pub mod housekeeping;
pub mod key_material;
pub mod keys;
pub mod passwords;
pub mod privacy;
pub mod rbac;
pub mod recovery;
pub mod sessions;
pub mod throttle;
pub mod tokens;
pub mod validate;
pub mod verification;
