//! The one place that knows everything: builds the infrastructure from the
//! configuration, the services from it, and the application that serves
//! them (with its background work). Shared by `main`, the commands and the
//! tests.

use std::{future::Future, net::SocketAddr, sync::Arc, time::Duration};

use anyhow::Context as _;
use axum_server::tls_rustls::RustlsConfig;

use crate::config::Config;
use crate::core::accounts::{AccountPolicy, Accounts, AccountsDeps};
use crate::core::admin::{Admin, AdminDeps};
use crate::core::audit::Audit;
use crate::core::clients::{ClientPolicy, Clients};
use crate::core::clock::SharedClock;
use crate::core::federation::{Federation, FederationDeps};
use crate::core::housekeeping::Housekeeping;
use crate::core::mfa::{Mfa, MfaDeps, MfaPolicy};
use crate::core::model::Password;
use crate::core::oauth::{OAuth, OAuthDeps, OAuthPolicy};
use crate::core::ports::Notice;
use crate::core::ports::{Notifier, Tenant, TenantAdmins};
use crate::core::privacy::{Privacy, PrivacyDeps};
use crate::core::rbac::{EPOCH_POLL, Permissions};
use crate::core::recovery::{Recovery, RecoveryDeps, RecoveryPolicy};
use crate::core::sessions::{SessionPolicy, Sessions};
use crate::core::tenants::Tenants;
use crate::core::throttle::Throttle;
use crate::infra::crypto::jws::Jws;
use crate::infra::crypto::keys::{KeyPolicy, KeyRing};
use crate::infra::crypto::passwords::PasswordHasher;
use crate::infra::crypto::secrets::SecretBox;
use crate::infra::crypto::webauthn::Verifier;
use crate::infra::federation::Providers;
use crate::infra::mail::transport::Transport;
use crate::infra::mail::{MailLetters, MailRoom, worker};
use crate::infra::notify::{self, PgNotifier};
use crate::infra::store::{self, Db, SqlStore};
use crate::web::state::{AppState, Probes, Site};
use crate::web::tenancy::{BuildTenant, Tenancy};
use secrecy::SecretString;

pub use crate::core::Services;

/// What the services run on.
pub struct Infra {
    pub db: Db,
    pub keys: Arc<KeyRing>,
    pub mail_room: Arc<MailRoom>,
    pub clock: SharedClock,
    pub shared: Shared,
    /// Set once the application is built: the notices of tenant changes
    /// made here reach it at once.
    tenancy: Arc<std::sync::OnceLock<std::sync::Weak<Tenancy>>>,
}

/// Connects to the database named by the config and migrates it, with a
/// message naming the setting when it cannot.
pub async fn open_database(config: &Config) -> anyhow::Result<Db> {
    let db = store::connect(
        &config.database_url,
        config.db_pool_size,
        config.db_statement_cache,
        config.db_pooler,
    )
    .await
    .context("cannot open the database of DATABASE_URL")?;
    store::migrate(&db)
        .await
        .context("cannot migrate the database of DATABASE_URL")?;
    Ok(db)
}

pub fn key_policy(config: &Config) -> KeyPolicy {
    KeyPolicy {
        alg: config.jwt_alg,
        secret: config.jwt_secret.clone(),
        access_ttl: config.access_token_ttl,
        session_ttl: config.refresh_token_ttl,
        activation_delay: config.key_activation_delay,
        tenant: crate::core::tenants::DEFAULT_TENANT.to_owned(),
    }
}

fn session_policy(config: &Config) -> SessionPolicy {
    SessionPolicy {
        access_ttl: config.access_token_ttl,
        refresh_ttl: config.refresh_token_ttl,
        reuse_grace: config.refresh_reuse_grace,
        issuer: config.issuer().to_owned(),
        audience: config.access_token_audience.clone(),
    }
}

fn letters(config: &Config) -> MailLetters {
    MailLetters {
        product: config.product_name.clone(),
        public_url: config.public_url.clone(),
        reset_token_ttl: config.reset_token_ttl,
        verify_token_ttl: config.verify_token_ttl,
        catalog: config.catalog.clone(),
        default_locale: config.default_locale.clone(),
    }
}

/// The keys the services use: signing keys, and the key of secrets at rest.
pub struct Keys {
    pub signing: Arc<KeyRing>,
    pub secrets: Arc<SecretBox>,
}

