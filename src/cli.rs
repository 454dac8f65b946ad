//! The command line: subcommands and every setting as a flag that also reads its
//! environment variable. Parsing only; `config` validates, `commands` runs.

use clap::{Args, Parser, Subcommand};

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
    },
    /// Remove a (compromised) key from the JWKS at once: its tokens stop
    /// working on every server within 5 seconds. If it was the key that
    /// signs, a new one takes over at once.
    Revoke {
        /// The key id (`kid`), as in the JWKS.
        kid: String,
    },
}

/// Every setting, as given (strings); `Config::from_settings` validates them.
/// No `Debug`: several of these are secrets until `Config` wraps them.
#[derive(Clone, Args)]
pub struct Settings {
    /// Database: postgres://… or sqlite://path (relative to the working
    /// directory; sqlite:///abs/path for an absolute one). Created if missing.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://palisade.db",
        global = true,
        hide_env_values = true
    )]
    pub database_url: String,
    /// Maximum number of pooled database connections.
    #[arg(
        long,
        env = "PALISADE_DB_POOL_SIZE",
        default_value = "10",
        global = true
    )]
    pub db_pool_size: String,
    /// Prepared statements each database connection keeps (0: none). Every
    /// query shape is one statement; a cache that holds them all saves a
    /// parse and plan per query.
    #[arg(
        long,
        env = "PALISADE_DB_STATEMENT_CACHE",
        default_value = "500",
        global = true
    )]
    pub db_statement_cache: String,
    /// Address to listen on.
    #[arg(
        long,
        env = "PALISADE_BIND",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub bind: String,
    /// Public base URL: used in emails and as the token issuer (`iss`).
    #[arg(
        long,
        env = "PALISADE_PUBLIC_URL",
        default_value = "http://127.0.0.1:8080",
        global = true
    )]
    pub public_url: String,
    /// `aud` of access tokens (RFC 9068): who they are for (default: the public URL).
    #[arg(long, env = "PALISADE_ACCESS_TOKEN_AUDIENCE", global = true)]
    pub access_token_audience: Option<String>,
    /// How long a rotated signing key is published in the JWKS before it
    /// signs, so verifiers that cache the JWKS know it first.
    #[arg(
        long,
        env = "PALISADE_KEY_ACTIVATION_DELAY",
        default_value = "10m",
        global = true
    )]
    pub key_activation_delay: String,
    /// Lifetime of access tokens (e.g. 15m).
    #[arg(
        long,
        env = "PALISADE_ACCESS_TOKEN_TTL",
        default_value = "15m",
        global = true
    )]
    pub access_token_ttl: String,
    /// Absolute lifetime of a session and its refresh tokens (e.g. 30d).
    #[arg(
        long,
        env = "PALISADE_REFRESH_TOKEN_TTL",
        default_value = "30d",
        global = true
    )]
    pub refresh_token_ttl: String,
    /// Lifetime of password reset tokens.
    #[arg(
        long,
        env = "PALISADE_RESET_TOKEN_TTL",
        default_value = "30m",
        global = true
    )]
    pub reset_token_ttl: String,
    /// Lifetime of email verification tokens.
    #[arg(
        long,
        env = "PALISADE_VERIFY_TOKEN_TTL",
        default_value = "24h",
        global = true
    )]
    pub verify_token_ttl: String,
    /// How long an already-used refresh token may be presented again (two
    /// tabs refreshing at once) before it counts as reuse; 0s turns this off.
    #[arg(
        long,
        env = "PALISADE_REFRESH_REUSE_GRACE",
        default_value = "10s",
        global = true
    )]
    pub refresh_reuse_grace: String,
    /// JWT signing algorithm: ES256, EdDSA, RS256 or HS256.
    #[arg(long, env = "PALISADE_JWT_ALG", default_value = "ES256", global = true)]
    pub jwt_alg: String,
    /// Shared secret for HS256 (at least 32 bytes).
    #[arg(
        long,
        env = "PALISADE_JWT_SECRET",
        global = true,
        hide_env_values = true
    )]
    pub jwt_secret: Option<String>,
    /// Password hash for new hashes: argon2id or bcrypt. Both always verify.
    #[arg(
        long,
        env = "PALISADE_PASSWORD_HASH",
        default_value = "argon2id",
        global = true
    )]
    pub password_hash: String,
    /// How many password hashes may run at once (default: CPU count).
    #[arg(long, env = "PALISADE_HASH_CONCURRENCY", global = true)]
    pub hash_concurrency: Option<String>,
    /// Block login until the email address is verified.
    #[arg(
        long,
        env = "PALISADE_REQUIRE_VERIFIED_EMAIL",
        default_value = "false",
        global = true
    )]
    pub require_verified_email: String,
    /// Log format: pretty or json. The filter comes from RUST_LOG [info].
    #[arg(
        long,
        env = "PALISADE_LOG_FORMAT",
        default_value = "pretty",
        global = true
    )]
    pub log_format: String,
    /// With the password below, creates this admin at start when no admin exists.
    #[arg(long, env = "PALISADE_BOOTSTRAP_ADMIN_EMAIL", global = true)]
    pub bootstrap_admin_email: Option<String>,
    /// Password of the bootstrap admin.
    #[arg(
        long,
        env = "PALISADE_BOOTSTRAP_ADMIN_PASSWORD",
        global = true,
        hide_env_values = true
    )]
    pub bootstrap_admin_password: Option<String>,
    /// SMTP server: smtp://host:port (plain; add ?tls=required for STARTTLS)
    /// or smtps://user:pass@host:port (TLS). Unset: emails are written as
    /// .eml files under PALISADE_MAIL_DIR.
    #[arg(long, env = "PALISADE_SMTP_URL", global = true, hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// Sender of every email, e.g. "Palisade <no-reply@example.com>".
    #[arg(long, env = "PALISADE_MAIL_FROM", global = true)]
    pub mail_from: Option<String>,
    /// Folder for .eml files when no SMTP server is configured.
    #[arg(
        long,
        env = "PALISADE_MAIL_DIR",
        default_value = "./mail",
        global = true
    )]
    pub mail_dir: String,
    /// Delivery attempts before an email is marked failed (dead letter).
    #[arg(
        long,
        env = "PALISADE_MAIL_MAX_ATTEMPTS",
        default_value = "8",
        global = true
    )]
    pub mail_max_attempts: String,
    /// CIDRs of proxies whose X-Forwarded-For is believed, comma-separated.
    #[arg(
        long,
        env = "PALISADE_TRUSTED_PROXIES",
        default_value = "",
        global = true
    )]
    pub trusted_proxies: String,
    /// How long ended (expired or revoked) sessions and their refresh tokens are kept.
    #[arg(
        long,
        env = "PALISADE_SESSION_RETENTION",
        default_value = "7d",
        global = true
    )]
    pub session_retention: String,
    /// How long used or expired reset and verification tokens are kept.
    #[arg(
        long,
        env = "PALISADE_TOKEN_RETENTION",
        default_value = "7d",
        global = true
    )]
    pub token_retention: String,
    /// How long sent and failed emails are kept (their bodies are emptied at once).
    #[arg(
        long,
        env = "PALISADE_OUTBOX_RETENTION",
        default_value = "7d",
        global = true
    )]
    pub outbox_retention: String,
    /// How long audit events are kept.
    #[arg(
        long,
        env = "PALISADE_AUDIT_RETENTION",
        default_value = "365d",
        global = true
    )]
    pub audit_retention: String,
    /// Per-client-IP budget for /v1/auth/*: off, on (30/min), or N/s, N/min, N/h.
    #[arg(long, env = "PALISADE_RATE_LIMIT", default_value = "on", global = true)]
    pub rate_limit: String,
    /// Comma-separated origins allowed to call the API from a browser (CORS).
    #[arg(long, env = "PALISADE_CORS_ORIGINS", default_value = "", global = true)]
    pub cors_origins: String,
    /// Request headers allowed cross-origin besides authorization and
    /// content-type, comma-separated (e.g. traceparent,baggage).
    #[arg(
        long,
        env = "PALISADE_CORS_ALLOW_HEADERS",
        default_value = "",
        global = true
    )]
    pub cors_allow_headers: String,
    /// When set, /metrics needs `Authorization: Bearer <this token>`.
    #[arg(
        long,
        env = "PALISADE_METRICS_TOKEN",
        global = true,
        hide_env_values = true
    )]
    pub metrics_token: Option<String>,
    /// PEM certificate chain: with PALISADE_TLS_KEY, serve HTTPS natively.
    #[arg(long, env = "PALISADE_TLS_CERT", global = true)]
    pub tls_cert: Option<String>,
    /// PEM private key for PALISADE_TLS_CERT. Reloaded on SIGHUP or when the files change.
    #[arg(long, env = "PALISADE_TLS_KEY", global = true)]
    pub tls_key: Option<String>,
    /// Product name shown in emails and pages.
    #[arg(
        long,
        env = "PALISADE_PRODUCT_NAME",
        default_value = "Palisade",
        global = true
    )]
    pub product_name: String,
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
