# Les pages d'administration (templates/pages/admin_*.html et
# src/web/pages/admin/). Les identifiants sont affichés tels quels et ne
# figurent jamais dans ces messages : actions d'audit, noms de permissions,
# types d'autorisation, codes de portée, types d'applications et de
# fournisseurs, noms de rôles et descriptions des rôles prédéfinis.

## Partagé par plusieurs pages d'administration
# Petits badges à côté d'un nom dans un tableau ou un titre (rôle, client,
# utilisateur, adresse e-mail).
admin-badge-built-in = prédéfini
admin-badge-active = actif
admin-badge-disabled = désactivé
admin-badge-verified = vérifiée
admin-badge-not-verified = non vérifiée
# Un fournisseur de connexion activé ou désactivé.
admin-badge-on = activé
admin-badge-off = désactivé
admin-delete = Supprimer
admin-remove = Retirer
admin-save = Enregistrer

## Les onglets au-dessus de chaque page d'administration (templates/pages/admin_nav.html)
# Le nom de la navigation par onglets, lu par les lecteurs d'écran.
admin-nav = Administration
admin-nav-users = Utilisateurs
admin-nav-roles = Rôles
admin-nav-clients = Applications
admin-nav-providers = Fournisseurs de connexion
admin-nav-tenants = Locataires
admin-nav-audit = Journal d'audit

## /admin/users (templates/pages/admin_users.html)
admin-users-title = Utilisateurs
admin-users-search-label = L'adresse e-mail ou le nom contient
admin-users-role = Rôle
# Le choix du filtre de rôle qui ne filtre rien.
admin-users-role-any = Tous
admin-users-search = Rechercher
# Le nombre d'utilisateurs trouvés (toutes pages confondues).
admin-users-count = { $count ->
    [one] { $count } utilisateur
   *[other] { $count } utilisateurs
}
# Pour les lecteurs d'écran : le contenu du tableau, et son ordre.
admin-users-caption = Utilisateurs, du plus récent au plus ancien
admin-users-col-email = Adresse e-mail
admin-users-col-name = Nom
admin-users-col-roles = Rôles
admin-users-col-status = Statut
admin-users-col-created = Création

## /admin/users/{id} (templates/pages/admin_user.html) ; son titre est
## l'adresse e-mail de l'utilisateur.
admin-user-account = Compte
admin-user-id = Identifiant
admin-user-name = Nom
# À la place du nom d'un utilisateur qui n'en a pas indiqué.
admin-user-no-name = –
admin-user-email = Adresse e-mail
admin-user-status = Statut
admin-user-created = Création
admin-user-last-sign-in = Dernière connexion
# À la place de la date de dernière connexion.
admin-user-never = jamais
admin-user-audit-link = Événements d'audit de cet utilisateur
admin-user-enable = Activer
admin-user-disable = Désactiver
admin-user-verify = Marquer l'adresse e-mail comme vérifiée
admin-user-roles = Rôles
# Nomme, pour les lecteurs d'écran, le bouton Retirer à côté du rôle $role.
admin-user-remove-role = Retirer le rôle { $role }
admin-user-add-role-label = Ajouter un rôle
admin-user-add-role = Ajouter
admin-user-delete-heading = Supprimer l'utilisateur
admin-user-delete-text = Efface le compte et ses données personnelles. Cette action est irréversible.
admin-user-delete-confirm = Oui, supprimer ce compte et ses données
# Le bouton qui supprime l'utilisateur dont l'adresse e-mail est $email.
admin-user-delete = Supprimer { $email }
# Avis après une modification.
admin-user-updated = L'utilisateur a été mis à jour.
admin-user-roles-changed = Les rôles ont été modifiés.
# Erreurs de formulaire.
admin-user-delete-unconfirmed = Cochez la case pour confirmer la suppression.
admin-user-action-unknown = Choisissez de désactiver, d'activer ou de vérifier.
admin-user-op-unknown = Choisissez d'attribuer ou de retirer.

