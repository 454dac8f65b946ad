//! Device authorization grants (RFC 8628): the device code only as its
//! hash, the short user code people type on /device, and the answer.

use sea_orm_migration::prelude::*;

use super::{ts, ts_null};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000014_device_grants"
    }
}

#[derive(DeriveIden)]
enum OauthDeviceGrants {
    Table,
    DeviceCodeHash,
    UserCode,
    ClientId,
    Scope,
    Status,
    IntervalSecs,
    LastPolledAt,
    UserId,
    AuthTime,
    Amr,
    ExpiresAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum OauthClients {
    Table,
    ClientId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use OauthDeviceGrants as D;
        m.create_table(
            Table::create()
                .table(D::Table)
                .col(
                    ColumnDef::new(D::DeviceCodeHash)
                        .string_len(64)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(D::UserCode).string_len(16).not_null())
                .col(ColumnDef::new(D::ClientId).string_len(128).not_null())
                .col(ColumnDef::new(D::Scope).string_len(255).not_null())
                .col(ColumnDef::new(D::Status).string_len(16).not_null())
                .col(ColumnDef::new(D::IntervalSecs).big_integer().not_null())
                .col(ts_null(D::LastPolledAt))
                .col(ColumnDef::new(D::UserId).uuid().null())
                .col(ts_null(D::AuthTime))
                .col(ColumnDef::new(D::Amr).string_len(64).null())
                .col(ts(D::ExpiresAt))
                .col(ts(D::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(D::Table, D::ClientId)
                        .to(OauthClients::Table, OauthClients::ClientId)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_device_grants_user_code")
                .table(D::Table)
                .col(D::UserCode)
                .unique()
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(OauthDeviceGrants::Table).to_owned())
            .await
    }
}
