# Les pages de l'utilisateur connecté : /account, la configuration d'une
# application d'authentification et les codes de récupération affichés une fois.

## /account (templates/pages/account.html)
# Le titre de la page.
account-title = Votre compte
# Affiché à la place d'un champ de mot de passe à qui n'a pas de mot de passe
# (connexion via un fournisseur). $link est un lien portant le texte de account-fresh-hint-link.
account-fresh-hint = Comme vous n'avez pas de mot de passe ici, votre connexion suffit à confirmer cette action si elle date de moins de cinq minutes ; sinon, { $link } d'abord.
account-fresh-hint-link = reconnectez-vous

## Avis en haut de /account après l'envoi d'un formulaire
account-notice-profile = Votre nom a été enregistré.
account-notice-password = Votre mot de passe a été modifié. Vos autres sessions ont été déconnectées.
account-notice-verification = Nous vous avons envoyé un nouvel e-mail de confirmation.
account-notice-session = Cette session a été déconnectée.
account-notice-app = Cette application a été déconnectée et ses sessions ont été fermées.
account-notice-totp-removed = L'application d'authentification a été supprimée.
account-notice-passkey-added = Votre clé d'accès a été ajoutée.
account-notice-passkey-removed = Cette clé d'accès a été supprimée.
account-notice-connected = Le fournisseur a été associé : vous pouvez désormais vous connecter avec lui.
account-notice-disconnected = Le fournisseur a été dissocié.

## Profil
account-profile-heading = Profil
account-email = Adresse e-mail
# Un badge à côté de l'adresse e-mail.
account-email-verified = vérifiée
# Un badge à côté de l'adresse e-mail.
account-email-not-verified = non vérifiée
# Suivi de la date de création du compte.
account-member-since = Membre depuis
account-resend-verification = Renvoyer l'e-mail de confirmation
# Le libellé du nom affiché de l'utilisateur.
account-field-name = Nom
account-save-name = Enregistrer le nom

## Mot de passe
account-password-heading = Changer de mot de passe
# $link est un lien portant le texte de account-no-password-link, vers la page
# qui envoie par e-mail un lien pour définir un mot de passe.
account-no-password = Vous vous connectez via un fournisseur et n'avez pas de mot de passe ici. Pour en définir un, { $link }.
account-no-password-link = demandez un lien par e-mail
account-field-current-password = Mot de passe actuel
account-field-new-password = Nouveau mot de passe
account-password-hint = Vos autres sessions seront déconnectées.
account-password-submit = Changer le mot de passe

## Sécurité : application d'authentification
account-security-heading = Sécurité
account-totp-heading = Application d'authentification
# Un badge : l'application d'authentification est activée.
account-totp-on = activée
account-totp-on-text = La connexion par mot de passe demande aussi un code généré par votre application.
account-field-totp-remove-password = Votre mot de passe, pour supprimer l'application
account-totp-remove = Supprimer l'application
account-totp-off-text = Protégez la connexion par mot de passe avec un code généré par une application sur votre téléphone.
account-field-password = Votre mot de passe
account-totp-start = Configurer une application d'authentification

## Sécurité : codes de récupération
account-codes-heading = Codes de récupération
# Il reste $left codes inutilisés, sur les $total générés à la fois.
account-codes-left = { $left ->
    [0] Il vous reste 0 code de récupération sur { $total } : générez-en de nouveaux, au cas où vous perdriez votre téléphone ou votre clé d'accès.
    [one] Il vous reste { $left } code de récupération sur { $total }.
   *[other] Il vous reste { $left } codes de récupération sur { $total }.
}
account-codes-hint = Vos anciens codes cesseront de fonctionner.
account-codes-renew = Générer de nouveaux codes de récupération
account-codes-none = Vous recevrez des codes de récupération en configurant votre premier second facteur.

## Sécurité : clés d'accès
account-passkeys-heading = Clés d'accès
account-passkeys-intro = Une clé d'accès vous connecte grâce à votre empreinte digitale, votre visage ou le code PIN de votre appareil, sans mot de passe à saisir.
# Une clé d'accès de la liste : $name (en gras) est le nom que lui a donné son
# propriétaire, $added la date de son ajout.
account-passkey = { $name } · ajoutée le { $added }
# Idem pour une clé d'accès déjà utilisée : $used est la date de sa dernière utilisation.
account-passkey-used = { $name } · ajoutée le { $added } · dernière utilisation le { $used }
# Libellé d'un bouton pour les lecteurs d'écran ; $name est le nom de la clé d'accès.
account-passkey-remove-label = Supprimer la clé d'accès { $name }
account-passkey-remove = Supprimer
account-field-passkey-name = Nom de la clé d'accès (par exemple Ordinateur portable)
account-field-passkey-password = Votre mot de passe (inutile juste après la connexion)
account-passkey-add = Ajouter une clé d'accès
account-passkey-needs-script = L'ajout d'une clé d'accès nécessite JavaScript.
# Affiché par le script des clés d'accès quand la réponse du serveur est inutilisable.
account-passkey-failed = Impossible de lancer la clé d'accès : rechargez la page et réessayez.
# Affiché par le script des clés d'accès quand la fenêtre de clé d'accès du navigateur a été fermée.
account-passkey-cancelled = Aucune clé d'accès n'a été utilisée. Réessayez, ou choisissez un autre moyen.
# Affiché par le script des clés d'accès quand le mot de passe manque ou est incorrect.
account-passkey-password-needed = Saisissez votre mot de passe pour ajouter une clé d'accès.

