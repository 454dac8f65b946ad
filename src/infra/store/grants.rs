//! Authorization codes (single use; a replay is marked so that the session
//! its first use opened ends) and users' consents to clients.

use std::collections::BTreeSet;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
    sea_query::{Expr, OnConflict},
};
use uuid::Uuid;

use super::entities::{oauth_clients, oauth_codes, oauth_consents};
use super::scope::Owned;
use super::{SqlStore, audit};
use crate::core::audit::NewEvent;
use crate::core::error::Result;
use crate::core::ports::{CodeStore, CodeUse, Consent, ConsentStore};

fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}

#[async_trait]
impl CodeStore for SqlStore {
    async fn code_use(&self, code_hash: &str, now: DateTime<Utc>) -> Result<Option<CodeUse>> {
        let tenant = self.tenant();
        let Some(row) = oauth_codes::Entity::find_by_id((tenant.to_owned(), code_hash.to_owned()))
            .filter(oauth_codes::Column::UsedAt.is_not_null())
            .one(self.db())
            .await?
        else {
            return Ok(None);
        };
        oauth_codes::Entity::update_in(tenant)
            .col_expr(oauth_codes::Column::ReplayedAt, Expr::value(now))
            .filter(oauth_codes::Column::CodeHash.eq(code_hash))
            .exec(self.writer())
            .await?;
        Ok(Some(CodeUse {
            session_id: row.session_id,
            user_id: row.user_id,
            client_id: row.client_id,
        }))
    }
}

#[async_trait]
impl ConsentStore for SqlStore {
    async fn consented_scopes(&self, user_id: Uuid, client_id: &str) -> Result<Vec<String>> {
        let tenant = self.tenant();
        Ok(
            oauth_consents::Entity::find_by_id((tenant.to_owned(), user_id, client_id.to_owned()))
                .one(self.db())
                .await?
                .map(|row| words(&row.scopes))
                .unwrap_or_default(),
        )
    }

    async fn grant_consent(
        &self,
        user_id: Uuid,
        client_id: &str,
        scopes: &[String],
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let tenant = self.tenant();
        let txn = self.writer().begin().await?;
        let existing =
            oauth_consents::Entity::find_by_id((tenant.to_owned(), user_id, client_id.to_owned()))
                .one(&txn)
                .await?;
        let mut all: BTreeSet<String> = existing
            .as_ref()
            .map(|row| words(&row.scopes))
            .unwrap_or_default()
            .into_iter()
            .collect();
        all.extend(scopes.iter().cloned());
        let joined = all.into_iter().collect::<Vec<_>>().join(" ");
        oauth_consents::Entity::insert(oauth_consents::ActiveModel {
            tenant: Set(tenant.to_owned()),
            user_id: Set(user_id),
            client_id: Set(client_id.to_owned()),
            scopes: Set(joined),
            granted_at: Set(now),
            updated_at: Set(now),
        })
        .on_conflict(
            OnConflict::columns([
                oauth_consents::Column::UserId,
                oauth_consents::Column::ClientId,
            ])
            .update_columns([
                oauth_consents::Column::Scopes,
                oauth_consents::Column::UpdatedAt,
            ])
            .to_owned(),
        )
        .exec(&txn)
        .await?;
        audit::record(tenant, &txn, event, now).await?;
        txn.commit().await?;
        Ok(())
    }

    async fn consents_of(&self, user_id: Uuid) -> Result<Vec<Consent>> {
        let tenant = self.tenant();
        let rows = oauth_consents::Entity::find_in(tenant)
            .filter(oauth_consents::Column::UserId.eq(user_id))
            .order_by_asc(oauth_consents::Column::GrantedAt)
            .all(self.db())
            .await?;
        let ids: Vec<String> = rows.iter().map(|r| r.client_id.clone()).collect();
        let names: std::collections::HashMap<String, String> =
            oauth_clients::Entity::find_in(tenant)
                .filter(oauth_clients::Column::ClientId.is_in(ids))
                .all(self.db())
                .await?
                .into_iter()
                .map(|c| (c.client_id, c.name))
                .collect();
        Ok(rows
            .into_iter()
            .map(|row| Consent {
                client_name: names
                    .get(&row.client_id)
                    .cloned()
                    .unwrap_or_else(|| row.client_id.clone()),
                scopes: words(&row.scopes),
                client_id: row.client_id,
                granted_at: row.granted_at,
            })
            .collect())
    }

    async fn revoke_consent(
        &self,
        user_id: Uuid,
        client_id: &str,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<Option<Vec<Uuid>>> {
        let tenant = self.tenant();
        let txn = self.writer().begin().await?;
        let deleted = oauth_consents::Entity::delete_in(tenant)
            .filter(oauth_consents::Column::UserId.eq(user_id))
            .filter(oauth_consents::Column::ClientId.eq(client_id))
            .exec(&txn)
            .await?
            .rows_affected;
        if deleted != 1 {
            return Ok(None);
        }
        // Codes issued a moment before are void too.
        oauth_codes::Entity::delete_in(tenant)
            .filter(oauth_codes::Column::UserId.eq(user_id))
            .filter(oauth_codes::Column::ClientId.eq(client_id))
            .exec(&txn)
            .await?;
        let ended = super::sessions::end_sessions_matching(
            tenant,
            &txn,
            super::sessions::of_user_with(user_id, client_id),
            now,
        )
        .await?;
        audit::record(tenant, &txn, event, now).await?;
        txn.commit().await?;
        Ok(Some(ended))
    }
}
