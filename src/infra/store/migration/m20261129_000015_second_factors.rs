//! Second factors: TOTP seeds (encrypted), recovery codes (keyed hashes),
//! passkeys, the pending second step of a sign-in (`mfa_token`, as a hash),
//! and the generated key that encrypts secrets at rest when the operator
//! gives none (kept apart from the tables it protects).

use sea_orm_migration::prelude::*;

use super::{ts, ts_null};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000015_second_factors"
    }
}

#[derive(DeriveIden)]
enum SecretKeys {
    Table,
    Id,
    Material,
    CreatedAt,
}

#[derive(DeriveIden)]
enum MfaTotp {
    Table,
    UserId,
    SecretSealed,
    ConfirmedAt,
    LastStep,
    CreatedAt,
}

#[derive(DeriveIden)]
enum MfaRecoveryCodes {
    Table,
    Id,
    UserId,
    CodeHash,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum MfaChallenges {
    Table,
    TokenHash,
    UserId,
    ClientId,
    PasswordCheck,
    Failures,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Passkeys {
    Table,
    Id,
    UserId,
    Name,
    CredentialId,
    Credential,
    CreatedAt,
    LastUsedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

fn of_user<T: IntoIden + 'static>(table: T, column: T) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(Users::Table, Users::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SecretKeys::Table)
                .col(
                    ColumnDef::new(SecretKeys::Id)
                        .string_len(32)
                        .not_null()
                        .primary_key(),
                )
                .col(
                    ColumnDef::new(SecretKeys::Material)
                        .string_len(128)
                        .not_null(),
                )
                .col(ts(SecretKeys::CreatedAt))
                .to_owned(),
        )
        .await?;
        use MfaTotp as T;
        m.create_table(
            Table::create()
                .table(T::Table)
                .col(ColumnDef::new(T::UserId).uuid().not_null().primary_key())
                .col(ColumnDef::new(T::SecretSealed).string_len(255).not_null())
                .col(ts_null(T::ConfirmedAt))
                .col(ColumnDef::new(T::LastStep).big_integer().null())
                .col(ts(T::CreatedAt))
                .foreign_key(&mut of_user(T::Table, T::UserId))
                .to_owned(),
        )
        .await?;
        use MfaRecoveryCodes as R;
        m.create_table(
            Table::create()
                .table(R::Table)
                .col(ColumnDef::new(R::Id).uuid().not_null().primary_key())
                .col(ColumnDef::new(R::UserId).uuid().not_null())
                .col(ColumnDef::new(R::CodeHash).string_len(80).not_null())
                .col(ts_null(R::UsedAt))
                .col(ts(R::CreatedAt))
                .foreign_key(&mut of_user(R::Table, R::UserId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_recovery_codes_user")
                .table(R::Table)
                .col(R::UserId)
                .to_owned(),
        )
        .await?;
        use MfaChallenges as C;
        m.create_table(
            Table::create()
                .table(C::Table)
                .col(
                    ColumnDef::new(C::TokenHash)
                        .string_len(64)
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new(C::UserId).uuid().not_null())
                .col(ColumnDef::new(C::ClientId).string_len(128).not_null())
                .col(ColumnDef::new(C::PasswordCheck).string_len(64).not_null())
                .col(ColumnDef::new(C::Failures).integer().not_null())
                .col(ts(C::ExpiresAt))
                .col(ts_null(C::UsedAt))
                .col(ts(C::CreatedAt))
                .foreign_key(&mut of_user(C::Table, C::UserId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_mfa_challenges_expires")
                .table(C::Table)
                .col(C::ExpiresAt)
                .to_owned(),
        )
        .await?;
        use Passkeys as P;
        m.create_table(
            Table::create()
                .table(P::Table)
                .col(ColumnDef::new(P::Id).uuid().not_null().primary_key())
                .col(ColumnDef::new(P::UserId).uuid().not_null())
                .col(ColumnDef::new(P::Name).string_len(100).not_null())
                .col(ColumnDef::new(P::CredentialId).string_len(1400).not_null())
                .col(ColumnDef::new(P::Credential).text().not_null())
                .col(ts(P::CreatedAt))
                .col(ts_null(P::LastUsedAt))
                .foreign_key(&mut of_user(P::Table, P::UserId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_passkeys_credential")
                .table(P::Table)
                .col(P::CredentialId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_passkeys_user")
                .table(P::Table)
                .col(P::UserId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Passkeys::Table.into_iden(),
            MfaChallenges::Table.into_iden(),
            MfaRecoveryCodes::Table.into_iden(),
            MfaTotp::Table.into_iden(),
            SecretKeys::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
