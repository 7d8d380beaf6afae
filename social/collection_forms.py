"""Forms for the member's collection pages. They check what a person typed, next to each field;
the rules that need the database (limits, public work only, the owner) are the service's
(social.collections)."""

from django import forms

from .models import Collection


class CollectionForm(forms.ModelForm):
    class Meta:
        model = Collection
        fields = ["name", "description", "is_public"]
        labels = {"name": "Name", "description": "Description", "is_public": "Public"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class NoteForm(forms.Form):
    note = forms.CharField(
        label="Note", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
