//! The rules a provider's settings meet: a slug that fits in a path and
//! does not shadow a page (`/login/mfa`), the kind's defaults (GitHub's
//! endpoints, OpenID Connect's scopes and claims), HTTPS everywhere but on
//! loopback, and the client secret sealed for this provider only.

use chrono::{DateTime, Utc};
use secrecy::ExposeSecret as _;

use super::ProviderFields;
use crate::core::error::{Error, FieldError, Result};
use crate::core::locale::Said;
use crate::core::ports::{ClaimPaths, Provider, ProviderKind, Secrets};

/// Paths under /login that are pages, not providers.
const RESERVED: [&str; 4] = ["mfa", "passkey", "callback", "device"];
const GITHUB_AUTHORIZE: &str = "https://github.com/login/oauth/authorize";
const GITHUB_TOKEN: &str = "https://github.com/login/oauth/access_token";
const GITHUB_USER: &str = "https://api.github.com/user";

/// Claim paths as given; what is missing takes the kind's default.
#[derive(Debug, Default, Clone)]
pub struct ClaimFields {
    pub subject: Option<String>,
    pub email: Option<String>,
    pub email_verified: Option<String>,
    pub name: Option<String>,
}

/// The context a provider's client secret is sealed in: it opens for
/// that provider only.
pub fn secret_context(slug: &str) -> String {
    format!("provider-secret:{slug}")
}

fn invalid(field: &str, code: &'static str, message: &str) -> FieldError {
    FieldError::new(field, code, message)
}

fn default_claims(kind: ProviderKind) -> ClaimPaths {
    let (subject, email, email_verified, name) = match kind {
        ProviderKind::Oidc => ("sub", "email", "email_verified", "name"),
        // GitHub's verified addresses come from its emails API.
        ProviderKind::Github => ("id", "email", "", "name"),
        ProviderKind::OAuth2 => ("sub", "email", "email_verified", "name"),
    };
    ClaimPaths {
        subject: subject.into(),
        email: email.into(),
        email_verified: email_verified.into(),
        name: name.into(),
    }
}

fn default_scopes(kind: ProviderKind) -> Vec<String> {
    let scopes: &[&str] = match kind {
        ProviderKind::Oidc => &["openid", "email", "profile"],
        ProviderKind::Github => &["read:user", "user:email"],
        ProviderKind::OAuth2 => &[],
    };
    scopes.iter().map(|s| (*s).to_owned()).collect()
}

/// An endpoint or issuer: HTTPS, or HTTP on a loopback address (a
/// provider on the same machine, as in tests).
fn url(field: &str, value: &str, errors: &mut Vec<FieldError>) -> String {
    let value = value.trim().trim_end_matches('/').to_owned();
    let ok = url::Url::parse(&value).is_ok_and(|u| {
        let loopback = matches!(u.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
        (u.scheme() == "https" || (u.scheme() == "http" && loopback))
            && u.host_str().is_some()
            && u.fragment().is_none()
            && value.len() <= 2048
    });
    if !ok {
        errors.push(
            invalid(
                field,
                "invalid_url",
                "Use an https:// URL (http:// only on this machine).",
            )
            .said(Said::new("field-provider-url")),
        );
    }
    value
}

fn text(field: &str, value: &str, max: usize, errors: &mut Vec<FieldError>) -> String {
    let value = value.trim().to_owned();
    if value.is_empty() || value.chars().count() > max || value.chars().any(char::is_control) {
        errors.push(
            invalid(
                field,
                "invalid_value",
                &format!("Give 1 to {max} characters."),
            )
            .said(Said::new("field-provider-text").with("max", max)),
        );
    }
    value
}

fn slug(value: &str, errors: &mut Vec<FieldError>) -> String {
    let ok = !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphanumeric())
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !ok {
        errors.push(
            invalid(
                "slug",
                "invalid_slug",
                "Use lower-case letters, digits and hyphens (such as google).",
            )
            .said(Said::new("field-provider-slug")),
        );
    } else if RESERVED.contains(&value) {
        errors.push(
            invalid("slug", "reserved", "This name is taken by a page.")
                .said(Said::new("field-provider-slug-reserved")),
        );
    }
    value.to_owned()
}

