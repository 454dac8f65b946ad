//! The libraries under `integrations/` (apps protecting their routes with
//! Palisade's tokens) run their own test suites against a live Palisade
//! started here: the real binary on a SQLite file, on a port chosen first
//! so that its public URL (the tokens' issuer) is where it listens, with
//! access tokens of 3 s so that expiry is quick to see.

use std::path::Path;
use std::process::Command;

use crate::helpers::unused_port;
use crate::process::{Palisade, command};

/// The password of every user the suites make.
const PASSWORD: &str = "correct horse battery staple";

/// How long the live server's access tokens last.
const ACCESS_TTL_SECONDS: u64 = 3;

/// When a rotated key signs (10 min in production): the suites rotate, and
/// the CLI they rotate with reads it too.
const KEY_ACTIVATION_DELAY: &str = "4s";

struct Live {
    _server: Palisade,
    url: String,
    database_url: String,
    client: (String, String),
    _dir: tempfile::TempDir,
}

impl Live {
    fn start() -> Self {
        Self::start_with(&[])
    }

    /// With more settings for the server (`PALISADE_CORS_ORIGINS`…).
    fn start_with(settings: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let database_url = format!("sqlite://{}", dir.path().join("palisade.db").display());
        // A confidential client for the libraries' introspection (revocation checks).
        let created = cli(
            &database_url,
            &["clients", "create", "--name", "resource-server"],
            &[("--grant-type", "client_credentials")],
        );
        let client = (
            field(&created, "client_id:"),
            field(&created, "client_secret:"),
        );
        let port = unused_port();
        let url = format!("http://127.0.0.1:{port}");
        let mut serve = command();
        serve
            .env("DATABASE_URL", &database_url)
            .env("PALISADE_BIND", format!("127.0.0.1:{port}"))
            .env("PALISADE_PUBLIC_URL", &url)
            .env(
                "PALISADE_ACCESS_TOKEN_TTL",
                format!("{ACCESS_TTL_SECONDS}s"),
            )
            .env("PALISADE_RATE_LIMIT", "off")
            // A rotated key signs after 4 s instead of 10 min (the suites rotate).
            .env("PALISADE_KEY_ACTIVATION_DELAY", KEY_ACTIVATION_DELAY)
            .env("PALISADE_MAIL_DIR", dir.path().join("mail"))
            .envs(settings.iter().copied());
        Self {
            _server: Palisade::start(serve),
            url,
            database_url,
            client,
            _dir: dir,
        }
    }

    /// What a suite is told: where Palisade is, its database and binary
    /// (for `keys rotate` and `admin create`), the introspection client.
    fn configure<'c>(&self, suite: &'c mut Command) -> &'c mut Command {
        suite
            .env("PALISADE_URL", &self.url)
            .env("DATABASE_URL", &self.database_url)
            .env("PALISADE_BIN", env!("CARGO_BIN_EXE_palisade"))
            .env("PALISADE_ACCESS_TTL", ACCESS_TTL_SECONDS.to_string())
            .env("PALISADE_KEY_ACTIVATION_DELAY", KEY_ACTIVATION_DELAY)
            .env("PALISADE_INTROSPECT_ID", &self.client.0)
            .env("PALISADE_INTROSPECT_SECRET", &self.client.1)
    }
}

/// Runs the palisade CLI on `database_url` with `args` and then the
/// `flags`' pairs; its standard output, or a panic with what it said.
fn cli(database_url: &str, args: &[&str], flags: &[(&str, &str)]) -> String {
    let mut command = command();
    command
        .env("DATABASE_URL", database_url)
        .env("PALISADE_KEY_ACTIVATION_DELAY", KEY_ACTIVATION_DELAY)
        .env("PALISADE_ADMIN_PASSWORD", PASSWORD)
        .args(args);
    for (flag, value) in flags {
        command.args([flag, value]);
    }
    let out = command.output().unwrap();
    assert!(out.status.success(), "palisade {args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The value of the line `name value` in the CLI's output.
fn field(printed: &str, name: &str) -> String {
    printed
        .lines()
        .find_map(|l| l.strip_prefix(name))
        .map(|v| v.trim().to_owned())
        .unwrap_or_else(|| panic!("no {name} in {printed}"))
}

/// Registers `email` (when new) at the live server and signs in: the token pair.
async fn signed_in(live: &Live, email: &str) -> serde_json::Value {
    let http = crate::helpers::client_builder().build().unwrap();
    let body = serde_json::json!({"email": email, "password": PASSWORD});
    http.post(format!("{}/v1/auth/register", live.url))
        .json(&body)
        .send()
        .await
        .unwrap();
    http.post(format!("{}/v1/auth/login", live.url))
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// Runs `suite` in `integrations/{dir}` and fails with its output unless it passes.
fn passes(dir: &str, suite: &mut Command) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("integrations")
        .join(dir);
    let out = suite.current_dir(&root).output().unwrap();
    assert!(
        out.status.success(),
        "integrations/{dir}: the suite failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_fastapi_library_accepts_palisades_tokens_and_refuses_every_bad_one() {
    let live = Live::start();
    let mut pytest = Command::new(crate::interop::python());
    pytest
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"])
        .env("PYTHONPATH", "src");
    passes("python", live.configure(&mut pytest));
}

#[test]
fn the_express_library_accepts_palisades_tokens_and_refuses_every_bad_one() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("integrations/node-server");
    assert!(
        dir.join("node_modules/jose").exists(),
        "integrations/node-server/node_modules is missing: run scripts/test once (it runs npm ci there)"
    );
    let live = Live::start();
    let mut npm = Command::new("npm");
    npm.args(["test", "--silent"]);
    passes("node-server", live.configure(&mut npm));
}

mod axum_library;
mod browser_library;
