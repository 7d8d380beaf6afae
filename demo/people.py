"""The demo's accounts: the admin and the artists, with their profiles, avatars and banners."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.db import transaction

from artworks.images import rebuild_when_valid
from artworks.models import Artwork
from artworks.uploads import removing_files_on_failure, save_banner_image
from core.image_cleaning import UploadedImageField
from core.verification import record_verified_email

from . import data
from .art import draw_artwork


class BannerUpload(forms.Form):
    """The demo banner goes through the profile form's field and decode."""

    banner = UploadedImageField()

    def clean(self):
        cleaned_data = super().clean()
        rebuild_when_valid(self, "banner")
        return cleaned_data


def create_admin():
    admin, created = get_user_model().objects.get_or_create(
        username=data.ADMIN[0],
        defaults={"email": "admin@example.com", "is_staff": True, "is_superuser": True},
    )
    if created:
        admin.set_password(data.ADMIN[1])
        admin.save()
    record_verified_email(admin)
    return admin


def create_artist(spec):
    profile = {
        "display_name": spec["display_name"],
        "bio": spec["bio"],
        "location": spec["location"],
        **{f"link_{number}": link for number, link in enumerate(spec["links"], start=1)},
    }
    artist, created = get_user_model().objects.get_or_create(
        username=spec["username"],
        defaults={"email": f"{spec['username']}@example.com", **profile},
    )
    # Demo accounts log in and upload at once: their addresses count as confirmed.
    record_verified_email(artist)
    if created:
        artist.set_password(data.DEMO_PASSWORD)
        artist.save()
        return artist
    # Seeded before profiles had these fields: fill in what is empty, change nothing else.
    missing = [field for field in profile if not getattr(artist, field)]
    for field in missing:
        setattr(artist, field, profile[field])
    if missing:
        artist.save(update_fields=missing)
    return artist


def choose_avatar(artist, spec):
    if artist.avatar_artwork_id or artist.avatar_image_id or not spec["avatar"]:
        return
    artwork = Artwork.objects.filter(artist=artist, title=spec["avatar"]).first()
    if artwork is not None:
        artist.avatar_artwork = artwork
        artist.save(update_fields=["avatar_artwork"])


def add_banner(artist, spec):
    """A wide picture in the artist's style as their profile banner, cleaned like a
    member's upload. Skipped when they have one."""
    if artist.banner_image_id:
        return
    picture = draw_artwork(spec["style"], f"{artist.username}-banner", data.BANNER_PIXELS, 1)
    form = BannerUpload(
        files={"banner": SimpleUploadedFile("banner.jpg", picture.jpeg, "image/jpeg")}
    )
    if not form.is_valid():
        raise CommandError(f"Demo banner was refused: {form.errors.as_text()}")
    with removing_files_on_failure() as written, transaction.atomic():
        rebuilt = form.cleaned_data["banner"].rebuilt
        artist.banner_image = save_banner_image(artist, rebuilt, written)
        artist.save(update_fields=["banner_image"])
