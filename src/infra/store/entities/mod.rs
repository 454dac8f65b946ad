//! SeaORM models, one per table. Only the store uses them; they never leave it
//! as JSON (HTTP has its own DTOs), so a hash cannot leak through a response.

pub mod audit_events;
pub mod cache_epochs;
pub mod identity_providers;
pub mod login_throttle;
pub mod mfa_challenges;
pub mod mfa_recovery_codes;
pub mod mfa_totp;
pub mod oauth_clients;
pub mod oauth_codes;
pub mod oauth_consents;
pub mod oauth_device_grants;
pub mod one_time_tokens;
pub mod outbox;
pub mod passkey_ceremonies;
pub mod passkeys;
pub mod rate_limit_buckets;
pub mod refresh_tokens;
pub mod roles;
pub mod secret_keys;
pub mod sessions;
pub mod signing_keys;
pub mod tenant_hosts;
pub mod tenants;
pub mod user_identities;
pub mod user_roles;
pub mod users;
