# Die Fehlerseiten: Jede Nachricht ist der Satz unter der Überschrift, ihr
# .title die Überschrift (und der Titel des Browser-Tabs). Problem-Codes,
# Pfade, Medientypen und Header-Namen bleiben unverändert.

## Anmeldung über einen anderen Anbieter
error-state-mismatch = Diese Anmeldung wurde nicht in diesem Browser gestartet, oder ihr Link wurde verändert. Beginnen Sie von vorn.
    .title = Anmeldung konnte nicht abgeschlossen werden
error-flow-expired = Die Anmeldung wurde nicht rechtzeitig abgeschlossen. Beginnen Sie von vorn.
    .title = Anmeldung hat zu lange gedauert
error-access-denied = Die Anmeldung wurde beim Anbieter abgebrochen oder von ihm nicht zugelassen. Sie können es erneut versuchen oder sich auf anderem Weg anmelden.
    .title = Anmeldung abgebrochen
error-link-with-password = Es gibt bereits ein Konto mit dieser E-Mail-Adresse. Melden Sie sich mit Ihrem Passwort an und verknüpfen Sie diesen Anbieter dann auf Ihrer Kontoseite.
    .title = Erst mit Passwort anmelden
error-federation-signup-closed = Für diese Identität gibt es kein Konto, und dieser Anbieter kann keines erstellen. Registrieren Sie sich zuerst oder melden Sie sich auf anderem Weg an.
    .title = Noch kein Konto
error-email-missing = Der Anbieter hat keine bestätigte E-Mail-Adresse übermittelt, die für ein Konto aber nötig ist. Erlauben Sie dies beim Anbieter oder registrieren Sie sich mit Ihrer E-Mail-Adresse.
    .title = Keine E-Mail-Adresse
error-identity-taken = Diese Identität ist hier bereits mit einem anderen Konto verknüpft.
    .title = Mit anderem Konto verknüpft
error-identity-exists = Ihr Konto ist bereits mit einer anderen Identität bei diesem Anbieter verknüpft: Heben Sie diese Verknüpfung zuerst auf.
    .title = Bereits verknüpft
# code_verifier ist ein Parametername: unverändert lassen.
error-invalid-login-code = Der Anmeldecode ist ungültig, bereits verwendet oder abgelaufen, oder der code_verifier passt nicht dazu.
    .title = Ungültiger Anmeldecode

## Ablehnungen und Fehler aller Seiten
error-validation-failed = Mindestens ein Feld ist ungültig.
    .title = Validierung fehlgeschlagen
error-invalid-credentials = E-Mail-Adresse oder Passwort ist falsch.
    .title = Ungültige Anmeldedaten
error-invalid-token = Das Token ist ungültig oder wurde widerrufen: Melden Sie sich erneut an.
    .title = Nicht autorisiert
error-token-expired = Das Zugriffstoken ist abgelaufen: Holen Sie mit dem Refresh-Token ein neues.
    .title = Token abgelaufen
error-account-disabled = Dieses Konto wurde deaktiviert.
    .title = Konto deaktiviert
error-email-not-verified = Bestätigen Sie Ihre E-Mail-Adresse, bevor Sie sich anmelden.
    .title = E-Mail nicht bestätigt
error-forbidden = Dafür fehlt Ihnen die Berechtigung.
    .title = Zugriff verweigert
error-not-found = Diese Ressource gibt es nicht.
    .title = Nicht gefunden
error-email-taken = Es gibt bereits ein Konto mit dieser E-Mail-Adresse.
    .title = E-Mail bereits vergeben
error-invalid-one-time-token = Dieser Link ist ungültig, bereits verwendet oder abgelaufen. Fordern Sie einen neuen an.
    .title = Ungültiger Link
error-reauth-failed = Das aktuelle Passwort ist falsch.
    .title = Bestätigung fehlgeschlagen
error-last-admin = Mindestens ein aktiver Admin muss bestehen bleiben.
    .title = Letzter Admin
error-role-exists = Eine Rolle mit diesem Namen gibt es bereits.
    .title = Rolle existiert bereits
error-builtin-role = Integrierte Rollen können nicht geändert oder gelöscht werden.
    .title = Integrierte Rolle
error-invalid-client = Der Client ist unbekannt oder hat sich nicht authentifiziert.
    .title = Ungültiger Client
# Eine OAuth-Anfrage einer Anwendung wurde abgelehnt (der Grund wird nur der
# Anwendung mitgeteilt).
error-invalid-request = Die Anwendung hat eine Anfrage gesendet, die nicht ausgeführt werden kann. Kehren Sie zur Anwendung zurück und beginnen Sie von vorn.
    .title = Ungültige Anfrage
# palisade ist die ID des Clients: unverändert lassen.
error-builtin-client = Der integrierte Client palisade kann nicht geändert oder gelöscht werden.
    .title = Integrierter Client
