# Die eigenen Seiten angemeldeter Nutzer: /account, Einrichtung einer
# Authenticator-App und die einmalig angezeigten Wiederherstellungscodes.

## /account (templates/pages/account.html)
# Titel und Überschrift der Seite.
account-title = Ihr Konto
# Statt eines Passwortfelds für Nutzer ohne Passwort (Anmeldung über einen
# Anbieter). $link ist ein Link mit dem Text von account-fresh-hint-link.
account-fresh-hint = Da Sie hier kein Passwort haben, gilt Ihre Anmeldung als Bestätigung, wenn sie weniger als fünf Minuten zurückliegt; andernfalls müssen Sie sich zuerst { $link }.
account-fresh-hint-link = erneut anmelden

## Hinweise oben auf /account nach dem Absenden eines Formulars
account-notice-profile = Ihr Name wurde gespeichert.
account-notice-password = Ihr Passwort wurde geändert. Ihre anderen Sitzungen wurden abgemeldet.
account-notice-verification = Wir haben Ihnen eine neue Bestätigungs-E-Mail gesendet.
account-notice-session = Die Sitzung wurde abgemeldet.
account-notice-app = Die App wurde getrennt und abgemeldet.
account-notice-totp-removed = Die Authenticator-App wurde entfernt.
account-notice-passkey-added = Ihr Passkey wurde hinzugefügt.
account-notice-passkey-removed = Der Passkey wurde entfernt.
account-notice-connected = Der Anbieter wurde verknüpft: Sie können sich jetzt damit anmelden.
account-notice-disconnected = Die Verknüpfung mit dem Anbieter wurde aufgehoben.

## Profil
account-profile-heading = Profil
account-email = E-Mail
# Ein Badge neben der E-Mail-Adresse.
account-email-verified = bestätigt
# Ein Badge neben der E-Mail-Adresse.
account-email-not-verified = nicht bestätigt
# Danach folgt das Erstellungsdatum des Kontos.
account-member-since = Mitglied seit
account-resend-verification = Bestätigungs-E-Mail erneut senden
# Die Bezeichnung des Anzeigenamens.
account-field-name = Name
account-save-name = Name speichern

## Passwort
account-password-heading = Passwort ändern
# $link ist ein Link mit dem Text von account-no-password-link, zu der Seite,
# die einen Link zum Festlegen eines Passworts per E-Mail sendet.
account-no-password = Sie melden sich über einen Anbieter an und haben hier kein Passwort. Um eines festzulegen, { $link }.
account-no-password-link = fordern Sie einen Link per E-Mail an
account-field-current-password = Aktuelles Passwort
account-field-new-password = Neues Passwort
account-password-hint = Ihre anderen Sitzungen werden abgemeldet.
account-password-submit = Passwort ändern

## Sicherheit: Authenticator-App
account-security-heading = Sicherheit
account-totp-heading = Authenticator-App
# Ein Badge: Die Authenticator-App ist aktiviert.
account-totp-on = aktiv
account-totp-on-text = Bei der Anmeldung mit Passwort wird zusätzlich ein Code aus Ihrer App abgefragt.
account-field-totp-remove-password = Ihr Passwort, um die App zu entfernen
account-totp-remove = App entfernen
account-totp-off-text = Bei der Anmeldung mit Passwort zusätzlich einen Code aus einer App auf Ihrem Smartphone abfragen.
account-field-password = Ihr Passwort
account-totp-start = Authenticator-App einrichten

## Sicherheit: Wiederherstellungscodes
account-codes-heading = Wiederherstellungscodes
# $left Codes sind noch unbenutzt, von $total gleichzeitig erstellten.
account-codes-left = { $left ->
    [0] 0 von { $total } Wiederherstellungscodes übrig: Erstellen Sie neue für den Fall, dass Sie Ihr Smartphone oder Ihren Passkey verlieren.
    [one] 1 von { $total } Wiederherstellungscodes übrig.
   *[other] { $left } von { $total } Wiederherstellungscodes übrig.
}
account-codes-hint = Ihre bisherigen Codes werden ungültig.
account-codes-renew = Neue Codes erstellen
account-codes-none = Wiederherstellungscodes erhalten Sie mit Ihrem ersten zweiten Faktor.

## Sicherheit: Passkeys
account-passkeys-heading = Passkeys
account-passkeys-intro = Mit einem Passkey melden Sie sich per Fingerabdruck, Gesichtserkennung oder Geräte-PIN an, ganz ohne Passworteingabe.
# Ein Passkey der Liste: $name (fett) ist der Name, den sein Besitzer ihm
# gegeben hat, $added das Datum, an dem er hinzugefügt wurde.
account-passkey = { $name } · hinzugefügt am { $added }
# Dasselbe für einen bereits verwendeten Passkey: $used ist das Datum der letzten Verwendung.
account-passkey-used = { $name } · hinzugefügt am { $added } · zuletzt verwendet am { $used }
# Die Bezeichnung eines Buttons für Screenreader; $name ist der Name des Passkeys.
account-passkey-remove-label = Passkey { $name } entfernen
account-passkey-remove = Entfernen
account-field-passkey-name = Name des Passkeys (z. B. Laptop)
account-field-passkey-password = Ihr Passwort (direkt nach der Anmeldung nicht nötig)
account-passkey-add = Passkey hinzufügen
account-passkey-needs-script = Zum Hinzufügen eines Passkeys wird JavaScript benötigt.
# Vom Passkey-Skript, wenn die Antwort des Servers unbrauchbar ist.
account-passkey-failed = Der Passkey konnte nicht gestartet werden: Laden Sie die Seite neu und versuchen Sie es erneut.
# Vom Passkey-Skript, wenn der Passkey-Dialog des Browsers geschlossen wurde.
account-passkey-cancelled = Es wurde kein Passkey verwendet. Versuchen Sie es erneut oder wählen Sie einen anderen Weg.
# Vom Passkey-Skript, wenn das Passwort fehlt oder falsch ist.
account-passkey-password-needed = Geben Sie Ihr Passwort ein, um einen Passkey hinzuzufügen.

