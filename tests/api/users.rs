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
async fn a_request_without_a_token_is_told_to_bring_one() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let response = app
        .client
        .get(app.url("/v1/users/me"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["www-authenticate"], "Bearer");
    expect_problem(response, StatusCode::UNAUTHORIZED, "unauthorized").await;

    for header in ["Bearer not-a-jwt", "Basic YWRhOnB3", "Bearer "] {
        let response = app
            .client
            .get(app.url("/v1/users/me"))
            .header("authorization", header)
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.headers()["www-authenticate"],
            "Bearer error=\"invalid_token\"",
            "{header}"
        );
        expect_problem(response, StatusCode::UNAUTHORIZED, "unauthorized").await;
    }
}
