"""The gallery's filters and order as a form: it reads the query string, drops what it does
not know, renders the filter bar and builds the listing's queryset.

Page and cursor parameters are not fields here: they are core.pagination's, shared by every
listing (artist pages, exhibitions, the gallery), and a page of a list is not another list.
The gallery adds them to the fragment cache's key and to its cards' links itself."""

from django import forms
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models.fields import printable
from .rights import Licence, Medium

#: `?sort=` values and their labels, the default first.
SORTS = {
    "newest": _("Newest first"),
    "oldest": _("Oldest first"),
    "title": _("Title (A–Z)"),
    "artist": _("Artist (A–Z)"),
    "favourites": _("Most favourited this week"),
}
DEFAULT_SORT = "newest"


class ForgivingChoiceField(forms.ChoiceField):
    """A choice that is dropped (""), never refused, when it is not one of the choices: a
    made-up or outdated link shows the gallery unfiltered rather than an error page."""

    def clean(self, value):
        value = self.to_python(value)
        return value if self.valid_value(value) else ""


class ForgivingTextField(forms.CharField):
    """Text cut to `length` characters and cleaned of control characters (a NUL is refused by
    PostgreSQL), never refused: the cut comes before the trim, as in addresses already
    shared."""

    def __init__(self, *, length, **kwargs):
        super().__init__(required=False, **kwargs)
        self.length = length

    def clean(self, value):
        return printable(value or "")[: self.length].strip()


class LeaveOutAiCheckbox(forms.CheckboxInput):
    """Checked for `?ai=exclude` alone, the value the box sends and every link spells."""

    def format_value(self, value):
        return "exclude"

    def value_from_datadict(self, data, files, name):
        return data.get(name) == "exclude"


