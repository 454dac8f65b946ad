//! The core: the rules of the auth server as services, each a struct holding
//! exactly what it uses; the types they speak; and the ports (traits) through
//! which they reach storage, crypto, mail and the other instances. Nothing
//! here knows HTTP, SQL or the wiring.

pub mod accounts;
pub mod admin;
pub mod audit;
pub mod cache;
pub mod clock;
pub mod email;
pub mod error;
pub mod housekeeping;
pub mod model;
pub mod ports;
pub mod privacy;
pub mod rbac;
pub mod recovery;
pub mod sessions;
pub mod throttle;
pub mod tokens;
pub mod validate;

pub use error::{Error, FieldError, Result};
