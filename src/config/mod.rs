//! Validated configuration: the parsed settings (each checked by its value
//! parser in `cli`), secrets read from their `*_FILE` variants, and the few
//! rules that span several settings. A bad one stops the start with a
//! single line naming it. Nothing here touches the network.

pub mod parse;

use std::{
    net::SocketAddr,
    path::PathBuf,
    sync::{Arc, OnceLock},
    time::Duration,
};

use secrecy::{ExposeSecret as _, SecretString};

use crate::cli::Settings;
use crate::core::housekeeping::Retention;
use crate::core::throttle::RateLimit;
use crate::infra::crypto::jws::JwtAlgorithm;
use crate::infra::crypto::passwords::HashAlgorithm;
use crate::infra::i18n::Catalog;
use crate::infra::mail::transport::MailSettings;
use crate::infra::store::Pooler;

pub use parse::LogFormat;

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: SecretString,
    pub db_pool_size: u32,
    /// Prepared statements cached per connection.
    pub db_statement_cache: usize,
    pub db_pooler: Pooler,
    /// Where LISTEN and the clock's reading go (a session is needed).
    pub db_session_url: SecretString,
    pub bind: SocketAddr,
    /// Without a trailing slash.
    pub public_url: String,
    /// `aud` of first-party access tokens.
    pub access_token_audience: String,
    /// The WebAuthn relying party id of passkeys, when not the public URL's
    /// host (see `webauthn_rp_id()`).
    pub webauthn_rp_id: Option<String>,
    /// Roles whose holders must have a second factor.
    pub mfa_required_roles: Vec<String>,
    /// How long a rotated key is published before it signs.
    pub key_activation_delay: Duration,
    pub access_token_ttl: Duration,
    pub refresh_token_ttl: Duration,
    pub reset_token_ttl: Duration,
    pub verify_token_ttl: Duration,
    pub refresh_reuse_grace: Duration,
    pub jwt_alg: JwtAlgorithm,
    pub jwt_secret: Option<SecretString>,
    /// The key of secrets at rest, and the one it replaced.
    pub secrets_key: Option<SecretString>,
    pub secrets_key_previous: Option<SecretString>,
    pub password_hash: HashAlgorithm,
    pub hash_concurrency: usize,
    pub require_verified_email: bool,
    pub client_secret_grace: Duration,
    pub allow_http_redirects: bool,
    pub log_format: LogFormat,
    pub bootstrap_admin: Option<(String, SecretString)>,
    pub product_name: String,
    /// The messages of pages and emails in every language (shared).
    pub catalog: Arc<Catalog>,
    /// The language when nothing about a request or user decides: the
    /// tenant's `default_locale`, else PALISADE_DEFAULT_LOCALE.
    pub default_locale: String,
    /// The server-wide defaults of three tenant settings (no variables: a
    /// tenant's own settings change them): whether anyone may register,
    /// the shortest password, and the only domains addresses may have.
    pub allow_signup: bool,
    pub password_min_length: usize,
    pub allowed_email_domains: Option<Vec<String>>,
    pub mail: MailSettings,
    /// Peers whose X-Forwarded-For names the client.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    pub retention: Retention,
    pub rate_limit: RateLimit,
    /// Browser origins allowed by CORS; empty: CORS off.
    pub cors_origins: Vec<String>,
    /// Request headers CORS allows besides authorization and content-type.
    pub cors_allow_headers: Vec<axum::http::HeaderName>,
    /// When set, /metrics needs this bearer token.
    pub metrics_token: Option<SecretString>,
    /// Certificate and key paths: serve HTTPS.
    pub tls: Option<(PathBuf, PathBuf)>,
}

/// A configuration problem, already phrased as the one line the operator sees.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

/// A secret given directly or in a file (its content, without the trailing
/// newline): not both. Empty means none.
fn secret_or_file(
    variable: &str,
    value: &Option<SecretString>,
    file: &Option<PathBuf>,
) -> Result<Option<SecretString>, ConfigError> {
    let given = value.as_ref().filter(|v| !v.expose_secret().is_empty());
    match (given, file) {
        (Some(_), Some(_)) => Err(ConfigError(format!(
            "{variable} and {variable}_FILE go separately: set one of them"
        ))),
        (Some(v), None) => Ok(Some(v.clone())),
        (None, Some(path)) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                ConfigError(format!(
                    "cannot read {variable}_FILE={}: {e}",
                    path.display()
                ))
            })?;
            let text = text.trim_end_matches(['\n', '\r']);
            Ok((!text.is_empty()).then(|| SecretString::from(text.to_owned())))
        }
        (None, None) => Ok(None),
    }
}

