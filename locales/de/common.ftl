# Von Seiten und E-Mails gemeinsam genutzt. `$product` wird jeder Nachricht übergeben.

# Der Eigenname der Sprache, wie ihn das Sprachmenü zeigt.
language-name = Deutsch
# chrono-strftime-Muster (https://docs.rs/chrono/latest/chrono/format/strftime/).
format-date = %d.%m.%Y
format-datetime = %d.%m.%Y, %H:%M UTC
# Zwischen den Einträgen einer Aufzählung.
list-separator = {", "}

duration-days = { $count ->
    [one] 1 Tag
   *[other] { $count } Tage
}
duration-hours = { $count ->
    [one] 1 Stunde
   *[other] { $count } Stunden
}
duration-minutes = { $count ->
    [one] 1 Minute
   *[other] { $count } Minuten
}
duration-seconds = { $count ->
    [one] 1 Sekunde
   *[other] { $count } Sekunden
}

## Formulare
form-correct-fields = Bitte korrigieren Sie die unten markierten Felder.
form-too-many-attempts = { $seconds ->
    [one] Zu viele Versuche. Versuchen Sie es in 1 Sekunde erneut.
   *[other] Zu viele Versuche. Versuchen Sie es in { $seconds } Sekunden erneut.
}

## Der Rahmen um jede Seite (templates/pages/layout.html)
# Der Browser-Tab: erst der Seitentitel, dann das Produkt.
layout-title = { $title } · { $product }
layout-skip = Zum Inhalt springen
layout-nav-main = Hauptnavigation
layout-account = Konto
layout-admin = Verwaltung
layout-sign-out = Abmelden
layout-sign-in = Anmelden
layout-register = Registrieren
layout-nav-languages = Sprache

## Sprachen
# $languages zählt die Sprach-Tags auf, z. B. „en, de, fr“.
field-unsupported-locale = Verwenden Sie eine der folgenden: { $languages }.
