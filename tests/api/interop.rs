//! Other people's code against Palisade: stock JWT verifiers (PyJWT, jose)
//! and a stock OAuth2 client (Authlib). `scripts/test` installs them
//! (tests/interop/requirements.txt into ~/.cache/palisade-venv,
//! tests/interop/package.json into tests/interop/node_modules).

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::Duration;

use palisade::core::clock::Clock as _;
use palisade::infra::crypto::jws::JwtAlgorithm;
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{Backend, PASSWORD, TestApp};

fn interop_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/interop")
}

/// The Python of the virtualenv scripts/test fills.
pub fn python() -> PathBuf {
    let venv = std::env::var_os("PALISADE_TEST_VENV").map_or_else(
        || PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/palisade-venv"),
        PathBuf::from,
    );
    let python = venv.join("bin/python");
    assert!(
        python.exists(),
        "{} is missing: run scripts/test once (it installs tests/interop/requirements.txt)",
        python.display()
    );
    python
}

pub fn node_script(name: &str) -> PathBuf {
    let dir = interop_dir();
    assert!(
        dir.join("node_modules/jose").exists(),
        "tests/interop/node_modules is missing: run scripts/test once (it runs npm ci there)"
    );
    dir.join(name)
}

/// A verifier process that answers one line per token it is given.
pub struct Verifier {
    name: &'static str,
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Verifier {
    fn spawn(name: &'static str, mut command: Command) -> Self {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {name}: {e}"));
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        Self {
            name,
            child,
            stdin,
            stdout,
        }
    }

    /// PyJWT's PyJWKClient, its JWKS cache kept `lifespan` seconds.
    pub fn pyjwt(app: &TestApp, audience: &str, lifespan: f64) -> Self {
        let mut command = Command::new(python());
        command
            .arg(interop_dir().join("verify_jwt.py"))
            .arg(app.url("/.well-known/jwks.json"))
            .arg(app.state.config.issuer())
            .arg(audience)
            .arg(lifespan.to_string());
        Self::spawn("PyJWT", command)
    }

    /// jose's createRemoteJWKSet, its JWKS cache kept `cache_max_age`.
    pub fn jose(app: &TestApp, audience: &str, cache_max_age: Duration) -> Self {
        let mut command = Command::new("node");
        command
            .arg(node_script("verify_jwt.mjs"))
            .arg(app.url("/.well-known/jwks.json"))
            .arg(app.state.config.issuer())
            .arg(audience)
            .arg(cache_max_age.as_millis().to_string());
        Self::spawn("jose", command)
    }

    /// `Ok(sub)` or `Err(why)`, as the library says. Blocks this worker
    /// thread only: the server under test answers the verifier's JWKS
    /// requests on the runtime's other threads.
    pub fn verify(&mut self, token: &str) -> Result<String, String> {
        writeln!(self.stdin, "{token}").unwrap();
        self.stdin.flush().unwrap();
        let mut line = String::new();
        tokio::task::block_in_place(|| self.stdout.read_line(&mut line)).unwrap();
        match line.trim().split_once(' ') {
            Some(("ok", sub)) => Ok(sub.to_owned()),
            _ => Err(format!("{}: {}", self.name, line.trim())),
        }
    }
}

impl Drop for Verifier {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What Authlib's OAuth2Session made of a password-grant token request.
pub fn authlib_fetch_token(app: &TestApp, username: &str, padding: usize) -> Value {
    let mut command = Command::new(python());
    command
        .arg(interop_dir().join("oauth_client.py"))
        .arg(app.url("/v1/auth/token"))
        .arg(username)
        .arg(PASSWORD)
        .arg(padding.to_string());
    let out = tokio::task::block_in_place(|| command.output()).unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    serde_json::from_str(stdout.trim()).unwrap_or_else(|_| {
        panic!(
            "oauth_client.py said: {stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

on_both_backends! {
    async fn stock_verifiers_accept_tokens_for_their_audience_and_refuse_others(backend) {
        let app = TestApp::spawn(backend).await;
        let user = app.register("ada@example.com").await;
        let tokens = app.login("ada@example.com").await;
        let audience = app.state.config.access_token_audience.clone();
        let id = user["id"].as_str().unwrap();
        let mut pyjwt = Verifier::pyjwt(&app, &audience, 300.0);
        let mut jose = Verifier::jose(&app, &audience, Duration::from_secs(600));
        assert_eq!(pyjwt.verify(&tokens.access).unwrap(), id);
        assert_eq!(jose.verify(&tokens.access).unwrap(), id);
        // A resource server expecting another audience refuses them.
        let mut elsewhere = Verifier::pyjwt(&app, "https://api.other.example", 300.0);
        assert!(elsewhere.verify(&tokens.access).unwrap_err().contains("Audience"));
        let mut elsewhere = Verifier::jose(&app, "https://api.other.example", Duration::from_secs(600));
        assert!(elsewhere.verify(&tokens.access).unwrap_err().contains("ERR_JWT_CLAIM_VALIDATION_FAILED"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_configured_audience_is_what_stock_verifiers_check() {
    let app = TestApp::spawn_with(Backend::Sqlite, |c| {
        c.access_token_audience = "https://api.example.com".into();
    })
    .await;
    let tokens = app.register_and_login("ada@example.com").await;
    let mut jose = Verifier::jose(&app, "https://api.example.com", Duration::from_secs(600));
    jose.verify(&tokens.access).unwrap();
    // The server itself accepts its own audience's tokens.
    assert_eq!(app.me_status(&tokens.access).await, StatusCode::OK);
}

/// Lets real time and the test clock move on together, so the tokens' `iat`
/// stays in the stock verifiers' present.
async fn wait(app: &TestApp, by: Duration) {
    tokio::time::sleep(by).await;
    app.advance(by);
}

fn kid_of(token: &str) -> String {
    let header = token.split('.').next().unwrap();
    let header: Value = serde_json::from_slice(
        &base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, header).unwrap(),
    )
    .unwrap();
    header["kid"].as_str().unwrap().to_owned()
}

on_both_backends! {
    async fn stock_verifiers_never_meet_an_unknown_kid_while_keys_rotate(backend) {
        // Minutes in production; seconds here, with the verifiers' caches
        // shortened alike. Their 30 s refetch cooldown stays as it ships.
        let delay = Duration::from_secs(3);
        let cache = Duration::from_secs(2);
        let app = TestApp::spawn_with(backend, |c| c.key_activation_delay = delay).await;
        let tokens = app.register_and_login("ada@example.com").await;
        let old_kid = kid_of(&tokens.access);
        let audience = app.state.config.access_token_audience.clone();
        let mut pyjwt = Verifier::pyjwt(&app, &audience, cache.as_secs_f64());
        let mut jose = Verifier::jose(&app, &audience, cache);
        pyjwt.verify(&tokens.access).unwrap();
        jose.verify(&tokens.access).unwrap();

        let now = app.clock.now();
        let new_kid = palisade::infra::crypto::keys::rotate(
            palisade::core::tenants::DEFAULT_TENANT, &app.db,
            JwtAlgorithm::Es256,
            now,
            now + chrono::TimeDelta::from_std(delay).unwrap(),
        )
        .await
        .unwrap();
        app.keys.reload(&app.db, now).await.unwrap();

        // Right after the rotation, with the verifiers' JWKS still fresh and
        // their refetch cooling down: a token signed with the new key would
        // fail here. The old key still signs.
        let right_after = app.login("ada@example.com").await;
        assert_eq!(kid_of(&right_after.access), old_kid);
        pyjwt.verify(&right_after.access).unwrap();
        jose.verify(&right_after.access).unwrap();

        // Their caches go stale; they refetch a JWKS that has both keys.
        wait(&app, cache + Duration::from_millis(200)).await;
        let meanwhile = app.login("ada@example.com").await;
        assert_eq!(kid_of(&meanwhile.access), old_kid);
        pyjwt.verify(&meanwhile.access).unwrap();
        jose.verify(&meanwhile.access).unwrap();

        // Once the new key signs, they know it already.
        wait(&app, delay - cache).await;
        let after = app.login("ada@example.com").await;
        assert_eq!(kid_of(&after.access), new_kid, "the new key signs after the delay");
        pyjwt.verify(&after.access).unwrap();
        jose.verify(&after.access).unwrap();
    }
}

/// The body and headers of a token endpoint answer, checked to be RFC 6749
/// JSON (never problem+json) with this status and `error`.
async fn expect_oauth_error(
    response: reqwest::Response,
    status: StatusCode,
    error: &str,
) -> reqwest::header::HeaderMap {
    assert_eq!(response.status(), status);
    let headers = response.headers().clone();
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(headers["cache-control"], "no-store");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"], error, "{body}");
    assert!(body["error_description"].is_string(), "{body}");
    headers
}

#[tokio::test]
async fn every_answer_of_the_token_endpoint_is_rfc_6749_json() {
    let app = TestApp::spawn_with(Backend::Sqlite, |c| {
        c.rate_limit = palisade::core::throttle::RateLimit::Budget {
            requests: 3,
            per: Duration::from_secs(3600),
        };
    })
    .await;
    let url = app.url("/v1/auth/token");
    // 413: over the body limit.
    let huge = format!(
        "grant_type=password&username=a&password={}",
        "x".repeat(70 * 1024)
    );
    let response = app
        .client
        .post(&url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(huge)
        .send()
        .await
        .unwrap();
    expect_oauth_error(response, StatusCode::PAYLOAD_TOO_LARGE, "invalid_request").await;
    // 415: not a form.
    let response = app
        .client
        .post(&url)
        .json(&serde_json::json!({"grant_type": "password"}))
        .send()
        .await
        .unwrap();
    expect_oauth_error(
        response,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "invalid_request",
    )
    .await;
    // 401: a client that is not ours.
    let response = app
        .client
        .post(&url)
        .basic_auth("someone-else", Some("secret"))
        .form(&[
            ("grant_type", "password"),
            ("username", "ada@example.com"),
            ("password", PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    let headers = expect_oauth_error(response, StatusCode::UNAUTHORIZED, "invalid_client").await;
    assert!(headers.contains_key("www-authenticate"));
    // 429: the rate limit, with Retry-After.
    let response = app
        .client
        .post(&url)
        .form(&[("grant_type", "password")])
        .send()
        .await
        .unwrap();
    let headers = expect_oauth_error(
        response,
        StatusCode::TOO_MANY_REQUESTS,
        "temporarily_unavailable",
    )
    .await;
    assert!(
        headers["retry-after"]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );
    // Other endpoints keep problem+json for the same limit.
    let response = app.post_json("/v1/auth/login", serde_json::json!({})).await;
    crate::helpers::expect_problem(response, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn authlib_raises_oauth_errors_for_a_rate_limit_and_an_oversized_request() {
    let app = TestApp::spawn_with(Backend::Sqlite, |c| {
        // Registration, one good request, one oversized: then the limit.
        c.rate_limit = palisade::core::throttle::RateLimit::Budget {
            requests: 3,
            per: Duration::from_secs(3600),
        };
    })
    .await;
    app.register("ada@example.com").await;
    let got = authlib_fetch_token(&app, "ada@example.com", 0);
    assert_eq!(got["token"]["token_type"], "Bearer", "{got}");
    // The body limit: Authlib raises instead of keeping an error as a token.
    let got = authlib_fetch_token(&app, "ada@example.com", 70 * 1024);
    assert_eq!(got["raised"], "OAuthError", "{got}");
    assert_eq!(got["error"], "invalid_request", "{got}");
    // The budget is spent: Authlib raises temporarily_unavailable.
    let got = authlib_fetch_token(&app, "ada@example.com", 0);
    assert_eq!(got["raised"], "OAuthError", "{got}");
    assert_eq!(got["error"], "temporarily_unavailable", "{got}");
}
