//! Handler tests in-process: the whole router (every layer) answers requests
//! built in memory with tower's `oneshot`, over the services on an in-memory
//! SQLite. For what needs no socket: statuses, bodies, headers.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use axum::response::Response;
use palisade::web::state::{AppState, Probes};
use serde_json::{Value, json};
use tower::ServiceExt as _;

use crate::helpers::PASSWORD;
use crate::rules::Rules;

async fn app() -> axum::Router {
    let rules = Rules::new().await;
    let probes = Arc::new(Probes::new(
        rules.infra.db.clone(),
        rules.infra.keys.clone(),
    ));
    palisade::web::router(AppState::new(
        rules.config.clone(),
        rules.services.clone(),
        probes,
    ))
}

async fn send(app: &axum::Router, request: Request<Body>) -> Response {
    app.clone().oneshot(request).await.unwrap()
}

fn post(path: &str, content_type: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(path)
        .header(header::CONTENT_TYPE, content_type)
        .body(body.into())
        .unwrap()
}

async fn json_of(response: Response) -> Value {
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

fn header_of(response: &Response, name: header::HeaderName) -> &str {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_problem_with_the_request_id() {
    let app = app().await;
    let response = send(&app, post("/v1/auth/login", "application/json", "{")).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        header_of(&response, header::CONTENT_TYPE),
        "application/problem+json"
    );
    let id = header_of(&response, header::HeaderName::from_static("x-request-id")).to_owned();
    let problem = json_of(response).await;
    assert_eq!(problem["code"], "malformed_request");
    assert_eq!(
        problem["request_id"],
        id.as_str(),
        "the id of the response header"
    );
}

#[tokio::test]
async fn the_wrong_media_type_path_and_method_each_get_their_problem() {
    let app = app().await;
    let text = send(&app, post("/v1/auth/login", "text/plain", "hi")).await;
    assert_eq!(text.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(json_of(text).await["code"], "unsupported_media_type");
    let nowhere = send(
        &app,
        Request::get("/v1/nowhere").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(nowhere.status(), StatusCode::NOT_FOUND);
    assert_eq!(json_of(nowhere).await["code"], "not_found");
    let wrong = Request::builder()
        .method(Method::DELETE)
        .uri("/v1/auth/login")
        .body(Body::empty())
        .unwrap();
    let wrong = send(&app, wrong).await;
    assert_eq!(wrong.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert!(header_of(&wrong, header::ALLOW).contains("POST"));
    assert_eq!(json_of(wrong).await["code"], "method_not_allowed");
}

#[tokio::test]
async fn the_token_endpoint_answers_errors_the_rfc_6749_way() {
    let app = app().await;
    let form = "application/x-www-form-urlencoded";
    let unknown = send(&app, post("/v1/auth/token", form, "grant_type=implicit")).await;
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    assert_eq!(header_of(&unknown, header::CACHE_CONTROL), "no-store");
    assert_eq!(json_of(unknown).await["error"], "unsupported_grant_type");
    let json = send(&app, post("/v1/auth/token", "application/json", "{}")).await;
    assert_eq!(json.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(json_of(json).await["error"], "invalid_request");
    let wrong = format!("grant_type=password&username=ada%40example.com&password=nope{PASSWORD}");
    let refused = send(&app, post("/v1/auth/token", form, wrong)).await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert_eq!(json_of(refused).await["error"], "invalid_grant");
}

#[tokio::test]
async fn a_registered_user_signs_in_and_reads_their_profile() {
    let app = app().await;
    let account = json!({"email": "ada@example.com", "password": PASSWORD}).to_string();
    let created = send(
        &app,
        post("/v1/auth/register", "application/json", account.clone()),
    )
    .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    assert_eq!(header_of(&created, header::LOCATION), "/v1/users/me");
    let tokens =
        json_of(send(&app, post("/v1/auth/login", "application/json", account)).await).await;
    let me = Request::get("/v1/users/me")
        .header(
            header::AUTHORIZATION,
            format!("Bearer {}", tokens["access_token"].as_str().unwrap()),
        )
        .body(Body::empty())
        .unwrap();
    let me = send(&app, me).await;
    assert_eq!(me.status(), StatusCode::OK);
    assert_eq!(header_of(&me, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert_eq!(json_of(me).await["email"], "ada@example.com");
}
