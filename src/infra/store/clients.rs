//! The OAuth client registry: rows to `OAuthClient`s and back, and deleting
//! a client together with the sessions issued to it.

use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
    sea_query::{Condition, Expr},
};
use uuid::Uuid;

use super::entities::{oauth_clients, sessions};
use super::scope::Owned;
use super::{SqlStore, audit};
use crate::core::audit::NewEvent;
use crate::core::clients::{ClientKind, GrantType, OAuthClient};
use crate::core::error::{Error, Result};
use crate::core::ports::{ClientStore, StoredClient};

fn strings(value: serde_json::Value, what: &'static str) -> Result<Vec<String>> {
    serde_json::from_value(value).map_err(|e| Error::internal(anyhow::Error::new(e).context(what)))
}

/// A row as a client. A grant type this version does not know (written by
/// a newer one) is left out: it allows nothing here.
fn client(row: oauth_clients::Model) -> Result<StoredClient> {
    let kind =
        ClientKind::parse(&row.kind).ok_or_else(|| Error::bug("a client of unknown type"))?;
    let grant_types = strings(row.grant_types, "a client's grant types")?
        .iter()
        .filter_map(|g| GrantType::parse(g))
        .collect();
    let client = OAuthClient {
        client_id: row.client_id,
        name: row.name,
        kind,
        redirect_uris: strings(row.redirect_uris, "a client's redirect URIs")?,
        post_logout_redirect_uris: strings(
            row.post_logout_redirect_uris,
            "a client's logout redirect URIs",
        )?,
        grant_types,
        scopes: strings(row.scopes, "a client's scopes")?,
        first_party: row.first_party,
        require_pkce: row.require_pkce,
        audience: row.audience,
        access_token_ttl: row
            .access_token_ttl
            .and_then(|s| u64::try_from(s).ok())
            .map(Duration::from_secs),
        builtin: row.builtin,
        created_at: row.created_at,
        updated_at: row.updated_at,
    };
    Ok(StoredClient {
        client,
        secret_hash: row.secret_hash,
        previous_secret: row.previous_secret_hash.zip(row.previous_secret_until),
    })
}

/// The fields an admin sets, as column values.
fn fields(tenant: &str, c: &OAuthClient) -> oauth_clients::ActiveModel {
    let grants: Vec<&str> = c.grant_types.iter().map(|g| g.as_str()).collect();
    oauth_clients::ActiveModel {
        tenant: Set(tenant.to_owned()),
        client_id: Set(c.client_id.clone()),
        name: Set(c.name.clone()),
        kind: Set(c.kind.as_str().to_owned()),
        redirect_uris: Set(serde_json::json!(c.redirect_uris)),
        post_logout_redirect_uris: Set(serde_json::json!(c.post_logout_redirect_uris)),
        grant_types: Set(serde_json::json!(grants)),
        scopes: Set(serde_json::json!(c.scopes)),
        first_party: Set(c.first_party),
        require_pkce: Set(c.require_pkce),
        audience: Set(c.audience.clone()),
        access_token_ttl: Set(c
            .access_token_ttl
            .and_then(|t| i64::try_from(t.as_secs()).ok())),
        updated_at: Set(c.updated_at),
        ..Default::default()
    }
}

#[async_trait]
impl ClientStore for SqlStore {
    async fn list_clients(&self) -> Result<Vec<OAuthClient>> {
        let tenant = self.tenant();
        oauth_clients::Entity::find_in(tenant)
            .order_by_desc(oauth_clients::Column::Builtin)
            .order_by_asc(oauth_clients::Column::CreatedAt)
            .order_by_asc(oauth_clients::Column::ClientId)
            .all(self.db())
            .await?
            .into_iter()
            .map(|row| client(row).map(|s| s.client))
            .collect()
    }

    async fn find_client(&self, client_id: &str) -> Result<Option<StoredClient>> {
        let tenant = self.tenant();
        oauth_clients::Entity::find_by_id((tenant.to_owned(), client_id.to_owned()))
            .one(self.db())
            .await?
            .map(client)
            .transpose()
    }

    async fn create_client(
        &self,
        new: OAuthClient,
        secret_hash: Option<String>,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<OAuthClient> {
        let tenant = self.tenant();
        let txn = self.writer().begin().await?;
        let mut row = fields(tenant, &new);
        row.secret_hash = Set(secret_hash);
        row.previous_secret_hash = Set(None);
        row.previous_secret_until = Set(None);
        row.builtin = Set(false);
        row.created_at = Set(new.created_at);
        let row = row.insert(&txn).await?;
        audit::record(tenant, &txn, event, now).await?;
        txn.commit().await?;
        Ok(client(row)?.client)
    }

    async fn update_client(
        &self,
        changed: OAuthClient,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<OAuthClient> {
        let tenant = self.tenant();
        let txn = self.writer().begin().await?;
        let mut row = fields(tenant, &changed);
        row.client_id = sea_orm::Unchanged(changed.client_id.clone());
        let row = row.update(&txn).await.map_err(|e| match e {
            sea_orm::DbErr::RecordNotUpdated => Error::NotFound,
            other => other.into(),
        })?;
        audit::record(tenant, &txn, event, now).await?;
        txn.commit().await?;
        Ok(client(row)?.client)
    }

    async fn delete_client(
        &self,
        client_id: &str,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<Option<Vec<Uuid>>> {
        let tenant = self.tenant();
        let txn = self.writer().begin().await?;
        let deleted = oauth_clients::Entity::delete_in(tenant)
            .filter(oauth_clients::Column::ClientId.eq(client_id))
            .filter(oauth_clients::Column::Builtin.eq(false))
            .exec(&txn)
            .await?
            .rows_affected;
        if deleted != 1 {
            return Ok(None);
        }
        let of_client = Condition::all().add(sessions::Column::ClientId.eq(client_id));
        let ended = super::sessions::end_sessions_matching(tenant, &txn, of_client, now).await?;
        audit::record(tenant, &txn, event, now).await?;
        txn.commit().await?;
        Ok(Some(ended))
    }

    async fn rotate_client_secret(
        &self,
        client_id: &str,
        secret_hash: String,
        grace_until: DateTime<Utc>,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let tenant = self.tenant();
        let txn = self.writer().begin().await?;
        // The current secret becomes the previous one in the same statement,
        // so two rotations at once cannot both keep the same old secret.
        let rotated = oauth_clients::Entity::update_in(tenant)
            .col_expr(
                oauth_clients::Column::PreviousSecretHash,
                Expr::col(oauth_clients::Column::SecretHash),
            )
            .col_expr(
                oauth_clients::Column::PreviousSecretUntil,
                Expr::value(grace_until),
            )
            .col_expr(oauth_clients::Column::SecretHash, Expr::value(secret_hash))
            .col_expr(oauth_clients::Column::UpdatedAt, Expr::value(now))
            .filter(oauth_clients::Column::ClientId.eq(client_id))
            .filter(oauth_clients::Column::Kind.eq(ClientKind::Confidential.as_str()))
            .exec(&txn)
            .await?
            .rows_affected
            == 1;
        if !rotated {
            return Ok(false);
        }
        audit::record(tenant, &txn, event, now).await?;
        txn.commit().await?;
        Ok(true)
    }
}
