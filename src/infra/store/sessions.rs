//! Sessions and their refresh tokens: the `SessionStore` port (start,
//! rotate with reuse detection, revoke, list), and ending a user's sessions
//! inside other operations' transactions.

use async_trait::async_trait;
use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set, TransactionTrait,
    sea_query::{Condition, Expr, OnConflict, Query},
};
use uuid::Uuid;

use super::entities::{oauth_codes, refresh_tokens, sessions, users};
use super::scope::Owned;
use super::{SqlStore, audit};
use crate::core::audit::NewEvent;
use crate::core::error::Result;
use crate::core::model::{RefreshToken, Session};
use crate::core::ports::{
    LoginWrite, NewSession, Opening, Presented, Rotation, SessionStore, UsedCode,
};

impl From<sessions::Model> for Session {
    fn from(row: sessions::Model) -> Self {
        Self {
            id: row.id,
            user_id: row.user_id,
            client_id: row.client_id,
            scope: row.scope,
            amr: row.amr.split_whitespace().map(str::to_owned).collect(),
            auth_time: row.auth_time.unwrap_or(row.created_at),
            created_at: row.created_at,
            last_used_at: row.last_used_at,
            expires_at: row.expires_at,
            revoked_at: row.revoked_at,
            ip: row.ip,
            user_agent: row.user_agent,
        }
    }
}