## Sessions
account-sessions-heading = Sessions
# La légende d'un tableau, pour les lecteurs d'écran.
account-sessions-caption = Vos sessions ouvertes
account-sessions-device = Appareil
# L'adresse réseau (IP).
account-sessions-address = Adresse
# Une colonne de dates et d'heures : le début de la session.
account-sessions-signed-in = Connexion
# Une colonne de boutons, pour les lecteurs d'écran.
account-sessions-action = Action
# Une session dont le navigateur ne s'est pas identifié.
account-sessions-unknown-device = Inconnu
# Un badge sur la session du navigateur qui affiche la page.
account-sessions-this-browser = ce navigateur
# Libellé d'un bouton pour les lecteurs d'écran ; $time est une date et une heure.
account-session-end-label = Déconnecter la session du { $time }
account-session-end = Déconnecter
account-sessions-end-all = Se déconnecter partout

## Connexions externes (autres fournisseurs)
account-providers-heading = Connexions externes
account-providers-intro = Connectez-vous avec votre compte chez un autre fournisseur.
# Un badge à côté du nom d'un fournisseur.
account-provider-connected = associé
# Affiché à la place de l'adresse fournie par un fournisseur associé, s'il n'en a fourni aucune.
account-provider-no-email = associé
# Libellé d'un bouton pour les lecteurs d'écran ; $provider est le nom du fournisseur.
account-provider-disconnect-label = Dissocier { $provider }
account-provider-disconnect = Dissocier
# Libellé d'un lien pour les lecteurs d'écran ; $provider est le nom du fournisseur.
account-provider-connect-label = Associer { $provider }
account-provider-connect = Associer

## Applications connectées
account-apps-heading = Applications connectées
account-apps-none = Aucune application n'a accès à votre compte.
# $app (en gras) est le nom de l'application, $scopes une liste de codes de
# portée (openid, email…), $since la date à laquelle l'utilisateur les a autorisés.
account-app = { $app } peut voir : { $scopes } (depuis le { $since })
# Libellé d'un bouton pour les lecteurs d'écran ; $app est le nom de l'application.
account-app-disconnect-label = Déconnecter { $app }
account-app-disconnect = Déconnecter

## Vos données
account-data-heading = Vos données
account-data-intro = Téléchargez toutes les données que nous détenons à votre sujet, dans un fichier JSON.
account-data-download = Télécharger mes données

## Supprimer le compte
account-delete-heading = Supprimer le compte
account-delete-intro = Votre compte et vos données personnelles seront effacés. Cette action est irréversible.
account-field-delete-password = Votre mot de passe, pour confirmer
account-delete-submit = Supprimer mon compte

## Codes de récupération affichés une fois (templates/pages/account_codes.html)
# Le titre de la page.
account-codes-title = Vos codes de récupération
account-codes-intro =
    Si vous perdez votre téléphone ou votre clé d'accès, chacun de ces codes vous permet de vous connecter une fois à la place d'un second facteur.
    Conservez-les en lieu sûr, par exemple dans un gestionnaire de mots de passe.
# Affiché en gras après account-codes-intro.
account-codes-once = Ils ne seront affichés qu'une seule fois.
account-codes-saved = Je les ai enregistrés

## Configuration d'une application d'authentification (templates/pages/account_totp.html)
# Le titre de la page.
account-totp-title = Configurer une application d'authentification
account-totp-scan = Ouvrez votre application d'authentification (par exemple Google Authenticator, Microsoft Authenticator, 1Password ou Aegis) et scannez ce code.
# Le libellé du code QR, pour les lecteurs d'écran.
account-totp-qr-label = Code QR pour votre application d'authentification
# Suivi de la clé secrète.
account-totp-type-key = Impossible de le scanner ? Saisissez plutôt cette clé :
account-totp-type-code = Saisissez le code à six chiffres que l'application affiche maintenant.
account-field-totp-code = Code de l'application
account-totp-confirm = Activer
account-totp-cancel = Annuler
# À côté du champ de code quand le code saisi ne correspond pas.
totp-code-wrong = Ce code est incorrect ou a expiré : saisissez celui que l'application affiche maintenant.

## La langue des pages et des e-mails de l'utilisateur (section Profil)
account-field-language = Langue
# Le choix qui n'enregistre aucune langue : celle du navigateur, sinon celle par défaut.
account-language-automatic = Automatique (langue de votre navigateur)
account-language-hint = Les pages et les e-mails que nous vous envoyons utilisent cette langue.
account-save-language = Enregistrer la langue
account-notice-language = Votre langue a été enregistrée.
