# ClusterHub — English catalogue. Keys are shared by every language; a test fails when one is missing.

## Navigation and frame
nav-skip = Skip to content
nav-cluster = Cluster sections
nav-directory = Directory
nav-groups = Governance
nav-people = People
nav-applications = Applications
nav-audit = Audit log
nav-import = Import
nav-apply = Apply for membership
nav-language = Language
nav-login = Sign in
nav-logout = Sign out
footer-tagline = the operating platform of industry clusters
home-title = Clusters
home-lead = Membership, governance and services of the clusters hosted on this platform.
text-fallback = Not yet translated; shown in
lang-es = Spanish
lang-eu = Basque
lang-en = English
lang-fr = French

## Actions
action-change = Change
action-edit = Edit profile
action-save = Save
action-cancel = Cancel
action-home = Back to the home page
action-approve = Approve
action-reject = Reject
action-revoke = Revoke

## Login and account
login-title = Sign in
login-submit = Sign in
login-failed = The e-mail or the password is not right.
login-rate-limited = Too many failed attempts. Try again in 15 minutes.
account-title = Your account
account-tokens = API tokens
account-token-create = Create token
account-token-once = Copy this token now; it will not be shown again:

## Dashboard
dashboard-figures = Key figures
dashboard-recent = Recent activity

## Directory and organisations
directory-title = Organisation directory
directory-count = { $count ->
    [one] 1 organisation
   *[other] { $formatted } organisations
}
filter-search = Search
filter-all = All
filter-sort = Sort by
filter-apply = Apply filters
sort-name = Name (A–Z)
sort--name = Name (Z–A)
sort-since = Member since (oldest)
sort--since = Member since (newest)
sort-territory = Territory
pager-label = Pages
pager-prev = Previous
pager-next = Next
org-profile = Profile
org-membership = Membership
org-other-clusters = Also a member of
org-representatives = Representatives
org-edit-title = Edit { $name }
org-new-title = New member organisation
org-merge = Merge duplicate into this one
org-merge-label = Number of the duplicate organisation
typology-vote = with vote
form-has-errors = Please correct the fields marked below.

## Fields
field-name = Name
field-legal-id = VAT or legal id
field-entity-type = Entity type
field-size = Size
field-territory = Territory (NUTS)
field-city = City
field-country = Country
field-website = Website
field-email = E-mail
field-phone = Phone
field-description = Description
field-typology = Typology
field-subsector = Subsector
field-subsectors = Subsectors
field-value-chains = Value chains
field-status = Status
field-since = Member since
field-until = Until
field-reason = Reason
field-notes = Internal notes
field-fee-class = Fee class
field-password = Password
field-first-name = First name
field-last-name = Last name
field-job-title = Job title
field-organisation = Organisation
field-message = Message
field-applied = Applied on
field-created = Created
field-role = Role
field-term = Term
field-title = Title
field-starts-at = Starts at
field-location = Location
field-agenda = Agenda
field-minutes = Minutes

## Vocabularies
entity-type-company = Company
entity-type-research_centre = Research centre
entity-type-technology_centre = Technology centre
entity-type-hospital = Hospital
entity-type-university = University
entity-type-public_body = Public body
entity-type-association = Association
entity-type-investor = Investor
org-size-micro = Micro
org-size-small = Small
org-size-medium = Medium
org-size-large = Large
membership-status-applicant = Applicant
membership-status-active = Active
membership-status-suspended = Suspended
membership-status-withdrawn = Withdrawn
group-kind-board = Board
group-kind-assembly = General assembly
group-kind-committee = Permanent committee
group-kind-working_group = Working group
group-role-chair = Chair
group-role-vice_chair = Vice-chair
group-role-secretary = Secretary
group-role-member = Member
attendance-present = Present
attendance-excused = Excused
attendance-absent = Absent
representative-kind-primary = Main representative
representative-kind-alternate = Alternate
entity-organisation = organisation
entity-membership = membership
entity-person = person
entity-affiliation = affiliation
entity-meeting = meeting
audit-action-create = Created
audit-action-update = Updated
audit-action-status = Status changed:
audit-action-merge = Merged
audit-action-minutes = Minutes recorded:

## Applications
applications-title = Membership applications
applications-none = No applications are waiting.
applications-decision = Decision
apply-title = Apply to join { $name }
apply-lead = Tell us about your organisation. The cluster's staff and board review every application.
apply-organisation = Your organisation
apply-contact = Contact person
apply-submit = Send application
apply-done = Thank you. Your application has been received and will be reviewed.

## People
people-count = { $count ->
    [one] 1 person
   *[other] { $formatted } people
}

## Governance
group-members = Members
group-meetings = Meetings
group-member-count = { $count ->
    [one] 1 member
   *[other] { $formatted } members
}
meeting-new = Schedule a meeting
meeting-attendance = Attendance
meeting-present = { $count ->
    [one] 1 present
   *[other] { $formatted } present
}

## Audit
audit-when = When
audit-who = Who
audit-what = What
audit-changes = Changes