/// The signing keys (a first one published when none is live) and the
/// secrets key (generated once when the operator gives none).
pub async fn open_keys(config: &Config, db: &Db, clock: &SharedClock) -> anyhow::Result<Keys> {
    let signing = KeyRing::open(db, key_policy(config), clock.now())
        .await
        .context("cannot load the signing keys")?;
    Ok(Keys {
        signing,
        secrets: open_secrets(config, db, clock).await?,
    })
}

/// The key of secrets at rest.
pub async fn open_secrets(
    config: &Config,
    db: &Db,
    clock: &SharedClock,
) -> anyhow::Result<Arc<SecretBox>> {
    let secrets = SecretBox::load(
        db,
        config.secrets_key.as_ref(),
        config.secrets_key_previous.as_ref(),
        clock.now(),
    )
    .await
    .context("cannot load the secrets key (PALISADE_SECRETS_KEY)")?;
    Ok(Arc::new(secrets))
}

/// What every tenant's services share: one pool, one password hasher (its
/// bound is the machine's CPU), one mail room, one notifier, the secrets
/// key, the upstream providers' caches and the clock.
#[derive(Clone)]
pub struct Shared {
    pub db: Db,
    /// `default`'s store; every tenant's is made from it (same pools).
    pub store: SqlStore,
    hasher: Arc<PasswordHasher>,
    pub mail_room: Arc<MailRoom>,
    notifier: Arc<dyn Notifier>,
    secrets: Arc<SecretBox>,
    upstream: Arc<Providers>,
    /// Other tenants' upstream providers: public addresses only.
    tenant_upstream: Arc<Providers>,
    pub clock: SharedClock,
}

/// Builds the rest of the infrastructure and every service of `default` on
/// an open database and its keys.
pub fn build(
    config: &Config,
    db: Db,
    keys: Keys,
    clock: SharedClock,
) -> anyhow::Result<(Arc<Services>, Infra)> {
    let Keys {
        signing: keys,
        secrets,
    } = keys;
    let pg = Arc::new(PgNotifier::new(db.clone()));
    let tenancy = Arc::new(std::sync::OnceLock::new());
    let shared = Shared {
        db: db.clone(),
        store: SqlStore::new(db.clone()),
        hasher: Arc::new(PasswordHasher::new(
            config.password_hash,
            config.hash_concurrency,
        )?),
        mail_room: Arc::new(MailRoom::new(config.mail.dir.clone())),
        notifier: Arc::new(TenantEcho {
            inner: pg,
            tenancy: Arc::clone(&tenancy),
        }),
        secrets,
        upstream: Arc::new(Providers::new()?),
        tenant_upstream: Arc::new(Providers::public_only()?),
        clock: clock.clone(),
    };
    let services = build_services(config, &shared, shared.store.clone(), keys.clone())?;
    let infra = Infra {
        db,
        keys,
        mail_room: shared.mail_room.clone(),
        clock,
        shared,
        tenancy,
    };
    Ok((services, infra))
}

