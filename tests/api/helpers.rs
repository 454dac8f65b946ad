//! Test harness: `TestApp` starts the application on port 0 with a manual
//! clock, on a fresh database of the chosen backend.

use std::sync::Arc;
use std::time::Duration;

use palisade::core::clock::ManualClock;
use palisade::infra::crypto::keys::KeyRing;
use palisade::infra::store::Db;
use palisade::web::state::{AppState, Probes};
use palisade::{Application, Config, Services};
use reqwest::{Response, StatusCode};
use sea_orm::{ConnectionTrait, Database};
use secrecy::ExposeSecret as _;
use serde_json::{Value, json};

pub const PASSWORD: &str = "correct horse battery staple";

/// Runs one test body on PostgreSQL and on SQLite: `name::postgres`, `name::sqlite`.
macro_rules! on_both_backends {
    ($(#[$meta:meta])* async fn $name:ident($backend:ident) $body:block) => {
        $(#[$meta])*
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn run($backend: $crate::helpers::Backend) $body
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                run($crate::helpers::Backend::Postgres).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                run($crate::helpers::Backend::Sqlite).await
            }
        }
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Postgres,
    Sqlite,
}

/// The PostgreSQL server tests create their databases on.
pub fn postgres_admin_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// `url` with its database name replaced.
pub fn with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let prefix = match base[scheme_end..].find('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{prefix}/{name}?{q}"),
        None => format!("{prefix}/{name}"),
    }
}

/// `url` through PgBouncer in transaction mode when the test command's
/// second PostgreSQL pass set `TEST_PGBOUNCER_URL` and `url` is a test
/// database's (a test's own relay or cluster stays direct).
fn through_pooler(url: &str) -> String {
    let Ok(pooler) = std::env::var("TEST_PGBOUNCER_URL") else {
        return url.to_owned();
    };
    let server = with_database(&postgres_admin_url(), "");
    match url.strip_prefix(server.as_str()) {
        Some(name) if name.starts_with("palisade_t_") => with_database(&pooler, name),
        _ => url.to_owned(),
    }
}

/// A fresh, empty database: its URL, and the folder holding it (SQLite).
pub async fn fresh_database(backend: Backend) -> (String, Option<tempfile::TempDir>) {
    match backend {
        Backend::Postgres => {
            let admin = postgres_admin_url();
            let name = format!("palisade_t_{}", uuid::Uuid::now_v7().simple());
            let db = Database::connect(admin.as_str())
                .await
                .expect("connect to TEST_DATABASE_URL");
            db.execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .unwrap();
            db.close().await.unwrap();
            (with_database(&admin, &name), None)
        }
        Backend::Sqlite => {
            let dir = tempfile::tempdir().unwrap();
            let url = format!("sqlite://{}", dir.path().join("palisade.db").display());
            (url, Some(dir))
        }
    }
}

/// The user stored under exactly this address.
pub async fn find_user_by_email(
    db: &Db,
    email: &str,
) -> palisade::core::Result<Option<palisade::core::model::User>> {
    use palisade::core::ports::UserStore as _;
    let store = palisade::infra::store::SqlStore::new(db.clone());
    Ok(store.credentials_by_email(email).await?.map(|c| c.user))
}

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub clock: Arc<ManualClock>,
    /// What the handlers see: the configuration and the services.
    pub state: AppState,
    pub services: Arc<Services>,
    pub db: Db,
    pub keys: Arc<KeyRing>,
    pub database_url: String,
    /// Where emails go as .eml files when no SMTP server is set.
    pub mail_dir: Arc<tempfile::TempDir>,
    _dir: Option<Arc<tempfile::TempDir>>,
}

impl TestApp {
    pub async fn spawn(backend: Backend) -> Self {
        Self::spawn_with(backend, |_| {}).await
    }

    pub async fn spawn_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> Self {
        let (url, dir) = fresh_database(backend).await;
        Self::start(url, dir.map(Arc::new), ManualClock::starting_now(), tweak).await
    }

    /// An instance whose public URL is its own address, as an OpenID
    /// Provider's issuer must be for relying parties to accept it.
    pub async fn spawn_issuer(backend: Backend) -> Self {
        let port = unused_port();
        Self::spawn_with(backend, |config| {
            config.bind = format!("127.0.0.1:{port}").parse().unwrap();
            config.public_url = format!("http://127.0.0.1:{port}");
            config.access_token_audience = config.public_url.clone();
        })
        .await
    }

    /// An instance on an existing database URL.
    pub async fn spawn_on(url: String) -> Self {
        Self::start(url, None, ManualClock::starting_now(), |_| {}).await
    }

    /// A second instance on the same database (and clock), as after a restart
    /// or behind a load balancer.
    pub async fn another_instance(&self, tweak: impl FnOnce(&mut Config)) -> Self {
        Self::start(
            self.database_url.clone(),
            self._dir.clone(),
            self.clock.clone(),
            tweak,
        )
        .await
    }

