from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NotificationPreferences


class NotificationSettingsForm(forms.Form):
    email = forms.ChoiceField(
        label=_("Email me about notifications"),
        choices=NotificationPreferences.Email.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Notifications always show on the site. Decisions about your work are "
            "emailed to you whatever you choose here."
        ),
    )
