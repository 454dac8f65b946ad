# Die Verwaltungsseiten (templates/pages/admin_*.html und
# src/web/pages/admin/). Bezeichner werden unverändert angezeigt und stehen
# nie in diesen Nachrichten: Audit-Aktionen, Berechtigungsnamen, Grant-Typen,
# Scope-Codes, App- und Anbieterarten, Rollennamen und die Beschreibungen
# der integrierten Rollen.

## Von mehreren Verwaltungsseiten genutzt
# Kleine Badges neben einem Namen in einer Tabelle oder Überschrift.
admin-badge-built-in = integriert
admin-badge-active = aktiv
admin-badge-disabled = deaktiviert
admin-badge-verified = bestätigt
admin-badge-not-verified = nicht bestätigt
# Ein Anmeldeanbieter ist ein- oder ausgeschaltet.
admin-badge-on = an
admin-badge-off = aus
admin-delete = Löschen
admin-remove = Entfernen
admin-save = Speichern

## Die Tabs über jeder Verwaltungsseite (templates/pages/admin_nav.html)
# Der Name der Tab-Navigation, für Screenreader.
admin-nav = Verwaltung
admin-nav-users = Nutzer
admin-nav-roles = Rollen
admin-nav-clients = Apps
admin-nav-providers = Anbieter
admin-nav-tenants = Mandanten
admin-nav-audit = Audit-Log

## /admin/users (templates/pages/admin_users.html)
admin-users-title = Nutzer
admin-users-search-label = E-Mail oder Name enthält
admin-users-role = Rolle
# Die Auswahl des Rollenfilters, die nichts filtert.
admin-users-role-any = Alle
admin-users-search = Suchen
# Wie viele Nutzer die Suche gefunden hat (alle Seiten zusammen).
admin-users-count = { $count ->
    [one] 1 Nutzer
   *[other] { $count } Nutzer
}
# Für Screenreader: Inhalt und Reihenfolge der Tabelle.
admin-users-caption = Nutzer, neueste zuerst
admin-users-col-email = E-Mail
admin-users-col-name = Name
admin-users-col-roles = Rollen
admin-users-col-status = Status
admin-users-col-created = Erstellt

## /admin/users/{id} (templates/pages/admin_user.html); ihr Titel ist die
## E-Mail-Adresse des Nutzers.
admin-user-account = Konto
admin-user-id = ID
admin-user-name = Name
# Statt des Namens eines Nutzers, der keinen angegeben hat.
admin-user-no-name = –
admin-user-email = E-Mail
admin-user-status = Status
admin-user-created = Erstellt
admin-user-last-sign-in = Letzte Anmeldung
# Statt des Datums der letzten Anmeldung.
admin-user-never = nie
admin-user-audit-link = Audit-Ereignisse dieses Nutzers
admin-user-enable = Aktivieren
admin-user-disable = Deaktivieren
admin-user-verify = E-Mail als bestätigt markieren
admin-user-roles = Rollen
# Benennt den Entfernen-Button neben der Rolle $role für Screenreader.
admin-user-remove-role = Rolle { $role } entfernen
admin-user-add-role-label = Rolle hinzufügen
admin-user-add-role = Hinzufügen
admin-user-delete-heading = Nutzer löschen
admin-user-delete-text = Löscht das Konto und seine personenbezogenen Daten. Dies kann nicht rückgängig gemacht werden.
admin-user-delete-confirm = Ja, dieses Konto und seine Daten löschen
# Der Button, der den Nutzer mit der E-Mail-Adresse $email löscht.
admin-user-delete = { $email } löschen
# Hinweise nach einer Änderung.
admin-user-updated = Der Nutzer wurde aktualisiert.
admin-user-roles-changed = Die Rollen wurden geändert.
# Formularfehler.
admin-user-delete-unconfirmed = Setzen Sie das Häkchen, um das Löschen zu bestätigen.
admin-user-action-unknown = Wählen Sie Deaktivieren, Aktivieren oder Bestätigen.
admin-user-op-unknown = Wählen Sie Zuweisen oder Entziehen.

