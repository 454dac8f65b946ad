//! The database handle every store function takes: a sea-orm pool that
//! also works through a transaction pooler (PgBouncer `pool_mode =
//! transaction`), where a server connection belongs to a client only for
//! the length of a transaction.

use async_trait::async_trait;
use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    ExecResult, IsolationLevel, QueryResult, Statement, TransactionError, TransactionOptions,
    TransactionTrait,
};
use std::future::Future;
use std::pin::Pin;

/// How the pool reaches PostgreSQL.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Pooler {
    /// Straight to the server, or through a session pooler.
    #[default]
    None,
    /// Through a transaction pooler (PgBouncer 1.18+, `pool_mode =
    /// transaction`, `server_reset_query = DEALLOCATE ALL`,
    /// `server_reset_query_always = 1`).
    Transaction,
}

/// A pool. Through a transaction pooler, a statement outside a transaction
/// runs in a transaction of its own: sqlx sends a query as Parse/Sync then
/// Bind/Execute/Sync, and between the two the pooler may hand the server
/// to another client, whose server then lacks the statement. Inside a
/// transaction the server stays ours; the transaction commits before the
/// statement's answer returns, so nothing is acknowledged uncommitted.
#[derive(Clone, Debug)]
pub struct Db {
    pool: DatabaseConnection,
    pinned: bool,
}

impl Db {
    pub(super) fn new(pool: DatabaseConnection, pooler: Pooler) -> Self {
        let pinned = pooler == Pooler::Transaction;
        Self { pool, pinned }
    }

    /// The sea-orm pool underneath, for what only it offers (the sqlx pools).
    pub fn pool(&self) -> &DatabaseConnection {
        &self.pool
    }

    pub async fn ping(&self) -> Result<(), DbErr> {
        self.pool.ping().await
    }

    pub async fn close(self) -> Result<(), DbErr> {
        self.pool.close().await
    }

    pub async fn close_by_ref(&self) -> Result<(), DbErr> {
        self.pool.close_by_ref().await
    }

    /// Runs one statement in a transaction of its own.
    async fn alone<T, F>(&self, run: F) -> Result<T, DbErr>
    where
        F: for<'t> FnOnce(
                &'t DatabaseTransaction,
            )
                -> Pin<Box<dyn Future<Output = Result<T, DbErr>> + Send + 't>>
            + Send,
        T: Send,
    {
        let txn = self.pool.begin().await?;
        let answer = run(&txn).await?;
        txn.commit().await?;
        Ok(answer)
    }
}

/// A pool reaching the database directly.
impl From<DatabaseConnection> for Db {
    fn from(pool: DatabaseConnection) -> Self {
        Self::new(pool, Pooler::None)
    }
}

#[async_trait]
impl ConnectionTrait for Db {
    fn get_database_backend(&self) -> DbBackend {
        self.pool.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        if !self.pinned {
            return self.pool.execute_raw(stmt).await;
        }
        self.alone(|txn| Box::pin(txn.execute_raw(stmt))).await
    }

    /// The simple protocol sends the statement in one message: no pinning needed.
    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.pool.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        if !self.pinned {
            return self.pool.query_one_raw(stmt).await;
        }
        self.alone(|txn| Box::pin(txn.query_one_raw(stmt))).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        if !self.pinned {
            return self.pool.query_all_raw(stmt).await;
        }
        self.alone(|txn| Box::pin(txn.query_all_raw(stmt))).await
    }

    fn support_returning(&self) -> bool {
        self.pool.support_returning()
    }
}

#[async_trait]
impl TransactionTrait for Db {
    type Transaction = DatabaseTransaction;

    async fn begin(&self) -> Result<DatabaseTransaction, DbErr> {
        self.pool.begin().await
    }

    async fn begin_with_config(
        &self,
        isolation_level: Option<IsolationLevel>,
        access_mode: Option<AccessMode>,
    ) -> Result<DatabaseTransaction, DbErr> {
        self.pool
            .begin_with_config(isolation_level, access_mode)
            .await
    }

    async fn begin_with_options(
        &self,
        options: TransactionOptions,
    ) -> Result<DatabaseTransaction, DbErr> {
        self.pool.begin_with_options(options).await
    }

    async fn transaction<F, T, E>(&self, callback: F) -> Result<T, TransactionError<E>>
    where
        F: for<'c> FnOnce(
                &'c DatabaseTransaction,
            ) -> Pin<Box<dyn Future<Output = Result<T, E>> + Send + 'c>>
            + Send,
        T: Send,
        E: std::fmt::Display + std::fmt::Debug + Send,
    {
        self.pool.transaction(callback).await
    }

    async fn transaction_with_config<F, T, E>(
        &self,
        callback: F,
        isolation_level: Option<IsolationLevel>,
        access_mode: Option<AccessMode>,
    ) -> Result<T, TransactionError<E>>
    where
        F: for<'c> FnOnce(
                &'c DatabaseTransaction,
            ) -> Pin<Box<dyn Future<Output = Result<T, E>> + Send + 'c>>
            + Send,
        T: Send,
        E: std::fmt::Display + std::fmt::Debug + Send,
    {
        self.pool
            .transaction_with_config(callback, isolation_level, access_mode)
            .await
    }
}