    async fn start(
        url: String,
        dir: Option<Arc<tempfile::TempDir>>,
        clock: Arc<ManualClock>,
        tweak: impl FnOnce(&mut Config),
    ) -> Self {
        // rustls needs one crypto provider per process, as in the binary.
        let _ = rustls::crypto::ring::default_provider().install_default();
        // A failing test shows the causes the server logged (RUST_LOG for more).
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_env_filter(
                tracing_subscriber::EnvFilter::try_from_default_env()
                    .unwrap_or_else(|_| "error".into()),
            )
            .try_init();
        let mut config = Config::for_database(&through_pooler(&url)).unwrap();
        if config.database_url.expose_secret() != url {
            config.db_pooler = palisade::infra::store::Pooler::Transaction;
            config.db_session_url = url.clone().into();
        }
        config.bind = "127.0.0.1:0".parse().unwrap();
        config.hash_concurrency = 2;
        // Every test client is 127.0.0.1: tests of the limit turn it back on.
        config.rate_limit = palisade::core::throttle::RateLimit::Off;
        let mail_dir = Arc::new(tempfile::tempdir().unwrap());
        config.mail.dir = mail_dir.path().to_owned();
        tweak(&mut config);
        let app = Application::build(config, clock.clone())
            .await
            .expect("application starts");
        let addr = app.local_addr().unwrap();
        let (services, db, keys) = (
            app.services().clone(),
            app.infra().db.clone(),
            app.infra().keys.clone(),
        );
        let probes = Arc::new(Probes::new(db.clone(), keys.clone()));
        let state = AppState::new(app.config().clone(), services.clone(), probes)
            .with_tenancy(app.tenancy().clone());
        tokio::spawn(app.run_until(std::future::pending()));
        Self {
            base: format!("http://{addr}"),
            client: client_builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            clock,
            state,
            services,
            db,
            keys,
            database_url: url,
            mail_dir,
            _dir: dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn post_json(&self, path: &str, body: Value) -> Response {
        self.client
            .post(self.url(path))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// GET a public JSON document (JWKS, OpenAPI) and parse it.
    /// The body of an anonymous GET of `path`, as text.
    pub async fn get_text(&self, path: &str) -> String {
        self.client
            .get(self.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    pub async fn get_json<T: serde::de::DeserializeOwned>(&self, path: &str) -> T {
        self.client
            .get(self.url(path))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    pub async fn get_authed(&self, path: &str, access_token: &str) -> Response {
        self.client
            .get(self.url(path))
            .bearer_auth(access_token)
            .send()
            .await
            .unwrap()
    }

    pub async fn post_authed(&self, path: &str, access_token: &str) -> Response {
        self.client
            .post(self.url(path))
            .bearer_auth(access_token)
            .send()
            .await
            .unwrap()
    }

    /// Registers `email` with `PASSWORD`; returns the user.
    pub async fn register(&self, email: &str) -> Value {
        let response = self
            .post_json(
                "/v1/auth/register",
                json!({"email": email, "password": PASSWORD}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED, "register {email}");
        response.json().await.unwrap()
    }

    /// Logs in with `PASSWORD`; returns the token pair.
    pub async fn login(&self, email: &str) -> Tokens {
        let response = self
            .post_json(
                "/v1/auth/login",
                json!({"email": email, "password": PASSWORD}),
            )
            .await;
        assert_eq!(response.status(), StatusCode::OK, "login {email}");
        Tokens::from(response.json::<Value>().await.unwrap())
    }

    pub async fn register_and_login(&self, email: &str) -> Tokens {
        self.register(email).await;
        self.login(email).await
    }

    pub async fn refresh(&self, refresh_token: &str) -> Response {
        self.post_json("/v1/auth/refresh", json!({"refresh_token": refresh_token}))
            .await
    }

    /// Status of GET /v1/users/me with this access token.
    pub async fn me_status(&self, access_token: &str) -> StatusCode {
        self.get_authed("/v1/users/me", access_token).await.status()
    }

    /// Same, with emails going to `smtp` over SMTP.
    pub async fn spawn_with_smtp(
        backend: Backend,
        smtp: &crate::smtp::SmtpSink,
        tweak: impl FnOnce(&mut Config),
    ) -> Self {
        let url = smtp.url();
        Self::spawn_with(backend, move |c| {
            c.mail.smtp_url = Some(secrecy::SecretString::from(url));
            tweak(c);
        })
        .await
    }

    pub fn advance(&self, by: Duration) {
        self.clock.advance(by);
    }
}

#[derive(Debug, Clone)]
pub struct Tokens {
    pub access: String,
    pub refresh: String,
}

impl From<Value> for Tokens {
    fn from(v: Value) -> Self {
        Self {
            access: v["access_token"].as_str().expect("access_token").to_owned(),
            refresh: v["refresh_token"]
                .as_str()
                .expect("refresh_token")
                .to_owned(),
        }
    }
}

/// The body of a problem+json response, checking its status and code.
pub async fn expect_problem(response: Response, status: StatusCode, code: &str) -> Value {
    assert_eq!(response.status(), status);
    let content_type = response.headers()["content-type"]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(content_type, "application/problem+json");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["status"], status.as_u16());
    body
}

/// Polls `condition` until it holds, for at most 5 s of real time: for what
/// another task does on its own (a poll woken by the clock, a notice).
pub async fn eventually(what: &str, mut condition: impl AsyncFnMut() -> bool) {
    let started = std::time::Instant::now();
    while !condition().await {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{what}: not within 5 s"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A reqwest client builder, after installing the process's rustls crypto
/// provider (ring), as the binary does: reqwest's TLS needs one.
pub fn client_builder() -> reqwest::ClientBuilder {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
}

/// A loopback port nothing listened on a moment ago. Only for what cannot
/// pick its own (nginx; a server that must know its URL before it binds).
pub fn unused_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
