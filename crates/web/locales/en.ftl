# Haven's web application, English.
nav-label = Main
nav-home = Home
nav-persons = Persons
nav-cases = Cases
nav-audit = Audit trail
nav-users = Users
nav-organisations = Organisations
language = Language
language-save = Change
sign-out = Sign out
sign-in = Sign in
sign-in-title = Sign in to Haven
sign-in-wrong = The username or password is wrong.
sign-in-locked = Too many failed attempts. Sign-in is locked for 15 minutes.
username = Username
password = Password
code-title = One-time code
code = Six-digit code
code-intro = Enter the code your authenticator app shows for Haven.
code-enrol-intro = Your account needs a second factor. Add Haven to an authenticator app with this key, then enter the code it shows.
code-enrol-key = Key:
code-enrol-uri = Or import:
code-submit = Confirm
code-wrong = The code is wrong or was already used. Wait for the next one.
home-title = Home
home-welcome = What waits for you today.
home-referrals-waiting = { $n ->
    [one] { $n } referral waiting for you
   *[other] { $n } referrals waiting for you
}
home-nothing-waiting = Nothing is waiting.
home-recent-cases = Recent cases
home-recent-audit = Latest entries of the audit trail
referral-sent-on = Sent on
referral-from = From
referral-reason = Reason
open = Open
cases-title = Cases
case-title = Case
cases-none = No cases.
case-reference = Reference
case-kind = Kind
case-opened = Opened
case-status = Status
case-person = Person
case-details = Details
section-hidden = This section is not shared with you.
all = All
show = Show
previous-page = Previous page
next-page = Next page
persons-title = Persons
persons-search-label = Name (any spelling) or document number
search = Search
persons-found = { $n ->
    [one] { $n } person found
   *[other] { $n } persons found
}
person-title = Person
person-code = Code
person-name = Name
person-sex = Sex
person-birth-year = Year of birth
person-born = Born
person-identity = Identity
person-identity-hidden = The identity is not shared with you.
person-cases = { $n ->
    [one] { $n } case
   *[other] { $n } cases
}
masked = hidden
timeline = Timeline
event-date = Date
event-kind = What happened
event-notes = Notes
audit-title = Audit trail
audit-verify = Verify the whole chain
audit-at = Time
audit-actor = Who
audit-action = Action
audit-record = Record
audit-detail = Detail
verify-title = Audit chain
verify-ok = { $n ->
    [one] The chain of { $n } entry is intact.
   *[other] The chain of { $n } entries is intact.
}
verify-head = Head hash:
verify-broken = The chain is broken:
users-title = Users
organisations-title = Organisations
display-name = Name
organisation = Organisation
organisation-kind = Kind
organisation-parent = Part of
roles = Roles
active = Active
