from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import MAX_LENGTH


def plain_text(value):
    """The text as typed, with Windows line ends made plain and control characters (which
    show as nothing, and a NUL PostgreSQL refuses) taken out; line breaks and tabs stay."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in value if c.isprintable() or c in "\n\t").strip()


class CommentForm(forms.Form):
    """A comment or a reply: plain text. The page shows it escaped, with its web addresses as
    links (templatetags.comment_tags), so nothing in it is ever HTML."""

    body = forms.CharField(
        label=_("Comment"),
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_LENGTH}),
        help_text=_("Plain text, up to 2,000 characters. Web addresses become links."),
        error_messages={"required": _("Write something before posting.")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_body(self):
        body = plain_text(self.cleaned_data["body"])
        if not body:
            raise forms.ValidationError(gettext("Write something before posting."))
        if len(body) > MAX_LENGTH:
            raise forms.ValidationError(
                gettext("Keep your comment to %(limit)s characters (it has %(length)s).")
                % {
                    "limit": number_format(MAX_LENGTH, force_grouping=True),
                    "length": number_format(len(body), force_grouping=True),
                }
            )
        return body


class CommentEditForm(CommentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["parent"]
