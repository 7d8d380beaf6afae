"""Review before publishing: the site setting, what artists and visitors see while a work waits,
what sends a work back, and the dashboard panel."""

import pytest

from wagtail.models import Site

from artworks.models import Artwork, ReviewSettings
from tests.factories import UserFactory, create_artwork, uploaded_image
from tests.moderation.review.helpers import LISTING, turn_review, upload
from tests.sitemaps import whole_sitemap

pytestmark = pytest.mark.django_db


def test_review_is_off_by_default_and_uploads_are_public_at_once(client):
    assert ReviewSettings.for_site(Site.objects.get()).review_new_uploads is False
    client.force_login(UserFactory())
    response = upload(client, "Straight in")
    assert "“Straight in” is now in the gallery." in response.content.decode()
    assert Artwork.objects.get().status == Artwork.Status.PUBLISHED
    assert "Straight in" in client.get("/gallery/").content.decode()


def test_with_review_on_a_new_upload_waits_out_of_public_view(client):
    turn_review(True)
    member = UserFactory(username="newcomer")
    client.force_login(member)

    response = upload(client)

    page = response.content.decode()
    assert "is uploaded and awaiting review" in page
    artwork = Artwork.objects.get()
    assert artwork.status == Artwork.Status.AWAITING_REVIEW
    # The artist sees where it stands.
    assert "Awaiting review" in page
    assert "Not public yet: a moderator will look at it soon" in page
    # Nobody else sees it anywhere.
    client.logout()
    assert "Waiting work" not in client.get("/gallery/").content.decode()
    assert client.get(f"/gallery/{artwork.pk}/").status_code == 404
    assert client.get("/artists/newcomer/").status_code == 404
    assert "Waiting work" not in client.get("/").content.decode()
    assert "Waiting work" not in client.get("/feeds/artworks/").content.decode()
    assert "Waiting work" not in client.get("/gallery/?q=waiting").content.decode()
    assert f"/gallery/{artwork.pk}/" not in whole_sitemap(client)


def test_an_edit_by_the_artist_does_not_publish_a_waiting_work(client):
    turn_review(True)
    member = UserFactory()
    client.force_login(member)
    upload(client)
    artwork = Artwork.objects.get()
    response = client.post(
        artwork.get_edit_url(),
        {
            "title": "Renamed",
            "alt_text": "A red square",
            "licence": "all-rights-reserved",
            "size_unit": "cm",
            "visibility": "listed",
            # A status smuggled into the form is ignored: it is not one of its fields.
            "status": "published",
        },
    )
    assert response.status_code == 302
    artwork.refresh_from_db()
    assert artwork.title == "Renamed"
    assert artwork.status == Artwork.Status.AWAITING_REVIEW


def test_dashboard_panel_counts_waiting_work_and_links_to_the_filtered_listing(client, moderator):
    turn_review(True)
    waiting = [
        create_artwork(title=f"Queued {n}", status=Artwork.Status.AWAITING_REVIEW) for n in range(3)
    ]
    create_artwork(title="Already public")
    client.force_login(moderator)

    page = client.get("/admin/").content.decode()

    assert "Artworks awaiting review" in page
    assert "<strong>3</strong> works wait for a moderator" in page
    assert "Queued 0" in page
    assert f"/admin/snippets/artworks/artwork/edit/{waiting[0].pk}/" in page
    # Moderators see the work itself, not only its title.
    thumbnail = waiting[0].image.renditions.get(filter_spec="format-jpeg|max-320x320")
    assert thumbnail.url in page
    assert "Review before publishing is on" in page
    assert f"{LISTING}?status=awaiting_review" in page

    listing = client.get(f"{LISTING}?status=awaiting_review").content.decode()
    assert "Queued 1" in listing
    assert "Already public" not in listing


def test_dashboard_panel_says_when_nothing_waits_and_review_is_off(client, moderator):
    client.force_login(moderator)
    page = client.get("/admin/").content.decode()
    assert "Nothing is awaiting review." in page
    assert "Review before publishing is off" in page


def test_plain_members_have_no_dashboard(client):
    client.force_login(UserFactory())
    response = client.get("/admin/")
    assert response.status_code in (302, 403)


