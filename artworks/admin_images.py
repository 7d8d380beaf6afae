"""
The Wagtail admin's image form (WAGTAILIMAGES_IMAGE_FORM_BASE), used by every admin path that
writes an image file: the Images library's add and edit views, the multiple uploader, the
image chooser's upload tab (and Wagtail's v3 API, should it ever be switched on).

- A member's image (their work's main or extra image, their avatar or banner) keeps its file:
  only the member replaces it, through their own pages, which clean the new file, send the
  work back to review when review is on and make its renditions ahead of visitors. In the
  admin its title, alt text, tags and focal point stay editable.
- Any other file an editor uploads (for a page's rich text, say) is cleaned exactly as a
  member's upload is (`core.image_cleaning`: checked by its content, orientation applied,
  metadata dropped, rebuilt from pixels, stored under a generated name), so nothing private
  leaves with any image a visitor can fetch. Wagtail makes those images' renditions when a
  page first shows them, as it does for every image that is not an artwork's.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext, gettext_lazy

from wagtail.images import get_image_model
from wagtail.images.forms import BaseImageForm
from wagtail.models import Collection

from core.image_cleaning import UploadedImageField

from .images import rebuild_when_valid
from .models import Artwork, ArtworkImage
from .uploads import MEMBER_UPLOADS_COLLECTION

MEMBER_IMAGE_MESSAGE = gettext_lazy(
    "This image belongs to a member's work; only the member can replace it."
)


def belongs_to_a_member(image):
    """Whether `image` is a member's: kept in "Member uploads", or used by a work (main or
    extra image) or by a member's profile (avatar, banner) wherever an editor has moved it
    since. The second test stops a file being replaced after the image was moved to another
    collection first."""
    if image.pk is None:
        return False
    in_member_uploads = Collection.objects.filter(
        pk=image.collection_id, depth=2, name=MEMBER_UPLOADS_COLLECTION
    ).exists()
    if in_member_uploads:
        return True
    if Artwork.objects.filter(image_id=image.pk).exists():
        return True
    if ArtworkImage.objects.filter(image_id=image.pk).exists():
        return True
    # Every image a member's row points at (avatar, banner), found from the user model's own
    # foreign keys so that a profile image added later is covered too.
    user_model = get_user_model()
    image_model = get_image_model()
    profile_fields = [
        field.name
        for field in user_model._meta.concrete_fields
        if field.many_to_one and field.related_model is image_model
    ]
    return any(user_model.objects.filter(**{field: image.pk}).exists() for field in profile_fields)


class LibraryImageForm(BaseImageForm):
    """Wagtail's image form with the member upload's file field and cleaning. Wagtail builds
    the form class from this base for each path (adding the model's fields); the file field
    is swapped in `__init__` rather than declared, because a declared field would survive the
    multiple uploader's edit form, which leaves the file out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        wagtail_field = self.fields.get("file")
        # Read before the form writes the posted collection onto the image.
        self.members_image = wagtail_field is not None and belongs_to_a_member(self.instance)
        if wagtail_field is not None:
            field = UploadedImageField(
                label=wagtail_field.label,
                required=wagtail_field.required,
                widget=wagtail_field.widget,
            )
            if self.members_image:
                # Said before the editor picks a file; clean() refuses one sent all the same.
                field.help_text = MEMBER_IMAGE_MESSAGE
                field.widget.attrs["disabled"] = True
            self.fields["file"] = field

    def clean(self):
        cleaned_data = super().clean()
        if "file" not in self.fields:
            return cleaned_data
        if self.members_image:
            if self.add_prefix("file") in self.files:
                # The one reason that matters: whatever the file's own faults, it is not used.
                self.errors.pop("file", None)
                self.add_error("file", MEMBER_IMAGE_MESSAGE)
            return cleaned_data
        upload = cleaned_data.get("file")
        if "file" not in self.changed_data or not upload:
            return cleaned_data
        if self.errors:
            # Refused now rather than kept for later: given a file but another field in error,
            # the multiple uploader would store the upload as it came and make it an image
            # once that field is corrected, without this form's cleaning.
            self.add_error("file", self._other_errors_message())
            return cleaned_data
        rebuild_when_valid(self, "file")
        if upload.rebuilt is not None:
            # The clean copy, under its generated name, is what the image stores.
            cleaned_data["file"] = upload.rebuilt
        return cleaned_data

    def _other_errors_message(self):
        labels = [
            str(self.fields[name].label)
            for name in self.errors
            if name in self.fields and name != "file"
        ]
        if not labels:
            return gettext(
                "The file was not saved: correct the other fields, then choose the file again."
            )
        return gettext(
            "The file was not saved: correct the other fields (%(fields)s), then choose the "
            "file again."
        ) % {"fields": ", ".join(labels)}
