//! The password-attempt counters' key column held keys such as
//! `reauth:{uuid}|{client}` under the name `email`: it is `attempt_key`.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000011_attempt_key"
    }
}

#[derive(DeriveIden)]
enum LoginThrottle {
    Table,
    Email,
    AttemptKey,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(LoginThrottle::Table)
                .rename_column(LoginThrottle::Email, LoginThrottle::AttemptKey)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(LoginThrottle::Table)
                .rename_column(LoginThrottle::AttemptKey, LoginThrottle::Email)
                .to_owned(),
        )
        .await
    }
}
