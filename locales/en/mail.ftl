# Emails (templates/mail/). Every email has an HTML part and a plain-text
# part; they share the messages where they say the same thing. `$product`
# is the name of the service, `$email` the recipient's address.
# Subjects are one line: line breaks in them become spaces.

## Shared by every email
mail-hello = Hello,
# The paragraph before the link in full, in the HTML part (under the button).
mail-paste-link = Or paste this link into your browser:
mail-if-you = If this was you, there is nothing more to do.
# The small print at the bottom of every HTML email.
mail-footer = This message was sent by { $product }. If you did not expect it, you can ignore it.

## Confirming an email address (mail/verify)
mail-verify-subject = Verify your email address for { $product }
# HTML part; a button saying mail-verify-button follows.
mail-verify-confirm = Please confirm that { $email } is your email address for { $product }.
mail-verify-button = Verify my email address
# Plain-text part; the link follows on its own line.
mail-verify-confirm-open = Please confirm that { $email } is your email address for { $product } by opening this link:
# $duration is how long the link lives, such as "1 day" or "30 minutes".
mail-verify-expires = The link works once and expires in { $duration }.
# Plain-text part only (the HTML part has mail-footer).
mail-verify-not-you = If you did not create a { $product } account, you can ignore this message.

## Password reset (mail/reset)
mail-reset-subject = Reset your { $product } password
# HTML part; a button saying mail-reset-button follows.
mail-reset-asked = Someone (hopefully you) asked to reset the password of the { $product } account for { $email }.
mail-reset-button = Choose a new password
# Plain-text part; the link follows on its own line.
mail-reset-asked-open = Someone (hopefully you) asked to reset the password of the { $product } account for { $email }. To choose a new password, open this link:
# $duration is how long the link lives, such as "1 day" or "30 minutes".
mail-reset-expires = The link works once and expires in { $duration }. Setting a new password signs you out everywhere.
mail-reset-not-you = If you did not ask for this, ignore this message: your password stays as it is.

## After a password change (mail/password_changed)
mail-changed-subject = Your { $product } password was changed
mail-changed-body = The password of your { $product } account ({ $email }) was changed. Your other sessions were signed out.
# HTML part: $link is a link to the reset page saying mail-changed-not-you-link.
mail-changed-not-you = If it was not you, { $link }.
mail-changed-not-you-link = reset your password now
# Plain-text part; the link to the reset page follows on its own line.
mail-changed-not-you-open = If it was not you, reset your password now:

## After a second factor or a sign-in was added or removed (mail/factor_changed)
# Each change has a subject and the sentence that tells it in the body.
mail-factor-totp-added-subject = An authenticator app was added ({ $product })
mail-factor-totp-added-body = An authenticator app was added as a second factor on your { $product } account ({ $email }).
mail-factor-totp-removed-subject = An authenticator app was removed ({ $product })
mail-factor-totp-removed-body = The authenticator app was removed from the second factors on your { $product } account ({ $email }).
# Recovery codes: one-time codes that stand in for the second factor.
mail-factor-codes-renewed-subject = New recovery codes were made ({ $product })
mail-factor-codes-renewed-body = New recovery codes were made for your { $product } account ({ $email }): the old ones no longer work.
mail-factor-passkey-added-subject = A passkey was added ({ $product })
mail-factor-passkey-added-body = A passkey was added to your { $product } account ({ $email }): it signs you in, or confirms a sign-in with your password.
mail-factor-passkey-removed-subject = A passkey was removed ({ $product })
mail-factor-passkey-removed-body = A passkey was removed from your { $product } account ({ $email }).
# Signing in through another provider, such as Google or GitHub.
mail-factor-sign-in-connected-subject = A sign-in was connected to your account ({ $product })
mail-factor-sign-in-connected-body = A sign-in through another provider (such as Google or GitHub) was connected to your { $product } account ({ $email }): it now signs you in.
mail-factor-sign-in-disconnected-subject = A sign-in was disconnected from your account ({ $product })
mail-factor-sign-in-disconnected-body = A sign-in through another provider was disconnected from your { $product } account ({ $email }).
mail-factor-reset-subject = Your second factors were reset ({ $product })
mail-factor-reset-body = An administrator removed every second factor and signed out every session on your { $product } account ({ $email }).
# HTML part: $link is a link to the reset page saying mail-factor-not-you-link.
mail-factor-not-you = If it was not you, someone may know your password: { $link }, then check the security settings of your account.
mail-factor-not-you-link = reset it now
# Plain-text part; the link to the reset page follows on its own line.
mail-factor-not-you-open = If it was not you, someone may know your password: reset it now, then check the security settings of your account:
