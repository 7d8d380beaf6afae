from django import forms

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
        label="Comment",
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_LENGTH}),
        help_text="Plain text, up to 2,000 characters. Web addresses become links.",
        error_messages={"required": "Write something before posting."},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_body(self):
        body = plain_text(self.cleaned_data["body"])
        if not body:
            raise forms.ValidationError("Write something before posting.")
        if len(body) > MAX_LENGTH:
            raise forms.ValidationError(
                f"Keep your comment to {MAX_LENGTH:,} characters (it has {len(body):,})."
            )
        return body


class CommentEditForm(CommentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["parent"]
