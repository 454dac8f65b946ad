//! Per-client token buckets for /v1/auth/*, in the database so that every
//! instance behind a load balancer draws from the same bucket.

use sea_orm_migration::prelude::*;

use super::ts;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000006_rate_limits"
    }
}

#[derive(DeriveIden)]
enum RateLimitBuckets {
    Table,
    Client,
    Tokens,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(RateLimitBuckets::Table)
                .col(
                    ColumnDef::new(RateLimitBuckets::Client)
                        .string_len(64)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(RateLimitBuckets::Tokens).double().not_null())
                .col(ts(RateLimitBuckets::UpdatedAt))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(RateLimitBuckets::Table).to_owned())
            .await
    }
}
