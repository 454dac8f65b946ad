//! The command line: subcommands and every setting as a flag that also reads
//! its environment variable, each parsed into its type by a value parser (so
//! a bad one is refused naming its variable). `config` checks what spans
//! several settings; `commands` runs.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgAction, Args, Parser, Subcommand};
use secrecy::SecretString;

use crate::config::parse::{
    Csv, LogFormat, database_url, duration, header_name, http_origin, ip_or_net, jwt_alg,
    mail_lease, mailbox, metrics_token, password_hash, pooler, positive_duration, postgres_url,
    public_url, rate_limit, role_name, secret, smtp_url,
};
use crate::core::throttle::RateLimit;
use crate::infra::crypto::jws::JwtAlgorithm;
use crate::infra::crypto::passwords::HashAlgorithm;
use crate::infra::store::Pooler;

#[derive(Parser)]
#[command(
    name = "palisade",
    version,
    about = "Palisade: a self-hosted authentication server",
    long_about = "Palisade: a self-hosted authentication server.\n\nWithout a subcommand it runs `serve`. Every flag can also be set through the environment variable shown next to it."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub settings: Settings,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply migrations, then serve HTTP (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Administer users.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Manage JWT signing keys.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Manage the OAuth clients (applications that sign users in with Palisade).
    #[command(subcommand)]
    Clients(ClientsCommand),
    /// Manage the identity providers users may sign in with.
    #[command(subcommand)]
    Providers(ProvidersCommand),
    /// Manage the tenants (isolated user bases) this deployment serves.
    #[command(subcommand)]
    Tenants(TenantsCommand),
    /// Write a consistent backup of the database while the server runs:
    /// pg_dump (custom format) for PostgreSQL, VACUUM INTO for SQLite.
    Backup {
        /// The backup file to write.
        #[arg(long)]
        output: std::path::PathBuf,
    },
    /// Restore a backup made by `palisade backup` into DATABASE_URL, then
    /// apply migrations. Stop the servers first.
    Restore {
        /// The backup file to read.
        #[arg(long)]
        input: std::path::PathBuf,
    },
}

/// Which tenant a command acts in.
#[derive(Debug, Args)]
pub struct InTenant {
    /// The tenant's slug (default: the tenant at the root paths).
    #[arg(id = "tenant", long = "tenant", value_name = "SLUG", default_value = crate::core::tenants::DEFAULT_TENANT)]
    pub slug: String,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an admin, or grant the admin role to an existing user whose
    /// email is verified (their password is left as it is, their sessions
    /// end). A new admin's password is read from PALISADE_ADMIN_PASSWORD, or
    /// else as one line from standard input.
    Create {
        /// Email address of the admin.
        #[arg(long)]
        email: String,
        /// Also promote an existing account whose email is not verified:
        /// only when you know who registered it (anyone could have).
        #[arg(long)]
        promote_existing: bool,
        #[command(flatten)]
        tenant: InTenant,
    },
}

#[derive(Debug, Subcommand)]
pub enum ProvidersCommand {
    /// Connect a provider. Its client secret is read from
    /// PALISADE_PROVIDER_SECRET, or else as one line from standard input.
    Add {
        /// The provider's name in paths (/login/{slug}), such as google.
        #[arg(long)]
        slug: String,
        /// oidc, github or oauth2.
        #[arg(long)]
        kind: String,
        /// What the sign-in button says (default: the slug).
        #[arg(long)]
        display_name: Option<String>,
        /// The issuer URL of an OpenID provider.
        #[arg(long)]
        issuer: Option<String>,
        /// The client id the provider issued.
        #[arg(long)]
        client_id: String,
        #[command(flatten)]
        tenant: InTenant,
    },
}

