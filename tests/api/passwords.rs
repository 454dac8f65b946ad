//! Password storage: the configured algorithm, rehash on login, bcrypt's
//! 72-byte limit.

use palisade::infra::crypto::passwords::HashAlgorithm;
use palisade::infra::store::entities::users;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, expect_problem};

async fn stored_hash(app: &TestApp, email: &str) -> String {
    users::Entity::find()
        .filter(users::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .password_hash
}

on_both_backends! {
    async fn passwords_are_stored_as_argon2id_with_owasp_parameters(backend) {
        let app = TestApp::spawn(backend).await;
        app.register("ada@example.com").await;
        let hash = stored_hash(&app, "ada@example.com").await;
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{hash}");
    }
}

on_both_backends! {
    async fn a_bcrypt_hash_becomes_argon2id_at_the_next_login(backend) {
        let old = TestApp::spawn_with(backend, |c| c.password_hash = HashAlgorithm::Bcrypt).await;
        old.register("ada@example.com").await;
        let hash = stored_hash(&old, "ada@example.com").await;
        assert!(hash.starts_with("$bcrypt-sha256$$2b$12$"), "{hash}");

        let new = old.another_instance(|c| c.password_hash = HashAlgorithm::Argon2id).await;
        new.login("ada@example.com").await;
        let hash = stored_hash(&new, "ada@example.com").await;
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        // And the password still works with the new hash.
        new.login("ada@example.com").await;
    }
}

on_both_backends! {
    async fn bcrypt_does_not_cut_long_passwords_short(backend) {
        let app = TestApp::spawn_with(backend, |c| c.password_hash = HashAlgorithm::Bcrypt).await;
        let long = format!("{}{}", "horse battery staple correct ".repeat(3), "tail-one");
        assert!(long.len() > 72);
        let response = app.post_json("/v1/auth/register", json!({"email": "ada@example.com", "password": long})).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let same_first_72 = format!("{}{}", &long[..72], "different-tail");
        let response = app.post_json("/v1/auth/login", json!({"email": "ada@example.com", "password": same_first_72})).await;
        expect_problem(response, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
        let response = app.post_json("/v1/auth/login", json!({"email": "ada@example.com", "password": long})).await;
        assert_eq!(response.status(), StatusCode::OK);
    }
}

on_both_backends! {
    async fn an_argon2id_hash_verifies_when_bcrypt_is_configured(backend) {
        let app = TestApp::spawn(backend).await;
        app.register("ada@example.com").await;
        let bcrypt = app.another_instance(|c| c.password_hash = HashAlgorithm::Bcrypt).await;
        let response = bcrypt.post_json("/v1/auth/login", json!({"email": "ada@example.com", "password": PASSWORD})).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert!(stored_hash(&bcrypt, "ada@example.com").await.starts_with("$bcrypt-sha256$"));
    }
}
