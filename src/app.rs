//! The application: shared state, and `Application::build`, used alike by
//! `main` and the tests, which start the real router on a real socket.

use std::{future::Future, net::SocketAddr, sync::Arc};

use anyhow::Context as _;
use tokio::net::TcpListener;

use crate::config::Config;
use crate::domain::{
    accounts, audit,
    clock::SharedClock,
    keys::KeyRing,
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
    let db = store::connect(&config.database_url, config.db_pool_size)
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
        let keys = KeyRing::open(
            &db,
            config.jwt_alg,
            config.jwt_secret.as_ref(),
            config.access_token_ttl,
            clock.now(),
        )
        .await
        .context("cannot load the signing keys")?;
        keys.spawn_reloader(db.clone(), config.jwt_secret.clone(), clock.clone());
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
    listener: TcpListener,
    state: AppState,
}

impl Application {
    /// Everything up to accepting connections: a failure here is a start-up
    /// error with one clear line.
    pub async fn build(config: Config, clock: SharedClock) -> anyhow::Result<Self> {
        let bind = config.bind;
        let transport = Transport::from_config(&config.mail)?;
        let state = AppState::open(config, clock).await?;
        crate::http::health::install_metrics();
        worker::spawn(state.clone(), transport, state.mail.clone());
        rbac::spawn_epoch_watch(state.clone());
        audit::spawn_retention(state.clone());
        let listener = TcpListener::bind(bind)
            .await
            .with_context(|| format!("cannot listen on PALISADE_BIND={bind}"))?;
        Ok(Self { listener, state })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then lets requests in flight finish.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let app = crate::http::router(self.state);
        axum::serve(
            self.listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
    }
}
