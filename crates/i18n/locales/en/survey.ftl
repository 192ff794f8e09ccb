## Member survey and e-mail

survey-nav = Survey
survey-title = Member survey
survey-lead = Each year the cluster asks its members for their figures and their opinion. The answers stay private to the cluster and feed the plan's indicators.
survey-campaigns = Survey campaigns
survey-none = No survey campaign yet.
survey-year = Year of the figures
survey-dates = Dates
survey-status = Status
survey-status-open = Open
survey-status-upcoming = Not open yet
survey-status-ended = Deadline passed
survey-status-closed = Closed
survey-responses = Responses
survey-your-answer = Your answer
survey-answered = Answered
survey-not-answered = Not answered
survey-progress-label = { $answered } of { $members } members answered
survey-new = Open a campaign
survey-new-hint = Members answer with the figures of the year given, between the two dates.
survey-opens-on = Opens on
survey-closes-on = Closes on
survey-open = Open the campaign
survey-campaign-title = Member survey { $year }
survey-progress = Who answered
survey-member = Member
survey-answer = Answer
survey-reminders = Reminders sent
survey-last-reminder = Last reminder
survey-send-reminders = { $count ->
    [0] No one to remind
    [one] Send one reminder
   *[other] Send { $formatted } reminders
}
survey-send-reminders-hint = One e-mail to each user of a member that has not answered, in the user's language.
survey-reminders-sent = { $count ->
    [0] No reminder sent: no member user is waiting to answer.
    [one] One reminder sent.
   *[other] { $formatted } reminders sent.
}
survey-reminders-failed = { $count ->
    [one] One reminder could not be sent: see the server log.
   *[other] { $formatted } reminders could not be sent: see the server log.
}
survey-mail-disabled = E-mail is off on this server (no SMTP relay configured): reminders cannot be sent.
survey-close = Close the campaign
survey-back = Back to the survey
survey-saved = Answer saved. It can be corrected while the campaign is open.
survey-intro = Answer for your organisation with the figures of the year asked. Every field is optional; write numbers as you usually do (for example 1,234.5).
survey-characterisation = Your organisation in figures
survey-opinion = Your opinion
survey-field-employment = Employees (full-time equivalent)
survey-field-revenue = Revenue
survey-field-exports = Exports
survey-field-rd_investment = R&D investment
survey-field-new_funding = New funding raised
survey-field-satisfaction = Satisfaction with the cluster
survey-field-needs = What does your organisation need from the cluster?
survey-field-comment = Other comments
survey-hint-employment = Yearly average, for example 12.5.
survey-hint-money = In euros, for the whole year.
survey-hint-satisfaction = From 0 (not satisfied at all) to 10 (fully satisfied).
survey-private = Only the cluster's staff and board see your answers; the plan's indicators use them in totals and averages.
survey-submit = Save the answer
survey-no-answer = No answer yet.
survey-not-given = Not given
survey-invalid-negative = Cannot be negative
survey-invalid-out_of_range = Must be between 0 and 10
survey-invalid-not_a_number = Not a number
survey-invalid-invalid_year = Not a valid year
survey-invalid-duplicate = There is already a campaign for this year
survey-invalid-closed = The campaign is closed: answers can no longer be changed
survey-invalid-end_before_start = Closes before it opens
survey-invalid-not_open = The campaign is not open: reminders go out only while members can answer

mail-survey-subject = { $cluster }: member survey { $year }
mail-survey-greeting = Hello { $name },
mail-survey-body = { $organisation } has not yet answered the { $cluster } member survey about { $year }. It takes a few minutes and closes on { $closes }.
mail-survey-action = Answer the survey
mail-survey-signature = { $cluster }
