//! Users, roles (seeded with the builtin `admin` and `user`), sessions, refresh
//! tokens and signing keys, with the indexes the queries need.

use sea_orm_migration::prelude::*;

use super::{ts, ts_null};

/// The builtin roles as this migration seeded them, frozen here: a later
/// change to the code's permissions must not change what it wrote.
const BUILTIN_ROLES: &[(&str, &str, &[&str])] = &[
    (
        "admin",
        "Administrators: every permission.",
        &[
            "users:read",
            "users:write",
            "users:delete",
            "roles:read",
            "roles:write",
            "audit:read",
        ],
    ),
    ("user", "Everyone: self-service only.", &[]),
];

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000001_initial"
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    PasswordHash,
    DisplayName,
    EmailVerified,
    Disabled,
    CreatedAt,
    UpdatedAt,
    LastLoginAt,
}

#[derive(DeriveIden)]
enum Roles {
    Table,
    Name,
    Description,
    Permissions,
    Builtin,
    CreatedAt,
}

#[derive(DeriveIden)]
enum UserRoles {
    Table,
    UserId,
    RoleName,
    GrantedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
    UserId,
    CreatedAt,
    LastUsedAt,
    ExpiresAt,
    RevokedAt,
    Ip,
    UserAgent,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    SessionId,
    TokenHash,
    CreatedAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum SigningKeys {
    Table,
    Kid,
    Alg,
    PrivateKey,
    PublicJwk,
    CreatedAt,
    RetiredAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(ColumnDef::new(Users::Id).uuid().not_null().primary_key())
                .col(
                    ColumnDef::new(Users::Email)
                        .string_len(254)
                        .not_null()
                        .unique_key(),
                )
                .col(ColumnDef::new(Users::PasswordHash).text().not_null())
                .col(ColumnDef::new(Users::DisplayName).string_len(400).null())
                .col(
                    ColumnDef::new(Users::EmailVerified)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .col(
                    ColumnDef::new(Users::Disabled)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .col(ts(Users::CreatedAt))
                .col(ts(Users::UpdatedAt))
                .col(ts_null(Users::LastLoginAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Roles::Table)
                .col(
                    ColumnDef::new(Roles::Name)
                        .string_len(64)
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(Roles::Description)
                        .text()
                        .not_null()
                        .default(""),
                )
                .col(ColumnDef::new(Roles::Permissions).json_binary().not_null())
                .col(
                    ColumnDef::new(Roles::Builtin)
                        .boolean()
                        .not_null()
                        .default(false),
                )
                .col(ts(Roles::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(UserRoles::Table)
                .col(ColumnDef::new(UserRoles::UserId).uuid().not_null())
                .col(
                    ColumnDef::new(UserRoles::RoleName)
                        .string_len(64)
                        .not_null(),
                )
                .col(ts(UserRoles::GrantedAt))
                .primary_key(
                    Index::create()
                        .col(UserRoles::UserId)
                        .col(UserRoles::RoleName),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(UserRoles::Table, UserRoles::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(UserRoles::Table, UserRoles::RoleName)
                        .to(Roles::Table, Roles::Name)
                        .on_delete(ForeignKeyAction::Cascade)
                        .on_update(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_user_roles_role")
                .table(UserRoles::Table)
                .col(UserRoles::RoleName)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Sessions::Table)
                .col(ColumnDef::new(Sessions::Id).uuid().not_null().primary_key())
                .col(ColumnDef::new(Sessions::UserId).uuid().not_null())
                .col(ts(Sessions::CreatedAt))
                .col(ts(Sessions::LastUsedAt))
                .col(ts(Sessions::ExpiresAt))
                .col(ts_null(Sessions::RevokedAt))
                .col(ColumnDef::new(Sessions::Ip).string_len(64).null())
                .col(ColumnDef::new(Sessions::UserAgent).string_len(512).null())
                .foreign_key(
                    ForeignKey::create()
                        .from(Sessions::Table, Sessions::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_sessions_user")
                .table(Sessions::Table)
                .col(Sessions::UserId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RefreshTokens::Table)
                .col(
                    ColumnDef::new(RefreshTokens::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(RefreshTokens::SessionId).uuid().not_null())
                .col(
                    ColumnDef::new(RefreshTokens::TokenHash)
                        .string_len(64)
                        .not_null()
                        .unique_key(),
                )
                .col(ts(RefreshTokens::CreatedAt))
                .col(ts_null(RefreshTokens::UsedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(RefreshTokens::Table, RefreshTokens::SessionId)
                        .to(Sessions::Table, Sessions::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_refresh_tokens_session")
                .table(RefreshTokens::Table)
                .col(RefreshTokens::SessionId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(SigningKeys::Table)
                .col(
                    ColumnDef::new(SigningKeys::Kid)
                        .string_len(64)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(SigningKeys::Alg).string_len(16).not_null())
                .col(ColumnDef::new(SigningKeys::PrivateKey).text().not_null())
                .col(ColumnDef::new(SigningKeys::PublicJwk).text().not_null())
                .col(ts(SigningKeys::CreatedAt))
                .col(ts_null(SigningKeys::RetiredAt))
                .to_owned(),
        )
        .await?;

        let now = chrono::Utc::now();
        for (name, description, permissions) in BUILTIN_ROLES {
            m.exec_stmt(
                Query::insert()
                    .into_table(Roles::Table)
                    .columns([
                        Roles::Name,
                        Roles::Description,
                        Roles::Permissions,
                        Roles::Builtin,
                        Roles::CreatedAt,
                    ])
                    .values([
                        (*name).into(),
                        (*description).into(),
                        serde_json::json!(permissions).into(),
                        true.into(),
                        now.into(),
                    ])
                    .map_err(|e| DbErr::Custom(e.to_string()))?
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            SigningKeys::Table.into_iden(),
            RefreshTokens::Table.into_iden(),
            Sessions::Table.into_iden(),
            UserRoles::Table.into_iden(),
            Roles::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
