//! What the API and the pages share: the error mapping and problem bodies,
//! extractors, the security layers and the metrics.

pub mod error;
pub mod extract;
pub mod metrics;
pub mod problem;
pub mod security;
