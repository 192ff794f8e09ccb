## Opportunity and tender watch, surveillance bulletin

watch-nav = Veille des marchés
watch-title = Veille des marchés et opportunités
watch-lead = Marchés publics et autres opportunités correspondant à vos profils d'alerte, avec la raison de chaque correspondance.
watch-subscription-saved = Préférences du bulletin enregistrées.
watch-digest-sent = Résumé envoyé
watch-overview = La veille du cluster
watch-overview-members = Membres avec un profil
watch-overview-profiles = Profils d'alerte
watch-overview-matches = Correspondances
watch-overview-dismissed = Marquées non pertinentes
watch-digest-now = Envoyer maintenant le résumé de la semaine
watch-bulletin = Bulletin de veille
watch-frequency = Fréquence
watch-frequency-weekly = Hebdomadaire
watch-frequency-daily = Quotidien
watch-frequency-off = Désactivé
watch-atom = Flux Atom de vos correspondances
watch-ical = Calendrier des échéances (iCalendar)
watch-filter = Afficher
watch-state-active = Nouvelles et enregistrées
watch-state-new = Nouvelle
watch-state-saved = Enregistrée
watch-state-dismissed = Écartée
watch-state-shared = Partagées avec moi
watch-state-all = Toutes
watch-no-profile = Pas encore de profil d'alerte : créez-en un et ClusterHub y confrontera chaque opportunité.
watch-profile-new = Nouveau profil d'alerte
watch-empty = Aucune correspondance à afficher.
watch-score = Score
watch-because = Pourquoi :
watch-profiles-matched = Profils :
watch-shared-by = Partagée par { $name }
watch-save = Enregistrer
watch-dismiss = Écarter
watch-restore = Rétablir
watch-verdict = Raison de l'écart
watch-verdict-not_relevant = Non pertinent
watch-verdict-not_for_us = Pas pour nous maintenant
watch-verdict-too_late = Trop tard pour répondre
watch-verdict-too_big = Trop important pour nous
watch-share-with = Partager avec
watch-note = Note
watch-share = Partager
watch-profiles-title = Profils d'alerte
watch-profiles-lead = Ce que votre organisation veut suivre : codes CPV, régions, mots-clés dans toutes les langues, montant, types d'opportunité.
watch-profile-edit = Profil d'alerte
watch-profile-default-name = Marchés
watch-proposed = Premier profil proposé à partir de vos sous-secteurs, compétences et localisation. Vérifiez-le et enregistrez.
watch-field-name = Nom
watch-field-cpv = Codes CPV
watch-field-cpv-hint = Codes ou préfixes séparés par des espaces : 331 couvre tous les codes commençant par 331.
watch-field-nuts = Régions (NUTS)
watch-field-nuts-hint = Codes NUTS ou préfixes : ES2 couvre tout le nord-est de l'Espagne ; vide signifie partout.
watch-field-keywords = Mots-clés
watch-field-keywords-hint = Un par ligne, dans toutes les langues ; pluriels et accents sont reconnus.
watch-field-min_value = Montant minimum (€)
watch-field-max_value = Montant maximum (€)
watch-field-kinds = Types d'opportunité
watch-field-innovation_only = Achats d'innovation uniquement
watch-field-organisation = Membre
watch-reason-cpv = CPV { $code } { $label } sous votre { $prefix }
watch-reason-nuts = lieu { $code } { $label } dans votre { $prefix }
watch-reason-keyword = mot-clé : { $keyword }
watch-reason-innovation = achat d'innovation
watch-feed-title = { $cluster } : vos opportunités
watch-calendar-title = { $cluster } : échéances
watch-unsubscribe-title = Se désabonner du bulletin
watch-unsubscribe-confirm = Ne plus recevoir le bulletin de veille par e-mail ?
watch-unsubscribed = C'est fait : vous ne recevrez plus le bulletin. Vous pouvez le réactiver dans la veille.
mail-watch-greeting = Bonjour { $name },
mail-watch-subject = { $cluster } : { $count ->
    [one] une nouvelle opportunité pour vous
   *[other] { $count } nouvelles opportunités pour vous
}
mail-watch-new-matches = { $count ->
    [one] Une nouvelle correspondance
   *[other] { $formatted } nouvelles correspondances
}
mail-watch-members-reached = { $count ->
    [one] correspond à un membre
   *[other] correspond à { $formatted } membres
}
mail-watch-feed = Voir toutes vos correspondances
mail-watch-footer = Bulletin de veille de { $cluster }
mail-watch-unsubscribe = Se désabonner
opportunities-title = Opportunités
opportunities-lead = Avis de marchés publics de l'UE (eForms) et appels, salons, recherches de partenaires et opportunités de marché que le cluster publie ou partage.
opportunities-count = { $count ->
    [one] Une opportunité
   *[other] { $formatted } opportunités
}
opportunities-import = Importer des avis ou un flux
opportunities-import-file = Fichier
opportunities-import-hint = Un avis eForms (XML), un paquet quotidien (.tar.gz ou .zip) ou un flux RSS/Atom.
opportunities-feed-kind = Type des éléments du flux
opportunities-import-report = Import
opportunities-created = Nouvelles :
opportunities-updated = Mises à jour :
opportunities-unchanged = Inchangées :
opportunities-rejected = Rejetées :
action-import = Importer
opportunity-new = Nouvelle opportunité
opportunity-kind = Type
opportunity-kind-planning = Préinformation
opportunity-kind-tender = Appel d'offres
opportunity-kind-award = Attribution
opportunity-kind-call = Appel à projets
opportunity-kind-fair = Salon
opportunity-kind-partner_search = Recherche de partenaires
opportunity-kind-market = Opportunité de marché
opportunity-origin = Origine
opportunity-origin-eforms = Marchés UE (eForms)
opportunity-origin-cluster = De ce cluster
opportunity-origin-shared = Partagées par d'autres clusters
opportunity-open-only = Ouvertes uniquement
opportunity-title = Titre
opportunity-details = Détails
opportunity-published = Publiée
opportunity-shared = Partagée avec d'autres clusters
opportunity-deadline = Échéance
opportunity-buyer = Acheteur
opportunity-procedure = Procédure
opportunity-innovation = Achat d'innovation
opportunity-link = Lien
opportunity-lots = Lots
opportunity-lot = Lot
opportunity-value = Montant
opportunity-winners = Attribuée à
opportunity-notice-id = Avis
opportunity-subtype = sous-type
opportunity-field-kind = Type
opportunity-field-title = Titre
opportunity-field-summary = Résumé
opportunity-field-buyer = Organisateur ou acheteur
opportunity-field-cpv = Codes CPV
opportunity-field-nuts = Régions (NUTS)
opportunity-field-deadline = Échéance
opportunity-field-url = Lien
bulletins-title = Bulletins du cluster
bulletins-lead = Un bulletin éditorialisé : vos articles en tête, puis les meilleures correspondances de chaque segment de membres.
bulletin-new = Nouveau bulletin
bulletin-status-draft = Brouillon
bulletin-status-sent = Envoyé
bulletin-field-title = Titre
bulletin-field-intro = Introduction
bulletin-field-items = Articles
bulletin-field-items-hint = Un article par bloc séparé par une ligne vide : titre sur la première ligne, puis le texte et un lien facultatif.
bulletin-send = Envoyer à tous les membres
bulletin-send-hint = Part à chaque utilisateur membre qui n'a pas désactivé le bulletin. Envoyer deux fois ne double rien.
bulletin-sent-count = { $count ->
    [one] Envoyé à une personne
   *[other] Envoyé à { $formatted } personnes
}
bulletin-field-items-title = Articles
invalid-unknown_cpv = Ce n'est pas un code ou préfixe de la liste CPV 2008
invalid-unknown_nuts = Ce n'est pas une région NUTS 2021 ni un code pays
invalid-topic_required = Indiquez au moins un code CPV ou un mot-clé : régions et montants seuls correspondraient à tout
invalid-below_minimum = Inférieur au minimum
invalid-no_word = Ne contient ni lettre ni chiffre
invalid-unknown_kind = Ce n'est pas un type d'opportunité
invalid-not_a_colleague = Ce n'est pas un utilisateur de votre organisation dans ce cluster
invalid-one_link_per_item = Un lien par article (numéro de l'article)
invalid-bad_feed = Ce n'est pas un flux RSS ou Atom lisible
invalid-unreadable = Illisible
invalid-unknown_origin = Ce n'est pas une origine d'opportunités
