# Anmeldung, Registrierung, Passwort zurücksetzen, E-Mail-Bestätigung, zweiter
# Faktor bei der Anmeldung, Einwilligung, Geräte- und Abmeldeseiten.

## Gemeinsame Feldbezeichnungen
field-label-email = E-Mail
field-label-password = Passwort

## /login (templates/pages/login.html)
login-title = Anmelden
login-submit = Anmelden
login-or = oder
login-passkey = Mit Passkey anmelden
login-with-provider = Mit { $provider } anmelden
login-forgot = Passwort vergessen?
# $link ist ein Link mit dem Text von login-no-account-link.
login-no-account = Noch kein Konto? { $link }.
login-no-account-link = Jetzt registrieren

## Wörter, die mehrere Anmeldeseiten teilen
login-continue = Weiter
login-label-code = Code
login-allow = Zulassen
login-deny = Ablehnen
# Ein Link oder Button zurück zu /login.
login-link-sign-in = Anmelden
login-back-to-sign-in = Zurück zur Anmeldung
login-link-account = Zu Ihrem Konto
# Die Überschrift, nachdem eine E-Mail mit Link versendet wurde.
login-check-email-title = Prüfen Sie Ihre E-Mails
# $provider ist der Name eines Anmeldeanbieters („GitLab“).
login-continue-with-provider = Weiter mit { $provider }

## Hinweise oben auf /login nach einer Weiterleitung
login-notice-signed-out = Sie sind abgemeldet.
login-notice-password-reset = Ihr Passwort wurde geändert. Melden Sie sich mit dem neuen Passwort an.
login-notice-deleted = Ihr Konto und Ihre Daten wurden gelöscht.
# „Verknüpfte Anmeldungen“ ist die Überschrift dieses Abschnitts der Kontoseite.
login-notice-connect = Melden Sie sich mit Ihrem Passwort an und verknüpfen Sie den Anbieter dann auf Ihrer Kontoseite unter „Verknüpfte Anmeldungen“.

## /register (templates/pages/register.html)
login-register-title = Konto erstellen
login-label-name-optional = Name (optional)
# $min und $max sind Zeichenanzahlen.
login-register-password-hint = { $min } bis { $max } Zeichen. Einige Wörter ohne Zusammenhang ergeben ein starkes Passwort.
login-register-submit = Konto erstellen
# $link ist ein Link mit dem Text von login-have-account-link.
login-have-account = Sie haben bereits ein Konto? { $link }.
login-have-account-link = Anmelden
# $email ist die Adresse, mit der das Konto erstellt wurde.
login-register-done = Ihr Konto { $email } ist eingerichtet. Wir haben Ihnen eine E-Mail mit einem Link zur Bestätigung Ihrer Adresse gesendet.

## /forgot-password (templates/pages/forgot.html)
login-forgot-title = Passwort vergessen?
login-forgot-intro = Geben Sie Ihre E-Mail-Adresse ein. Wir senden Ihnen einen Link, mit dem Sie ein neues Passwort festlegen können.
login-forgot-submit = Link senden
login-forgot-sent = Falls zu dieser Adresse ein Konto besteht, haben wir einen Link zum Festlegen eines neuen Passworts dorthin gesendet. Der Link ist nur einmal und nur für begrenzte Zeit gültig.

## /reset-password (templates/pages/reset.html)
login-reset-title = Neues Passwort festlegen
login-label-new-password = Neues Passwort
# $min und $max sind Zeichenanzahlen.
login-reset-password-hint = { $min } bis { $max } Zeichen. Sie müssen sich danach überall neu anmelden.
login-reset-submit = Passwort speichern
login-link-new-reset = Neuen Link anfordern

## /verify-email (templates/pages/verify.html)
login-verify-title = E-Mail-Adresse bestätigen
login-verify-intro = Bestätigen Sie mit dem Button, dass diese Adresse Ihnen gehört.
login-verify-submit = E-Mail-Adresse bestätigen
login-verified-title = E-Mail bestätigt
login-verified = Vielen Dank: Ihre E-Mail-Adresse ist bestätigt.

## Der zweite Schritt der Anmeldung (templates/pages/login_mfa.html)
login-mfa-title = Zweiter Schritt
login-mfa-totp = Geben Sie den sechsstelligen Code aus Ihrer Authenticator-App ein.
login-mfa-totp-or-code = Geben Sie den sechsstelligen Code aus Ihrer Authenticator-App oder einen Ihrer Wiederherstellungscodes ein.
login-mfa-passkey = Schließen Sie die Anmeldung mit Ihrem Passkey ab.
login-mfa-passkey-or-code = Schließen Sie die Anmeldung mit Ihrem Passkey ab oder geben Sie einen Ihrer Wiederherstellungscodes ein.
login-mfa-code = Geben Sie einen Ihrer Wiederherstellungscodes ein.
login-mfa-use-passkey = Passkey verwenden
login-mfa-needs-javascript = Für Ihren Passkey muss JavaScript in diesem Browser aktiviert sein.
login-start-over = Neu beginnen

