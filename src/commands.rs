//! What each subcommand does. Errors come back as one line for the operator.

use std::io::BufRead as _;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, bail};
use secrecy::SecretString;

use crate::cli::{
    AdminCommand, ClientsCommand, Command, KeysCommand, ProvidersCommand, TenantsCommand,
};
use crate::config::{Config, LogFormat};
use crate::core::Error;
use crate::core::accounts::{AdminCreated, NewAdmin};
use crate::core::clients::ClientFields;
use crate::core::clock::{Clock, SharedClock, SystemClock, delta};
use crate::core::federation::ProviderFields;
use crate::core::model::Password;
use crate::core::ports::{Notice, Notifier as _};
use crate::core::tenants::DEFAULT_TENANT;
use crate::core::tenants::TenantFields;
use crate::infra::crypto::jws::JwtAlgorithm;
use crate::infra::crypto::keys;
use crate::infra::notify::PgNotifier;
use crate::infra::store::{Db, Pooler};
use crate::wiring::{self, Application, open_database};

pub async fn run(command: Option<Command>, config: Config) -> anyhow::Result<()> {
    match command.unwrap_or(Command::Serve) {
        Command::Serve => serve(config).await,
        Command::Migrate => {
            open_database(&config).await?;
            println!("migrations applied");
            Ok(())
        }
        Command::Admin(AdminCommand::Create {
            email,
            promote_existing,
            tenant,
        }) => create_admin(config, &tenant.slug, &email, promote_existing).await,
        Command::Keys(KeysCommand::Rotate { now, tenant }) => {
            rotate_keys(config, &tenant.slug, now).await
        }
        Command::Keys(KeysCommand::Revoke { kid, tenant }) => {
            revoke_key(config, &tenant.slug, &kid).await
        }
        Command::Clients(ClientsCommand::Create {
            name,
            redirect_uris,
            public,
            first_party,
            grant_types,
            tenant,
        }) => {
            let fields = ClientFields {
                name: Some(name),
                kind: Some(if public { "public" } else { "confidential" }.to_owned()),
                redirect_uris: Some(redirect_uris),
                first_party: Some(first_party),
                grant_types: (!grant_types.is_empty()).then_some(grant_types),
                ..ClientFields::default()
            };
            create_client(config, &tenant.slug, fields).await
        }
        Command::Providers(ProvidersCommand::Add {
            slug,
            kind,
            display_name,
            issuer,
            client_id,
            tenant,
        }) => {
            let fields = ProviderFields {
                display_name: Some(display_name.unwrap_or_else(|| slug.clone())),
                slug: Some(slug),
                kind: Some(kind),
                issuer,
                client_id: Some(client_id),
                client_secret: provider_secret()?,
                ..ProviderFields::default()
            };
            add_provider(config, &tenant.slug, fields).await
        }
        Command::Tenants(TenantsCommand::Create {
            slug,
            display_name,
            hosts,
            admin_email,
        }) => {
            let fields = TenantFields {
                slug: Some(slug),
                display_name: Some(display_name),
                hosts: Some(hosts),
                settings: None,
                admin_email,
            };
            create_tenant(config, fields).await
        }
        Command::Backup { output } => {
            crate::infra::backup::backup(&config.database_url, &output).await?;
            println!("backup written to {}", output.display());
            Ok(())
        }
        Command::Restore { input } => {
            crate::infra::backup::restore(&config.database_url, &input).await?;
            open_database(&config).await?;
            println!("restored from {}; migrations applied", input.display());
            Ok(())
        }
    }
}