## /admin/roles (templates/pages/admin_roles.html)
admin-roles-title = Rôles
admin-roles-caption = Rôles et leurs permissions
admin-roles-col-role = Rôle
admin-roles-col-description = Description
admin-roles-col-permissions = Permissions
# Titre de la colonne de boutons, pour les lecteurs d'écran uniquement.
admin-roles-col-action = Action
# Nomme, pour les lecteurs d'écran, le bouton Supprimer du rôle $role.
admin-roles-delete-label = Supprimer le rôle { $role }
admin-roles-new = Nouveau rôle
admin-roles-field-name = Nom
admin-roles-field-description = Description
admin-roles-permissions = Permissions
admin-roles-create = Créer le rôle
admin-roles-created = Le rôle a été créé.
admin-roles-deleted = Le rôle a été supprimé.

## /admin/audit (templates/pages/admin_audit.html)
admin-audit-title = Journal d'audit
admin-audit-user-id = Identifiant utilisateur
admin-audit-user-id-invalid = Un identifiant utilisateur (UUID) est attendu.
# Une action d'audit, comme login.failed.
admin-audit-action = Action
admin-audit-filter = Filtrer
# Le nombre d'événements trouvés par le filtre (toutes pages confondues).
admin-audit-count = { $count ->
    [one] { $count } événement
   *[other] { $count } événements
}
admin-audit-caption = Événements d'audit, du plus récent au plus ancien
admin-audit-col-when = Date
admin-audit-col-actor = Auteur
admin-audit-col-target = Cible
# L'adresse IP d'où provient l'événement.
admin-audit-col-address = Adresse
admin-audit-col-details = Détails

## /admin/clients : les clients OAuth, appelés applications (templates/pages/admin_clients.html)
admin-clients-title = Applications
admin-clients-secret-heading = Secret client
# $client est l'identifiant client de l'application, affiché comme du code.
admin-clients-secret-text = Voici le secret de { $client }. Il ne sera plus affiché : enregistrez-le dans la configuration de l'application.
admin-clients-caption = Applications qui connectent les utilisateurs via ce serveur
admin-clients-col-app = Application
admin-clients-col-client-id = Identifiant client
admin-clients-type = Type
admin-clients-col-redirect-uris = URI de redirection
admin-clients-col-grants = Types d'autorisation
# Titre de la colonne de boutons, pour les lecteurs d'écran uniquement.
admin-clients-col-actions = Actions
# Une application à laquelle le serveur fait confiance : le consentement des
# utilisateurs n'est pas demandé.
admin-badge-first-party = interne
# Nomme, pour les lecteurs d'écran, le bouton Nouveau secret de l'application $app.
admin-clients-new-secret-label = Nouveau secret pour { $app }
admin-clients-new-secret = Nouveau secret
# Nomme, pour les lecteurs d'écran, le bouton Supprimer de l'application $app.
admin-clients-delete-label = Supprimer l'application { $app }
admin-clients-new = Enregistrer une application
admin-clients-field-name = Nom
admin-clients-confidential = Confidentielle (un serveur capable de garder un secret)
admin-clients-public = Publique (une application monopage ou native)
admin-clients-redirect-uris = URI de redirection, une par ligne
admin-clients-post-logout-uris = URI après déconnexion, une par ligne (facultatif)
admin-clients-grants = Types d'autorisation (si aucun n'est coché : code d'autorisation et jeton d'actualisation)
admin-clients-first-party = Interne : application de confiance, le consentement des utilisateurs n'est pas demandé
admin-clients-register = Enregistrer
admin-clients-created = L'application a été enregistrée. Son identifiant figure dans la liste ci-dessous.
admin-clients-rotated = Un nouveau secret a été généré ; l'ancien reste valable pendant la période de grâce.
admin-clients-deleted = L'application a été supprimée et ses sessions ont été fermées.

