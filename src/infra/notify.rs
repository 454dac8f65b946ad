//! Telling every instance at once: the `Notifier` port, and the listener.
//! On PostgreSQL, revocations, role changes and key rotations are announced
//! with NOTIFY and heard with LISTEN, so another instance drops what it
//! cached within milliseconds. If the listening connection is lost, the
//! instance forgets all it cached, reconnects, and meanwhile the periodic
//! bounds hold (sessions reread within 2 s, roles within 1 s, keys within
//! 5 s). SQLite serves one instance: nothing to tell.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use sea_orm::sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use secrecy::{ExposeSecret as _, SecretString};
use uuid::Uuid;

use crate::core::ports::{Notice, Notifier};
use crate::infra::store::Db;

const CHANNEL: &str = "palisade_events";
/// NOTIFY payloads stop at 8000 bytes; 190 ids of 37 bytes stay well below.
const IDS_PER_MESSAGE: usize = 190;

/// Announces changes to the other instances through PostgreSQL.
pub struct PgNotifier {
    db: Db,
}

impl PgNotifier {
    pub fn new(db: Db) -> Self {
        Self { db }
    }

    async fn send(&self, payload: String) {
        if self.db.get_database_backend() != DbBackend::Postgres {
            return;
        }
        let notify = Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [CHANNEL.into(), payload.into()],
        );
        // The change is committed; if the notice is lost, the periodic bounds hold.
        if let Err(err) = self.db.execute_raw(notify).await {
            tracing::warn!(error = %err, "could not announce a change to the other instances");
        }
    }
}

#[async_trait]
impl Notifier for PgNotifier {
    async fn publish(&self, notice: Notice) {
        match notice {
            Notice::SessionsEnded(ids) => {
                for chunk in ids.chunks(IDS_PER_MESSAGE) {
                    let list: Vec<String> = chunk.iter().map(Uuid::to_string).collect();
                    self.send(format!("sessions:{}", list.join(","))).await;
                }
            }
            Notice::UsersChanged(ids) if ids.is_empty() => self.send("users:".into()).await,
            Notice::UsersChanged(ids) => {
                for chunk in ids.chunks(IDS_PER_MESSAGE) {
                    let list: Vec<String> = chunk.iter().map(Uuid::to_string).collect();
                    self.send(format!("users:{}", list.join(","))).await;
                }
            }
            Notice::RolesChanged => self.send("rbac".into()).await,
            Notice::KeysRotated => self.send("keys".into()).await,
            Notice::TenantChanged(slug) => self.send(format!("tenant:{slug}")).await,
        }
    }
}

fn parse(payload: &str) -> Option<Notice> {
    if let Some(slug) = payload.strip_prefix("tenant:") {
        return Some(Notice::TenantChanged(slug.to_owned()));
    }
    if let Some(list) = payload.strip_prefix("users:") {
        let ids = list.split(',').filter_map(|id| Uuid::parse_str(id).ok());
        return Some(Notice::UsersChanged(ids.collect()));
    }
    if let Some(list) = payload.strip_prefix("sessions:") {
        let ids = list.split(',').filter_map(|id| Uuid::parse_str(id).ok());
        return Some(Notice::SessionsEnded(ids.collect()));
    }
    match payload {
        "rbac" => Some(Notice::RolesChanged),
        "keys" => Some(Notice::KeysRotated),
        _ => None,
    }
}

/// What an instance does with what it hears: a notice, or `None` when
/// something may have been missed (forget everything cached).
pub type Listener = Arc<
    dyn Fn(Option<Notice>) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>
        + Send
        + Sync,
>;

/// Listens for the other instances' announcements (PostgreSQL only), on a
/// connection of its own to `session_url`: LISTEN needs a session, which a
/// transaction pooler does not keep.
pub fn spawn_listener(db: &Db, session_url: &SecretString, on_notice: Listener) {
    if db.get_database_backend() != DbBackend::Postgres {
        return;
    }
    let options = match session_url.expose_secret().parse::<PgConnectOptions>() {
        // Through a session-mode PgBouncer too, which refuses this parameter.
        Ok(options) => options.extra_float_digits(None),
        Err(err) => {
            tracing::error!(error = %err, "cannot listen for the other instances: bad session URL");
            return;
        }
    };
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .min_connections(0)
        .acquire_timeout(Duration::from_secs(3))
        .connect_lazy_with(options);
    tokio::spawn(async move {
        // Said once per outage, not every second.
        let mut said = false;
        loop {
            match sea_orm::sqlx::postgres::PgListener::connect_with(&pool).await {
                Ok(mut listener) => match listener.listen(CHANNEL).await {
                    Ok(()) => loop {
                        said = false;
                        match listener.try_recv().await {
                            Ok(Some(notice)) => {
                                if let Some(notice) = parse(notice.payload()) {
                                    on_notice(Some(notice)).await;
                                }
                            }
                            // The connection dropped; the next call reconnects.
                            Ok(None) => on_notice(None).await,
                            Err(err) => {
                                tracing::warn!(error = %err, "lost the notification channel; reconnecting");
                                on_notice(None).await;
                                break;
                            }
                        }
                    },
                    Err(err) => {
                        tracing::warn!(error = %err, "could not LISTEN for other instances")
                    }
                },
                Err(err) if !said => {
                    said = true;
                    tracing::warn!(error = %err, "could not open the notification channel (PALISADE_DB_SESSION_URL); retrying every second")
                }
                Err(err) => {
                    tracing::debug!(error = %err, "could not open the notification channel")
                }
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_read_back_as_they_were_sent() {
        let id = Uuid::now_v7();
        assert_eq!(
            parse(&format!("sessions:{id}")),
            Some(Notice::SessionsEnded(vec![id]))
        );
        assert_eq!(
            parse(&format!("users:{id}")),
            Some(Notice::UsersChanged(vec![id]))
        );
        assert_eq!(parse("users:"), Some(Notice::UsersChanged(vec![])));
        assert_eq!(parse("rbac"), Some(Notice::RolesChanged));
        assert_eq!(parse("keys"), Some(Notice::KeysRotated));
        assert_eq!(
            parse("tenant:acme"),
            Some(Notice::TenantChanged("acme".into()))
        );
        assert_eq!(parse("something else"), None);
    }
}
