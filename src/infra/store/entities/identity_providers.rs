use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "identity_providers")]
pub struct Model {
    /// The tenant that owns the row: the first column of every key the store uses.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub slug: String,
    /// `oidc`, `github` or `oauth2`.
    pub kind: String,
    pub display_name: String,
    pub issuer: Option<String>,
    pub client_id: String,
    /// Sealed with the secrets key; never leaves the store as plain text.
    #[sea_orm(column_type = "Text", nullable)]
    pub client_secret_sealed: Option<String>,
    /// Space-separated.
    pub scopes: String,
    pub authorization_endpoint: Option<String>,
    pub token_endpoint: Option<String>,
    pub userinfo_endpoint: Option<String>,
    /// Where the claims are (`{"subject": "id", …}`), JSON.
    #[sea_orm(column_type = "Text")]
    pub claims: String,
    pub link_by_verified_email: bool,
    pub allow_signup: bool,
    pub enabled: bool,
    /// Whether the provider's `amr` may stand in for the second factor.
    pub trust_mfa: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