error-already-enrolled = Es ist bereits eine Authenticator-App eingerichtet: Entfernen Sie sie zuerst.
    .title = Bereits eingerichtet
error-invalid-code = Der Code ist falsch oder abgelaufen: Geben Sie den Code ein, den die App jetzt anzeigt.
    .title = Ungültiger Code
error-wrong-code = Der Code ist falsch, bereits verwendet oder abgelaufen.
    .title = Ungültiger Code
error-upstream-refused = Die Antwort des Identitätsanbieters konnte nicht überprüft werden: Beginnen Sie von vorn.
    .title = Anmeldung abgelehnt
error-last-login-method = Dies ist Ihre einzige Anmeldemethode: Legen Sie zuerst ein Passwort fest oder fügen Sie einen Passkey hinzu.
    .title = Letzte Anmeldemethode
error-signup-closed = Hier können keine neuen Konten erstellt werden: Bitten Sie einen Administrator um eine Einladung.
    .title = Registrierung deaktiviert
error-tenant-exists = Ein Mandant mit diesem Kürzel existiert bereits.
    .title = Mandant existiert bereits
error-host-taken = Einer dieser Hosts wird bereits von einem anderen Mandanten genutzt.
    .title = Host bereits vergeben
error-default-tenant = Der Standardmandant enthält die Verwaltung der Plattform und kann nicht gelöscht werden.
    .title = Standardmandant
error-provider-exists = Ein Identitätsanbieter mit diesem Kürzel ist bereits verknüpft.
    .title = Anbieter existiert bereits
# /v1/users/me/mfa ist ein API-Pfad: unverändert lassen.
error-mfa-enrollment-required = Ihre Rolle erfordert einen zweiten Faktor: Richten Sie zuerst einen unter /v1/users/me/mfa oder auf Ihrer Kontoseite ein.
    .title = Zweiter Faktor erforderlich
error-invalid-passkey = Der Passkey konnte nicht registriert werden: Beginnen Sie von vorn.
    .title = Ungültiger Passkey
error-mfa-token-expired = Der zweite Schritt ist abgelaufen oder zu oft fehlgeschlagen: Melden Sie sich erneut an.
    .title = Anmeldung abgelaufen
error-mfa-required = Schließen Sie die Anmeldung mit einem zweiten Faktor ab.
    .title = Zweiter Faktor erforderlich
error-unverified-account = Die E-Mail-Adresse dieses Kontos ist nicht bestätigt.
    .title = Konto nicht bestätigt
error-rate-limited = Bitte warten Sie einen Moment und versuchen Sie es später erneut.
    .title = Zu viele Anfragen
error-busy = Es werden gerade zu viele Anfragen bearbeitet; versuchen Sie es gleich noch einmal.
    .title = Dienst ausgelastet
error-unavailable = Die Datenbank ist nicht erreichbar; versuchen Sie es in Kürze erneut.
    .title = Dienst nicht verfügbar
error-internal = Bei uns ist etwas schiefgelaufen. Geben Sie bei einer Meldung die Anfrage-ID an.
    .title = Interner Serverfehler

## Was an einer Anfrage selbst falsch sein kann
# Ein Formular oder eine Abfrage, die der Server nicht lesen konnte.
error-malformed-request = Die Anfrage konnte nicht gelesen werden.
    .title = Fehlerhafte Anfrage
# application/json ist ein Medientyp: unverändert lassen.
error-unsupported-media-type = Senden Sie den Body als application/json.
    .title = Nicht unterstützter Medientyp
error-payload-too-large = Der Body der Anfrage ist größer als 64 KiB.
    .title = Anfrage zu groß
# $header ist der zu sendende HTTP-Header (der Authorization-Header mit einem Bearer-Token).
error-missing-token = Dieser Endpunkt benötigt ein Zugriffstoken: { $header }.
    .title = Nicht autorisiert
error-method-not-allowed = Dieser Pfad unterstützt diese Methode nicht.
    .title = Methode nicht erlaubt
error-timeout = Die Anfrage hat zu lange gedauert.
    .title = Zeitüberschreitung

## Nur auf Seiten
# Eine Anfrage, die nichts erkannt hat (derzeit von keiner Seite angezeigt).
error-request-failed = Die Anfrage konnte nicht bearbeitet werden.
    .title = Anfrage fehlgeschlagen
# Ein Formular, das ohne das Token dieser Sitzung gesendet wurde (nach langer
# Pause oder von einer anderen Website).
error-form-expired = Dieses Formular ist abgelaufen oder wurde nicht von dieser Website gesendet. Gehen Sie zurück, laden Sie die Seite neu und versuchen Sie es erneut.
    .title = Formular abgelaufen
# Unter einem Serverfehler: $detail ist der Satz des Fehlers (eine andere
# error-*-Nachricht), $id die ID der Anfrage, die bei einer Meldung anzugeben ist.
error-request-id = { $detail } Anfrage-ID: { $id }.
