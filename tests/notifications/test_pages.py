"""A member's notification settings and the notifications page: newest first, unread highlighted,
opened and marked read."""

import pytest

from django.utils import timezone

from artworks.models import Artwork
from artworks.moderation import decide
from notifications.models import Notification, NotificationPreferences
from notifications.services import notify
from tests.factories import UserFactory, create_artwork
from tests.html import select
from tests.notifications.helpers import Kind

pytestmark = pytest.mark.django_db


# --- Settings ----------------------------------------------------------------------------------


def test_a_member_chooses_how_to_be_emailed(client, ada, settings):
    settings.NOTIFICATION_EMAIL_DEFAULT = "daily"
    client.force_login(ada)
    page = client.get("/my/notifications/settings/").content.decode()
    assert "<legend>Email me about notifications</legend>" in page
    assert select(page, 'input[type="radio"][name="email"][value="daily"][checked]')
    for label in ("Send each one by email as it happens", "No emails: show them on the site"):
        assert label in page
    response = client.post("/my/notifications/settings/", {"email": "immediate"})
    assert response.status_code == 302
    assert NotificationPreferences.objects.get(member=ada).email == "immediate"
    assert (
        "Your notification settings are saved." in client.get(response["Location"]).content.decode()
    )


def test_an_unknown_choice_is_refused_next_to_the_field(client, ada):
    client.force_login(ada)
    response = client.post("/my/notifications/settings/", {"email": "hourly"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not NotificationPreferences.objects.exists()


def test_settings_and_mark_all_read_beyond_the_rate_limit_get_429(client, ada, settings):
    settings.NOTIFICATION_WRITE_RATE_LIMIT = "2/h"
    client.force_login(ada)
    client.post("/my/notifications/settings/", {"email": "off"})
    client.post("/my/notifications/read/")
    response = client.post("/my/notifications/settings/", {"email": "immediate"})
    assert response.status_code == 429
    assert "many times in a short time" in response.content.decode()
    assert NotificationPreferences.objects.get(member=ada).email == "off"
    response = client.post("/my/notifications/read/", HTTP_ACCEPT="application/json")
    assert response.status_code == 429


def test_members_pages_need_a_log_in(client):
    for url in ("/my/notifications/", "/my/notifications/settings/", "/my/notifications/1/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


# --- The notifications page ------------------------------------------------------------------


def test_the_page_lists_newest_first_highlights_unread_and_pages(client, ada, settings):
    settings.NOTIFICATIONS_PER_PAGE = 2
    actors = [UserFactory(display_name=f"Member {number}") for number in range(3)]
    for actor in actors:
        notify(ada, Kind.NEW_FOLLOWER, actor=actor)
    Notification.objects.filter(actor=actors[2]).update(read_at=timezone.now())
    client.force_login(ada)
    first = client.get("/my/notifications/").content.decode()
    assert first.index("Member 2 now follows you") < first.index("Member 1 now follows you")
    assert "Member 0" not in first
    assert first.count('class="notification notification-unread"') == 1
    assert 'rel="next"' in first
    second = client.get("/my/notifications/?page=2").content.decode()
    assert "Member 0 now follows you" in second
    assert "nothing on page 9" in client.get("/my/notifications/?page=9").content.decode()


def test_opening_the_page_marks_nothing_read_and_mark_all_read_does(client, ada, grace):
    notify(ada, Kind.NEW_FOLLOWER, actor=grace)
    notify(grace, Kind.NEW_FOLLOWER, actor=ada)
    client.force_login(ada)
    page = client.get("/my/notifications/").content.decode()
    assert "Mark all as read" in page
    assert Notification.objects.filter(read_at__isnull=True).count() == 2
    response = client.post("/my/notifications/read/")
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "All your notifications are marked as read." in page
    assert "notification-unread" not in page
    assert "Mark all as read" not in page
    # Only the member's own.
    assert Notification.objects.get(read_at__isnull=True).recipient == grace
    response = client.post("/my/notifications/read/", HTTP_ACCEPT="application/json")
    assert response.json()["unread"] == 0


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, ada, grace):
    artwork = create_artwork(ada, title="Engine")
    mine = notify(grace, Kind.NEW_WORK, actor=ada, artwork=artwork, target_url="/gallery/x/")
    client.force_login(grace)
    page = client.get("/my/notifications/").content.decode()
    assert f'href="/my/notifications/{mine.pk}/"' in page
    response = client.get(f"/my/notifications/{mine.pk}/")
    assert response.status_code == 302
    assert response["Location"] == "/gallery/x/"
    mine.refresh_from_db()
    assert mine.read_at is not None


def test_someone_elses_notification_is_404(client, ada, grace):
    theirs = notify(ada, Kind.NEW_FOLLOWER, actor=grace)
    client.force_login(grace)
    assert client.get(f"/my/notifications/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "javascript:x"])
def test_a_notification_never_leads_off_the_site(client, ada, grace, target):
    notification = notify(ada, Kind.COMMISSION, actor=grace, target_url=target)
    client.force_login(ada)
    response = client.get(f"/my/notifications/{notification.pk}/")
    assert response["Location"] == "/my/notifications/"


def test_members_words_are_shown_as_text_on_the_page(client, ada, committed):
    sneaky = UserFactory(display_name="Eve <script>alert(1)</script>")
    artwork = create_artwork(ada, title="<img src=x onerror=alert(2)>")
    with committed():
        decide(artwork, Artwork.Status.HIDDEN, by=sneaky, note="<script>alert(3)</script>")
    notify(ada, Kind.COMMENT, actor=sneaky, artwork=artwork, target_url="/", text="<b>hi</b>")
    client.force_login(ada)
    page = client.get("/my/notifications/").content.decode()
    for raw in ("<script>alert", "<img src=x", "<b>hi</b>"):
        assert raw not in page
    assert "Eve &lt;script&gt;alert(1)&lt;/script&gt; commented" in page
    assert "Moderator&#x27;s note:</span> &lt;script&gt;alert(3)&lt;/script&gt;" in page


def test_an_empty_page_says_what_will_appear(client, ada):
    client.force_login(ada)
    assert "No notifications yet." in client.get("/my/notifications/").content.decode()
