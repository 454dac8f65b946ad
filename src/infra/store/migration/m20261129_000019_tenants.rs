//! Tenants as data: each tenant's slug, name, settings (overrides of the
//! server-wide defaults, as JSON) and the hosts it is served at (one
//! tenant per host, the primary key decides); the `default` tenant, which
//! the root paths serve and which holds the platform's administration; and
//! the admin role's `tenants:read` and `tenants:write`.

use sea_orm_migration::prelude::*;

use super::ts;

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
    "tenants:read",
    "tenants:write",
];

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000019_tenants"
    }
}

#[derive(DeriveIden)]
enum Tenants {
    Table,
    Slug,
    DisplayName,
    Settings,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum TenantHosts {
    Table,
    Host,
    Tenant,
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
        m.create_table(
            Table::create()
                .table(Tenants::Table)
                .col(
                    ColumnDef::new(Tenants::Slug)
                        .string_len(63)
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(Tenants::DisplayName)
                        .string_len(100)
                        .not_null(),
                )
                .col(ColumnDef::new(Tenants::Settings).text().not_null())
                .col(ts(Tenants::CreatedAt))
                .col(ts(Tenants::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(TenantHosts::Table)
                .col(
                    ColumnDef::new(TenantHosts::Host)
                        .string_len(253)
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(TenantHosts::Tenant)
                        .string_len(63)
                        .not_null(),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(TenantHosts::Table, TenantHosts::Tenant)
                        .to(Tenants::Table, Tenants::Slug)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // Written as the store writes times (not SQLite's CURRENT_TIMESTAMP
        // text), so every row reads back the same way.
        let now = chrono::Utc::now();
        let seed = Query::insert()
            .into_table(Tenants::Table)
            .columns([
                Tenants::Slug,
                Tenants::DisplayName,
                Tenants::Settings,
                Tenants::CreatedAt,
                Tenants::UpdatedAt,
            ])
            .values([
                "default".into(),
                "Default".into(),
                "{}".into(),
                now.into(),
                now.into(),
            ])
            .map_err(|e| DbErr::Custom(e.to_string()))?
            .to_owned();
        m.exec_stmt(seed).await?;
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
        m.drop_table(Table::drop().table(TenantHosts::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Tenants::Table).to_owned())
            .await
    }
}
