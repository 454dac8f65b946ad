//! A tenant being deleted keeps its row, marked `deleting_at`, until every
//! row it owned is erased: it is hidden meanwhile, its slug cannot be taken
//! again (its leftovers would become the newcomer's), and housekeeping
//! finishes an erasure that was cut short.

use sea_orm_migration::prelude::*;

use super::ts_null;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261130_000022_tenant_deletion"
    }
}

#[derive(DeriveIden)]
enum Tenants {
    Table,
    DeletingAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Tenants::Table)
                .add_column(ts_null(Tenants::DeletingAt))
                .to_owned(),
        )
        .await
    }
}