class GalleryFilterForm(forms.Form):
    """What the visitor narrowed the gallery to and the order they chose. The fields are
    declared in the order their values appear in addresses and cache keys (`applied`), so
    one listing has one address and one cached grid."""

    tag = ForgivingTextField(length=100, widget=forms.HiddenInput)
    q = ForgivingTextField(
        length=200,
        label=_("Search"),
        widget=forms.SearchInput(
            attrs={
                "id": "gallery-search",
                "placeholder": _("Search title, artist, tag…"),
                "maxlength": 200,
            }
        ),
    )
    licence = ForgivingChoiceField(
        required=False,
        label=_("Licence"),
        choices=[("", _("Any licence")), *Licence.choices],
        widget=forms.Select(attrs={"id": "filter-licence"}),
    )
    medium = ForgivingChoiceField(
        required=False,
        label=_("Medium"),
        choices=[("", _("Any medium")), *Medium.choices],
        widget=forms.Select(attrs={"id": "filter-medium"}),
    )
    ai = forms.BooleanField(
        required=False,
        label=_("Leave out work made with AI"),
        widget=LeaveOutAiCheckbox(attrs={"id": "filter-ai"}),
    )
    sort = ForgivingChoiceField(
        required=False,
        label=_("Sort"),
        choices=SORTS.items(),
        widget=forms.Select(attrs={"id": "gallery-sort"}),
    )

    def __init__(self, data):
        # Ids come from the widgets: the bar's three forms carry some fields again as hidden
        # inputs, which must not repeat an id.
        super().__init__(data, auto_id=False)
        # Cleaned at once: no value can be refused, and the bar renders the cleaned values.
        self.full_clean()

    def clean_sort(self):
        # The default order is left out: `?sort=newest` is the plain gallery.
        sort = self.cleaned_data["sort"]
        return "" if sort == DEFAULT_SORT else sort

    def full_clean(self):
        super().full_clean()
        # The bar shows what is applied, not what was typed: a dropped value is not shown
        # back, and the order select names the default.
        self.data = {**self.applied, "sort": self.applied.get("sort", DEFAULT_SORT)}

    @property
    def applied(self):
        """The filters and order in force, by query parameter, defaults left out."""
        values = {**self.cleaned_data, "ai": "exclude" if self.cleaned_data["ai"] else ""}
        return {name: values[name] for name in self.fields if values[name]}

    def artworks(self, gallery):
        """The listing's works, filtered and in the chosen order, with what cards show."""
        sort = self.applied.get("sort")
        return gallery.sort_artworks(gallery.filtered_artworks(self.applied), sort).for_cards()

    @property
    def narrows(self):
        """Whether the listing is narrowed ("Showing work…"): an order alone narrows nothing."""
        return any(name != "sort" for name in self.applied)

    @property
    def narrowed_by_panel(self):
        """Whether a filter of the disclosure panel is on (its summary says so)."""
        return any(name in self.applied for name in ("medium", "licence", "ai"))

    @property
    def chosen_sort(self):
        """The order when not the default: the search and filter forms carry it over."""
        return self.applied.get("sort", "")

    @property
    def kept_filters(self):
        """What the order's form carries over, as the other forms carry the order."""
        return [(name, value) for name, value in self.applied.items() if name != "sort"]

    @property
    def medium_label(self):
        return Medium(self.applied["medium"]).label if "medium" in self.applied else ""

    @property
    def licence_label(self):
        return Licence(self.applied["licence"]).label if "licence" in self.applied else ""

    @property
    def summary(self):
        """The sentence above a narrowed listing: "Showing work matching “sea” tagged “dawn” in
        painting under CC BY, leaving out work made with AI." Plain text (the template escapes
        it); each part is a message of its own, and the sentence around them is one too."""
        applied = self.applied
        parts = []
        if "q" in applied:
            # Translators: a part of "Showing work %(filters)s.": the words searched for.
            parts.append(gettext("matching “%(query)s”") % {"query": applied["q"]})
        if "tag" in applied:
            # Translators: a part of "Showing work %(filters)s.".
            parts.append(gettext("tagged “%(tag)s”") % {"tag": applied["tag"]})
        if "medium" in applied:
            # Translators: a part of "Showing work %(filters)s."; a medium such as "painting".
            parts.append(gettext("in %(medium)s") % {"medium": self.medium_label.lower()})
        if "licence" in applied:
            # Translators: a part of "Showing work %(filters)s."; a licence such as "CC BY".
            parts.append(gettext("under %(licence)s") % {"licence": self.licence_label})
        filters = " ".join(parts)
        if "ai" not in applied:
            # Translators: %(filters)s is the parts above, each translated on its own, joined
            # by spaces.
            return gettext("Showing work %(filters)s.") % {"filters": filters}
        if not parts:
            return gettext("Showing work, leaving out work made with AI.")
        # Translators: %(filters)s is the parts above, joined by spaces.
        return gettext("Showing work %(filters)s, leaving out work made with AI.") % {
            "filters": filters
        }

    @property
    def nothing_matches(self):
        """The first sentence of the empty listing's message: "Nothing matches “sea” with the
        tag “dawn” with these filters." Plain text; one message around its parts."""
        applied = self.applied
        parts = []
        if "q" in applied:
            # Translators: a part of "Nothing matches %(asked)s.": the words searched for.
            parts.append(gettext("“%(query)s”") % {"query": applied["q"]})
        if "tag" in applied:
            # Translators: a part of "Nothing matches %(asked)s.".
            parts.append(gettext("with the tag “%(tag)s”") % {"tag": applied["tag"]})
        if self.narrowed_by_panel:
            # Translators: a part of "Nothing matches %(asked)s.": medium, licence or AI.
            parts.append(gettext("with these filters"))
        # Translators: %(asked)s is the parts above, each translated on its own, joined by
        # spaces.
        return gettext("Nothing matches %(asked)s.") % {"asked": " ".join(parts)}

    @property
    def ai_toggle_query(self):
        """The query string of the same listing with work made with AI shown or left out."""
        others = {name: value for name, value in self.applied.items() if name != "ai"}
        return urlencode(others if "ai" in self.applied else {**self.applied, "ai": "exclude"})
