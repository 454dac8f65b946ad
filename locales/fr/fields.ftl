# Ce qu'un formulaire affiche à côté d'un champ refusé. L'API envoie les mêmes
# phrases en anglais (erreurs problem+json errors[].message). Les noms de
# champs, codes, noms de portées et de types d'autorisation, schémas d'URL,
# exemples de noms d'hôte et variables PALISADE_* restent tels quels.

field-required = Ce champ est obligatoire.

## Adresse e-mail, mot de passe, nom affiché (inscription, compte)
field-email-required = L'adresse e-mail est obligatoire.
field-email-too-long = { $max ->
    [one] L'adresse e-mail ne doit pas dépasser { $max } caractère.
   *[other] L'adresse e-mail ne doit pas dépasser { $max } caractères.
}
field-email-invalid = Nous ne pouvons pas envoyer d'e-mail à cette adresse.
# Le locataire n'accepte que certains domaines de messagerie.
field-email-domain-not-allowed = Les adresses de ce domaine ne permettent pas de créer un compte ici.
field-password-too-short = { $min ->
    [one] Le mot de passe doit contenir au moins { $min } caractère.
   *[other] Le mot de passe doit contenir au moins { $min } caractères.
}
field-password-too-long = { $max ->
    [one] Le mot de passe ne doit pas dépasser { $max } caractère.
   *[other] Le mot de passe ne doit pas dépasser { $max } caractères.
}
field-password-too-weak = Ce mot de passe est trop facile à deviner : utilisez une phrase plus longue ou ajoutez des mots inhabituels.
field-display-name-too-long = { $max ->
    [one] Le nom affiché ne doit pas dépasser { $max } caractère.
   *[other] Le nom affiché ne doit pas dépasser { $max } caractères.
}
field-display-name-control = Le nom affiché ne peut pas contenir de caractères de contrôle.
# Une deuxième étape de connexion désignée par une méthode inconnue ; totp et
# recovery_code sont des codes.
field-mfa-method = Utilisez totp ou recovery_code.
# Un numéro ou une taille de page dans l'adresse d'une liste.
field-whole-number = Un nombre entier à partir de 1 est attendu.
# Une valeur du mauvais type (du texte à la place d'un nombre…).
field-invalid-type = Cette valeur n'est pas du bon type.

## Clients OAuth (administration)
field-client-name-required = Un client doit avoir un nom.
field-client-name-too-long = Le nom ne doit pas dépasser 100 caractères.
# « confidential » et « public » sont les codes du type.
field-client-type-invalid = Soit « confidential », soit « public ».
field-client-type-immutable = Le type d'un client ne peut pas changer : enregistrez un nouveau client.
field-client-public-no-secret = Un client public n'a pas de secret.
field-client-too-many-uris = 20 URI au maximum.
# $name est le type d'autorisation indiqué, entre guillemets ; $known les types
# connus, séparés par des virgules.
field-client-grant-unknown = Type d'autorisation { $name } inconnu ; types connus : { $known }.
# $name est la portée indiquée, entre guillemets ; $known les portées connues,
# séparées par des virgules.
field-client-scope-unknown = Portée { $name } inconnue ; portées connues : { $known }.
field-client-audience-too-long = L'audience ne doit pas dépasser 255 caractères.
# La durée de vie des jetons d'accès.
field-client-token-ttl = Entre 60 et 86 400 secondes.
# authorization_code est le nom du type d'autorisation.
field-client-code-needs-redirect = Le type d'autorisation authorization_code nécessite au moins une URI de redirection.
# client_credentials est le nom du type d'autorisation.
field-client-public-client-credentials = Un client public ne peut pas utiliser client_credentials : il n'a pas de secret.
field-client-password-first-party = Seuls les clients internes peuvent utiliser le type d'autorisation password.
field-client-public-pkce = Les clients publics utilisent toujours PKCE.

