"""The emails that tell an artist what became of their work, and the titles
that could break them."""

import pytest

from django.core import mail

from artworks import moderation
from artworks.models import Artwork
from tests.factories import UserFactory, create_artwork, uploaded_image
from tests.moderation.review.helpers import LISTING, turn_review, upload

pytestmark = pytest.mark.django_db


def test_moderator_publishes_from_the_edit_view_and_the_artist_is_emailed(
    client, moderator, django_capture_on_commit_callbacks
):
    artist = UserFactory(email="ada@example.com", display_name="Ada")
    artwork = create_artwork(artist, title="Low Tide", status=Artwork.Status.AWAITING_REVIEW)
    mail.outbox.clear()
    client.force_login(moderator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/snippets/artworks/artwork/edit/{artwork.pk}/",
            {
                "title": artwork.title,
                "alt_text": artwork.alt_text,
                "status": "published",
                "licence": "all-rights-reserved",
                "size_unit": "cm",
                "visibility": "listed",
            },
        )

    assert response.status_code == 302
    assert Artwork.objects.get().status == Artwork.Status.PUBLISHED
    assert "Low Tide" in client.get("/gallery/").content.decode()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["ada@example.com"]
    assert email.subject == "“Low Tide” is now public on Artist Collective"
    assert "A moderator has published your work “Low Tide”" in email.body
    assert f"/gallery/{artwork.pk}/low-tide/" in email.body


def test_bulk_hide_emails_each_artist_with_the_note(
    client, moderator, django_capture_on_commit_callbacks
):
    first = create_artwork(
        UserFactory(email="one@example.com"), title="First", status="awaiting_review"
    )
    second = create_artwork(
        UserFactory(email="two@example.com"), title="Second", status="awaiting_review"
    )
    mail.outbox.clear()
    client.force_login(moderator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/bulk/artworks/artwork/hide/?id={first.pk}&id={second.pk}&next={LISTING}",
            {"moderation_note": "Please add alt text that describes the work."},
        )

    assert response.status_code == 302
    assert {email.to[0]: email.subject for email in mail.outbox} == {
        "one@example.com": "“First” has been hidden on Artist Collective",
        "two@example.com": "“Second” has been hidden on Artist Collective",
    }
    for email in mail.outbox:
        assert "Moderator's note: Please add alt text that describes the work." in email.body
    # The artist reads the same note on their page.
    client.force_login(first.artist)
    page = client.get("/my/artworks/").content.decode()
    assert "Please add alt text that describes the work." in page
    assert "Hidden" in page


def test_no_email_when_the_status_does_not_change_or_the_artist_has_no_address(
    client, moderator, django_capture_on_commit_callbacks
):
    public = create_artwork(UserFactory(email="a@example.com"), title="Public")
    silent = create_artwork(UserFactory(email=""), title="Silent", status="awaiting_review")
    mail.outbox.clear()
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/bulk/artworks/artwork/publish/?id={public.pk}&id={silent.pk}&next={LISTING}"
        )
    assert Artwork.objects.filter(status="published").count() == 2
    assert mail.outbox == []


def test_upload_while_review_is_on_does_not_email_the_artist(
    client, django_capture_on_commit_callbacks
):
    turn_review(True)
    client.force_login(UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        upload(client)
    assert mail.outbox == []


def test_publishing_from_the_edit_view_clears_the_old_note(client, moderator):
    artwork = create_artwork(title="Second chance")
    Artwork.objects.filter(pk=artwork.pk).update(status="hidden", moderation_note="Blurry")
    client.force_login(moderator)
    client.post(
        f"/admin/snippets/artworks/artwork/edit/{artwork.pk}/",
        {
            "title": artwork.title,
            "alt_text": artwork.alt_text,
            "status": "published",
            "moderation_note": "Blurry",
            "licence": "all-rights-reserved",
            "size_unit": "cm",
            "visibility": "listed",
        },
    )
    artwork.refresh_from_db()
    assert (artwork.status, artwork.moderation_note) == ("published", "")


def test_email_links_use_the_sites_public_address(
    client, moderator, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILADMIN_BASE_URL = "https://collective.example.org/"
    artwork = create_artwork(
        UserFactory(email="b@example.com"), title="Far away", status="awaiting_review"
    )
    mail.outbox.clear()
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/bulk/artworks/artwork/publish/?id={artwork.pk}&next={LISTING}")
    assert f"https://collective.example.org/gallery/{artwork.pk}/far-away/" in mail.outbox[0].body
    assert "https://collective.example.org/my/artworks/" in mail.outbox[0].body


def test_two_decisions_in_one_transaction_send_only_the_last_one(
    django_capture_on_commit_callbacks,
):
    from django.db import transaction

    artwork = create_artwork(
        UserFactory(email="c@example.com"), title="Flip flop", status="awaiting_review"
    )
    artwork = Artwork.objects.get(pk=artwork.pk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        moderation.decide(artwork, Artwork.Status.PUBLISHED, by=None)
        moderation.decide(artwork, Artwork.Status.HIDDEN, note="Changed my mind", by=None)
    assert [email.subject for email in mail.outbox] == [
        "“Flip flop” has been hidden on Artist Collective"
    ]


def test_a_deactivated_artist_is_not_emailed(client, moderator, django_capture_on_commit_callbacks):
    artist = UserFactory(email="d@example.com")
    artwork = create_artwork(artist, title="Left behind", status="awaiting_review")
    artist.is_active = False
    artist.save()
    mail.outbox.clear()
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/bulk/artworks/artwork/hide/?id={artwork.pk}&next={LISTING}", {})
    assert mail.outbox == []


def test_a_title_with_a_line_break_is_refused_and_never_reaches_an_email(client, moderator):
    from tests.moderation.admin.helpers import edit_data

    client.force_login(moderator)
    artwork = create_artwork(UserFactory(email="n@example.com"), title="Plain title")
    response = client.post(
        f"{LISTING}edit/{artwork.pk}/",
        edit_data(artwork, title="Fine\nBcc: victim@example.com", status="hidden"),
    )
    assert response.status_code == 200
    assert "Keep this to one line" in response.content.decode()
    artwork.refresh_from_db()
    assert artwork.title == "Plain title" and artwork.status == "published"


def test_the_member_form_refuses_a_title_with_a_line_break(client):
    member = UserFactory()
    client.force_login(member)
    response = client.post(
        "/my/artworks/upload/",
        {
            "title": "Two\nlines",
            "alt_text": "A picture",
            "licence": "all-rights-reserved",
            "size_unit": "cm",
            "visibility": "listed",
            "image": uploaded_image(),
        },
    )
    assert response.status_code == 200
    assert "Keep this to one line" in response.content.decode()
    assert not Artwork.objects.exists()