#[derive(Debug, Subcommand)]
pub enum TenantsCommand {
    /// Create a tenant.
    Create {
        /// The tenant's name in paths: 2 to 63 of a-z, 0-9 and -.
        #[arg(long)]
        slug: String,
        /// The tenant's name as people read it.
        #[arg(long)]
        display_name: String,
        /// A host name that serves the tenant at the root paths; repeat for
        /// several.
        #[arg(long = "host")]
        hosts: Vec<String>,
        /// Invite the tenant's first admin by email: an account without a
        /// password, and a link to set one at the tenant's address.
        #[arg(long)]
        admin_email: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ClientsCommand {
    /// Register a client and print its id and (for a confidential client)
    /// its secret, which is shown only this once.
    Create {
        /// What users see on the consent page.
        #[arg(long)]
        name: String,
        /// A redirect URI, matched exactly; repeat for several.
        #[arg(long = "redirect-uri")]
        redirect_uris: Vec<String>,
        /// A public client (SPA, native app): no secret, PKCE only.
        #[arg(long)]
        public: bool,
        /// Trusted like Palisade's own pages: users are not asked to consent.
        #[arg(long)]
        first_party: bool,
        /// A grant type it may use; repeat for several
        /// [authorization_code, refresh_token].
        #[arg(long = "grant-type")]
        grant_types: Vec<String>,
        #[command(flatten)]
        tenant: InTenant,
    },
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Publish a new signing key in the JWKS at once and make it sign after
    /// PALISADE_KEY_ACTIVATION_DELAY, so verifiers that cache the JWKS never
    /// meet an unknown kid. Older keys stay published until their tokens have
    /// expired, whatever their algorithm.
    Rotate {
        /// Sign with the new key at once (an emergency: verifiers that cached
        /// the JWKS moments ago may refuse its tokens until they refetch).
        #[arg(long)]
        now: bool,
        #[command(flatten)]
        tenant: InTenant,
    },
    /// Remove a (compromised) key from the JWKS at once: its tokens stop
    /// working on every server within 5 seconds. If it was the key that
    /// signs, a new one takes over at once.
    Revoke {
        /// The key id (`kid`), as in the JWKS.
        kid: String,
        #[command(flatten)]
        tenant: InTenant,
    },
}

/// Every setting, parsed; `Config::from_settings` checks what spans several.
/// No `Debug`: several of these are secrets (their types redact them).
#[derive(Clone, Args)]
pub struct Settings {
    /// Database: postgres://… or sqlite://path (relative to the working
    /// directory; sqlite:///abs/path for an absolute one). Created if missing.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://palisade.db", global = true,
        hide_env_values = true, value_parser = database_url)]
    pub database_url: SecretString,
    /// A file holding DATABASE_URL (container secrets).
    #[arg(long, env = "DATABASE_URL_FILE", global = true)]
    pub database_url_file: Option<PathBuf>,
    /// Maximum number of pooled database connections.
    #[arg(long, env = "PALISADE_DB_POOL_SIZE", default_value = "10", global = true,
        value_parser = clap::value_parser!(u32).range(1..))]
    pub db_pool_size: u32,
    /// Prepared statements each database connection keeps (0: none). Every
    /// query shape is one statement; a cache that holds them all saves a
    /// parse and plan per query.
    #[arg(
        long,
        env = "PALISADE_DB_STATEMENT_CACHE",
        default_value = "500",
        global = true
    )]
    pub db_statement_cache: usize,
    /// `transaction` when DATABASE_URL goes through a transaction pooler
    /// (PgBouncer `pool_mode = transaction`): statements are not cached and
    /// each runs inside a transaction. Needs PALISADE_DB_SESSION_URL.
    #[arg(long, env = "PALISADE_DB_POOLER", default_value = "none", global = true,
        value_parser = pooler)]
    pub db_pooler: Pooler,
    /// A PostgreSQL address that keeps a session (the server itself, or a
    /// session-mode pooler), for what needs one: LISTEN for the other
    /// instances' notices, and reading the database's clock. Defaults to
    /// DATABASE_URL.
    #[arg(long, env = "PALISADE_DB_SESSION_URL", global = true,
        hide_env_values = true, value_parser = postgres_url)]
    pub db_session_url: Option<SecretString>,
    /// Address to listen on.
    #[arg(
        long,
        env = "PALISADE_BIND",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub bind: SocketAddr,
    /// Public base URL: used in emails and as the token issuer (`iss`).
    #[arg(long, env = "PALISADE_PUBLIC_URL", default_value = "http://127.0.0.1:8080",
        global = true, value_parser = public_url)]
    pub public_url: String,
    /// Comma-separated roles whose holders must set up a second factor
    /// before they can use anything else.
    #[arg(long, env = "PALISADE_MFA_REQUIRED_ROLES", default_value = "", global = true,
        value_parser = Csv::parser(role_name))]
    pub mfa_required_roles: Csv<String>,
    /// WebAuthn relying party id for passkeys (default: the public URL's
    /// host; may be a parent domain of it).
    #[arg(long, env = "PALISADE_WEBAUTHN_RP_ID", global = true)]
    pub webauthn_rp_id: Option<String>,
    /// `aud` of access tokens (RFC 9068): who they are for (default: the public URL).
    #[arg(long, env = "PALISADE_ACCESS_TOKEN_AUDIENCE", global = true)]
    pub access_token_audience: Option<String>,
    /// How long a rotated signing key is published in the JWKS before it
    /// signs, so verifiers that cache the JWKS know it first.
    #[arg(long, env = "PALISADE_KEY_ACTIVATION_DELAY", default_value = "10m", global = true,
        value_parser = duration)]
    pub key_activation_delay: Duration,
    /// Lifetime of access tokens (e.g. 15m).
    #[arg(long, env = "PALISADE_ACCESS_TOKEN_TTL", default_value = "15m", global = true,
        value_parser = positive_duration)]
    pub access_token_ttl: Duration,
    /// Absolute lifetime of a session and its refresh tokens (e.g. 30d).
    #[arg(long, env = "PALISADE_REFRESH_TOKEN_TTL", default_value = "30d", global = true,
        value_parser = positive_duration)]
    pub refresh_token_ttl: Duration,
    /// Lifetime of password reset tokens.
    #[arg(long, env = "PALISADE_RESET_TOKEN_TTL", default_value = "30m", global = true,
        value_parser = positive_duration)]
    pub reset_token_ttl: Duration,
    /// Lifetime of email verification tokens.
    #[arg(long, env = "PALISADE_VERIFY_TOKEN_TTL", default_value = "24h", global = true,
        value_parser = positive_duration)]
    pub verify_token_ttl: Duration,
    /// How long an already-used refresh token may be presented again (two
    /// tabs refreshing at once) before it counts as reuse; 0s turns this off.
    #[arg(long, env = "PALISADE_REFRESH_REUSE_GRACE", default_value = "10s", global = true,
        value_parser = duration)]
    pub refresh_reuse_grace: Duration,
    /// JWT signing algorithm: ES256, EdDSA, RS256 or HS256.
    #[arg(long, env = "PALISADE_JWT_ALG", default_value = "ES256", global = true,
        value_parser = jwt_alg)]
    pub jwt_alg: JwtAlgorithm,
    /// Shared secret for HS256 (at least 32 bytes).
    #[arg(long, env = "PALISADE_JWT_SECRET", global = true, hide_env_values = true,
        value_parser = secret)]
    pub jwt_secret: Option<SecretString>,
    /// A file holding PALISADE_JWT_SECRET (container secrets).
    #[arg(long, env = "PALISADE_JWT_SECRET_FILE", global = true)]
    pub jwt_secret_file: Option<PathBuf>,
    /// The key that encrypts secrets at rest (TOTP seeds) and keys the
    /// hashes of recovery codes: any string of at least 32 bytes. Unset: a
    /// key generated once and kept in its own table.
    #[arg(long, env = "PALISADE_SECRETS_KEY", global = true, hide_env_values = true,
        value_parser = secret)]
    pub secrets_key: Option<SecretString>,
    /// A file holding PALISADE_SECRETS_KEY.
    #[arg(long, env = "PALISADE_SECRETS_KEY_FILE", global = true)]
    pub secrets_key_file: Option<PathBuf>,
    /// The key PALISADE_SECRETS_KEY replaced: what it sealed still opens,
    /// and moves to the new key when next written.
    #[arg(long, env = "PALISADE_SECRETS_KEY_PREVIOUS", global = true, hide_env_values = true,
        value_parser = secret)]
    pub secrets_key_previous: Option<SecretString>,
    /// Password hash for new hashes: argon2id or bcrypt. Both always verify.
    #[arg(long, env = "PALISADE_PASSWORD_HASH", default_value = "argon2id", global = true,
        value_parser = password_hash)]
    pub password_hash: HashAlgorithm,
    /// How many password hashes may run at once (default: CPU count).
    #[arg(long, env = "PALISADE_HASH_CONCURRENCY", global = true,
        value_parser = clap::value_parser!(u32).range(1..))]
    pub hash_concurrency: Option<u32>,
    /// How long a client secret keeps working after it was rotated.
    #[arg(long, env = "PALISADE_CLIENT_SECRET_GRACE", default_value = "1h", global = true,
        value_parser = duration)]
    pub client_secret_grace: Duration,
    /// Allow OAuth clients to register http:// redirect URIs off loopback
    /// (for development only).
    #[arg(long, env = "PALISADE_ALLOW_HTTP_REDIRECTS", default_value = "false", global = true,
        action = ArgAction::Set, value_parser = clap::builder::BoolishValueParser::new())]
    pub allow_http_redirects: bool,
    /// Block login until the email address is verified.
    #[arg(long, env = "PALISADE_REQUIRE_VERIFIED_EMAIL", default_value = "false", global = true,
        action = ArgAction::Set, value_parser = clap::builder::BoolishValueParser::new())]
    pub require_verified_email: bool,
    /// Log format: pretty or json. The filter comes from RUST_LOG [info].
    #[arg(
        long,
        env = "PALISADE_LOG_FORMAT",
        default_value = "pretty",
        global = true,
        ignore_case = true
    )]
    pub log_format: LogFormat,
    /// With the password below, creates this admin at start when no admin exists.
    #[arg(long, env = "PALISADE_BOOTSTRAP_ADMIN_EMAIL", global = true)]
    pub bootstrap_admin_email: Option<String>,
    /// Password of the bootstrap admin.
    #[arg(long, env = "PALISADE_BOOTSTRAP_ADMIN_PASSWORD", global = true,
        hide_env_values = true, value_parser = secret)]
    pub bootstrap_admin_password: Option<SecretString>,
    /// A file holding PALISADE_BOOTSTRAP_ADMIN_PASSWORD (container secrets).
    #[arg(long, env = "PALISADE_BOOTSTRAP_ADMIN_PASSWORD_FILE", global = true)]
    pub bootstrap_admin_password_file: Option<PathBuf>,
    /// SMTP server: smtp://host:port (plain; add ?tls=required for STARTTLS)
    /// or smtps://user:pass@host:port (TLS). Unset: emails are written as
    /// .eml files under PALISADE_MAIL_DIR.
    #[arg(long, env = "PALISADE_SMTP_URL", global = true, hide_env_values = true,
        value_parser = smtp_url)]
    pub smtp_url: Option<SecretString>,
    /// A file holding PALISADE_SMTP_URL (container secrets).
    #[arg(long, env = "PALISADE_SMTP_URL_FILE", global = true)]
    pub smtp_url_file: Option<PathBuf>,
    /// Sender of every email, e.g. "Palisade <no-reply@example.com>".
    #[arg(long, env = "PALISADE_MAIL_FROM", global = true, value_parser = mailbox)]
    pub mail_from: Option<lettre::message::Mailbox>,
    /// Folder for .eml files when no SMTP server is configured.
    #[arg(
        long,
        env = "PALISADE_MAIL_DIR",
        default_value = "./mail",
        global = true
    )]
    pub mail_dir: PathBuf,
    /// Delivery attempts before an email is marked failed (dead letter).
    #[arg(long, env = "PALISADE_MAIL_MAX_ATTEMPTS", default_value = "8", global = true,
        value_parser = clap::value_parser!(u32).range(1..))]
    pub mail_max_attempts: u32,
    /// How long an instance holds an email it is sending before another may
    /// take it over (an instance killed mid-send). Longer than one SMTP
    /// exchange, which is given at most half of it.
    #[arg(long, env = "PALISADE_MAIL_LEASE", default_value = "5m", global = true,
        value_parser = mail_lease, hide = true)]
    pub mail_lease: Duration,
    /// CIDRs of proxies whose X-Forwarded-For is believed, comma-separated.
    #[arg(long, env = "PALISADE_TRUSTED_PROXIES", default_value = "", global = true,
        value_parser = Csv::parser(ip_or_net))]
    pub trusted_proxies: Csv<ipnet::IpNet>,
    /// How long ended (expired or revoked) sessions and their refresh tokens are kept.
    #[arg(long, env = "PALISADE_SESSION_RETENTION", default_value = "7d", global = true,
        value_parser = duration)]
    pub session_retention: Duration,
    /// How long used or expired reset and verification tokens are kept.
    #[arg(long, env = "PALISADE_TOKEN_RETENTION", default_value = "7d", global = true,
        value_parser = duration)]
    pub token_retention: Duration,
    /// How long sent and failed emails are kept (their bodies are emptied at once).
    #[arg(long, env = "PALISADE_OUTBOX_RETENTION", default_value = "7d", global = true,
        value_parser = duration)]
    pub outbox_retention: Duration,
    /// How long audit events are kept.
    #[arg(long, env = "PALISADE_AUDIT_RETENTION", default_value = "365d", global = true,
        value_parser = positive_duration)]
    pub audit_retention: Duration,
    /// How often ended sessions, used tokens, old emails and audit events
    /// past their retention are deleted (a soak test shortens it).
    #[arg(long, env = "PALISADE_HOUSEKEEPING_EVERY", default_value = "1h", global = true,
        value_parser = positive_duration, hide = true)]
    pub housekeeping_every: Duration,
    /// Per-client-IP budget for /v1/auth/*: off, on (30/min), or N/s, N/min, N/h.
    #[arg(long, env = "PALISADE_RATE_LIMIT", default_value = "on", global = true,
        value_parser = rate_limit)]
    pub rate_limit: RateLimit,
    /// Comma-separated origins allowed to call the API from a browser (CORS).
    #[arg(long, env = "PALISADE_CORS_ORIGINS", default_value = "", global = true,
        value_parser = Csv::parser(http_origin))]
    pub cors_origins: Csv<String>,
    /// Request headers allowed cross-origin besides authorization and
    /// content-type, comma-separated (e.g. traceparent,baggage).
    #[arg(long, env = "PALISADE_CORS_ALLOW_HEADERS", default_value = "", global = true,
        value_parser = Csv::parser(header_name))]
    pub cors_allow_headers: Csv<axum::http::HeaderName>,
    /// When set (16+ characters), /metrics needs `Authorization: Bearer <it>`.
    #[arg(long, env = "PALISADE_METRICS_TOKEN", global = true, hide_env_values = true,
        value_parser = metrics_token)]
    pub metrics_token: Option<SecretString>,
    /// PEM certificate chain: with PALISADE_TLS_KEY, serve HTTPS natively.
    #[arg(long, env = "PALISADE_TLS_CERT", global = true)]
    pub tls_cert: Option<PathBuf>,
    /// PEM private key for PALISADE_TLS_CERT. Reloaded on SIGHUP or when the files change.
    #[arg(long, env = "PALISADE_TLS_KEY", global = true)]
    pub tls_key: Option<PathBuf>,
    /// Product name shown in emails and pages.
    #[arg(
        long,
        env = "PALISADE_PRODUCT_NAME",
        default_value = "Palisade",
        global = true
    )]
    pub product_name: String,
    /// Language of pages and emails when nothing else decides (en, de, fr, es, ja, ar, or one PALISADE_MESSAGES_DIR adds).
    #[arg(
        long,
        env = "PALISADE_DEFAULT_LOCALE",
        default_value = "en",
        global = true
    )]
    pub default_locale: String,
    /// Folder of `<lang>/*.ftl` files overriding or adding messages of pages and emails; checked at start.
    #[arg(long, env = "PALISADE_MESSAGES_DIR", global = true)]
    pub messages_dir: Option<PathBuf>,
}