/// The messages: the built-in ones are read once per process (tests build
/// many configurations); an operator's folder is read and checked each time.
fn catalog(overrides: Option<&std::path::Path>) -> Result<Arc<Catalog>, ConfigError> {
    static BUILT_IN: OnceLock<Result<Arc<Catalog>, String>> = OnceLock::new();
    match overrides {
        Some(dir) => Catalog::load(Some(dir)).map(Arc::new),
        None => BUILT_IN
            .get_or_init(|| Catalog::built_in().map(Arc::new))
            .clone(),
    }
    .map_err(|why| ConfigError(format!("PALISADE_MESSAGES_DIR: {why}")))
}

/// The secrets, each from its variable or its `_FILE`.
struct Secrets {
    database_url: SecretString,
    jwt_secret: Option<SecretString>,
    secrets_key: Option<SecretString>,
    smtp_url: Option<SecretString>,
    bootstrap_password: Option<SecretString>,
}

impl Secrets {
    fn read(s: &Settings) -> Result<Self, ConfigError> {
        let database_url = match secret_or_file("DATABASE_URL", &None, &s.database_url_file)? {
            // Never echo the URL: it may hold a password.
            Some(url) => parse::database_url(url.expose_secret())
                .map_err(|why| ConfigError(format!("invalid DATABASE_URL_FILE: {why}")))?,
            None => s.database_url.clone(),
        };
        let smtp_url = secret_or_file("PALISADE_SMTP_URL", &s.smtp_url, &s.smtp_url_file)?;
        if let Some(url) = &smtp_url {
            parse::smtp_url(url.expose_secret())
                .map_err(|why| ConfigError(format!("invalid PALISADE_SMTP_URL_FILE: {why}")))?;
        }
        Ok(Self {
            database_url,
            jwt_secret: secret_or_file("PALISADE_JWT_SECRET", &s.jwt_secret, &s.jwt_secret_file)?,
            secrets_key: secret_or_file(
                "PALISADE_SECRETS_KEY",
                &s.secrets_key,
                &s.secrets_key_file,
            )?,
            smtp_url,
            bootstrap_password: secret_or_file(
                "PALISADE_BOOTSTRAP_ADMIN_PASSWORD",
                &s.bootstrap_admin_password,
                &s.bootstrap_admin_password_file,
            )?,
        })
    }
}

/// The rules between settings; each value alone was checked when parsed.
fn check_together(s: &Settings, secrets: &Secrets) -> Result<(), ConfigError> {
    let fail = |line: &str| Err(ConfigError(line.to_owned()));
    if s.jwt_alg == JwtAlgorithm::Hs256 {
        match &secrets.jwt_secret {
            None => return fail("PALISADE_JWT_SECRET is required when PALISADE_JWT_ALG=HS256"),
            Some(secret) if secret.expose_secret().len() < 32 => {
                return fail("invalid PALISADE_JWT_SECRET: must be at least 32 bytes for HS256");
            }
            Some(_) => {}
        }
    }
    let short =
        |key: &Option<SecretString>| key.as_ref().is_some_and(|k| k.expose_secret().len() < 32);
    if short(&secrets.secrets_key) || short(&s.secrets_key_previous) {
        return fail("invalid PALISADE_SECRETS_KEY: must be at least 32 bytes");
    }
    if s.tls_cert.is_some() != s.tls_key.is_some() {
        return fail("PALISADE_TLS_CERT and PALISADE_TLS_KEY go together: set both or neither");
    }
    if s.db_pooler == Pooler::Transaction {
        if !secrets.database_url.expose_secret().starts_with("postgres") {
            return fail("PALISADE_DB_POOLER=transaction needs a postgres:// DATABASE_URL");
        }
        if s.db_session_url.is_none() {
            return fail(
                "PALISADE_DB_POOLER=transaction needs PALISADE_DB_SESSION_URL (the server, or a session-mode pooler): LISTEN cannot go through a transaction pooler",
            );
        }
    }
    Ok(())
}

/// The sender of emails: as configured, else the product at no-reply@localhost.
fn sender(s: &Settings, product_name: &str) -> Result<lettre::message::Mailbox, ConfigError> {
    match &s.mail_from {
        Some(from) => Ok(from.clone()),
        None => Ok(lettre::message::Mailbox::new(
            Some(product_name.to_owned()),
            "no-reply@localhost"
                .parse()
                .map_err(|e| ConfigError(format!("default sender: {e}")))?,
        )),
    }
}

