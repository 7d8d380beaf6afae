from urllib.parse import urlsplit

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import URLValidator
from django.db import transaction

from artworks.images import rebuild_when_valid
from artworks.models import Artwork
from artworks.uploads import removing_files_on_failure, save_avatar_image, save_banner_image
from core.image_cleaning import UploadedImageField, upload_limits_text
from core.images import delete_images
from core.verification import member_has_verified_email

from .names import NAME_TAKEN, name_taken, validate_display_name

User = get_user_model()


LINK_FIELDS = ["link_1", "link_2", "link_3"]
WEB_SCHEMES = ("http", "https")
LINK_MESSAGES = {
    "not_web": "Only web links can be shown: use an address that starts with https:// or http://.",
    "invalid": "Enter a complete web address, for example https://example.com/your-name.",
    "credentials": "Leave the user name and password out of the address.",
}


def validate_web_link(value):
    """A link on a public page: http or https only (never javascript:, data: or ftp:), and
    no user name or password in it (they would be published, and can disguise the host)."""
    try:
        parts = urlsplit(value)
    except ValueError:
        raise forms.ValidationError(LINK_MESSAGES["invalid"], code="invalid") from None
    if parts.scheme.lower() not in WEB_SCHEMES:
        raise forms.ValidationError(LINK_MESSAGES["not_web"], code="not_web")
    URLValidator(schemes=list(WEB_SCHEMES), message=LINK_MESSAGES["invalid"])(value)
    if parts.username is not None:
        raise forms.ValidationError(LINK_MESSAGES["credentials"], code="credentials")


