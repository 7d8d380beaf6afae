from django.urls import path
from django.views.generic import RedirectView

from . import account_views, views


def moved_to(pattern_name):
    return RedirectView.as_view(pattern_name=pattern_name, permanent=True, query_string=True)


# Sign-up, log-in, log-out, email and password flows are allauth's (config/urls.py includes
# them); the addresses of the password pages before allauth still lead there.
legacy_account_urls = [
    path("password_change/", moved_to("account_change_password")),
    path("password_reset/", moved_to("account_reset_password")),
    # allauth's sign-up, answering a lost race for a username or address with a form error
    # (before allauth's own pattern, which keeps its name).
    path("signup/", views.SignupView.as_view(), name="account_signup"),
    # Where logging in leads while the account waits for deletion (members.adapter).
    path("deletion-pending/", account_views.deletion_pending, name="account_deletion_pending"),
]

profile_urls = [path("", views.profile, name="profile")]

account_urls = [
    path("", account_views.account, name="account"),
    path("export/", account_views.data_export, name="data_export"),
    path(
        "export/<int:export_id>/download/",
        account_views.data_export_download,
        name="data_export_download",
    ),
    path("delete/", account_views.delete_account, name="delete_account"),
]