/// Every service of one tenant, on `store` (fixed to the tenant) and its
/// `keys`, with `config` as the tenant sees it.
pub fn build_services(
    config: &Config,
    shared: &Shared,
    store: SqlStore,
    keys: Arc<KeyRing>,
) -> anyhow::Result<Arc<Services>> {
    let store = Arc::new(store);
    let db = shared.db.clone();
    let clock = shared.clock.clone();
    let hasher: Arc<dyn crate::core::ports::PasswordHashing> = Arc::new(MinimumLength {
        inner: shared.hasher.clone(),
        length: config.password_min_length,
    });
    let mail_room = shared.mail_room.clone();
    let notifier = shared.notifier.clone();
    let secrets: Arc<dyn crate::core::ports::Secrets> = Arc::new(
        crate::infra::crypto::secrets::TenantSecrets::new(shared.secrets.clone(), store.slug()),
    );
    let letters = Arc::new(letters(config));
    let audit = Arc::new(Audit::new(store.clone(), clock.clone()));
    let throttle = Arc::new(Throttle::new(
        store.clone(),
        clock.clone(),
        config.rate_limit,
    ));
    let permissions = Arc::new(Permissions::new(
        store.clone(),
        notifier.clone(),
        clock.clone(),
    ));
    let tokens = Arc::new(Jws::new(keys.clone(), db.clone()));
    let sessions = Arc::new(Sessions::new(
        store.clone(),
        store.clone(),
        store.clone(),
        tokens.clone(),
        notifier.clone(),
        clock.clone(),
        session_policy(config),
    ));
    let accounts = Arc::new(Accounts::new(
        AccountsDeps {
            users: store.clone(),
            roles: store.clone(),
            audit: audit.clone(),
            hasher: hasher.clone(),
            letters: letters.clone(),
            outbox: mail_room.clone(),
            throttle: throttle.clone(),
            sessions: sessions.clone(),
            factors: store.clone(),
            clock: clock.clone(),
        },
        AccountPolicy {
            require_verified_email: config.require_verified_email,
            verify_token_ttl: config.verify_token_ttl,
            allow_signup: config.allow_signup,
            allowed_email_domains: config.allowed_email_domains.clone(),
        },
    ));
    let webauthn = Arc::new(
        Verifier::new(
            &config.product_name,
            &config.webauthn_rp_id(),
            &config.public_url,
        )
        .context("passkeys")?,
    );
    let mfa = Arc::new(Mfa::new(
        MfaDeps {
            store: store.clone(),
            passkeys: store.clone(),
            webauthn,
            secrets: secrets.clone(),
            users: store.clone(),
            accounts: accounts.clone(),
            sessions: sessions.clone(),
            throttle: throttle.clone(),
            audit: audit.clone(),
            letters: letters.clone(),
            outbox: mail_room.clone(),
            clock: clock.clone(),
        },
        MfaPolicy {
            issuer_name: config.product_name.clone(),
            required_roles: config.mfa_required_roles.clone(),
        },
    ));
    let recovery = Arc::new(Recovery::new(
        RecoveryDeps {
            accounts: accounts.clone(),
            users: store.clone(),
            credentials: store.clone(),
            hasher: hasher.clone(),
            letters: letters.clone(),
            outbox: mail_room.clone(),
            sessions: sessions.clone(),
            clock: clock.clone(),
        },
        RecoveryPolicy {
            reset_token_ttl: config.reset_token_ttl,
            verify_token_ttl: config.verify_token_ttl,
        },
    ));
    let privacy = Arc::new(Privacy::new(PrivacyDeps {
        store: store.clone(),
        factors: store.clone(),
        consents: store.clone(),
        identities: store.clone(),
        accounts: accounts.clone(),
        sessions: sessions.clone(),
        permissions: permissions.clone(),
        outbox: mail_room.clone(),
        clock: clock.clone(),
    }));
    let admin = Arc::new(Admin::new(AdminDeps {
        users: store.clone(),
        roles: store.clone(),
        privacy: privacy.clone(),
        permissions: permissions.clone(),
        sessions: sessions.clone(),
        mfa: mfa.clone(),
        clock: clock.clone(),
    }));
    let housekeeping = Arc::new(Housekeeping::new(
        store.clone(),
        mail_room.clone(),
        clock.clone(),
        config.retention,
    ));
    let clients = Arc::new(Clients::new(
        store.clone(),
        sessions.clone(),
        clock.clone(),
        ClientPolicy {
            secret_grace: config.client_secret_grace,
            allow_http_redirects: config.allow_http_redirects,
        },
    ));
    let oauth = Arc::new(OAuth::new(
        OAuthDeps {
            audit: audit.clone(),
            clients: clients.clone(),
            sessions: sessions.clone(),
            accounts: accounts.clone(),
            codes: store.clone(),
            secrets: secrets.clone(),
            consents: store.clone(),
            devices: store.clone(),
            users: store.clone(),
            tokens: tokens.clone(),
            clock: clock.clone(),
        },
        OAuthPolicy {
            issuer: sessions.policy().issuer.clone(),
        },
    ));
    let federation = Arc::new(Federation::new(FederationDeps {
        store: store.clone(),
        identities: store.clone(),
        users: store.clone(),
        factors: store.clone(),
        secrets,
        letters,
        outbox: mail_room.clone(),
        // The operator may run an identity provider on its own network;
        // a tenant's admin may not aim the server at it.
        upstream: if store.slug() == crate::core::tenants::DEFAULT_TENANT {
            shared.upstream.clone()
        } else {
            shared.tenant_upstream.clone()
        },
        accounts: accounts.clone(),
        sessions: sessions.clone(),
        oauth: oauth.clone(),
        clients: clients.clone(),
        clock: clock.clone(),
        public_url: config.public_url.clone(),
    }));
    let services = Arc::new(Services {
        accounts,
        sessions,
        recovery,
        admin,
        privacy,
        permissions,
        audit,
        throttle,
        housekeeping,
        clients,
        oauth,
        mfa,
        federation,
        tenants: Arc::new(Tenants::new(
            store.clone(),
            Arc::new(Invitations {
                config: Arc::new(config.clone()),
                shared: shared.clone(),
            }),
            notifier,
            clock.clone(),
        )),
    });
    Ok(services)
}

