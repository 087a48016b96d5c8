# Civitas interface messages: English (the reference for every other language).

## Frame
skip-to-content = Skip to main content
nav-label = Main
nav-home = Home
nav-account = My account
nav-admin = Platform administration
signed-in-as = Signed in as { $name }
sign-in = Sign in
sign-out = Sign out
language-label = Language
footer-text = Civitas – people-centred digital transformation for cities. Open source.
back-home = Back to the home page
cancel = Cancel
save = Save
total = Total
form-has-errors = Please correct the following
datetime = { $day } { $month } { $year }, { $time } UTC
month-1 = Jan
month-2 = Feb
month-3 = Mar
month-4 = Apr
month-5 = May
month-6 = Jun
month-7 = Jul
month-8 = Aug
month-9 = Sep
month-10 = Oct
month-11 = Nov
month-12 = Dec

## Roles
role-city-admin = City administrator
role-data-editor = Data editor
role-verifier = Verifier
role-viewer = Viewer
role-platform-admin = Platform administrator
role-of = Role of { $name }

## Fields and form messages
field-email = E-mail address
field-password = Password
field-current-password = Current password
field-new-password = New password
field-confirm-password = Repeat the new password
field-display-name = Your name
field-city-name = City name
field-slug = Short name for web addresses
field-country = Country
field-population = Population
field-published = Publish this city's public page
field-token-name = Token name
password-hint = At least 8 characters. A few words you will remember make a strong password.
population-hint = A whole number, for example 412300. Leave empty if unknown.
slug-hint = Lowercase letters, digits and hyphens, for example demo-city.
token-name-hint = What the token is for, for example "reporting script".
error-required = This field is required.
error-too-long = This is too long.
error-not-an-email = Enter an e-mail address like name@example.org.
error-password-too-short = Use at least 8 characters.
error-password-too-long = Use at most 128 characters.
error-password-too-common = This is one of the most common passwords. Choose another.
error-passwords-differ = The two passwords are not the same.
error-wrong-password = This is not the current password.
error-not-a-slug = Use lowercase letters, digits and hyphens only.
error-not-a-positive-number = Enter a whole number above zero.
error-unknown-role = Choose one of the roles in the list.
error-unknown-language = Choose English, French, Spanish or Arabic.
error-already-taken = This is already in use.
error-last-city-admin = The city would be left without an administrator. Give the role to someone else first.

## Error pages
error-request-id = If you contact support, quote this reference: { $id }
error-page-not-found = Page not found
error-page-not-found-detail = The page does not exist, or you do not have access to it.
error-page-sign-in = Please sign in
error-page-sign-in-detail = You need to sign in to see this page.
error-page-forbidden = Not allowed
error-page-forbidden-detail = Your role does not allow this action. Ask a city administrator if you need it.
error-page-csrf = The form has expired
error-page-csrf-detail = For your security the form could not be accepted. Go back, reload the page and try again.
error-page-invalid = The request could not be understood
error-page-invalid-detail = Some of the values sent are not valid.
error-page-throttled = Too many attempts
error-page-throttled-detail = Please wait a few minutes and try again.
error-page-unavailable = Service unavailable
error-page-unavailable-detail = The database is not answering. Please try again in a moment.
error-page-internal = Something went wrong
error-page-internal-detail = The error has been recorded. Please try again later.

## Notices after an action
notice-password-changed = Your password has been changed. Your other sessions have been signed out.
notice-token-revoked = The token has been revoked.
notice-role-changed = The role has been changed.
notice-member-removed = The person has been removed from this city.
notice-user-disabled = The account has been disabled. Its sessions and tokens no longer work.
notice-user-enabled = The account has been enabled again.
notice-city-saved = The city's settings have been saved.
notice-city-created = The city has been created.
notice-welcome = Welcome to Civitas. You are signed in.
notice-invited = An invitation for { $email } has been created.

## Sign in
login-title = Sign in to Civitas
login-failed = The e-mail address or the password is not right.
login-throttled = Too many attempts. Please try again in { $minutes } minutes.
login-no-account = Accounts are created by invitation from a city administrator. Residents do not need an account to read what cities publish.

## Home
home-title = Cities on Civitas
home-lead = Civitas helps cities measure where they stand on the U4SSC indicators, understand their digital divide, plan with their residents and publish the results.
home-my-cities = My cities
home-published-cities = Published cities
home-no-published = No city has published its page yet.

## Account
account-title = My account
account-email = E-mail address: { $email }
account-password-heading = Change password
account-password-sessions = Changing your password signs out all your other sessions.
account-password-button = Change password
account-tokens-heading = API tokens
account-tokens-lead = Tokens let scripts and other systems use the Civitas API on your behalf. Send them as "Authorization: Bearer" followed by the token.
account-token-created = Your new token is below. Copy it now: it will not be shown again.
account-no-tokens = You have no API tokens.
token-revoked = Revoked
token-revoke-button = Revoke { $name }
token-create-button = Create token

## City
city-population = population { $count }
city-not-published = Not published: only the city's team can see this page.
city-workspace-nav = City workspace
city-members-link = People and roles
city-audit-link = Audit log
city-settings-link = Settings
city-districts-heading = Districts
city-districts-caption = Districts of { $city }
city-no-districts = No districts have been entered yet.
settings-title = Settings of { $city }
col-district = District
col-population = Population
col-area = Area (km²)
col-name = Name
col-role = Role
col-actions = Actions
col-created = Created
col-last-used = Last used
col-status = Status
col-when = When
col-who = Who
col-what = What
col-old = Before
col-new = After

## Members and invitations
members-title = People in { $city }
members-caption = Members and their roles
change-role-button = Change role of { $name }
remove-member-link = Remove { $name }
disable-user-link = Disable { $name }
enable-user-button = Enable { $name }
user-disabled = Disabled
user-active = Active
invite-heading = Invite a person
invite-lead = Civitas creates a one-time link. Send it to the person yourself: it is valid for 7 days.
invite-button = Create invitation link
invite-link-lead = Send this link to the person. It works once and is shown only now.
invitations-heading = Invitations
invitation-accepted = Accepted
invitation-expired = Expired
invitation-pending = Waiting, valid until { $until }
invitation-title = Accept your invitation
invitation-lead = You have been invited to work on { $city } in Civitas.
invitation-role = Your role: { $role }.
invitation-existing-account = You already have an account. Enter its password to add this city to it.
invitation-accept-button = Accept the invitation
confirm-remove-title = Remove a member
confirm-remove-question = Remove { $name }? They will lose access to this city. You can invite them again later.
confirm-remove-button = Yes, remove
confirm-disable-title = Disable an account
confirm-disable-question = Disable the account of { $name }? They will be signed out everywhere and their API tokens will stop working. You can enable it again later.
confirm-disable-button = Yes, disable

## Audit
audit-city-heading = Audit log of { $city }
audit-platform-heading = Audit log of the whole platform
audit-caption = Changes, newest first
audit-empty = Nothing has been recorded yet.
audit-older = Older entries

## Platform administration
admin-title = Platform administration
admin-cities-heading = Cities
admin-new-city = Add a city
admin-create-city = Create city
admin-users-heading = Accounts
city-residents-nav = For residents
