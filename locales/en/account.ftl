# The signed-in user's own pages: /account, setting up an authenticator app
# and the recovery codes shown once.

## /account (templates/pages/account.html)
# The page's title and heading.
account-title = Your account
# Shown instead of a password field to someone who has no password (they
# sign in through a provider). $link is a link saying account-fresh-hint-link.
account-fresh-hint = With no password here, your sign-in confirms this if it is less than five minutes old; if it is older, { $link } first.
account-fresh-hint-link = sign in again

## Notices at the top of /account after a form was sent
account-notice-profile = Your name was saved.
account-notice-password = Your password was changed. Your other sessions were signed out.
account-notice-verification = We sent you a new confirmation email.
account-notice-session = That session was signed out.
account-notice-app = That app was disconnected and signed out.
account-notice-totp-removed = The authenticator app was removed.
account-notice-passkey-added = Your passkey was added.
account-notice-passkey-removed = That passkey was removed.
account-notice-connected = The provider was connected: you can sign in with it now.
account-notice-disconnected = The provider was disconnected.

## Profile
account-profile-heading = Profile
account-email = Email
# A badge beside the email address.
account-email-verified = verified
# A badge beside the email address.
account-email-not-verified = not verified
# Followed by the date the account was made.
account-member-since = Member since
account-resend-verification = Send the confirmation email again
# The label of the user's display name.
account-field-name = Name
account-save-name = Save name

## Password
account-password-heading = Change password
# $link is a link saying account-no-password-link, to the page that emails
# a link to set a password.
account-no-password = You sign in through a provider and have no password here. To set one, { $link }.
account-no-password-link = ask for a link by email
account-field-current-password = Current password
account-field-new-password = New password
account-password-hint = Your other sessions will be signed out.
account-password-submit = Change password

## Security: authenticator app
account-security-heading = Security
account-totp-heading = Authenticator app
# A badge: the authenticator app is turned on.
account-totp-on = on
account-totp-on-text = Signing in with your password also asks for a code from your app.
account-field-totp-remove-password = Your password, to remove the app
account-totp-remove = Remove the app
account-totp-off-text = Ask for a code from an app on your phone when you sign in with your password.
account-field-password = Your password
account-totp-start = Set up an authenticator app

## Security: recovery codes
account-codes-heading = Recovery codes
# $left codes are still unused, of the $total made at a time.
account-codes-left = { $left ->
    [0] 0 of { $total } recovery codes left: make a set, in case you lose your phone or passkey.
    [one] 1 of { $total } recovery codes left.
   *[other] { $left } of { $total } recovery codes left.
}
account-codes-hint = Your old codes stop working.
account-codes-renew = Make new recovery codes
account-codes-none = Recovery codes come with your first second factor.

## Security: passkeys
account-passkeys-heading = Passkeys
account-passkeys-intro = A passkey signs you in with your fingerprint, face or device PIN, with no password to type.
# One passkey of the list: $name (shown in bold) is the name its owner gave
# it, $added the date it was added.
account-passkey = { $name } · added { $added }
# The same for a passkey used already: $used is the date it was last used.
account-passkey-used = { $name } · added { $added } · last used { $used }
# A button's label for screen readers; $name is the passkey's name.
account-passkey-remove-label = Remove the passkey { $name }
account-passkey-remove = Remove
account-field-passkey-name = Name of the passkey (such as Laptop)
account-field-passkey-password = Your password (not needed just after signing in)
account-passkey-add = Add a passkey
account-passkey-needs-script = Adding a passkey needs JavaScript.
# Said by the passkey script when the server's answer is unusable.
account-passkey-failed = The passkey could not be started: reload the page and try again.
# Said by the passkey script when the browser's passkey dialog was closed.
account-passkey-cancelled = No passkey was used. Try again, or use another way.
# Said by the passkey script when the password is missing or wrong.
account-passkey-password-needed = Type your password to add a passkey.

## Sessions
account-sessions-heading = Sessions
# A table's caption, for screen readers.
account-sessions-caption = Where you are signed in
account-sessions-device = Device
# The network (IP) address.
account-sessions-address = Address
# A column of dates and times: when the session began.
account-sessions-signed-in = Signed in
# A column of buttons, for screen readers.
account-sessions-action = Action
# A session whose browser did not say what it is.
account-sessions-unknown-device = Unknown
# A badge on the session of the browser showing the page.
account-sessions-this-browser = this browser
# A button's label for screen readers; $time is a date and time.
account-session-end-label = Sign out the session from { $time }
account-session-end = Sign out
account-sessions-end-all = Sign out everywhere

## Connected sign-ins (other providers)
account-providers-heading = Connected sign-ins
account-providers-intro = Sign in with your account at another provider.
# A badge beside a provider's name.
account-provider-connected = connected
# Shown in place of the address a connected provider gave, when it gave none.
account-provider-no-email = connected
# A button's label for screen readers; $provider is the provider's name.
account-provider-disconnect-label = Disconnect { $provider }
account-provider-disconnect = Disconnect
# A link's label for screen readers; $provider is the provider's name.
account-provider-connect-label = Connect { $provider }
account-provider-connect = Connect

## Connected apps
account-apps-heading = Connected apps
account-apps-none = No app has access to your account.
# $app (shown in bold) is the app's name, $scopes a list of scope codes
# (openid, email…), $since the date the user allowed them.
account-app = { $app } may see: { $scopes } (since { $since })
# A button's label for screen readers; $app is the app's name.
account-app-disconnect-label = Disconnect { $app }
account-app-disconnect = Disconnect

## Your data
account-data-heading = Your data
account-data-intro = Download everything we hold about you, as a JSON file.
account-data-download = Download my data

## Delete account
account-delete-heading = Delete account
account-delete-intro = This erases your account and your personal data. It cannot be undone.
account-field-delete-password = Your password, to confirm
account-delete-submit = Delete my account

## Recovery codes shown once (templates/pages/account_codes.html)
# The page's title and heading.
account-codes-title = Your recovery codes
account-codes-intro =
    If you lose your phone or passkey, each of these codes signs you in once in place of a second factor.
    Keep them somewhere safe, such as a password manager.
# Shown in bold after account-codes-intro.
account-codes-once = They are shown only now.
account-codes-saved = I have saved them

## Setting up an authenticator app (templates/pages/account_totp.html)
# The page's title and heading.
account-totp-title = Set up an authenticator app
account-totp-scan = Open your authenticator app (such as Google Authenticator, Microsoft Authenticator, 1Password or Aegis) and scan this code.
# The QR code's label, for screen readers.
account-totp-qr-label = QR code for your authenticator app
# Followed by the secret key.
account-totp-type-key = Can't scan it? Type this key instead:
account-totp-type-code = Type the six-digit code the app now shows.
account-field-totp-code = Code from the app
account-totp-confirm = Turn on
account-totp-cancel = Cancel
# Beside the code field when the code typed does not match.
totp-code-wrong = That code is wrong or too old: type the one the app shows now.

## The language of the user's pages and emails (profile section)
account-field-language = Language
# The choice that stores no language: the browser's, else the default.
account-language-automatic = Automatic (your browser's language)
account-language-hint = Pages and the emails we send you use this language.
account-save-language = Save language
account-notice-language = Your language was saved.