impl Settings {
    /// The defaults, as if neither flags nor environment variables were given.
    /// Tests start from this and change what they need.
    pub fn defaults() -> Self {
        let cmd = <Self as Args>::augment_args(clap::Command::new("palisade"));
        // Environment variables are ignored so the caller's shell cannot leak in.
        let cmd = cmd.mut_args(|a| a.env(None::<&str>));
        let matches = cmd.get_matches_from(["palisade"]);
        match <Self as clap::FromArgMatches>::from_arg_matches(&matches) {
            Ok(settings) => settings,
            Err(err) => err.exit(),
        }
    }
}

/// A command-line error as the one line the operator sees, naming the
/// environment variable of the setting at fault.
pub fn one_line(err: &clap::Error) -> String {
    use clap::CommandFactory as _;
    use clap::error::{ContextKind, ContextValue};
    let arg = match err.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(arg)) => arg.clone(),
        _ => String::new(),
    };
    let long = arg
        .trim_start_matches("--")
        .split(' ')
        .next()
        .unwrap_or_default()
        .to_owned();
    let command = Cli::command();
    let variable = command
        .get_arguments()
        .find(|a| a.get_long() == Some(long.as_str()))
        .and_then(|a| a.get_env())
        .map(|env| env.to_string_lossy().into_owned());
    let first = err
        .render()
        .to_string()
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("error: ")
        .to_owned();
    match variable {
        Some(variable) if !arg.is_empty() => first.replace(&format!("'{arg}'"), &variable),
        _ => first,
    }
}

/// Why the command line did not yield a command to run.
pub enum Exit {
    /// A bad flag or variable: this line says which.
    Usage(String),
    /// `--help` or `--version` was answered: exit with this code.
    Done(u8),
}

/// The command line and environment, parsed.
pub fn parse() -> Result<Cli, Exit> {
    use clap::error::ErrorKind;
    Cli::try_parse().map_err(|err| match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = err.print();
            Exit::Done(0)
        }
        _ => Exit::Usage(one_line(&err)),
    })
}

/// The log format asked for in the environment, for reporting a command
/// line that did not parse in the format the operator wants.
pub fn requested_log_format() -> LogFormat {
    match std::env::var("PALISADE_LOG_FORMAT") {
        Ok(v) if v.trim().eq_ignore_ascii_case("json") => LogFormat::Json,
        _ => LogFormat::Pretty,
    }
}
