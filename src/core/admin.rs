//! What admins do to users and roles. Each operation takes the proof of its
//! permission (`Granted<P>`), refuses to act on a user who holds more than
//! the actor, writes its change with its audit event in one transaction (the
//! store's), and then tells the caches.

use std::sync::Arc;

use serde_json::{Value, json};
use uuid::Uuid;

use super::audit;
use super::clock::SharedClock;
use super::error::{Error, FieldError, Result, field};
use super::locale::Said;
use super::mfa::Mfa;
use super::model::{Account, ClientInfo, Permission, Principal, Role};
use super::ports::{RoleStore, UserFilter, UserPatch, UserStore};
use super::privacy::Privacy;
use super::rbac::{
    Granted, Needs, Permissions, RolesRead, RolesWrite, UsersDelete, UsersRead, UsersWrite,
};
use super::sessions::Sessions;
use super::validate;

pub const PER_PAGE_DEFAULT: u64 = 20;
pub const PER_PAGE_MAX: u64 = 100;

pub struct Admin {
    users: Arc<dyn UserStore>,
    roles: Arc<dyn RoleStore>,
    privacy: Arc<Privacy>,
    permissions: Arc<Permissions>,
    sessions: Arc<Sessions>,
    mfa: Arc<Mfa>,
    clock: SharedClock,
}

/// The dependencies of `Admin`, named so the wiring reads.
pub struct AdminDeps {
    pub users: Arc<dyn UserStore>,
    pub roles: Arc<dyn RoleStore>,
    pub privacy: Arc<Privacy>,
    pub permissions: Arc<Permissions>,
    pub sessions: Arc<Sessions>,
    pub mfa: Arc<Mfa>,
    pub clock: SharedClock,
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
        )
        .said(Said::new("field-role-name-invalid")))
    }
}

/// Permission names into permissions, sorted and without repeats.
fn known_permissions(names: Vec<String>) -> Result<Vec<Permission>, FieldError> {
    let mut permissions = Vec::new();
    for name in names {
        let Ok(permission) = name.parse::<Permission>() else {
            let known: Vec<&str> = Permission::ALL.iter().map(|p| p.as_str()).collect();
            return Err(FieldError::new(
                "permissions",
                "invalid",
                format!("Unknown permission {name:?}; known: {}.", known.join(", ")),
            )
            .said(
                Said::new("field-role-permission-unknown")
                    .with("name", format!("{name:?}"))
                    .with("known", known.join(", ")),
            ));
        };
        permissions.push(permission);
    }
    permissions.sort_by_key(|p| p.as_str());
    permissions.dedup();
    Ok(permissions)
}

fn description(text: String) -> Result<String, FieldError> {
    if text.chars().count() > 500 {
        return Err(FieldError::new(
            "description",
            "too_long",
            "A description has at most 500 characters.",
        )
        .said(Said::new("field-role-description-too-long")));
    }
    Ok(text.trim().to_owned())
}

impl Admin {
    pub fn new(deps: AdminDeps) -> Self {
        Self {
            users: deps.users,
            roles: deps.roles,
            privacy: deps.privacy,
            permissions: deps.permissions,
            sessions: deps.sessions,
            mfa: deps.mfa,
            clock: deps.clock,
        }
    }

    /// `Forbidden` unless the actor holds every permission the target user
    /// holds: a custom role with `users:write` must not disable, rename,
    /// strip or delete an admin.
    async fn ensure_outranks(&self, who: &Principal, target: Uuid) -> Result<()> {
        let held = self.roles.permissions_of(target).await?;
        self.ensure_holds(who, held.iter()).await
    }

