//! Palisade: a self-hosted authentication server. The library holds everything;
//! `main.rs` only parses the command line and dispatches, so tests can build the
//! very same application in-process.
//!
//! - `core`: the rules, as services over ports; no HTTP, no SQL.
//! - `infra`: the ports' implementations (storage, crypto, mail, notices).
//! - `web`: the JSON API and the hosted pages over the services.
//! - `wiring`: builds the one from the others; `config` and `cli` feed it.

pub mod cli;
pub mod commands;
pub mod config;
pub mod core;
pub mod infra;
pub mod telemetry;
pub mod web;
pub mod wiring;

pub use config::Config;
pub use core::Services;
pub use wiring::{Application, Infra};