## /admin/providers : les services par lesquels on peut se connecter au lieu
## d'utiliser un mot de passe (templates/pages/admin_providers.html)
admin-providers-title = Fournisseurs de connexion
admin-providers-none = Aucun fournisseur pour l'instant : les utilisateurs se connectent avec un mot de passe ou une clé d'accès.
admin-providers-slug = Slug
# L'adresse du fournisseur : son émetteur ou son point de terminaison d'autorisation.
admin-providers-at = Adresse
admin-providers-client-id = Identifiant client
admin-providers-redirect-uri = URI de redirection
# Le texte du bouton du fournisseur sur la page de connexion.
admin-providers-button-text = Texte du bouton
admin-providers-enabled = Activé : affiché sur la page de connexion
admin-providers-allow-signup = Crée des comptes pour les nouveaux utilisateurs
admin-providers-link-by-email = Associe à un compte existant ayant la même adresse e-mail vérifiée
admin-providers-trust-mfa = Un second facteur chez le fournisseur remplace le nôtre
admin-providers-new-secret = Nouveau secret client (laisser vide pour conserver l'actuel)
# Nomme, pour les lecteurs d'écran, le bouton Retirer du fournisseur $provider.
admin-providers-remove-label = Retirer { $provider }
admin-providers-new = Ajouter un fournisseur
# $uri est l'URI de redirection contenant l'espace réservé {slug}, affichée comme du code.
admin-providers-callback-hint = Enregistrez { $uri } (avec votre slug) comme URI de redirection chez le fournisseur.
admin-providers-kind = Type
admin-providers-kind-oidc = OpenID Connect (Google, Microsoft, GitLab, Okta, Auth0, Keycloak…)
admin-providers-kind-github = GitHub
admin-providers-kind-oauth2 = Autre fournisseur OAuth 2 (points de terminaison ci-dessous)
admin-providers-field-slug = Slug (dans l'URL : lettres, chiffres, tirets)
admin-providers-field-issuer = URL de l'émetteur (OpenID Connect)
admin-providers-field-client-secret = Secret client
admin-providers-field-scopes = Portées (facultatif, séparées par des espaces)
admin-providers-field-authorization-endpoint = Point de terminaison d'autorisation (autre OAuth 2)
admin-providers-field-token-endpoint = Point de terminaison des jetons (autre OAuth 2)
admin-providers-field-userinfo-endpoint = Point de terminaison utilisateur (autre OAuth 2)
admin-providers-add = Ajouter le fournisseur
admin-providers-created = Le fournisseur a été ajouté. Enregistrez son URI de redirection chez le fournisseur.
admin-providers-updated = Le fournisseur a été modifié.
admin-providers-deleted = Le fournisseur a été retiré, ainsi que les identités associées par son intermédiaire.

## /admin/tenants (templates/pages/admin_tenants.html)
admin-tenants-title = Locataires
admin-tenants-hint = Chaque locataire est destiné à former une base d'utilisateurs isolée. Les paramètres laissés vides suivent ceux du serveur.
admin-tenants-name = Nom
admin-tenants-hosts = Hôtes, un par ligne
admin-tenants-settings = Paramètres
admin-tenants-signup = Inscription
# Le choix d'un paramètre qui s'en remet à la configuration du serveur.
admin-tenants-as-server = selon le serveur
# L'inscription est ouverte ou fermée.
admin-tenants-signup-allowed = ouverte
admin-tenants-signup-closed = fermée
admin-tenants-verified = Adresse e-mail vérifiée avant la connexion
# Une adresse e-mail vérifiée est exigée ou non.
admin-tenants-verified-required = exigée
admin-tenants-verified-not-required = non exigée
admin-tenants-default-language = Langue par défaut
admin-tenants-product-name = Nom du produit
admin-tenants-password-min = Longueur minimale du mot de passe
admin-tenants-email-domains = Domaines de messagerie autorisés à s'inscrire, un par ligne
admin-tenants-mfa-roles = Rôles tenus d'utiliser un second facteur
admin-tenants-access-ttl = Durée de vie des jetons d'accès (secondes)
admin-tenants-session-ttl = Durée de vie des sessions (secondes)
# $slug est le slug du locataire, affiché comme du code, qu'il faut saisir pour le supprimer.
admin-tenants-delete-confirm = Pour le supprimer, saisissez { $slug }
admin-tenants-hosts-read-only = Hôtes
admin-tenants-new = Créer un locataire
admin-tenants-field-slug = Slug (2 à 63 caractères parmi a-z, 0-9 et -)
admin-tenants-field-hosts = Hôtes, un par ligne (facultatif)
admin-tenants-field-admin-email = Adresse e-mail du premier administrateur (facultatif : il recevra un lien pour définir un mot de passe)
admin-tenants-create = Créer le locataire
admin-tenants-created = Le locataire a été créé.
admin-tenants-updated = Le locataire a été modifié.
admin-tenants-deleted = Le locataire a été supprimé.
