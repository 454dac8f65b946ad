//! Value parsers: each setting from its string into its type, or the one
//! sentence saying why not (clap names the variable).

use std::time::Duration;

use secrecy::SecretString;

use crate::core::throttle::RateLimit;
use crate::infra::crypto::jws::JwtAlgorithm;
use crate::infra::crypto::passwords::HashAlgorithm;
use crate::infra::store::Pooler;

/// Longer than any sensible lifetime, and far from where date arithmetic overflows.
const LONGEST: Duration = Duration::from_secs(10 * 366 * 86_400);

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    #[value(alias = "text")]
    Pretty,
    Json,
}

/// A comma-separated list; empty means none.
#[derive(Debug, Clone, Default)]
pub struct Csv<T>(pub Vec<T>);

impl<T: Clone + Send + Sync + 'static> Csv<T> {
    /// A value parser for a list of what `item` parses.
    pub fn parser(
        item: fn(&str) -> Result<T, String>,
    ) -> impl Fn(&str) -> Result<Self, String> + Clone + Send + Sync + 'static {
        move |value: &str| {
            value
                .split(',')
                .map(str::trim)
                .filter(|part| !part.is_empty())
                .map(item)
                .collect::<Result<Vec<T>, String>>()
                .map(Csv)
        }
    }
}

pub fn duration(value: &str) -> Result<Duration, String> {
    let d = humantime::parse_duration(value.trim())
        .map_err(|e| format!("{e} (expected a duration such as 2s, 15m, 30d)"))?;
    if d > LONGEST {
        return Err("must be at most 10 years".into());
    }
    Ok(d)
}

pub fn positive_duration(value: &str) -> Result<Duration, String> {
    match duration(value)? {
        d if d.is_zero() => Err("must be longer than zero".into()),
        d => Ok(d),
    }
}

/// A mail claim: at least 2 s (an SMTP exchange gets half of it, and the
/// outcome must be written before it lapses).
pub fn mail_lease(value: &str) -> Result<Duration, String> {
    match duration(value)? {
        d if d < Duration::from_secs(2) => Err("must be at least 2s".into()),
        d => Ok(d),
    }
}

/// `none` or `transaction`.
pub fn pooler(value: &str) -> Result<Pooler, String> {
    match value.trim() {
        "none" => Ok(Pooler::None),
        "transaction" => Ok(Pooler::Transaction),
        _ => Err("expected none or transaction".into()),
    }
}

/// A PostgreSQL address, never echoed.
pub fn postgres_url(value: &str) -> Result<SecretString, String> {
    match value.trim() {
        url if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            Ok(SecretString::from(url.to_owned()))
        }
        _ => Err("expected postgres://…".into()),
    }
}

/// Never echoed: it may hold a password.
pub fn database_url(value: &str) -> Result<SecretString, String> {
    let url = value.trim();
    if url.starts_with("postgres://")
        || url.starts_with("postgresql://")
        || url.starts_with("sqlite:")
    {
        Ok(SecretString::from(url.to_owned()))
    } else {
        Err("expected postgres://… or sqlite://path".into())
    }
}

/// An http(s) URL, without its trailing slash.
pub fn public_url(value: &str) -> Result<String, String> {
    let url = value.trim().trim_end_matches('/');
    let ok =
        (url.starts_with("http://") || url.starts_with("https://")) && url.len() > "https://".len();
    if ok {
        Ok(url.to_owned())
    } else {
        Err("expected an http:// or https:// URL".into())
    }
}

pub fn jwt_alg(value: &str) -> Result<JwtAlgorithm, String> {
    value.parse().map_err(str::to_owned)
}

pub fn password_hash(value: &str) -> Result<HashAlgorithm, String> {
    value.parse().map_err(str::to_owned)
}

/// A secret as given; empty means none (the setting is then left out).
pub fn secret(value: &str) -> Result<SecretString, String> {
    Ok(SecretString::from(value.to_owned()))
}

/// Never echoed: it may hold a password.
pub fn smtp_url(value: &str) -> Result<SecretString, String> {
    let url = value.trim();
    if url.is_empty() || url.starts_with("smtp://") || url.starts_with("smtps://") {
        Ok(SecretString::from(url.to_owned()))
    } else {
        Err("expected smtp://host:port or smtps://user:pass@host:port".into())
    }
}

pub fn mailbox(value: &str) -> Result<lettre::message::Mailbox, String> {
    value.trim().parse().map_err(|e| format!("{e}"))
}

pub fn ip_or_net(value: &str) -> Result<ipnet::IpNet, String> {
    value
        .parse::<ipnet::IpNet>()
        .or_else(|_| value.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|e| format!("{value}: {e}"))
}

pub fn http_origin(value: &str) -> Result<String, String> {
    let origin = value.trim_end_matches('/');
    if (origin.starts_with("http://") || origin.starts_with("https://")) && origin != "*" {
        Ok(origin.to_owned())
    } else {
        Err(format!(
            "{origin}: expected origins such as https://app.example.com"
        ))
    }
}

/// A role's name, as roles are named (lower case, digits, `_`, `-`, `:`).
pub fn role_name(value: &str) -> Result<String, String> {
    let ok = !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-:".contains(&b));
    match ok {
        true => Ok(value.to_owned()),
        false => Err(format!("{value}: expected role names such as admin")),
    }
}

pub fn header_name(value: &str) -> Result<axum::http::HeaderName, String> {
    axum::http::HeaderName::from_bytes(value.as_bytes()).map_err(|e| format!("{value}: {e}"))
}

/// Never echoed: it is a secret.
pub fn metrics_token(value: &str) -> Result<SecretString, String> {
    match value.trim() {
        token if token.is_empty() || token.len() >= 16 => Ok(SecretString::from(token.to_owned())),
        _ => Err("use at least 16 characters".into()),
    }
}

/// `off`, `on`, or a budget such as `30/min`.
pub fn rate_limit(value: &str) -> Result<RateLimit, String> {
    let v = value.trim().to_ascii_lowercase();
    match v.as_str() {
        "off" | "false" | "0" => return Ok(RateLimit::Off),
        "on" | "true" | "" => return Ok(RateLimit::DEFAULT),
        _ => {}
    }
    let invalid = || "expected off, on, or a budget such as 30/min".to_owned();
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
    Ok(RateLimit::Budget { requests, per })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budgets_read_as_operators_write_them() {
        assert_eq!(rate_limit("off"), Ok(RateLimit::Off));
        assert_eq!(rate_limit("on"), Ok(RateLimit::DEFAULT));
        assert_eq!(
            rate_limit("5/s"),
            Ok(RateLimit::Budget {
                requests: 5,
                per: Duration::from_secs(1)
            })
        );
        assert!(rate_limit("many").is_err());
        assert!(rate_limit("0/min").is_err());
    }

    #[test]
    fn lists_skip_blanks_and_refuse_bad_items() {
        let parse = Csv::parser(ip_or_net);
        assert!(parse("").unwrap().0.is_empty());
        assert_eq!(parse("10.0.0.0/8, 127.0.0.1").unwrap().0.len(), 2);
        assert!(parse("10.0.0.0/8,nope").is_err());
    }
}
