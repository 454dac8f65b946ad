# Les pages d'erreur : chaque message est la phrase sous le titre, et son
# .title le titre (et celui de l'onglet du navigateur). Les codes de problème,
# chemins, types de média et noms d'en-têtes restent tels quels.

## Connexion via un autre fournisseur
error-state-mismatch = Cette connexion n'a pas été lancée dans ce navigateur, ou son lien a été modifié. Recommencez.
    .title = Impossible de finaliser la connexion
error-flow-expired = La connexion n'a pas été finalisée à temps. Recommencez.
    .title = Délai de connexion dépassé
error-access-denied = La connexion a été annulée chez le fournisseur, ou celui-ci l'a refusée. Vous pouvez réessayer, ou vous connecter autrement.
    .title = Connexion annulée
error-link-with-password = Un compte existe déjà avec cette adresse e-mail. Connectez-vous avec votre mot de passe, puis associez ce fournisseur depuis votre page de compte.
    .title = Connectez-vous d'abord avec votre mot de passe
error-federation-signup-closed = Aucun compte ne correspond à cette identité, et ce fournisseur ne peut pas en créer. Inscrivez-vous d'abord, ou connectez-vous autrement.
    .title = Pas encore de compte
error-email-missing = Le fournisseur n'a pas communiqué d'adresse e-mail vérifiée, or un compte en nécessite une. Autorisez ce partage chez le fournisseur, ou inscrivez-vous avec votre adresse e-mail.
    .title = Aucune adresse e-mail
error-identity-taken = Cette identité sert déjà à se connecter à un autre compte ici.
    .title = Associée à un autre compte
error-identity-exists = Votre compte est déjà associé à une autre identité chez ce fournisseur : dissociez-la d'abord.
    .title = Déjà associé
# code_verifier est un nom de paramètre : à garder tel quel.
error-invalid-login-code = Le code de connexion est invalide, déjà utilisé ou expiré, ou le code_verifier ne lui correspond pas.
    .title = Code de connexion invalide

## Refus et échecs communs à toutes les pages
error-validation-failed = Un ou plusieurs champs sont invalides.
    .title = Échec de la validation
error-invalid-credentials = Adresse e-mail ou mot de passe incorrect.
    .title = Identifiants invalides
error-invalid-token = Le jeton est invalide ou révoqué : reconnectez-vous.
    .title = Non autorisé
error-token-expired = Le jeton d'accès a expiré : obtenez-en un nouveau avec le jeton d'actualisation.
    .title = Jeton expiré
error-account-disabled = Ce compte a été désactivé.
    .title = Compte désactivé
error-email-not-verified = Confirmez votre adresse e-mail avant de vous connecter.
    .title = Adresse e-mail non vérifiée
error-forbidden = Vous n'avez pas l'autorisation nécessaire.
    .title = Accès interdit
error-not-found = Cette ressource n'existe pas.
    .title = Introuvable
error-email-taken = Un compte existe déjà avec cette adresse e-mail.
    .title = Adresse e-mail déjà utilisée
error-invalid-one-time-token = Ce lien est invalide, déjà utilisé ou expiré. Demandez-en un nouveau.
    .title = Lien invalide
error-reauth-failed = Le mot de passe actuel est incorrect.
    .title = Échec de la vérification
error-last-admin = Il doit rester au moins un administrateur actif.
    .title = Dernier administrateur
error-role-exists = Un rôle portant ce nom existe déjà.
    .title = Rôle existant
error-builtin-role = Les rôles prédéfinis ne peuvent être ni modifiés ni supprimés.
    .title = Rôle prédéfini
error-invalid-client = Le client est inconnu ou ne s'est pas authentifié.
    .title = Client invalide
# Une requête OAuth envoyée par une application a été refusée (la raison n'est
# indiquée qu'à l'application).
error-invalid-request = L'application a envoyé une demande qui ne peut pas être traitée. Retournez dans l'application et recommencez.
    .title = Requête invalide
# palisade est l'identifiant du client : à garder tel quel.
error-builtin-client = Le client prédéfini palisade ne peut être ni modifié ni supprimé.
    .title = Client prédéfini
