## Member survey and e-mail

survey-nav = Enquête
survey-title = Enquête auprès des adhérents
survey-lead = Chaque année, le cluster demande à ses adhérents leurs chiffres et leur avis. Les réponses restent privées au cluster et alimentent les indicateurs du plan.
survey-campaigns = Campagnes d’enquête
survey-none = Aucune campagne pour l’instant.
survey-year = Année des chiffres
survey-dates = Période
survey-status = État
survey-status-open = Ouverte
survey-status-upcoming = Pas encore ouverte
survey-status-ended = Échéance dépassée
survey-status-closed = Clôturée
survey-responses = Réponses
survey-your-answer = Votre réponse
survey-answered = A répondu
survey-not-answered = N’a pas répondu
survey-progress-label = { $answered } adhérents sur { $members } ont répondu
survey-new = Ouvrir une campagne
survey-new-hint = Les adhérents répondent avec les chiffres de l’année indiquée, entre les deux dates.
survey-opens-on = Ouverture le
survey-closes-on = Clôture le
survey-open = Ouvrir la campagne
survey-campaign-title = Enquête adhérents { $year }
survey-progress = Qui a répondu
survey-member = Adhérent
survey-answer = Réponse
survey-reminders = Relances envoyées
survey-last-reminder = Dernière relance
survey-send-reminders = { $count ->
    [0] Personne à relancer
    [one] Envoyer une relance
   *[other] Envoyer { $formatted } relances
}
survey-send-reminders-hint = Un e-mail à chaque utilisateur des adhérents qui n’ont pas répondu, dans sa langue.
survey-reminders-sent = { $count ->
    [0] Aucune relance envoyée : aucun utilisateur adhérent n’attend de répondre.
    [one] Une relance envoyée.
   *[other] { $formatted } relances envoyées.
}
survey-reminders-failed = { $count ->
    [one] Une relance n’a pas pu être envoyée : voir le journal du serveur.
   *[other] { $formatted } relances n’ont pas pu être envoyées : voir le journal du serveur.
}
survey-mail-disabled = L’e-mail est désactivé sur ce serveur (aucun relais SMTP configuré) : les relances ne peuvent pas être envoyées.
survey-close = Clôturer la campagne
survey-back = Retour à l’enquête
survey-saved = Réponse enregistrée. Elle peut être corrigée tant que la campagne est ouverte.
survey-intro = Répondez pour votre organisation avec les chiffres de l’année demandée. Tous les champs sont facultatifs ; écrivez les nombres comme d’habitude (par exemple 1 234,5).
survey-characterisation = Votre organisation en chiffres
survey-opinion = Votre avis
survey-field-employment = Effectif (équivalent temps plein)
survey-field-revenue = Chiffre d’affaires
survey-field-exports = Exportations
survey-field-rd_investment = Investissement en R&D
survey-field-new_funding = Nouveaux financements levés
survey-field-satisfaction = Satisfaction envers le cluster
survey-field-needs = De quoi votre organisation a-t-elle besoin de la part du cluster ?
survey-field-comment = Autres commentaires
survey-hint-employment = Moyenne sur l’année, par exemple 12,5.
survey-hint-money = En euros, pour l’année entière.
survey-hint-satisfaction = De 0 (pas du tout satisfait) à 10 (entièrement satisfait).
survey-private = Seuls l’équipe et le conseil d’administration du cluster voient vos réponses ; les indicateurs du plan les utilisent dans des totaux et des moyennes.
survey-submit = Enregistrer la réponse
survey-no-answer = Pas encore de réponse.
survey-not-given = Non renseigné
survey-invalid-negative = Ne peut pas être négatif
survey-invalid-out_of_range = Doit être compris entre 0 et 10
survey-invalid-not_a_number = Ce n’est pas un nombre
survey-invalid-invalid_year = Année non valide
survey-invalid-duplicate = Il existe déjà une campagne pour cette année
survey-invalid-closed = La campagne est clôturée : les réponses ne peuvent plus être modifiées
survey-invalid-end_before_start = Se termine avant de commencer
survey-invalid-not_open = La campagne n’est pas ouverte : les relances ne partent que lorsque les adhérents peuvent répondre

mail-survey-subject = { $cluster } : enquête adhérents { $year }
mail-survey-greeting = Bonjour { $name },
mail-survey-body = { $organisation } n’a pas encore répondu à l’enquête adhérents { $year } de { $cluster }. Cela prend quelques minutes ; la clôture est prévue le { $closes }.
mail-survey-action = Répondre à l’enquête
mail-survey-signature = { $cluster }
