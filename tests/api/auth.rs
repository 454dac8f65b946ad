//! Registration, login and the OAuth2 token endpoint.

use palisade::infra::store::entities::users;
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::{Value, json};

use crate::helpers::{Backend, PASSWORD, TestApp, expect_problem};

async fn set_user_flags(app: &TestApp, email: &str, disabled: bool, verified: bool) {
    use sea_orm::{ColumnTrait, QueryFilter};
    let user = users::Entity::find()
        .filter(users::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut user: users::ActiveModel = user.into();
    user.disabled = Set(disabled);
    user.email_verified = Set(verified);
    user.update(&app.db).await.unwrap();
}

on_both_backends! {
    async fn registration_returns_the_new_user_with_its_location(backend) {
        let app = TestApp::spawn(backend).await;
        let response = app
            .post_json("/v1/auth/register", json!({"email": "  Ada@Example.COM ", "password": PASSWORD, "display_name": "Ada"}))
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        assert_eq!(response.headers()["location"], "/v1/users/me");
        let user: Value = response.json().await.unwrap();
        assert_eq!(user["email"], "ada@example.com");
        assert_eq!(user["display_name"], "Ada");
        assert_eq!(user["roles"], json!(["user"]));
        assert_eq!(user["email_verified"], false);
        assert_eq!(user["disabled"], false);
        assert!(user["last_login_at"].is_null());
        assert!(uuid::Uuid::parse_str(user["id"].as_str().unwrap()).is_ok());
        assert!(user.get("password_hash").is_none() && !user.to_string().contains("argon2"));
    }
}

on_both_backends! {
    async fn an_email_registers_once_whatever_its_case(backend) {
        let app = TestApp::spawn(backend).await;
        app.register("ada@example.com").await;
        let again = app
            .post_json("/v1/auth/register", json!({"email": "ADA@example.com ", "password": "another fine passphrase"}))
            .await;
        expect_problem(again, StatusCode::CONFLICT, "email_taken").await;
    }
}

on_both_backends! {
    async fn concurrent_registrations_of_one_email_create_one_account(backend) {
        let app = TestApp::spawn(backend).await;
        let attempts = (0..4).map(|_| {
            let (client, url) = (app.client.clone(), app.url("/v1/auth/register"));
            async move {
                client.post(url).json(&json!({"email": "race@example.com", "password": PASSWORD})).send().await.unwrap()
            }
        });
        let statuses: Vec<StatusCode> = futures_join(attempts).await.into_iter().map(|r| r.status()).collect();
        assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 1, "{statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count(), 3, "{statuses:?}");
    }
}

/// Runs the futures concurrently and returns their outputs in order.
pub async fn futures_join<F: std::future::Future + Send + 'static>(
    futures: impl Iterator<Item = F>,
) -> Vec<F::Output>
where
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test]
async fn invalid_registration_names_every_bad_field() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let response = app
        .post_json(
            "/v1/auth/register",
            json!({"email": "not-an-email", "password": "short", "display_name": "x".repeat(101)}),
        )
        .await;
    let body = expect_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    let errors: Vec<(String, String)> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        errors.contains(&("email".into(), "invalid_email".into())),
        "{errors:?}"
    );
    assert!(
        errors.contains(&("password".into(), "too_short".into())),
        "{errors:?}"
    );
    assert!(
        errors.contains(&("display_name".into(), "too_long".into())),
        "{errors:?}"
    );
}

#[tokio::test]
async fn weak_long_and_missing_passwords_are_refused() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    for (password, code) in [
        (json!("password123"), "too_weak"),
        (json!("12345678"), "too_weak"),
        (json!("a".repeat(129)), "too_long"),
        (json!(12345678), "invalid_type"),
    ] {
        let response = app
            .post_json(
                "/v1/auth/register",
                json!({"email": "ada@example.com", "password": password}),
            )
            .await;
        let body = expect_problem(
            response,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        )
        .await;
        assert_eq!(body["errors"][0]["field"], "password", "{body}");
        assert_eq!(body["errors"][0]["code"], code, "{body}");
    }
    let response = app.post_json("/v1/auth/register", json!({})).await;
    let body = expect_problem(
        response,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"].as_array().unwrap().len(), 2, "{body}");
    assert!(
        body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["code"] == "required")
    );
}

on_both_backends! {
    async fn login_returns_a_token_pair_that_must_not_be_cached(backend) {
        let app = TestApp::spawn(backend).await;
        app.register("ada@example.com").await;
        let response = app.post_json("/v1/auth/login", json!({"email": "Ada@Example.com", "password": PASSWORD})).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["cache-control"], "no-store");
        let pair: Value = response.json().await.unwrap();
        assert_eq!(pair["token_type"], "Bearer");
        assert_eq!(pair["expires_in"], 900);
        assert_eq!(pair["refresh_expires_in"], 30 * 24 * 3600);
        // 256 random bits, URL-safe base64 without padding.
        assert_eq!(pair["refresh_token"].as_str().unwrap().len(), 43);
        let me: Value = app.get_authed("/v1/users/me", pair["access_token"].as_str().unwrap()).await.json().await.unwrap();
        assert!(me["last_login_at"].is_string());
    }
}

