//! Validated configuration. Every setting is checked once, at start; a bad one
//! stops the process with a single line naming it. Nothing here touches I/O.

use std::{net::SocketAddr, time::Duration};

use secrecy::SecretString;

use crate::cli::Settings;
use crate::domain::passwords::HashAlgorithm;
use crate::domain::tokens::JwtAlgorithm;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: SecretString,
    pub db_pool_size: u32,
    /// Prepared statements cached per connection.
    pub db_statement_cache: usize,
    pub bind: SocketAddr,
    /// Without a trailing slash.
    pub public_url: String,
    /// `aud` of first-party access tokens.
    pub access_token_audience: String,
    /// How long a rotated key is published before it signs.
    pub key_activation_delay: Duration,
    pub access_token_ttl: Duration,
    pub refresh_token_ttl: Duration,
    pub reset_token_ttl: Duration,
    pub verify_token_ttl: Duration,
    pub refresh_reuse_grace: Duration,
    pub jwt_alg: JwtAlgorithm,
    pub jwt_secret: Option<SecretString>,
    pub password_hash: HashAlgorithm,
    pub hash_concurrency: usize,
    pub require_verified_email: bool,
    pub log_format: LogFormat,
    pub bootstrap_admin: Option<(String, SecretString)>,
    pub product_name: String,
    pub mail: MailConfig,
    /// Peers whose X-Forwarded-For names the client.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    pub audit_retention: Duration,
    pub retention: Retention,
    pub rate_limit: RateLimit,
    /// Browser origins allowed by CORS; empty: CORS off.
    pub cors_origins: Vec<String>,
    /// Request headers CORS allows besides authorization and content-type.
    pub cors_allow_headers: Vec<axum::http::HeaderName>,
    /// When set, /metrics needs this bearer token.
    pub metrics_token: Option<SecretString>,
    /// Certificate and key paths: serve HTTPS.
    pub tls: Option<(std::path::PathBuf, std::path::PathBuf)>,
}

/// How long finished things are kept before the housekeeping job deletes them.
#[derive(Debug, Clone, Copy)]
pub struct Retention {
    pub sessions: Duration,
    pub tokens: Duration,
    pub outbox: Duration,
}

/// The per-client-IP budget of the /v1/auth/* endpoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateLimit {
    Off,
    /// `requests` per `per`, with a burst of the same size.
    Budget {
        requests: u32,
        per: Duration,
    },
}

impl RateLimit {
    /// `on`: enough for a person who mistypes, few for a guessing loop.
    pub const DEFAULT: Self = Self::Budget {
        requests: 30,
        per: Duration::from_secs(60),
    };

    pub fn parse(value: &str) -> Result<Self, ConfigError> {
        let v = value.trim().to_ascii_lowercase();
        match v.as_str() {
            "off" | "false" | "0" => return Ok(Self::Off),
            "on" | "true" | "" => return Ok(Self::DEFAULT),
            _ => {}
        }
        let invalid = || {
            bad(
                "PALISADE_RATE_LIMIT",
                value,
                "expected off, on, or a budget such as 30/min",
            )
        };
        let (n, unit) = v.split_once('/').ok_or_else(invalid)?;
        let requests = n
            .trim()
            .parse::<u32>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(invalid)?;
        let per = match unit.trim() {
            "s" | "sec" | "second" => Duration::from_secs(1),
            "m" | "min" | "minute" => Duration::from_secs(60),
            "h" | "hour" => Duration::from_secs(3600),
            _ => return Err(invalid()),
        };
        Ok(Self::Budget { requests, per })
    }
}

#[derive(Debug, Clone)]
pub struct MailConfig {
    /// None: write .eml files to `dir` instead of sending.
    pub smtp_url: Option<SecretString>,
    pub from: lettre::message::Mailbox,
    pub dir: std::path::PathBuf,
    pub max_attempts: u32,
}

/// A configuration problem, already phrased as the one line the operator sees.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

fn bad(setting: &str, value: &str, why: impl std::fmt::Display) -> ConfigError {
    ConfigError(format!("invalid {setting}={value:?}: {why}"))
}

/// Longer than any sensible lifetime, and far from where date arithmetic overflows.
const LONGEST: Duration = Duration::from_secs(10 * 366 * 86_400);

fn duration(setting: &str, value: &str) -> Result<Duration, ConfigError> {
    let d = humantime::parse_duration(value.trim()).map_err(|e| {
        bad(
            setting,
            value,
            format!("{e} (expected a duration such as 2s, 15m, 30d)"),
        )
    })?;
    if d > LONGEST {
        return Err(bad(setting, value, "must be at most 10 years"));
    }
    Ok(d)
}

fn positive_duration(setting: &str, value: &str) -> Result<Duration, ConfigError> {
    let d = duration(setting, value)?;
    if d.is_zero() {
        return Err(bad(setting, value, "must be longer than zero"));
    }
    Ok(d)
}

