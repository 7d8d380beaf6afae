"""Forms for the member's collection pages. They check what a person typed, next to each field;
the rules that need the database (limits, public work only, the owner) are the service's
(social.collections)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Collection


class CollectionForm(forms.ModelForm):
    class Meta:
        model = Collection
        fields = ["name", "description", "is_public"]
        labels = {"name": _("Name"), "description": _("Description"), "is_public": _("Public")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
