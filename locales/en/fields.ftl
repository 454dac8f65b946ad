# What a form says beside a field it refused. The API sends the same
# sentences in English (problem+json errors[].message). Field names, codes,
# scope and grant names, URL schemes, example host names and PALISADE_*
# variables stay as they are.

field-required = This field is required.

## Email address, password, display name (registration, account)
field-email-required = An email address is required.
field-email-too-long = { $max ->
    [one] An email address has at most 1 character.
   *[other] An email address has at most { $max } characters.
}
field-email-invalid = This is not an email address we can send to.
# The tenant accepts only some email domains.
field-email-domain-not-allowed = Addresses of this domain cannot make an account here.
field-password-too-short = { $min ->
    [one] A password has at least 1 character.
   *[other] A password has at least { $min } characters.
}
field-password-too-long = { $max ->
    [one] A password has at most 1 character.
   *[other] A password has at most { $max } characters.
}
field-password-too-weak = This password is too easy to guess: use a longer phrase or mix in unusual words.
field-display-name-too-long = { $max ->
    [one] A display name has at most 1 character.
   *[other] A display name has at most { $max } characters.
}
field-display-name-control = A display name cannot hold control characters.
# A second step of sign-in named by an unknown method; totp and
# recovery_code are codes.
field-mfa-method = Use totp or recovery_code.
# A page number or page size in a list's address.
field-whole-number = Expected a whole number from 1.
# A value of the wrong kind (text where a number belongs, …).
field-invalid-type = This value has the wrong type.

## OAuth clients (administration)
field-client-name-required = A client needs a name.
field-client-name-too-long = A name has at most 100 characters.
# "confidential" and "public" are the type's codes.
field-client-type-invalid = Either "confidential" or "public".
field-client-type-immutable = A client's type cannot change: register a new client.
field-client-public-no-secret = A public client has no secret.
field-client-too-many-uris = At most 20 URIs.
# $name is the grant type given, in quotes; $known the known ones,
# separated by commas.
field-client-grant-unknown = Unknown grant type { $name }; known: { $known }.
# $name is the scope given, in quotes; $known the known ones, separated by
# commas.
field-client-scope-unknown = Unknown scope { $name }; known: { $known }.
field-client-audience-too-long = An audience has at most 255 characters.
# The access tokens' lifetime.
field-client-token-ttl = Between 60 and 86400 seconds.
# authorization_code is the grant's name.
field-client-code-needs-redirect = The authorization_code grant needs at least one redirect URI.
# client_credentials is the grant's name.
field-client-public-client-credentials = A public client cannot use client_credentials: it has no secret.
field-client-password-first-party = Only first-party clients may use the password grant.
field-client-public-pkce = Public clients always use PKCE.

## Redirect URIs of a client
field-redirect-too-long = A redirect URI has at most 2000 characters.
field-redirect-wildcard = Redirect URIs are matched exactly: no wildcards.
field-redirect-not-absolute = Not an absolute URI.
field-redirect-fragment = A redirect URI has no fragment (#…).
field-redirect-credentials = A redirect URI holds no user name or password.
field-redirect-http = http:// is allowed only on loopback (127.0.0.1, [::1], localhost) unless PALISADE_ALLOW_HTTP_REDIRECTS is set.
field-redirect-scheme = Use https://, http:// on loopback, or a private-use scheme such as com.example.app:/callback.

## An app's sign-in through a provider (redirect_uri, code_challenge, state)
field-app-redirect-unknown = No registered first-party app has this redirect URI.
# base64url, SHA-256 and code_verifier are names: keep them.
field-app-code-challenge = Send the base64url SHA-256 of your code_verifier (43 characters).
field-app-state-too-long = At most 512 characters.

## Roles (administration)
# The characters a role name may hold, listed: keep them.
field-role-name-invalid = 2 to 64 characters: a-z, 0-9, _ - . :, starting with a letter.
# $name is the permission given, in quotes; $known the known ones,
# separated by commas.
field-role-permission-unknown = Unknown permission { $name }; known: { $known }.
field-role-description-too-long = A description has at most 500 characters.

## Tenants (administration)
field-tenant-slug = 2 to 63 lower-case letters, digits and dashes, starting with a letter or digit.
# A tenant's display name or product name.
field-tenant-name = 1 to 100 characters, no control characters.
field-tenant-too-many-names = Too many names.
field-tenant-host-name = Give host names such as auth.example.com (no scheme, no port).
# $languages are the codes of every language but the last ("en, de, fr, es,
# ja"), $last the last one ("ar").
field-tenant-locale = Use { $languages } or { $last }.
# The shortest password allowed, in characters.
field-tenant-password-min-length = From 8 to 128.
# The allowed email domains were given as an empty list.
field-tenant-domains-empty = Leave it out to allow any domain.
field-tenant-mfa-roles = 1 to 32 role names: lower-case letters, digits, - and _ (leave it out for none).
# The access tokens' lifetime.
field-tenant-access-ttl = From 60 seconds to a day.
# The refresh tokens' lifetime.
field-tenant-refresh-ttl = From 5 minutes to a year, and longer than the access tokens.
field-tenant-default-settings = The default tenant's settings are the server's configuration (PALISADE_* variables).
field-tenant-confirm-slug = Repeat the tenant's slug to delete it.

## Identity providers (administration)
field-provider-url = Use an https:// URL (http:// only on this machine).
field-provider-text = { $max ->
    [one] Give 1 character.
   *[other] Give 1 to { $max } characters.
}
# google is an example of a provider's slug.
field-provider-slug = Use lower-case letters, digits and hyphens (such as google).
field-provider-slug-reserved = This name is taken by a page.
# oidc, github and oauth2 are the kinds' codes.
field-provider-kind = Use oidc, github or oauth2.
field-provider-secret = Give the secret the provider issued.
# openid and read:user are examples of scope names.
field-provider-scopes = Give scope names such as openid or read:user.
# data.id is an example of a path.
field-provider-claim-path = Give a dotted path into the user's JSON, such as data.id.
field-provider-issuer-required = An OpenID provider is found by its issuer URL.
# openid is the scope's name.
field-provider-openid-scope = An OpenID provider needs the openid scope.
field-provider-endpoints = A plain OAuth 2 provider needs its endpoints.
# amr is the ID token's claim naming how the person signed in.
field-provider-trust-mfa = Only an OpenID provider's signed amr can stand in for a second factor.
field-provider-in-use = People sign in through this provider: its issuer, user endpoint, client id and subject stay. Add another provider instead.

## By code: what a field error says when its sentence has no message of its
## own (pages show `field-<code>`; the ids carry the API's codes as they are).
field-too_long = This is too long.
field-too_short = This is too short.
field-too_many = There are too many.
field-too_weak = This password is too easy to guess: use a longer phrase or mix in unusual words.
field-invalid = This value is not valid.
field-invalid_value = This value is not valid.
field-invalid_type = This value has the wrong type.
field-invalid_email = This is not an email address we can send to.
field-invalid_url = Use an https:// URL (http:// only on this machine).
field-invalid_slug = Use lower-case letters, digits and hyphens.
field-invalid_redirect_uri = This redirect URI cannot be used.
field-immutable = This cannot change.
field-read_only = This cannot be changed.
field-reserved = This name is taken.
field-public_client = A public client has no secret.
field-unsupported_locale = This language is not available.
field-not_registered = This is not registered.
field-in_use = This is in use and cannot change.
field-domain_not_allowed = Addresses of this domain cannot make an account here.
