//! Roles and permissions: the builtin roles and the permission names.

pub const ADMIN: &str = "admin";
pub const USER: &str = "user";

pub const PERMISSIONS: &[&str] = &[
    "users:read",
    "users:write",
    "users:delete",
    "roles:read",
    "roles:write",
    "audit:read",
];

/// The roles every installation has, seeded by the first migration.
pub const BUILTIN_ROLES: &[(&str, &str)] = &[
    (ADMIN, "Administrators: every permission."),
    (USER, "Everyone: self-service only."),
];

/// The permissions a builtin role starts with, as stored (a JSON array).
pub fn role_permissions_json(role: &str) -> serde_json::Value {
    match role {
        ADMIN => serde_json::json!(PERMISSIONS),
        _ => serde_json::json!([]),
    }
}