## Anmeldung über einen anderen Anbieter, wenn sie abbricht
login-federated-retry = Erneut versuchen
login-federated-use-password = Mit Passwort anmelden
login-federated-unavailable-title = Anmeldedienst nicht erreichbar
login-federated-unavailable = Der Anmeldeanbieter war nicht erreichbar oder die Anmeldung konnte nicht abgeschlossen werden. Versuchen Sie es gleich noch einmal oder melden Sie sich auf anderem Weg an.

## Einwilligung für eine Anwendung (templates/pages/consent.html)
# Der Titel des Browser-Tabs.
login-consent-title = Zugriff erlauben
# $client ist der Name der Anwendung.
login-consent-heading = { $client } zulassen?
# $client ist der Name der Anwendung (fett); danach folgt eine Liste dessen, was sie sehen darf.
login-consent-asks-and-see = { $client } möchte Sie anmelden und Folgendes sehen:
# $client ist der Name der Anwendung (fett).
login-consent-asks = { $client } möchte Sie anmelden.
# „Verbundene Apps“ ist die Überschrift dieses Abschnitts der Kontoseite.
login-consent-withdraw = Sie können dies jederzeit auf Ihrer Kontoseite unter „Verbundene Apps“ widerrufen.
# Was eine Anwendung je angefragtem Scope sehen darf (in der Liste nach login-consent-asks-and-see).
login-scope-profile = Ihren Namen
login-scope-email = Ihre E-Mail-Adresse
login-scope-offline-access = Zugriff in Ihrer Abwesenheit (die App bleibt angemeldet)
login-scope-roles = Ihre Rollen
# Eine Autorisierungsanfrage, die nicht sicher beantwortet werden kann.
login-refused-title = Anmeldung nicht möglich
login-refused-heading = Anmeldung bei dieser Anwendung nicht möglich
login-refused-unregistered = Diese Anwendung ist auf diesem Server nicht registriert.
login-refused-redirect-uri = Die Rücksprungadresse ist für diese Anwendung nicht registriert.

## /device (templates/pages/device.html)
login-device-title = Gerät verbinden
login-device-intro = Geben Sie den Code ein, den Ihr Gerät anzeigt.
device-code-unknown = Dieser Code ist ungültig, wurde bereits verwendet oder ist abgelaufen. Sehen Sie auf dem Gerät nach dem aktuellen Code.
# $client ist der Name der Anwendung.
login-device-heading = { $client } auf Ihrem Gerät zulassen?
# $code ist der Code, den das Gerät anzeigt (fett).
login-device-asks = Das Gerät mit dem Code { $code } möchte sich in Ihrem Namen anmelden.
# $code ist der Code, den das Gerät anzeigt (fett); $scopes zählt Scope-Codes auf („profile, email“).
login-device-asks-and-see = Das Gerät mit dem Code { $code } möchte sich in Ihrem Namen anmelden und Folgendes sehen: { $scopes }.
login-device-only-yours = Erlauben Sie dies nur, wenn Sie den Vorgang selbst auf Ihrem eigenen Gerät gestartet haben.
login-device-connected-title = Gerät verbunden
login-device-connected = Sie können zu Ihrem Gerät zurückkehren: Es ist angemeldet.
login-device-refused-title = Gerät nicht verbunden
login-device-refused = Das Gerät wurde nicht zugelassen. Sie können diese Seite schließen.

## Abmeldung auf Anfrage einer Anwendung (templates/pages/logout.html)
# Der Titel des Browser-Tabs.
login-logout-title = Abmelden
login-logout-heading = Abmelden?
login-logout-asked = Eine Anwendung möchte Sie von { $product } abmelden.
login-logout-submit = Abmelden
login-logout-stay = Angemeldet bleiben
login-logout-refused-title = Abmeldung nicht möglich
login-logout-refused-heading = Abmeldung von dieser Anwendung nicht möglich
login-logout-refused-two-apps = Die Abmeldeanfrage nennt zwei verschiedene Anwendungen.
login-logout-refused-redirect-uri = Die Rücksprungadresse nach der Abmeldung ist für diese Anwendung nicht registriert.
login-signed-out-title = Abgemeldet
login-signed-out-heading = Sie sind abgemeldet
login-signed-out-close = Sie können dieses Fenster schließen.
login-link-sign-in-again = Erneut anmelden

## Seitenzahlen unter langen Listen (templates/pages/pager.html, auf Verwaltungsseiten)
login-pager-label = Seiten
login-pager-previous = Vorherige Seite
login-pager-next = Nächste Seite
login-pager-position = Seite { $page } von { $pages }

## Das Passkey-Skript der Anmeldeseiten (static/passkeys.js)
login-passkey-failed = Der Passkey konnte nicht gestartet werden: Laden Sie die Seite neu und versuchen Sie es erneut.
# Wenn der Passkey-Dialog des Browsers geschlossen wurde.
login-passkey-cancelled = Es wurde kein Passkey verwendet. Versuchen Sie es erneut oder wählen Sie einen anderen Weg.
