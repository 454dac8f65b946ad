//! Tenants as data: the rules a tenant's slug, hosts and settings meet,
//! and the platform's administration of them (`tenants:read`,
//! `tenants:write`), each change audited. `default` is the tenant the root
//! paths serve; it holds the platform's administration and stays.

use std::sync::Arc;

use serde_json::json;
use tracing::instrument;

use super::audit::{self, NewEvent};
use super::clock::SharedClock;
use super::error::{Error, FieldError, Result, field};
use super::locale::{LOCALES, Said};
use super::model::ClientInfo;
use super::ports::{
    Notice, Notifier, Tenant, TenantAdmins, TenantSettings, TenantStore, TenantWrite,
};
use super::rbac::{Granted, TenantsRead, TenantsWrite};
use super::validate;

pub const DEFAULT_TENANT: &str = "default";
pub const TENANT_CREATED: &str = "tenant.created";
pub const TENANT_UPDATED: &str = "tenant.updated";
pub const TENANT_DELETED: &str = "tenant.deleted";

const MAX_HOSTS: usize = 16;
const MAX_DOMAINS: usize = 100;

/// What an admin gives for a tenant: on creation what is missing is
/// empty; on a change, what is missing stays.
#[derive(Debug, Default)]
pub struct TenantFields {
    pub slug: Option<String>,
    pub display_name: Option<String>,
    pub hosts: Option<Vec<String>>,
    pub settings: Option<TenantSettings>,
    /// At creation: who is invited by email to be the tenant's first admin.
    pub admin_email: Option<String>,
}

pub struct Tenants {
    store: Arc<dyn TenantStore>,
    admins: Arc<dyn TenantAdmins>,
    notifier: Arc<dyn Notifier>,
    clock: SharedClock,
}

fn invalid(field: &str, code: &'static str, message: &str) -> FieldError {
    FieldError::new(field, code, message)
}

/// `[a-z0-9][a-z0-9-]{1,62}`: it is a path segment (`/t/{slug}`).
pub fn valid_slug(slug: &str) -> bool {
    let bytes = slug.as_bytes();
    (2..=63).contains(&bytes.len())
        && bytes
            .first()
            .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
}

/// A DNS name (`auth.example.com`), lower-cased; no port, no scheme.
fn host_name(raw: &str) -> Option<String> {
    let host = raw.trim().trim_end_matches('.').to_ascii_lowercase();
    let label_ok = |l: &str| {
        (1..=63).contains(&l.len())
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    (host.len() <= 253 && host.contains('.') && host.split('.').all(label_ok)).then_some(host)
}

fn names(field: &str, given: &[String], max: usize, errors: &mut Vec<FieldError>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if given.len() > max {
        errors.push(
            invalid(field, "too_many", "Too many names.")
                .said(Said::new("field-tenant-too-many-names")),
        );
    }
    for raw in given {
        match host_name(raw) {
            Some(name) if !out.contains(&name) => out.push(name),
            Some(_) => {}
            None => errors.push(
                invalid(
                    field,
                    "invalid_value",
                    "Give host names such as auth.example.com (no scheme, no port).",
                )
                .said(Said::new("field-tenant-host-name")),
            ),
        }
    }
    out
}

/// The settings, checked; host-like lists normalized.
fn settle_settings(mut s: TenantSettings, errors: &mut Vec<FieldError>) -> TenantSettings {
    if let Some(name) = &s.product_name {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
            errors.push(
                invalid(
                    "settings.product_name",
                    "invalid_value",
                    "1 to 100 characters, no control characters.",
                )
                .said(Said::new("field-tenant-name")),
            );
        }
        s.product_name = Some(name.to_owned());
    }
    if let Some(locale) = &s.default_locale
        && !LOCALES.contains(&locale.as_str())
    {
        // "Use en, de, fr, es, ja or ar.": every language but the last, then it.
        let (last, rest) = LOCALES.split_last().unwrap_or((&"en", &[][..]));
        let rest = rest.join(", ");
        errors.push(
            invalid(
                "settings.default_locale",
                "unsupported_locale",
                &format!("Use {rest} or {last}."),
            )
            .said(
                Said::new("field-tenant-locale")
                    .with("languages", rest)
                    .with("last", *last),
            ),
        );
    }
    if let Some(length) = s.password_min_length
        && !(8..=128).contains(&length)
    {
        errors.push(
            invalid(
                "settings.password_min_length",
                "invalid_value",
                "From 8 to 128.",
            )
            .said(Said::new("field-tenant-password-min-length")),
        );
    }
    if let Some(domains) = &s.allowed_email_domains {
        if domains.is_empty() {
            errors.push(
                invalid(
                    "settings.allowed_email_domains",
                    "invalid_value",
                    "Leave it out to allow any domain.",
                )
                .said(Said::new("field-tenant-domains-empty")),
            );
        }
        let settled = names(
            "settings.allowed_email_domains",
            domains,
            MAX_DOMAINS,
            errors,
        );
        s.allowed_email_domains = Some(settled);
    }
    if let Some(roles) = &s.mfa_required_roles {
        let well_formed = roles.iter().all(|r| {
            (1..=64).contains(&r.len())
                && r.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"-_".contains(&b))
        });
        if !well_formed || roles.is_empty() || roles.len() > 32 {
            errors.push(
                invalid(
                    "settings.mfa_required_roles",
                    "invalid_value",
                    "1 to 32 role names: lower-case letters, digits, - and _ (leave it out for none).",
                )
                .said(Said::new("field-tenant-mfa-roles")),
            );
        }
    }
    let access = s.access_token_ttl;
    if access.is_some_and(|t| !(60..=86_400).contains(&t)) {
        errors.push(
            invalid(
                "settings.access_token_ttl",
                "invalid_value",
                "From 60 seconds to a day.",
            )
            .said(Said::new("field-tenant-access-ttl")),
        );
    }
    if let Some(refresh) = s.refresh_token_ttl
        && (!(300..=31_536_000).contains(&refresh) || access.is_some_and(|a| refresh <= a))
    {
        errors.push(
            invalid(
                "settings.refresh_token_ttl",
                "invalid_value",
                "From 5 minutes to a year, and longer than the access tokens.",
            )
            .said(Said::new("field-tenant-refresh-ttl")),
        );
    }
    s
}