## Import
import-title = Import from CSV
import-lead = Upload a CSV file exported from a spreadsheet or another CRM. You will check the columns before anything is saved; if any row is wrong, nothing is imported.
import-kind = What the file contains
import-organisations = Organisations
import-people = People
import-file = CSV file
import-preview = Preview
import-mapping = Column mapping
import-column = Column in the file
import-target = Field
import-sample = First values
import-ignore = (ignore)
import-start = Import
import-running = Importing…
import-line = Line
import-failed = Nothing was imported. Fix these rows and try again:
import-done = { $count ->
    [one] Imported 1 row.
   *[other] Imported { $formatted } rows.
}
import-orgs-created = Organisations created: { $formatted }
import-orgs-matched = Existing organisations matched: { $formatted }
import-memberships-created = Memberships created: { $formatted }
import-people-created = People created: { $formatted }
import-people-matched = Existing people matched: { $formatted }
import-field-name = Name
import-field-legal_id = VAT or legal id
import-field-entity_type = Entity type
import-field-size = Size
import-field-territory = Territory (NUTS)
import-field-country = Country
import-field-city = City
import-field-website = Website
import-field-email = E-mail
import-field-phone = Phone
import-field-description_es = Description (Spanish)
import-field-description_eu = Description (Basque)
import-field-description_en = Description (English)
import-field-description_fr = Description (French)
import-field-typology = Typology
import-field-subsectors = Subsectors
import-field-status = Status
import-field-first_name = First name
import-field-last_name = Last name
import-field-job_title = Job title
import-field-birth_date = Birth date
import-field-organisation = Organisation

## Errors
error-not_found = Not found
error-not_found-help = This page does not exist or is not visible to you.
error-unauthorized = Sign in required
error-unauthorized-help = Sign in to see this page.
error-forbidden = Not allowed
error-forbidden-help = Your account has no access to this part of the cluster.
error-validation = Some data is not valid
error-validation-help = Correct the fields listed below and try again.
error-conflict = Conflict
error-conflict-help = The change conflicts with existing data.
error-rate_limited = Too many attempts
error-rate_limited-help = Wait a few minutes and try again.
error-csrf = The form expired
error-csrf-help = Reload the page and send the form again.
error-internal = Something went wrong
error-internal-help = The error has been logged. Please try again later.

## Validation messages (by code)
invalid-required = This field is required
invalid-too_long = Too long (maximum characters)
invalid-invalid_characters = Contains characters that are not allowed
invalid-invalid_email = Not a valid e-mail address
invalid-invalid_legal_id = Not a valid VAT or legal id
invalid-invalid_url = Not a valid web address (for example https://example.org)
invalid-invalid_nuts = Not a valid NUTS code (for example ES212)
invalid-invalid_phone = Not a valid phone number
invalid-invalid_slug = Use lower-case letters, digits and dashes
invalid-invalid_date = Not a valid date (use YYYY-MM-DD)
invalid-invalid_datetime = Not a valid date and time
invalid-unknown_value = Not one of the allowed values
invalid-unknown_country = Unknown country
invalid-unknown_field = Unknown field
invalid-duplicate_legal_id = Another organisation already has this legal id
invalid-duplicate_in_file = Appears twice in the file (first on line)
invalid-already_member = Already a member of this cluster
invalid-invalid_transition = This status change is not possible
invalid-column_missing = The file has no column for this field
invalid-mapping_mismatch = The column mapping does not match the file
invalid-invalid_csv = The file is not valid CSV
invalid-invalid_upload = The upload could not be read
invalid-invalid_json = The request body is not valid JSON
invalid-invalid_number = Not a number
invalid-not_found = Not found
invalid-same_organisation = An organisation cannot be merged into itself
invalid-not_in_group = This person is not in the group

## People and group seats
action-edit-person = Edit person
person-new-title = Add a person
action-remove = Remove
action-add = Add
group-add-member = Add a member
field-term-start = Term starts
field-term-end = Term ends
invalid-before_start = Ends before it starts
audit-action-seat = Seat given:
audit-action-unseat = Seat removed:
entity-group = group
dashboard-members-by-status = Members by status; each figure opens the list behind it.
org-appoint = Appoint a representative
invalid-not_in_organisation = This person does not work for the organisation
audit-action-representative = Representative named:
audit-action-remove = Removed
entity-representative = representative

## Users
nav-users = Users
users-title = Users and roles
users-grant = Give someone a role
users-grant-help = An existing account keeps its password; a new one gets the initial password below (at least 10 characters).
users-acts-for = Acts for (member users)
users-initial-password = Initial password for a new account
role-staff = Staff
role-board = Board
role-member = Member user
role-partner = Partner
invalid-too_short = Too short
invalid-cannot_revoke_self = You cannot remove your own role
audit-action-role = Role given:
audit-action-revoke = Role removed:
entity-user = user

## Governance bodies
group-new = New governance body
group-kind = Kind
group-code = Short code
group-name-es = Name (Spanish)
group-name-eu = Name (Basque)
group-name-en = Name (English)
group-name-fr = Name (French)
invalid-taken = Already in use
