# Partagé par les pages et les e-mails. `$product` est fourni à chaque message.

# Le nom de la langue dans cette langue, tel que l'affiche le menu des langues.
language-name = Français
# Motifs strftime de chrono (https://docs.rs/chrono/latest/chrono/format/strftime/).
format-date = %d/%m/%Y
format-datetime = %d/%m/%Y %H:%M UTC
# Entre les éléments d'une liste.
list-separator = {", "}

duration-days = { $count ->
    [one] { $count } jour
   *[other] { $count } jours
}
duration-hours = { $count ->
    [one] { $count } heure
   *[other] { $count } heures
}
duration-minutes = { $count ->
    [one] { $count } minute
   *[other] { $count } minutes
}
duration-seconds = { $count ->
    [one] { $count } seconde
   *[other] { $count } secondes
}

## Formulaires
form-correct-fields = Veuillez corriger les champs signalés ci-dessous.
form-too-many-attempts = { $seconds ->
    [one] Trop de tentatives. Réessayez dans { $seconds } seconde.
   *[other] Trop de tentatives. Réessayez dans { $seconds } secondes.
}

## Le cadre de chaque page (templates/pages/layout.html)
# L'onglet du navigateur : le titre de la page, puis le produit.
layout-title = { $title } · { $product }
layout-skip = Aller au contenu
layout-nav-main = Menu principal
layout-account = Mon compte
layout-admin = Administration
layout-sign-out = Se déconnecter
layout-sign-in = Se connecter
layout-register = Créer un compte
layout-nav-languages = Langue

## Langues
# $languages énumère les codes de langue, par exemple « en, de, fr ».
field-unsupported-locale = Utilisez l'une de ces langues : { $languages }.
