//! The upgrade to tenants: a database written by the version before them
//! keeps every row, now in `default`, with its keys per tenant (SQLite
//! rebuilds those tables, and must not cascade while it does).

use palisade::core::ports::{IdentityStore as _, SessionStore as _, UserStore as _};
use palisade::infra::store::{self, OWNED_TABLES, SqlStore};
use sea_orm::{ConnectionTrait, DbBackend, Statement, Value};
use sea_orm_migration::MigratorTrait;
use secrecy::SecretString;

use crate::helpers::fresh_database;

/// Runs `sql` with `?` placeholders on either backend.
async fn exec(db: &store::Db, sql: &str, values: Vec<Value>) {
    let backend = db.get_database_backend();
    let sql = if backend == DbBackend::Postgres {
        let mut n = 0;
        sql.chars()
            .map(|c| {
                if c == '?' {
                    n += 1;
                    format!("${n}")
                } else {
                    c.to_string()
                }
            })
            .collect()
    } else {
        sql.to_owned()
    };
    db.execute_raw(Statement::from_sql_and_values(backend, sql, values))
        .await
        .unwrap();
}

async fn count(db: &store::Db, sql: &str) -> i64 {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

on_both_backends! {
    async fn a_database_from_before_tenants_keeps_every_row_in_the_default_tenant(backend) {
        let (url, _dir) = fresh_database(backend).await;
        let db = store::connect(&SecretString::from(url), 4, 100, store::Pooler::None)
            .await
            .unwrap();
        // The schema as the last version without tenants left it.
        store::migration::Migrator::up(db.pool(), Some(19)).await.unwrap();
        let now = chrono::Utc::now();
        let (ada, bob, session) = (uuid::Uuid::now_v7(), uuid::Uuid::now_v7(), uuid::Uuid::now_v7());
        for (id, email) in [(ada, "ada@example.com"), (bob, "bob@example.com")] {
            exec(&db, "INSERT INTO users (id, email, password_hash, email_verified, disabled, created_at, updated_at) \
                       VALUES (?, ?, 'hash', TRUE, FALSE, ?, ?)",
                 vec![id.into(), email.into(), now.into(), now.into()]).await;
        }
        for (id, role) in [(ada, "admin"), (ada, "user"), (bob, "user")] {
            exec(&db, "INSERT INTO user_roles (user_id, role_name, granted_at) VALUES (?, ?, ?)",
                 vec![id.into(), role.into(), now.into()]).await;
        }
        exec(&db, "INSERT INTO sessions (id, user_id, created_at, last_used_at, expires_at) VALUES (?, ?, ?, ?, ?)",
             vec![session.into(), ada.into(), now.into(), now.into(), (now + chrono::Duration::days(1)).into()]).await;
        exec(&db, "INSERT INTO refresh_tokens (id, session_id, token_hash, created_at) VALUES (?, ?, ?, ?)",
             vec![uuid::Uuid::now_v7().into(), session.into(), "r".repeat(64).into(), now.into()]).await;
        exec(&db, "INSERT INTO one_time_tokens (id, user_id, purpose, token_hash, created_at, expires_at) VALUES (?, ?, 'reset', ?, ?, ?)",
             vec![uuid::Uuid::now_v7().into(), bob.into(), "t".repeat(64).into(), now.into(), now.into()]).await;
        exec(&db, "INSERT INTO oauth_consents (user_id, client_id, scopes, granted_at, updated_at) VALUES (?, 'palisade', 'openid', ?, ?)",
             vec![ada.into(), now.into(), now.into()]).await;
        exec(&db, "INSERT INTO identity_providers (slug, kind, display_name, client_id, scopes, claims, link_by_verified_email, \
                   allow_signup, enabled, trust_mfa, created_at, updated_at) \
                   VALUES ('github', 'github', 'GitHub', 'id', 'read:user', '{}', TRUE, TRUE, TRUE, FALSE, ?, ?)",
             vec![now.into(), now.into()]).await;
        exec(&db, "INSERT INTO user_identities (provider, subject, user_id, linked_at) VALUES ('github', '42', ?, ?)",
             vec![bob.into(), now.into()]).await;
        let mut before = Vec::new();
        for table in OWNED_TABLES {
            before.push(count(&db, &format!("SELECT COUNT(*) FROM {table}")).await);
        }

        store::migrate(&db).await.unwrap();

        for (table, rows) in OWNED_TABLES.iter().zip(before) {
            assert_eq!(count(&db, &format!("SELECT COUNT(*) FROM {table}")).await, rows, "rows of {table}");
            let elsewhere = count(&db, &format!("SELECT COUNT(*) FROM {table} WHERE tenant <> 'default'")).await;
            assert_eq!(elsewhere, 0, "{table} rows outside default");
        }
        let main = SqlStore::new(db.clone());
        assert_eq!(main.find_account(ada).await.unwrap().unwrap().roles, ["admin", "user"]);
        assert_eq!(main.live_sessions(ada, now).await.unwrap().len(), 1);
        assert_eq!(main.identities_of(bob).await.unwrap().len(), 1);
        assert!(main.for_tenant("acme").find_account(ada).await.unwrap().is_none());
    }
}
