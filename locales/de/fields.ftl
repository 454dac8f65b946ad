# Was ein Formular neben einem abgelehnten Feld anzeigt. Die API sendet
# dieselben Sätze auf Englisch (problem+json errors[].message). Feldnamen,
# Codes, Scope- und Grant-Namen, URL-Schemata, Beispiel-Hostnamen und
# PALISADE_*-Variablen bleiben unverändert.

field-required = Dieses Feld ist erforderlich.

## E-Mail-Adresse, Passwort, Anzeigename (Registrierung, Konto)
field-email-required = Eine E-Mail-Adresse ist erforderlich.
field-email-too-long = { $max ->
    [one] Eine E-Mail-Adresse darf höchstens 1 Zeichen lang sein.
   *[other] Eine E-Mail-Adresse darf höchstens { $max } Zeichen lang sein.
}
field-email-invalid = An diese E-Mail-Adresse können wir nicht senden.
# Der Mandant akzeptiert nur bestimmte E-Mail-Domains.
field-email-domain-not-allowed = Mit Adressen dieser Domain kann hier kein Konto erstellt werden.
field-password-too-short = { $min ->
    [one] Ein Passwort muss mindestens 1 Zeichen lang sein.
   *[other] Ein Passwort muss mindestens { $min } Zeichen lang sein.
}
field-password-too-long = { $max ->
    [one] Ein Passwort darf höchstens 1 Zeichen lang sein.
   *[other] Ein Passwort darf höchstens { $max } Zeichen lang sein.
}
field-password-too-weak = Dieses Passwort ist zu leicht zu erraten: Verwenden Sie einen längeren Satz oder ungewöhnliche Wörter.
field-display-name-too-long = { $max ->
    [one] Ein Anzeigename darf höchstens 1 Zeichen lang sein.
   *[other] Ein Anzeigename darf höchstens { $max } Zeichen lang sein.
}
field-display-name-control = Ein Anzeigename darf keine Steuerzeichen enthalten.
# Ein zweiter Anmeldeschritt mit unbekannter Methode; totp und
# recovery_code sind Codes.
field-mfa-method = Verwenden Sie totp oder recovery_code.
# Eine Seitenzahl oder Seitengröße in der Adresse einer Liste.
field-whole-number = Erwartet wird eine ganze Zahl ab 1.
# Ein Wert der falschen Art (Text, wo eine Zahl stehen muss, …).
field-invalid-type = Dieser Wert hat den falschen Typ.

## OAuth-Clients (Verwaltung)
field-client-name-required = Ein Client braucht einen Namen.
field-client-name-too-long = Ein Name darf höchstens 100 Zeichen lang sein.
# „confidential“ und „public“ sind die Codes des Typs.
field-client-type-invalid = Entweder „confidential“ oder „public“.
field-client-type-immutable = Der Typ eines Clients kann nicht geändert werden: Registrieren Sie einen neuen Client.
field-client-public-no-secret = Ein öffentlicher Client hat kein Secret.
field-client-too-many-uris = Höchstens 20 URIs.
# $name ist der angegebene Grant-Typ, in Anführungszeichen; $known die
# bekannten, durch Kommas getrennt.
field-client-grant-unknown = Unbekannter Grant-Typ { $name }; bekannt: { $known }.
# $name ist der angegebene Scope, in Anführungszeichen; $known die bekannten,
# durch Kommas getrennt.
field-client-scope-unknown = Unbekannter Scope { $name }; bekannt: { $known }.
field-client-audience-too-long = Eine Audience darf höchstens 255 Zeichen lang sein.
# Die Gültigkeitsdauer der Zugriffstokens.
field-client-token-ttl = Zwischen 60 und 86400 Sekunden.
# authorization_code ist der Name des Grants.
field-client-code-needs-redirect = Der Grant authorization_code benötigt mindestens eine Redirect-URI.
# client_credentials ist der Name des Grants.
field-client-public-client-credentials = Ein öffentlicher Client kann client_credentials nicht verwenden: Er hat kein Secret.
field-client-password-first-party = Nur Erstanbieter-Clients dürfen den Password-Grant verwenden.
field-client-public-pkce = Öffentliche Clients verwenden immer PKCE.

