//! Telling every instance at once. On PostgreSQL, revocations, role changes
//! and key rotations are announced with NOTIFY and heard with LISTEN, so
//! another instance drops what it cached within milliseconds. If the
//! listening connection is lost, the instance forgets all it cached, reconnects,
//! and meanwhile the periodic bounds hold (sessions reread within 2 s, roles
//! within 1 s, keys within 5 s). SQLite serves one instance: nothing to tell.

use std::time::Duration;

use sea_orm::{ConnectionTrait, DbBackend, Statement};
use uuid::Uuid;

use crate::app::AppState;
use crate::store::Db;

const CHANNEL: &str = "palisade_events";
/// NOTIFY payloads stop at 8000 bytes; 190 ids of 37 bytes stay well below.
const IDS_PER_MESSAGE: usize = 190;

async fn publish(db: &Db, payload: String) {
    if db.get_database_backend() != DbBackend::Postgres {
        return;
    }
    let notify = Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT pg_notify($1, $2)",
        [CHANNEL.into(), payload.into()],
    );
    // The change is committed; if the notice is lost, the periodic bounds hold.
    if let Err(err) = db.execute_raw(notify).await {
        tracing::warn!(error = %err, "could not announce a change to the other instances");
    }
}

/// These sessions ended: refuse their tokens here at once, and tell the others.
pub async fn sessions_ended(state: &AppState, ids: impl IntoIterator<Item = Uuid>) {
    let ids: Vec<Uuid> = ids.into_iter().collect();
    if ids.is_empty() {
        return;
    }
    metrics::counter!("palisade_sessions_revoked_total").increment(ids.len() as u64);
    state.sessions.mark_revoked(ids.iter().copied());
    announce_sessions_ended(&state.db, &ids).await;
}

/// Tells the running servers that these sessions ended (from a command, or
/// after this instance marked them itself).
pub async fn announce_sessions_ended(db: &Db, ids: &[Uuid]) {
    for chunk in ids.chunks(IDS_PER_MESSAGE) {
        let list: Vec<String> = chunk.iter().map(Uuid::to_string).collect();
        publish(db, format!("sessions:{}", list.join(","))).await;
    }
}

/// Roles or grants changed: reread permissions here and everywhere.
pub async fn roles_changed(state: &AppState) {
    state.permissions.clear();
    publish(&state.db, "rbac".into()).await;
}

/// A new signing key is current (from `palisade keys rotate`).
pub async fn keys_rotated(db: &Db) {
    publish(db, "keys".into()).await;
}

async fn apply(state: &AppState, payload: &str) {
    if let Some(list) = payload.strip_prefix("sessions:") {
        state
            .sessions
            .mark_revoked(list.split(',').filter_map(|id| Uuid::parse_str(id).ok()));
    } else if payload == "rbac" {
        state.permissions.clear();
    } else if payload == "keys" {
        reload_keys(state).await;
    }
}

async fn reload_keys(state: &AppState) {
    if let Err(err) = state.keys.reload(&state.db, state.clock.now()).await {
        tracing::warn!(error = %err, "could not reload signing keys");
    }
}

/// Something may have been missed: forget everything cached.
async fn forget_everything(state: &AppState) {
    state.sessions.forget_all();
    state.permissions.clear();
    reload_keys(state).await;
}

/// Listens for the other instances' announcements (PostgreSQL only).
pub fn spawn_listener(state: AppState) {
    if state.db.get_database_backend() != DbBackend::Postgres {
        return;
    }
    tokio::spawn(async move {
        let pool = state.db.get_postgres_connection_pool().clone();
        loop {
            match sea_orm::sqlx::postgres::PgListener::connect_with(&pool).await {
                Ok(mut listener) => match listener.listen(CHANNEL).await {
                    Ok(()) => loop {
                        match listener.try_recv().await {
                            Ok(Some(notice)) => apply(&state, notice.payload()).await,
                            // The connection dropped; the next call reconnects.
                            Ok(None) => forget_everything(&state).await,
                            Err(err) => {
                                tracing::warn!(error = %err, "lost the notification channel; reconnecting");
                                forget_everything(&state).await;
                                break;
                            }
                        }
                    },
                    Err(err) => {
                        tracing::warn!(error = %err, "could not LISTEN for other instances")
                    }
                },
                Err(err) => {
                    tracing::debug!(error = %err, "could not open the notification channel")
                }
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
}
