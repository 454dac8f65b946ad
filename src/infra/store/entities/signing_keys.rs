use sea_orm::entity::prelude::*;

#[derive(Clone, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "signing_keys")]
pub struct Model {
    /// The tenant that owns the row: the first column of every key the store uses.
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub kid: String,
    pub alg: String,
    /// PEM. Never logged: `Debug` below leaves it out.
    pub private_key: String,
    /// The public half as a JWK (JSON text), served in the JWKS.
    pub public_jwk: String,
    pub created_at: DateTimeUtc,
    /// When a newer key took over; the key stays published until every token
    /// it signed has expired.
    pub retired_at: Option<DateTimeUtc>,
    /// When the key starts signing; published in the JWKS from creation, so
    /// verifiers that cache the JWKS know it first. `None`: from creation.
    pub activates_at: Option<DateTimeUtc>,
    /// A compromised key: out of the JWKS, its tokens refused.
    pub revoked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .field("alg", &self.alg)
            .field("private_key", &"[redacted]")
            .field("created_at", &self.created_at)
            .field("retired_at", &self.retired_at)
            .field("activates_at", &self.activates_at)
            .field("revoked_at", &self.revoked_at)
            .finish()
    }
}
