//! Storage: the core's storage ports implemented on SeaORM, one method per
//! business operation, each in one transaction, the same code for PostgreSQL
//! and SQLite. Rows become core types here; nothing outside writes SQL.

use std::time::Duration;

use sea_orm::{ConnectOptions, ConnectionTrait, Database, DbBackend, TransactionTrait};
use sea_orm_migration::MigratorTrait;
use secrecy::{ExposeSecret, SecretString};

mod admin_users;
mod audit;
pub mod changes;
mod clients;
pub mod clock;
mod db;
mod devices;
pub mod entities;
mod grants;
mod housekeeping;
pub mod keys;
mod mfa;
pub mod migration;
pub mod outbox;
mod passkeys;
mod privacy;
mod providers;
mod roles;
mod scope;
mod sessions;
mod tenants;
mod throttle;
mod tokens;
mod users;

pub use db::{Db, Pooler};

use crate::core::error::{Error, Result};

pub use scope::OWNED_TABLES;

/// The one store: every storage port of the core, for one tenant, fixed
/// when the handle is made (there is no setter: a handle of tenant A
/// cannot reach B's rows). Reads go to the pool, writes to `writer` (the
/// same pool, except on a SQLite file).
#[derive(Clone)]
pub struct SqlStore {
    db: Db,
    writer: Db,
    tenant: String,
}

impl SqlStore {
    /// The `default` tenant's store.
    pub fn new(db: Db) -> Self {
        let writer = single_writer(&db).unwrap_or_else(|| db.clone());
        Self {
            db,
            writer,
            tenant: crate::core::tenants::DEFAULT_TENANT.to_owned(),
        }
    }

    /// The store of the tenant `slug`, on the same pools (so SQLite keeps
    /// its one writer across tenants).
    pub fn for_tenant(&self, slug: &str) -> Self {
        Self {
            db: self.db.clone(),
            writer: self.writer.clone(),
            tenant: slug.to_owned(),
        }
    }

    /// The tenant every query of this handle is scoped to.
    pub(super) fn tenant(&self) -> &str {
        &self.tenant
    }

    /// The tenant's slug, for what is built around the store.
    pub fn slug(&self) -> &str {
        &self.tenant
    }

    /// For reads.
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// For anything that writes (a read inside a write's transaction too).
    pub fn writer(&self) -> &Db {
        &self.writer
    }
}

/// SQLite lets one connection write at a time. Writers from a pool of ten
/// collide, and the loser waits in SQLite's busy handler, which sleeps (1,
/// 2, 5 … 100 ms) instead of waking when the lock frees: under a write
/// load, the p99 of a write went to 600 ms. One connection for writes makes
/// them queue in the pool, first come first served, while reads go on
/// beside them (WAL). An in-memory database (tests) keeps its one pool: a
/// second one would share it through SQLite's shared cache, whose locks
/// fail at once instead of waiting.
fn single_writer(db: &Db) -> Option<Db> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return None;
    }
    let options = db.pool().get_sqlite_connection_pool().connect_options();
    let name = options.get_filename().to_string_lossy();
    if name == ":memory:" || name.starts_with("file:sqlx-in-memory") {
        return None;
    }
    let pool = sea_orm::sqlx::pool::PoolOptions::new()
        .max_connections(1)
        .min_connections(0)
        .acquire_timeout(Duration::from_secs(3))
        .test_before_acquire(false)
        .after_release(|conn: &mut sea_orm::sqlx::SqliteConnection, _| {
            Box::pin(async move {
                // A dropped transaction's ROLLBACK is queued on the connection's
                // worker; a ping runs after it, so what is left is real.
                use sea_orm::sqlx::Connection as _;
                conn.ping().await?;
                Ok(outside_transactions(conn))
            })
        })
        .connect_lazy_with((*options).clone());
    let pool = sea_orm::SqlxSqliteConnector::from_sqlx_sqlite_pool(pool);
    Some(Db::new(pool, Pooler::None))
}

