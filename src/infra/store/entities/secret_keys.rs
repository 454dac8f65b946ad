use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "secret_keys")]
pub struct Model {
    /// A short id, written before each value it sealed.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    /// 32 random bytes, base64url.
    pub material: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