## /admin/roles (templates/pages/admin_roles.html)
admin-roles-title = Rollen
admin-roles-caption = Rollen und ihre Berechtigungen
admin-roles-col-role = Rolle
admin-roles-col-description = Beschreibung
admin-roles-col-permissions = Berechtigungen
# Überschrift der Button-Spalte, nur für Screenreader.
admin-roles-col-action = Aktion
# Benennt den Löschen-Button der Rolle $role für Screenreader.
admin-roles-delete-label = Rolle { $role } löschen
admin-roles-new = Neue Rolle
admin-roles-field-name = Name
admin-roles-field-description = Beschreibung
admin-roles-permissions = Berechtigungen
admin-roles-create = Rolle erstellen
admin-roles-created = Die Rolle wurde erstellt.
admin-roles-deleted = Die Rolle wurde gelöscht.

## /admin/audit (templates/pages/admin_audit.html)
admin-audit-title = Audit-Log
admin-audit-user-id = Nutzer-ID
admin-audit-user-id-invalid = Erwartet wird eine Nutzer-ID (UUID).
# Eine Audit-Aktion, z. B. login.failed.
admin-audit-action = Aktion
admin-audit-filter = Filtern
# Wie viele Ereignisse der Filter gefunden hat (alle Seiten zusammen).
admin-audit-count = { $count ->
    [one] 1 Ereignis
   *[other] { $count } Ereignisse
}
admin-audit-caption = Audit-Ereignisse, neueste zuerst
admin-audit-col-when = Zeit
admin-audit-col-actor = Akteur
admin-audit-col-target = Ziel
# Die IP-Adresse, von der das Ereignis kam.
admin-audit-col-address = IP-Adresse
admin-audit-col-details = Details

## /admin/clients: die OAuth-Clients, hier Apps genannt (templates/pages/admin_clients.html)
admin-clients-title = Apps
admin-clients-secret-heading = Client-Secret
# $client ist die Client-ID der App, als Code dargestellt.
admin-clients-secret-text = Das Secret von { $client } wird nur jetzt angezeigt: Hinterlegen Sie es in der Konfiguration der App.
admin-clients-caption = Apps, die Nutzer über diesen Server anmelden
admin-clients-col-app = App
admin-clients-col-client-id = Client-ID
admin-clients-type = Typ
admin-clients-col-redirect-uris = Redirect-URIs
admin-clients-col-grants = Grant-Typen
# Überschrift der Button-Spalte, nur für Screenreader.
admin-clients-col-actions = Aktionen
# Eine App, der der Server vertraut: Nutzer werden nicht um Einwilligung gebeten.
admin-badge-first-party = Erstanbieter
# Benennt den Button „Neues Secret“ der App $app für Screenreader.
admin-clients-new-secret-label = Neues Secret für { $app }
admin-clients-new-secret = Neues Secret
# Benennt den Löschen-Button der App $app für Screenreader.
admin-clients-delete-label = App { $app } löschen
admin-clients-new = App registrieren
admin-clients-field-name = Name
admin-clients-confidential = Vertraulich (ein Server, der ein Secret sicher aufbewahrt)
admin-clients-public = Öffentlich (eine Single-Page- oder native App)
admin-clients-redirect-uris = Redirect-URIs, eine pro Zeile
admin-clients-post-logout-uris = URIs nach der Abmeldung, eine pro Zeile (optional)
admin-clients-grants = Grant-Typen (ohne Auswahl: Authorization Code und Refresh Token)
admin-clients-first-party = Erstanbieter: vertrauenswürdig, Nutzer werden nicht um Einwilligung gebeten
admin-clients-register = Registrieren
admin-clients-created = Die App wurde registriert. Ihre ID steht in der Liste unten.
admin-clients-rotated = Ein neues Secret wurde erstellt; das alte gilt noch während der Übergangsfrist.
admin-clients-deleted = Die App wurde gelöscht und ihre Sitzungen wurden beendet.

