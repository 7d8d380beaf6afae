"""Member accounts (django-allauth): sign-up with email confirmation, log-in, log-out,
password change and reset, a suspended account, the profile page.

Each flow is checked the way a person meets it: the status code, the words on the page, the
rows in the database, the emails sent and whether the session is logged in."""
