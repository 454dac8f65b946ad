//! Operations: metrics an operator can watch, and a clean stop on SIGTERM.

use std::process::Command;
use std::time::Duration;

use serde_json::json;

use crate::helpers::{self, Backend, PASSWORD, TestApp};
use crate::process::{self, Palisade};

#[tokio::test]
async fn metrics_cover_requests_logins_tokens_hashing_and_the_pool() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let tokens = app.register_and_login("ada@example.com").await;
    app.post_json(
        "/v1/auth/login",
        json!({"email": "ada@example.com", "password": "wrong password here"}),
    )
    .await;
    let tokens = crate::helpers::Tokens::from(
        app.refresh(&tokens.refresh)
            .await
            .json::<serde_json::Value>()
            .await
            .unwrap(),
    );
    app.post_authed("/v1/auth/logout", &tokens.access).await;
    let text = app.get_text("/metrics").await;
    for needle in [
        "palisade_http_requests_total{method=\"POST\",route=\"/v1/auth/login\",status=\"200\"}",
        "palisade_http_request_duration_seconds_bucket",
        "palisade_logins_total{result=\"succeeded\"}",
        "palisade_logins_total{result=\"failed\"}",
        "palisade_tokens_issued_total",
        "palisade_tokens_refreshed_total",
        "palisade_sessions_revoked_total",
        "palisade_password_hash_seconds_bucket",
        "palisade_db_pool_connections{state=\"idle\"}",
        "palisade_db_pool_max_connections",
    ] {
        assert!(text.contains(needle), "{needle} in:\n{text}");
    }
    // Routes are templates: no user id or token ever becomes a label.
    assert!(!text.contains(&tokens.access[..20]));
    // Nothing tells an unknown address from a wrong password.
    assert!(!text.contains("reason="), "{text}");
}

const METRICS_TOKEN: &str = "scrape-me-0123456789abcdef";

#[tokio::test]
async fn open_metrics_do_not_tell_which_accounts_exist() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    app.register("ada@example.com").await;
    // Forgot-password for a real and an unknown address: emails go out for
    // the first only, so email counters would tell them apart.
    for email in ["ada@example.com", "nobody@example.com"] {
        app.post_json("/v1/auth/password/forgot", json!({"email": email}))
            .await;
    }
    let text = app.get_text("/metrics").await;
    assert!(text.contains("palisade_http_requests_total"), "{text}");
    assert!(
        !text.lines().any(|l| l.starts_with("palisade_emails_")),
        "{text}"
    );
    assert!(!text.contains("reason="), "{text}");
}