/// A tenant application unused this long is dropped (its caches, its key
/// ring) and built again on its next request.
const IDLE_TENANT_APP: Duration = Duration::from_secs(15 * 60);

/// Every `RELOAD_EVERY`, one query lists every tenant's keys (no key
/// material) and only the rings it shows changed are reread: a rotation on
/// another instance reaches every tenant here within the contract's 5 s.
fn spawn_key_watch(tenancy: &Arc<Tenancy>, infra: &Infra) {
    let (watched, db, clock) = (
        Arc::downgrade(tenancy),
        infra.db.clone(),
        infra.clock.clone(),
    );
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(crate::infra::crypto::keys::RELOAD_EVERY);
        tick.tick().await;
        loop {
            tick.tick().await;
            let Some(tenancy) = watched.upgrade() else {
                break;
            };
            let versions = match store::changes::key_versions(&db).await {
                Ok(versions) => versions,
                Err(err) => {
                    tracing::warn!(error = %err, "could not look for rotated signing keys");
                    continue;
                }
            };
            let now = clock.now();
            for state in tenancy.live() {
                let ring = state.probes.keys();
                let theirs = versions.get(ring.tenant()).map_or(&[][..], Vec::as_slice);
                if let Err(err) = ring.reload_if_changed(theirs, &db, now).await {
                    tracing::warn!(error = %err, tenant = ring.tenant(), "could not reload signing keys");
                }
            }
        }
    });
}

/// The work every instance does besides answering requests: hearing the
/// other instances, noticing their role changes, key rotations and tenant
/// changes (for every tenant application built here), and housekeeping
/// (server-wide: retention is the deployment's).
fn spawn_background(
    services: &Arc<Services>,
    infra: &Infra,
    tenancy: &Arc<Tenancy>,
    session_url: &SecretString,
) {
    let (heard, db, clock) = (
        Arc::downgrade(tenancy),
        infra.db.clone(),
        infra.clock.clone(),
    );
    notify::spawn_listener(
        &infra.db,
        session_url,
        Arc::new(move |notice| {
            let (tenancy, db, now) = (heard.upgrade(), db.clone(), clock.now());
            Box::pin(async move {
                let Some(tenancy) = tenancy else { return };
                if let Some(Notice::TenantChanged(slug)) = &notice {
                    tenancy.forget(slug).await;
                    return;
                }
                for state in tenancy.live() {
                    let services = &state.services;
                    match &notice {
                        Some(Notice::SessionsEnded(ids)) => services.sessions.heard_ended(ids),
                        Some(Notice::UsersChanged(ids)) => {
                            services.sessions.profiles().heard_changed(ids)
                        }
                        Some(Notice::RolesChanged) => services.permissions.forget(),
                        Some(Notice::KeysRotated) => {
                            reload_keys(state.probes.keys(), &db, now).await
                        }
                        Some(Notice::TenantChanged(_)) => {}
                        // Something may have been missed.
                        None => {
                            services.sessions.forget();
                            services.permissions.forget();
                            reload_keys(state.probes.keys(), &db, now).await;
                        }
                    }
                }
                if notice.is_none()
                    && let Err(err) = tenancy.reload().await
                {
                    tracing::warn!(error = %err, "could not reread the tenants");
                }
            })
        }),
    );
    spawn_key_watch(tenancy, infra);
    // Every tenant's permissions epoch in one query a second, however many
    // tenants this instance serves; idle tenant applications are dropped
    // on the way.
    let (polled, db, clock) = (
        Arc::downgrade(tenancy),
        infra.db.clone(),
        infra.clock.clone(),
    );
    tokio::spawn(async move {
        while let Some(tenancy) = polled.upgrade() {
            match store::changes::rbac_epochs(&db).await {
                Ok(epochs) => {
                    for state in tenancy.live() {
                        if let Some(epoch) = epochs.get(&state.site.slug) {
                            state.services.permissions.observe_epoch(*epoch);
                        }
                    }
                }
                Err(err) => tracing::debug!(error = %err, "could not read the rbac epochs"),
            }
            tenancy.drop_idle(IDLE_TENANT_APP);
            drop(tenancy);
            clock.sleep(EPOCH_POLL).await;
        }
    });
    let (housekeeping, clock) = (services.housekeeping.clone(), infra.clock.clone());
    tokio::spawn(async move {
        loop {
            match housekeeping.run_once().await {
                Ok(0) => {}
                Ok(n) => tracing::info!(
                    deleted = n,
                    "housekeeping removed rows past their retention"
                ),
                Err(err) => tracing::warn!(error = %err, "housekeeping failed; will try again"),
            }
            clock.sleep(housekeeping.every()).await;
        }
    });
}

