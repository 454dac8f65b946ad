use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "oauth_device_grants")]
pub struct Model {
    /// The tenant that owns the row: the first column of every key the store uses.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant: String,
    /// SHA-256 of the device code, hex.
    #[sea_orm(primary_key, auto_increment = false)]
    pub device_code_hash: String,
    /// Eight letters, without the dash.
    pub user_code: String,
    pub client_id: String,
    pub scope: String,
    /// `pending`, `approved`, `denied` or `used`.
    pub status: String,
    pub interval_secs: i64,
    pub last_polled_at: Option<DateTimeUtc>,
    pub user_id: Option<Uuid>,
    pub auth_time: Option<DateTimeUtc>,
    pub amr: Option<String>,
    pub expires_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
