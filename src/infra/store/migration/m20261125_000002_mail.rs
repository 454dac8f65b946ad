//! One-time tokens (password reset, email verification) and the email outbox.

use sea_orm_migration::prelude::*;

use super::{ts, ts_null};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000002_mail"
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum OneTimeTokens {
    Table,
    Id,
    UserId,
    Purpose,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    Recipient,
    Subject,
    TextBody,
    HtmlBody,
    Status,
    Attempts,
    NextAttemptAt,
    LockedUntil,
    LastError,
    CreatedAt,
    SentAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(OneTimeTokens::Table)
                .col(
                    ColumnDef::new(OneTimeTokens::Id)
                        .uuid()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(OneTimeTokens::UserId).uuid().not_null())
                .col(
                    ColumnDef::new(OneTimeTokens::Purpose)
                        .string_len(16)
                        .not_null(),
                )
                .col(
                    ColumnDef::new(OneTimeTokens::TokenHash)
                        .string_len(64)
                        .not_null()
                        .unique_key(),
                )
                .col(ts(OneTimeTokens::CreatedAt))
                .col(ts(OneTimeTokens::ExpiresAt))
                .col(ts_null(OneTimeTokens::UsedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(OneTimeTokens::Table, OneTimeTokens::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_one_time_tokens_user_purpose")
                .table(OneTimeTokens::Table)
                .col(OneTimeTokens::UserId)
                .col(OneTimeTokens::Purpose)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Outbox::Table)
                .col(ColumnDef::new(Outbox::Id).uuid().not_null().primary_key())
                .col(ColumnDef::new(Outbox::Recipient).string_len(254).not_null())
                .col(ColumnDef::new(Outbox::Subject).text().not_null())
                .col(ColumnDef::new(Outbox::TextBody).text().not_null())
                .col(ColumnDef::new(Outbox::HtmlBody).text().not_null())
                .col(ColumnDef::new(Outbox::Status).string_len(16).not_null())
                .col(
                    ColumnDef::new(Outbox::Attempts)
                        .integer()
                        .not_null()
                        .default(0),
                )
                .col(ts(Outbox::NextAttemptAt))
                .col(ts_null(Outbox::LockedUntil))
                .col(ColumnDef::new(Outbox::LastError).text().null())
                .col(ts(Outbox::CreatedAt))
                .col(ts_null(Outbox::SentAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_outbox_due")
                .table(Outbox::Table)
                .col(Outbox::Status)
                .col(Outbox::NextAttemptAt)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Outbox::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(OneTimeTokens::Table).to_owned())
            .await?;
        Ok(())
    }
}
