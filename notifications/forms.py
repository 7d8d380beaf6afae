from django import forms

from .models import NotificationPreferences


class NotificationSettingsForm(forms.Form):
    email = forms.ChoiceField(
        label="Email me about notifications",
        choices=NotificationPreferences.Email.choices,
        widget=forms.RadioSelect,
        help_text="Notifications always show on the site. Decisions about your work are "
        "emailed to you whatever you choose here.",
    )