def link_field(number):
    field = forms.URLField(
        label=f"Link {number}",
        required=False,
        max_length=300,
        assume_scheme="https",  # "example.com" is taken as https://example.com
        error_messages={"invalid": LINK_MESSAGES["invalid"]},
        # A text box, not type=url: browsers refuse "instagram.com/mira" in a url box, which
        # the form accepts and saves as https://instagram.com/mira.
        widget=forms.TextInput(
            attrs={
                "inputmode": "url",
                "autocomplete": "off",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
    )
    # Ours instead of Django's default, which lets ftp:// through.
    field.validators = [
        validate_web_link,
        *(check for check in field.validators if not isinstance(check, URLValidator)),
    ]
    return field


class ProfileForm(forms.ModelForm):
    """What a member shows on their artist page: names, bio, location, three links, an
    avatar and a banner. The avatar is one of the member's own works or an uploaded image;
    the banner is an uploaded image. Uploads are cleaned like any artwork upload
    (UploadedImageField, decoded only once every other field is valid) and stored through
    artworks.uploads; a new image, or a chosen work, replaces and deletes an uploaded one."""

    link_1 = link_field(1)
    link_2 = link_field(2)
    link_3 = link_field(3)
    avatar_artwork = forms.ModelChoiceField(
        label="Avatar artwork",
        queryset=Artwork.objects.none(),
        required=False,
        empty_label="None",
        help_text=(
            "Optional: one of your works as your avatar. It shows while the work is public; "
            "choosing one replaces an uploaded avatar image."
        ),
        error_messages={"invalid_choice": "Choose one of your own works."},
    )
    avatar_image = UploadedImageField(label="Avatar image", required=False)
    remove_avatar = forms.BooleanField(
        label="Remove my avatar",
        required=False,
        help_text="Shows no avatar; an uploaded avatar image is deleted.",
    )
    banner_image = UploadedImageField(label="Banner image", required=False)
    remove_banner = forms.BooleanField(
        label="Remove my banner",
        required=False,
        help_text="Shows no banner; the banner image is deleted.",
    )

    class Meta:
        model = User
        # The avatar and banner fields are declared above and saved by save(), not by
        # ModelForm.
        fields = ["display_name", "bio", "location", *LINK_FIELDS, "allow_comments"]
        labels = {
            "display_name": "Display name",
            "bio": "Bio",
            "location": "Location",
            "allow_comments": "Allow comments on my work",
        }
        help_texts = {"location": "Optional: where you work, for example “Lisbon”."}
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 6, "maxlength": 2000}),
            "location": forms.TextInput(attrs={"maxlength": 80}),
        }

    def __init__(self, *args, reviewing_uploads=False, refusal=None, **kwargs):
        super().__init__(*args, **kwargs)
        member = self.instance
        # Why the view refuses this post before looking at it (too many upload attempts).
        self.refusal = refusal
        # While editors review new uploads, an uploaded avatar would reach public pages
        # unreviewed; a published work has been reviewed already.
        self.reviewing_uploads = reviewing_uploads
        # Any of the member's own works, whatever its status; nobody else's.
        self.fields["avatar_artwork"].queryset = (
            Artwork.objects.filter(artist=member).newest_first().only("pk", "title", "status")
        )
        self.fields["avatar_artwork"].label_from_instance = artwork_choice_label
        self.initial["avatar_artwork"] = member.avatar_artwork_id
        self.fields["avatar_image"].help_text = (
            "Optional: an image to use as your avatar instead of one of your works. "
            + upload_limits_text()
        )
        self.fields["banner_image"].help_text = (
            "Optional: a wide image across the top of your artist page, shown whole (never "
            "cropped) on a plain band; about 10 by 3 fills it. " + upload_limits_text()
        )
        if not member.avatar_artwork_id and not member.avatar_image_id:
            del self.fields["remove_avatar"]
        if not member.banner_image_id:
            del self.fields["remove_banner"]
        if reviewing_uploads:
            self.fields["avatar_image"].help_text = (
                "While the collective reviews new uploads, choose one of your published works "
                "as your avatar instead of uploading an image."
            )
            banner_help = "While the collective reviews new uploads, no banner can be uploaded."
            self.fields["banner_image"].help_text = banner_help

    def clean_display_name(self):
        # Here rather than only in the model, so that a refused name costs no avatar decode.
        display_name = self.cleaned_data["display_name"]
        validate_display_name(display_name)
        if display_name and name_taken(display_name, member=self.instance):
            raise forms.ValidationError(NAME_TAKEN)
        return display_name

    @property
    def link_fields(self):
        return [self[name] for name in LINK_FIELDS]

    @property
    def avatar_fields(self):
        names = ["avatar_artwork", "avatar_image", "remove_avatar"]
        return [self[name] for name in names if name in self.fields]

    @property
    def banner_fields(self):
        names = ["banner_image", "remove_banner"]
        return [self[name] for name in names if name in self.fields]

    def clean(self):
        cleaned_data = super().clean()
        if self.refusal:
            raise forms.ValidationError(self.refusal, code="refused")
        if cleaned_data.get("avatar_image") and not member_has_verified_email(self.instance):
            self.add_error(
                "avatar_image",
                "Confirm your email address before you upload an avatar: follow the link we "
                "sent you, or ask for a new one from your account's email page.",
            )
        if self.reviewing_uploads and cleaned_data.get("avatar_image"):
            self.add_error(
                "avatar_image",
                "While the collective reviews new uploads, an uploaded image cannot be your "
                "avatar: choose one of your published works instead.",
            )
        if cleaned_data.get("banner_image") and not member_has_verified_email(self.instance):
            self.add_error(
                "banner_image",
                "Confirm your email address before you upload a banner: follow the link we "
                "sent you, or ask for a new one from your account's email page.",
            )
        if self.reviewing_uploads and cleaned_data.get("banner_image"):
            self.add_error(
                "banner_image",
                "While the collective reviews new uploads, an uploaded image cannot be your "
                "banner.",
            )
        if cleaned_data.get("remove_avatar") and cleaned_data.get("avatar_image"):
            self.add_error(
                "remove_avatar",
                "Untick “Remove my avatar” to use the new image, or choose no image file.",
            )
        if cleaned_data.get("remove_banner") and cleaned_data.get("banner_image"):
            self.add_error(
                "remove_banner",
                "Untick “Remove my banner” to use the new image, or choose no image file.",
            )
        # The images are decoded last, one after the other, and only when nothing else is
        # wrong (a banner is not decoded when the avatar failed).
        rebuild_when_valid(self, "avatar_image")
        rebuild_when_valid(self, "banner_image")
        return cleaned_data

    def artwork_chosen(self):
        """Whether the member picked a work (or "None") that differs from the current one. A
        form posted without the list (an older page, a script) leaves the avatar alone."""
        return self.add_prefix("avatar_artwork") in self.data and "avatar_artwork" in (
            self.changed_data
        )

    def save(self, commit=True):
        """Save the profile. New avatar and banner images are stored, the member saved and
        replaced images deleted in one transaction: on any failure nothing is kept, neither
        row nor file (UploadNotStored when a file could not be written).

        With `commit=False`, as with any ModelForm, nothing is written: the member comes back
        with the form's own fields set and unsaved. The avatar and banner are left as they
        are, since storing or deleting an image is itself a write."""
        member = super().save(commit=False)
        if not commit:
            return member
        upload = self.cleaned_data.get("avatar_image")
        banner_upload = self.cleaned_data.get("banner_image")
        with removing_files_on_failure() as written, transaction.atomic():
            # Read under a lock: two saves at once cannot both keep the image they replace.
            current = (
                User.objects.select_for_update()
                .only("avatar_image_id", "banner_image_id")
                .get(pk=member.pk)
            )
            replaced_image_id = None
            replaced_banner_id = None
            if self.cleaned_data.get("remove_banner"):
                member.banner_image = None
                replaced_banner_id = current.banner_image_id
            elif banner_upload:
                member.banner_image = save_banner_image(member, banner_upload.rebuilt, written)
                replaced_banner_id = current.banner_image_id
            else:
                # The banner as it is now, not as this form was shown with (another session
                # may have replaced it meanwhile, and that image would be left unused).
                member.banner_image_id = current.banner_image_id
            if self.cleaned_data.get("remove_avatar"):
                member.avatar_artwork = None
                member.avatar_image = None
                replaced_image_id = current.avatar_image_id
            elif upload:
                member.avatar_artwork = None
                member.avatar_image = save_avatar_image(member, upload.rebuilt, written)
                replaced_image_id = current.avatar_image_id
            elif self.artwork_chosen():
                member.avatar_artwork = self.cleaned_data["avatar_artwork"]
                if member.avatar_artwork is not None:
                    # An uploaded image would win over the chosen work: it goes.
                    member.avatar_image = None
                    replaced_image_id = current.avatar_image_id
            member.save()
            replaced = [pk for pk in (replaced_image_id, replaced_banner_id) if pk is not None]
            if replaced:
                # Wagtail removes their files and their renditions' files once this commits.
                delete_images(replaced)
        return member


def artwork_choice_label(artwork):
    if artwork.status == Artwork.Status.PUBLISHED:
        return artwork.title
    status = artwork.get_status_display().lower()
    return f"{artwork.title} ({status}: not shown while it is not public)"