## /admin/providers: wo man sich statt mit einem Passwort anmelden kann
## (templates/pages/admin_providers.html)
admin-providers-title = Anmeldeanbieter
admin-providers-none = Noch kein Anbieter: Die Anmeldung erfolgt per Passwort oder Passkey.
admin-providers-slug = Kürzel
# Die Adresse des Anbieters: sein Issuer oder sein Autorisierungs-Endpunkt.
admin-providers-at = Adresse
admin-providers-client-id = Client-ID
admin-providers-redirect-uri = Redirect-URI
# Was der Button des Anbieters auf der Anmeldeseite anzeigt.
admin-providers-button-text = Button-Text
admin-providers-enabled = An: auf der Anmeldeseite angezeigt
admin-providers-allow-signup = Erstellt Konten für neue Personen
admin-providers-link-by-email = Verknüpft mit einem bestehenden Konto mit derselben bestätigten E-Mail-Adresse
admin-providers-trust-mfa = Ein zweiter Faktor beim Anbieter ersetzt unseren
admin-providers-new-secret = Neues Client-Secret (leer lassen, um es beizubehalten)
# Benennt den Entfernen-Button des Anbieters $provider für Screenreader.
admin-providers-remove-label = { $provider } entfernen
admin-providers-new = Neuer Anbieter
# $uri ist die Redirect-URI mit dem Platzhalter {slug}, als Code dargestellt.
admin-providers-callback-hint = Registrieren Sie beim Anbieter { $uri } (mit Ihrem Kürzel) als Redirect-URI.
admin-providers-kind = Art
admin-providers-kind-oidc = OpenID Connect (Google, Microsoft, GitLab, Okta, Auth0, Keycloak …)
admin-providers-kind-github = GitHub
admin-providers-kind-oauth2 = Anderer OAuth-2-Anbieter (Endpunkte unten)
admin-providers-field-slug = Kürzel (in der URL: Buchstaben, Ziffern, Bindestriche)
admin-providers-field-issuer = Issuer-URL (OpenID Connect)
admin-providers-field-client-secret = Client-Secret
admin-providers-field-scopes = Scopes (optional, durch Leerzeichen getrennt)
admin-providers-field-authorization-endpoint = Autorisierungs-Endpunkt (anderer OAuth 2)
admin-providers-field-token-endpoint = Token-Endpunkt (anderer OAuth 2)
admin-providers-field-userinfo-endpoint = Nutzer-Endpunkt (anderer OAuth 2)
admin-providers-add = Anbieter hinzufügen
admin-providers-created = Der Anbieter wurde hinzugefügt. Registrieren Sie seine Redirect-URI beim Anbieter.
admin-providers-updated = Der Anbieter wurde geändert.
admin-providers-deleted = Der Anbieter und die darüber verknüpften Identitäten wurden entfernt.

## /admin/tenants (templates/pages/admin_tenants.html)
admin-tenants-title = Mandanten
admin-tenants-hint = Jeder Mandant soll eine abgeschottete Nutzerbasis sein. Leer gelassene Einstellungen übernehmen die des Servers.
admin-tenants-name = Name
admin-tenants-hosts = Hosts, einer pro Zeile
admin-tenants-settings = Einstellungen
admin-tenants-signup = Registrierung
# Die Auswahl, die eine Einstellung der Serverkonfiguration überlässt.
admin-tenants-as-server = wie Server
# Registrierung ist erlaubt oder geschlossen.
admin-tenants-signup-allowed = erlaubt
admin-tenants-signup-closed = geschlossen
admin-tenants-verified = E-Mail-Bestätigung vor Anmeldung
# Eine bestätigte E-Mail-Adresse ist erforderlich oder nicht.
admin-tenants-verified-required = erforderlich
admin-tenants-verified-not-required = nicht erforderlich
admin-tenants-default-language = Standardsprache
admin-tenants-product-name = Produktname
admin-tenants-password-min = Passwort-Mindestlänge
admin-tenants-email-domains = E-Mail-Domains, die sich registrieren dürfen, eine pro Zeile
admin-tenants-mfa-roles = Rollen, die einen zweiten Faktor benötigen
admin-tenants-access-ttl = Gültigkeit des Zugriffstokens (Sekunden)
admin-tenants-session-ttl = Gültigkeit der Sitzung (Sekunden)
# $slug ist das Kürzel des Mandanten, als Code dargestellt; es muss zum Löschen eingegeben werden.
admin-tenants-delete-confirm = Zum Löschen { $slug } eingeben
admin-tenants-hosts-read-only = Hosts
admin-tenants-new = Neuer Mandant
admin-tenants-field-slug = Kürzel (2 bis 63 Zeichen aus a-z, 0-9 und -)
admin-tenants-field-hosts = Hosts, einer pro Zeile (optional)
admin-tenants-field-admin-email = E-Mail des ersten Admins (optional: erhält einen Link zum Festlegen eines Passworts)
admin-tenants-create = Mandant erstellen
admin-tenants-created = Der Mandant wurde erstellt.
admin-tenants-updated = Der Mandant wurde geändert.
admin-tenants-deleted = Der Mandant wurde gelöscht.
