//! Failed-login counters per email address, shared by every instance.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000005_login_throttle"
    }
}

#[derive(DeriveIden)]
enum LoginThrottle {
    Table,
    Email,
    Failures,
    LastFailureAt,
    BlockedUntil,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Keyed by the normalized address, whether or not an account has it:
        // throttling only real accounts would tell a guesser which exist.
        m.create_table(
            Table::create()
                .table(LoginThrottle::Table)
                .col(
                    ColumnDef::new(LoginThrottle::Email)
                        .string_len(254)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(LoginThrottle::Failures).integer().not_null())
                .col(
                    ColumnDef::new(LoginThrottle::LastFailureAt)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(LoginThrottle::BlockedUntil)
                        .timestamp_with_time_zone()
                        .null(),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(LoginThrottle::Table).to_owned())
            .await
    }
}
