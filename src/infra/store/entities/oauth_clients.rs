use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "oauth_clients")]
pub struct Model {
    /// The tenant that owns the row: the first column of every key the store uses.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub client_id: String,
    pub name: String,
    /// `confidential` or `public`.
    pub kind: String,
    /// JSON arrays of strings.
    pub redirect_uris: Json,
    pub post_logout_redirect_uris: Json,
    pub grant_types: Json,
    pub scopes: Json,
    pub first_party: bool,
    pub require_pkce: bool,
    pub audience: Option<String>,
    /// Seconds.
    pub access_token_ttl: Option<i64>,
    /// SHA-256 of the secret, hex.
    pub secret_hash: Option<String>,
    pub previous_secret_hash: Option<String>,
    pub previous_secret_until: Option<DateTimeUtc>,
    pub builtin: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
