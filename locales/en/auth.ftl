# Sign-in, registration, password reset, email verification, second factors
# at sign-in, consent, device and logout pages.

## Shared field labels
field-label-email = Email
field-label-password = Password

## /login (templates/pages/login.html)
login-title = Sign in
login-submit = Sign in
login-or = or
login-passkey = Sign in with a passkey
login-with-provider = Sign in with { $provider }
login-forgot = Forgot your password?
# $link is a link saying login-no-account-link.
login-no-account = No account yet? { $link }.
login-no-account-link = Create one

## Words several sign-in pages share
login-continue = Continue
login-label-code = Code
login-allow = Allow
login-deny = Deny
# A link or button back to /login.
login-link-sign-in = Sign in
login-back-to-sign-in = Back to sign in
login-link-account = Go to your account
# The page heading shown after an email with a link was sent.
login-check-email-title = Check your email
# $provider is a sign-in provider's name ("GitLab").
login-continue-with-provider = Continue with { $provider }

## Notices at the top of /login, after a redirect
login-notice-signed-out = You are signed out.
login-notice-password-reset = Your password was changed. Sign in with the new one.
login-notice-deleted = Your account and its data were deleted.
# "Connected sign-ins" is the heading of that section of the account page.
login-notice-connect = Sign in with your password, then connect the provider under Connected sign-ins on your account page.

## /register (templates/pages/register.html)
login-register-title = Create your account
login-label-name-optional = Name (optional)
# $min and $max are numbers of characters.
login-register-password-hint = { $min } to { $max } characters. A few unrelated words make a strong password.
login-register-submit = Create account
# $link is a link saying login-have-account-link.
login-have-account = Already have an account? { $link }.
login-have-account-link = Sign in
# $email is the address the account was created with.
login-register-done = Your account { $email } is ready. We sent you an email with a link to confirm your address.

## /forgot-password (templates/pages/forgot.html)
login-forgot-title = Forgot your password?
login-forgot-intro = Enter your email address and we will send you a link to choose a new password.
login-forgot-submit = Send the link
login-forgot-sent = If an account exists for this address, we sent it a link to choose a new password. The link works once, for a limited time.

## /reset-password (templates/pages/reset.html)
login-reset-title = Choose a new password
login-label-new-password = New password
# $min and $max are numbers of characters.
login-reset-password-hint = { $min } to { $max } characters. Signing in again will be needed everywhere.
login-reset-submit = Set the new password
login-link-new-reset = Ask for a new link

## /verify-email (templates/pages/verify.html)
login-verify-title = Confirm your email address
login-verify-intro = Press the button to confirm that this address is yours.
login-verify-submit = Confirm my email address
login-verified-title = Email confirmed
login-verified = Thank you: your email address is confirmed.

## The second step of signing in (templates/pages/login_mfa.html)
login-mfa-title = Second step
login-mfa-totp = Type the six-digit code your authenticator app shows.
login-mfa-totp-or-code = Type the six-digit code your authenticator app shows, or one of your recovery codes.
login-mfa-passkey = Use your passkey to finish signing in.
login-mfa-passkey-or-code = Use your passkey to finish signing in, or type one of your recovery codes.
login-mfa-code = Type one of your recovery codes.
login-mfa-use-passkey = Use a passkey
login-mfa-needs-javascript = Your passkey needs JavaScript in this browser.
login-start-over = Start over

## Signing in through another provider, when it stops
login-federated-retry = Try again
login-federated-use-password = Sign in with your password
login-federated-unavailable-title = Sign-in service unavailable
login-federated-unavailable = We could not reach the sign-in provider, or finish signing you in. Try again in a moment, or sign in another way.

## Consent to an application (templates/pages/consent.html)
# The browser tab's title.
login-consent-title = Allow access
# $client is the application's name.
login-consent-heading = Allow { $client }?
# $client is the application's name, shown in bold; a list of what it may see follows.
login-consent-asks-and-see = { $client } asks to sign you in and to see:
# $client is the application's name, shown in bold.
login-consent-asks = { $client } asks to sign you in.
# "Connected apps" is the heading of that section of the account page.
login-consent-withdraw = You can withdraw this at any time under Connected apps on your account page.
# What an application may see, for each scope it asks for (in the list after login-consent-asks-and-see).
login-scope-profile = your name
login-scope-email = your email address
login-scope-offline-access = access while you are away (it stays signed in)
login-scope-roles = your roles
# An authorization request that is not safe to answer.
login-refused-title = Cannot sign in
login-refused-heading = Cannot sign in to this application
login-refused-unregistered = This application is not registered with this server.
login-refused-redirect-uri = The address to return to is not one this application registered.

## /device (templates/pages/device.html)
login-device-title = Connect a device
login-device-intro = Type the code your device shows.
device-code-unknown = This code is not valid, was used, or has expired. Check the device for the current one.
# $client is the application's name.
login-device-heading = Allow { $client } on your device?
# $code is the code the device shows, in bold.
login-device-asks = The device showing the code { $code } asks to sign in as you.
# $code is the code the device shows, in bold; $scopes lists scope codes ("profile, email").
login-device-asks-and-see = The device showing the code { $code } asks to sign in as you and to see: { $scopes }.
login-device-only-yours = Only allow it if you started this on a device of your own.
login-device-connected-title = Device connected
login-device-connected = You can return to your device: it is signed in.
login-device-refused-title = Device not connected
login-device-refused = The device was not let in. You can close this page.

## Signing out at an application's request (templates/pages/logout.html)
# The browser tab's title.
login-logout-title = Sign out
login-logout-heading = Sign out?
login-logout-asked = An application asked to sign you out of { $product }.
login-logout-submit = Sign out
login-logout-stay = Stay signed in
login-logout-refused-title = Cannot sign out
login-logout-refused-heading = Cannot sign out from this application
login-logout-refused-two-apps = The logout request names two different applications.
login-logout-refused-redirect-uri = The address to return to after signing out is not one this application registered.
login-signed-out-title = Signed out
login-signed-out-heading = You are signed out
login-signed-out-close = You can close this window.
login-link-sign-in-again = Sign in again

## Page numbers under long lists (templates/pages/pager.html, on admin pages)
login-pager-label = Pages
login-pager-previous = Previous page
login-pager-next = Next page
login-pager-position = Page { $page } of { $pages }

## The passkey script on the sign-in pages (static/passkeys.js)
login-passkey-failed = The passkey could not be started: reload the page and try again.
# When the browser's passkey dialog was closed.
login-passkey-cancelled = No passkey was used. Try again, or use another way.
