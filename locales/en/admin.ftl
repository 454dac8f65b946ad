# The administration pages (templates/pages/admin_*.html and
# src/web/pages/admin/). Identifiers are shown as they are and are never in
# these messages: audit actions, permission names, grant types, scope codes,
# app and provider kinds, role names, and the descriptions of built-in roles.

## Shared by several administration pages
# Small labels beside a name in a table or a heading.
admin-badge-built-in = built-in
admin-badge-active = active
admin-badge-disabled = disabled
admin-badge-verified = verified
admin-badge-not-verified = not verified
# A sign-in provider turned on or off.
admin-badge-on = on
admin-badge-off = off
admin-delete = Delete
admin-remove = Remove
admin-save = Save

## The tabs above every administration page (templates/pages/admin_nav.html)
# The name of the tabs' navigation, read by screen readers.
admin-nav = Administration
admin-nav-users = Users
admin-nav-roles = Roles
admin-nav-clients = Apps
admin-nav-providers = Sign-in providers
admin-nav-tenants = Tenants
admin-nav-audit = Audit log

## /admin/users (templates/pages/admin_users.html)
admin-users-title = Users
admin-users-search-label = Email or name contains
admin-users-role = Role
# The role filter's choice that filters nothing.
admin-users-role-any = Any
admin-users-search = Search
# How many users the search found (all pages together).
admin-users-count = { $count ->
    [one] 1 user
   *[other] { $count } users
}
# For screen readers: what the table holds, in which order.
admin-users-caption = Users, newest first
admin-users-col-email = Email
admin-users-col-name = Name
admin-users-col-roles = Roles
admin-users-col-status = Status
admin-users-col-created = Created

## /admin/users/{id} (templates/pages/admin_user.html); its title is the
## user's email.
admin-user-account = Account
admin-user-id = Id
admin-user-name = Name
# In place of the name of a user who gave none.
admin-user-no-name = –
admin-user-email = Email
admin-user-status = Status
admin-user-created = Created
admin-user-last-sign-in = Last sign-in
# In place of the date of the last sign-in.
admin-user-never = never
admin-user-audit-link = Audit events of this user
admin-user-enable = Enable
admin-user-disable = Disable
admin-user-verify = Mark email verified
admin-user-roles = Roles
# Names the Remove button beside role $role for screen readers.
admin-user-remove-role = Remove the role { $role }
admin-user-add-role-label = Add role
admin-user-add-role = Add
admin-user-delete-heading = Delete user
admin-user-delete-text = Erases the account and its personal data. It cannot be undone.
admin-user-delete-confirm = Yes, delete this account and its data
# The button that deletes the user whose email is $email.
admin-user-delete = Delete { $email }
# Notices after a change.
admin-user-updated = The user was updated.
admin-user-roles-changed = The roles were changed.
# Form errors.
admin-user-delete-unconfirmed = Tick the box to confirm the deletion.
admin-user-action-unknown = Choose disable, enable or verify.
admin-user-op-unknown = Choose grant or revoke.

## /admin/roles (templates/pages/admin_roles.html)
admin-roles-title = Roles
admin-roles-caption = Roles and their permissions
admin-roles-col-role = Role
admin-roles-col-description = Description
admin-roles-col-permissions = Permissions
# Heading of the column of buttons, for screen readers only.
admin-roles-col-action = Action
# Names the Delete button of role $role for screen readers.
admin-roles-delete-label = Delete the role { $role }
admin-roles-new = New role
admin-roles-field-name = Name
admin-roles-field-description = Description
admin-roles-permissions = Permissions
admin-roles-create = Create role
admin-roles-created = The role was created.
admin-roles-deleted = The role was deleted.

## /admin/audit (templates/pages/admin_audit.html)
admin-audit-title = Audit log
admin-audit-user-id = User id
admin-audit-user-id-invalid = Expected a user id (UUID).
# An audit action, such as login.failed.
admin-audit-action = Action
admin-audit-filter = Filter
# How many events the filter found (all pages together).
admin-audit-count = { $count ->
    [one] 1 event
   *[other] { $count } events
}
admin-audit-caption = Audit events, newest first
admin-audit-col-when = When
admin-audit-col-actor = Actor
admin-audit-col-target = Target
# The IP address the event came from.
admin-audit-col-address = Address
admin-audit-col-details = Details

