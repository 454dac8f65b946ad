//! The OAuth client registry, seeded with the built-in public client
//! `palisade` that the first-party API issues tokens to; each session
//! remembers its client, scope, and how and when the user signed in
//! (existing ones were `palisade`'s, by password); and admins get
//! the two new permissions, `clients:read` and `clients:write`.

use sea_orm_migration::prelude::*;

use super::{ts, ts_null};

/// The admin role's permissions as this migration wrote them, frozen.
const ADMIN_PERMISSIONS: &[&str] = &[
    "users:read",
    "users:write",
    "users:delete",
    "roles:read",
    "roles:write",
    "audit:read",
    "clients:read",
    "clients:write",
];

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000012_oauth_clients"
    }
}

#[derive(DeriveIden)]
enum OauthClients {
    Table,
    ClientId,
    Name,
    Kind,
    RedirectUris,
    PostLogoutRedirectUris,
    GrantTypes,
    Scopes,
    FirstParty,
    RequirePkce,
    Audience,
    AccessTokenTtl,
    SecretHash,
    PreviousSecretHash,
    PreviousSecretUntil,
    Builtin,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    ClientId,
    Scope,
    Amr,
    AuthTime,
}

#[derive(DeriveIden)]
enum Roles {
    Table,
    Name,
    Permissions,
}

fn json_col(col: OauthClients) -> ColumnDef {
    ColumnDef::new(col).json_binary().not_null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use OauthClients as C;
        m.create_table(
            Table::create()
                .table(C::Table)
                .col(
                    ColumnDef::new(C::ClientId)
                        .string_len(128)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(C::Name).string_len(100).not_null())
                .col(ColumnDef::new(C::Kind).string_len(16).not_null())
                .col(json_col(C::RedirectUris))
                .col(json_col(C::PostLogoutRedirectUris))
                .col(json_col(C::GrantTypes))
                .col(json_col(C::Scopes))
                .col(ColumnDef::new(C::FirstParty).boolean().not_null())
                .col(ColumnDef::new(C::RequirePkce).boolean().not_null())
                .col(ColumnDef::new(C::Audience).string_len(255).null())
                .col(ColumnDef::new(C::AccessTokenTtl).big_integer().null())
                .col(ColumnDef::new(C::SecretHash).string_len(64).null())
                .col(ColumnDef::new(C::PreviousSecretHash).string_len(64).null())
                .col(ts_null(C::PreviousSecretUntil))
                .col(ColumnDef::new(C::Builtin).boolean().not_null())
                .col(ts(C::CreatedAt))
                .col(ts(C::UpdatedAt))
                .to_owned(),
        )
        .await?;

        let now = chrono::Utc::now();
        let json = |v: serde_json::Value| -> SimpleExpr { v.into() };
        m.exec_stmt(
            Query::insert()
                .into_table(C::Table)
                .columns([
                    C::ClientId,
                    C::Name,
                    C::Kind,
                    C::RedirectUris,
                    C::PostLogoutRedirectUris,
                    C::GrantTypes,
                    C::Scopes,
                    C::FirstParty,
                    C::RequirePkce,
                    C::Builtin,
                    C::CreatedAt,
                    C::UpdatedAt,
                ])
                .values([
                    "palisade".into(),
                    "Palisade".into(),
                    "public".into(),
                    json(serde_json::json!([])),
                    json(serde_json::json!([])),
                    json(serde_json::json!(["password", "refresh_token"])),
                    json(serde_json::json!([
                        "openid",
                        "profile",
                        "email",
                        "offline_access",
                        "roles"
                    ])),
                    true.into(),
                    true.into(),
                    true.into(),
                    now.into(),
                    now.into(),
                ])
                .map_err(|e| DbErr::Custom(e.to_string()))?
                .to_owned(),
        )
        .await?;

        // One column per statement: SQLite alters one thing at a time.
        // Sessions from before were the first-party client's, by password.
        for column in [
            ColumnDef::new(Sessions::ClientId)
                .string_len(128)
                .not_null()
                .default("palisade")
                .to_owned(),
            ColumnDef::new(Sessions::Scope)
                .string_len(255)
                .not_null()
                .default("openid profile email offline_access")
                .to_owned(),
            ColumnDef::new(Sessions::Amr)
                .string_len(64)
                .not_null()
                .default("pwd")
                .to_owned(),
            ts_null(Sessions::AuthTime),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Sessions::Table)
                    .add_column(column)
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(
            Index::create()
                .name("idx_sessions_client")
                .table(Sessions::Table)
                .col(Sessions::ClientId)
                .to_owned(),
        )
        .await?;

        m.exec_stmt(
            Query::update()
                .table(Roles::Table)
                .value(
                    Roles::Permissions,
                    json(serde_json::json!(ADMIN_PERMISSIONS)),
                )
                .and_where(Expr::col(Roles::Name).eq("admin"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_sessions_client")
                .table(Sessions::Table)
                .to_owned(),
        )
        .await?;
        for column in [
            Sessions::AuthTime,
            Sessions::Amr,
            Sessions::Scope,
            Sessions::ClientId,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Sessions::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        m.drop_table(Table::drop().table(OauthClients::Table).to_owned())
            .await
    }
}
