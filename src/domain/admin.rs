//! What admins do to users and roles. Each change is checked here (the
//! permission was checked by the extractor), written with its audit event in
//! one transaction by the store, and then applied to this instance's caches.

use serde_json::{Value, json};
use uuid::Uuid;

use super::accounts::{Account, field};
use super::audit::{self, EventExt as _};
use super::rbac::PERMISSIONS;
use super::sessions::{ClientInfo, Principal};
use super::validate;
use crate::app::AppState;
use crate::error::{Error, FieldError, Result};
use crate::store::{
    self,
    admin_users::{UserFilter, UserPatch},
    roles::Role,
};

pub const PER_PAGE_DEFAULT: u64 = 20;
pub const PER_PAGE_MAX: u64 = 100;

/// One page of users with their roles, and the total.
pub async fn list_users(
    state: &AppState,
    filter: &UserFilter,
    page: u64,
    per_page: u64,
) -> Result<(Vec<Account>, u64)> {
    let (users, total) = store::admin_users::list_users(&state.db, filter, page, per_page).await?;
    let ids: Vec<Uuid> = users.iter().map(|u| u.id).collect();
    let mut roles = store::admin_users::roles_of_users(&state.db, &ids).await?;
    let accounts = users
        .into_iter()
        .map(|user| Account {
            roles: roles.remove(&user.id).unwrap_or_default(),
            user,
        })
        .collect();
    Ok((accounts, total))
}

/// `Forbidden` unless the actor holds every permission the target user
/// holds: a custom role with `users:write` must not disable, rename, strip
/// or delete an admin.
async fn ensure_outranks(state: &AppState, who: &Principal, target: Uuid) -> Result<()> {
    let held = store::roles::permissions_of(&state.db, target).await?;
    ensure_holds(state, who, held.iter()).await
}

/// `Forbidden` unless the actor holds each of these permissions: nobody
/// hands out (or takes away through a role) more than they have.
async fn ensure_holds<'a>(
    state: &AppState,
    who: &Principal,
    permissions: impl IntoIterator<Item = &'a String>,
) -> Result<()> {
    let own = super::rbac::permissions_of(state, who.user_id).await?;
    if permissions.into_iter().all(|p| own.contains(p)) {
        Ok(())
    } else {
        Err(Error::Forbidden)
    }
}

/// The permissions of role `name`, if it exists.
async fn role_permissions(state: &AppState, name: &str) -> Result<Vec<String>> {
    Ok(store::roles::find_role(&state.db, name)
        .await?
        .map(|role| store::roles::permissions(&role))
        .unwrap_or_default())
}

pub async fn get_user(state: &AppState, id: Uuid) -> Result<Account> {
    let user = store::users::find_user(&state.db, id)
        .await?
        .ok_or(Error::NotFound)?;
    super::accounts::account(&state.db, user).await
}

/// Disables/enables, marks verified, renames. Disabling ends the user's
/// sessions at once and never leaves the installation without an admin.
pub async fn update_user(
    state: &AppState,
    who: &Principal,
    client: &ClientInfo,
    id: Uuid,
    mut patch: UserPatch,
) -> Result<Account> {
    if let Some(Some(name)) = &patch.display_name {
        patch.display_name = Some(field(validate::display_name("display_name", name))?);
    }
    ensure_outranks(state, who, id).await?;
    let mut changed = serde_json::Map::new();
    if let Some(v) = patch.disabled {
        changed.insert("disabled".into(), json!(v));
    }
    if let Some(v) = patch.email_verified {
        changed.insert("email_verified".into(), json!(v));
    }
    if patch.display_name.is_some() {
        // That it changed, not what to: the name is personal data.
        changed.insert("display_name".into(), json!(true));
    }
    if changed.is_empty() {
        return get_user(state, id).await;
    }
    let event = audit::event(audit::USER_UPDATED, client)
        .actor(who.user_id)
        .target(id)
        .details(json!({"changed": Value::Object(changed)}));
    let (user, ended) =
        store::admin_users::update_user(&state.db, id, patch, event, state.clock.now()).await?;
    super::broadcast::sessions_ended(state, ended).await;
    super::accounts::account(&state.db, user).await
}

/// Deletes a user and everything that hangs off them.
pub async fn delete_user(
    state: &AppState,
    who: &Principal,
    client: &ClientInfo,
    id: Uuid,
) -> Result<()> {
    ensure_outranks(state, who, id).await?;
    let event = audit::event(audit::USER_DELETED, client)
        .actor(who.user_id)
        .target(id);
    let erased = store::privacy::erase_user(&state.db, id, event, state.clock.now()).await?;
    super::privacy::forget_erased(state, erased).await;
    Ok(())
}