on_both_backends! {
    async fn unknown_email_and_wrong_password_get_the_same_answer(backend) {
        let app = TestApp::spawn(backend).await;
        app.register("ada@example.com").await;
        let wrong = app.post_json("/v1/auth/login", json!({"email": "ada@example.com", "password": "not the password"})).await;
        let wrong = expect_problem(wrong, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
        let unknown = app.post_json("/v1/auth/login", json!({"email": "bob@example.com", "password": "not the password"})).await;
        let unknown = expect_problem(unknown, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
        for body in [&wrong, &unknown] {
            assert_eq!(body["detail"], "Email or password is wrong.");
        }
    }
}

on_both_backends! {
    async fn a_disabled_account_cannot_log_in(backend) {
        let app = TestApp::spawn(backend).await;
        app.register("ada@example.com").await;
        set_user_flags(&app, "ada@example.com", true, false).await;
        let response = app.post_json("/v1/auth/login", json!({"email": "ada@example.com", "password": PASSWORD})).await;
        expect_problem(response, StatusCode::FORBIDDEN, "account_disabled").await;
        // A wrong password still says nothing about the account's state.
        let response = app.post_json("/v1/auth/login", json!({"email": "ada@example.com", "password": "wrong password here"})).await;
        expect_problem(response, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    }
}

on_both_backends! {
    async fn unverified_emails_are_refused_only_when_verification_is_required(backend) {
        let open = TestApp::spawn(backend).await;
        open.register_and_login("ada@example.com").await;

        let strict = open.another_instance(|c| c.require_verified_email = true).await;
        let response = strict.post_json("/v1/auth/login", json!({"email": "ada@example.com", "password": PASSWORD})).await;
        expect_problem(response, StatusCode::FORBIDDEN, "email_not_verified").await;
        set_user_flags(&strict, "ada@example.com", false, true).await;
        strict.login("ada@example.com").await;
    }
}

on_both_backends! {
    async fn the_token_endpoint_speaks_oauth2_for_both_grants(backend) {
        let app = TestApp::spawn(backend).await;
        app.register("ada@example.com").await;
        let token = |form: Vec<(&'static str, String)>| {
            app.client.post(app.url("/v1/auth/token")).form(&form).send()
        };
        let response = token(vec![("grant_type", "password".into()), ("username", "ada@example.com".into()), ("password", PASSWORD.into())]).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["cache-control"], "no-store");
        let pair: Value = response.json().await.unwrap();
        assert_eq!(pair["token_type"], "Bearer");
        assert_eq!(app.me_status(pair["access_token"].as_str().unwrap()).await, StatusCode::OK);

        let refresh = pair["refresh_token"].as_str().unwrap().to_owned();
        let response = token(vec![("grant_type", "refresh_token".into()), ("refresh_token", refresh)]).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);

        let wrong = token(vec![("grant_type", "password".into()), ("username", "ada@example.com".into()), ("password", "wrong password!".into())]).await.unwrap();
        assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);
        assert_eq!(wrong.json::<Value>().await.unwrap()["error"], "invalid_grant");
        let bad_refresh = token(vec![("grant_type", "refresh_token".into()), ("refresh_token", "nope".into())]).await.unwrap();
        assert_eq!(bad_refresh.json::<Value>().await.unwrap()["error"], "invalid_grant");
        let unsupported = token(vec![("grant_type", "implicit".into())]).await.unwrap();
        assert_eq!(unsupported.status(), StatusCode::BAD_REQUEST);
        assert_eq!(unsupported.json::<Value>().await.unwrap()["error"], "unsupported_grant_type");
        // A grant this server knows, but not for the first-party public client.
        let not_for_it = token(vec![("grant_type", "client_credentials".into())]).await.unwrap();
        assert_eq!(not_for_it.json::<Value>().await.unwrap()["error"], "unauthorized_client");
        let incomplete = token(vec![("grant_type", "password".into())]).await.unwrap();
        assert_eq!(incomplete.json::<Value>().await.unwrap()["error"], "invalid_request");
    }
}

on_both_backends! {
    async fn the_bootstrap_admin_is_created_once_when_no_admin_exists(backend) {
        let bootstrap = |c: &mut palisade::Config| {
            c.bootstrap_admin = Some(("root@example.com".into(), secrecy::SecretString::from(PASSWORD)));
        };
        let app = TestApp::spawn_with(backend, bootstrap).await;
        let tokens = app.login("root@example.com").await;
        let me: Value = app.get_authed("/v1/users/me", &tokens.access).await.json().await.unwrap();
        assert_eq!(me["roles"], json!(["admin", "user"]));
        // Later starts, and a second instance, leave it as it is.
        let again = app.another_instance(|c| {
            c.bootstrap_admin = Some(("root@example.com".into(), secrecy::SecretString::from("a different passphrase 9")));
        }).await;
        again.login("root@example.com").await;
    }
}

on_both_backends! {
    async fn the_bootstrap_admin_never_promotes_an_account_someone_else_registered(backend) {
        let app = TestApp::spawn(backend).await;
        let squatter = app.register_and_login("root@example.com").await;
        let mut config = app.state.config.as_ref().clone();
        config.bind = "127.0.0.1:0".parse().unwrap();
        config.bootstrap_admin = Some(("root@example.com".into(), secrecy::SecretString::from("an operator passphrase 7")));
        let refused = palisade::Application::build(config, app.clock.clone()).await;
        let err = format!("{:#}", refused.err().expect("the start is refused"));
        assert!(err.contains("PALISADE_BOOTSTRAP_ADMIN_EMAIL") && err.contains("not verified"), "{err}");
        let me: Value = app.get_authed("/v1/users/me", &squatter.access).await.json().await.unwrap();
        assert_eq!(me["roles"], json!(["user"]));
    }
}