/// The shared hasher with a tenant's shortest password: the length is
/// checked before the (costly) guessability check, for every new password
/// (registration, reset, change).
struct MinimumLength {
    inner: Arc<PasswordHasher>,
    length: usize,
}

#[async_trait::async_trait]
impl crate::core::ports::PasswordHashing for MinimumLength {
    async fn hash(&self, password: &Password) -> crate::core::Result<String> {
        self.inner.hash(password).await
    }

    async fn verify(
        &self,
        password: &Password,
        stored: &str,
    ) -> crate::core::Result<crate::core::ports::Verification> {
        self.inner.verify(password, stored).await
    }

    async fn verify_dummy(&self, password: &Password) -> crate::core::Result<()> {
        self.inner.verify_dummy(password).await
    }

    async fn check_new_password(
        &self,
        field: &'static str,
        password: &Password,
        context: Vec<String>,
    ) -> crate::core::Result<()> {
        crate::core::validate::password_min_length(field, password.expose(), self.length)
            .map_err(|e| crate::core::Error::Validation(vec![e]))?;
        self.inner
            .check_new_password(field, password, context)
            .await
    }
}

/// Tells this instance's tenancy of a tenant change at once (SQLite has no
/// other instances to hear it from), then the other instances.
struct TenantEcho {
    inner: Arc<dyn Notifier>,
    tenancy: Arc<std::sync::OnceLock<std::sync::Weak<Tenancy>>>,
}

#[async_trait::async_trait]
impl Notifier for TenantEcho {
    async fn publish(&self, notice: Notice) {
        if let Notice::TenantChanged(slug) = &notice
            && let Some(tenancy) = self.tenancy.get().and_then(std::sync::Weak::upgrade)
        {
            tenancy.forget(slug).await;
        }
        self.inner.publish(notice).await;
    }
}

/// The server's configuration as tenant `tenant` sees it at `public_url`:
/// its issuer and links there, its settings over the server's.
fn tenant_config(server: &Config, tenant: &Tenant, public_url: String) -> Config {
    let mut config = server.clone();
    // An audience the operator chose stays; the default follows the issuer.
    if server.access_token_audience == server.public_url {
        config.access_token_audience = public_url.clone();
    }
    config.public_url = public_url;
    let settings = &tenant.settings;
    if let Some(required) = settings.require_verified_email {
        config.require_verified_email = required;
    }
    if let Some(roles) = &settings.mfa_required_roles {
        config.mfa_required_roles = roles.clone();
    }
    if let Some(name) = &settings.product_name {
        config.product_name = name.clone();
    }
    if let Some(lang) = &settings.default_locale {
        config.default_locale = lang.clone();
    }
    if let Some(open) = settings.allow_signup {
        config.allow_signup = open;
    }
    if let Some(length) = settings.password_min_length {
        config.password_min_length = length as usize;
    }
    if let Some(domains) = &settings.allowed_email_domains {
        config.allowed_email_domains = Some(domains.clone());
    }
    if let Some(seconds) = settings.access_token_ttl {
        config.access_token_ttl = Duration::from_secs(seconds);
    }
    if let Some(seconds) = settings.refresh_token_ttl {
        config.refresh_token_ttl = Duration::from_secs(seconds);
    }
    config
}