## Redirect-URIs eines Clients
field-redirect-too-long = Eine Redirect-URI darf höchstens 2000 Zeichen lang sein.
field-redirect-wildcard = Redirect-URIs müssen exakt übereinstimmen: keine Platzhalter.
field-redirect-not-absolute = Keine absolute URI.
field-redirect-fragment = Eine Redirect-URI darf kein Fragment (#…) enthalten.
field-redirect-credentials = Eine Redirect-URI darf keinen Benutzernamen und kein Passwort enthalten.
field-redirect-http = http:// ist nur auf Loopback (127.0.0.1, [::1], localhost) erlaubt, sofern PALISADE_ALLOW_HTTP_REDIRECTS nicht gesetzt ist.
field-redirect-scheme = Verwenden Sie https://, http:// auf Loopback oder ein privates Schema wie com.example.app:/callback.

## Anmeldung einer App über einen Anbieter (redirect_uri, code_challenge, state)
field-app-redirect-unknown = Keine registrierte Erstanbieter-App hat diese Redirect-URI.
# base64url, SHA-256 und code_verifier sind Namen: unverändert lassen.
field-app-code-challenge = Senden Sie den base64url-kodierten SHA-256-Hash Ihres code_verifier (43 Zeichen).
field-app-state-too-long = Höchstens 512 Zeichen.

## Rollen (Verwaltung)
# Die Zeichen, die ein Rollenname enthalten darf: unverändert lassen.
field-role-name-invalid = 2 bis 64 Zeichen: a-z, 0-9, _ - . :, beginnend mit einem Buchstaben.
# $name ist die angegebene Berechtigung, in Anführungszeichen; $known die
# bekannten, durch Kommas getrennt.
field-role-permission-unknown = Unbekannte Berechtigung { $name }; bekannt: { $known }.
field-role-description-too-long = Eine Beschreibung darf höchstens 500 Zeichen lang sein.

## Mandanten (Verwaltung)
field-tenant-slug = 2 bis 63 Kleinbuchstaben, Ziffern und Bindestriche, beginnend mit einem Buchstaben oder einer Ziffer.
# Anzeigename oder Produktname eines Mandanten.
field-tenant-name = 1 bis 100 Zeichen, keine Steuerzeichen.
field-tenant-too-many-names = Zu viele Namen.
field-tenant-host-name = Geben Sie Hostnamen wie auth.example.com an (ohne Schema, ohne Port).
# $languages sind die Codes aller Sprachen außer der letzten („en, de, fr, es,
# ja“), $last die letzte („ar“).
field-tenant-locale = Verwenden Sie { $languages } oder { $last }.
# Das kürzeste erlaubte Passwort, in Zeichen.
field-tenant-password-min-length = Von 8 bis 128.
# Die erlaubten E-Mail-Domains wurden als leere Liste angegeben.
field-tenant-domains-empty = Lassen Sie die Angabe weg, um alle Domains zu erlauben.
field-tenant-mfa-roles = 1 bis 32 Rollennamen: Kleinbuchstaben, Ziffern, - und _ (weglassen für keine).
# Die Gültigkeitsdauer der Zugriffstokens.
field-tenant-access-ttl = Von 60 Sekunden bis zu einem Tag.
# Die Gültigkeitsdauer der Refresh-Tokens.
field-tenant-refresh-ttl = Von 5 Minuten bis zu einem Jahr, und länger als die Zugriffstokens.
field-tenant-default-settings = Die Einstellungen des Standardmandanten sind die Serverkonfiguration (PALISADE_*-Variablen).
field-tenant-confirm-slug = Geben Sie zum Löschen das Kürzel des Mandanten erneut ein.

## Identitätsanbieter (Verwaltung)
field-provider-url = Verwenden Sie eine https://-URL (http:// nur auf diesem Rechner).
field-provider-text = { $max ->
    [one] Geben Sie 1 Zeichen an.
   *[other] Geben Sie 1 bis { $max } Zeichen an.
}
# google ist ein Beispiel für das Kürzel eines Anbieters.
field-provider-slug = Verwenden Sie Kleinbuchstaben, Ziffern und Bindestriche (z. B. google).
field-provider-slug-reserved = Dieser Name ist bereits von einer Seite belegt.
# oidc, github und oauth2 sind die Codes der Arten.
field-provider-kind = Verwenden Sie oidc, github oder oauth2.
field-provider-secret = Geben Sie das Secret an, das der Anbieter ausgestellt hat.
# openid und read:user sind Beispiele für Scope-Namen.
field-provider-scopes = Geben Sie Scope-Namen wie openid oder read:user an.
# data.id ist ein Beispiel für einen Pfad.
field-provider-claim-path = Geben Sie einen Pfad mit Punkten in das JSON des Nutzers an, z. B. data.id.
field-provider-issuer-required = Ein OpenID-Anbieter wird über seine Issuer-URL gefunden.
# openid ist der Name des Scopes.
field-provider-openid-scope = Ein OpenID-Anbieter benötigt den Scope openid.
field-provider-endpoints = Ein einfacher OAuth-2-Anbieter benötigt seine Endpunkte.
# amr ist der Claim des ID-Tokens, der angibt, wie sich die Person angemeldet hat.
field-provider-trust-mfa = Nur der signierte amr-Claim eines OpenID-Anbieters kann einen zweiten Faktor ersetzen.
field-provider-in-use = Über diesen Anbieter melden sich Personen an: Issuer, Nutzer-Endpunkt, Client-ID und Subject bleiben unverändert. Fügen Sie stattdessen einen weiteren Anbieter hinzu.

## Nach Code: was ein Feldfehler anzeigt, wenn sein Satz keine eigene
## Nachricht hat (Seiten zeigen `field-<code>`; die IDs tragen die Codes der API unverändert).
field-too_long = Das ist zu lang.
field-too_short = Das ist zu kurz.
field-too_many = Das sind zu viele.
field-too_weak = Dieses Passwort ist zu leicht zu erraten: Verwenden Sie einen längeren Satz oder ungewöhnliche Wörter.
field-invalid = Dieser Wert ist ungültig.
field-invalid_value = Dieser Wert ist ungültig.
field-invalid_type = Dieser Wert hat den falschen Typ.
field-invalid_email = An diese E-Mail-Adresse können wir nicht senden.
field-invalid_url = Verwenden Sie eine https://-URL (http:// nur auf diesem Rechner).
field-invalid_slug = Verwenden Sie Kleinbuchstaben, Ziffern und Bindestriche.
field-invalid_redirect_uri = Diese Redirect-URI kann nicht verwendet werden.
field-immutable = Das kann nicht geändert werden.
field-read_only = Das kann nicht geändert werden.
field-reserved = Dieser Name ist bereits vergeben.
field-public_client = Ein öffentlicher Client hat kein Secret.
field-unsupported_locale = Diese Sprache ist nicht verfügbar.
field-not_registered = Das ist nicht registriert.
field-in_use = Das wird verwendet und kann nicht geändert werden.
field-domain_not_allowed = Mit Adressen dieser Domain kann hier kein Konto erstellt werden.
