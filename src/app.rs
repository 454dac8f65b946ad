//! The application: shared state, and `Application::build`, used alike by
//! `main` and the tests, which start the real router on a real socket.

use std::{future::Future, net::SocketAddr, sync::Arc, time::Duration};

use anyhow::Context as _;
use axum_server::{Handle, tls_rustls::RustlsConfig};

use crate::config::Config;
use crate::domain::{
    accounts,
    clock::SharedClock,
    housekeeping,
    keys::{KeyPolicy, KeyRing},
    passwords::PasswordHasher,
    rbac::{self, PermissionCache},
    sessions::SessionCache,
};
use crate::mail::{
    transport::Transport,
    worker::{self, Doorbell},
};
use crate::store::{self, Db};

/// What every handler and service can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub db: Db,
    pub clock: SharedClock,
    pub hasher: PasswordHasher,
    pub keys: Arc<KeyRing>,
    pub sessions: Arc<SessionCache>,
    /// Wakes the outbox worker after an email is queued.
    pub mail: Arc<Doorbell>,
    pub permissions: Arc<PermissionCache>,
}

/// Connects to the database named by the config, with a message naming the
/// setting when it cannot.
pub async fn open_database(config: &Config) -> anyhow::Result<Db> {
    let db = store::connect(
        &config.database_url,
        config.db_pool_size,
        config.db_statement_cache,
    )
    .await
    .context("cannot open the database of DATABASE_URL")?;
    store::migrate(&db)
        .await
        .context("cannot migrate the database of DATABASE_URL")?;
    Ok(db)
}

impl AppState {
    /// Connects, migrates, loads (or creates) the signing keys and the
    /// bootstrap admin.
    pub async fn open(config: Config, clock: SharedClock) -> anyhow::Result<Self> {
        let db = open_database(&config).await?;
        let keys = KeyRing::open(&db, KeyPolicy::from_config(&config), clock.now())
            .await
            .context("cannot load the signing keys")?;
        keys.spawn_reloader(db.clone(), clock.clone());
        let hasher = PasswordHasher::new(config.password_hash, config.hash_concurrency)?;
        let state = Self {
            config: Arc::new(config),
            db,
            clock,
            hasher,
            keys,
            sessions: Arc::default(),
            mail: Arc::default(),
            permissions: Arc::default(),
        };
        accounts::bootstrap_admin(&state)
            .await
            .context("cannot create the bootstrap admin (PALISADE_BOOTSTRAP_ADMIN_EMAIL)")?;
        Ok(state)
    }
}

pub struct Application {
    listener: std::net::TcpListener,
    state: AppState,
    /// Present when PALISADE_TLS_CERT/KEY are set: serve HTTPS.
    tls: Option<RustlsConfig>,
    /// The outbox worker, and how to tell it to stop.
    worker: tokio::task::JoinHandle<()>,
    stop_worker: tokio::sync::watch::Sender<bool>,
}

/// A client must send its request headers within this time (slowloris).
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// After shutdown starts, requests in flight get this long to finish.
const DRAIN: Duration = Duration::from_secs(20);
/// And the outbox worker this long to finish its message (one SMTP exchange).
const WORKER_DRAIN: Duration = Duration::from_secs(40);