/// A tenant as `fields` make it from `current` (none: a new one).
fn settle(
    current: Option<Tenant>,
    fields: TenantFields,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Tenant> {
    let mut errors = Vec::new();
    let mut t = match current {
        Some(t) => t,
        None => {
            let slug = fields.slug.clone().unwrap_or_default();
            if !valid_slug(&slug) {
                errors.push(
                    invalid(
                        "slug",
                        "invalid_value",
                        "2 to 63 lower-case letters, digits and dashes, starting with a letter or digit.",
                    )
                    .said(Said::new("field-tenant-slug")),
                );
            }
            if fields.display_name.is_none() {
                errors.push(
                    invalid("display_name", "required", "This field is required.")
                        .said(Said::new("field-required")),
                );
            }
            Tenant {
                slug,
                display_name: String::new(),
                hosts: Vec::new(),
                settings: TenantSettings::default(),
                created_at: now,
                updated_at: now,
            }
        }
    };
    if let Some(name) = fields.display_name {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
            errors.push(
                invalid(
                    "display_name",
                    "invalid_value",
                    "1 to 100 characters, no control characters.",
                )
                .said(Said::new("field-tenant-name")),
            );
        }
        t.display_name = name.to_owned();
    }
    if let Some(hosts) = fields.hosts {
        t.hosts = names("hosts", &hosts, MAX_HOSTS, &mut errors);
    }
    if let Some(settings) = fields.settings {
        t.settings = settle_settings(settings, &mut errors);
    }
    if !errors.is_empty() {
        return Err(Error::Validation(errors));
    }
    t.updated_at = now;
    Ok(t)
}

fn written(result: TenantWrite, conflict: Error) -> Result<()> {
    match result {
        TenantWrite::Written => Ok(()),
        TenantWrite::SlugConflict => Err(conflict),
        TenantWrite::HostTaken => Err(Error::HostTaken),
    }
}

impl Tenants {
    pub fn new(
        store: Arc<dyn TenantStore>,
        admins: Arc<dyn TenantAdmins>,
        notifier: Arc<dyn Notifier>,
        clock: SharedClock,
    ) -> Self {
        Self {
            store,
            admins,
            notifier,
            clock,
        }
    }

    /// Every instance rereads the tenant before its next request.
    async fn changed(&self, slug: &str) {
        self.notifier
            .publish(Notice::TenantChanged(slug.to_owned()))
            .await;
    }

    /// Every tenant with its hosts, for the resolver (no permission: it
    /// answers no one's request directly).
    pub async fn directory(&self) -> Result<Vec<Tenant>> {
        self.store.tenants().await
    }

    pub async fn list(&self, _: &Granted<TenantsRead>) -> Result<Vec<Tenant>> {
        self.store.tenants().await
    }

