//! Random bodies against every endpoint that reads one (10 000 each by
//! default; PALISADE_FUZZ_CASES changes it): never a 5xx, never a panic,
//! always problem+json. Generated with proptest from a fixed seed, so a
//! failure replays.

use axum::body::Body;
use axum::http::{Request, header};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config as RunnerConfig, TestRunner};
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::admin::admin;
use crate::helpers::{Backend, TestApp};

/// Field names the endpoints read, so random objects often hit real fields.
const FIELDS: &[&str] = &[
    "email",
    "password",
    "display_name",
    "refresh_token",
    "token",
    "new_password",
    "current_password",
    "name",
    "description",
    "permissions",
    "disabled",
    "email_verified",
    "grant_type",
    "username",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,40}".prop_map(Value::from),
        "[a-z0-9.+_-]{1,20}@[a-z0-9-]{1,12}\\.[a-z]{2,4}".prop_map(Value::from),
        Just(Value::from("' OR 1=1; DROP TABLE users; --")),
        Just(Value::from("\u{0000}\u{202e}\u{1F600}é")),
        Just(Value::from("a".repeat(5000))),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::from),
            prop::collection::vec(
                (prop::sample::select(FIELDS).prop_map(str::to_owned), inner),
                0..6
            )
            .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

/// A body and its content type.
fn body() -> impl Strategy<Value = (Vec<u8>, &'static str)> {
    let object = prop::collection::vec(
        (
            prop::sample::select(FIELDS).prop_map(str::to_owned),
            json_value(),
        ),
        0..8,
    )
    .prop_map(|pairs| {
        serde_json::to_vec(&Value::Object(pairs.into_iter().collect())).unwrap_or_default()
    });
    prop_oneof![
        6 => object.prop_map(|b| (b, "application/json")),
        2 => json_value().prop_map(|v| (serde_json::to_vec(&v).unwrap_or_default(), "application/json")),
        1 => prop::collection::vec(any::<u8>(), 0..300).prop_map(|b| (b, "application/json")),
        1 => prop::collection::vec(any::<u8>(), 0..100).prop_map(|b| (b, "application/x-www-form-urlencoded")),
        1 => ".{0,80}".prop_map(|s: String| (s.into_bytes(), "text/plain")),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_bodies_never_break_any_endpoint() {
    let cases: usize = std::env::var("PALISADE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let app = TestApp::spawn(Backend::Sqlite).await;
    let root = admin(&app, "root@example.com").await;
    let user: Value = app
        .get_authed("/v1/users/me", &root.access)
        .await
        .json()
        .await
        .unwrap();
    let me = format!("/v1/admin/users/{}", user["id"].as_str().unwrap());
    let router = palisade::web::router(app.state.clone());
    let endpoints: Vec<(&str, String, bool)> = vec![
        ("POST", "/v1/auth/register".into(), false),
        ("POST", "/v1/auth/login".into(), false),
        ("POST", "/v1/auth/token".into(), false),
        ("POST", "/v1/auth/refresh".into(), false),
        ("POST", "/v1/auth/password/forgot".into(), false),
        ("POST", "/v1/auth/password/reset".into(), false),
        ("POST", "/v1/auth/email/verify".into(), false),
        ("POST", "/v1/auth/password/change".into(), true),
        ("PATCH", "/v1/users/me".into(), true),
        ("PATCH", me, true),
        ("POST", "/v1/admin/roles".into(), true),
        ("PATCH", "/v1/admin/roles/user".into(), true),
    ];
    let mut runner = TestRunner::new_with_rng(
        RunnerConfig::default(),
        proptest::test_runner::TestRng::deterministic_rng(
            proptest::test_runner::RngAlgorithm::ChaCha,
        ),
    );
    let strategy = body();
    for (method, path, authed) in &endpoints {
        for case in 0..cases {
            let (bytes, content_type) = strategy.new_tree(&mut runner).unwrap().current();
            let mut request = Request::builder()
                .method(*method)
                .uri(path.as_str())
                .header(header::CONTENT_TYPE, content_type);
            if *authed {
                request = request.header(header::AUTHORIZATION, format!("Bearer {}", root.access));
            }
            let response = router
                .clone()
                .oneshot(request.body(Body::from(bytes.clone())).unwrap())
                .await
                .unwrap();
            let status = response.status();
            let kind = response
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            let shown = String::from_utf8_lossy(&bytes)
                .chars()
                .take(200)
                .collect::<String>();
            assert!(
                !status.is_server_error(),
                "{method} {path} case {case}: {status} for {shown:?}"
            );
            if status.is_client_error() && path != "/v1/auth/token" {
                assert_eq!(
                    kind, "application/problem+json",
                    "{method} {path} case {case}: {shown:?}"
                );
            }
        }
    }
    // The admin survived every change the fuzzer could make to itself.
    assert_eq!(app.me_status(&root.access).await.as_u16() / 100, 2);
    let _ = json!({});
}
