use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mfa_totp")]
pub struct Model {
    /// The tenant that owns the row: the first column of every key the store uses.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    /// The seed, sealed (see `infra::crypto::secrets`).
    pub secret_sealed: String,
    /// Unset while enrollment waits for its first code.
    pub confirmed_at: Option<DateTimeUtc>,
    /// The last 30-second step whose code was accepted: none at or before it is again.
    pub last_step: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
