//! Federated sign-in: a second step remembers how its first one was made
//! (`pwd`, or `fed` through which provider) so the session's `amr` and its
//! audit event say so; and a user links at most one identity per provider
//! (`DELETE /v1/users/me/identities/{slug}` names one).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000018_federated_sign_in"
    }
}

#[derive(DeriveIden)]
enum MfaChallenges {
    Table,
    FirstFactor,
    Provider,
}

#[derive(DeriveIden)]
enum UserIdentities {
    Table,
    Provider,
    UserId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        m.alter_table(
            Table::alter()
                .table(MfaChallenges::Table)
                .add_column(
                    ColumnDef::new(MfaChallenges::FirstFactor)
                        .string_len(16)
                        .not_null()
                        .default("pwd"),
                )
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(MfaChallenges::Table)
                .add_column(
                    ColumnDef::new(MfaChallenges::Provider)
                        .string_len(64)
                        .null(),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_user_identities_one_per_provider")
                .table(UserIdentities::Table)
                .col(UserIdentities::Provider)
                .col(UserIdentities::UserId)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_user_identities_one_per_provider")
                .table(UserIdentities::Table)
                .to_owned(),
        )
        .await?;
        for column in [MfaChallenges::Provider, MfaChallenges::FirstFactor] {
            m.alter_table(
                Table::alter()
                    .table(MfaChallenges::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
