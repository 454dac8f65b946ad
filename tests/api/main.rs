//! Integration tests: the real server on a real socket, against a fresh
//! PostgreSQL database and a fresh SQLite file. Storage tests run on both.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod helpers;

mod admin;
mod audit;
mod auth;
mod authenticator;
mod backup;
mod browser;
mod cli;
mod clients;
mod faults;
mod federated;
mod fuzz;
mod handlers;
mod hardening;
mod i18n;
mod integrations;
mod interop;
mod logs;
mod mail;
mod mfa;
mod oidc;
mod oidc_interop;
mod ops;
mod pages;
mod pages_admin;
mod pages_browser;
mod pages_factors;
mod pages_federated;
mod passkeys;
mod passwords;
mod privacy;
mod process;
mod providers;
mod proxy;
mod recovery;
mod review;
mod rules;
mod scale;
mod sessions;
mod smtp;
mod surface;
mod tenant_isolation;
mod tenant_matrix;
mod tenant_upgrade;
mod tenants;
mod tokens;
mod upstream;
mod users;