#[async_trait]
impl SessionStore for SqlStore {
    async fn open_session(
        &self,
        login: LoginWrite,
        new: NewSession,
        refresh_hash: String,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<Option<Session>> {
        let tenant = self.tenant();
        open_session(tenant, self.writer(), login, new, refresh_hash, event, now).await
    }

    async fn open_client_session(
        &self,
        new: NewSession,
        refresh_hash: Option<String>,
        code: Option<&UsedCode>,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<Opening> {
        let tenant = self.tenant();
        open_client_session(tenant, self.writer(), new, refresh_hash, code, event, now).await
    }

    async fn rotate_refresh_token(
        &self,
        presented: Presented<'_>,
        now: DateTime<Utc>,
        grace: TimeDelta,
        reuse_event: NewEvent,
    ) -> Result<Rotation> {
        let tenant = self.tenant();
        rotate_refresh_token(tenant, self.writer(), presented, now, grace, reuse_event).await
    }

    async fn find_refresh_token(&self, token_hash: &str) -> Result<Option<RefreshToken>> {
        let tenant = self.tenant();
        Ok(refresh_tokens::Entity::find_in(tenant)
            .filter(refresh_tokens::Column::TokenHash.eq(token_hash))
            .one(self.db())
            .await?
            .map(|row| RefreshToken {
                session_id: row.session_id,
                used_at: row.used_at,
                successor: row.successor,
            }))
    }

    async fn find_session(&self, id: Uuid) -> Result<Option<Session>> {
        let tenant = self.tenant();
        Ok(sessions::Entity::find_by_id((tenant.to_owned(), id))
            .one(self.db())
            .await?
            .map(Into::into))
    }

    async fn find_live_session_by_token(
        &self,
        token_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Session>> {
        let tenant = self.tenant();
        find_live_session_by_token(tenant, self.db(), token_hash, now).await
    }

    async fn revoke_session(
        &self,
        user_id: Uuid,
        session_id: Uuid,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let tenant = self.tenant();
        revoke_session(tenant, self.writer(), user_id, session_id, event, now).await
    }

    async fn end_user_sessions(
        &self,
        user_id: Uuid,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<Vec<Uuid>> {
        let tenant = self.tenant();
        let txn = self.writer().begin().await?;
        let ended = revoke_user_sessions(tenant, &txn, user_id, None, now).await?;
        audit::record(tenant, &txn, event, now).await?;
        txn.commit().await?;
        Ok(ended)
    }

    async fn end_client_sessions(
        &self,
        user_id: Uuid,
        client_id: &str,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<Vec<Uuid>> {
        let tenant = self.tenant();
        let txn = self.writer().begin().await?;
        let ended =
            end_sessions_matching(tenant, &txn, of_user_with(user_id, client_id), now).await?;
        audit::record(tenant, &txn, event, now).await?;
        txn.commit().await?;
        Ok(ended)
    }

    async fn live_sessions(&self, user_id: Uuid, now: DateTime<Utc>) -> Result<Vec<Session>> {
        let tenant = self.tenant();
        Ok(sessions::Entity::find_in(tenant)
            .filter(sessions::Column::UserId.eq(user_id))
            .filter(sessions::Column::RevokedAt.is_null())
            .filter(sessions::Column::ExpiresAt.gt(now))
            .order_by_desc(sessions::Column::CreatedAt)
            .all(self.db())
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }
}

async fn insert_refresh_token(
    tenant: &str,
    db: &impl ConnectionTrait,
    session_id: Uuid,
    token_hash: String,
    now: DateTime<Utc>,
) -> Result<()> {
    refresh_tokens::ActiveModel {
        tenant: Set(tenant.to_owned()),
        id: Set(Uuid::now_v7()),
        session_id: Set(session_id),
        token_hash: Set(token_hash),
        created_at: Set(now),
        used_at: Set(None),
        successor: Set(None),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Records the login and creates the session with its first refresh token,
/// in one transaction. `None` when, since the password was checked, it
/// changed or the account was disabled.
async fn open_session(
    tenant: &str,
    db: &super::Db,
    login: LoginWrite,
    new: NewSession,
    refresh_hash: String,
    event: NewEvent,
    now: DateTime<Utc>,
) -> Result<Option<Session>> {
    let txn = db.begin().await?;
    let mut stamp = users::Entity::update_in(tenant)
        .col_expr(users::Column::LastLoginAt, Expr::value(now))
        .filter(users::Column::Id.eq(login.user_id))
        .filter(users::Column::Disabled.eq(false))
        .filter(users::Column::PasswordHash.eq(login.checked_hash));
    if let Some(hash) = login.new_hash {
        stamp = stamp
            .col_expr(users::Column::PasswordHash, Expr::value(hash))
            .col_expr(users::Column::UpdatedAt, Expr::value(now));
    }
    if stamp.exec(&txn).await?.rows_affected != 1 {
        return Ok(None);
    }
    let session = insert_session(tenant, &txn, new, now).await?;
    insert_refresh_token(tenant, &txn, session.id, refresh_hash, now).await?;
    audit::record(tenant, &txn, event, now).await?;
    txn.commit().await?;
    Ok(Some(session.into()))
}

async fn insert_session(
    tenant: &str,
    txn: &DatabaseTransaction,
    new: NewSession,
    now: DateTime<Utc>,
) -> Result<sessions::Model> {
    Ok(sessions::ActiveModel {
        tenant: Set(tenant.to_owned()),
        id: Set(new.id),
        user_id: Set(new.user_id),
        created_at: Set(now),
        last_used_at: Set(now),
        expires_at: Set(new.expires_at),
        revoked_at: Set(None),
        ip: Set(new.ip),
        user_agent: Set(new.user_agent),
        client_id: Set(new.client_id),
        scope: Set(new.scope),
        amr: Set(new.amr.join(" ")),
        auth_time: Set(Some(new.auth_time)),
    }
    .insert(txn)
    .await?)
}

/// A session for an OAuth client, for a user who is still enabled (the
/// stamp of the last login is the write that checks it), using up the code
/// it was opened with: one transaction, one commit (on SQLite, one of the
/// few writes an exchange costs).
async fn open_client_session(
    tenant: &str,
    db: &super::Db,
    new: NewSession,
    refresh_hash: Option<String>,
    code: Option<&UsedCode>,
    event: NewEvent,
    now: DateTime<Utc>,
) -> Result<Opening> {
    let txn = db.begin().await?;
    if let Some(UsedCode { code_hash, code }) = code {
        // The use's row is keyed by the code's hash: of two racing uses,
        // the one whose insert lands wins; the other writes nothing.
        let row = oauth_codes::ActiveModel {
            tenant: Set(tenant.to_owned()),
            code_hash: Set(code_hash.clone()),
            client_id: Set(code.client_id.clone()),
            user_id: Set(code.user_id),
            redirect_uri: Set(code.redirect_uri.clone()),
            scope: Set(code.scope.clone()),
            nonce: Set(code.nonce.clone()),
            code_challenge: Set(code.code_challenge.clone()),
            auth_time: Set(code.auth_time),
            amr: Set(code.amr.join(" ")),
            expires_at: Set(code.expires_at),
            used_at: Set(Some(now)),
            replayed_at: Set(None),
            session_id: Set(Some(new.id)),
            created_at: Set(now),
        };
        let written = oauth_codes::Entity::insert(row)
            .on_conflict(
                OnConflict::column(oauth_codes::Column::CodeHash)
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
        if written != 1 {
            return Ok(Opening::CodeUsed);
        }
    }
    let stamped = users::Entity::update_in(tenant)
        .col_expr(users::Column::LastLoginAt, Expr::value(now))
        .filter(users::Column::Id.eq(new.user_id))
        .filter(users::Column::Disabled.eq(false))
        .exec(&txn)
        .await?
        .rows_affected;
    if stamped != 1 {
        return Ok(Opening::UserDisabled);
    }
    let session = insert_session(tenant, &txn, new, now).await?;
    if let Some(hash) = refresh_hash {
        insert_refresh_token(tenant, &txn, session.id, hash, now).await?;
    }
    audit::record(tenant, &txn, event, now).await?;
    txn.commit().await?;
    Ok(Opening::Opened(session.into()))
}

/// Uses up the presented refresh token and makes the next one the session's
/// token. A token already used within `grace` is a repeat (two tabs
/// refreshing at once): nothing is written, and the caller follows its
/// successor to the live token, so a session keeps one chain. Used before
/// that, the session is revoked.
async fn rotate_refresh_token(
    tenant: &str,
    db: &super::Db,
    presented: Presented<'_>,
    now: DateTime<Utc>,
    grace: TimeDelta,
    reuse_event: NewEvent,
) -> Result<Rotation> {
    let txn = db.begin().await?;
    // The conditional write comes first: it decides which of two concurrent
    // requests used the token, and takes SQLite's write lock before any read.
    // Only a token of the presenting client's sessions is used up: another
    // client's attempt writes nothing.
    let own_sessions = Query::select()
        .column(sessions::Column::Id)
        .from(sessions::Entity)
        .and_where(sessions::Column::Tenant.eq(tenant))
        .and_where(sessions::Column::ClientId.eq(presented.client_id))
        .to_owned();
    let first_use = refresh_tokens::Entity::update_in(tenant)
        .col_expr(refresh_tokens::Column::UsedAt, Expr::value(now))
        .col_expr(
            refresh_tokens::Column::Successor,
            Expr::value(presented.sealed_next),
        )
        .filter(refresh_tokens::Column::TokenHash.eq(presented.hash))
        .filter(refresh_tokens::Column::UsedAt.is_null())
        .filter(refresh_tokens::Column::SessionId.in_subquery(own_sessions))
        .exec(&txn)
        .await?
        .rows_affected
        == 1;
    let Some((token, session)) = live_token_and_session(tenant, &txn, presented.hash, now)
        .await?
        .filter(|(_, session)| session.client_id == presented.client_id)
    else {
        return Ok(Rotation::Rejected);
    };
    if first_use {
        insert_refresh_token(tenant, &txn, session.id, presented.next_hash, now).await?;
        let session = touch(tenant, &txn, session.id, now).await?;
        txn.commit().await?;
        return Ok(Rotation::Rotated(session.into()));
    }
    let within_grace = token
        .used_at
        .is_some_and(|used| grace > TimeDelta::zero() && now - used <= grace);
    if within_grace {
        return Ok(Rotation::Repeated(session.into(), token.successor));
    }
    reuse_detected(tenant, txn, session, reuse_event, now).await
}

/// The presented token's row and its session, if the session is live.
async fn live_token_and_session(
    tenant: &str,
    txn: &DatabaseTransaction,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<(refresh_tokens::Model, sessions::Model)>> {
    let Some(token) = refresh_tokens::Entity::find_in(tenant)
        .filter(refresh_tokens::Column::TokenHash.eq(token_hash))
        .one(txn)
        .await?
    else {
        return Ok(None);
    };
    Ok(
        sessions::Entity::find_by_id((tenant.to_owned(), token.session_id))
            .one(txn)
            .await?
            .filter(|s| s.revoked_at.is_none() && s.expires_at > now)
            .map(|session| (token, session)),
    )
}

/// The session was used now.
async fn touch(
    tenant: &str,
    txn: &DatabaseTransaction,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<sessions::Model> {
    Ok(sessions::ActiveModel {
        tenant: Set(tenant.to_owned()),
        id: sea_orm::Unchanged(id),
        last_used_at: Set(now),
        ..Default::default()
    }
    .update(txn)
    .await?)
}

/// A used token came back outside the grace window: the session ends, and
/// the audit log says why.
async fn reuse_detected(
    tenant: &str,
    txn: DatabaseTransaction,
    session: sessions::Model,
    mut event: NewEvent,
    now: DateTime<Utc>,
) -> Result<Rotation> {
    let session = sessions::ActiveModel {
        tenant: Set(tenant.to_owned()),
        id: sea_orm::Unchanged(session.id),
        revoked_at: Set(Some(now)),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    event.actor_id = Some(session.user_id);
    event.target_id = Some(session.user_id);
    event.details = serde_json::json!({"session_id": session.id});
    audit::record(tenant, &txn, event, now).await?;
    txn.commit().await?;
    Ok(Rotation::Reused(session.into()))
}

/// After a password change, the session that stays keeps only its live
/// refresh token: used tokens forget their successors (a repeat inside the
/// grace window no longer yields the live token). A session with several
/// unused tokens (branches made before sessions kept one chain) cannot tell
/// the owner's from a thief's: all go, and the owner signs in again when the
/// access token expires.
pub(super) async fn keep_only_the_live_token(
    tenant: &str,
    txn: &impl ConnectionTrait,
    session_id: Uuid,
) -> Result<()> {
    refresh_tokens::Entity::update_in(tenant)
        .col_expr(
            refresh_tokens::Column::Successor,
            Expr::value(Option::<String>::None),
        )
        .filter(refresh_tokens::Column::SessionId.eq(session_id))
        .filter(refresh_tokens::Column::UsedAt.is_not_null())
        .exec(txn)
        .await?;
    let unused = refresh_tokens::Entity::find_in(tenant)
        .filter(refresh_tokens::Column::SessionId.eq(session_id))
        .filter(refresh_tokens::Column::UsedAt.is_null())
        .count(txn)
        .await?;
    if unused > 1 {
        refresh_tokens::Entity::delete_in(tenant)
            .filter(refresh_tokens::Column::SessionId.eq(session_id))
            .filter(refresh_tokens::Column::UsedAt.is_null())
            .exec(txn)
            .await?;
    }
    Ok(())
}

/// The live session whose current (unused) refresh token hashes to
/// `token_hash`. A hosted page's session cookie is that token, so a page
/// session ends with its session, and using the token on the API ends it too.
async fn find_live_session_by_token(
    tenant: &str,
    db: &impl ConnectionTrait,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<Session>> {
    let Some(token) = refresh_tokens::Entity::find_in(tenant)
        .filter(refresh_tokens::Column::TokenHash.eq(token_hash))
        .filter(refresh_tokens::Column::UsedAt.is_null())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(
        sessions::Entity::find_by_id((tenant.to_owned(), token.session_id))
            .filter(sessions::Column::RevokedAt.is_null())
            .filter(sessions::Column::ExpiresAt.gt(now))
            .one(db)
            .await?
            .map(Into::into),
    )
}

/// Ends one live session of `user_id`, recording `event`. False when there
/// was none to end (and nothing is recorded).
async fn revoke_session(
    tenant: &str,
    db: &super::Db,
    user_id: Uuid,
    session_id: Uuid,
    event: NewEvent,
    now: DateTime<Utc>,
) -> Result<bool> {
    let txn = db.begin().await?;
    let ended = sessions::Entity::update_in(tenant)
        .col_expr(sessions::Column::RevokedAt, Expr::value(now))
        .filter(sessions::Column::Id.eq(session_id))
        .filter(sessions::Column::UserId.eq(user_id))
        .filter(sessions::Column::RevokedAt.is_null())
        .filter(sessions::Column::ExpiresAt.gt(now))
        .exec(&txn)
        .await?
        .rows_affected;
    if ended != 1 {
        return Ok(false);
    }
    audit::record(tenant, &txn, event, now).await?;
    txn.commit().await?;
    Ok(true)
}

/// Ends every live session of the user but `keep`; returns the ids ended.
pub(super) async fn revoke_user_sessions(
    tenant: &str,
    txn: &impl ConnectionTrait,
    user_id: Uuid,
    keep: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Vec<Uuid>> {
    let mut which = Condition::all().add(sessions::Column::UserId.eq(user_id));
    if let Some(keep) = keep {
        which = which.add(sessions::Column::Id.ne(keep));
    }
    end_sessions_matching(tenant, txn, which, now).await
}

/// A user's sessions with one client.
pub(super) fn of_user_with(user_id: Uuid, client_id: &str) -> Condition {
    Condition::all()
        .add(sessions::Column::UserId.eq(user_id))
        .add(sessions::Column::ClientId.eq(client_id))
}

/// Ends the live sessions matching `which`; returns the ids ended. Writes
/// first (SQLite's lock), then reads back what it ended.
pub(super) async fn end_sessions_matching(
    tenant: &str,
    txn: &impl ConnectionTrait,
    which: Condition,
    now: DateTime<Utc>,
) -> Result<Vec<Uuid>> {
    sessions::Entity::update_in(tenant)
        .col_expr(sessions::Column::RevokedAt, Expr::value(now))
        .filter(which.clone())
        .filter(sessions::Column::RevokedAt.is_null())
        .exec(txn)
        .await?;
    Ok(sessions::Entity::find_in(tenant)
        .filter(which)
        .filter(sessions::Column::RevokedAt.eq(now))
        .all(txn)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect())
}
