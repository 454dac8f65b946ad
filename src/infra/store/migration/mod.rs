//! Schema migrations, portable between PostgreSQL and SQLite (the builder writes
//! each dialect). Applied at start and by `palisade migrate`.

use sea_orm_migration::prelude::*;

mod m20261125_000001_initial;
mod m20261125_000002_mail;
mod m20261125_000003_audit;
mod m20261125_000004_user_search;
mod m20261125_000005_login_throttle;
mod m20261125_000006_rate_limits;
mod m20261125_000007_cleanup_indexes;
mod m20261129_000008_key_activation;
mod m20261129_000009_refresh_successor;
mod m20261129_000010_exact_keys_and_cooldowns;
mod m20261129_000011_attempt_key;
mod m20261129_000012_oauth_clients;
mod m20261129_000013_codes_and_consents;
mod m20261129_000014_device_grants;
mod m20261129_000015_second_factors;
mod m20261129_000016_passkey_ceremonies;
mod m20261129_000017_identity_providers;
mod m20261129_000018_federated_sign_in;
mod m20261129_000019_tenants;
mod m20261130_000020_tenant_columns;
mod m20261130_000021_tenant_keys;
mod m20261130_000022_tenant_deletion;
mod m20261130_000023_user_locale;

/// A non-null timestamp-with-time-zone column.
fn ts(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

/// A nullable timestamp-with-time-zone column.
fn ts_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .null()
        .to_owned()
}

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261125_000001_initial::Migration),
            Box::new(m20261125_000002_mail::Migration),
            Box::new(m20261125_000003_audit::Migration),
            Box::new(m20261125_000004_user_search::Migration),
            Box::new(m20261125_000005_login_throttle::Migration),
            Box::new(m20261125_000006_rate_limits::Migration),
            Box::new(m20261125_000007_cleanup_indexes::Migration),
            Box::new(m20261129_000008_key_activation::Migration),
            Box::new(m20261129_000009_refresh_successor::Migration),
            Box::new(m20261129_000010_exact_keys_and_cooldowns::Migration),
            Box::new(m20261129_000011_attempt_key::Migration),
            Box::new(m20261129_000012_oauth_clients::Migration),
            Box::new(m20261129_000013_codes_and_consents::Migration),
            Box::new(m20261129_000014_device_grants::Migration),
            Box::new(m20261129_000015_second_factors::Migration),
            Box::new(m20261129_000016_passkey_ceremonies::Migration),
            Box::new(m20261129_000017_identity_providers::Migration),
            Box::new(m20261129_000018_federated_sign_in::Migration),
            Box::new(m20261129_000019_tenants::Migration),
            Box::new(m20261130_000020_tenant_columns::Migration),
            Box::new(m20261130_000021_tenant_keys::Migration),
            Box::new(m20261130_000022_tenant_deletion::Migration),
            Box::new(m20261130_000023_user_locale::Migration),
        ]
    }
}
