from django import forms

from .models import Reason, Report


class ReportForm(forms.Form):
    """What a member says about a work: a reason from the short list, and optionally more."""

    reason = forms.ChoiceField(label="Reason", choices=Reason.choices, widget=forms.RadioSelect)
    message = forms.CharField(
        label="Message",
        required=False,
        max_length=Report._meta.get_field("message").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Anything that helps a moderator understand the problem. Only moderators "
        "read it.",
    )
