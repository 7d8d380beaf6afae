"""`manage.py seed_demo`: demo content on demand, the same however often it runs."""

import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from io import StringIO
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from artworks.models import Artwork
from artworks.rights import Licence
from demo import data as demo_data
from exhibitions.models import ExhibitionPage
from home.models import HomePage
from notifications import services as notifications
from notifications.models import Notification
from social.models import Collection, Follow
from tests import PROJECT_ROOT

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_pictures(monkeypatch):
    """Every demo artist and work, drawn small: the code path is the same, the test quicker.
    (Most of a work's cost is the upload path itself, so only one test seeds all 48.)"""
    monkeypatch.setattr(demo_data, "SIZES", [(120, 80), (80, 120), (100, 100)])
    monkeypatch.setattr(demo_data, "BANNER_PIXELS", (200, 60))
    monkeypatch.setattr(demo_data, "STUDY_PIXELS", (120, 90))


@pytest.fixture
def small_demo(small_pictures, monkeypatch):
    """Every artist with their first two works."""
    artists = [dict(spec, works=spec["works"][:2]) for spec in demo_data.ARTISTS]
    monkeypatch.setattr(demo_data, "ARTISTS", artists)
    return artists


def seed():
    output = StringIO()
    call_command("seed_demo", stdout=output)
    return output.getvalue()


def test_seed_demo_creates_admin_artists_and_artworks_and_prints_logins(client, small_demo):
    printed = seed()
    assert "admin / changeme" in printed
    assert "ada" in printed and "farid" in printed

    User = get_user_model()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("changeme")
    assert Artwork.objects.public().count() == 12
    gallery = client.get("/gallery/").content.decode()
    assert "Red Silence" in gallery
    # Uploaded round by round: the newest works are by every artist, not one.
    for spec in small_demo:
        assert spec["display_name"] in gallery
    assert client.login(username="admin", password="changeme")
    assert client.get("/admin/").status_code == 200
    # Every demo account has a confirmed email, so it logs in and uploads at once.
    demo_accounts = User.objects.filter(
        username__in=["admin", *(s["username"] for s in small_demo)]
    )
    assert {address.user.username for address in EmailAddress.objects.filter(verified=True)} >= {
        account.username for account in demo_accounts
    }
    client.logout()
    artist = small_demo[0]["username"]
    login = client.post("/accounts/login/", {"login": artist, "password": demo_data.DEMO_PASSWORD})
    assert login.status_code == 302
    assert client.get("/my/artworks/upload/").status_code == 200


