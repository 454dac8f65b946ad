//! /v1/users/me.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, expect_problem};

on_both_backends! {
    async fn the_profile_is_read_and_changed_with_the_access_token(backend) {
        let app = TestApp::spawn(backend).await;
        let tokens = app.register_and_login("ada@example.com").await;
        let me: Value = app.get_authed("/v1/users/me", &tokens.access).await.json().await.unwrap();
        assert_eq!(me["email"], "ada@example.com");
        assert!(me["display_name"].is_null());

        let patch = |body: Value| {
            app.client.patch(app.url("/v1/users/me")).bearer_auth(&tokens.access).json(&body).send()
        };
        let renamed: Value = patch(json!({"display_name": "  Ada Lovelace "})).await.unwrap().json().await.unwrap();
        assert_eq!(renamed["display_name"], "Ada Lovelace");
        let untouched: Value = patch(json!({})).await.unwrap().json().await.unwrap();
        assert_eq!(untouched["display_name"], "Ada Lovelace");
        let cleared: Value = patch(json!({"display_name": null})).await.unwrap().json().await.unwrap();
        assert!(cleared["display_name"].is_null());

        let too_long = patch(json!({"display_name": "é".repeat(101)})).await.unwrap();
        let body = expect_problem(too_long, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed").await;
        assert_eq!(body["errors"][0]["field"], "display_name");
        assert_eq!(body["errors"][0]["code"], "too_long");
        let exactly_100 = patch(json!({"display_name": "é".repeat(100)})).await.unwrap();
        assert_eq!(exactly_100.status(), StatusCode::OK);
    }
}

#[tokio::test]
async fn requests_without_bearer_credentials_get_a_bare_challenge_and_bad_tokens_say_why() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let tokens = app.register_and_login("ada@example.com").await;
    let me = |authorization: Option<String>| {
        let mut request = app.client.get(app.url("/v1/users/me"));
        if let Some(value) = authorization {
            request = request.header("authorization", value);
        }
        request.send()
    };
    // No Bearer credentials (RFC 6750 §3.1): a challenge without an error.
    for header in [
        None,
        Some("Basic YWRhOnB3"),
        Some("Bearer "),
        Some("Digest x"),
    ] {
        let response = me(header.map(str::to_owned)).await.unwrap();
        assert_eq!(
            response.headers()["www-authenticate"],
            "Bearer",
            "{header:?}"
        );
        expect_problem(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    }
    // A token that is not one of ours.
    let response = me(Some("Bearer not-a-jwt".into())).await.unwrap();
    assert_eq!(
        response.headers()["www-authenticate"],
        "Bearer error=\"invalid_token\""
    );
    expect_problem(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    // A genuine token past its expiry: refresh, do not sign in again.
    app.advance(std::time::Duration::from_secs(902));
    let response = me(Some(format!("Bearer {}", tokens.access))).await.unwrap();
    let challenge = response.headers()["www-authenticate"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        challenge.starts_with("Bearer error=\"invalid_token\""),
        "{challenge}"
    );
    expect_problem(response, StatusCode::UNAUTHORIZED, "token_expired").await;
    // The refresh token still works, and the same token stays expired when cached.
    assert_eq!(app.refresh(&tokens.refresh).await.status(), StatusCode::OK);
    let again = me(Some(format!("Bearer {}", tokens.access))).await.unwrap();
    expect_problem(again, StatusCode::UNAUTHORIZED, "token_expired").await;
}