## URI de redirection d'un client
field-redirect-too-long = Une URI de redirection ne doit pas dépasser 2 000 caractères.
field-redirect-wildcard = Les URI de redirection doivent correspondre exactement : pas de caractères génériques.
field-redirect-not-absolute = Ce n'est pas une URI absolue.
field-redirect-fragment = Une URI de redirection ne peut pas contenir de fragment (#…).
field-redirect-credentials = Une URI de redirection ne peut contenir ni nom d'utilisateur ni mot de passe.
field-redirect-http = http:// n'est autorisé qu'en boucle locale (127.0.0.1, [::1], localhost), sauf si PALISADE_ALLOW_HTTP_REDIRECTS est défini.
field-redirect-scheme = Utilisez https://, http:// en boucle locale, ou un schéma privé comme com.example.app:/callback.

## Connexion d'une application via un fournisseur (redirect_uri, code_challenge, state)
field-app-redirect-unknown = Aucune application interne enregistrée n'a cette URI de redirection.
# base64url, SHA-256 et code_verifier sont des noms : à garder.
field-app-code-challenge = Envoyez l'empreinte SHA-256 de votre code_verifier, encodée en base64url (43 caractères).
field-app-state-too-long = 512 caractères au maximum.

## Rôles (administration)
# Les caractères qu'un nom de rôle peut contenir, énumérés : à garder.
field-role-name-invalid = De 2 à 64 caractères parmi a-z, 0-9, _ - . :, en commençant par une lettre.
# $name est la permission indiquée, entre guillemets ; $known les permissions
# connues, séparées par des virgules.
field-role-permission-unknown = Permission { $name } inconnue ; permissions connues : { $known }.
field-role-description-too-long = La description ne doit pas dépasser 500 caractères.

## Locataires (administration)
field-tenant-slug = De 2 à 63 lettres minuscules, chiffres et tirets, en commençant par une lettre ou un chiffre.
# Le nom affiché ou le nom du produit d'un locataire.
field-tenant-name = De 1 à 100 caractères, sans caractères de contrôle.
field-tenant-too-many-names = Trop de noms.
field-tenant-host-name = Indiquez des noms d'hôte comme auth.example.com (sans schéma ni port).
# $languages sont les codes de toutes les langues sauf la dernière
# (« en, de, fr, es, ja »), $last la dernière (« ar »).
field-tenant-locale = Utilisez { $languages } ou { $last }.
# Le mot de passe le plus court autorisé, en caractères.
field-tenant-password-min-length = De 8 à 128.
# Les domaines de messagerie autorisés ont été fournis sous forme de liste vide.
field-tenant-domains-empty = Omettez ce paramètre pour autoriser tous les domaines.
field-tenant-mfa-roles = De 1 à 32 noms de rôles : lettres minuscules, chiffres, - et _ (omettez ce paramètre pour n'en imposer à aucun).
# La durée de vie des jetons d'accès.
field-tenant-access-ttl = De 60 secondes à un jour.
# La durée de vie des jetons d'actualisation.
field-tenant-refresh-ttl = De 5 minutes à un an, et plus longue que celle des jetons d'accès.
field-tenant-default-settings = Les paramètres du locataire par défaut sont ceux de la configuration du serveur (variables PALISADE_*).
field-tenant-confirm-slug = Saisissez à nouveau le slug du locataire pour le supprimer.

## Fournisseurs d'identité (administration)
field-provider-url = Utilisez une URL https:// (http:// uniquement sur cette machine).
field-provider-text = { $max ->
    [one] Saisissez { $max } caractère.
   *[other] Saisissez de 1 à { $max } caractères.
}
# google est un exemple de slug de fournisseur.
field-provider-slug = Utilisez des lettres minuscules, des chiffres et des tirets (par exemple google).
field-provider-slug-reserved = Ce nom est déjà utilisé par une page.
# oidc, github et oauth2 sont les codes des types.
field-provider-kind = Utilisez oidc, github ou oauth2.
field-provider-secret = Indiquez le secret délivré par le fournisseur.
# openid et read:user sont des exemples de noms de portées.
field-provider-scopes = Indiquez des noms de portées comme openid ou read:user.
# data.id est un exemple de chemin.
field-provider-claim-path = Indiquez un chemin à points dans le JSON de l'utilisateur, par exemple data.id.
field-provider-issuer-required = Un fournisseur OpenID est identifié par l'URL de son émetteur.
# openid est le nom de la portée.
field-provider-openid-scope = Un fournisseur OpenID nécessite la portée openid.
field-provider-endpoints = Un fournisseur OAuth 2 générique nécessite ses points de terminaison.
# amr est la revendication (claim) du jeton d'identité qui indique comment la personne s'est connectée.
field-provider-trust-mfa = Seule la revendication amr signée d'un fournisseur OpenID peut tenir lieu de second facteur.
field-provider-in-use = Des utilisateurs se connectent via ce fournisseur : son émetteur, son point de terminaison utilisateur, son identifiant client et son sujet ne peuvent pas changer. Ajoutez plutôt un autre fournisseur.

## Par code : ce qu'affiche une erreur de champ dont la phrase n'a pas de
## message propre (les pages affichent `field-<code>` ; les identifiants portent les codes de l'API tels quels).
field-too_long = Valeur trop longue.
field-too_short = Valeur trop courte.
field-too_many = Trop d'éléments.
field-too_weak = Ce mot de passe est trop facile à deviner : utilisez une phrase plus longue ou ajoutez des mots inhabituels.
field-invalid = Cette valeur n'est pas valide.
field-invalid_value = Cette valeur n'est pas valide.
field-invalid_type = Cette valeur n'est pas du bon type.
field-invalid_email = Nous ne pouvons pas envoyer d'e-mail à cette adresse.
field-invalid_url = Utilisez une URL https:// (http:// uniquement sur cette machine).
field-invalid_slug = Utilisez des lettres minuscules, des chiffres et des tirets.
field-invalid_redirect_uri = Cette URI de redirection ne peut pas être utilisée.
field-immutable = Cette valeur ne peut pas changer.
field-read_only = Cette valeur ne peut pas être modifiée.
field-reserved = Ce nom est réservé.
field-public_client = Un client public n'a pas de secret.
field-unsupported_locale = Cette langue n'est pas disponible.
field-not_registered = Cet élément n'est pas enregistré.
field-in_use = Cet élément est utilisé et ne peut pas changer.
field-domain_not_allowed = Les adresses de ce domaine ne permettent pas de créer un compte ici.