def test_demo_content_looks_like_a_collectives(client, small_pictures):
    seed()
    for spec in demo_data.ARTISTS:
        artist = get_user_model().objects.get(username=spec["username"])
        assert artist.location and artist.bio
        assert 1 <= len(artist.links) <= 3
        assert all(".example/" in link for link in artist.links)  # never a real address
        assert artist.location in client.get(f"/artists/{artist.username}/").content.decode()
    with_avatar = get_user_model().objects.filter(avatar_artwork__isnull=False)
    assert with_avatar.count() >= 3
    assert all(user.avatar_artwork.artist == user for user in with_avatar)
    # Every part of the artist and artwork pages is there to see: banners, more images.
    with_banner = get_user_model().objects.exclude(banner_image=None)
    assert sorted(with_banner.values_list("username", flat=True)) == ["ada", "dmitri"]
    assert 'class="profile-banner' in client.get("/artists/ada/").content.decode()
    for username, title in demo_data.WORKS_WITH_MORE_IMAGES:
        work = Artwork.objects.get(artist__username=username, title=title)
        assert [extra.caption for extra in work.extra_images.order_by("sort_order")] == [
            "Detail",
            "A study made before the finished work",
        ]
        page = client.get(work.get_absolute_url()).content.decode()
        assert "More images of this work" in page and f"Detail of {title}" in page

    artworks = Artwork.objects.public()
    assert artworks.count() == 48
    # Alt text says what each picture shows, in words of its own.
    alt_texts = [artwork.alt_text for artwork in artworks]
    assert all(len(alt) > 60 for alt in alt_texts)
    assert len(set(alt_texts)) == len(alt_texts)
    assert len({artwork.description for artwork in artworks}) == len(artworks)
    licences = Counter(artworks.values_list("licence", flat=True))
    assert len(licences) >= 4
    assert licences.most_common(1)[0][0] == Licence.ALL_RIGHTS_RESERVED
    assert len(set(artworks.values_list("medium", flat=True))) >= 5
    assert 1 <= artworks.filter(made_with_ai=True).count() <= 2
    assert all(2000 < artwork.year_made <= timezone.localdate().year for artwork in artworks)
    assert artworks.filter(width__isnull=False, height__isnull=False).count() >= 12
    for artwork in artworks.prefetch_related("tags"):
        assert 3 <= len(artwork.tags.all()) <= 5
    # Tags are shared: a tag's page gathers several artists.
    summer = artworks.filter(tags__name="summer")
    assert summer.values("artist").distinct().count() >= 4
    assert "Late Heat" in client.get("/gallery/?tag=summer").content.decode()

    today = timezone.localdate()
    current = ExhibitionPage.objects.get(slug="colour-and-line")
    assert current.live and current.opens_on < today < current.closes_on
    assert 6 <= len(current.chosen_artwork_ids()) <= 9
    assert current.artist_count >= 4
    # Published as an editor would: the works know they are exhibited.
    assert current.exhibited_artworks.count() == len(current.chosen_artwork_ids())
    kinds = {block["type"] for block in current.body.raw_data}
    assert kinds == {"heading", "text", "artwork"}
    page = client.get(current.url).content.decode()
    assert "Two ways of making a picture" in page and "Red Silence" in page
    assert "stand close and the edge" in page  # a curator's note
    index = client.get("/exhibitions/").content.decode()
    shows = ExhibitionPage.objects.live()
    assert {show.when for show in shows} == {"current", "past", "upcoming"}
    assert all(show.title in index for show in shows)

    home = HomePage.objects.get()
    featured = [featured.artist.username for featured in home.featured_artists.all()]
    assert featured == demo_data.FEATURED and len(featured) == 3
    assert not home.has_unpublished_changes


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def snapshot():
    return {
        "rows": row_counts(),
        "artworks": list(
            Artwork.objects.values_list(
                "pk", "updated_at", "favourite_count", "favourites_this_week"
            )
        ),
        "read": list(Notification.objects.values_list("pk", "read_at")),
        "users": list(get_user_model().objects.values()),
        "pages": list(ExhibitionPage.objects.values("pk", "latest_revision_id")),
        "home": HomePage.objects.get().latest_revision_id,
    }


def test_seed_demo_is_idempotent(small_demo):
    seed()
    before = snapshot()
    assert "0 new artworks, 0 new exhibitions" in seed()
    assert snapshot() == before