/// The key policy of tenant `slug`. An HS256 secret is the server's for
/// `default` and derived from it for every other tenant, so no two tenants
/// share a MAC key.
fn tenant_key_policy(config: &Config, slug: &str) -> KeyPolicy {
    let mut policy = key_policy(config);
    policy.tenant = slug.to_owned();
    if slug != crate::core::tenants::DEFAULT_TENANT {
        policy.secret = policy.secret.map(|secret| {
            use secrecy::ExposeSecret as _;
            let label = [b"palisade tenant signing key\0".as_slice(), slug.as_bytes()].concat();
            let derived =
                crate::infra::crypto::secrets::mac(secret.expose_secret().as_bytes(), &label);
            SecretString::from(crate::core::tokens::hex(&derived))
        });
    }
    policy
}

/// Invites a tenant's first admin through the tenant's own services: the
/// account in its user base, the link to its own pages (its first host, or
/// `/t/{slug}`).
struct Invitations {
    config: Arc<Config>,
    shared: Shared,
}

#[async_trait::async_trait]
impl TenantAdmins for Invitations {
    async fn invite(&self, slug: &str, email: &str) -> crate::core::Result<()> {
        let (services, _) = outside_requests(&self.config, &self.shared, slug, true).await?;
        let email = services.accounts.invite_admin(email).await?;
        services.recovery.invite(&email).await
    }
}

/// Tenant `slug`'s services away from any request (an invitation, an
/// operator's command), with the address its links go to: its first host,
/// or `/t/{slug}`. `publish_keys` as `TenantBuilder` says.
async fn outside_requests(
    config: &Arc<Config>,
    shared: &Shared,
    slug: &str,
    publish_keys: bool,
) -> crate::core::Result<(Arc<Services>, String)> {
    use crate::core::ports::TenantStore;
    let tenant = TenantStore::tenant(&shared.store, slug)
        .await?
        .ok_or(crate::core::Error::NotFound)?;
    let public_url = match tenant.hosts.first() {
        Some(host) => format!("https://{host}"),
        None => format!("{}/t/{slug}", config.public_url.trim_end_matches('/')),
    };
    let site = Site {
        slug: slug.to_owned(),
        base_path: String::new(),
        cookie_suffix: String::new(),
    };
    let builder = TenantBuilder {
        config: config.clone(),
        shared: shared.clone(),
        publish_keys,
    };
    let state = builder.build(&tenant, public_url.clone(), site).await?;
    Ok((state.services, public_url))
}

/// Tenant `slug`'s services for the operator's commands (`--tenant`). They
/// sign nothing, and their settings may not be the servers': the keys are
/// read, none is made.
pub async fn tenant_services(
    config: &Config,
    infra: &Infra,
    slug: &str,
) -> anyhow::Result<(Arc<Services>, String)> {
    match outside_requests(&Arc::new(config.clone()), &infra.shared, slug, false).await {
        Err(crate::core::Error::NotFound) => anyhow::bail!("there is no tenant {slug}"),
        other => Ok(other?),
    }
}

/// Builds a tenant's application: its config, a store fixed to it, its own
/// signing keys (the first published now), its services.
struct TenantBuilder {
    config: Arc<Config>,
    shared: Shared,
    /// Whether a key of the configured algorithm is published when none
    /// is live (a server's settings), or the keys only read (a command's,
    /// which may differ from the servers').
    publish_keys: bool,
}

#[async_trait::async_trait]
impl BuildTenant for TenantBuilder {
    async fn build(
        &self,
        tenant: &Tenant,
        public_url: String,
        site: Site,
    ) -> crate::core::Result<AppState> {
        let config = tenant_config(&self.config, tenant, public_url);
        let now = self.shared.clock.now();
        let store = self.shared.store.for_tenant(&tenant.slug);
        store.seed_tenant(&tenant.slug, now).await?;
        let policy = tenant_key_policy(&config, &tenant.slug);
        // Through the store's writer: on SQLite a second writing connection
        // would collide with it ("database is locked").
        let keys = if self.publish_keys {
            KeyRing::open(self.shared.store.writer(), policy, now).await?
        } else {
            KeyRing::load(self.shared.store.writer(), policy, now).await?
        };
        let services = build_services(&config, &self.shared, store, keys.clone())
            .map_err(crate::core::Error::Internal)?;
        tracing::info!(tenant = %tenant.slug, issuer = %config.public_url, "serving a tenant");
        let probes = Arc::new(Probes::new(self.shared.db.clone(), keys));
        Ok(AppState::new(Arc::new(config), services, probes).at(site))
    }
}

async fn reload_keys(keys: &KeyRing, db: &Db, now: chrono::DateTime<chrono::Utc>) {
    if let Err(err) = keys.reload(db, now).await {
        tracing::warn!(error = %err, "could not reload signing keys");
    }
}

