//! WebAuthn ceremonies between their start and finish: the challenge state
//! kept server-side (any instance may get the finish), used once.

use sea_orm_migration::prelude::*;

use super::ts;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000016_passkey_ceremonies"
    }
}

#[derive(DeriveIden)]
enum PasskeyCeremonies {
    Table,
    Id,
    Purpose,
    UserId,
    StepHash,
    Name,
    State,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use PasskeyCeremonies as C;
        m.create_table(
            Table::create()
                .table(C::Table)
                .col(ColumnDef::new(C::Id).uuid().not_null().primary_key())
                .col(ColumnDef::new(C::Purpose).string_len(16).not_null())
                .col(ColumnDef::new(C::UserId).uuid().null())
                .col(ColumnDef::new(C::StepHash).string_len(64).null())
                .col(ColumnDef::new(C::Name).string_len(100).null())
                .col(ColumnDef::new(C::State).text().not_null())
                .col(ts(C::ExpiresAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(C::Table, C::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_passkey_ceremonies_expiry")
                .table(C::Table)
                .col(C::ExpiresAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(PasskeyCeremonies::Table).to_owned())
            .await
    }
}
