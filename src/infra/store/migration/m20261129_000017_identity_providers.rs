//! Sign-in with other identity providers: the providers an admin connects
//! (their client secret sealed with the secrets key), the identities linked
//! to users (one owner per provider and subject), and the admin role's two
//! new permissions, `providers:read` and `providers:write`.

use sea_orm_migration::prelude::*;

use super::{ts, ts_null};

/// The admin role's permissions as this migration writes them, frozen.
const ADMIN_PERMISSIONS: &[&str] = &[
    "users:read",
    "users:write",
    "users:delete",
    "roles:read",
    "roles:write",
    "audit:read",
    "clients:read",
    "clients:write",
    "providers:read",
    "providers:write",
];

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000017_identity_providers"
    }
}

#[derive(DeriveIden)]
enum IdentityProviders {
    Table,
    Slug,
    Kind,
    DisplayName,
    Issuer,
    ClientId,
    ClientSecretSealed,
    Scopes,
    AuthorizationEndpoint,
    TokenEndpoint,
    UserinfoEndpoint,
    Claims,
    LinkByVerifiedEmail,
    AllowSignup,
    Enabled,
    TrustMfa,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum UserIdentities {
    Table,
    Provider,
    Subject,
    UserId,
    Email,
    LinkedAt,
    LastUsedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Roles {
    Table,
    Name,
    Permissions,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use IdentityProviders as P;
        m.create_table(
            Table::create()
                .table(P::Table)
                .col(
                    ColumnDef::new(P::Slug)
                        .string_len(64)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(P::Kind).string_len(16).not_null())
                .col(ColumnDef::new(P::DisplayName).string_len(100).not_null())
                .col(ColumnDef::new(P::Issuer).string_len(2048).null())
                .col(ColumnDef::new(P::ClientId).string_len(255).not_null())
                .col(ColumnDef::new(P::ClientSecretSealed).text().null())
                .col(ColumnDef::new(P::Scopes).string_len(1024).not_null())
                .col(
                    ColumnDef::new(P::AuthorizationEndpoint)
                        .string_len(2048)
                        .null(),
                )
                .col(ColumnDef::new(P::TokenEndpoint).string_len(2048).null())
                .col(ColumnDef::new(P::UserinfoEndpoint).string_len(2048).null())
                .col(ColumnDef::new(P::Claims).text().not_null())
                .col(ColumnDef::new(P::LinkByVerifiedEmail).boolean().not_null())
                .col(ColumnDef::new(P::AllowSignup).boolean().not_null())
                .col(ColumnDef::new(P::Enabled).boolean().not_null())
                .col(ColumnDef::new(P::TrustMfa).boolean().not_null())
                .col(ts(P::CreatedAt))
                .col(ts(P::UpdatedAt))
                .to_owned(),
        )
        .await?;
        use UserIdentities as I;
        m.create_table(
            Table::create()
                .table(I::Table)
                .col(ColumnDef::new(I::Provider).string_len(64).not_null())
                .col(ColumnDef::new(I::Subject).string_len(255).not_null())
                .col(ColumnDef::new(I::UserId).uuid().not_null())
                .col(ColumnDef::new(I::Email).string_len(320).null())
                .col(ts(I::LinkedAt))
                .col(ts_null(I::LastUsedAt))
                .primary_key(Index::create().col(I::Provider).col(I::Subject))
                .foreign_key(
                    ForeignKey::create()
                        .from(I::Table, I::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(I::Table, I::Provider)
                        .to(P::Table, P::Slug)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_user_identities_user")
                .table(I::Table)
                .col(I::UserId)
                .to_owned(),
        )
        .await?;
        m.exec_stmt(
            Query::update()
                .table(Roles::Table)
                .value(
                    Roles::Permissions,
                    SimpleExpr::from(serde_json::json!(ADMIN_PERMISSIONS)),
                )
                .and_where(Expr::col(Roles::Name).eq("admin"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(UserIdentities::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(IdentityProviders::Table).to_owned())
            .await
    }
}
