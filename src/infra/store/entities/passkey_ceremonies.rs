use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "passkey_ceremonies")]
pub struct Model {
    /// The tenant that owns the row: the first column of every key the store uses.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// `register`, `sign_in` or `second_factor`.
    pub purpose: String,
    pub user_id: Option<Uuid>,
    /// The second step it finishes: hash of the `mfa_token`.
    pub step_hash: Option<String>,
    /// The name of the passkey being registered.
    pub name: Option<String>,
    /// The verifier's challenge state, JSON.
    #[sea_orm(column_type = "Text")]
    pub state: String,
    pub expires_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
