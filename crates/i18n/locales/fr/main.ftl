# ClusterHub — catalogue français. Les clés sont communes à toutes les langues ; un test échoue s'il en manque une.

## Navigation et cadre
nav-skip = Aller au contenu
nav-cluster = Rubriques du cluster
nav-directory = Annuaire
nav-groups = Gouvernance
nav-people = Personnes
nav-applications = Candidatures
nav-audit = Journal d'audit
nav-import = Importer
nav-apply = Demander l'adhésion
nav-language = Langue
nav-login = Se connecter
nav-logout = Se déconnecter
footer-tagline = la plateforme de gestion des clusters industriels
home-title = Clusters
home-lead = Adhésions, gouvernance et services des clusters hébergés sur cette plateforme.
text-fallback = Pas encore traduit ; affiché en
lang-es = Espagnol
lang-eu = Basque
lang-en = Anglais
lang-fr = Français

## Actions
action-change = Changer
action-edit = Modifier le profil
action-save = Enregistrer
action-cancel = Annuler
action-home = Retour à la page d'accueil
action-approve = Approuver
action-reject = Refuser
action-revoke = Révoquer

## Connexion et compte
login-title = Connexion
login-submit = Se connecter
login-failed = L'adresse e-mail ou le mot de passe est incorrect.
login-rate-limited = Trop de tentatives infructueuses. Réessayez dans 15 minutes.
account-title = Mon compte
account-tokens = Jetons d'API
account-token-create = Créer un jeton
account-token-once = Copiez ce jeton maintenant ; il ne sera plus affiché :

## Tableau de bord
dashboard-figures = Chiffres clés
dashboard-recent = Activité récente

## Annuaire et organisations
directory-title = Annuaire des organisations
# En français, la catégorie « one » couvre 0 et 1 : on affiche donc le nombre.
directory-count = { $count ->
    [one] { $formatted } organisation
   *[other] { $formatted } organisations
}
filter-search = Rechercher
filter-all = Tous
filter-sort = Trier par
filter-apply = Appliquer les filtres
sort-name = Nom (A–Z)
sort--name = Nom (Z–A)
sort-since = Date d'adhésion (plus anciennes d'abord)
sort--since = Date d'adhésion (plus récentes d'abord)
sort-territory = Territoire
pager-label = Pages
pager-prev = Précédent
pager-next = Suivant
org-profile = Profil
org-membership = Adhésion
org-other-clusters = Également adhérent de
org-representatives = Représentants
org-edit-title = Modifier { $name }
org-new-title = Nouvelle organisation adhérente
org-merge = Fusionner le doublon avec cette organisation
org-merge-label = Numéro de l'organisation en doublon
typology-vote = avec droit de vote
form-has-errors = Veuillez corriger les champs signalés ci-dessous.

## Champs
field-name = Nom
field-legal-id = N° de TVA ou identifiant légal
field-entity-type = Type de structure
field-size = Taille
field-territory = Territoire (NUTS)
field-city = Ville
field-country = Pays
field-website = Site web
field-email = Adresse e-mail
field-phone = Téléphone
field-description = Description
field-typology = Typologie
field-subsector = Sous-secteur
field-subsectors = Sous-secteurs
field-value-chains = Chaînes de valeur
field-status = Statut
field-since = Adhérent depuis
field-until = Jusqu'au
field-reason = Motif
field-notes = Notes internes
field-fee-class = Catégorie de cotisation
field-password = Mot de passe
field-first-name = Prénom
field-last-name = Nom
field-job-title = Poste
field-organisation = Organisation
field-message = Message
field-applied = Date de la demande
field-created = Date de création
field-role = Fonction
field-term = Mandat
field-title = Titre
field-starts-at = Début
field-location = Lieu
field-agenda = Ordre du jour
field-minutes = Procès-verbal

