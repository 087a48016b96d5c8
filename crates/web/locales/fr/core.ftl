# Messages de l'interface Civitas : français.

## Cadre
skip-to-content = Aller au contenu principal
nav-label = Principal
nav-home = Accueil
nav-account = Mon compte
nav-admin = Administration de la plateforme
signed-in-as = Connecté·e en tant que { $name }
sign-in = Se connecter
sign-out = Se déconnecter
language-label = Langue
footer-text = Civitas – la transformation numérique des villes centrée sur les personnes. Logiciel libre.
back-home = Retour à l'accueil
cancel = Annuler
save = Enregistrer
total = Total
form-has-errors = Veuillez corriger les points suivants
datetime = { $day } { $month } { $year }, { $time } UTC
month-1 = janv.
month-2 = févr.
month-3 = mars
month-4 = avr.
month-5 = mai
month-6 = juin
month-7 = juil.
month-8 = août
month-9 = sept.
month-10 = oct.
month-11 = nov.
month-12 = déc.

## Rôles
role-city-admin = Administrateur·rice de la ville
role-data-editor = Éditeur·rice de données
role-verifier = Vérificateur·rice
role-viewer = Lecteur·rice
role-platform-admin = Administrateur·rice de la plateforme
role-of = Rôle de { $name }

## Champs et messages des formulaires
field-email = Adresse électronique
field-password = Mot de passe
field-current-password = Mot de passe actuel
field-new-password = Nouveau mot de passe
field-confirm-password = Répétez le nouveau mot de passe
field-display-name = Votre nom
field-city-name = Nom de la ville
field-slug = Nom court pour les adresses web
field-country = Pays
field-population = Population
field-published = Publier la page publique de cette ville
field-token-name = Nom du jeton
password-hint = Au moins 8 caractères. Quelques mots dont vous vous souviendrez font un mot de passe solide.
population-hint = Un nombre entier, par exemple 412300. Laissez vide si inconnu.
slug-hint = Lettres minuscules, chiffres et traits d'union, par exemple demo-city.
token-name-hint = À quoi sert le jeton, par exemple « script de rapport ».
error-required = Ce champ est obligatoire.
error-too-long = C'est trop long.
error-not-an-email = Saisissez une adresse électronique comme nom@exemple.org.
error-password-too-short = Utilisez au moins 8 caractères.
error-password-too-long = Utilisez au plus 128 caractères.
error-password-too-common = C'est l'un des mots de passe les plus courants. Choisissez-en un autre.
error-passwords-differ = Les deux mots de passe ne sont pas identiques.
error-wrong-password = Ce n'est pas le mot de passe actuel.
error-not-a-slug = Utilisez uniquement des lettres minuscules, des chiffres et des traits d'union.
error-not-a-positive-number = Saisissez un nombre entier supérieur à zéro.
error-unknown-role = Choisissez l'un des rôles de la liste.
error-unknown-language = Choisissez l'anglais, le français, l'espagnol ou l'arabe.
error-already-taken = Cette valeur est déjà utilisée.
error-last-city-admin = La ville n'aurait plus d'administrateur·rice. Donnez d'abord ce rôle à une autre personne.

## Pages d'erreur
error-request-id = Si vous contactez l'assistance, indiquez cette référence : { $id }
error-page-not-found = Page introuvable
error-page-not-found-detail = La page n'existe pas, ou vous n'y avez pas accès.
error-page-sign-in = Veuillez vous connecter
error-page-sign-in-detail = Vous devez vous connecter pour voir cette page.
error-page-forbidden = Action non autorisée
error-page-forbidden-detail = Votre rôle ne permet pas cette action. Adressez-vous à un·e administrateur·rice de la ville si vous en avez besoin.
error-page-csrf = Le formulaire a expiré
error-page-csrf-detail = Pour votre sécurité, le formulaire n'a pas pu être accepté. Revenez en arrière, rechargez la page et réessayez.
error-page-invalid = La demande n'a pas pu être comprise
error-page-invalid-detail = Certaines des valeurs envoyées ne sont pas valides.
error-page-throttled = Trop de tentatives
error-page-throttled-detail = Veuillez patienter quelques minutes et réessayer.
error-page-unavailable = Service indisponible
error-page-unavailable-detail = La base de données ne répond pas. Veuillez réessayer dans un instant.
error-page-internal = Une erreur s'est produite
error-page-internal-detail = L'erreur a été enregistrée. Veuillez réessayer plus tard.

## Avis après une action
notice-password-changed = Votre mot de passe a été modifié. Vos autres sessions ont été fermées.
notice-token-revoked = Le jeton a été révoqué.
notice-role-changed = Le rôle a été modifié.
notice-member-removed = La personne a été retirée de cette ville.
notice-user-disabled = Le compte a été désactivé. Ses sessions et ses jetons ne fonctionnent plus.
notice-user-enabled = Le compte a été réactivé.
notice-city-saved = Les paramètres de la ville ont été enregistrés.
notice-city-created = La ville a été créée.
notice-welcome = Bienvenue dans Civitas. Vous êtes connecté·e.
notice-invited = Une invitation pour { $email } a été créée.

