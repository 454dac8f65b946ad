use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mfa_challenges")]
pub struct Model {
    /// The tenant that owns the row: the first column of every key the store uses.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant: String,
    /// SHA-256 of the `mfa_token`, hex.
    #[sea_orm(primary_key, auto_increment = false)]
    pub token_hash: String,
    pub user_id: Uuid,
    /// The client the tokens will be issued to.
    pub client_id: String,
    /// SHA-256 of the password hash that was checked: a password changed since voids the step.
    pub password_check: String,
    /// Tries taken (each counted before its code is checked): five end the step.
    pub failures: i32,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    /// How the first step was made (`pwd`, `fed`), for the session's `amr`.
    pub first_factor: String,
    /// The provider of a federated first step.
    pub provider: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
