//! Password-attempt counters name whose they are (`subject`: the address
//! typed, or the account), so erasure deletes them by exact value instead of
//! a LIKE pattern; and users carry when their last reset and verification
//! emails were queued, so the cooldowns are one conditional write. Counters
//! from before are dropped: they only slow guessing for minutes.

use sea_orm_migration::prelude::*;

use super::ts_null;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000010_exact_keys_and_cooldowns"
    }
}

#[derive(DeriveIden)]
enum LoginThrottle {
    Table,
    Email,
    Subject,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    ResetRequestedAt,
    VerificationSentAt,
}

const SUBJECT_INDEX: &str = "idx_login_throttle_subject";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.exec_stmt(Query::delete().from_table(LoginThrottle::Table).to_owned())
            .await?;
        // A key is `login:{address}|{client}`: an address of 254 characters
        // did not fit the first migration's 254 on PostgreSQL (SQLite does
        // not enforce lengths, nor alter them).
        if m.get_database_backend() == sea_orm::DbBackend::Postgres {
            m.alter_table(
                Table::alter()
                    .table(LoginThrottle::Table)
                    .modify_column(
                        ColumnDef::new(LoginThrottle::Email)
                            .string_len(400)
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(LoginThrottle::Table)
                .add_column(
                    ColumnDef::new(LoginThrottle::Subject)
                        .string_len(254)
                        .null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name(SUBJECT_INDEX)
                .table(LoginThrottle::Table)
                .col(LoginThrottle::Subject)
                .to_owned(),
        )
        .await?;
        // One column per statement: SQLite adds only one at a time.
        for column in [Users::ResetRequestedAt, Users::VerificationSentAt] {
            m.alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(ts_null(column))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [Users::ResetRequestedAt, Users::VerificationSentAt] {
            m.alter_table(
                Table::alter()
                    .table(Users::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        m.drop_index(
            Index::drop()
                .name(SUBJECT_INDEX)
                .table(LoginThrottle::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(LoginThrottle::Table)
                .drop_column(LoginThrottle::Subject)
                .to_owned(),
        )
        .await
    }
}
