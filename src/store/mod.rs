//! Storage: one function per business operation, each in one transaction, the
//! same code for PostgreSQL and SQLite. Nothing above this module writes SQL.

use std::time::Duration;

use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;
use secrecy::{ExposeSecret, SecretString};

pub mod admin_users;
pub mod audit;
pub mod entities;
pub mod housekeeping;
pub mod keys;
pub mod migration;
pub mod outbox;
pub mod privacy;
pub mod rate_limits;
pub mod roles;
pub mod sessions;
pub mod throttle;
pub mod tokens;
pub mod users;

pub use sea_orm::DatabaseConnection as Db;

use crate::error::{Error, Result};

/// Any PostgreSQL advisory lock key works as long as every instance uses the
/// same one; this one spells "palisade" in ASCII.
const STARTUP_LOCK: i64 = 0x7061_6c69_7361_6465;

fn sqlite_url(url: &str) -> String {
    // sqlx opens an existing file only; `mode=rwc` creates it on first start.
    if url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// Opens the pool. Short timeouts make an unreachable database answer 503
/// quickly instead of holding requests; the pool reconnects by itself.
pub async fn connect(
    url: &SecretString,
    pool_size: u32,
    statement_cache: usize,
) -> Result<DatabaseConnection> {
    let raw = url.expose_secret();
    let is_sqlite = raw.starts_with("sqlite:");
    let url = if is_sqlite {
        sqlite_url(raw)
    } else {
        raw.to_owned()
    };
    if let Some(path) = crate::files::sqlite_path(raw) {
        // The file holds the private signing keys and password hashes.
        crate::files::private_sqlite_file(&path).map_err(|e| {
            Error::Unavailable(format!("cannot make {} private: {e}", path.display()))
        })?;
    }
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(pool_size)
        .min_connections(0)
        .connect_timeout(Duration::from_secs(3))
        .acquire_timeout(Duration::from_secs(3))
        // sqlx's statement log carries bound values (hashes, tokens): keep it off.
        .sqlx_logging(false)
        .map_sqlx_postgres_opts(move |o| o.statement_cache_capacity(statement_cache))
        .map_sqlx_sqlite_opts(move |o| o.statement_cache_capacity(statement_cache));
    let db = Database::connect(options)
        .await
        .map_err(|e| Error::Unavailable(e.to_string()))?;
    if is_sqlite {
        // WAL lets readers go on while one writer commits; the setting is kept in the file.
        db.execute_unprepared("PRAGMA journal_mode=WAL").await?;
    }
    Ok(db)
}

/// Applies pending migrations. Safe when several instances start at once.
pub async fn migrate(db: &DatabaseConnection) -> Result<()> {
    let txn = db.begin().await?;
    lock_for_startup(&txn).await?;
    migration::Migrator::up(&txn, None).await?;
    txn.commit().await?;
    Ok(())
}

/// True when the database answers.
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.ping().await.is_ok()
}

/// Whether an error is a unique-constraint violation (a lost race or a duplicate).
pub(crate) fn is_unique_violation(err: &sea_orm::DbErr) -> bool {
    matches!(
        err.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

/// On PostgreSQL, holds an advisory lock until `txn` ends, so instances that
/// start together migrate and create keys one at a time. SQLite has one writer
/// anyway.
pub(crate) async fn lock_for_startup(txn: &sea_orm::DatabaseTransaction) -> Result<()> {
    if txn.get_database_backend() == DbBackend::Postgres {
        txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({STARTUP_LOCK})"))
            .await?;
    }
    Ok(())
}
