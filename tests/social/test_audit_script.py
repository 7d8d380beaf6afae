"""Nothing a member writes runs as script on any surface the social features added, seen
together: one hostile member's display name, comment, collection, note, commission request
and report, looked at on every public page, the members' own pages, the feeds, the JSON-LD,
the admin's listings and inspect views, and the emails."""

import json

import pytest

from django.core import mail
from django.test import Client

from comments import services as comments
from commissions import services as commissions
from commissions.models import CommissionRequest
from reports.models import Report
from social import collections, favourites, follows
from tests.factories import UserFactory, create_artwork
from tests.html import select

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(2)>'
CLOSING = "</script><script>alert(3)</script>"
HOSTILE = f"{SCRIPT}{ATTRIBUTE}{CLOSING} javascript:alert(4)"


def assert_inert(text, where):
    """None of the hostile markup survives as markup (escaped copies are fine)."""
    lowered = text.lower()
    for marker in ("<script>alert", "<img src=x", "</script><script>", 'href="javascript:'):
        assert marker not in lowered, f"{marker!r} in {where}"


@pytest.fixture
def hostile(django_capture_on_commit_callbacks):
    ada = UserFactory(username="ada", open_for_commissions=True, commission_text=HOSTILE[:400])
    eve = UserFactory(username="eve", display_name="Eve")
    # Display names refuse markup at the form; set one directly, as an old row might hold
    # (80 characters, the column's size: PostgreSQL refuses more).
    type(eve).objects.filter(pk=eve.pk).update(display_name=HOSTILE[:80])
    eve.refresh_from_db()
    work = create_artwork(ada, title="Engine")
    with django_capture_on_commit_callbacks(execute=True):
        follows.follow(eve, ada)
        favourites.favourite(eve, work)
        comment = comments.post(eve, work, HOSTILE)
        comments.post(ada, work, "Thank you", parent=comment)
        comments.post(eve, work, f"Reply {HOSTILE}", parent=comment)
        collection = collections.create_collection(eve, "Blue", HOSTILE, is_public=True)
        collections.add_work(eve, collection, work, HOSTILE[:400])
        commissions.send_request(eve, ada, subject="A portrait", message=HOSTILE)
    create_artwork(eve, title="Eve's own")
    reporter = UserFactory(username="rex")
    reporting = Client()
    reporting.force_login(reporter)
    reporting.post(f"/reports/comment/{comment.pk}/", {"reason": "offensive", "message": HOSTILE})
    return {"ada": ada, "eve": eve, "work": work, "comment": comment, "collection": collection}


def test_hostile_writing_is_inert_on_every_page_feed_and_email(hostile):
    ada, eve, work = hostile["ada"], hostile["eve"], hostile["work"]
    collection, comment = hostile["collection"], hostile["comment"]
    assert Report.objects.filter(comment=comment).exists()
    assert CommissionRequest.objects.filter(sender=eve).exists()

    anonymous = Client()
    pages = {
        "artwork page": work.get_absolute_url(),
        "collection page": collection.get_absolute_url(),
        "collector's artist page": "/artists/eve/",
        "artist page": "/artists/ada/",
        "gallery": "/gallery/",
        "feed": "/feeds/artworks/",
        "artist feed": "/feeds/artists/eve/",
        "sitemap": "/sitemap.xml",
        "sitemap of pages": "/sitemap-pages.xml",
        "sitemap of artworks": "/sitemap-artworks.xml",
        "sitemap of artists": "/sitemap-artists.xml",
    }
    for where, url in pages.items():
        response = anonymous.get(url, follow=True)
        assert response.status_code == 200, where
        assert_inert(response.content.decode(), where)
        for block in select(response, 'script[type="application/ld+json"]'):
            json.loads(block.get_text())  # the JSON-LD is whole: nothing closed its script early

    artist = Client()
    artist.force_login(ada)
    for where, url in {
        "notifications": "/my/notifications/",
        "commissions": "/my/commissions/",
        "artwork page (artist)": work.get_absolute_url(),
    }.items():
        response = artist.get(url)
        assert response.status_code == 200, where
        assert_inert(response.content.decode(), where)
    # The follower, the commenter and the commission's sender are named there, as text.
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;" in artist.get("/my/notifications/").content.decode()
    )

    collector = Client()
    collector.force_login(eve)
    for url in ("/my/collections/", f"/my/collections/{collection.pk}/", "/my/favourites/"):
        assert_inert(collector.get(url).content.decode(), url)

    admin = Client()
    admin.force_login(UserFactory(username="boss", is_staff=True, is_superuser=True))
    for url in (
        "/admin/snippets/comments/comment/",
        f"/admin/snippets/comments/comment/inspect/{comment.pk}/",
        "/admin/snippets/commissions/commissionrequest/",
        "/admin/snippets/commissions/commissionrequest/inspect/"
        f"{CommissionRequest.objects.get(sender=eve).pk}/",
        "/admin/snippets/reports/report/",
        f"/admin/snippets/comments/comment/history/{comment.pk}/",
        "/admin/users/",
    ):
        response = admin.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), url)

    assert mail.outbox
    for message in mail.outbox:
        assert "\n" not in message.subject
        for body, _content_type in getattr(message, "alternatives", []):
            assert_inert(body, f"HTML email {message.subject}")