error-already-enrolled = Une application d'authentification est déjà configurée : supprimez-la d'abord.
    .title = Déjà configurée
error-invalid-code = Le code est incorrect ou a expiré : saisissez celui que l'application affiche maintenant.
    .title = Code invalide
error-wrong-code = Le code est incorrect, déjà utilisé ou expiré.
    .title = Code invalide
error-upstream-refused = La réponse du fournisseur d'identité n'a pas pu être vérifiée : recommencez.
    .title = Connexion refusée
error-last-login-method = C'est votre seul moyen de connexion : définissez d'abord un mot de passe ou ajoutez une clé d'accès.
    .title = Dernier moyen de connexion
error-signup-closed = Il n'est pas possible de créer un compte ici : demandez une invitation à un administrateur.
    .title = Inscriptions fermées
error-tenant-exists = Un locataire avec ce slug existe déjà.
    .title = Locataire existant
error-host-taken = Un autre locataire est déjà servi sur l'un de ces hôtes.
    .title = Hôte déjà utilisé
error-default-tenant = Le locataire par défaut contient l'administration de la plateforme et ne peut pas être supprimé.
    .title = Locataire par défaut
error-provider-exists = Un fournisseur d'identité avec ce slug est déjà configuré.
    .title = Fournisseur existant
# /v1/users/me/mfa est un chemin d'API : à garder tel quel.
error-mfa-enrollment-required = Votre rôle impose un second facteur : configurez-en d'abord un via /v1/users/me/mfa ou sur votre page de compte.
    .title = Second facteur requis
error-invalid-passkey = La clé d'accès n'a pas pu être enregistrée : recommencez.
    .title = Clé d'accès invalide
error-mfa-token-expired = La deuxième étape a expiré ou a échoué trop souvent : reconnectez-vous.
    .title = Connexion expirée
error-mfa-required = Terminez la connexion avec un second facteur.
    .title = Second facteur requis
error-unverified-account = L'adresse e-mail de ce compte n'est pas vérifiée.
    .title = Compte non vérifié
error-rate-limited = Patientez un peu, puis réessayez plus tard.
    .title = Trop de requêtes
error-busy = Trop de requêtes sont en cours de traitement ; réessayez dans un instant.
    .title = Service surchargé
error-unavailable = La base de données est injoignable ; réessayez d'ici peu.
    .title = Service indisponible
error-internal = Un problème est survenu de notre côté. Indiquez l'identifiant de la requête si vous le signalez.
    .title = Erreur interne du serveur

## Ce qu'une requête elle-même peut avoir de mal formé
# Un formulaire ou une requête que le serveur n'a pas pu lire.
error-malformed-request = La requête n'a pas pu être lue.
    .title = Requête mal formée
# application/json est un type de média : à garder tel quel.
error-unsupported-media-type = Envoyez le corps au format application/json.
    .title = Type de média non pris en charge
error-payload-too-large = Le corps de la requête dépasse 64 Kio.
    .title = Contenu trop volumineux
# $header est l'en-tête HTTP à envoyer (l'en-tête Authorization avec un jeton bearer).
error-missing-token = Ce point de terminaison nécessite un jeton d'accès : { $header }.
    .title = Non autorisé
error-method-not-allowed = Ce chemin n'accepte pas cette méthode.
    .title = Méthode non autorisée
error-timeout = La requête a pris trop de temps.
    .title = Délai de requête dépassé

## Pages uniquement
# Une requête que rien n'a reconnue (aucune page ne l'affiche aujourd'hui).
error-request-failed = La requête n'a pas pu être traitée.
    .title = Échec de la requête
# Un formulaire envoyé sans le jeton de cette session (après une longue pause,
# ou depuis un autre site).
error-form-expired = Ce formulaire a expiré ou n'a pas été envoyé depuis ce site. Revenez en arrière, rechargez la page et réessayez.
    .title = Formulaire expiré
# Sous une erreur serveur : $detail est la phrase de l'erreur (un autre message
# error-*), $id l'identifiant de la requête à indiquer en la signalant.
error-request-id = { $detail } Identifiant de la requête : { $id }.
