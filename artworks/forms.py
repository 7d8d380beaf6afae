from taggit.forms import TagField

from django import forms
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.image_cleaning import UploadedImageField, upload_limits_text

from .images import rebuild_when_valid
from .models import MAX_EXTRA_IMAGES, Artwork, validate_one_line
from .rights import Licence, Medium, SizeUnit
from .uploads import daily_limit_message, daily_limit_reached, too_many_extra_images_message

MODEL_FIELDS = [
    "title", "alt_text", "description", "licence", "made_with_ai", "ai_only_in_part",
    "allow_ai_training", "medium", "year_made", "width", "height", "depth", "size_unit",
    "visibility", "work_in_progress", "mature", "pixel_art", "comments_enabled",
]  # fmt: skip
MAX_TAGS = 15
MAX_TAG_LENGTH = 50


class ArtworkForm(forms.ModelForm):
    """A member's form for one artwork. The image is cleaned (decoded in full, rebuilt from
    its pixels) during validation, so a file that fails reaches neither storage nor the
    database; `cleaned_data["image"].rebuilt` is the file to store.

    Cheap checks come first and the decode last, only when nothing else is wrong: a
    `refusal` from the view (too many attempts), the daily limit, every field and the image's
    header (format, pixels) are checked before `clean()` decodes the image."""

    image = UploadedImageField(label=_("Image"))
    tags = TagField(
        label=_("Tags"),
        required=False,
        help_text=_("Separate tags with commas, for example: ink, portrait, blue."),
    )

    field_order = ["title", "image", "alt_text", "description", "tags", *MODEL_FIELDS[3:]]

    class Meta:
        model = Artwork
        # The image and tags are handled by artworks.uploads, not by ModelForm's save.
        fields = MODEL_FIELDS
        labels = {
            "title": _("Title"),
            "alt_text": _("Alt text"),
            "description": _("Description"),
            "licence": _("Licence"),
            "made_with_ai": _("This work was made with generative AI"),
            "ai_only_in_part": _("Generative AI was only one part of it"),
            "allow_ai_training": _("Allow AI training"),
            "medium": _("Medium"),
            "year_made": _("Year made"),
            "width": _("Width"),
            "height": _("Height"),
            "depth": _("Depth"),
            "size_unit": _("Unit"),
            "pixel_art": _("This is pixel art"),
            "visibility": _("Who can find it"),
            "work_in_progress": _("This is a work in progress"),
            "mature": _("Mature content"),
            "comments_enabled": _("Allow comments on this work"),
        }
        help_texts = {
            "comments_enabled": _("Turned off, the work shows its comments but takes no new ones."),
            "alt_text": _(
                "Describe the work for people who cannot see it: what it shows, its colours "
                "and mood."
            ),
            "description": _("Optional: the story of the work and its materials."),
            "licence": _(
                "How others may use the work. “All rights reserved” lets nobody copy it; "
                "the Creative Commons licences let people share it on their terms."
            ),
            "made_with_ai": _("Works made with generative AI carry a label in the gallery."),
            "ai_only_in_part": _(
                "For example a generated background in a painted work: the label says "
                "“Partly made with AI”."
            ),
            "allow_ai_training": _(
                "Unticked, the work's Content Credentials say it may not be used to train AI "
                "models or for data mining, whatever its licence. Tick to allow it for this work."
            ),
            "work_in_progress": _("Shown with a “Work in progress” label."),
            "pixel_art": _(
                "A small image drawn pixel by pixel: shown scaled up with sharp square pixels. "
                "Otherwise a small image is shown at its own size, never blown up and blurred."
            ),
            "mature": _(
                "Nudity, violence or other content not everyone wants to see at once: the "
                "work is blurred until a visitor chooses to see it."
            ),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "visibility": forms.RadioSelect,
        }

    def __init__(self, *args, member, refusal=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.member = member
        self.refusal = refusal
        self.fields["image"].help_text = upload_limits_text()
        self.fields["licence"].required = False
        self.fields["size_unit"].required = False
        self.fields["visibility"].required = False
        # An optional fact: say so, instead of Django's row of dashes.
        self.fields["medium"].choices = [("", _("Not given")), *Medium.choices]
        if self.instance.mature_by_moderator:
            # A moderator's content warning stands: the artist sees it, but cannot remove it.
            self.fields["mature"].disabled = True
            self.fields["mature"].help_text = _(
                "A moderator marked this work as mature content. Ask the moderators if you "
                "think it is not."
            )
        self.fields["title"].widget.attrs["maxlength"] = 120
        self.fields["description"].widget.attrs["maxlength"] = 2000
        # The model's one-line rule, checked with the fields (before the image is decoded)
        # rather than after clean() with the model's own validation.
        for name in ("title", "alt_text"):
            self.fields[name].validators.append(validate_one_line)
        if self.instance.pk:
            self.fields["image"].required = False
            self.fields["image"].help_text = format_lazy(
                "{} {}",
                _("Optional: choose a file only to replace the current image."),
                self.fields["image"].help_text,
            )
            self.initial["tags"] = list(self.instance.tags.all())
        else:
            self.fields["image"].widget.attrs["required"] = True
            # A new work takes comments (the model's default): the switch is on its edit form.
            del self.fields["comments_enabled"]

    def clean_licence(self):
        # Left out of a post (an older form, a script): all rights stay reserved.
        return self.cleaned_data["licence"] or Licence.ALL_RIGHTS_RESERVED

    def clean_visibility(self):
        # Left out of a post (an older form, a script): the work is listed, as before.
        return self.cleaned_data["visibility"] or Artwork.Visibility.LISTED

    def clean_size_unit(self):
        return self.cleaned_data["size_unit"] or SizeUnit.CM

    def clean_tags(self):
        tags = self.cleaned_data["tags"]
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(
                ngettext("Use at most %(count)d tag.", "Use at most %(count)d tags.", MAX_TAGS)
                % {"count": MAX_TAGS}
            )
        for tag in tags:
            if len(tag) > MAX_TAG_LENGTH:
                raise forms.ValidationError(
                    _("Keep each tag under %(limit)d characters (“%(tag)s…” is longer).")
                    % {"limit": MAX_TAG_LENGTH, "tag": tag[:20]}
                )
            if not slugify(tag, allow_unicode=True):
                raise forms.ValidationError(
                    _("“%(tag)s” is not a usable tag: use letters or numbers.") % {"tag": tag}
                )
        return tags

    def clean(self):
        cleaned_data = super().clean()
        if self.refusal:
            raise forms.ValidationError(self.refusal, code="refused")
        if not self.instance.pk and daily_limit_reached(self.member):
            # Counted again under a lock when saving (uploads.save_new_artwork).
            self.add_error(None, daily_limit_message())
        rebuild_when_valid(self, "image")
        return cleaned_data


class ExtraImageForm(forms.Form):
    """One extra image of a work: the file, cleaned exactly as ArtworkForm's (same field,
    same limits, decoded last by rebuild_when_valid), its own alt text and a caption. Cheap
    refusals first: a `refusal` from the view, the daily limit and the work's ten images."""

    image = UploadedImageField(label=_("Image"))
    alt_text = forms.CharField(
        label=_("Alt text"),
        max_length=250,
        validators=[validate_one_line],
        help_text=_("Describe this image for people who cannot see it."),
    )
    caption = forms.CharField(
        label=_("Caption"),
        max_length=250,
        required=False,
        validators=[validate_one_line],
        help_text=_("Optional: shown under the image, for example “Detail of the left hand”."),
    )

    def __init__(self, *args, artwork, member, refusal=None, **kwargs):
        # Plain field names (image, alt_text, caption) for the uploader's posts; ids of their
        # own, as the edit page shows this form beside the work's.
        super().__init__(*args, auto_id="id_extra_%s", **kwargs)
        self.artwork = artwork
        self.member = member
        self.refusal = refusal
        self.fields["image"].widget.attrs["required"] = True

    def clean(self):
        cleaned_data = super().clean()
        if self.refusal:
            raise forms.ValidationError(self.refusal, code="refused")
        if self.artwork.extra_images.count() >= MAX_EXTRA_IMAGES:
            # Counted again under a lock when saving (uploads.save_extra_image).
            self.add_error(None, too_many_extra_images_message())
        elif daily_limit_reached(self.member):
            self.add_error(None, daily_limit_message())
        rebuild_when_valid(self, "image")
        return cleaned_data


class ExtraImageTextForm(forms.Form):
    """The alt text and caption of an extra image already stored (one form per image on the
    edit page, each with ids of its own)."""

    def __init__(self, *args, extra, **kwargs):
        super().__init__(*args, auto_id=f"id_extra_{extra.pk}_%s", **kwargs)

    alt_text = forms.CharField(label=_("Alt text"), max_length=250, validators=[validate_one_line])
    caption = forms.CharField(
        label=_("Caption"), max_length=250, required=False, validators=[validate_one_line]
    )