impl Application {
    /// Everything up to accepting connections: a failure here is a start-up
    /// error with one clear line.
    pub async fn build(config: Config, clock: SharedClock) -> anyhow::Result<Self> {
        let bind = config.bind;
        let transport = Transport::from_config(&config.mail)?;
        let tls = match &config.tls {
            Some((cert, key)) => Some(RustlsConfig::from_pem_file(cert, key).await.with_context(
                || {
                    format!(
                        "cannot load PALISADE_TLS_CERT/PALISADE_TLS_KEY ({})",
                        cert.display()
                    )
                },
            )?),
            None => None,
        };
        let state = AppState::open(config, clock).await?;
        crate::http::metrics::install();
        let (stop_worker, stop) = tokio::sync::watch::channel(false);
        let worker = worker::spawn(state.clone(), transport, state.mail.clone(), stop);
        rbac::spawn_epoch_watch(state.clone());
        crate::domain::broadcast::spawn_listener(state.clone());
        housekeeping::spawn(state.clone());
        let listener = std::net::TcpListener::bind(bind)
            .with_context(|| format!("cannot listen on PALISADE_BIND={bind}"))?;
        Ok(Self {
            listener,
            state,
            tls,
            worker,
            stop_worker,
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes; then stops accepting, lets requests
    /// in flight finish (for at most 20 s), lets the outbox worker finish the
    /// message it is sending (at most 40 s), and closes the database pool.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let state = self.state.clone();
        let Self {
            listener,
            tls,
            worker,
            stop_worker,
            ..
        } = self;
        // The worker stops claiming new mail as soon as shutdown starts.
        let stop_on_shutdown = async move {
            shutdown.await;
            let _ = stop_worker.send(true);
        };
        let served = serve(state.clone(), listener, tls, stop_on_shutdown).await;
        if tokio::time::timeout(WORKER_DRAIN, worker).await.is_err() {
            tracing::warn!("the outbox worker did not stop in time; its message will be retried");
        }
        if let Err(err) = state.db.close_by_ref().await {
            tracing::warn!(error = %err, "could not close the database pool cleanly");
        }
        served
    }
}

/// Accepts connections until `shutdown`, then drains them.
async fn serve(
    state: AppState,
    listener: std::net::TcpListener,
    tls: Option<RustlsConfig>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app =
        crate::http::router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
    let handle = Handle::new();
    let stopper = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        stopper.graceful_shutdown(Some(DRAIN));
    });
    match tls {
        Some(tls) => {
            if let Some((cert, key)) = state.config.tls.clone() {
                spawn_certificate_reload(tls.clone(), cert, key);
            }
            let mut server = axum_server::from_tcp_rustls(listener, tls)?;
            guard_slow_clients(server.http_builder());
            server
                .handle(handle)
                .first_request_timeout(HEADER_READ_TIMEOUT)
                .serve(app)
                .await
        }
        None => {
            let mut server = axum_server::from_tcp(listener)?;
            guard_slow_clients(server.http_builder());
            server
                .handle(handle)
                .first_request_timeout(HEADER_READ_TIMEOUT)
                .serve(app)
                .await
        }
    }
}

/// Closes connections whose request headers do not arrive in time (HTTP/1;
/// for HTTP/2, the first-request timeout set on the server bounds a slow
/// start).
fn guard_slow_clients(
    builder: &mut hyper_util::server::conn::auto::Builder<hyper_util::rt::TokioExecutor>,
) {
    builder
        .http1()
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(HEADER_READ_TIMEOUT);
}

/// Reloads the certificate on SIGHUP, and when its files change (checked
/// every 30 s), so a renewed certificate needs no restart.
fn spawn_certificate_reload(tls: RustlsConfig, cert: std::path::PathBuf, key: std::path::PathBuf) {
    tokio::spawn(async move {
        let modified = |p: &std::path::Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
        let mut seen = (modified(&cert), modified(&key));
        #[cfg(unix)]
        let mut hangup =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok();
        let mut tick = tokio::time::interval(Duration::from_secs(30));
        loop {
            #[cfg(unix)]
            let signalled = async {
                match hangup.as_mut() {
                    Some(h) => {
                        h.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            #[cfg(not(unix))]
            let signalled = std::future::pending::<()>();
            tokio::select! {
                _ = signalled => {}
                _ = tick.tick() => {
                    let now = (modified(&cert), modified(&key));
                    if now == seen {
                        continue;
                    }
                    seen = now;
                }
            }
            match tls.reload_from_pem_file(&cert, &key).await {
                Ok(()) => tracing::info!("TLS certificate reloaded"),
                Err(err) => {
                    tracing::warn!(error = %err, "could not reload the TLS certificate; keeping the old one")
                }
            }
        }
    });
}
