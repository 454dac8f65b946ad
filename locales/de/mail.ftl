# E-Mails (templates/mail/). Jede E-Mail hat einen HTML- und einen Textteil;
# sie teilen sich die Nachrichten, wo sie dasselbe sagen. `$product` ist der
# Name des Dienstes, `$email` die Adresse des Empfängers.
# Betreffzeilen sind einzeilig: Zeilenumbrüche darin werden zu Leerzeichen.

## Von jeder E-Mail genutzt
mail-hello = Guten Tag,
# Der Absatz vor dem vollständigen Link im HTML-Teil (unter dem Button).
mail-paste-link = Oder fügen Sie diesen Link in Ihren Browser ein:
mail-if-you = Falls Sie das waren, müssen Sie nichts weiter tun.
# Das Kleingedruckte am Ende jeder HTML-E-Mail.
mail-footer = Diese Nachricht wurde von { $product } gesendet. Falls Sie sie nicht erwartet haben, können Sie sie ignorieren.

## Bestätigung einer E-Mail-Adresse (mail/verify)
mail-verify-subject = Bestätigen Sie Ihre E-Mail-Adresse für { $product }
# HTML-Teil; danach folgt ein Button mit dem Text von mail-verify-button.
mail-verify-confirm = Bitte bestätigen Sie, dass { $email } Ihre E-Mail-Adresse für { $product } ist.
mail-verify-button = E-Mail-Adresse bestätigen
# Textteil; der Link folgt in einer eigenen Zeile.
mail-verify-confirm-open = Bitte bestätigen Sie, dass { $email } Ihre E-Mail-Adresse für { $product } ist, indem Sie diesen Link öffnen:
# $duration ist die Gültigkeitsdauer des Links, z. B. „1 Tag“ oder „30 Minuten“.
mail-verify-expires = Der Link funktioniert nur einmal und ist { $duration } lang gültig.
# Nur im Textteil (der HTML-Teil hat mail-footer).
mail-verify-not-you = Falls Sie kein Konto bei { $product } erstellt haben, können Sie diese Nachricht ignorieren.

## Passwort zurücksetzen (mail/reset)
mail-reset-subject = Ihr Passwort für { $product } zurücksetzen
# HTML-Teil; danach folgt ein Button mit dem Text von mail-reset-button.
mail-reset-asked = Jemand (hoffentlich Sie) möchte das Passwort des Kontos { $email } bei { $product } zurücksetzen.
mail-reset-button = Neues Passwort festlegen
# Textteil; der Link folgt in einer eigenen Zeile.
mail-reset-asked-open = Jemand (hoffentlich Sie) möchte das Passwort des Kontos { $email } bei { $product } zurücksetzen. Öffnen Sie diesen Link, um ein neues Passwort festzulegen:
# $duration ist die Gültigkeitsdauer des Links, z. B. „1 Tag“ oder „30 Minuten“.
mail-reset-expires = Der Link funktioniert nur einmal und ist { $duration } lang gültig. Mit einem neuen Passwort werden Sie überall abgemeldet.
mail-reset-not-you = Falls Sie dies nicht angefordert haben, ignorieren Sie diese Nachricht: Ihr Passwort bleibt unverändert.

## Nach einer Passwortänderung (mail/password_changed)
mail-changed-subject = Ihr Passwort für { $product } wurde geändert
mail-changed-body = Das Passwort Ihres Kontos bei { $product } ({ $email }) wurde geändert. Ihre anderen Sitzungen wurden abgemeldet.
# HTML-Teil: $link ist ein Link zur Zurücksetzen-Seite mit dem Text von mail-changed-not-you-link.
mail-changed-not-you = Falls Sie das nicht waren, { $link }.
mail-changed-not-you-link = setzen Sie Ihr Passwort jetzt zurück
# Textteil; der Link zur Zurücksetzen-Seite folgt in einer eigenen Zeile.
mail-changed-not-you-open = Falls Sie das nicht waren, setzen Sie Ihr Passwort jetzt zurück:

## Nachdem ein zweiter Faktor oder eine Anmeldung hinzugefügt oder entfernt wurde (mail/factor_changed)
# Jede Änderung hat einen Betreff und den Satz, der sie im Text beschreibt.
mail-factor-totp-added-subject = Eine Authenticator-App wurde hinzugefügt ({ $product })
mail-factor-totp-added-body = Zu Ihrem Konto bei { $product } ({ $email }) wurde eine Authenticator-App als zweiter Faktor hinzugefügt.
mail-factor-totp-removed-subject = Eine Authenticator-App wurde entfernt ({ $product })
mail-factor-totp-removed-body = Die Authenticator-App wurde aus den zweiten Faktoren Ihres Kontos bei { $product } ({ $email }) entfernt.
# Wiederherstellungscodes: Einmalcodes, die den zweiten Faktor ersetzen.
mail-factor-codes-renewed-subject = Neue Wiederherstellungscodes wurden erstellt ({ $product })
mail-factor-codes-renewed-body = Für Ihr Konto bei { $product } ({ $email }) wurden neue Wiederherstellungscodes erstellt: Die bisherigen sind nicht mehr gültig.
mail-factor-passkey-added-subject = Ein Passkey wurde hinzugefügt ({ $product })
mail-factor-passkey-added-body = Zu Ihrem Konto bei { $product } ({ $email }) wurde ein Passkey hinzugefügt: Damit können Sie sich anmelden oder eine Anmeldung mit Passwort bestätigen.
mail-factor-passkey-removed-subject = Ein Passkey wurde entfernt ({ $product })
mail-factor-passkey-removed-body = Aus Ihrem Konto bei { $product } ({ $email }) wurde ein Passkey entfernt.
# Anmeldung über einen anderen Anbieter, z. B. Google oder GitHub.
mail-factor-sign-in-connected-subject = Eine Anmeldung wurde mit Ihrem Konto verknüpft ({ $product })
mail-factor-sign-in-connected-body = Eine Anmeldung über einen anderen Anbieter (z. B. Google oder GitHub) wurde mit Ihrem Konto bei { $product } ({ $email }) verknüpft: Sie können sich jetzt darüber anmelden.
mail-factor-sign-in-disconnected-subject = Eine Anmeldung wurde von Ihrem Konto getrennt ({ $product })
mail-factor-sign-in-disconnected-body = Eine Anmeldung über einen anderen Anbieter wurde von Ihrem Konto bei { $product } ({ $email }) getrennt.
mail-factor-reset-subject = Ihre zweiten Faktoren wurden zurückgesetzt ({ $product })
mail-factor-reset-body = Ein Administrator hat alle zweiten Faktoren Ihres Kontos bei { $product } ({ $email }) entfernt und alle Sitzungen abgemeldet.
# HTML-Teil: $link ist ein Link zur Zurücksetzen-Seite mit dem Text von mail-factor-not-you-link.
mail-factor-not-you = Falls Sie das nicht waren, kennt möglicherweise jemand Ihr Passwort: { $link } und prüfen Sie dann die Sicherheitseinstellungen Ihres Kontos.
mail-factor-not-you-link = Setzen Sie es jetzt zurück
# Textteil; der Link zur Zurücksetzen-Seite folgt in einer eigenen Zeile.
mail-factor-not-you-open = Falls Sie das nicht waren, kennt möglicherweise jemand Ihr Passwort: Setzen Sie es jetzt zurück und prüfen Sie dann die Sicherheitseinstellungen Ihres Kontos:
