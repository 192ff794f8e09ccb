## Opportunity and tender watch, surveillance bulletin

watch-nav = Tender watch
watch-title = Tender and opportunity watch
watch-lead = Public tenders and other opportunities matched to your alert profiles, with the reason for each match.
watch-subscription-saved = Bulletin settings saved.
watch-digest-sent = Digest sent
watch-overview = The cluster's watch
watch-overview-members = Members with a profile
watch-overview-profiles = Alert profiles
watch-overview-matches = Matches
watch-overview-dismissed = Marked not relevant
watch-digest-now = Send this week's digest now
watch-bulletin = Surveillance bulletin
watch-frequency = How often
watch-frequency-weekly = Weekly
watch-frequency-daily = Daily
watch-frequency-off = Off
watch-atom = Atom feed of your matches
watch-ical = Calendar of deadlines (iCalendar)
watch-filter = Show
watch-state-active = New and saved
watch-state-new = New
watch-state-saved = Saved
watch-state-dismissed = Dismissed
watch-state-shared = Shared with me
watch-state-all = All
watch-no-profile = No alert profile yet: create one and ClusterHub matches every opportunity against it.
watch-profile-new = New alert profile
watch-empty = No matches to show.
watch-score = Score
watch-because = Why:
watch-profiles-matched = Profiles:
watch-shared-by = Shared by { $name }
watch-save = Save
watch-dismiss = Dismiss
watch-restore = Restore
watch-verdict = Why dismiss
watch-verdict-not_relevant = Not relevant
watch-verdict-not_for_us = Not for us now
watch-verdict-too_late = Too late to bid
watch-verdict-too_big = Too big for us
watch-share-with = Share with
watch-note = Note
watch-share = Share
watch-profiles-title = Alert profiles
watch-profiles-lead = What your organisation wants to hear about: CPV codes, regions, keywords in any language, value, kinds of opportunity.
watch-profile-edit = Alert profile
watch-profile-default-name = Tenders
watch-proposed = A first profile proposed from your subsectors, capabilities and place. Check it and save.
watch-field-name = Name
watch-field-cpv = CPV codes
watch-field-cpv-hint = Codes or prefixes separated by spaces: 331 covers every code that starts with 331.
watch-field-nuts = Regions (NUTS)
watch-field-nuts-hint = NUTS codes or prefixes: ES2 covers the whole north-east of Spain; empty means anywhere.
watch-field-keywords = Keywords
watch-field-keywords-hint = One per line, in any language; plurals and accents are matched.
watch-field-min_value = Minimum value (€)
watch-field-max_value = Maximum value (€)
watch-field-kinds = Kinds of opportunity
watch-field-innovation_only = Innovation procurement only
watch-field-organisation = Member
watch-reason-cpv = CPV { $code } { $label } under your { $prefix }
watch-reason-nuts = place { $code } { $label } in your { $prefix }
watch-reason-keyword = keyword: { $keyword }
watch-reason-innovation = innovation procurement
watch-feed-title = { $cluster }: your opportunities
watch-calendar-title = { $cluster }: deadlines
watch-unsubscribe-title = Unsubscribe from the bulletin
watch-unsubscribe-confirm = Stop receiving the surveillance bulletin by e-mail?
watch-unsubscribed = Done: you will not receive the bulletin any more. You can turn it back on in the tender watch.
mail-watch-greeting = Hello { $name },
mail-watch-subject = { $cluster }: { $count ->
    [one] one new opportunity for you
   *[other] { $count } new opportunities for you
}
mail-watch-new-matches = { $count ->
    [one] One new match
   *[other] { $formatted } new matches
}
mail-watch-members-reached = { $count ->
    [one] matches one member
   *[other] matches { $formatted } members
}
mail-watch-feed = See all your matches
mail-watch-footer = Surveillance bulletin of { $cluster }
mail-watch-unsubscribe = Unsubscribe
opportunities-title = Opportunities
opportunities-lead = EU public procurement notices (eForms) and the calls, fairs, partner searches and market opportunities the cluster publishes or shares.
opportunities-count = { $count ->
    [one] One opportunity
   *[other] { $formatted } opportunities
}
opportunities-import = Import notices or a feed
opportunities-import-file = File
opportunities-import-hint = An eForms notice (XML), a daily package (.tar.gz or .zip) or an RSS/Atom feed.
opportunities-feed-kind = Kind of the feed's items
opportunities-import-report = Import
opportunities-created = New:
opportunities-updated = Updated:
opportunities-unchanged = Unchanged:
opportunities-rejected = Rejected:
action-import = Import
opportunity-new = New opportunity
opportunity-kind = Kind
opportunity-kind-planning = Prior information
opportunity-kind-tender = Tender
opportunity-kind-award = Award
opportunity-kind-call = Call for proposals
opportunity-kind-fair = Fair
opportunity-kind-partner_search = Partner search
opportunity-kind-market = Market opportunity
opportunity-origin = Source
opportunity-origin-eforms = EU procurement (eForms)
opportunity-origin-cluster = This cluster's
opportunity-origin-shared = Shared by other clusters
opportunity-open-only = Open only
opportunity-title = Title
opportunity-details = Details
opportunity-published = Published
opportunity-shared = Shared with other clusters
opportunity-deadline = Deadline
opportunity-buyer = Buyer
opportunity-procedure = Procedure
opportunity-innovation = Innovation procurement
opportunity-link = Link
opportunity-lots = Lots
opportunity-lot = Lot
opportunity-value = Value
opportunity-winners = Awarded to
opportunity-notice-id = Notice
opportunity-subtype = subtype
opportunity-field-kind = Kind
opportunity-field-title = Title
opportunity-field-summary = Summary
opportunity-field-buyer = Organiser or buyer
opportunity-field-cpv = CPV codes
opportunity-field-nuts = Regions (NUTS)
opportunity-field-deadline = Deadline
opportunity-field-url = Link
bulletins-title = Cluster bulletins
bulletins-lead = A curated bulletin: your editorial items on top, then the best matches of each segment of members.
bulletin-new = New bulletin
bulletin-status-draft = Draft
bulletin-status-sent = Sent
bulletin-field-title = Title
bulletin-field-intro = Introduction
bulletin-field-items = Editorial items
bulletin-field-items-hint = One item per block separated by a blank line: title on the first line, then text and an optional link.
bulletin-send = Send to every member
bulletin-send-hint = Goes to every member user who has not turned the bulletin off. Sending twice sends nothing twice.
bulletin-sent-count = { $count ->
    [one] Sent to one person
   *[other] Sent to { $formatted } people
}
bulletin-field-items-title = Items
invalid-unknown_cpv = Not a CPV code or prefix of the CPV 2008 list
invalid-unknown_nuts = Not a NUTS 2021 region or country code
invalid-topic_required = Give at least one CPV code or one keyword: regions and values alone would match everything
invalid-below_minimum = Lower than the minimum
invalid-no_word = Has no letters or digits
invalid-unknown_kind = Not a kind of opportunity
invalid-not_a_colleague = Not a user of your organisation in this cluster
invalid-one_link_per_item = One link per item (item number)
invalid-bad_feed = Not a readable RSS or Atom feed
invalid-unreadable = Cannot be read
invalid-unknown_origin = Not a source of opportunities
