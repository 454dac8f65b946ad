//! Signing keys are published before they sign (`activates_at`), and can be
//! revoked (`revoked_at`: gone from the JWKS at once, their tokens refused).
//! Keys made before this migration were active from their creation.

use sea_orm_migration::prelude::*;

use super::ts_null;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261129_000008_key_activation"
    }
}

#[derive(DeriveIden)]
enum SigningKeys {
    Table,
    ActivatesAt,
    RevokedAt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds only one at a time.
        for column in [SigningKeys::ActivatesAt, SigningKeys::RevokedAt] {
            m.alter_table(
                Table::alter()
                    .table(SigningKeys::Table)
                    .add_column(ts_null(column))
                    .to_owned(),
            )
            .await?;
        }
        m.exec_stmt(
            Query::update()
                .table(SigningKeys::Table)
                .value(SigningKeys::ActivatesAt, Expr::col(SigningKeys::CreatedAt))
                .to_owned(),
        )
        .await
    }

    // Going down forgets revocations: revoked keys would be published again
    // by the older code, until their retirement plus a token lifetime.
    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for column in [SigningKeys::ActivatesAt, SigningKeys::RevokedAt] {
            m.alter_table(
                Table::alter()
                    .table(SigningKeys::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
