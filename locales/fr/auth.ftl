# Connexion, inscription, réinitialisation du mot de passe, confirmation de
# l'adresse e-mail, second facteur à la connexion, consentement, appareils et
# déconnexion.

## Libellés de champs partagés
field-label-email = Adresse e-mail
field-label-password = Mot de passe

## /login (templates/pages/login.html)
login-title = Connexion
login-submit = Se connecter
login-or = ou
login-passkey = Se connecter avec une clé d'accès
login-with-provider = Se connecter avec { $provider }
login-forgot = Mot de passe oublié ?
# $link est un lien portant le texte de login-no-account-link.
login-no-account = Pas encore de compte ? { $link }.
login-no-account-link = Créez-en un

## Mots partagés par plusieurs pages de connexion
login-continue = Continuer
login-label-code = Code
login-allow = Autoriser
login-deny = Refuser
# Un lien ou un bouton qui ramène à /login.
login-link-sign-in = Se connecter
login-back-to-sign-in = Retour à la connexion
login-link-account = Accéder à votre compte
# Le titre de la page affichée après l'envoi d'un e-mail contenant un lien.
login-check-email-title = Consultez votre boîte de réception
# $provider est le nom d'un fournisseur de connexion (« GitLab »).
login-continue-with-provider = Continuer avec { $provider }

## Avis en haut de /login, après une redirection
login-notice-signed-out = Vous êtes déconnecté.
login-notice-password-reset = Votre mot de passe a été modifié. Connectez-vous avec le nouveau.
login-notice-deleted = Votre compte et ses données ont été supprimés.
# « Connexions externes » est le titre de cette section de la page du compte (account-providers-heading).
login-notice-connect = Connectez-vous avec votre mot de passe, puis associez le fournisseur dans la section Connexions externes de votre page de compte.

## /register (templates/pages/register.html)
login-register-title = Créez votre compte
login-label-name-optional = Nom (facultatif)
# $min et $max sont des nombres de caractères.
login-register-password-hint = De { $min } à { $max } caractères. Quelques mots sans rapport entre eux font un mot de passe solide.
login-register-submit = Créer le compte
# $link est un lien portant le texte de login-have-account-link.
login-have-account = Vous avez déjà un compte ? { $link }.
login-have-account-link = Connectez-vous
# $email est l'adresse avec laquelle le compte a été créé.
login-register-done = Votre compte { $email } est prêt. Nous vous avons envoyé un e-mail contenant un lien pour confirmer votre adresse.

## /forgot-password (templates/pages/forgot.html)
login-forgot-title = Mot de passe oublié ?
login-forgot-intro = Saisissez votre adresse e-mail : nous vous enverrons un lien pour choisir un nouveau mot de passe.
login-forgot-submit = Envoyer le lien
login-forgot-sent = Si un compte existe pour cette adresse, nous lui avons envoyé un lien pour choisir un nouveau mot de passe. Ce lien n'est valable qu'une fois, pendant une durée limitée.

## /reset-password (templates/pages/reset.html)
login-reset-title = Choisissez un nouveau mot de passe
login-label-new-password = Nouveau mot de passe
# $min et $max sont des nombres de caractères.
login-reset-password-hint = De { $min } à { $max } caractères. Vous devrez ensuite vous reconnecter partout.
login-reset-submit = Enregistrer le nouveau mot de passe
login-link-new-reset = Demander un nouveau lien

## /verify-email (templates/pages/verify.html)
login-verify-title = Confirmez votre adresse e-mail
login-verify-intro = Cliquez sur le bouton pour confirmer que cette adresse est bien la vôtre.
login-verify-submit = Confirmer mon adresse e-mail
login-verified-title = Adresse e-mail confirmée
login-verified = Merci : votre adresse e-mail est confirmée.

## La deuxième étape de la connexion (templates/pages/login_mfa.html)
login-mfa-title = Deuxième étape
login-mfa-totp = Saisissez le code à six chiffres affiché par votre application d'authentification.
login-mfa-totp-or-code = Saisissez le code à six chiffres affiché par votre application d'authentification, ou l'un de vos codes de récupération.
login-mfa-passkey = Utilisez votre clé d'accès pour terminer la connexion.
login-mfa-passkey-or-code = Utilisez votre clé d'accès pour terminer la connexion, ou saisissez l'un de vos codes de récupération.
login-mfa-code = Saisissez l'un de vos codes de récupération.
login-mfa-use-passkey = Utiliser une clé d'accès
login-mfa-needs-javascript = Pour utiliser votre clé d'accès, activez JavaScript dans ce navigateur.
login-start-over = Recommencer