def test_editors_switch_review_on_in_the_admin_settings(client):
    editor = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(editor)
    site = Site.objects.get()
    response = client.get("/admin/settings/artworks/reviewsettings/", follow=True)
    assert "Review new uploads before publishing" in response.content.decode()
    response = client.post(
        f"/admin/settings/artworks/reviewsettings/{site.pk}/", {"review_new_uploads": "on"}
    )
    assert response.status_code == 302
    assert ReviewSettings.for_site(site).review_new_uploads is True


def test_with_review_on_replacing_the_image_of_a_published_work_sends_it_back_to_review(client):
    member = UserFactory()
    artwork = create_artwork(member, title="Swapped later")
    turn_review(True)
    client.force_login(member)

    response = client.post(
        artwork.get_edit_url(),
        {
            "title": "Swapped later",
            "image": uploaded_image(),
            "alt_text": "Something else entirely",
            "licence": "all-rights-reserved",
            "size_unit": "cm",
            "visibility": "listed",
        },
        follow=True,
    )

    assert "The work waits for a moderator&#x27;s review" in response.content.decode()
    artwork.refresh_from_db()
    assert artwork.status == Artwork.Status.AWAITING_REVIEW
    client.logout()
    assert client.get(f"/gallery/{artwork.pk}/").status_code == 404


@pytest.mark.parametrize(
    "change",
    [
        {"title": "Words only, retitled"},
        {"description": "Now with a link to my shop"},
        {"alt_text": "Something else entirely"},
        {"tags": "new-tag"},
    ],
)
def test_with_review_on_changing_the_words_of_a_published_work_sends_it_back_to_review(
    client, change
):
    member = UserFactory()
    artwork = create_artwork(member, title="Words only", alt_text="A red square")
    turn_review(True)
    client.force_login(member)
    response = client.post(
        artwork.get_edit_url(),
        {
            "title": "Words only",
            "alt_text": "A red square",
            "licence": "all-rights-reserved",
            "size_unit": "cm",
            "visibility": "listed",
            **change,
        },
        follow=True,
    )
    assert "The work waits for a moderator&#x27;s review" in response.content.decode()
    artwork.refresh_from_db()
    assert artwork.status == Artwork.Status.AWAITING_REVIEW
    client.logout()
    assert client.get(f"/gallery/{artwork.pk}/").status_code == 404
    # Logged in the artist's name, like a moderator's decision.
    from wagtail.models import ModelLogEntry

    entry = ModelLogEntry.objects.get(object_id=str(artwork.pk), action="artworks.await_review")
    assert entry.user == member


def test_with_review_on_an_uploaded_avatar_is_refused(client, media_files):
    member = UserFactory()
    turn_review(True)
    client.force_login(member)
    before = media_files()
    response = client.post(
        "/my/profile/",
        {"display_name": "Ada", "bio": "", "avatar_image": uploaded_image("me.jpg")},
    )
    assert response.status_code == 200
    assert "an uploaded image cannot be your avatar" in response.content.decode()
    member.refresh_from_db()
    assert member.avatar_image_id is None
    assert media_files() == before


def test_with_review_on_an_edit_of_the_facts_only_keeps_the_work_public_and_quiet(client):
    member = UserFactory()
    artwork = create_artwork(member, title="Just facts", alt_text="A red square")
    turn_review(True)
    client.force_login(member)
    response = client.post(
        artwork.get_edit_url(),
        {
            "title": "Just facts",
            "alt_text": "A red square",
            "year_made": "2021",
            "licence": "all-rights-reserved",
            "size_unit": "cm",
            "visibility": "listed",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "Your changes to “Just facts” are saved." in page
    assert "waits for a moderator" not in page
    artwork.refresh_from_db()
    assert (artwork.year_made, artwork.status) == (2021, Artwork.Status.PUBLISHED)


def test_with_review_off_changing_the_words_keeps_the_work_public(client):
    member = UserFactory()
    artwork = create_artwork(member, title="Trusted", alt_text="A red square")
    client.force_login(member)
    client.post(
        artwork.get_edit_url(),
        {
            "title": "Trusted, retitled",
            "alt_text": "A red square",
            "licence": "all-rights-reserved",
            "size_unit": "cm",
            "visibility": "listed",
        },
    )
    artwork.refresh_from_db()
    assert (artwork.title, artwork.status) == ("Trusted, retitled", Artwork.Status.PUBLISHED)