#[tokio::test]
async fn a_metrics_token_closes_metrics_to_everyone_without_it() {
    let app = TestApp::spawn_with(Backend::Sqlite, |c| {
        c.metrics_token = Some(secrecy::SecretString::from(METRICS_TOKEN));
    })
    .await;
    app.register("ada@example.com").await;
    let scrape = |token: Option<&str>| {
        let request = app.client.get(app.url("/metrics"));
        match token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
        .send()
    };
    let refused = scrape(None).await.unwrap();
    assert_eq!(refused.headers()["www-authenticate"], "Bearer");
    helpers::expect_problem(refused, reqwest::StatusCode::UNAUTHORIZED, "unauthorized").await;
    let wrong = scrape(Some("scrape-me-0123456789abcdeX")).await.unwrap();
    assert_eq!(wrong.status(), reqwest::StatusCode::UNAUTHORIZED);
    // The operator's scraper sees everything, email counters included.
    for _ in 0..50 {
        let text = scrape(Some(METRICS_TOKEN))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if text.contains("palisade_emails_sent_total") {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the verification email was counted for the token holder");
}

/// The binary, serving a fresh SQLite database with emails written to files.
struct Server {
    process: Palisade,
    base: String,
    client: reqwest::Client,
    mail: tempfile::TempDir,
    _dir: Option<tempfile::TempDir>,
}

impl Server {
    async fn start(env: &[(&str, &str)]) -> Self {
        let (url, dir) = helpers::fresh_database(Backend::Sqlite).await;
        let mail = tempfile::tempdir().unwrap();
        let mut command = process::command();
        command
            .env("DATABASE_URL", &url)
            .env("PALISADE_MAIL_DIR", mail.path())
            .envs(env.iter().copied());
        let process = tokio::task::spawn_blocking(move || Palisade::start(command))
            .await
            .unwrap();
        Self {
            base: process.base.clone(),
            process,
            client: crate::helpers::client_builder().build().unwrap(),
            mail,
            _dir: dir,
        }
    }

    async fn register(&self, email: &str) -> reqwest::StatusCode {
        self.client
            .post(format!("{}/v1/auth/register", self.base))
            .json(&json!({"email": email, "password": PASSWORD}))
            .send()
            .await
            .unwrap()
            .status()
    }

    /// SIGTERM, then how it ended and everything it wrote.
    async fn stop(self) -> (std::process::ExitStatus, String, tempfile::TempDir) {
        let (status, log) = self.process.stop().await;
        (status, log, self.mail)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_stops_the_server_cleanly() {
    let server = Server::start(&[]).await;
    assert_eq!(
        server.register("ada@example.com").await,
        reqwest::StatusCode::CREATED
    );
    let started = std::time::Instant::now();
    let (status, out, mail) = server.stop().await;
    assert!(status.success(), "exit code 0 after SIGTERM");
    assert!(started.elapsed() < Duration::from_secs(30));
    assert!(out.contains("palisade stopped"), "{out}");
    // The verification email queued at registration was delivered (to a file) before the stop.
    assert_eq!(std::fs::read_dir(mail.path()).unwrap().count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_json_logs_every_line_the_server_writes_is_json() {
    // A fresh database: migrations, a new signing key, a request, a stop.
    let server = Server::start(&[("PALISADE_LOG_FORMAT", "json"), ("RUST_LOG", "debug")]).await;
    let listening = server.base.trim_start_matches("http://").to_owned();
    server.register("ada@example.com").await;
    let (_, out, _) = server.stop().await;
    let mut lines = 0;
    for line in out.lines().filter(|l| !l.trim().is_empty()) {
        serde_json::from_str::<serde_json::Value>(line)
            .unwrap_or_else(|_| panic!("not a JSON line: {line}"));
        lines += 1;
    }
    assert!(
        out.contains("palisade listening") && out.contains(&listening),
        "{out}"
    );
    assert!(lines > 5, "{out}");

    // A bad setting is reported as JSON too.
    let bad = Command::new(env!("CARGO_BIN_EXE_palisade"))
        .env("DATABASE_URL", "sqlite::memory:")
        .env("PALISADE_LOG_FORMAT", "json")
        .env("PALISADE_ACCESS_TOKEN_TTL", "soon")
        .output()
        .unwrap();
    assert!(!bad.status.success());
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&bad.stdout),
        String::from_utf8_lossy(&bad.stderr)
    );
    let line: serde_json::Value =
        serde_json::from_str(said.trim()).unwrap_or_else(|_| panic!("{said}"));
    assert!(
        line.to_string().contains("PALISADE_ACCESS_TOKEN_TTL"),
        "{line}"
    );
}

/// Every folder the build reads is in the image's build stage: the sources,
/// the templates, and each file a source includes at compile time
/// (`include_str!`), or `docker build -f deploy/Dockerfile .` fails.
#[test]
fn the_dockerfile_copies_every_folder_the_build_reads() {
    fn sources(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                sources(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dockerfile = std::fs::read_to_string(root.join("deploy/Dockerfile")).unwrap();
    // build.rs embeds the message files of locales/.
    let mut needed = std::collections::BTreeSet::from([
        "src".to_owned(),
        "templates".to_owned(),
        "build.rs".to_owned(),
        "locales".to_owned(),
    ]);
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for (at, _) in text
            .match_indices("include_str!(\"")
            .chain(text.match_indices("include_bytes!(\""))
        {
            let rest = &text[at..];
            let start = rest.find('"').unwrap() + 1;
            let end = start + rest[start..].find('"').unwrap();
            let included = file
                .parent()
                .unwrap()
                .join(&rest[start..end])
                .canonicalize()
                .unwrap();
            let top = included
                .strip_prefix(root.canonicalize().unwrap())
                .unwrap()
                .components()
                .next()
                .unwrap();
            needed.insert(top.as_os_str().to_string_lossy().into_owned());
        }
    }
    assert!(
        needed.contains("static"),
        "the scan found the stylesheet: {needed:?}"
    );
    for dir in needed {
        assert!(
            dockerfile
                .lines()
                .any(|l| l.trim_start().starts_with(&format!("COPY {dir} "))),
            "deploy/Dockerfile does not copy {dir}/"
        );
    }
}