pub async fn grant_role(
    state: &AppState,
    who: &Principal,
    client: &ClientInfo,
    id: Uuid,
    role: &str,
) -> Result<()> {
    ensure_outranks(state, who, id).await?;
    ensure_holds(state, who, &role_permissions(state, role).await?).await?;
    let event = audit::event(audit::ROLE_GRANTED, client)
        .actor(who.user_id)
        .target(id)
        .details(json!({"role": role}));
    store::roles::grant(&state.db, id, role, event, state.clock.now()).await?;
    super::broadcast::roles_changed(state).await;
    Ok(())
}

pub async fn revoke_role(
    state: &AppState,
    who: &Principal,
    client: &ClientInfo,
    id: Uuid,
    role: &str,
) -> Result<()> {
    ensure_outranks(state, who, id).await?;
    let event = audit::event(audit::ROLE_REVOKED, client)
        .actor(who.user_id)
        .target(id)
        .details(json!({"role": role}));
    store::roles::revoke(&state.db, id, role, event, state.clock.now()).await?;
    super::broadcast::roles_changed(state).await;
    Ok(())
}

/// Role names: lower-case letters, digits, `_`, `-`, `.`, `:`; 2 to 64 long.
fn role_name(name: &str) -> Result<String, FieldError> {
    let valid = (2..=64).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "_-.:".contains(c));
    if valid {
        Ok(name.to_owned())
    } else {
        Err(FieldError::new(
            "name",
            "invalid",
            "2 to 64 characters: a-z, 0-9, _ - . :, starting with a letter.",
        ))
    }
}

fn known_permissions(permissions: Vec<String>) -> Result<Vec<String>, FieldError> {
    if let Some(unknown) = permissions
        .iter()
        .find(|p| !PERMISSIONS.contains(&p.as_str()))
    {
        return Err(FieldError::new(
            "permissions",
            "invalid",
            format!(
                "Unknown permission {unknown:?}; known: {}.",
                PERMISSIONS.join(", ")
            ),
        ));
    }
    let mut permissions = permissions;
    permissions.sort();
    permissions.dedup();
    Ok(permissions)
}

fn description(text: String) -> Result<String, FieldError> {
    if text.chars().count() > 500 {
        return Err(FieldError::new(
            "description",
            "too_long",
            "A description has at most 500 characters.",
        ));
    }
    Ok(text.trim().to_owned())
}

pub async fn list_roles(state: &AppState) -> Result<Vec<Role>> {
    store::roles::list_roles(&state.db).await
}

pub async fn create_role(
    state: &AppState,
    who: &Principal,
    client: &ClientInfo,
    name: &str,
    text: Option<String>,
    permissions: Vec<String>,
) -> Result<Role> {
    let name = role_name(name);
    let permissions = known_permissions(permissions);
    let text = description(text.unwrap_or_default());
    let (name, permissions, text) = match (name, permissions, text) {
        (Ok(n), Ok(p), Ok(t)) => (n, p, t),
        (n, p, t) => {
            return Err(Error::Validation(
                [n.err(), p.err(), t.err()].into_iter().flatten().collect(),
            ));
        }
    };
    ensure_holds(state, who, &permissions).await?;
    let event = audit::event(audit::ROLE_CREATED, client)
        .actor(who.user_id)
        .details(json!({"role": name, "permissions": permissions}));
    let role =
        store::roles::create_role(&state.db, name, text, permissions, event, state.clock.now())
            .await?;
    super::broadcast::roles_changed(state).await;
    Ok(role)
}

pub async fn update_role(
    state: &AppState,
    who: &Principal,
    client: &ClientInfo,
    name: &str,
    text: Option<String>,
    permissions: Option<Vec<String>>,
) -> Result<Role> {
    let permissions = permissions
        .map(known_permissions)
        .transpose()
        .map_err(|e| Error::Validation(vec![e]))?;
    let text = text
        .map(description)
        .transpose()
        .map_err(|e| Error::Validation(vec![e]))?;
    // Both what the role grants now and what it is to grant.
    ensure_holds(state, who, &role_permissions(state, name).await?).await?;
    ensure_holds(state, who, permissions.iter().flatten()).await?;
    let event = audit::event(audit::ROLE_UPDATED, client)
        .actor(who.user_id)
        .details(json!({"role": name, "permissions": permissions, "description_changed": text.is_some()}));
    let role =
        store::roles::update_role(&state.db, name, text, permissions, event, state.clock.now())
            .await?;
    super::broadcast::roles_changed(state).await;
    Ok(role)
}

pub async fn delete_role(
    state: &AppState,
    who: &Principal,
    client: &ClientInfo,
    name: &str,
) -> Result<()> {
    ensure_holds(state, who, &role_permissions(state, name).await?).await?;
    let event = audit::event(audit::ROLE_DELETED, client)
        .actor(who.user_id)
        .details(json!({"role": name}));
    store::roles::delete_role(&state.db, name, event, state.clock.now()).await?;
    super::broadcast::roles_changed(state).await;
    Ok(())
}