fn boolean(setting: &str, value: &str) -> Result<bool, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" | "" => Ok(false),
        _ => Err(bad(setting, value, "expected true or false")),
    }
}

fn count(setting: &str, value: &str) -> Result<usize, ConfigError> {
    match value.trim().parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(bad(setting, value, "expected a whole number above zero")),
    }
}

impl Config {
    pub fn from_settings(s: &Settings) -> Result<Self, ConfigError> {
        let database_url = s.database_url.trim();
        if !(database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://")
            || database_url.starts_with("sqlite:"))
        {
            // Never echo the URL: it may hold a password.
            return Err(ConfigError(
                "invalid DATABASE_URL: expected postgres://… or sqlite://path".into(),
            ));
        }
        let bind = s
            .bind
            .trim()
            .parse::<SocketAddr>()
            .map_err(|e| bad("PALISADE_BIND", &s.bind, e))?;
        let public_url = s.public_url.trim().trim_end_matches('/').to_owned();
        if !(public_url.starts_with("http://") || public_url.starts_with("https://"))
            || public_url.len() <= "https://".len()
        {
            return Err(bad(
                "PALISADE_PUBLIC_URL",
                &s.public_url,
                "expected an http:// or https:// URL",
            ));
        }
        let jwt_alg = s
            .jwt_alg
            .parse::<JwtAlgorithm>()
            .map_err(|e| bad("PALISADE_JWT_ALG", &s.jwt_alg, e))?;
        let jwt_secret = s.jwt_secret.clone().filter(|v| !v.is_empty());
        if jwt_alg == JwtAlgorithm::Hs256 {
            match &jwt_secret {
                None => {
                    return Err(ConfigError(
                        "PALISADE_JWT_SECRET is required when PALISADE_JWT_ALG=HS256".into(),
                    ));
                }
                Some(secret) if secret.len() < 32 => {
                    return Err(ConfigError(
                        "invalid PALISADE_JWT_SECRET: must be at least 32 bytes for HS256".into(),
                    ));
                }
                Some(_) => {}
            }
        }
        let password_hash = s
            .password_hash
            .parse::<HashAlgorithm>()
            .map_err(|e| bad("PALISADE_PASSWORD_HASH", &s.password_hash, e))?;
        let hash_concurrency = match &s.hash_concurrency {
            Some(v) => count("PALISADE_HASH_CONCURRENCY", v)?,
            None => std::thread::available_parallelism().map_or(2, |n| n.get()),
        };
        let log_format = match s.log_format.trim().to_ascii_lowercase().as_str() {
            "pretty" | "text" => LogFormat::Pretty,
            "json" => LogFormat::Json,
            _ => {
                return Err(bad(
                    "PALISADE_LOG_FORMAT",
                    &s.log_format,
                    "expected pretty or json",
                ));
            }
        };
        let bootstrap_admin = match (&s.bootstrap_admin_email, &s.bootstrap_admin_password) {
            (Some(e), Some(p)) if !e.is_empty() && !p.is_empty() => {
                Some((e.clone(), SecretString::from(p.clone())))
            }
            _ => None,
        };
        let product_name = s.product_name.trim().to_owned();
        let mail = MailConfig {
            smtp_url: match s
                .smtp_url
                .as_deref()
                .map(str::trim)
                .filter(|u| !u.is_empty())
            {
                Some(url) if url.starts_with("smtp://") || url.starts_with("smtps://") => {
                    Some(SecretString::from(url.to_owned()))
                }
                // Never echo the URL: it may hold a password.
                Some(_) => {
                    return Err(ConfigError(
                        "invalid PALISADE_SMTP_URL: expected smtp://host:port or smtps://user:pass@host:port".into(),
                    ));
                }
                None => None,
            },
            from: match s
                .mail_from
                .as_deref()
                .map(str::trim)
                .filter(|f| !f.is_empty())
            {
                Some(from) => from
                    .trim()
                    .parse()
                    .map_err(|e| bad("PALISADE_MAIL_FROM", from, e))?,
                None => lettre::message::Mailbox::new(
                    Some(product_name.clone()),
                    "no-reply@localhost"
                        .parse()
                        .map_err(|e| ConfigError(format!("default sender: {e}")))?,
                ),
            },
            dir: std::path::PathBuf::from(s.mail_dir.trim()),
            max_attempts: u32::try_from(count("PALISADE_MAIL_MAX_ATTEMPTS", &s.mail_max_attempts)?)
                .map_err(|e| bad("PALISADE_MAIL_MAX_ATTEMPTS", &s.mail_max_attempts, e))?,
        };
        let mut trusted_proxies = Vec::new();
        for part in s
            .trusted_proxies
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
        {
            let net = part
                .parse::<ipnet::IpNet>()
                .or_else(|_| part.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|e| bad("PALISADE_TRUSTED_PROXIES", part, e))?;
            trusted_proxies.push(net);
        }
        let cors_origins: Vec<String> = s
            .cors_origins
            .split(',')
            .map(|o| o.trim().trim_end_matches('/').to_owned())
            .filter(|o| !o.is_empty())
            .collect();
        for origin in &cors_origins {
            if !(origin.starts_with("http://") || origin.starts_with("https://")) || origin == "*" {
                return Err(bad(
                    "PALISADE_CORS_ORIGINS",
                    origin,
                    "expected origins such as https://app.example.com",
                ));
            }
        }
        let mut cors_allow_headers = Vec::new();
        for name in s
            .cors_allow_headers
            .split(',')
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            let header = axum::http::HeaderName::from_bytes(name.as_bytes())
                .map_err(|e| bad("PALISADE_CORS_ALLOW_HEADERS", name, e))?;
            cors_allow_headers.push(header);
        }
        let access_token_audience = match s.access_token_audience.as_deref().map(str::trim) {
            Some(aud) if !aud.is_empty() => aud.to_owned(),
            _ => public_url.clone(),
        };
        let metrics_token = match s.metrics_token.as_deref().map(str::trim) {
            Some(token) if token.len() >= 16 => Some(SecretString::from(token.to_owned())),
            Some("") | None => None,
            // Never echo it: it is a secret.
            Some(_) => {
                return Err(ConfigError(
                    "invalid PALISADE_METRICS_TOKEN: use at least 16 characters".into(),
                ));
            }
        };
        let tls = match (&s.tls_cert, &s.tls_key) {
            (Some(cert), Some(key)) if !cert.is_empty() && !key.is_empty() => Some((
                std::path::PathBuf::from(cert),
                std::path::PathBuf::from(key),
            )),
            (None, None) => None,
            (Some(c), Some(k)) if c.is_empty() && k.is_empty() => None,
            _ => {
                return Err(ConfigError(
                    "PALISADE_TLS_CERT and PALISADE_TLS_KEY go together: set both or neither"
                        .into(),
                ));
            }
        };
        Ok(Self {
            database_url: SecretString::from(database_url.to_owned()),
            db_pool_size: u32::try_from(count("PALISADE_DB_POOL_SIZE", &s.db_pool_size)?)
                .map_err(|e| bad("PALISADE_DB_POOL_SIZE", &s.db_pool_size, e))?,
            db_statement_cache: s.db_statement_cache.trim().parse().map_err(|_| {
                bad(
                    "PALISADE_DB_STATEMENT_CACHE",
                    &s.db_statement_cache,
                    "expected a whole number (0 turns the cache off)",
                )
            })?,
            bind,
            access_token_audience,
            key_activation_delay: duration(
                "PALISADE_KEY_ACTIVATION_DELAY",
                &s.key_activation_delay,
            )?,
            public_url,
            access_token_ttl: positive_duration("PALISADE_ACCESS_TOKEN_TTL", &s.access_token_ttl)?,
            refresh_token_ttl: positive_duration(
                "PALISADE_REFRESH_TOKEN_TTL",
                &s.refresh_token_ttl,
            )?,
            reset_token_ttl: positive_duration("PALISADE_RESET_TOKEN_TTL", &s.reset_token_ttl)?,
            verify_token_ttl: positive_duration("PALISADE_VERIFY_TOKEN_TTL", &s.verify_token_ttl)?,
            refresh_reuse_grace: duration("PALISADE_REFRESH_REUSE_GRACE", &s.refresh_reuse_grace)?,
            jwt_alg,
            jwt_secret: jwt_secret.map(SecretString::from),
            password_hash,
            hash_concurrency,
            require_verified_email: boolean(
                "PALISADE_REQUIRE_VERIFIED_EMAIL",
                &s.require_verified_email,
            )?,
            log_format,
            bootstrap_admin,
            product_name,
            mail,
            trusted_proxies,
            audit_retention: positive_duration("PALISADE_AUDIT_RETENTION", &s.audit_retention)?,
            retention: Retention {
                sessions: duration("PALISADE_SESSION_RETENTION", &s.session_retention)?,
                tokens: duration("PALISADE_TOKEN_RETENTION", &s.token_retention)?,
                outbox: duration("PALISADE_OUTBOX_RETENTION", &s.outbox_retention)?,
            },
            rate_limit: RateLimit::parse(&s.rate_limit)?,
            cors_origins,
            cors_allow_headers,
            metrics_token,
            tls,
        })
    }

    /// The defaults with another database: the starting point of tests.
    pub fn for_database(url: &str) -> Result<Self, ConfigError> {
        let mut settings = Settings::defaults();
        settings.database_url = url.to_owned();
        Self::from_settings(&settings)
    }

    /// The issuer (`iss`) of access tokens.
    pub fn issuer(&self) -> &str {
        &self.public_url
    }
}