## Sitzungen
account-sessions-heading = Sitzungen
# Die Beschriftung einer Tabelle, für Screenreader.
account-sessions-caption = Wo Sie angemeldet sind
account-sessions-device = Gerät
# Die Netzwerkadresse (IP).
account-sessions-address = IP-Adresse
# Eine Spalte mit Datum und Uhrzeit: Beginn der Sitzung.
account-sessions-signed-in = Angemeldet
# Eine Spalte mit Buttons, für Screenreader.
account-sessions-action = Aktion
# Eine Sitzung, deren Browser sich nicht zu erkennen gab.
account-sessions-unknown-device = Unbekannt
# Ein Badge an der Sitzung des Browsers, der die Seite anzeigt.
account-sessions-this-browser = dieser Browser
# Die Bezeichnung eines Buttons für Screenreader; $time ist Datum und Uhrzeit.
account-session-end-label = Sitzung vom { $time } abmelden
account-session-end = Abmelden
account-sessions-end-all = Überall abmelden

## Verknüpfte Anmeldungen (andere Anbieter)
account-providers-heading = Verknüpfte Anmeldungen
account-providers-intro = Melden Sie sich mit Ihrem Konto bei einem anderen Anbieter an.
# Ein Badge neben dem Namen eines Anbieters.
account-provider-connected = verknüpft
# Statt der Adresse, die ein verknüpfter Anbieter übermittelt hat, wenn er keine übermittelt hat.
account-provider-no-email = verknüpft
# Die Bezeichnung eines Buttons für Screenreader; $provider ist der Name des Anbieters.
account-provider-disconnect-label = Verknüpfung mit { $provider } aufheben
account-provider-disconnect = Trennen
# Die Bezeichnung eines Links für Screenreader; $provider ist der Name des Anbieters.
account-provider-connect-label = { $provider } verknüpfen
account-provider-connect = Verknüpfen

## Verbundene Apps
account-apps-heading = Verbundene Apps
account-apps-none = Keine App hat Zugriff auf Ihr Konto.
# $app (fett) ist der Name der App, $scopes eine Liste von Scope-Codes
# (openid, email …), $since das Datum, an dem der Nutzer sie erlaubt hat.
account-app = { $app } darf sehen: { $scopes } (seit { $since })
# Die Bezeichnung eines Buttons für Screenreader; $app ist der Name der App.
account-app-disconnect-label = { $app } trennen
account-app-disconnect = Trennen

## Ihre Daten
account-data-heading = Ihre Daten
account-data-intro = Laden Sie alle Daten, die wir über Sie gespeichert haben, als JSON-Datei herunter.
account-data-download = Meine Daten herunterladen

## Konto löschen
account-delete-heading = Konto löschen
account-delete-intro = Damit werden Ihr Konto und Ihre personenbezogenen Daten gelöscht. Dies kann nicht rückgängig gemacht werden.
account-field-delete-password = Ihr Passwort zur Bestätigung
account-delete-submit = Mein Konto löschen

## Einmalig angezeigte Wiederherstellungscodes (templates/pages/account_codes.html)
# Titel und Überschrift der Seite.
account-codes-title = Ihre Wiederherstellungscodes
account-codes-intro =
    Falls Sie Ihr Smartphone oder Ihren Passkey verlieren, meldet Sie jeder dieser Codes einmal anstelle eines zweiten Faktors an.
    Bewahren Sie sie sicher auf, etwa in einem Passwort-Manager.
# Fett nach account-codes-intro angezeigt.
account-codes-once = Sie werden nur jetzt angezeigt.
account-codes-saved = Ich habe sie gespeichert

## Einrichtung einer Authenticator-App (templates/pages/account_totp.html)
# Titel und Überschrift der Seite.
account-totp-title = Authenticator-App einrichten
account-totp-scan = Öffnen Sie Ihre Authenticator-App (z. B. Google Authenticator, Microsoft Authenticator, 1Password oder Aegis) und scannen Sie diesen Code.
# Die Bezeichnung des QR-Codes, für Screenreader.
account-totp-qr-label = QR-Code für Ihre Authenticator-App
# Danach folgt der geheime Schlüssel.
account-totp-type-key = Scannen nicht möglich? Geben Sie stattdessen diesen Schlüssel ein:
account-totp-type-code = Geben Sie den sechsstelligen Code ein, den die App jetzt anzeigt.
account-field-totp-code = Code aus der App
account-totp-confirm = Aktivieren
account-totp-cancel = Abbrechen
# Neben dem Codefeld, wenn der eingegebene Code nicht passt.
totp-code-wrong = Der Code ist falsch oder abgelaufen: Geben Sie den Code ein, den die App jetzt anzeigt.

## Die Sprache der Seiten und E-Mails des Nutzers (Profilabschnitt)
account-field-language = Sprache
# Die Auswahl, die keine Sprache speichert: die des Browsers, sonst die Standardsprache.
account-language-automatic = Automatisch (Sprache Ihres Browsers)
account-language-hint = Die Seiten und unsere E-Mails an Sie verwenden diese Sprache.
account-save-language = Sprache speichern
account-notice-language = Ihre Sprache wurde gespeichert.
