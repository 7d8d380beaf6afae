"""Review before publishing: the site setting, what artists and visitors see while a work
waits, the dashboard panel, and the emails that tell the artist of a moderator's decision."""

import pytest

from django.contrib.auth.models import Group
from django.core import mail

from wagtail.models import Site

from artworks import moderation
from artworks.models import Artwork, ReviewSettings
from tests.factories import UserFactory, create_artwork, uploaded_image
from tests.sitemaps import whole_sitemap

pytestmark = pytest.mark.django_db

LISTING = "/admin/snippets/artworks/artwork/"


def turn_review(on):
    settings = ReviewSettings.for_site(Site.objects.get(is_default_site=True))
    settings.review_new_uploads = on
    settings.save()


@pytest.fixture
def moderator():
    user = UserFactory(username="mod", display_name="Mo Derator")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def upload(client, title="Waiting work"):
    return client.post(
        "/my/artworks/upload/",
        {
            "title": title,
            "image": uploaded_image(),
            "alt_text": "A red square on white",
            "tags": "red",
            "licence": "all-rights-reserved",
            "size_unit": "cm",
            "visibility": "listed",
        },
        follow=True,
    )


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


def test_a_title_with_a_line_break_is_refused_and_never_reaches_an_email(client, moderator):
    from tests.moderation.test_moderation import edit_data

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
