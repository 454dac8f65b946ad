//! Sessions and their refresh tokens: start, rotate (with reuse detection),
//! revoke, list.

use chrono::{DateTime, TimeDelta, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set, TransactionTrait, sea_query::Expr,
};
use uuid::Uuid;

use super::entities::{refresh_tokens, sessions};
use crate::error::Result;

pub use sessions::Model as Session;

pub struct NewSession {
    pub user_id: Uuid,
    pub expires_at: DateTime<Utc>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// What presenting a refresh token came to.
#[derive(Debug)]
pub enum Rotation {
    /// The token was good; the new token is now the session's live one.
    Rotated(Session),
    /// A repeat inside the grace window: nothing was written. The used
    /// token's sealed successor (if any), to follow to the live token.
    Repeated(Session, Option<String>),
    /// The token had been used before, outside the grace window: the session is
    /// now revoked.
    Reused(Session),
    /// Unknown token, or its session has ended.
    Rejected,
}

async fn insert_refresh_token(
    db: &impl ConnectionTrait,
    session_id: Uuid,
    token_hash: String,
    now: DateTime<Utc>,
) -> Result<()> {
    refresh_tokens::ActiveModel {
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

/// What a successful password check lets the login write.
pub struct LoginWrite {
    pub user_id: Uuid,
    /// The hash the password was checked against: if it changed since (a
    /// reset or change committed meanwhile), the login is refused.
    pub checked_hash: String,
    /// A replacement for an outdated hash, made from the same password.
    pub new_hash: Option<String>,
}

/// Records the login and creates the session with its first refresh token,
/// in one transaction. `None` when, since the password was checked, it
/// changed or the account was disabled.
pub async fn open_session(
    db: &super::Db,
    login: LoginWrite,
    new: NewSession,
    refresh_hash: String,
    event: super::audit::NewEvent,
    now: DateTime<Utc>,
) -> Result<Option<Session>> {
    use super::entities::users;
    let txn = db.begin().await?;
    let mut stamp = users::Entity::update_many()
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
    let session = sessions::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(new.user_id),
        created_at: Set(now),
        last_used_at: Set(now),
        expires_at: Set(new.expires_at),
        revoked_at: Set(None),
        ip: Set(new.ip),
        user_agent: Set(new.user_agent),
    }
    .insert(&txn)
    .await?;
    insert_refresh_token(&txn, session.id, refresh_hash, now).await?;
    super::audit::record(&txn, event, now).await?;
    txn.commit().await?;
    Ok(Some(session))
}

/// A refresh token presented, and the one to replace it if it is good.
pub struct Presented<'a> {
    pub hash: &'a str,
    pub next_hash: String,
    /// The next token sealed with the presented one, kept on the presented
    /// token's row for repeats inside the grace window.
    pub sealed_next: String,
}

/// Uses up the presented refresh token and makes the next one the session's
/// token. A token already used within `grace` is a repeat (two tabs
/// refreshing at once): nothing is written, and the caller follows its
/// successor to the live token, so a session keeps one chain. Used before
/// that, the session is revoked.
pub async fn rotate_refresh_token(
    db: &super::Db,
    presented: Presented<'_>,
    now: DateTime<Utc>,
    grace: TimeDelta,
    reuse_event: super::audit::NewEvent,
) -> Result<Rotation> {
    let presented_hash = presented.hash;
    let txn = db.begin().await?;
    // The conditional write comes first: it decides which of two concurrent
    // requests used the token, and takes SQLite's write lock before any read.
    let first_use = refresh_tokens::Entity::update_many()
        .col_expr(refresh_tokens::Column::UsedAt, Expr::value(now))
        .col_expr(
            refresh_tokens::Column::Successor,
            Expr::value(presented.sealed_next),
        )
        .filter(refresh_tokens::Column::TokenHash.eq(presented_hash))
        .filter(refresh_tokens::Column::UsedAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected
        == 1;
    let Some(token) = refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::TokenHash.eq(presented_hash))
        .one(&txn)
        .await?
    else {
        return Ok(Rotation::Rejected);
    };
    let Some(session) = sessions::Entity::find_by_id(token.session_id)
        .one(&txn)
        .await?
    else {
        return Ok(Rotation::Rejected);
    };
    if session.revoked_at.is_some() || session.expires_at <= now {
        return Ok(Rotation::Rejected);
    }
    let within_grace = token
        .used_at
        .is_some_and(|used| grace > TimeDelta::zero() && now - used <= grace);
    if !first_use && !within_grace {
        let session = revoke(&txn, session, now).await?;
        let mut event = reuse_event;
        event.actor_id = Some(session.user_id);
        event.target_id = Some(session.user_id);
        event.details = serde_json::json!({"session_id": session.id});
        super::audit::record(&txn, event, now).await?;
        txn.commit().await?;
        return Ok(Rotation::Reused(session));
    }
    if !first_use {
        return Ok(Rotation::Repeated(session, token.successor));
    }
    insert_refresh_token(&txn, session.id, presented.next_hash, now).await?;
    let session = sessions::ActiveModel {
        id: sea_orm::Unchanged(session.id),
        last_used_at: Set(now),
        ..Default::default()
    }
    .update(&txn)
    .await?;
    txn.commit().await?;
    Ok(Rotation::Rotated(session))
}

async fn revoke(
    db: &impl ConnectionTrait,
    session: Session,
    now: DateTime<Utc>,
) -> Result<Session> {
    Ok(sessions::ActiveModel {
        id: sea_orm::Unchanged(session.id),
        revoked_at: Set(Some(now)),
        ..Default::default()
    }
    .update(db)
    .await?)
}

/// The refresh token with this hash, used or not.
pub async fn find_refresh_token(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> Result<Option<refresh_tokens::Model>> {
    Ok(refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::TokenHash.eq(token_hash))
        .one(db)
        .await?)
}

/// After a password change, the session that stays keeps only its live
/// refresh token: used tokens forget their successors (a repeat inside the
/// grace window no longer yields the live token). A session with several
/// unused tokens (branches made before sessions kept one chain) cannot tell
/// the owner's from a thief's: all go, and the owner signs in again when the
/// access token expires.
pub async fn keep_only_the_live_token(txn: &impl ConnectionTrait, session_id: Uuid) -> Result<()> {
    refresh_tokens::Entity::update_many()
        .col_expr(
            refresh_tokens::Column::Successor,
            Expr::value(Option::<String>::None),
        )
        .filter(refresh_tokens::Column::SessionId.eq(session_id))
        .filter(refresh_tokens::Column::UsedAt.is_not_null())
        .exec(txn)
        .await?;
    let unused = refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::SessionId.eq(session_id))
        .filter(refresh_tokens::Column::UsedAt.is_null())
        .count(txn)
        .await?;
    if unused > 1 {
        refresh_tokens::Entity::delete_many()
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
pub async fn find_live_session_by_token(
    db: &impl ConnectionTrait,
    token_hash: &str,
    now: DateTime<Utc>,
) -> Result<Option<Session>> {
    let Some(token) = refresh_tokens::Entity::find()
        .filter(refresh_tokens::Column::TokenHash.eq(token_hash))
        .filter(refresh_tokens::Column::UsedAt.is_null())
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(sessions::Entity::find_by_id(token.session_id)
        .filter(sessions::Column::RevokedAt.is_null())
        .filter(sessions::Column::ExpiresAt.gt(now))
        .one(db)
        .await?)
}

pub async fn find_session(db: &impl ConnectionTrait, id: Uuid) -> Result<Option<Session>> {
    Ok(sessions::Entity::find_by_id(id).one(db).await?)
}

/// Ends one live session of `user_id`, recording `event`. False when there
/// was none to end (and nothing is recorded).
pub async fn revoke_session(
    db: &super::Db,
    user_id: Uuid,
    session_id: Uuid,
    event: super::audit::NewEvent,
    now: DateTime<Utc>,
) -> Result<bool> {
    let txn = db.begin().await?;
    let ended = sessions::Entity::update_many()
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
    super::audit::record(&txn, event, now).await?;
    txn.commit().await?;
    Ok(true)
}

/// Ends every live session of the user but `keep`, recording `event`.
pub async fn end_user_sessions(
    db: &super::Db,
    user_id: Uuid,
    event: super::audit::NewEvent,
    now: DateTime<Utc>,
) -> Result<Vec<Uuid>> {
    let txn = db.begin().await?;
    let ended = revoke_user_sessions(&txn, user_id, None, now).await?;
    super::audit::record(&txn, event, now).await?;
    txn.commit().await?;
    Ok(ended)
}

/// Ends every live session of the user but `keep`; returns the ids ended.
/// Writes first (SQLite's lock), then reads back what it ended.
pub async fn revoke_user_sessions(
    txn: &impl ConnectionTrait,
    user_id: Uuid,
    keep: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Vec<Uuid>> {
    let mut live = sessions::Entity::update_many()
        .col_expr(sessions::Column::RevokedAt, Expr::value(now))
        .filter(sessions::Column::UserId.eq(user_id))
        .filter(sessions::Column::RevokedAt.is_null());
    if let Some(keep) = keep {
        live = live.filter(sessions::Column::Id.ne(keep));
    }
    live.exec(txn).await?;
    Ok(sessions::Entity::find()
        .filter(sessions::Column::UserId.eq(user_id))
        .filter(sessions::Column::RevokedAt.eq(now))
        .all(txn)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect())
}

/// The user's sessions that are neither revoked nor expired, newest first.
pub async fn live_sessions(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<Session>> {
    Ok(sessions::Entity::find()
        .filter(sessions::Column::UserId.eq(user_id))
        .filter(sessions::Column::RevokedAt.is_null())
        .filter(sessions::Column::ExpiresAt.gt(now))
        .order_by_desc(sessions::Column::CreatedAt)
        .all(db)
        .await?)
}