pub struct Application {
    listener: std::net::TcpListener,
    config: Arc<Config>,
    /// The tenants besides `default` at the root paths.
    tenancy: Arc<Tenancy>,
    services: Arc<Services>,
    infra: Infra,
    /// Present when PALISADE_TLS_CERT/KEY are set: serve HTTPS.
    tls: Option<RustlsConfig>,
    /// The outbox worker, and how to tell it to stop.
    worker: tokio::task::JoinHandle<()>,
    stop_worker: tokio::sync::watch::Sender<bool>,
}

/// After shutdown starts, the outbox worker gets this long to finish its
/// message (one SMTP exchange).
const WORKER_DRAIN: Duration = Duration::from_secs(40);

impl Application {
    /// Everything up to accepting connections: a failure here is a start-up
    /// error with one clear line.
    pub async fn build(config: Config, clock: SharedClock) -> anyhow::Result<Self> {
        let transport = Transport::from_settings(&config.mail)?;
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
        let db = open_database(&config).await?;
        let keys = open_keys(&config, &db, &clock).await?;
        let (services, infra) = build(&config, db, keys, clock.clone())?;
        if let Some((email, password)) = &config.bootstrap_admin {
            services
                .accounts
                .bootstrap_admin(email, &Password::from(password.clone()))
                .await
                .context("cannot create the bootstrap admin (PALISADE_BOOTSTRAP_ADMIN_EMAIL)")?;
        }
        crate::web::shared::metrics::install();
        let (stop_worker, stop) = tokio::sync::watch::channel(false);
        let worker = worker::spawn(
            worker::Worker {
                // The store's one writer: on SQLite a second writing
                // connection makes a request's read-then-write transaction
                // fail at once with "database is locked" when the worker
                // commits between its read and its write.
                db: infra.shared.store.writer().clone(),
                transport,
                settings: config.mail.clone(),
                mail_room: infra.mail_room.clone(),
                clock,
            },
            stop,
        );
        let config = Arc::new(config);
        let root = AppState::new(
            config.clone(),
            services.clone(),
            Arc::new(Probes::new(infra.db.clone(), infra.keys.clone())),
        );
        let builder = TenantBuilder {
            config: config.clone(),
            shared: infra.shared.clone(),
            publish_keys: true,
        };
        let tenancy = Tenancy::open(root, Box::new(builder))
            .await
            .context("cannot read the tenants")?;
        let _ = infra.tenancy.set(Arc::downgrade(&tenancy));
        spawn_background(&services, &infra, &tenancy, &config.db_session_url);
        let listener = std::net::TcpListener::bind(config.bind)
            .with_context(|| format!("cannot listen on PALISADE_BIND={}", config.bind))?;
        Ok(Self {
            listener,
            config,
            tenancy,
            services,
            infra,
            tls,
            worker,
            stop_worker,
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    pub fn services(&self) -> &Arc<Services> {
        &self.services
    }

    pub fn infra(&self) -> &Infra {
        &self.infra
    }

    pub fn config(&self) -> &Arc<Config> {
        &self.config
    }

    /// The tenants' applications this instance serves.
    pub fn tenancy(&self) -> &Arc<Tenancy> {
        &self.tenancy
    }

    /// Serves until `shutdown` completes; then stops accepting, lets requests
    /// in flight finish (for at most 20 s), lets the outbox worker finish the
    /// message it is sending (at most 40 s), and closes the database pool.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let Self {
            listener,
            config,
            tenancy,
            services,
            infra,
            tls,
            worker,
            stop_worker,
        } = self;
        // The worker stops claiming new mail as soon as shutdown starts.
        let stop_on_shutdown = async move {
            shutdown.await;
            let _ = stop_worker.send(true);
        };
        let state = AppState::new(
            config,
            services,
            Arc::new(Probes::new(infra.db.clone(), infra.keys.clone())),
        )
        .with_tenancy(tenancy);
        let served = crate::web::serve(state, listener, tls, stop_on_shutdown).await;
        if tokio::time::timeout(WORKER_DRAIN, worker).await.is_err() {
            tracing::warn!("the outbox worker did not stop in time; its message will be retried");
        }
        if let Err(err) = infra.db.close_by_ref().await {
            tracing::warn!(error = %err, "could not close the database pool cleanly");
        }
        served
    }
}
