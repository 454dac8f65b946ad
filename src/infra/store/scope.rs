//! The tenant scope: how the store reaches a tenant-owned table. Every owned
//! entity has `tenant` as the first column of its key, so a look-up by key
//! names the tenant or does not compile; `find_in`, `update_in` and
//! `delete_in` are the only ways to a set of rows (a test scans the store
//! for the bare `find()`, `update_many()` and `delete_many()`).

use sea_orm::{ColumnTrait, DeleteMany, EntityTrait, QueryFilter, Select, UpdateMany};

use super::entities::*;

pub(super) trait Owned: EntityTrait {
    fn tenant_column() -> Self::Column;

    /// The tenant's rows of the table.
    fn find_in(tenant: &str) -> Select<Self> {
        Self::find().filter(Self::tenant_column().eq(tenant))
    }

    fn update_in(tenant: &str) -> UpdateMany<Self> {
        Self::update_many().filter(Self::tenant_column().eq(tenant))
    }

    fn delete_in(tenant: &str) -> DeleteMany<Self> {
        Self::delete_many().filter(Self::tenant_column().eq(tenant))
    }
}

macro_rules! owned {
    ($($table:ident),* $(,)?) => {
        $(impl Owned for $table::Entity {
            fn tenant_column() -> $table::Column {
                $table::Column::Tenant
            }
        })*
        /// Every tenant-owned table, children before parents: the order a
        /// tenant's rows are erased in.
        pub const OWNED_TABLES: &[&str] = &[$(stringify!($table)),*];
    };
}

owned!(
    refresh_tokens,
    sessions,
    one_time_tokens,
    oauth_codes,
    oauth_consents,
    oauth_device_grants,
    mfa_totp,
    mfa_recovery_codes,
    mfa_challenges,
    passkeys,
    passkey_ceremonies,
    user_identities,
    user_roles,
    users,
    roles,
    oauth_clients,
    identity_providers,
    signing_keys,
    outbox,
    audit_events,
    cache_epochs,
    login_throttle,
    rate_limit_buckets,
);

#[cfg(test)]
mod tests {
    /// Files whose work spans tenants on purpose: the mail worker, retention,
    /// the tenants themselves, the cross-tenant polls, and this module.
    const PLATFORM: &[&str] = &[
        "changes.rs",
        "housekeeping.rs",
        "mod.rs",
        "outbox.rs",
        "scope.rs",
        "tenants.rs",
    ];

    fn tenant_store_files() -> Vec<(String, String)> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/src/infra/store");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "rs"))
            .map(|path| {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&path).unwrap())
            })
            .filter(|(name, _)| !PLATFORM.contains(&name.as_str()))
            .collect();
        files.sort();
        assert!(files.len() > 10, "the store's files were not found");
        files
    }

    #[test]
    fn no_query_of_a_tenant_table_leaves_out_the_tenant() {
        let mut unscoped = Vec::new();
        for (name, text) in tenant_store_files() {
            for (n, line) in text.lines().enumerate() {
                let bare = ["::find()", "::update_many()", "::delete_many()"]
                    .iter()
                    .any(|call| line.contains(call));
                // A hand-built subquery names its table with `.from(..)` and
                // must filter on the tenant right after.
                let subquery = line.trim_start().starts_with(".from(")
                    && line.contains("::Entity)")
                    && !text
                        .lines()
                        .nth(n + 1)
                        .is_some_and(|next| next.contains("Tenant.eq(tenant)"));
                if bare || subquery {
                    unscoped.push(format!("{name}:{}: {}", n + 1, line.trim()));
                }
            }
        }
        assert!(
            unscoped.is_empty(),
            "unscoped queries:\n{}",
            unscoped.join("\n")
        );
    }

    #[test]
    fn every_row_the_store_writes_names_its_tenant() {
        let mut missing = Vec::new();
        for (name, text) in tenant_store_files() {
            for (at, _) in text.match_indices("::ActiveModel {\n") {
                let body = &text[at..];
                let end = body.find("\n    }").or_else(|| body.find("\n}")).unwrap();
                if !body[..end].contains("tenant: Set(") {
                    let line = text[..at].lines().count();
                    missing.push(format!("{name}:{line}"));
                }
            }
        }
        assert!(missing.is_empty(), "rows without a tenant: {missing:?}");
    }
}
