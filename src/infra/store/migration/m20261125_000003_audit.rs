//! The audit log, and the cache epochs that tell every instance when to drop
//! what it cached about roles and permissions.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000003_audit"
    }
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    At,
    Action,
    ActorId,
    TargetId,
    Ip,
    UserAgent,
    Details,
}

#[derive(DeriveIden)]
enum CacheEpochs {
    Table,
    Name,
    Value,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Append-only: no foreign keys, so events outlive the users they name.
        m.create_table(
            Table::create()
                .table(AuditEvents::Table)
                .col(
                    ColumnDef::new(AuditEvents::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(AuditEvents::At)
                        .timestamp_with_time_zone()
                        .not_null(),
                )
                .col(
                    ColumnDef::new(AuditEvents::Action)
                        .string_len(64)
                        .not_null(),
                )
                .col(ColumnDef::new(AuditEvents::ActorId).uuid().null())
                .col(ColumnDef::new(AuditEvents::TargetId).uuid().null())
                .col(ColumnDef::new(AuditEvents::Ip).string_len(64).null())
                .col(
                    ColumnDef::new(AuditEvents::UserAgent)
                        .string_len(512)
                        .null(),
                )
                .col(
                    ColumnDef::new(AuditEvents::Details)
                        .json_binary()
                        .not_null(),
                )
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("idx_audit_at", AuditEvents::At),
            ("idx_audit_actor", AuditEvents::ActorId),
            ("idx_audit_target", AuditEvents::TargetId),
            ("idx_audit_action", AuditEvents::Action),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(AuditEvents::Table)
                    .col(col)
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(
            Index::create()
                .name("idx_users_created_at")
                .table(Users::Table)
                .col(Users::CreatedAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CacheEpochs::Table)
                .col(
                    ColumnDef::new(CacheEpochs::Name)
                        .string_len(32)
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(CacheEpochs::Value)
                        .big_integer()
                        .not_null()
                        .default(0),
                )
                .to_owned(),
        )
        .await?;
        m.exec_stmt(
            Query::insert()
                .into_table(CacheEpochs::Table)
                .columns([CacheEpochs::Name, CacheEpochs::Value])
                .values_panic(["rbac".into(), 0i64.into()])
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(CacheEpochs::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(AuditEvents::Table).to_owned())
            .await?;
        Ok(())
    }
}