## Vocabulaires
entity-type-company = Entreprise
entity-type-research_centre = Centre de recherche
entity-type-technology_centre = Centre technologique
entity-type-hospital = Hôpital
entity-type-university = Université
entity-type-public_body = Organisme public
entity-type-association = Association
entity-type-investor = Investisseur
org-size-micro = Micro
org-size-small = Petite
org-size-medium = Moyenne
org-size-large = Grande
membership-status-applicant = Candidate
membership-status-active = Active
membership-status-suspended = Suspendue
membership-status-withdrawn = Retirée
group-kind-board = Conseil d'administration
group-kind-assembly = Assemblée générale
group-kind-committee = Comité permanent
group-kind-working_group = Groupe de travail
group-role-chair = Président
group-role-vice_chair = Vice-président
group-role-secretary = Secrétaire
group-role-member = Membre
attendance-present = Présent
attendance-excused = Excusé
attendance-absent = Absent
representative-kind-primary = Représentant titulaire
representative-kind-alternate = Suppléant
entity-organisation = organisation
entity-membership = adhésion
entity-person = personne
entity-affiliation = rattachement
entity-meeting = réunion
audit-action-create = Création
audit-action-update = Modification
audit-action-status = Changement de statut :
audit-action-merge = Fusion
audit-action-minutes = Procès-verbal enregistré :

## Candidatures
applications-title = Demandes d'adhésion
applications-none = Aucune demande en attente.
applications-decision = Décision
apply-title = Demande d'adhésion à { $name }
apply-lead = Présentez-nous votre organisation. L'équipe et le conseil d'administration du cluster examinent chaque candidature.
apply-organisation = Votre organisation
apply-contact = Personne à contacter
apply-submit = Envoyer la demande
apply-done = Merci. Votre demande a bien été reçue et sera examinée.

## Personnes
people-count = { $count ->
    [one] { $formatted } personne
   *[other] { $formatted } personnes
}

## Gouvernance
group-members = Membres
group-meetings = Réunions
group-member-count = { $count ->
    [one] { $formatted } membre
   *[other] { $formatted } membres
}
meeting-new = Planifier une réunion
meeting-attendance = Présences
meeting-present = { $count ->
    [one] { $formatted } présent
   *[other] { $formatted } présents
}

## Audit
audit-when = Quand
audit-who = Qui
audit-what = Quoi
audit-changes = Modifications

## Import
import-title = Importer un fichier CSV
import-lead = Téléversez un fichier CSV exporté depuis un tableur ou un autre CRM. Vous vérifierez les colonnes avant tout enregistrement ; si une ligne est erronée, rien n'est importé.
import-kind = Contenu du fichier
import-organisations = Organisations
import-people = Personnes
import-file = Fichier CSV
import-preview = Aperçu
import-mapping = Correspondance des colonnes
import-column = Colonne du fichier
import-target = Champ
import-sample = Premières valeurs
import-ignore = (ignorer)
import-start = Importer
import-running = Import en cours…
import-line = Ligne
import-failed = Rien n'a été importé. Corrigez ces lignes et réessayez :
import-done = { $count ->
    [one] { $formatted } ligne importée.
   *[other] { $formatted } lignes importées.
}
import-orgs-created = Organisations créées : { $formatted }
import-orgs-matched = Organisations existantes identifiées : { $formatted }
import-memberships-created = Adhésions créées : { $formatted }
import-people-created = Personnes créées : { $formatted }
import-people-matched = Personnes existantes identifiées : { $formatted }
import-field-name = Nom
import-field-legal_id = N° de TVA ou identifiant légal
import-field-entity_type = Type de structure
import-field-size = Taille
import-field-territory = Territoire (NUTS)
import-field-country = Pays
import-field-city = Ville
import-field-website = Site web
import-field-email = Adresse e-mail
import-field-phone = Téléphone
import-field-description_es = Description (espagnol)
import-field-description_eu = Description (basque)
import-field-description_en = Description (anglais)
import-field-description_fr = Description (français)
import-field-typology = Typologie
import-field-subsectors = Sous-secteurs
import-field-status = Statut
import-field-first_name = Prénom
import-field-last_name = Nom
import-field-job_title = Poste
import-field-birth_date = Date de naissance
import-field-organisation = Organisation

