//! Backups that restore: users log in with their passwords, refresh tokens
//! issued before the backup still work, and the signing keys survive.

use std::process::Command;

use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, Database};
use serde_json::Value;

use crate::helpers::{self, Backend, TestApp};

fn palisade(database_url: &str, args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_palisade"))
        .env("DATABASE_URL", database_url)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "palisade {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

async fn backup_then_restore_keeps_accounts_tokens_and_keys(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let tokens = app.register_and_login("ada@example.com").await;
    let root = crate::admin::admin(&app, "root@example.com").await;
    let created = crate::admin::call(
        &app,
        reqwest::Method::POST,
        "/v1/admin/roles",
        &root.access,
        Some(serde_json::json!({"name": "support", "permissions": ["users:read"]})),
    )
    .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let jwks: Value = app.get_json("/.well-known/jwks.json").await;

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("palisade.backup");
    let url = app.database_url.clone();
    let file_arg = file.display().to_string();
    let u = url.clone();
    tokio::task::spawn_blocking(move || palisade(&u, &["backup", "--output", &file_arg]))
        .await
        .unwrap();
    let meta = std::fs::metadata(&file).unwrap();
    assert!(meta.len() > 0);
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        meta.permissions().mode() & 0o777,
        0o600,
        "hashes and keys: owner only"
    );

    // Disaster: the database is gone.
    match backend {
        Backend::Postgres => {
            let name = url
                .rsplit('/')
                .next()
                .unwrap()
                .split('?')
                .next()
                .unwrap()
                .to_owned();
            let admin = Database::connect(helpers::postgres_admin_url().as_str())
                .await
                .unwrap();
            admin
                .execute_unprepared(&format!("DROP DATABASE \"{name}\" WITH (FORCE)"))
                .await
                .unwrap();
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .unwrap();
            admin.close().await.unwrap();
        }
        Backend::Sqlite => {
            let path = url.trim_start_matches("sqlite://").to_owned();
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{path}{suffix}"));
            }
        }
    }
    let (u, file_arg) = (url.clone(), file.display().to_string());
    tokio::task::spawn_blocking(move || palisade(&u, &["restore", "--input", &file_arg]))
        .await
        .unwrap();

    let restored = TestApp::spawn_on(url).await;
    restored.login("ada@example.com").await;
    assert_eq!(
        restored.refresh(&tokens.refresh).await.status(),
        StatusCode::OK,
        "refresh tokens from before the backup"
    );
    let after: Value = restored.get_json("/.well-known/jwks.json").await;
    assert_eq!(after, jwks, "the signing keys survived");
    let roles: Vec<Value> = crate::admin::call(
        &restored,
        reqwest::Method::GET,
        "/v1/admin/roles",
        &restored.login("root@example.com").await.access,
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert!(roles.iter().any(|r| r["name"] == "support"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_backup_restores_accounts_tokens_and_keys() {
    backup_then_restore_keeps_accounts_tokens_and_keys(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_backup_restores_accounts_tokens_and_keys() {
    backup_then_restore_keeps_accounts_tokens_and_keys(Backend::Sqlite).await;
}
