"""Test data, built the way the site builds it: artworks go through the real upload code."""

import io

import factory
from allauth.account.models import EmailAddress
from PIL import Image

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from artworks.forms import ArtworkForm, ExtraImageForm
from artworks.models import Artwork
from artworks.tasks import generate_renditions
from artworks.uploads import save_extra_image, save_new_artwork
from core.verification import record_verified_email

PASSWORD = "a-Long-and-Unusual-passphrase-42"


def image_bytes(size=(640, 480), colour=(200, 80, 40), image_format="JPEG", **save_options):
    output = io.BytesIO()
    Image.new("RGB", size, colour).save(output, image_format, **save_options)
    return output.getvalue()


def uploaded_image(name="art.jpg", content=None, content_type="image/jpeg", **kwargs):
    return SimpleUploadedFile(name, content or image_bytes(**kwargs), content_type=content_type)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"artist{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    display_name = factory.Faker("name")
    bio = "Paints what the light does."
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(user, create, extracted, **kwargs):
        if create:
            user.save()

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        """A confirmed allauth email address, as every member has once signed up; pass
        `verified_email=False` for a member who has not confirmed theirs yet."""
        if not create or not user.email:
            return
        if extracted is False:
            EmailAddress.objects.create(user=user, email=user.email.lower(), primary=True)
        else:
            record_verified_email(user)


def create_artwork(artist=None, *, title="Untitled", tags="", status=None, image=None, **fields):
    """An artwork saved through the member upload path (cleaning, image library, tags)."""
    artist = artist or UserFactory()
    form = ArtworkForm(
        data={
            "title": title,
            "alt_text": fields.pop("alt_text", f"A picture called {title}"),
            "description": fields.pop("description", ""),
            "tags": tags,
        },
        files={"image": image or uploaded_image()},
        member=artist,
    )
    assert form.is_valid(), form.errors
    outcome = save_new_artwork(form, artist)
    assert outcome.refusal is None, outcome.refusal
    artwork = outcome.saved
    # Any other field (and the status) as given, before the renditions are made: their
    # Content Credentials are signed from these fields.
    if status:
        fields["status"] = status
    if fields:
        Artwork.objects.filter(pk=artwork.pk).update(**fields)
        artwork.refresh_from_db()
        recount_listed_works(artwork.artist)
    # What the upload task does once the upload commits (tests run inside a transaction).
    generate_renditions.call(artwork.image_id)
    return artwork


def add_extra_image(artwork, *, alt_text="A detail of the work", caption="", image=None):
    """An extra image added through the member's path (cleaning, image library), with its
    renditions made as the upload task makes them."""
    form = ExtraImageForm(
        data={"alt_text": alt_text, "caption": caption},
        files={"image": image or uploaded_image()},
        artwork=artwork,
        member=artwork.artist,
    )
    assert form.is_valid(), form.errors
    outcome = save_extra_image(form, artwork, artwork.artist)
    assert outcome.refusal is None, outcome.refusal
    extra = outcome.saved
    generate_renditions.call(extra.image_id)
    return extra


def add_artworks(count, artists, template, **fields):
    """Many published artworks quickly (any other field as given): rows sharing the
    template's already rendered image, which is all a listing's queries depend on."""
    works = Artwork.objects.bulk_create(
        Artwork(
            title=f"Bulk {number}",
            image_id=template.image_id,
            artist=artists[number % len(artists)],
            artist_sort_name=Artwork.sort_name_of(artists[number % len(artists)]),
            alt_text="A bulk work",
            **fields,
        )
        for number in range(count)
    )
    recount_listed_works(*artists[:count])
    return works


def recount_listed_works(*artists):
    """What saving their works would have counted on the artists' rows, for works written
    without a save (a queryset update, bulk_create)."""
    for artist in artists:
        get_user_model().objects.recount_listed_works(artist.pk)
