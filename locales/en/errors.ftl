# The error pages: each message is the sentence under the heading, and its
# .title the heading (and the browser tab's title). Problem codes, paths,
# media types and header names stay as they are.

## Sign-in through another provider
error-state-mismatch = This sign-in was not started in this browser, or its link was changed. Start again.
    .title = Sign-in could not be finished
error-flow-expired = The sign-in was not finished in time. Start again.
    .title = Sign-in took too long
error-access-denied = The sign-in was cancelled at the provider, or it did not allow it. You can try again, or sign in another way.
    .title = Sign-in cancelled
error-link-with-password = An account with this email address already exists. Sign in with your password, then connect this provider from your account page.
    .title = Sign in with your password first
error-federation-signup-closed = There is no account for this identity, and this provider cannot create one. Register first, or sign in another way.
    .title = No account yet
error-email-missing = The provider did not share a verified email address, which an account needs. Allow it at the provider, or register with your email address.
    .title = No email address
error-identity-taken = This identity already signs in to another account here.
    .title = Connected to another account
error-identity-exists = Your account is already connected to another identity at this provider: disconnect it first.
    .title = Already connected
# code_verifier is a parameter name: keep it as is.
error-invalid-login-code = The login code is invalid, used or expired, or the code_verifier does not match it.
    .title = Invalid login code

## Refusals and failures of every page
error-validation-failed = One or more fields are invalid.
    .title = Validation failed
error-invalid-credentials = Email or password is wrong.
    .title = Invalid credentials
error-invalid-token = The token is invalid or revoked: sign in again.
    .title = Unauthorized
error-token-expired = The access token has expired: get a new one with the refresh token.
    .title = Token expired
error-account-disabled = This account has been disabled.
    .title = Account disabled
error-email-not-verified = Verify your email address before logging in.
    .title = Email not verified
error-forbidden = You lack the permission for this.
    .title = Forbidden
error-not-found = No such resource.
    .title = Not found
error-email-taken = An account with this email address already exists.
    .title = Email taken
error-invalid-one-time-token = This link is invalid, used or expired. Ask for a new one.
    .title = Invalid token
error-reauth-failed = The current password is wrong.
    .title = Re-authentication failed
error-last-admin = At least one enabled admin must remain.
    .title = Last admin
error-role-exists = A role with this name already exists.
    .title = Role exists
error-builtin-role = Builtin roles cannot be changed or deleted.
    .title = Builtin role
error-invalid-client = The client is unknown or did not authenticate.
    .title = Invalid client
# An OAuth request an application sent was refused (its reason is shown to
# the application only).
error-invalid-request = The application sent a request that cannot be carried out. Go back to it and start again.
    .title = Invalid request
# palisade is the client's id: keep it as is.
error-builtin-client = The built-in client palisade cannot be changed or deleted.
    .title = Builtin client
error-already-enrolled = An authenticator app is already set up: remove it first.
    .title = Already enrolled
error-invalid-code = The code is wrong or too old: type the one the app shows now.
    .title = Invalid code
error-wrong-code = The code is wrong, used or too old.
    .title = Invalid code
error-upstream-refused = The identity provider's answer could not be verified: start again.
    .title = Sign-in refused
error-last-login-method = This is your only way to sign in: set a password or add a passkey first.
    .title = Last way to sign in
error-signup-closed = New accounts cannot be made here: ask an administrator for an invitation.
    .title = Sign-up disabled
error-tenant-exists = A tenant with this slug exists.
    .title = Tenant exists
error-host-taken = Another tenant is served at one of these hosts.
    .title = Host taken
error-default-tenant = The default tenant holds the platform's administration and cannot be deleted.
    .title = The default tenant
error-provider-exists = An identity provider with this slug is connected already.
    .title = Provider exists
# /v1/users/me/mfa is an API path: keep it as is.
error-mfa-enrollment-required = Your role must use a second factor: set one up under /v1/users/me/mfa or on your account page first.
    .title = Second factor required
error-invalid-passkey = The passkey could not be registered: start again.
    .title = Invalid passkey
error-mfa-token-expired = The second step expired or failed too often: sign in again.
    .title = Sign-in expired
error-mfa-required = Finish signing in with a second factor.
    .title = Second factor required
error-unverified-account = This account's email address is not verified.
    .title = Unverified account
error-rate-limited = Slow down and try again later.
    .title = Too many requests
error-busy = Too many requests are being handled; try again in a moment.
    .title = Service busy
error-unavailable = The database cannot be reached; try again shortly.
    .title = Service unavailable
error-internal = Something went wrong on our side. Quote the request id when reporting it.
    .title = Internal server error

## What a request itself can get wrong
# A form or query the server could not read.
error-malformed-request = The request could not be read.
    .title = Malformed request
# application/json is a media type: keep it as is.
error-unsupported-media-type = Send the body as application/json.
    .title = Unsupported media type
error-payload-too-large = The request body is larger than 64 KiB.
    .title = Payload too large
# $header is the HTTP header to send (the Authorization header with a bearer token).
error-missing-token = This endpoint needs an access token: { $header }.
    .title = Unauthorized
error-method-not-allowed = This path does not take this method.
    .title = Method not allowed
error-timeout = The request took too long.
    .title = Request timeout

## Page-only
# A request nothing recognised (no page shows it today).
error-request-failed = The request could not be handled.
    .title = Request failed
# A form posted without this session's token (after a long pause, or from
# another site).
error-form-expired = This form has expired or was not sent from this site. Go back, reload the page and try again.
    .title = Form expired
# Under a server error: $detail is the error's sentence (another error-*
# message), $id the request's id to quote when reporting it.
error-request-id = { $detail } Request id: { $id }.
