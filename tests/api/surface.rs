//! The rest of the surface: error shapes for every kind of bad request,
//! health and readiness, OpenAPI and Swagger UI.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};

use crate::helpers::{self, Backend, TestApp, expect_problem};

#[tokio::test]
async fn every_kind_of_bad_request_gets_problem_json() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let unknown = app
        .client
        .get(app.url("/v1/nothing-here"))
        .send()
        .await
        .unwrap();
    expect_problem(unknown, StatusCode::NOT_FOUND, "not_found").await;

    let wrong_method = app
        .client
        .put(app.url("/v1/auth/login"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_method.headers()["allow"], "POST");
    expect_problem(
        wrong_method,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;

    let no_type = app
        .client
        .post(app.url("/v1/auth/login"))
        .body("{}")
        .send()
        .await
        .unwrap();
    expect_problem(
        no_type,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
    let text = app
        .client
        .post(app.url("/v1/auth/login"))
        .header("content-type", "text/plain")
        .body("{}")
        .send()
        .await
        .unwrap();
    expect_problem(
        text,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;

    let json_post = |body: &'static str| {
        app.client
            .post(app.url("/v1/auth/login"))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    for broken in ["{", "", "not json", "[1,2]", "\"a string\"", "null"] {
        let response = json_post(broken).await.unwrap();
        expect_problem(response, StatusCode::BAD_REQUEST, "malformed_request").await;
    }
    let wrong_type = json_post(r#"{"email": ["a"], "password": "x"}"#)
        .await
        .unwrap();
    let body = expect_problem(
        wrong_type,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "email");
    assert_eq!(body["errors"][0]["code"], "invalid_type");

    let huge = json!({"email": "a@example.com", "password": "x".repeat(70 * 1024)});
    let too_large = app.post_json("/v1/auth/login", huge).await;
    expect_problem(
        too_large,
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
    )
    .await;

    // Every problem names its request, for support.
    let response = app.client.get(app.url("/nope")).send().await.unwrap();
    let id = response.headers()["x-request-id"]
        .to_str()
        .unwrap()
        .to_owned();
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["request_id"], id.as_str());
}

#[tokio::test]
async fn strange_bytes_never_crash_the_server() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let bodies: Vec<Vec<u8>> = vec![
        vec![0xff, 0xfe, 0x00, 0x7b],
        br#"{"email": "\u0000@example.com", "password": "\ud800"}"#.to_vec(),
        br#"{"email": "ada@example.com", "password": "correct horse battery staple", "display_name": "\u0007"}"#.to_vec(),
        format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes(),
        br#"{"email": 1e999}"#.to_vec(),
    ];
    for path in ["/v1/auth/register", "/v1/auth/login", "/v1/auth/refresh"] {
        for body in &bodies {
            let response = app
                .client
                .post(app.url(path))
                .header("content-type", "application/json")
                .body(body.clone())
                .send()
                .await
                .unwrap();
            assert!(
                response.status().is_client_error(),
                "{path}: {}",
                response.status()
            );
        }
    }
    assert_eq!(
        app.client
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let health: Value = app
        .client
        .get(app.url("/healthz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health, json!({"status": "ok"}));
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
}

/// A TCP relay to PostgreSQL that can be cut and restored, to play a
/// database outage.
struct Relay {
    port: u16,
    up: Arc<AtomicBool>,
    cut: Arc<tokio::sync::Notify>,
}

impl Relay {
    async fn start(target: std::net::SocketAddr) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = Arc::new(AtomicBool::new(true));
        let cut = Arc::new(tokio::sync::Notify::new());
        let (up2, cut2) = (up.clone(), cut.clone());
        tokio::spawn(async move {
            loop {
                let Ok((mut inbound, _)) = listener.accept().await else {
                    break;
                };
                if !up2.load(Ordering::SeqCst) {
                    continue;
                }
                let cut = cut2.clone();
                tokio::spawn(async move {
                    let Ok(mut outbound) = TcpStream::connect(target).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                        _ = cut.notified() => {}
                    }
                });
            }
        });
        Self { port, up, cut }
    }

    fn down(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.cut.notify_waiters();
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_reports_a_database_outage_and_recovers_by_itself() {
    let (url, _) = helpers::fresh_database(Backend::Postgres).await;
    let target = {
        let rest = url.split("://").nth(1).unwrap();
        let host_port = rest
            .split('@')
            .next_back()
            .unwrap()
            .split('/')
            .next()
            .unwrap();
        let host_port = if host_port.contains(':') {
            host_port.to_owned()
        } else {
            format!("{host_port}:5432")
        };
        tokio::net::lookup_host(host_port)
            .await
            .unwrap()
            .next()
            .unwrap()
    };
    let relay = Relay::start(target).await;
    let relayed = {
        let rest = url.split("://").nth(1).unwrap();
        let (creds, tail) = rest.split_once('@').map_or(("", rest), |(c, t)| (c, t));
        let path = tail.split_once('/').map_or("", |(_, p)| p);
        let creds = if creds.is_empty() {
            String::new()
        } else {
            format!("{creds}@")
        };
        format!("postgres://{creds}127.0.0.1:{}/{path}", relay.port)
    };
    let app = TestApp::spawn_on(relayed).await;
    let tokens = app.register_and_login("ada@example.com").await;
    let ready = || async { app.client.get(app.url("/readyz")).send().await.unwrap() };
    assert_eq!(ready().await.status(), StatusCode::OK);

    relay.down();
    let started = std::time::Instant::now();
    let response = ready().await;
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "readiness must not hang"
    );
    expect_problem(response, StatusCode::SERVICE_UNAVAILABLE, "unavailable").await;
    let login = app
        .post_json(
            "/v1/auth/login",
            json!({"email": "ada@example.com", "password": helpers::PASSWORD}),
        )
        .await;
    expect_problem(login, StatusCode::SERVICE_UNAVAILABLE, "unavailable").await;
    // The OAuth2 token endpoint says the same the RFC 6749 way.
    let token = app
        .client
        .post(app.url("/v1/auth/token"))
        .form(&[
            ("grant_type", "password"),
            ("username", "ada@example.com"),
            ("password", helpers::PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(token.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(token.headers()["content-type"], "application/json");
    assert!(token.headers().contains_key("retry-after"));
    let body: Value = token.json().await.unwrap();
    assert_eq!(body["error"], "temporarily_unavailable", "{body}");

    relay.restore();
    let mut recovered = false;
    for _ in 0..50 {
        if ready().await.status() == StatusCode::OK {
            recovered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(recovered, "the server reconnects by itself");
    assert_eq!(app.me_status(&tokens.access).await, StatusCode::OK);
}

#[tokio::test]
async fn the_openapi_document_covers_every_endpoint() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let doc: Value = app
        .client
        .get(app.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let paths = doc["paths"].as_object().unwrap();
    for (path, method) in [
        ("/v1/auth/register", "post"),
        ("/v1/auth/login", "post"),
        ("/v1/auth/token", "post"),
        ("/v1/auth/refresh", "post"),
        ("/v1/auth/logout", "post"),
        ("/v1/auth/logout-all", "post"),
        ("/v1/users/me", "get"),
        ("/v1/users/me", "patch"),
        ("/v1/users/me/sessions", "get"),
        ("/v1/users/me/sessions/{id}", "delete"),
        ("/healthz", "get"),
        ("/readyz", "get"),
        ("/.well-known/jwks.json", "get"),
    ] {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path}"
        );
    }
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(
        schemes["oauth2"]["flows"]["password"]["tokenUrl"],
        "/v1/auth/token"
    );
    assert_eq!(
        doc["servers"][0]["url"],
        app.state.config.public_url.as_str()
    );
}

#[tokio::test]
async fn the_openapi_document_declares_every_answer_as_it_is_served() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let doc: Value = app.get_json("/openapi.json").await;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            for (status, response) in responses {
                let what = format!("{method} {path} {status}");
                assert!(
                    response["description"]
                        .as_str()
                        .is_some_and(|d| !d.is_empty()),
                    "{what}: description"
                );
                let content = response["content"].as_object();
                let problem_as_json = content
                    .and_then(|c| c.get("application/json"))
                    .is_some_and(|c| c["schema"]["$ref"] == "#/components/schemas/Problem");
                assert!(
                    !problem_as_json,
                    "{what}: problems are application/problem+json"
                );
            }
            let declares = |status: &str| responses.contains_key(status);
            if op.get("requestBody").is_some() {
                for status in ["413", "415"] {
                    assert!(declares(status), "{method} {path} declares {status}");
                }
            }
            if path.starts_with("/v1/auth/") {
                assert!(declares("429"), "{method} {path} declares 429");
                assert!(
                    responses["429"]["headers"].get("Retry-After").is_some(),
                    "{method} {path}"
                );
            }
            if path.starts_with("/v1/") {
                assert!(declares("503"), "{method} {path} declares 503");
            }
            if op.get("security").is_some() {
                assert!(declares("401"), "{method} {path} declares 401");
            }
        }
    }
    // The token endpoint: RFC 6749 errors only, 401 included; grant_type
    // is required and one of the grants.
    for path in ["/v1/auth/token", "/oauth2/token"] {
        let token = &doc["paths"][path]["post"];
        for status in ["400", "401", "413", "415", "429", "503"] {
            let content = &token["responses"][status]["content"];
            assert!(content.get("application/json").is_some(), "{path} {status}");
            assert!(
                content.get("application/problem+json").is_none(),
                "{path} {status}"
            );
        }
    }
    let request = &doc["components"]["schemas"]["TokenForm"];
    assert!(
        request["required"]
            .as_array()
            .unwrap()
            .contains(&json!("grant_type"))
    );
    let grant = &doc["components"]["schemas"]["GrantType"];
    assert_eq!(
        grant["enum"],
        json!([
            "authorization_code",
            "refresh_token",
            "client_credentials",
            "password",
            "urn:ietf:params:oauth:grant-type:device_code"
        ])
    );
}

#[tokio::test]
async fn swagger_ui_is_served_from_the_binary() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let page = app.client.get(app.url("/docs/")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("swagger-ui"), "{html}");
    assert!(!html.contains("https://"), "no CDN: {html}");
    let init = app
        .client
        .get(app.url("/docs/swagger-initializer.js"))
        .send()
        .await
        .unwrap();
    assert!(init.text().await.unwrap().contains("/openapi.json"));
    let bundle = app
        .client
        .get(app.url("/docs/swagger-ui-bundle.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(bundle.status(), StatusCode::OK);
}

/// Headless Chromium, as the probe of this machine starts it: no sandbox
/// (root), no background networking (the network is closed).
pub fn chromium_dump_dom(url: &str) -> (String, String) {
    let chromium = "/usr/bin/chromium";
    assert!(
        std::path::Path::new(chromium).exists(),
        "Chromium is needed: scripts/test installs it (apt-get install chromium)"
    );
    let profile = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
        ])
        .args([
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args([
            "--enable-logging=stderr",
            "--v=0",
            "--virtual-time-budget=8000",
            "--dump-dom",
            url,
        ])
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn swagger_ui_renders_in_a_browser_under_its_content_security_policy() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let url = app.url("/docs/");
    let (dom, log) = tokio::task::spawn_blocking(move || chromium_dump_dom(&url))
        .await
        .unwrap();
    let operations = dom.matches("class=\"opblock opblock-").count();
    assert!(
        operations >= 30,
        "Swagger UI lists every operation, found {operations}"
    );
    assert!(dom.contains("data-path=\"/v1/auth/login\""));
    assert!(
        !log.contains("Content Security Policy"),
        "no CSP violation: {log}"
    );
}
