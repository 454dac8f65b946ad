//! Palisade: a self-hosted authentication server. The library holds everything;
//! `main.rs` only parses the command line and dispatches, so tests can build the
//! very same application in-process.

pub mod app;
pub mod backup;
pub mod cli;
pub mod commands;
pub mod config;
pub mod domain;
pub mod error;
pub mod files;
pub mod http;
pub mod mail;
pub mod pages;
pub mod store;
pub mod telemetry;

pub use app::{AppState, Application};
pub use config::Config;
pub use error::{Error, FieldError};
