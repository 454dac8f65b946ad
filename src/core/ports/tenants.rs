//! Ports of tenants: the tenants as stored, with the hosts they are served at.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::core::audit::NewEvent;
use crate::core::error::Result;

/// A tenant's overrides of the server-wide defaults; what is `None`
/// follows the server's setting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TenantSettings {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allow_signup: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_verified_email: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_required_roles: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub product_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_locale: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_min_length: Option<u32>,
    /// Addresses of these domains only may register.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_email_domains: Option<Vec<String>>,
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_ttl: Option<u64>,
    /// Seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_ttl: Option<u64>,
}

/// Invites a tenant's first admin: the tenant's own services do it (its
/// user base, its links); the wiring knows how to reach them.
#[async_trait]
pub trait TenantAdmins: Send + Sync {
    async fn invite(&self, tenant: &str, email: &str) -> Result<()>;
}

/// A tenant: an isolated user base with its own settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tenant {
    pub slug: String,
    pub display_name: String,
    /// Host names it is served at, at the root paths (lower case).
    pub hosts: Vec<String>,
    pub settings: TenantSettings,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Why a tenant could not be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TenantWrite {
    Written,
    /// The slug is taken (creating) or gone (changing, deleting).
    SlugConflict,
    /// One of its hosts is another tenant's.
    HostTaken,
}

#[async_trait]
pub trait TenantStore: Send + Sync {
    async fn tenants(&self) -> Result<Vec<Tenant>>;
    async fn tenant(&self, slug: &str) -> Result<Option<Tenant>>;
    async fn create_tenant(
        &self,
        new: Tenant,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<TenantWrite>;
    async fn update_tenant(
        &self,
        changed: Tenant,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<TenantWrite>;
    /// Hides the tenant (its hosts go, it is marked for erasure) with its
    /// audit event; `erase_tenant` then deletes what it owned.
    async fn delete_tenant(
        &self,
        slug: &str,
        event: NewEvent,
        now: DateTime<Utc>,
    ) -> Result<TenantWrite>;
    /// Erases every row of a tenant marked for erasure, in batches, and
    /// last the tenant itself. Returns the rows deleted.
    async fn erase_tenant(&self, slug: &str) -> Result<u64>;
}
