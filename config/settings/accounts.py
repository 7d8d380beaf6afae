"""Accounts: the member model, how members log in (django-allauth, with a second factor for
staff) and the limits on sign-up, log-in and account emails."""

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    # AxesStandaloneBackend must come first so a locked-out login stops before the password check.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend (permissions included) that also tells allauth when the password
    # was right for a deactivated account, so it can say "suspended" instead of "wrong".
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "my_artworks"

# Accounts: django-allauth (sign-up, log-in, email verification and change, password flows)
# with allauth.mfa for staff. Members log in with their username; email is verified before
# they can upload or report (core.verification).
ACCOUNT_ADAPTER = "members.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
# Sign-up, log-in and password reset answer alike whether or not an account exists; the owner
# of a registered address gets a "you already have an account" email instead.
ACCOUNT_PREVENT_ENUMERATION = True
# A reset asked for an address nobody uses sends nothing (no mail to strangers).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Artist Collective: "
ACCOUNT_SIGNUP_REDIRECT_URL = "artwork_upload"
# The old address hears when the email is changed, and a member when their password is
# (templates/account/email/); these notices are never held back by the mail limits below.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# allauth's rate limits ("amount/period/per", per = ip, user or key), counted in the default
# cache (Redis in production). Only failures count towards "login_failed", and only per
# address: a per-username limit would let anyone lock a member out (django-axes below locks
# a username on one address). Password reset requests are limited per network here; the
# emails they send are capped by members.adapter with the three "mail_*" limits: per inbox
# and network (so one network cannot use up a member's own resets), per inbox whatever the
# network, and for the whole site.
ACCOUNT_RATE_LIMITS = {
    "signup": "10/h/ip",
    "login": "30/m/ip",
    "login_failed": "20/15m/ip",
    "reset_password": "20/h/ip",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "mail_per_address_and_ip": "3/h/key",
    "mail_per_address": "10/d/key",
    "mail_total": "300/h/key",
}
# Staff (anyone who can enter /admin/) must set up a second factor before the admin opens
# (members.middleware.StaffMFAMiddleware): an authenticator app (TOTP) or a security key
# (WebAuthn), with recovery codes. allauth's WebAuthn scripts are its own static files, loaded
# from this site, and read their settings from JSON data blocks, so the strict CSP stays as it
# is (templates/mfa/). Security keys are a second factor only: no passwordless log-in with
# passkeys (MFA_PASSKEY_LOGIN_ENABLED stays off). The relying party is the request's host, and
# browsers allow WebAuthn only over https (or on http://localhost).
STAFF_MFA_REQUIRED = True
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = "Artist Collective"
# Where a suspended member writes to appeal (shown when they log in).
MODERATION_CONTACT_EMAIL = "moderators@artist-collective.invalid"
