from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import CommissionRequest
from .relay import one_line

DEADLINE_IN_THE_PAST = _("Choose a date from today on, or leave it empty.")


class CommissionSettingsForm(forms.ModelForm):
    """The artist's switch and the short text their page shows while it is on."""

    class Meta:
        model = get_user_model()
        fields = ["open_for_commissions", "commission_text"]
        labels = {
            "open_for_commissions": _("Open for commissions"),
            "commission_text": _("About your commissions"),
        }
        help_texts = {
            "open_for_commissions": _(
                "Your artist page then shows a “Request a commission” button to members."
            ),
            "commission_text": _(
                "Shown on your artist page: what you take on, prices, how long it takes. Up to "
                "500 characters."
            ),
        }
        widgets = {"commission_text": forms.Textarea(attrs={"rows": 4})}

    def save(self, commit=True):
        # Only these two columns: the rest of the member's row is not rewritten from what
        # this request happened to load.
        if commit:
            self.instance.save(update_fields=self.Meta.fields)
        return self.instance


class CommissionRequestForm(forms.ModelForm):
    """What a member asks an artist for."""

    class Meta:
        model = CommissionRequest
        fields = ["subject", "message", "budget", "deadline"]
        labels = {
            "subject": _("Subject"),
            "message": _("Message"),
            "budget": _("Budget"),
            "deadline": _("Deadline"),
        }
        help_texts = {
            "subject": _("A short title, for example “A portrait of our dog”."),
            "message": _("What you would like, its size, where it is for. Up to 3,000 characters."),
            "budget": _("For example “€300” or “up to £150”."),
            "deadline": _("When you would need the work by."),
        }
        widgets = {
            "message": forms.Textarea(attrs={"rows": 8}),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean_subject(self):
        # The subject is one line wherever it goes (the email's subject is built from it).
        return one_line(self.cleaned_data["subject"])

    def clean_budget(self):
        return one_line(self.cleaned_data["budget"])

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline is not None and deadline < timezone.localdate():
            raise forms.ValidationError(DEADLINE_IN_THE_PAST, code="past")
        return deadline