    /// `Forbidden` unless the actor holds each of these permissions: nobody
    /// hands out (or takes away through a role) more than they have.
    async fn ensure_holds<'a>(
        &self,
        who: &Principal,
        needed: impl IntoIterator<Item = &'a Permission>,
    ) -> Result<()> {
        let own = self.permissions.of(who.user_id).await?;
        if needed.into_iter().all(|p| own.contains(p)) {
            Ok(())
        } else {
            Err(Error::Forbidden)
        }
    }

    /// The permissions of role `name`, if it exists.
    async fn role_permissions(&self, name: &str) -> Result<Vec<Permission>> {
        Ok(self
            .roles
            .find_role(name)
            .await?
            .map(|role| role.permissions)
            .unwrap_or_default())
    }

    /// One page of users with their roles, and the total.
    pub async fn list_users(
        &self,
        _: &Granted<UsersRead>,
        filter: &UserFilter,
        page: u64,
        per_page: u64,
    ) -> Result<(Vec<Account>, u64)> {
        self.users.list_users(filter, page, per_page).await
    }

    pub async fn get_user(&self, _: &Granted<UsersRead>, id: Uuid) -> Result<Account> {
        self.users.find_account(id).await?.ok_or(Error::NotFound)
    }

    /// Disables/enables, marks verified, renames. Disabling ends the user's
    /// sessions at once and never leaves the installation without an admin.
    #[tracing::instrument(skip_all, fields(actor = %by.who().user_id, target = %id), name = "admin.update_user")]
    pub async fn update_user(
        &self,
        by: &Granted<UsersWrite>,
        client: &ClientInfo,
        id: Uuid,
        mut patch: UserPatch,
    ) -> Result<Account> {
        if let Some(Some(name)) = &patch.display_name {
            patch.display_name = Some(field(validate::display_name("display_name", name))?);
        }
        self.ensure_outranks(by.who(), id).await?;
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
            return self.users.find_account(id).await?.ok_or(Error::NotFound);
        }
        let event = audit::event(audit::USER_UPDATED, client)
            .actor(by.who().user_id)
            .target(id)
            .details(json!({"changed": Value::Object(changed)}));
        let (user, ended) = self
            .users
            .update_user(id, patch, event, self.clock.now())
            .await?;
        self.sessions.ended(ended).await;
        self.sessions.profiles().changed(vec![id]).await;
        let roles = self.users.roles_of(user.id).await?;
        Ok(Account { user, roles })
    }

    /// Deletes a user and everything that hangs off them.
    #[tracing::instrument(skip_all, fields(actor = %by.who().user_id, target = %id), name = "admin.delete_user")]
    pub async fn delete_user(
        &self,
        by: &Granted<UsersDelete>,
        client: &ClientInfo,
        id: Uuid,
    ) -> Result<()> {
        self.ensure_outranks(by.who(), id).await?;
        let event = audit::event(audit::USER_DELETED, client)
            .actor(by.who().user_id)
            .target(id);
        self.privacy.erase(id, event).await
    }

    /// Removes every second factor of a user (a lost phone) and ends their
    /// sessions; like every change to a user, only by someone who holds
    /// every permission the user holds (a helpdesk role must not strip an
    /// admin's factors).
    #[tracing::instrument(skip_all, fields(actor = %by.who().user_id, target = %id), name = "admin.reset_factors")]
    pub async fn reset_factors(
        &self,
        by: &Granted<UsersWrite>,
        client: &ClientInfo,
        id: Uuid,
    ) -> Result<()> {
        self.ensure_outranks(by.who(), id).await?;
        self.mfa.reset(by, id, client).await
    }

    #[tracing::instrument(skip_all, fields(actor = %by.who().user_id, target = %id), name = "admin.grant_role")]
    pub async fn grant_role(
        &self,
        by: &Granted<RolesWrite>,
        client: &ClientInfo,
        id: Uuid,
        role: &str,
    ) -> Result<()> {
        self.ensure_outranks(by.who(), id).await?;
        self.ensure_holds(by.who(), &self.role_permissions(role).await?)
            .await?;
        let event = audit::event(audit::ROLE_GRANTED, client)
            .actor(by.who().user_id)
            .target(id)
            .details(json!({"role": role}));
        self.roles.grant(id, role, event, self.clock.now()).await?;
        self.permissions.changed().await;
        self.sessions.profiles().changed(vec![id]).await;
        Ok(())
    }

    #[tracing::instrument(skip_all, fields(actor = %by.who().user_id, target = %id), name = "admin.revoke_role")]
    pub async fn revoke_role(
        &self,
        by: &Granted<RolesWrite>,
        client: &ClientInfo,
        id: Uuid,
        role: &str,
    ) -> Result<()> {
        self.ensure_outranks(by.who(), id).await?;
        let event = audit::event(audit::ROLE_REVOKED, client)
            .actor(by.who().user_id)
            .target(id)
            .details(json!({"role": role}));
        self.roles.revoke(id, role, event, self.clock.now()).await?;
        self.permissions.changed().await;
        self.sessions.profiles().changed(vec![id]).await;
        Ok(())
    }

    pub async fn list_roles(&self, _: &Granted<RolesRead>) -> Result<Vec<Role>> {
        self.roles.list_roles().await
    }

    /// The names of every role, for the user pages' filters and grants.
    pub async fn role_names<P: Needs>(&self, _: &Granted<P>) -> Result<Vec<String>> {
        Ok(self
            .roles
            .list_roles()
            .await?
            .into_iter()
            .map(|r| r.name)
            .collect())
    }

    #[tracing::instrument(skip_all, fields(actor = %by.who().user_id), name = "admin.create_role")]
    pub async fn create_role(
        &self,
        by: &Granted<RolesWrite>,
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
        self.ensure_holds(by.who(), &permissions).await?;
        let event = audit::event(audit::ROLE_CREATED, client)
            .actor(by.who().user_id)
            .details(json!({"role": name, "permissions": names(&permissions)}));
        let role = Role {
            name,
            description: text,
            permissions,
            builtin: false,
        };
        let role = self
            .roles
            .create_role(role, event, self.clock.now())
            .await?;
        self.permissions.changed().await;
        Ok(role)
    }

    #[tracing::instrument(skip_all, fields(actor = %by.who().user_id), name = "admin.update_role")]
    pub async fn update_role(
        &self,
        by: &Granted<RolesWrite>,
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
        self.ensure_holds(by.who(), &self.role_permissions(name).await?)
            .await?;
        self.ensure_holds(by.who(), permissions.iter().flatten())
            .await?;
        let event = audit::event(audit::ROLE_UPDATED, client)
            .actor(by.who().user_id)
            .details(json!({"role": name, "permissions": permissions.as_deref().map(names), "description_changed": text.is_some()}));
        let role = self
            .roles
            .update_role(name, text, permissions, event, self.clock.now())
            .await?;
        self.permissions.changed().await;
        Ok(role)
    }

    #[tracing::instrument(skip_all, fields(actor = %by.who().user_id), name = "admin.delete_role")]
    pub async fn delete_role(
        &self,
        by: &Granted<RolesWrite>,
        client: &ClientInfo,
        name: &str,
    ) -> Result<()> {
        self.ensure_holds(by.who(), &self.role_permissions(name).await?)
            .await?;
        let event = audit::event(audit::ROLE_DELETED, client)
            .actor(by.who().user_id)
            .details(json!({"role": name}));
        self.roles
            .delete_role(name, event, self.clock.now())
            .await?;
        self.permissions.changed().await;
        // Its holders' role lists lost it.
        self.sessions.profiles().all_changed().await;
        Ok(())
    }
}

fn names(permissions: &[Permission]) -> Vec<&'static str> {
    permissions.iter().map(|p| p.as_str()).collect()
}