impl Config {
    pub fn from_settings(s: &Settings) -> Result<Self, ConfigError> {
        let secrets = Secrets::read(s)?;
        check_together(s, &secrets)?;
        let Secrets {
            database_url,
            jwt_secret,
            secrets_key,
            smtp_url,
            bootstrap_password,
        } = secrets;
        let bootstrap_admin = match (&s.bootstrap_admin_email, bootstrap_password) {
            (Some(e), Some(p)) if !e.trim().is_empty() => Some((e.clone(), p)),
            _ => None,
        };
        let product_name = s.product_name.trim().to_owned();
        let catalog = catalog(s.messages_dir.as_deref())?;
        let default_locale = crate::core::locale::matching(catalog.languages(), &s.default_locale)
            .ok_or_else(|| {
                ConfigError(format!(
                    "PALISADE_DEFAULT_LOCALE: {} is not one of {}",
                    s.default_locale,
                    catalog.languages().join(", ")
                ))
            })?
            .to_owned();
        let from = sender(s, &product_name)?;
        let tls = s.tls_cert.clone().zip(s.tls_key.clone());
        let webauthn_rp_id = s
            .webauthn_rp_id
            .as_deref()
            .map(|id| id.trim().to_ascii_lowercase())
            .filter(|id| !id.is_empty());
        let access_token_audience = match s.access_token_audience.as_deref().map(str::trim) {
            Some(aud) if !aud.is_empty() => aud.to_owned(),
            _ => s.public_url.clone(),
        };
        Ok(Self {
            db_session_url: s
                .db_session_url
                .clone()
                .unwrap_or_else(|| database_url.clone()),
            database_url,
            db_pool_size: s.db_pool_size,
            db_statement_cache: s.db_statement_cache,
            db_pooler: s.db_pooler,
            bind: s.bind,
            public_url: s.public_url.clone(),
            access_token_audience,
            webauthn_rp_id,
            mfa_required_roles: s.mfa_required_roles.0.clone(),
            key_activation_delay: s.key_activation_delay,
            access_token_ttl: s.access_token_ttl,
            refresh_token_ttl: s.refresh_token_ttl,
            reset_token_ttl: s.reset_token_ttl,
            verify_token_ttl: s.verify_token_ttl,
            refresh_reuse_grace: s.refresh_reuse_grace,
            jwt_alg: s.jwt_alg,
            jwt_secret,
            secrets_key,
            secrets_key_previous: s
                .secrets_key_previous
                .clone()
                .filter(|k| !k.expose_secret().is_empty()),
            password_hash: s.password_hash,
            hash_concurrency: s.hash_concurrency.map_or_else(
                || std::thread::available_parallelism().map_or(2, |n| n.get()),
                |n| n as usize,
            ),
            require_verified_email: s.require_verified_email,
            client_secret_grace: s.client_secret_grace,
            allow_http_redirects: s.allow_http_redirects,
            log_format: s.log_format,
            bootstrap_admin,
            product_name,
            catalog,
            default_locale,
            allow_signup: true,
            password_min_length: crate::core::validate::PASSWORD_MIN,
            allowed_email_domains: None,
            mail: MailSettings {
                smtp_url,
                from,
                dir: s.mail_dir.clone(),
                max_attempts: s.mail_max_attempts,
                lease: s.mail_lease,
            },
            trusted_proxies: s.trusted_proxies.0.clone(),
            retention: Retention {
                sessions: s.session_retention,
                tokens: s.token_retention,
                outbox: s.outbox_retention,
                audit: s.audit_retention,
                every: s.housekeeping_every,
            },
            rate_limit: s.rate_limit,
            cors_origins: s.cors_origins.0.clone(),
            cors_allow_headers: s.cors_allow_headers.0.clone(),
            metrics_token: s
                .metrics_token
                .clone()
                .filter(|t| !t.expose_secret().is_empty()),
            tls,
        })
    }

    /// The defaults with another database: the starting point of tests.
    pub fn for_database(url: &str) -> Result<Self, ConfigError> {
        let mut settings = Settings::defaults();
        settings.database_url = parse::database_url(url)
            .map_err(|why| ConfigError(format!("invalid DATABASE_URL: {why}")))?;
        Self::from_settings(&settings)
    }

    /// The relying party id of passkeys: as set, or the public URL's host.
    pub fn webauthn_rp_id(&self) -> String {
        self.webauthn_rp_id.clone().unwrap_or_else(|| {
            url::Url::parse(&self.public_url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_owned))
                .unwrap_or_default()
        })
    }

    /// The issuer (`iss`) of access tokens.
    pub fn issuer(&self) -> &str {
        &self.public_url
    }
}
