//! Indexes for the hourly housekeeping and for erasure, found with EXPLAIN on
//! a million users (bench/explain.md): without them, each cleanup scans its
//! whole table. Partial indexes keep the used/revoked ones small; both
//! PostgreSQL and SQLite take this SQL as written.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000007_cleanup_indexes"
    }
}

/// (index name, table and columns with an optional WHERE).
const INDEXES: &[(&str, &str)] = &[
    ("idx_sessions_expires_at", "sessions (expires_at)"),
    (
        "idx_sessions_revoked_at",
        "sessions (revoked_at) WHERE revoked_at IS NOT NULL",
    ),
    (
        "idx_one_time_tokens_expires_at",
        "one_time_tokens (expires_at)",
    ),
    (
        "idx_one_time_tokens_used_at",
        "one_time_tokens (used_at) WHERE used_at IS NOT NULL",
    ),
    ("idx_outbox_created_at", "outbox (created_at)"),
    ("idx_outbox_recipient", "outbox (recipient)"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for (name, on) in INDEXES {
            db.execute_unprepared(&format!("CREATE INDEX IF NOT EXISTS {name} ON {on}"))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for (name, _) in INDEXES {
            db.execute_unprepared(&format!("DROP INDEX IF EXISTS {name}"))
                .await?;
        }
        Ok(())
    }
}