/// The server's clock: on PostgreSQL the database's time (instances on
/// several machines agree on token expiry), else the system's.
async fn serving_clock(config: &Config) -> SharedClock {
    use secrecy::ExposeSecret as _;
    if !config.database_url.expose_secret().starts_with("postgres") {
        return Arc::new(SystemClock);
    }
    let clock = Arc::new(crate::infra::store::clock::DatabaseClock::default());
    // Measured once before serving when the database answers; then on a
    // connection of its own, so the request pools never wait on it.
    let url = &config.db_session_url;
    if let Ok(db) = crate::infra::store::connect(url, 1, 0, Pooler::None).await {
        let _ = clock.sync(&db).await;
        let _ = db.close().await;
    }
    clock.clone().keep_in_sync(url.clone());
    clock
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let clock = serving_clock(&config).await;
    let app = Application::build(config, clock).await?;
    let addr = app.local_addr()?;
    let scheme = if app.config().tls.is_some() {
        "https"
    } else {
        "http"
    };
    tracing::info!(
        url = %format!("{scheme}://{addr}"),
        docs = %format!("{scheme}://{addr}/docs"),
        "palisade listening"
    );
    // For people at a terminal; a log shipper reading JSON gets the line above only.
    if app.config().log_format == LogFormat::Pretty {
        println!("Palisade listening on {scheme}://{addr}");
        println!("API docs (Swagger UI): {scheme}://{addr}/docs");
    }
    app.run_until(shutdown_signal()).await?;
    tracing::info!("palisade stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

/// A new admin's password: PALISADE_ADMIN_PASSWORD, else one line of stdin.
fn admin_password() -> Result<Password, Error> {
    if let Ok(p) = std::env::var("PALISADE_ADMIN_PASSWORD")
        && !p.is_empty()
    {
        return Ok(Password::from(SecretString::from(p)));
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(Error::internal)?;
    let password = line.trim_end_matches(['\n', '\r']).to_owned();
    if password.is_empty() {
        return Err(Error::invalid(
            "password",
            "required",
            "Give the password in PALISADE_ADMIN_PASSWORD or as one line on standard input.",
        ));
    }
    Ok(Password::from(SecretString::from(password)))
}

fn describe(err: Error) -> anyhow::Error {
    match err {
        Error::Validation(errors) => anyhow::anyhow!(
            "{}",
            errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        other => anyhow::anyhow!("{other}"),
    }
}

async fn create_admin(
    config: Config,
    tenant: &str,
    email: &str,
    promote_existing: bool,
) -> anyhow::Result<()> {
    let (services, _) = operator_services(&config, tenant).await?;
    let admin = NewAdmin {
        email,
        promote_unverified: promote_existing,
    };
    let outcome = services
        .accounts
        .create_admin(admin, admin_password)
        .await
        .map_err(describe)?;
    match outcome {
        AdminCreated::Created(id) => println!("created admin {id}"),
        AdminCreated::Promoted(id) => {
            println!("granted the admin role to existing user {id}; their sessions were ended")
        }
    }
    Ok(())
}

/// The services of `tenant` as the operator's commands use them, on the
/// configured database, with the public URL the tenant is served at.
/// `default`'s keys are read, none is made (creating an admin signs
/// nothing); another tenant's are as its first request makes them.
async fn operator_services(
    config: &Config,
    tenant: &str,
) -> anyhow::Result<(Arc<crate::core::Services>, String)> {
    let db = open_database(config).await?;
    let clock: SharedClock = Arc::new(SystemClock);
    let keys = wiring::Keys {
        signing: keys::KeyRing::load(&db, wiring::key_policy(config), clock.now()).await?,
        secrets: wiring::open_secrets(config, &db, &clock).await?,
    };
    let (services, infra) = wiring::build(config, db, keys, clock)?;
    if tenant == DEFAULT_TENANT {
        return Ok((services, config.public_url.clone()));
    }
    wiring::tenant_services(config, &infra, tenant).await
}

/// Fails unless `slug` names a tenant (for the commands that go to the
/// database without services).
async fn existing_tenant(db: &Db, slug: &str) -> anyhow::Result<()> {
    use crate::core::ports::TenantStore as _;
    let store = crate::infra::store::SqlStore::new(db.clone());
    if slug != DEFAULT_TENANT && store.tenant(slug).await.map_err(describe)?.is_none() {
        bail!("there is no tenant {slug}");
    }
    Ok(())
}

async fn create_client(config: Config, tenant: &str, fields: ClientFields) -> anyhow::Result<()> {
    let (services, _) = operator_services(&config, tenant).await?;
    let (client, secret) = services
        .clients
        .create_by_operator(fields)
        .await
        .map_err(describe)?;
    println!("client_id: {}", client.client_id);
    match secret {
        Some(secret) => {
            println!("client_secret: {secret}\n(the secret is shown only now: store it)")
        }
        None => println!("a public client: it has no secret and uses PKCE"),
    }
    Ok(())
}

/// The provider's client secret: PALISADE_PROVIDER_SECRET, else one line
/// of standard input (none when empty: a public client).
fn provider_secret() -> anyhow::Result<Option<SecretString>> {
    if let Ok(secret) = std::env::var("PALISADE_PROVIDER_SECRET")
        && !secret.is_empty()
    {
        return Ok(Some(SecretString::from(secret)));
    }
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .context("cannot read the client secret from standard input")?;
    let line = line.trim_end_matches(['\r', '\n']).to_owned();
    Ok((!line.is_empty()).then(|| SecretString::from(line)))
}

async fn add_provider(config: Config, tenant: &str, fields: ProviderFields) -> anyhow::Result<()> {
    let (services, public_url) = operator_services(&config, tenant).await?;
    let provider = services
        .federation
        .create_provider_by_operator(fields)
        .await
        .map_err(describe)?;
    println!(
        "provider {} ({}) connected; users sign in at {}/login/{}",
        provider.slug,
        provider.kind.as_str(),
        public_url.trim_end_matches('/'),
        provider.slug
    );
    Ok(())
}

async fn create_tenant(config: Config, fields: TenantFields) -> anyhow::Result<()> {
    let (services, _) = operator_services(&config, DEFAULT_TENANT).await?;
    let tenant = services
        .tenants
        .create_by_operator(fields)
        .await
        .map_err(describe)?;
    println!("tenant {} ({}) created", tenant.slug, tenant.display_name);
    Ok(())
}

async fn rotate_keys(config: Config, tenant: &str, at_once: bool) -> anyhow::Result<()> {
    if config.jwt_alg == JwtAlgorithm::Hs256 {
        bail!(
            "PALISADE_JWT_ALG=HS256 signs with PALISADE_JWT_SECRET: rotate by changing the secret"
        );
    }
    let db = open_database(&config).await?;
    existing_tenant(&db, tenant).await?;
    let now = SystemClock.now();
    // Settings that differ from the servers' would switch the algorithm
    // behind their backs: that is done by changing PALISADE_JWT_ALG on them.
    let current = keys::signing_algorithm(tenant, &db, now)
        .await
        .map_err(describe)?;
    if let Some(current) = &current
        && current != config.jwt_alg.as_str()
    {
        bail!(
            "the key that signs now is {current}, but PALISADE_JWT_ALG here is {}: run this with the servers' settings",
            config.jwt_alg.as_str()
        );
    }
    // A tenant no server has served yet has no key that signs: waiting for
    // the activation delay would leave it unable to sign meanwhile.
    let at_once = at_once || current.is_none();
    let delay = if at_once {
        Duration::ZERO
    } else {
        config.key_activation_delay
    };
    let activates_at = now + delta(delay);
    let kid = keys::rotate(tenant, &db, config.jwt_alg, now, activates_at)
        .await
        .context("cannot rotate the signing key")?;
    announce_keys(db).await;
    if at_once {
        println!(
            "new signing key {kid} ({}) signs now; running servers switch within 5 seconds",
            config.jwt_alg.as_str()
        );
    } else {
        println!(
            "new signing key {kid} ({}) is published in the JWKS now and signs from {} (in {})",
            config.jwt_alg.as_str(),
            activates_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            humantime::format_duration(delay)
        );
    }
    Ok(())
}

async fn revoke_key(config: Config, tenant: &str, kid: &str) -> anyhow::Result<()> {
    let db = open_database(&config).await?;
    existing_tenant(&db, tenant).await?;
    let replacement = match keys::revoke(tenant, &db, config.jwt_alg, kid, SystemClock.now()).await
    {
        Err(Error::NotFound) => bail!("no signing key {kid} (or it was revoked already)"),
        other => other.context("cannot revoke the signing key")?,
    };
    announce_keys(db).await;
    println!("revoked signing key {kid}: its tokens stop working on every server within 5 seconds");
    if let Some(new) = replacement {
        println!("it was the key that signs: new signing key {new} signs from now on");
    }
    Ok(())
}

/// Tells the running servers to reload their keys now rather than at their
/// next poll.
async fn announce_keys(db: Db) {
    PgNotifier::new(db).publish(Notice::KeysRotated).await;
}
