//! Every tenant-owned table gains `tenant` (the owner's slug), `default` for
//! the rows already there. Adding a column with a constant default changes
//! only the catalog on PostgreSQL (no table rewrite) and one header on
//! SQLite, so the upgrade is a restart, not a maintenance window. The keys
//! that become per tenant change in the next migration.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261130_000020_tenant_columns"
    }
}

/// The tables as this migration found them, frozen (the store's own list
/// may grow).
const OWNED: &[&str] = &[
    "users",
    "roles",
    "user_roles",
    "sessions",
    "refresh_tokens",
    "signing_keys",
    "one_time_tokens",
    "outbox",
    "audit_events",
    "cache_epochs",
    "login_throttle",
    "rate_limit_buckets",
    "oauth_clients",
    "oauth_codes",
    "oauth_consents",
    "oauth_device_grants",
    "mfa_totp",
    "mfa_recovery_codes",
    "mfa_challenges",
    "passkeys",
    "passkey_ceremonies",
    "identity_providers",
    "user_identities",
];

/// Look-ups that lead with the tenant: lists and logs read page by page.
const INDEXES: &[(&str, &str, &[&str])] = &[
    ("idx_users_tenant_id", "users", &["tenant", "id"]),
    ("idx_audit_tenant_at", "audit_events", &["tenant", "at"]),
    (
        "idx_outbox_tenant_recipient",
        "outbox",
        &["tenant", "recipient"],
    ),
    (
        "idx_sessions_tenant_user",
        "sessions",
        &["tenant", "user_id"],
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in OWNED {
            // One column per statement: SQLite adds one at a time.
            m.alter_table(
                Table::alter()
                    .table(Alias::new(*table))
                    .add_column(
                        ColumnDef::new(Alias::new("tenant"))
                            .string_len(63)
                            .not_null()
                            .default("default"),
                    )
                    .to_owned(),
            )
            .await?;
        }
        for (name, table, columns) in INDEXES {
            let mut index = Index::create();
            index.name(*name).table(Alias::new(*table));
            for column in *columns {
                index.col(Alias::new(*column));
            }
            m.create_index(index.to_owned()).await?;
        }
        Ok(())
    }
}
