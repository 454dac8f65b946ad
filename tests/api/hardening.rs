//! Defences under attack: rate limits, per-account backoff, the hashing
//! bound, security headers, CORS, HTTPS and slow clients.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::Duration;

use palisade::core::throttle::RateLimit;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Backend, PASSWORD, TestApp, expect_problem};

async fn login(
    app: &TestApp,
    client: &reqwest::Client,
    email: &str,
    password: &str,
) -> reqwest::Response {
    client
        .post(app.url("/v1/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_default_rate_limit_stops_a_guessing_loop_from_one_address_only() {
    let app = TestApp::spawn_with(Backend::Sqlite, |c| c.rate_limit = RateLimit::DEFAULT).await;
    let attacker = crate::helpers::client_builder()
        .local_address("127.0.0.1".parse::<std::net::IpAddr>().unwrap())
        .build()
        .unwrap();
    let mut stopped_after = None;
    for attempt in 1..=60 {
        // A new address each time, and a forged X-Forwarded-For each time:
        // only the per-client budget can stop it, and the header changes nothing.
        let response = attacker
            .post(app.url("/v1/auth/login"))
            .header("x-forwarded-for", format!("198.51.100.{attempt}"))
            .json(&json!({"email": format!("victim{attempt}@example.com"), "password": "guess-guess-guess"}))
            .send()
            .await
            .unwrap();
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            let retry: u64 = response.headers()["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!((1..=60).contains(&retry), "{retry}");
            expect_problem(response, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
            stopped_after = Some(attempt);
            break;
        }
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    }
    let stopped_after = stopped_after.expect("the loop was stopped");
    assert!(
        stopped_after <= 40,
        "stopped within a few dozen tries, not {stopped_after}"
    );
    // Someone else, from another address, is not affected.
    let neighbour = crate::helpers::client_builder()
        .local_address("127.0.0.2".parse::<std::net::IpAddr>().unwrap())
        .build()
        .unwrap();
    let registered = neighbour
        .post(app.url("/v1/auth/register"))
        .json(&json!({"email": "ada@example.com", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(registered.status(), StatusCode::CREATED);
    assert_eq!(
        login(&app, &neighbour, "ada@example.com", PASSWORD)
            .await
            .status(),
        StatusCode::OK
    );
}

/// A client whose requests come from `ip` (a loopback address).
pub fn client_from(ip: &str) -> reqwest::Client {
    crate::helpers::client_builder()
        .local_address(ip.parse::<std::net::IpAddr>().unwrap())
        .build()
        .unwrap()
}

on_both_backends! {
    async fn guessing_slows_down_for_the_guesser_without_locking_out_the_owner(backend) {
        let app = TestApp::spawn(backend).await;
        app.register("ada@example.com").await;
        let guesser = client_from("127.0.0.1");
        for email in ["ada@example.com", "nobody@example.com"] {
            // A person who mistypes a few times is never held up.
            for _ in 0..6 {
                assert_eq!(login(&app, &guesser, email, "mistyped password").await.status(), StatusCode::UNAUTHORIZED);
            }
            // Then each further try waits, and an unknown address looks the same.
            let held = login(&app, &guesser, email, PASSWORD).await;
            assert_eq!(held.headers()["retry-after"], "1", "{email}");
            expect_problem(held, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
        }
        // The owner, from elsewhere, is not held up by someone else's guessing.
        let owner = client_from("127.0.0.2");
        assert_eq!(login(&app, &owner, "ada@example.com", PASSWORD).await.status(), StatusCode::OK);

        app.advance(Duration::from_secs(2));
        assert_eq!(login(&app, &guesser, "ada@example.com", PASSWORD).await.status(), StatusCode::OK);
        // A right password starts the count afresh.
        for _ in 0..5 {
            assert_eq!(login(&app, &guesser, "ada@example.com", "mistyped password").await.status(), StatusCode::UNAUTHORIZED);
        }
        // However long the guessing, the wait is capped at a minute.
        for _ in 0..30 {
            app.advance(Duration::from_secs(61));
            login(&app, &guesser, "nobody@example.com", "mistyped password").await;
        }
        let held = login(&app, &guesser, "nobody@example.com", "x-mistyped").await;
        let wait: u64 = held.headers()["retry-after"].to_str().unwrap().parse().unwrap();
        assert!(wait <= 60, "{wait}");
    }
}

on_both_backends! {
    async fn a_burst_of_concurrent_guesses_gets_one_try_not_many(backend) {
        let app = TestApp::spawn(backend).await;
        app.register("ada@example.com").await;
        for _ in 0..5 {
            login(&app, &app.client, "ada@example.com", "mistyped password").await;
        }
        let burst = (0..12).map(|_| {
            let (client, url) = (app.client.clone(), app.url("/v1/auth/login"));
            async move {
                client.post(url).json(&json!({"email": "ada@example.com", "password": "guess-guess-guess"})).send().await.unwrap().status()
            }
        });
        let statuses = crate::auth::futures_join(burst).await;
        let tried = statuses.iter().filter(|s| **s == StatusCode::UNAUTHORIZED).count();
        assert_eq!(tried, 1, "the attempts are counted before the password is checked: {statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count(), 11);
    }
}

on_both_backends! {
    async fn re_entering_the_password_is_throttled_too(backend) {
        let app = TestApp::spawn(backend).await;
        let tokens = app.register_and_login("ada@example.com").await;
        let change = |current: &'static str| {
            app.client
                .post(app.url("/v1/auth/password/change"))
                .bearer_auth(&tokens.access)
                .json(&json!({"current_password": current, "new_password": "a brand new passphrase 42"}))
                .send()
        };
        for _ in 0..6 {
            assert_eq!(change("not my password").await.unwrap().status(), StatusCode::FORBIDDEN);
        }
        expect_problem(change(PASSWORD).await.unwrap(), StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
        let erase = app.client.delete(app.url("/v1/users/me")).bearer_auth(&tokens.access).json(&json!({"password": "guess"})).send().await.unwrap();
        expect_problem(erase, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
        app.advance(Duration::from_secs(2));
        assert_eq!(change(PASSWORD).await.unwrap().status(), StatusCode::NO_CONTENT);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_flood_is_turned_away_quickly_instead_of_queueing() {
    // PostgreSQL: logins for different addresses do not queue on one write
    // lock there, so they all reach the hashing slots at once.
    let app = TestApp::spawn_with(Backend::Postgres, |c| c.hash_concurrency = 1).await;
    let attempts = (0..300).map(|i| {
        let (client, url) = (app.client.clone(), app.url("/v1/auth/login"));
        async move {
            let body =
                json!({"email": format!("flood{i}@example.com"), "password": "guess-guess-guess"});
            let response = client.post(url).json(&body).send().await.unwrap();
            let status = response.status();
            let code = response.json::<Value>().await.unwrap()["code"]
                .as_str()
                .unwrap_or_default()
                .to_owned();
            (status, code)
        }
    });
    let outcomes = crate::auth::futures_join(attempts).await;
    assert!(
        outcomes
            .iter()
            .all(|(s, _)| *s == StatusCode::UNAUTHORIZED || *s == StatusCode::SERVICE_UNAVAILABLE),
        "{outcomes:?}"
    );
    let busy = outcomes
        .iter()
        .filter(|(s, c)| *s == StatusCode::SERVICE_UNAVAILABLE && c == "unavailable")
        .count();
    assert!(
        busy > 0,
        "with one hashing slot, most of 300 logins are turned away"
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let tokens = app.register_and_login("ada@example.com").await;
    for (path, token) in [
        ("/v1/users/me", Some(&tokens.access)),
        ("/nowhere", None),
        ("/healthz", None),
        ("/docs/", None),
        ("/openapi.json", None),
    ] {
        let mut request = app.client.get(app.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        let h = response.headers();
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(h["x-frame-options"], "DENY", "{path}");
        assert_eq!(h["referrer-policy"], "no-referrer", "{path}");
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        if path == "/docs/" {
            assert!(
                csp.contains("script-src 'self'") && !csp.contains("unsafe-eval"),
                "{csp}"
            );
        } else {
            assert!(
                csp.starts_with("default-src 'none'") && !csp.contains("script-src"),
                "{path}: {csp}"
            );
        }
        assert!(h.get("server").is_none(), "{path}");
        assert!(
            h.get("strict-transport-security").is_none(),
            "no HSTS over plain HTTP"
        );
    }
    let me = app.get_authed("/v1/users/me", &tokens.access).await;
    assert_eq!(me.headers()["cache-control"], "no-store");
    // Answers made by outer layers carry them too: 413, 429, a CORS preflight.
    let too_large = app
        .post_json("/v1/auth/login", json!({"email": "x".repeat(70_000)}))
        .await;
    assert_eq!(too_large.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let limited_app = app
        .another_instance(|c| {
            c.rate_limit = RateLimit::Budget {
                requests: 1,
                per: Duration::from_secs(3600),
            };
            c.cors_origins = vec!["https://app.example.com".into()];
        })
        .await;
    limited_app
        .post_json("/v1/auth/refresh", json!({"refresh_token": "x"}))
        .await;
    let limited = limited_app
        .post_json("/v1/auth/refresh", json!({"refresh_token": "x"}))
        .await;
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    let preflight = limited_app
        .client
        .request(reqwest::Method::OPTIONS, limited_app.url("/v1/users/me"))
        .header("origin", "https://app.example.com")
        .header("access-control-request-method", "GET")
        .send()
        .await
        .unwrap();
    for (name, response) in [
        ("413", &too_large),
        ("429", &limited),
        ("preflight", &preflight),
    ] {
        assert_eq!(
            response.headers()["x-content-type-options"],
            "nosniff",
            "{name}"
        );
        assert!(
            response.headers().contains_key("content-security-policy"),
            "{name}"
        );
    }
}

#[tokio::test]
async fn hsts_is_sent_behind_a_trusted_tls_proxy_only() {
    let direct = TestApp::spawn(Backend::Sqlite).await;
    let proxied = direct
        .another_instance(|c| c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()])
        .await;
    let get = |app: &TestApp| {
        app.client
            .get(app.url("/healthz"))
            .header("x-forwarded-proto", "https")
            .send()
    };
    assert!(
        get(&direct)
            .await
            .unwrap()
            .headers()
            .get("strict-transport-security")
            .is_none()
    );
    assert!(
        get(&proxied).await.unwrap().headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .contains("max-age=")
    );
}

#[tokio::test]
async fn cors_is_off_unless_origins_are_listed() {
    let closed = TestApp::spawn(Backend::Sqlite).await;
    let open = closed
        .another_instance(|c| c.cors_origins = vec!["https://app.example.com".into()])
        .await;
    let preflight = |app: &TestApp, origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, app.url("/v1/users/me"))
            .header("origin", origin)
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "authorization")
            .send()
    };
    let r = preflight(&closed, "https://app.example.com").await.unwrap();
    assert!(r.headers().get("access-control-allow-origin").is_none());
    let r = preflight(&open, "https://app.example.com").await.unwrap();
    assert_eq!(
        r.headers()["access-control-allow-origin"],
        "https://app.example.com"
    );
    assert!(
        r.headers()["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .to_lowercase()
            .contains("authorization")
    );
    assert!(
        r.headers()
            .get("access-control-allow-credentials")
            .is_none(),
        "no cookies across origins"
    );
    let r = preflight(&open, "https://evil.example").await.unwrap();
    assert!(r.headers().get("access-control-allow-origin").is_none());
    // An app reads the challenge that says "refresh" or "sign in again".
    let r = open
        .client
        .get(open.url("/v1/users/me"))
        .header("origin", "https://app.example.com")
        .send()
        .await
        .unwrap();
    let exposed = r.headers()["access-control-expose-headers"]
        .to_str()
        .unwrap()
        .to_lowercase();
    assert!(exposed.contains("www-authenticate"), "{exposed}");
}

#[tokio::test]
async fn cors_allows_the_tracing_headers_an_operator_lists() {
    let preflight = |app: &TestApp| {
        app.client
            .request(reqwest::Method::OPTIONS, app.url("/v1/users/me"))
            .header("origin", "https://app.example.com")
            .header("access-control-request-method", "GET")
            .header(
                "access-control-request-headers",
                "authorization, traceparent, baggage",
            )
            .send()
    };
    let allowed = |r: &reqwest::Response| {
        r.headers()
            .get("access-control-allow-headers")
            .map(|v| v.to_str().unwrap().to_lowercase())
            .unwrap_or_default()
    };
    let strict = TestApp::spawn_with(Backend::Sqlite, |c| {
        c.cors_origins = vec!["https://app.example.com".into()];
    })
    .await;
    let r = preflight(&strict).await.unwrap();
    assert!(
        !allowed(&r).contains("traceparent"),
        "not listed, not allowed"
    );
    let tracing = strict
        .another_instance(|c| {
            c.cors_origins = vec!["https://app.example.com".into()];
            c.cors_allow_headers = vec![
                axum::http::HeaderName::from_static("traceparent"),
                axum::http::HeaderName::from_static("baggage"),
            ];
        })
        .await;
    let r = preflight(&tracing).await.unwrap();
    let headers = allowed(&r);
    for name in ["authorization", "content-type", "traceparent", "baggage"] {
        assert!(headers.contains(name), "{name} in {headers}");
    }
}

/// A self-signed certificate for 127.0.0.1 with this common name, by openssl.
pub fn self_signed(dir: &std::path::Path, name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let (cert, key) = (
        dir.join(format!("{name}.crt")),
        dir.join(format!("{name}.key")),
    );
    let status = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
        ])
        .args([
            "-subj",
            &format!("/CN={name}"),
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ])
        // An end-entity certificate: rustls refuses a CA certificate as a server's.
        .args([
            "-addext",
            "basicConstraints=critical,CA:FALSE",
            "-addext",
            "extendedKeyUsage=serverAuth",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    (cert, key)
}

/// The common name of the certificate served at `port`, read with openssl.
fn served_certificate(port: u16) -> String {
    let mut child = Command::new("openssl")
        .args(["s_client", "-connect", &format!("127.0.0.1:{port}")])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    drop(child.stdin.take());
    let mut out = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    let _ = child.wait();
    out.lines()
        .find(|l| l.contains("subject="))
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_is_served_natively_and_the_certificate_reloads_on_sighup() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = self_signed(dir.path(), "first");
    let mut command = crate::process::command();
    command
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.path().join("p.db").display()),
        )
        .env("PALISADE_TLS_CERT", &cert)
        .env("PALISADE_TLS_KEY", &key)
        .env("PALISADE_MAIL_DIR", dir.path().join("mail"));
    let server = tokio::task::spawn_blocking(move || crate::process::Palisade::start(command))
        .await
        .unwrap();
    let (port, base) = (server.port(), server.base.clone());
    assert!(base.starts_with("https://"), "{base}");
    let _ = rustls::crypto::ring::default_provider().install_default();
    let root = reqwest::Certificate::from_pem(&std::fs::read(&cert).unwrap()).unwrap();
    let client = crate::helpers::client_builder()
        .add_root_certificate(root)
        .build()
        .unwrap();
    let response = client
        .post(format!("{base}/v1/auth/register"))
        .json(&json!({"email": "ada@example.com", "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    assert!(
        response.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .contains("max-age=")
    );
    let plain = crate::helpers::client_builder()
        .build()
        .unwrap()
        .get(format!("http://127.0.0.1:{port}/healthz"))
        .send()
        .await;
    assert!(
        plain.map(|r| !r.status().is_success()).unwrap_or(true),
        "no plain HTTP on the TLS port"
    );
    assert!(served_certificate(port).contains("first"));
    let old_tls = Command::new("openssl")
        .args([
            "s_client",
            "-tls1_1",
            "-connect",
            &format!("127.0.0.1:{port}"),
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&old_tls.stdout);
    assert!(
        !old_tls.status.success() || said.contains("Cipher is (NONE)"),
        "TLS 1.1 is refused: {said}"
    );

    // A renewed certificate is picked up on SIGHUP, without a restart.
    let (new_cert, new_key) = self_signed(dir.path(), "second");
    std::fs::rename(new_cert, &cert).unwrap();
    std::fs::rename(new_key, &key).unwrap();
    server.signal("-HUP");
    let mut reloaded = false;
    for _ in 0..50 {
        if served_certificate(port).contains("second") {
            reloaded = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(reloaded, "the new certificate is served");
}

#[tokio::test]
async fn a_client_that_never_finishes_its_headers_is_disconnected() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let addr = app.base.trim_start_matches("http://").to_owned();
    let result = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .unwrap();
        let started = std::time::Instant::now();
        let mut buf = [0u8; 256];
        let read = stream.read(&mut buf);
        (
            started.elapsed(),
            read.map(|n| n == 0 || String::from_utf8_lossy(&buf[..n]).contains("408")),
        )
    })
    .await
    .unwrap();
    let (waited, closed) = result;
    assert!(closed.unwrap_or(true), "the server closes the connection");
    assert!(
        waited < Duration::from_secs(25),
        "within the header timeout, not {waited:?}"
    );
}
