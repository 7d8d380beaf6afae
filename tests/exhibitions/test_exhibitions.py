"""Exhibitions: shows curated by editors from several artists' public work."""

import pytest

from django.utils import timezone

from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import rich_text

from artworks import moderation
from artworks.models import Artwork
from exhibitions.models import ExhibitedArtwork, ExhibitionPage
from tests.factories import UserFactory, create_artwork
from tests.html import soup, text
from tests.pages import create_exhibition, exhibited, exhibition_index_page

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def text_of(response):
    return text(response)


def test_an_exhibition_shows_its_works_from_several_artists_with_notes(client):
    ada = create_artwork(UserFactory(display_name="Ada Moreno"), title="Low Tide")
    bruno = create_artwork(UserFactory(display_name="Bruno Keller"), title="Balance")
    exhibition = create_exhibition(
        body=[
            ("heading", "The sea"),
            exhibited(ada, "Painted at dawn from the harbour wall."),
            ("text", "<p>Between the rooms, a pause.</p>"),
            exhibited(bruno),
        ]
    )

    response = client.get(exhibition.url)

    assert response.status_code == 200
    text = text_of(response)
    assert "Colour and Line" in text
    assert "Works that move between colour and line." in text
    assert "Now showing" in text
    assert "2 artists" in text
    assert "The sea" in text
    assert "Curator's note: Painted at dawn from the harbour wall." in text
    assert "Between the rooms, a pause." in text
    assert text.index("Low Tide") < text.index("Balance")
    assert "Ada Moreno" in text and "Bruno Keller" in text
    assert exhibition.url == f"/exhibitions/{exhibition.slug}/"


@pytest.mark.parametrize("status", ["hidden", "awaiting_review", "held"])
def test_a_work_that_is_not_public_drops_out_with_its_note(client, status):
    shown = create_artwork(title="Still shown")
    dropped = create_artwork(title="Dropped work")
    exhibition = create_exhibition(body=[exhibited(shown), exhibited(dropped, "A note about it")])
    Artwork.objects.filter(pk=dropped.pk).update(status=status)

    text = text_of(client.get(exhibition.url))

    assert "Still shown" in text
    assert "Dropped work" not in text
    assert "A note about it" not in text


def test_a_deactivated_artists_work_drops_out(client):
    artist = UserFactory()
    gone = create_artwork(artist, title="By a departed member")
    exhibition = create_exhibition(body=[exhibited(gone)])
    artist.is_active = False
    artist.save()

    text = text_of(client.get(exhibition.url))

    assert "By a departed member" not in text
    assert "The works for this exhibition are being chosen." in text