/// A provider from `fields`: a new one (`current` is `None`) or a change of
/// `current`. Field errors are collected, so the admin sees them all.
pub fn settle(
    current: Option<Provider>,
    fields: ProviderFields,
    secrets: &dyn Secrets,
    now: DateTime<Utc>,
) -> Result<Provider> {
    let mut errors = Vec::new();
    let creating = current.is_none();
    let kind = match (&current, fields.kind.as_deref()) {
        (Some(current), _) => current.kind,
        (None, Some(kind)) => ProviderKind::parse(kind).unwrap_or_else(|| {
            errors.push(
                invalid("kind", "invalid_value", "Use oidc, github or oauth2.")
                    .said(Said::new("field-provider-kind")),
            );
            ProviderKind::Oidc
        }),
        (None, None) => {
            errors.push(
                invalid("kind", "required", "This field is required.")
                    .said(Said::new("field-required")),
            );
            ProviderKind::Oidc
        }
    };
    let mut p = current.unwrap_or_else(|| Provider {
        slug: String::new(),
        kind,
        display_name: String::new(),
        issuer: None,
        client_id: String::new(),
        client_secret_sealed: None,
        scopes: default_scopes(kind),
        authorization_endpoint: None,
        token_endpoint: None,
        userinfo_endpoint: None,
        claims: default_claims(kind),
        link_by_verified_email: true,
        allow_signup: true,
        enabled: true,
        trust_mfa: false,
        created_at: now,
        updated_at: now,
    });
    if creating {
        match fields.slug.as_deref() {
            Some(given) => p.slug = slug(given.trim(), &mut errors),
            None => errors.push(
                invalid("slug", "required", "This field is required.")
                    .said(Said::new("field-required")),
            ),
        }
    }
    if let Some(name) = fields.display_name {
        p.display_name = text("display_name", &name, 100, &mut errors);
    } else if creating {
        errors.push(
            invalid("display_name", "required", "This field is required.")
                .said(Said::new("field-required")),
        );
    }
    if let Some(id) = fields.client_id {
        p.client_id = text("client_id", &id, 255, &mut errors);
    } else if creating {
        errors.push(
            invalid("client_id", "required", "This field is required.")
                .said(Said::new("field-required")),
        );
    }
    if let Some(secret) = fields.client_secret {
        let secret = secret.expose_secret().trim();
        if secret.is_empty() || secret.len() > 2048 {
            errors.push(
                invalid(
                    "client_secret",
                    "invalid_value",
                    "Give the secret the provider issued.",
                )
                .said(Said::new("field-provider-secret")),
            );
        } else {
            p.client_secret_sealed =
                Some(secrets.seal(secret.as_bytes(), &secret_context(&p.slug))?);
        }
    }
    if let Some(issuer) = fields.issuer {
        p.issuer = Some(url("issuer", &issuer, &mut errors));
    }
    for (field, given, slot) in [
        (
            "authorization_endpoint",
            fields.authorization_endpoint,
            &mut p.authorization_endpoint,
        ),
        (
            "token_endpoint",
            fields.token_endpoint,
            &mut p.token_endpoint,
        ),
        (
            "userinfo_endpoint",
            fields.userinfo_endpoint,
            &mut p.userinfo_endpoint,
        ),
    ] {
        if let Some(given) = given {
            *slot = match given.trim().is_empty() {
                true => None,
                false => Some(url(field, &given, &mut errors)),
            };
        }
    }
    if let Some(scopes) = fields.scopes {
        let scopes: Vec<String> = scopes.iter().map(|s| s.trim().to_owned()).collect();
        let ok = scopes.len() <= 32
            && scopes.iter().all(|s| {
                !s.is_empty()
                    && s.len() <= 128
                    && s.bytes()
                        .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\')
            });
        if !ok {
            errors.push(
                invalid(
                    "scopes",
                    "invalid_value",
                    "Give scope names such as openid or read:user.",
                )
                .said(Said::new("field-provider-scopes")),
            );
        }
        p.scopes = scopes;
    }
    if let Some(claims) = fields.claims {
        let mut path = |field: &str, given: Option<String>, slot: &mut String| {
            if let Some(given) = given {
                let given = given.trim().to_owned();
                let ok = given.len() <= 128
                    && given
                        .split('.')
                        .all(|part| !part.is_empty() && !part.chars().any(char::is_whitespace))
                    || given.is_empty() && field != "claims.subject";
                if !ok {
                    errors.push(
                        invalid(
                            field,
                            "invalid_value",
                            "Give a dotted path into the user's JSON, such as data.id.",
                        )
                        .said(Said::new("field-provider-claim-path")),
                    );
                }
                *slot = given;
            }
        };
        path("claims.subject", claims.subject, &mut p.claims.subject);
        path("claims.email", claims.email, &mut p.claims.email);
        path(
            "claims.email_verified",
            claims.email_verified,
            &mut p.claims.email_verified,
        );
        path("claims.name", claims.name, &mut p.claims.name);
    }
    for (given, slot) in [
        (fields.link_by_verified_email, &mut p.link_by_verified_email),
        (fields.allow_signup, &mut p.allow_signup),
        (fields.enabled, &mut p.enabled),
        (fields.trust_mfa, &mut p.trust_mfa),
    ] {
        if let Some(value) = given {
            *slot = value;
        }
    }
    // What each kind cannot do without.
    match kind {
        ProviderKind::Oidc => {
            if p.issuer.is_none() {
                errors.push(
                    invalid(
                        "issuer",
                        "required",
                        "An OpenID provider is found by its issuer URL.",
                    )
                    .said(Said::new("field-provider-issuer-required")),
                );
            }
            if !p.scopes.iter().any(|s| s == "openid") {
                errors.push(
                    invalid(
                        "scopes",
                        "invalid_value",
                        "An OpenID provider needs the openid scope.",
                    )
                    .said(Said::new("field-provider-openid-scope")),
                );
            }
        }
        ProviderKind::Github => {
            // GitHub's own, unless set (GitHub Enterprise).
            p.authorization_endpoint
                .get_or_insert_with(|| GITHUB_AUTHORIZE.to_owned());
            p.token_endpoint
                .get_or_insert_with(|| GITHUB_TOKEN.to_owned());
            p.userinfo_endpoint
                .get_or_insert_with(|| GITHUB_USER.to_owned());
        }
        ProviderKind::OAuth2 => {
            for (field, slot) in [
                ("authorization_endpoint", &p.authorization_endpoint),
                ("token_endpoint", &p.token_endpoint),
                ("userinfo_endpoint", &p.userinfo_endpoint),
            ] {
                if slot.is_none() {
                    errors.push(
                        invalid(
                            field,
                            "required",
                            "A plain OAuth 2 provider needs its endpoints.",
                        )
                        .said(Said::new("field-provider-endpoints")),
                    );
                }
            }
        }
    }
    // Only an ID token's `amr` is signed: a user endpoint's says nothing.
    if kind != ProviderKind::Oidc && p.trust_mfa {
        errors.push(
            invalid(
                "trust_mfa",
                "invalid_value",
                "Only an OpenID provider's signed amr can stand in for a second factor.",
            )
            .said(Said::new("field-provider-trust-mfa")),
        );
    }
    if kind != ProviderKind::Oidc && p.client_secret_sealed.is_none() && creating {
        errors.push(
            invalid("client_secret", "required", "This field is required.")
                .said(Said::new("field-required")),
        );
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    p.updated_at = now;
    Ok(p)
}