def test_demo_artists_follow_favourite_collect_and_comment(
    client, small_demo, django_capture_on_commit_callbacks
):
    # Notifications are written by tasks queued once each write commits.
    with django_capture_on_commit_callbacks(execute=True):
        seed()
    User = get_user_model()
    ada = User.objects.get(username="ada")
    assert Follow.objects.count() == len(demo_data.FOLLOWS)
    assert set(ada.followers.values_list("follower__username", flat=True)) == {"chioma", "dmitri"}

    # "Most favourited this week" has an order to show.
    gallery = client.get("/gallery/?sort=favourites").content.decode()
    order = [gallery.index(title) for title in ("Current", "Red Silence", "Weave I", "Lilac Hour")]
    assert order == sorted(order)
    assert Artwork.objects.get(title="Current").favourites_this_week == 5

    shown = Collection.objects.filter(is_public=True).order_by("name")
    assert [(c.owner.username, c.name) for c in shown] == [
        ("chioma", "Pattern and repeat"),
        ("ada", "Water and light"),
    ]
    page = client.get(shown[1].get_absolute_url()).content.decode()
    assert "Water and light" in page and "The colour of the harbour ten minutes" in page
    artist_page = client.get("/artists/ada/").content.decode()
    assert "Water and light" in artist_page
    assert "Open for commissions" in artist_page and "two or three paintings a year" in artist_page

    red_silence = Artwork.objects.get(title="Red Silence")
    page = client.get(red_silence.get_absolute_url()).content.decode()
    assert "This is what I was after." in page  # Bruno's comment
    assert "The trick is to stop before they match." in page  # ada's reply
    assert red_silence.comments.filter(parent__isnull=False).count() == 2

    # ada finds a couple of unread notifications, and older ones read.
    assert notifications.unread_count(ada) == demo_data.UNREAD_FOR_ADA
    assert set(notifications.unread(ada).values_list("kind", flat=True)) == {"comment", "reply"}
    assert ada.notifications.filter(read_at__isnull=False).count() >= 5
    client.force_login(ada)
    page = client.get("/my/notifications/").content.decode()
    assert "Chioma Eze" in page and "Bruno Keller" in page

    # A second run adds nothing and changes nothing.
    before = snapshot()
    with django_capture_on_commit_callbacks(execute=True):
        printed = seed()
    assert "0 new follows, favourites, collections and comments" in printed
    assert snapshot() == before


def test_seed_demo_leaves_an_editors_exhibition_and_featured_artists_alone(small_demo):
    seed()
    current = ExhibitionPage.objects.get(slug="colour-and-line")
    current.closes_on = current.opens_on  # an editor closed the show early
    current.save_revision().publish()
    home = HomePage.objects.get()
    home.featured_artists.filter(artist__username="ada").delete()

    seed()
    assert ExhibitionPage.objects.get(slug="colour-and-line").closes_on == current.opens_on
    assert [featured.artist.username for featured in home.featured_artists.all()] == [
        "chioma",
        "farid",
    ]


def test_pictures_are_the_same_on_every_run():
    from demo.art import STYLES, draw_artwork

    for style in STYLES:
        first = draw_artwork(style, "seed", (90, 60), 3)
        assert first == draw_artwork(style, "seed", (90, 60), 3)
        assert first.jpeg != draw_artwork(style, "other seed", (90, 60), 3).jpeg


def project_env(settings):
    """The environment of a process of ours under `settings`, with production's required
    variables set (the database named is never opened)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE=f"config.settings.{settings}",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="example.org",
        DATABASE_URL="sqlite:///" + str(Path(tempfile.gettempdir()) / "unused.db"),
    )
    return env


def run_in_project(*arguments, env):
    return subprocess.run(  # noqa: S603 - our own manage.py and settings
        [sys.executable, *arguments],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_seed_demo_does_not_exist_under_production_settings():
    """It makes accounts with known passwords: production has no such command."""
    result = run_in_project("manage.py", "seed_demo", env=project_env("production"))
    assert result.returncode != 0
    assert "Unknown command: 'seed_demo'" in result.stderr


def test_the_demo_app_is_installed_for_development_and_never_for_production():
    script = "import json, {module} as s; print(json.dumps(s.INSTALLED_APPS))"
    installed = {}
    for name in ["production", "dev"]:
        module = f"config.settings.{name}"
        result = run_in_project("-c", script.format(module=module), env=project_env(name))
        assert result.returncode == 0, result.stderr
        installed[name] = json.loads(result.stdout.strip().splitlines()[-1])
    assert "demo" not in installed["production"]
    assert "demo" in installed["dev"]
    # The apps production does install are the development site's, less the demo.
    assert installed["production"] == [app for app in installed["dev"] if app != "demo"]