## Erreurs
error-not_found = Introuvable
error-not_found-help = Cette page n'existe pas ou ne vous est pas accessible.
error-unauthorized = Connexion requise
error-unauthorized-help = Connectez-vous pour voir cette page.
error-forbidden = Accès refusé
error-forbidden-help = Votre compte n'a pas accès à cette partie du cluster.
error-validation = Certaines données ne sont pas valides
error-validation-help = Corrigez les champs indiqués ci-dessous et réessayez.
error-conflict = Conflit
error-conflict-help = La modification entre en conflit avec des données existantes.
error-rate_limited = Trop de tentatives
error-rate_limited-help = Patientez quelques minutes et réessayez.
error-csrf = Le formulaire a expiré
error-csrf-help = Rechargez la page et renvoyez le formulaire.
error-internal = Une erreur est survenue
error-internal-help = L'erreur a été enregistrée. Veuillez réessayer plus tard.

## Messages de validation (par code)
invalid-required = Ce champ est obligatoire
invalid-too_long = Trop long (nombre maximal de caractères)
invalid-invalid_characters = Contient des caractères non autorisés
invalid-invalid_email = Adresse e-mail non valide
invalid-invalid_legal_id = N° de TVA ou identifiant légal non valide
invalid-invalid_url = Adresse web non valide (par exemple https://example.org)
invalid-invalid_nuts = Code NUTS non valide (par exemple ES212)
invalid-invalid_phone = Numéro de téléphone non valide
invalid-invalid_slug = Utilisez des lettres minuscules, des chiffres et des tirets
invalid-invalid_date = Date non valide (format AAAA-MM-JJ)
invalid-invalid_datetime = Date et heure non valides
invalid-unknown_value = Ne fait pas partie des valeurs autorisées
invalid-unknown_country = Pays inconnu
invalid-unknown_field = Champ inconnu
invalid-duplicate_legal_id = Une autre organisation possède déjà cet identifiant légal
invalid-duplicate_in_file = Apparaît deux fois dans le fichier (première occurrence à la ligne)
invalid-already_member = Déjà adhérent de ce cluster
invalid-invalid_transition = Ce changement de statut n'est pas possible
invalid-column_missing = Le fichier ne contient aucune colonne pour ce champ
invalid-mapping_mismatch = La correspondance des colonnes ne concorde pas avec le fichier
invalid-invalid_csv = Le fichier n'est pas un CSV valide
invalid-invalid_upload = Le fichier envoyé n'a pas pu être lu
invalid-invalid_json = Le corps de la requête n'est pas un JSON valide
invalid-invalid_number = Ce n'est pas un nombre
invalid-not_found = Introuvable
invalid-same_organisation = Une organisation ne peut pas être fusionnée avec elle-même
invalid-not_in_group = Cette personne ne fait pas partie du groupe

## People and group seats
action-edit-person = Modifier la personne
person-new-title = Ajouter une personne
action-remove = Retirer
action-add = Ajouter
group-add-member = Ajouter un membre
field-term-start = Début du mandat
field-term-end = Fin du mandat
invalid-before_start = Se termine avant de commencer
audit-action-seat = Siège attribué :
audit-action-unseat = Siège retiré :
entity-group = groupe
dashboard-members-by-status = Adhérents par statut ; chaque chiffre ouvre la liste correspondante.
org-appoint = Nommer un représentant
invalid-not_in_organisation = Cette personne ne travaille pas pour l’organisation
audit-action-representative = Représentant nommé :
audit-action-remove = Retiré
entity-representative = représentant

## Users
nav-users = Utilisateurs
users-title = Utilisateurs et rôles
users-grant = Attribuer un rôle
users-grant-help = Un compte existant garde son mot de passe ; un nouveau reçoit le mot de passe initial ci-dessous (au moins 10 caractères).
users-acts-for = Agit pour (utilisateurs adhérents)
users-initial-password = Mot de passe initial d’un nouveau compte
role-staff = Équipe permanente
role-board = Conseil d’administration
role-member = Utilisateur adhérent
role-partner = Partenaire
invalid-too_short = Trop court
invalid-cannot_revoke_self = Vous ne pouvez pas retirer votre propre rôle
audit-action-role = Rôle attribué :
audit-action-revoke = Rôle retiré :
entity-user = utilisateur

## Governance bodies
group-new = Nouvelle instance
group-kind = Type
group-code = Code court
group-name-es = Nom (espagnol)
group-name-eu = Nom (basque)
group-name-en = Nom (anglais)
group-name-fr = Nom (français)
invalid-taken = Déjà utilisé
