from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ARTWORK_REASONS, COMMENT_REASONS, PROFILE_REASONS, Report


class ReportForm(forms.Form):
    """What a member says about a work: a reason from the short list, and optionally more."""

    reasons = ARTWORK_REASONS

    reason = forms.ChoiceField(label=_("Reason"), widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=Report._meta.get_field("message").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Anything that helps a moderator understand the problem. Only moderators read it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [(reason.value, reason.label) for reason in self.reasons]


class ProfileReportForm(ReportForm):
    """What a member says about another member's profile (name, bio, links, avatar)."""

    reasons = PROFILE_REASONS


class CommentReportForm(ReportForm):
    """What a member says about another member's comment."""

    reasons = COMMENT_REASONS
