//! A used refresh token remembers its successor, sealed with a key derived
//! from the used token itself, so a repeat inside the grace window gets the
//! same successor (or its live descendant) instead of a new branch.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000009_refresh_successor"
    }
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Successor,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(RefreshTokens::Table)
                .add_column(
                    ColumnDef::new(RefreshTokens::Successor)
                        .string_len(64)
                        .null(),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(RefreshTokens::Table)
                .drop_column(RefreshTokens::Successor)
                .to_owned(),
        )
        .await
    }
}