## Connexion via un autre fournisseur, quand elle échoue
login-federated-retry = Réessayer
login-federated-use-password = Se connecter avec votre mot de passe
login-federated-unavailable-title = Service de connexion indisponible
login-federated-unavailable = Impossible de joindre le fournisseur de connexion ou de finaliser votre connexion. Réessayez dans un instant, ou connectez-vous autrement.

## Consentement à une application (templates/pages/consent.html)
# Le titre de l'onglet du navigateur.
login-consent-title = Autoriser l'accès
# $client est le nom de l'application.
login-consent-heading = Autoriser { $client } ?
# $client est le nom de l'application, en gras ; la liste de ce qu'elle pourra voir suit.
login-consent-asks-and-see = { $client } souhaite vous connecter et accéder à :
# $client est le nom de l'application, en gras.
login-consent-asks = { $client } souhaite vous connecter.
# « Applications connectées » est le titre de cette section de la page du compte.
login-consent-withdraw = Vous pouvez retirer cette autorisation à tout moment dans la section Applications connectées de votre page de compte.
# Ce qu'une application peut voir, pour chaque portée demandée (dans la liste qui suit login-consent-asks-and-see).
login-scope-profile = votre nom
login-scope-email = votre adresse e-mail
login-scope-offline-access = votre compte en votre absence (la connexion reste active)
login-scope-roles = vos rôles
# Une demande d'autorisation à laquelle il n'est pas sûr de répondre.
login-refused-title = Connexion impossible
login-refused-heading = Impossible de se connecter à cette application
login-refused-unregistered = Cette application n'est pas enregistrée sur ce serveur.
login-refused-redirect-uri = L'adresse de retour ne fait pas partie de celles que cette application a enregistrées.

## /device (templates/pages/device.html)
login-device-title = Connecter un appareil
login-device-intro = Saisissez le code affiché sur votre appareil.
device-code-unknown = Ce code n'est pas valide, a déjà été utilisé ou a expiré. Vérifiez le code actuel sur l'appareil.
# $client est le nom de l'application.
login-device-heading = Autoriser { $client } sur votre appareil ?
# $code est le code affiché par l'appareil, en gras.
login-device-asks = L'appareil qui affiche le code { $code } demande à se connecter en votre nom.
# $code est le code affiché par l'appareil, en gras ; $scopes énumère des codes de portée (« profile, email »).
login-device-asks-and-see = L'appareil qui affiche le code { $code } demande à se connecter en votre nom et à accéder à : { $scopes }.
login-device-only-yours = N'autorisez cet accès que si vous avez vous-même lancé cette demande sur l'un de vos appareils.
login-device-connected-title = Appareil connecté
login-device-connected = Vous pouvez revenir à votre appareil : il est connecté.
login-device-refused-title = Appareil non connecté
login-device-refused = L'accès a été refusé à l'appareil. Vous pouvez fermer cette page.

## Déconnexion à la demande d'une application (templates/pages/logout.html)
# Le titre de l'onglet du navigateur.
login-logout-title = Déconnexion
login-logout-heading = Se déconnecter ?
login-logout-asked = Une application demande à vous déconnecter de { $product }.
login-logout-submit = Se déconnecter
login-logout-stay = Rester connecté
login-logout-refused-title = Déconnexion impossible
login-logout-refused-heading = Impossible de se déconnecter de cette application
login-logout-refused-two-apps = La demande de déconnexion désigne deux applications différentes.
login-logout-refused-redirect-uri = L'adresse de retour après la déconnexion ne fait pas partie de celles que cette application a enregistrées.
login-signed-out-title = Déconnexion effectuée
login-signed-out-heading = Vous êtes déconnecté
login-signed-out-close = Vous pouvez fermer cette fenêtre.
login-link-sign-in-again = Se reconnecter

## Numéros de page sous les longues listes (templates/pages/pager.html, pages d'administration)
login-pager-label = Pages
login-pager-previous = Page précédente
login-pager-next = Page suivante
login-pager-position = Page { $page } sur { $pages }

## Le script des clés d'accès sur les pages de connexion (static/passkeys.js)
login-passkey-failed = Impossible de lancer la clé d'accès : rechargez la page et réessayez.
# Quand la fenêtre de clé d'accès du navigateur a été fermée.
login-passkey-cancelled = Aucune clé d'accès n'a été utilisée. Réessayez, ou choisissez un autre moyen.
