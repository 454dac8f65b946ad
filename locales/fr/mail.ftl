# E-mails (templates/mail/). Chaque e-mail a une partie HTML et une partie
# texte brut ; elles partagent les messages qui disent la même chose.
# `$product` est le nom du service, `$email` l'adresse du destinataire.
# Les objets tiennent sur une ligne : les retours à la ligne y deviennent des espaces.

## Partagé par tous les e-mails
mail-hello = Bonjour,
# Le paragraphe précédant le lien complet, dans la partie HTML (sous le bouton).
mail-paste-link = Ou collez ce lien dans votre navigateur :
mail-if-you = Si c'était vous, vous n'avez rien d'autre à faire.
# Les mentions en bas de chaque e-mail HTML.
mail-footer = Ce message a été envoyé par { $product }. Si vous ne l'attendiez pas, vous pouvez l'ignorer.

## Confirmation d'une adresse e-mail (mail/verify)
mail-verify-subject = Confirmez votre adresse e-mail pour { $product }
# Partie HTML ; un bouton portant le texte de mail-verify-button suit.
mail-verify-confirm = Veuillez confirmer que { $email } est bien votre adresse e-mail pour { $product }.
mail-verify-button = Confirmer mon adresse e-mail
# Partie texte brut ; le lien suit sur sa propre ligne.
mail-verify-confirm-open = Veuillez confirmer que { $email } est bien votre adresse e-mail pour { $product } en ouvrant ce lien :
# $duration est la durée de validité du lien, par exemple « 1 jour » ou « 30 minutes ».
mail-verify-expires = Ce lien n'est valable qu'une fois et expire dans { $duration }.
# Partie texte brut uniquement (la partie HTML a mail-footer).
mail-verify-not-you = Si vous n'avez pas créé de compte { $product }, vous pouvez ignorer ce message.

## Réinitialisation du mot de passe (mail/reset)
mail-reset-subject = Réinitialisez votre mot de passe { $product }
# Partie HTML ; un bouton portant le texte de mail-reset-button suit.
mail-reset-asked = Quelqu'un (vous, espérons-le) a demandé la réinitialisation du mot de passe du compte { $product } associé à { $email }.
mail-reset-button = Choisir un nouveau mot de passe
# Partie texte brut ; le lien suit sur sa propre ligne.
mail-reset-asked-open = Quelqu'un (vous, espérons-le) a demandé la réinitialisation du mot de passe du compte { $product } associé à { $email }. Pour choisir un nouveau mot de passe, ouvrez ce lien :
# $duration est la durée de validité du lien, par exemple « 1 jour » ou « 30 minutes ».
mail-reset-expires = Ce lien n'est valable qu'une fois et expire dans { $duration }. Définir un nouveau mot de passe vous déconnectera partout.
mail-reset-not-you = Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.

## Après un changement de mot de passe (mail/password_changed)
mail-changed-subject = Votre mot de passe { $product } a été modifié
mail-changed-body = Le mot de passe de votre compte { $product } ({ $email }) a été modifié. Vos autres sessions ont été déconnectées.
# Partie HTML : $link est un lien vers la page de réinitialisation portant le texte de mail-changed-not-you-link.
mail-changed-not-you = Si ce n'était pas vous, { $link }.
mail-changed-not-you-link = réinitialisez votre mot de passe dès maintenant
# Partie texte brut ; le lien vers la page de réinitialisation suit sur sa propre ligne.
mail-changed-not-you-open = Si ce n'était pas vous, réinitialisez votre mot de passe dès maintenant :

## Après l'ajout ou la suppression d'un second facteur ou d'une connexion (mail/factor_changed)
# Chaque changement a un objet et la phrase qui l'annonce dans le corps.
mail-factor-totp-added-subject = Une application d'authentification a été ajoutée ({ $product })
mail-factor-totp-added-body = Une application d'authentification a été ajoutée comme second facteur à votre compte { $product } ({ $email }).
mail-factor-totp-removed-subject = Une application d'authentification a été supprimée ({ $product })
mail-factor-totp-removed-body = L'application d'authentification a été retirée des seconds facteurs de votre compte { $product } ({ $email }).
# Codes de récupération : des codes à usage unique qui remplacent le second facteur.
mail-factor-codes-renewed-subject = De nouveaux codes de récupération ont été générés ({ $product })
mail-factor-codes-renewed-body = De nouveaux codes de récupération ont été générés pour votre compte { $product } ({ $email }) : les anciens ne fonctionnent plus.
mail-factor-passkey-added-subject = Une clé d'accès a été ajoutée ({ $product })
mail-factor-passkey-added-body = Une clé d'accès a été ajoutée à votre compte { $product } ({ $email }) : elle vous permet de vous connecter, ou de confirmer une connexion par mot de passe.
mail-factor-passkey-removed-subject = Une clé d'accès a été supprimée ({ $product })
mail-factor-passkey-removed-body = Une clé d'accès a été supprimée de votre compte { $product } ({ $email }).
# Connexion via un autre fournisseur, comme Google ou GitHub.
mail-factor-sign-in-connected-subject = Une connexion externe a été associée à votre compte ({ $product })
mail-factor-sign-in-connected-body = Une connexion via un autre fournisseur (comme Google ou GitHub) a été associée à votre compte { $product } ({ $email }) : elle vous permet désormais de vous connecter.
mail-factor-sign-in-disconnected-subject = Une connexion externe a été dissociée de votre compte ({ $product })
mail-factor-sign-in-disconnected-body = Une connexion via un autre fournisseur a été dissociée de votre compte { $product } ({ $email }).
mail-factor-reset-subject = Vos seconds facteurs ont été réinitialisés ({ $product })
mail-factor-reset-body = Un administrateur a supprimé tous les seconds facteurs et fermé toutes les sessions de votre compte { $product } ({ $email }).
# Partie HTML : $link est un lien vers la page de réinitialisation portant le texte de mail-factor-not-you-link.
mail-factor-not-you = Si ce n'était pas vous, quelqu'un connaît peut-être votre mot de passe : { $link }, puis vérifiez les paramètres de sécurité de votre compte.
mail-factor-not-you-link = réinitialisez-le dès maintenant
# Partie texte brut ; le lien vers la page de réinitialisation suit sur sa propre ligne.
mail-factor-not-you-open = Si ce n'était pas vous, quelqu'un connaît peut-être votre mot de passe : réinitialisez-le dès maintenant, puis vérifiez les paramètres de sécurité de votre compte :
