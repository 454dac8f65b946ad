use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "login_throttle")]
pub struct Model {
    /// The tenant that owns the row: the first column of every key the store uses.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant: String,
    #[sea_orm(primary_key, auto_increment = false)]
    /// The counter's key: what is counted and from where
    /// (`login:{address}|{client}`, `reauth:{account}|{client}`).
    pub attempt_key: String,
    /// Whose attempts: the address typed, or the account's id. Erasure
    /// deletes by it.
    pub subject: Option<String>,
    pub failures: i32,
    pub last_failure_at: DateTimeUtc,
    pub blocked_until: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
