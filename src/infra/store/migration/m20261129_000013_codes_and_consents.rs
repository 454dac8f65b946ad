//! Authorization codes (only their hashes, single use, short-lived) and the
//! consents users give OAuth clients.

use sea_orm_migration::prelude::*;

use super::{ts, ts_null};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000013_codes_and_consents"
    }
}

#[derive(DeriveIden)]
enum OauthCodes {
    Table,
    CodeHash,
    ClientId,
    UserId,
    RedirectUri,
    Scope,
    Nonce,
    CodeChallenge,
    AuthTime,
    Amr,
    ExpiresAt,
    UsedAt,
    ReplayedAt,
    SessionId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum OauthClients {
    Table,
    ClientId,
}

/// Rows that go with their user or client (erasure, client deletion).
fn cascade(
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[derive(DeriveIden)]
enum OauthConsents {
    Table,
    UserId,
    ClientId,
    Scopes,
    GrantedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use OauthCodes as C;
        m.create_table(
            Table::create()
                .table(C::Table)
                .col(
                    ColumnDef::new(C::CodeHash)
                        .string_len(64)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(C::ClientId).string_len(128).not_null())
                .col(ColumnDef::new(C::UserId).uuid().not_null())
                .col(ColumnDef::new(C::RedirectUri).string_len(2000).not_null())
                .col(ColumnDef::new(C::Scope).string_len(255).not_null())
                .col(ColumnDef::new(C::Nonce).string_len(512).null())
                .col(ColumnDef::new(C::CodeChallenge).string_len(128).null())
                .col(ts(C::AuthTime))
                .col(ColumnDef::new(C::Amr).string_len(64).not_null())
                .col(ts(C::ExpiresAt))
                .col(ts_null(C::UsedAt))
                .col(ts_null(C::ReplayedAt))
                .col(ColumnDef::new(C::SessionId).uuid().null())
                .col(ts(C::CreatedAt))
                .foreign_key(&mut cascade(
                    (C::Table, C::UserId),
                    (Users::Table, Users::Id),
                ))
                .foreign_key(&mut cascade(
                    (C::Table, C::ClientId),
                    (OauthClients::Table, OauthClients::ClientId),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_oauth_codes_expires")
                .table(C::Table)
                .col(C::ExpiresAt)
                .to_owned(),
        )
        .await?;

        use OauthConsents as G;
        m.create_table(
            Table::create()
                .table(G::Table)
                .col(ColumnDef::new(G::UserId).uuid().not_null())
                .col(ColumnDef::new(G::ClientId).string_len(128).not_null())
                .col(ColumnDef::new(G::Scopes).string_len(255).not_null())
                .col(ts(G::GrantedAt))
                .col(ts(G::UpdatedAt))
                .primary_key(Index::create().col(G::UserId).col(G::ClientId))
                .foreign_key(&mut cascade(
                    (G::Table, G::UserId),
                    (Users::Table, Users::Id),
                ))
                .foreign_key(&mut cascade(
                    (G::Table, G::ClientId),
                    (OauthClients::Table, OauthClients::ClientId),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_oauth_consents_client")
                .table(G::Table)
                .col(G::ClientId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(OauthConsents::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(OauthCodes::Table).to_owned())
            .await
    }
}