## /admin/clients: the OAuth clients, called apps (templates/pages/admin_clients.html)
admin-clients-title = Apps
admin-clients-secret-heading = Client secret
# $client is the app's client id, shown as code.
admin-clients-secret-text = The secret of { $client }, shown only now: store it in the app's configuration.
admin-clients-caption = Apps that sign users in with this server
admin-clients-col-app = App
admin-clients-col-client-id = Client id
admin-clients-type = Type
admin-clients-col-redirect-uris = Redirect URIs
admin-clients-col-grants = Grants
# Heading of the column of buttons, for screen readers only.
admin-clients-col-actions = Actions
# An app trusted by the server: users are not asked to consent.
admin-badge-first-party = first party
# Names the New secret button of app $app for screen readers.
admin-clients-new-secret-label = New secret for { $app }
admin-clients-new-secret = New secret
# Names the Delete button of app $app for screen readers.
admin-clients-delete-label = Delete the app { $app }
admin-clients-new = Register an app
admin-clients-field-name = Name
admin-clients-confidential = Confidential (a server that keeps a secret)
admin-clients-public = Public (a single-page or native app)
admin-clients-redirect-uris = Redirect URIs, one per line
admin-clients-post-logout-uris = After sign-out, one per line (optional)
admin-clients-grants = Grants (none ticked: authorization code and refresh token)
admin-clients-first-party = First party: trusted, users are not asked to consent
admin-clients-register = Register
admin-clients-created = The app was registered. Its id is in the list below.
admin-clients-rotated = A new secret was made; the old one works for the grace period.
admin-clients-deleted = The app was deleted and its sessions ended.

## /admin/providers: where people may sign in instead of with a password
## (templates/pages/admin_providers.html)
admin-providers-title = Sign-in providers
admin-providers-none = No provider yet: people sign in with a password or a passkey.
admin-providers-slug = Slug
# The provider's address: its issuer or its authorization endpoint.
admin-providers-at = At
admin-providers-client-id = Client id
admin-providers-redirect-uri = Redirect URI
# What the provider's button on the sign-in page says.
admin-providers-button-text = Button text
admin-providers-enabled = On: shown on the sign-in page
admin-providers-allow-signup = Creates accounts for new people
admin-providers-link-by-email = Links to an existing account with the same verified email
admin-providers-trust-mfa = A second factor at the provider replaces ours
admin-providers-new-secret = New client secret (leave empty to keep it)
# Names the Remove button of provider $provider for screen readers.
admin-providers-remove-label = Remove { $provider }
admin-providers-new = Add a provider
# $uri is the redirect URI with the placeholder {slug} in it, shown as code.
admin-providers-callback-hint = Register { $uri } (with your slug) as the redirect URI at the provider.
admin-providers-kind = Kind
admin-providers-kind-oidc = OpenID Connect (Google, Microsoft, GitLab, Okta, Auth0, Keycloak…)
admin-providers-kind-github = GitHub
admin-providers-kind-oauth2 = Other OAuth 2 (endpoints below)
admin-providers-field-slug = Slug (in the URL: letters, digits, dashes)
admin-providers-field-issuer = Issuer URL (OpenID Connect)
admin-providers-field-client-secret = Client secret
admin-providers-field-scopes = Scopes (optional, space-separated)
admin-providers-field-authorization-endpoint = Authorization endpoint (other OAuth 2)
admin-providers-field-token-endpoint = Token endpoint (other OAuth 2)
admin-providers-field-userinfo-endpoint = User endpoint (other OAuth 2)
admin-providers-add = Add provider
admin-providers-created = The provider was added. Register its redirect URI at the provider.
admin-providers-updated = The provider was changed.
admin-providers-deleted = The provider was removed, and the identities linked through it.

## /admin/tenants (templates/pages/admin_tenants.html)
admin-tenants-title = Tenants
admin-tenants-hint = Each tenant is to be an isolated user base. Settings left empty follow the server's.
admin-tenants-name = Name
admin-tenants-hosts = Hosts, one per line
admin-tenants-settings = Settings
admin-tenants-signup = Sign-up
# The choice of a setting that leaves it to the server's configuration.
admin-tenants-as-server = as the server
# Sign-up is allowed or closed.
admin-tenants-signup-allowed = allowed
admin-tenants-signup-closed = closed
admin-tenants-verified = Verified email before sign-in
# A verified email is required or not.
admin-tenants-verified-required = required
admin-tenants-verified-not-required = not required
admin-tenants-default-language = Default language
admin-tenants-product-name = Product name
admin-tenants-password-min = Shortest password
admin-tenants-email-domains = Email domains that may register, one per line
admin-tenants-mfa-roles = Roles that must use a second factor
admin-tenants-access-ttl = Access token lifetime (seconds)
admin-tenants-session-ttl = Session lifetime (seconds)
# $slug is the tenant's slug, shown as code, which must be typed to delete it.
admin-tenants-delete-confirm = To delete it, type { $slug }
admin-tenants-hosts-read-only = Hosts
admin-tenants-new = Create a tenant
admin-tenants-field-slug = Slug (2 to 63 of a-z, 0-9 and -)
admin-tenants-field-hosts = Hosts, one per line (optional)
admin-tenants-field-admin-email = First admin's email (optional: gets a link to set a password)
admin-tenants-create = Create tenant
admin-tenants-created = The tenant was created.
admin-tenants-updated = The tenant was changed.
admin-tenants-deleted = The tenant was deleted.