    pub async fn get(&self, _: &Granted<TenantsRead>, slug: &str) -> Result<Tenant> {
        self.store.tenant(slug).await?.ok_or(Error::NotFound)
    }

    #[instrument(skip_all, name = "tenants.create")]
    pub async fn create(
        &self,
        by: &Granted<TenantsWrite>,
        fields: TenantFields,
        client: &ClientInfo,
    ) -> Result<Tenant> {
        let event = audit::event(TENANT_CREATED, client).actor(by.who().user_id);
        self.add(fields, event).await
    }

    /// The same for the operator at the command line.
    #[instrument(skip_all, name = "tenants.create_by_operator")]
    pub async fn create_by_operator(&self, fields: TenantFields) -> Result<Tenant> {
        self.add(fields, audit::event(TENANT_CREATED, &ClientInfo::default()))
            .await
    }

    async fn add(&self, mut fields: TenantFields, event: NewEvent) -> Result<Tenant> {
        let now = self.clock.now();
        let admin_email = match fields.admin_email.take() {
            Some(email) => Some(field(validate::email("admin_email", &email))?.into_string()),
            None => None,
        };
        let new = settle(None, fields, now)?;
        let event = event.details(json!({"slug": new.slug, "hosts": new.hosts}));
        written(
            self.store.create_tenant(new.clone(), event, now).await?,
            Error::TenantExists,
        )?;
        self.changed(&new.slug).await;
        if let Some(email) = admin_email {
            self.admins.invite(&new.slug, &email).await?;
        }
        Ok(new)
    }

    /// Changes what is given; the slug stays.
    #[instrument(skip_all, name = "tenants.update")]
    pub async fn update(
        &self,
        by: &Granted<TenantsWrite>,
        slug: &str,
        fields: TenantFields,
        client: &ClientInfo,
    ) -> Result<Tenant> {
        let current = self.store.tenant(slug).await?.ok_or(Error::NotFound)?;
        // `default`'s settings are the server's configuration (PALISADE_*):
        // stored here they would change nothing, silently.
        if slug == DEFAULT_TENANT
            && fields
                .settings
                .as_ref()
                .is_some_and(|s| *s != TenantSettings::default())
        {
            return Err(FieldError::new(
                "settings",
                "read_only",
                "The default tenant's settings are the server's configuration (PALISADE_* variables).",
            )
            .said(Said::new("field-tenant-default-settings"))
            .into());
        }
        let now = self.clock.now();
        let changed = settle(Some(current), fields, now)?;
        let event = audit::event(TENANT_UPDATED, client)
            .actor(by.who().user_id)
            .details(json!({"slug": slug, "hosts": changed.hosts}));
        written(
            self.store
                .update_tenant(changed.clone(), event, now)
                .await?,
            Error::NotFound,
        )?;
        self.changed(slug).await;
        Ok(changed)
    }

    /// Deletes a tenant; `confirm` must repeat its slug. `default` stays.
    #[instrument(skip_all, name = "tenants.delete")]
    pub async fn delete(
        &self,
        by: &Granted<TenantsWrite>,
        slug: &str,
        confirm: Option<&str>,
        client: &ClientInfo,
    ) -> Result<()> {
        if slug == DEFAULT_TENANT {
            return Err(Error::DefaultTenant);
        }
        if confirm != Some(slug) {
            return Err(FieldError::new(
                "confirm",
                "invalid_value",
                "Repeat the tenant's slug to delete it.",
            )
            .said(Said::new("field-tenant-confirm-slug"))
            .into());
        }
        let event = audit::event(TENANT_DELETED, client)
            .actor(by.who().user_id)
            .details(json!({"slug": slug}));
        written(
            self.store
                .delete_tenant(slug, event, self.clock.now())
                .await?,
            Error::NotFound,
        )?;
        // Every instance stops serving it before its rows go; an erasure
        // cut short is finished by housekeeping.
        self.changed(slug).await;
        self.store.erase_tenant(slug).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_path_segments_and_hosts_are_dns_names() {
        for good in ["acme", "a1", "default", "team-42"] {
            assert!(valid_slug(good), "{good}");
        }
        for bad in [
            "",
            "a",
            "-acme",
            "Acme",
            "acme_corp",
            "ac/me",
            &"a".repeat(64),
        ] {
            assert!(!valid_slug(bad), "{bad}");
        }
        assert_eq!(
            host_name(" Auth.Example.COM. ").as_deref(),
            Some("auth.example.com")
        );
        for bad in [
            "localhost",
            "https://a.example",
            "a.example:8443",
            "-a.example",
            "a..example",
        ] {
            assert_eq!(host_name(bad), None, "{bad}");
        }
    }
}