/// Whether a connection given back may serve again: not while it is still
/// inside a transaction. A COMMIT that fails with SQLITE_FULL leaves the
/// transaction open, and when the ROLLBACK queued on drop fails too, the
/// pool's next BEGIN became a SAVEPOINT inside it: later writes answered
/// 201 and were never committed (found by the disk-full fault test).
/// Closing the connection rolls back what it held.
fn outside_transactions(conn: &mut sea_orm::sqlx::SqliteConnection) -> bool {
    use sea_orm::sqlx::Connection as _;
    let inside = conn.is_in_transaction();
    if inside {
        tracing::warn!("a database connection came back inside a transaction: closed");
    }
    !inside
}

/// Whether the database could not be reached (as opposed to refusing a
/// query): those failures are 503 and heal when it comes back.
fn is_unreachable(err: &sea_orm::DbErr) -> bool {
    use sea_orm::{DbErr, RuntimeErr, SqlxError};
    match err {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Query(RuntimeErr::SqlxError(e)) | DbErr::Exec(RuntimeErr::SqlxError(e)) => {
            match e.as_ref() {
                SqlxError::Io(_)
                | SqlxError::Tls(_)
                | SqlxError::PoolTimedOut
                | SqlxError::PoolClosed
                | SqlxError::WorkerCrashed
                | SqlxError::Protocol(_) => true,
                SqlxError::Database(db) => {
                    let sqlite = db
                        .try_downcast_ref::<sea_orm::sqlx::sqlite::SqliteError>()
                        .is_some();
                    db.code()
                        .is_some_and(|code| database_unavailable(sqlite, &code))
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// Whether a database's error code says it cannot serve now rather than
/// that the query is wrong: PostgreSQL shutting down or restarting (57P01-03,
/// what `pg_ctl stop -m fast` answers a query in flight), a connection
/// problem (class 08), out of resources (class 53: disk full, too many
/// connections), a standby not yet promoted refusing a write (25006); SQLite
/// out of disk, an I/O error or a file it cannot open (primary codes 10,
/// 13, 14, whatever the extended part). SQLite busy or locked stays a 500:
/// with one writer connection it means a write went another way (a bug).
fn database_unavailable(sqlite: bool, code: &str) -> bool {
    if sqlite {
        return code
            .parse::<i64>()
            .is_ok_and(|c| matches!(c & 0xff, 10 | 13 | 14));
    }
    matches!(code, "57P01" | "57P02" | "57P03" | "25006")
        || code.starts_with("08")
        || code.starts_with("53")
}

impl From<sea_orm::DbErr> for Error {
    fn from(err: sea_orm::DbErr) -> Self {
        if is_unreachable(&err) {
            Self::Unavailable(err.into())
        } else {
            Self::Internal(err.into())
        }
    }
}

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
    pooler: Pooler,
) -> Result<Db> {
    let raw = url.expose_secret();
    let is_sqlite = raw.starts_with("sqlite:");
    let url = if is_sqlite {
        sqlite_url(raw)
    } else {
        raw.to_owned()
    };
    if let Some(path) = super::files::sqlite_path(raw) {
        // The file holds the private signing keys and password hashes.
        super::files::private_sqlite_file(&path).map_err(|e| {
            Error::Unavailable(anyhow::anyhow!(
                "cannot make {} private: {e}",
                path.display()
            ))
        })?;
    }
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(pool_size)
        .min_connections(0)
        .connect_timeout(Duration::from_secs(3))
        .acquire_timeout(Duration::from_secs(3))
        // SQLite is in this process: a ping before every checkout is a thread
        // hand-off that finds nothing.
        .test_before_acquire(false)
        // sqlx's statement log carries bound values (hashes, tokens): keep it off.
        .sqlx_logging(false)
        // `extra_float_digits` is a startup parameter PgBouncer refuses unless
        // told to ignore it, and no column of ours is a float.
        .map_sqlx_postgres_opts(move |o| match pooler {
            Pooler::None => o
                .statement_cache_capacity(statement_cache)
                .extra_float_digits(None),
            // A cached statement lives on one server, which the next
            // transaction may not get.
            Pooler::Transaction => o.statement_cache_capacity(0).extra_float_digits(None),
        })
        .map_sqlx_sqlite_opts(move |o| o.statement_cache_capacity(statement_cache));
    if !is_sqlite {
        // A PostgreSQL connection may have died with a restart: one idle for a
        // second is pinged first. A busy one is not (a ping per query doubled
        // the round trips of a /v1/users/me); if it died, its query fails
        // as unreachable (503), the connection is dropped, the next is new.
        options.test_before_acquire_if_idle_for(Duration::from_secs(1));
    }
    let db = Database::connect(options)
        .await
        .map_err(|e| Error::Unavailable(e.into()))?;
    let db = Db::new(db, pooler);
    if is_sqlite {
        // WAL lets readers go on while one writer commits; the setting is kept in the file.
        db.execute_unprepared("PRAGMA journal_mode=WAL").await?;
    }
    Ok(db)
}

/// Applies pending migrations. Safe when several instances start at once.
pub async fn migrate(db: &Db) -> Result<()> {
    let unchecked = without_foreign_keys(db);
    let migrator = unchecked.as_ref().unwrap_or(db);
    let txn = migrator.begin().await?;
    lock_for_startup(&txn).await?;
    migration::Migrator::up(&txn, None).await?;
    txn.commit().await?;
    if let Some(unchecked) = unchecked {
        unchecked.close().await?;
    }
    Ok(())
}

/// On SQLite, one connection to the same database with foreign keys off.
/// A migration that rebuilds a table drops the old one, and with foreign
/// keys on, dropping a parent deletes its children (the cascade runs).
/// The setting cannot change inside a transaction, so the migrations get
/// a connection of their own; a migration that rebuilds checks the keys
/// itself (`PRAGMA foreign_key_check`) before it commits.
fn without_foreign_keys(db: &Db) -> Option<Db> {
    if db.get_database_backend() != DbBackend::Sqlite {
        return None;
    }
    let options = db.pool().get_sqlite_connection_pool().connect_options();
    let pool = sea_orm::sqlx::pool::PoolOptions::new()
        .max_connections(1)
        .min_connections(0)
        .acquire_timeout(Duration::from_secs(30))
        .connect_lazy_with((*options).clone().foreign_keys(false));
    let pool = sea_orm::SqlxSqliteConnector::from_sqlx_sqlite_pool(pool);
    Some(Db::new(pool, Pooler::None))
}

/// True when the database answers.
pub async fn ping(db: &Db) -> bool {
    db.ping().await.is_ok()
}

/// The pool's connections: (open, idle).
pub fn pool_usage(db: &Db) -> (u32, u32) {
    let (size, idle) = match db.get_database_backend() {
        DbBackend::Postgres => {
            let pool = db.pool().get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        DbBackend::Sqlite => {
            let pool = db.pool().get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => (0, 0),
    };
    (size, u32::try_from(idle).unwrap_or(u32::MAX))
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

#[cfg(test)]
mod tests {
    use super::database_unavailable;

    #[test]
    fn a_database_that_cannot_serve_now_is_told_from_a_refused_query() {
        for code in [
            "57P01", "57P02", "57P03", "08006", "08001", "53100", "53300", "25006",
        ] {
            assert!(database_unavailable(false, code), "{code}");
        }
        for code in ["23505", "42P01", "40001", "22001", "57014"] {
            assert!(!database_unavailable(false, code), "{code}");
        }
        // SQLITE_FULL, SQLITE_IOERR_WRITE (778), SQLITE_CANTOPEN.
        for code in ["13", "778", "14"] {
            assert!(database_unavailable(true, code), "{code}");
        }
        // SQLITE_CONSTRAINT_UNIQUE (2067), SQLITE_ERROR, busy and locked
        // (a write that missed the one writer), BUSY_SNAPSHOT (517).
        for code in ["2067", "1", "x", "5", "6", "517"] {
            assert!(!database_unavailable(true, code), "{code}");
        }
    }
}