def test_hiding_a_work_takes_it_out_of_a_cached_exhibition_page(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    artwork = create_artwork(title="Soon hidden")
    exhibition = create_exhibition(body=[exhibited(artwork)])
    assert "Soon hidden" in text_of(client.get(exhibition.url))

    moderation.decide(artwork, Artwork.Status.HIDDEN, by=None)

    assert "Soon hidden" not in text_of(client.get(exhibition.url))


def test_index_lists_current_upcoming_and_past_shows(client):
    create_exhibition("Now On", opens=-3, closes=3)
    create_exhibition("Opens Today", opens=0, closes=10)
    create_exhibition("Next Month", opens=30, closes=60)
    create_exhibition("Last Year", opens=-400, closes=-300)
    create_exhibition("Unpublished Draft", publish=False)

    response = client.get("/exhibitions/")

    assert response.status_code == 200
    document = soup(response)

    def titles(section_id):
        section = document.find(id=section_id).find_parent("section")
        return [h3.get_text(strip=True) for h3 in section.find_all("h3")]

    assert titles("current-heading") == ["Now On", "Opens Today"]
    assert titles("upcoming-heading") == ["Next Month"]
    assert titles("past-heading") == ["Last Year"]
    assert "Unpublished Draft" not in response.content.decode()


def test_empty_index_says_so(client):
    response = client.get("/exhibitions/")
    assert "No exhibitions yet." in text_of(response)


def test_a_private_exhibition_is_not_listed_and_asks_for_a_password(client):
    exhibition = create_exhibition("Members Preview")
    PageViewRestriction.objects.create(
        page=exhibition, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert "Members Preview" not in client.get("/exhibitions/").content.decode()
    assert "Members Preview" not in text_of(client.get(exhibition.url))


def test_artwork_page_lists_the_published_exhibitions_it_is_in(client):
    artwork = create_artwork(title="Shared work")
    create_exhibition("First Show", body=[exhibited(artwork)])
    create_exhibition("Older Show", opens=-100, closes=-50, body=[exhibited(artwork)])
    create_exhibition("Draft Show", body=[exhibited(artwork)], publish=False)
    create_exhibition("Other Show", body=[])

    text = text_of(client.get(artwork.get_absolute_url()))

    assert "In exhibitions" in text
    assert text.index("First Show") < text.index("Older Show")
    assert "Draft Show" not in text
    assert "Other Show" not in text


def test_unpublishing_or_deleting_an_exhibition_forgets_its_works(client):
    artwork = create_artwork(title="Once shown")
    exhibition = create_exhibition("Brief Show", body=[exhibited(artwork)])
    assert ExhibitedArtwork.objects.filter(exhibition=exhibition, artwork=artwork).exists()

    exhibition.unpublish()
    assert not ExhibitedArtwork.objects.exists()
    assert "In exhibitions" not in text_of(client.get(artwork.get_absolute_url()))

    exhibition.save_revision().publish()
    assert ExhibitedArtwork.objects.count() == 1
    exhibition.delete()
    assert not ExhibitedArtwork.objects.exists()


def test_deleting_an_exhibited_artwork_leaves_the_exhibition_working(client):
    kept = create_artwork(title="Kept")
    deleted = create_artwork(title="Deleted")
    exhibition = create_exhibition(body=[exhibited(kept), exhibited(deleted, "Gone now")])
    deleted.delete()

    response = client.get(exhibition.url)

    assert response.status_code == 200
    assert "Kept" in text_of(response)
    assert "Gone now" not in text_of(response)


def test_an_exhibition_cannot_close_before_it_opens(client):
    editor = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(editor)
    index = exhibition_index_page()
    response = client.post(
        f"/admin/pages/add/exhibitions/exhibitionpage/{index.pk}/",
        {
            "title": "Backwards",
            "slug": "backwards",
            "opens_on": "2027-03-10",
            "closes_on": "2027-03-01",
            "intro": rich_text(""),
            "body-count": "0",
            "action-publish": "Publish",
        },
    )
    assert response.status_code == 200
    assert "An exhibition cannot close before it opens." in response.content.decode()
    assert not ExhibitionPage.objects.exists()


def test_exhibition_page_costs_the_same_queries_with_more_works(
    client, django_assert_max_num_queries, settings
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    artworks = [create_artwork(title=f"Work {n}") for n in range(2)]
    small = create_exhibition("Small", body=[exhibited(artwork) for artwork in artworks])
    artworks += [create_artwork(title=f"More {n}") for n in range(8)]
    large = create_exhibition("Large", body=[exhibited(artwork) for artwork in artworks])
    client.get(small.url)  # warm the per-process caches

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small_queries:
        client.get(small.url)
    with CaptureQueriesContext(connection) as large_queries:
        response = client.get(large.url)
    assert "More 7" in text_of(response)
    assert len(large_queries) == len(small_queries)


def test_making_an_exhibition_private_refreshes_cached_pages(client, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    artwork = create_artwork(title="Cached in a show")
    exhibition = create_exhibition("Soon Private", body=[exhibited(artwork)])
    assert "Soon Private" in client.get("/exhibitions/").content.decode()
    assert "Soon Private" in client.get(artwork.get_absolute_url()).content.decode()

    PageViewRestriction.objects.create(
        page=exhibition, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )

    assert "Soon Private" not in client.get("/exhibitions/").content.decode()
    assert "Soon Private" not in client.get(artwork.get_absolute_url()).content.decode()


def test_an_unlisted_work_drops_out_with_its_note(client):
    shown = create_artwork(title="Still listed")
    unlisted = create_artwork(title="Now unlisted")
    exhibition = create_exhibition(
        body=[exhibited(shown), exhibited(unlisted, "Why it was chosen")]
    )
    Artwork.objects.filter(pk=unlisted.pk).update(visibility=Artwork.Visibility.UNLISTED)

    text = text_of(client.get(exhibition.url))

    assert "Still listed" in text
    assert "Now unlisted" not in text
    assert "Why it was chosen" not in text


def test_a_hidden_work_stays_chosen_for_the_editor_and_returns_when_published_again(client):
    """Visitors never see a hidden work, but the show keeps it: the editor still finds it
    chosen in the page editor and among the artwork's uses, and a revision saved meanwhile
    keeps it, so the work is back in the show once it is published again."""
    artwork = create_artwork(title="Paused work")
    exhibition = create_exhibition("Long Show", body=[exhibited(artwork, "Back soon")])
    moderation.decide(artwork, Artwork.Status.HIDDEN, by=None)
    assert "Paused work" not in text_of(client.get(exhibition.url))

    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    editor = client.get(f"/admin/pages/{exhibition.pk}/edit/").content.decode()
    assert "Paused work" in editor
    usage = client.get(f"/admin/snippets/artworks/artwork/usage/{artwork.pk}/")
    assert "Long Show" in text_of(usage)

    shown = ExhibitionPage.objects.get(pk=exhibition.pk)
    assert shown.blocks_on_show == []  # read as visitors see it, then saved and published
    shown.save_revision().publish()
    moderation.decide(artwork, Artwork.Status.PUBLISHED, by=None)
    client.logout()

    text = text_of(client.get(exhibition.url))
    assert "Paused work" in text
    assert "Curator's note: Back soon" in text


# One sample of each block type an exhibition's body offers. A block type added to the body
# without a sample here fails the test below: say what it shows, and it is checked to render.
BLOCK_SAMPLES = {
    "heading": ("The sea", "The sea"),
    "text": ("<p>Between the rooms, a pause.</p>", "Between the rooms, a pause."),
}


def test_every_block_type_of_the_body_has_a_template_and_renders(client):
    stream_block = ExhibitionPage._meta.get_field("body").stream_block
    artwork = create_artwork(title="Low Tide")
    samples = {**BLOCK_SAMPLES, "artwork": (exhibited(artwork, "A note")[1], "Low Tide")}
    assert set(samples) == set(stream_block.child_blocks)
    for name, child_block in stream_block.child_blocks.items():
        assert child_block.get_template(), f"the {name!r} block has no template of its own"

    exhibition = create_exhibition(body=[(name, value) for name, (value, _) in samples.items()])
    text = text_of(client.get(exhibition.url))

    for name, (_, shown) in samples.items():
        assert shown in text, f"the {name!r} block did not render"