## Connexion
login-title = Se connecter à Civitas
login-failed = L'adresse électronique ou le mot de passe n'est pas correct.
login-throttled = Trop de tentatives. Veuillez réessayer dans { $minutes } minutes.
login-no-account = Les comptes sont créés sur invitation d'un·e administrateur·rice de la ville. Les habitant·es n'ont pas besoin de compte pour lire ce que publient les villes.

## Accueil
home-title = Les villes sur Civitas
home-lead = Civitas aide les villes à mesurer où elles en sont sur les indicateurs U4SSC, à comprendre leur fracture numérique, à planifier avec leurs habitant·es et à publier les résultats.
home-my-cities = Mes villes
home-published-cities = Villes publiées
home-no-published = Aucune ville n'a encore publié sa page.

## Compte
account-title = Mon compte
account-email = Adresse électronique : { $email }
account-password-heading = Changer de mot de passe
account-password-sessions = Changer de mot de passe ferme toutes vos autres sessions.
account-password-button = Changer le mot de passe
account-tokens-heading = Jetons d'API
account-tokens-lead = Les jetons permettent à des scripts et à d'autres systèmes d'utiliser l'API de Civitas en votre nom. Envoyez-les sous la forme « Authorization: Bearer » suivi du jeton.
account-token-created = Votre nouveau jeton figure ci-dessous. Copiez-le maintenant : il ne sera plus affiché.
account-no-tokens = Vous n'avez aucun jeton d'API.
token-revoked = Révoqué
token-revoke-button = Révoquer { $name }
token-create-button = Créer un jeton

## Ville
city-population = population { $count }
city-not-published = Non publiée : seule l'équipe de la ville peut voir cette page.
city-workspace-nav = Espace de travail de la ville
city-members-link = Personnes et rôles
city-audit-link = Journal d'audit
city-settings-link = Paramètres
city-districts-heading = Quartiers
city-districts-caption = Quartiers de { $city }
city-no-districts = Aucun quartier n'a encore été saisi.
settings-title = Paramètres de { $city }
col-district = Quartier
col-population = Population
col-area = Superficie (km²)
col-name = Nom
col-role = Rôle
col-actions = Actions
col-created = Créé
col-last-used = Dernière utilisation
col-status = État
col-when = Quand
col-who = Qui
col-what = Quoi
col-old = Avant
col-new = Après

## Membres et invitations
members-title = Les personnes de { $city }
members-caption = Membres et leurs rôles
change-role-button = Changer le rôle de { $name }
remove-member-link = Retirer { $name }
disable-user-link = Désactiver { $name }
enable-user-button = Réactiver { $name }
user-disabled = Désactivé
user-active = Actif
invite-heading = Inviter une personne
invite-lead = Civitas crée un lien à usage unique. Envoyez-le vous-même à la personne : il est valable 7 jours.
invite-button = Créer le lien d'invitation
invite-link-lead = Envoyez ce lien à la personne. Il ne fonctionne qu'une fois et n'est affiché que maintenant.
invitations-heading = Invitations
invitation-accepted = Acceptée
invitation-expired = Expirée
invitation-pending = En attente, valable jusqu'au { $until }
invitation-title = Accepter votre invitation
invitation-lead = Vous êtes invité·e à travailler sur { $city } dans Civitas.
invitation-role = Votre rôle : { $role }.
invitation-existing-account = Vous avez déjà un compte. Saisissez son mot de passe pour y ajouter cette ville.
invitation-accept-button = Accepter l'invitation
confirm-remove-title = Retirer un membre
confirm-remove-question = Retirer { $name } ? Cette personne perdra l'accès à cette ville. Vous pourrez l'inviter de nouveau plus tard.
confirm-remove-button = Oui, retirer
confirm-disable-title = Désactiver un compte
confirm-disable-question = Désactiver le compte de { $name } ? Toutes ses sessions seront fermées et ses jetons d'API ne fonctionneront plus. Vous pourrez le réactiver plus tard.
confirm-disable-button = Oui, désactiver

## Audit
audit-city-heading = Journal d'audit de { $city }
audit-platform-heading = Journal d'audit de toute la plateforme
audit-caption = Modifications, les plus récentes d'abord
audit-empty = Rien n'a encore été enregistré.
audit-older = Entrées plus anciennes

## Administration de la plateforme
admin-title = Administration de la plateforme
admin-cities-heading = Villes
admin-new-city = Ajouter une ville
admin-create-city = Créer la ville
admin-users-heading = Comptes
city-residents-nav = Pour les habitants
