"""Every page a visitor or a member can reach, with content on it, for the checks that walk
the whole site (tests/browser/test_accessibility.py: axe in a browser;
tests/site/test_html_validity.py: the Nu HTML checker). One list, so both tools look at the
same pages."""

from dataclasses import dataclass

from artworks.models import Artwork
from comments import services as comments
from commissions.models import CommissionBlock, CommissionRequest
from notifications.emails import unsubscribe_token
from notifications.models import Notification
from notifications.services import notify
from social import collections
from social.models import Favourite, Follow
from tests.factories import UserFactory, create_artwork, uploaded_image
from tests.pages import create_exhibition, exhibited

# Enough works for a second gallery page at the per-page setting the checks use.
ARTWORKS_PER_PAGE = 4


@dataclass(frozen=True)
class TourPage:
    name: str
    url: str
    member: bool = False
    # A form sent empty (browser validation off), so the page shows its errors.
    submit_empty: bool = False


@dataclass
class TourContent:
    artist: object
    pages: list


def build_tour():
    """An artist with listed, mature, unlisted, work-in-progress and awaiting-review works,
    tags, an exhibition; and the pages that show them."""
    artist = UserFactory(username="mira", display_name="Mira Holm", location="Bergen")
    other = UserFactory(username="tomas", display_name="Tomas Lind")
    harbour = create_artwork(artist, title="Harbour at dawn", tags="sea, oil")
    create_artwork(artist, title="Tall study", image=uploaded_image(size=(300, 600)))
    mature = create_artwork(artist, title="Life class", tags="figure")
    Artwork.objects.filter(pk=mature.pk).update(mature=True)
    unlisted = create_artwork(artist, title="For friends")
    Artwork.objects.filter(pk=unlisted.pk).update(visibility=Artwork.Visibility.UNLISTED)
    in_progress = create_artwork(artist, title="Still going")
    Artwork.objects.filter(pk=in_progress.pk).update(work_in_progress=True)
    create_artwork(artist, title="Under review", status=Artwork.Status.AWAITING_REVIEW)
    for number in range(ARTWORKS_PER_PAGE):
        create_artwork(other, title=f"Sketch {number}", tags="sea")
    # The member follows Tomas: the Following page has work on it, and his pages show the
    # "Following" button.
    Follow.objects.create(follower=artist, artist=other)
    # Tomas takes commissions (his pages show the box, the request form is open to Mira);
    # Mira received a request from him and blocked another member, and sent one herself.
    other.open_for_commissions = True
    other.commission_text = "Seascapes to order.\nAbout a month."
    other.save()
    pest = UserFactory(username="pest", display_name="Pat Pest")
    CommissionRequest.objects.create(
        artist=artist, sender=other, subject="A harbour for our hall", message="Large, in oil.",
        budget="€600", deadline="2099-06-01",
    )  # fmt: skip
    CommissionRequest.objects.create(
        artist=artist, sender=pest, subject="Cheap", message="Now.", status="blocked"
    )
    CommissionBlock.objects.create(artist=artist, blocked_member=pest)
    CommissionRequest.objects.create(artist=pest, sender=artist, subject="Hello", message="Hi.")
    # A public collection of Tomas's work, with notes: its page, Mira's artist page (which
    # lists it) and her own collection pages have content.
    collection = collections.create_collection(
        artist, "Sea studies", "Works with water in them.", is_public=True
    )
    for number, sketch in enumerate(Artwork.objects.filter(artist=other).order_by("pk")[:2]):
        collections.add_work(artist, collection, sketch, f"Note {number}: the light.")
    # And keeps one of his works among her favourites: hearts pressed and not, and a
    # Favourites page with work on it.
    Favourite.objects.create(member=artist, artwork=other_work(other))
    Artwork.objects.filter(pk=other_work(other).pk).update(favourite_count=1)
    # Notifications for the member: one unread with a link, one read with a moderator's note.
    notify(artist, Notification.Kind.NEW_FOLLOWER, actor=other, target_url="/artists/tomas/")
    hidden = notify(
        artist,
        Notification.Kind.HIDDEN,
        artwork=harbour,
        target_url="/my/artworks/",
        text="The title names another artist.",
    )
    Notification.objects.filter(pk=hidden.pk).update(read_at=hidden.created_at)
    # A comment with a link, and the artist's reply: the work's page shows a thread.
    comment = comments.post(other, harbour, "Lovely light. https://example.com/sea\nMore soon.")
    reply = comments.post(artist, harbour, "Thank you!", parent=comment)
    exhibition = create_exhibition(body=[("heading", "The sea"), exhibited(harbour, "At dawn.")])

    public = [
        TourPage("home", "/"),
        TourPage("gallery", "/gallery/"),
        TourPage("gallery filtered and sorted", "/gallery/?tag=sea&sort=title"),
        TourPage("gallery search", "/gallery/?q=harbour"),
        TourPage("gallery page 2", "/gallery/?page=2"),
        TourPage("tags", "/gallery/tags/"),
        TourPage("artwork", harbour.get_absolute_url()),
        TourPage("mature artwork", mature.get_absolute_url()),
        TourPage("unlisted artwork", unlisted.get_absolute_url()),
        TourPage("work in progress", in_progress.get_absolute_url()),
        TourPage("artists", "/artists/"),
        TourPage("artist", "/artists/mira/"),
        TourPage("collection", collection.get_absolute_url()),
        TourPage("exhibitions", "/exhibitions/"),
        TourPage("exhibition", exhibition.url),
        TourPage("preferences", "/preferences/"),
        TourPage("log in", "/accounts/login/"),
        TourPage("log in with errors", "/accounts/login/", submit_empty=True),
        TourPage("sign up", "/accounts/signup/"),
        TourPage("sign up with errors", "/accounts/signup/", submit_empty=True),
        TourPage("password reset", "/accounts/password/reset/"),
        TourPage("not found", "/no-such-page/"),
        TourPage("unsubscribe", f"/my/notifications/unsubscribe/{unsubscribe_token(artist)}/"),
    ]
    member = [
        TourPage("my artworks", "/my/artworks/"),
        TourPage("upload", "/my/artworks/upload/"),
        TourPage("upload with errors", "/my/artworks/upload/", submit_empty=True),
        TourPage("edit", f"/my/artworks/{harbour.pk}/edit/"),
        TourPage("delete", f"/my/artworks/{harbour.pk}/delete/"),
        TourPage("profile", "/my/profile/"),
        TourPage("account", "/my/account/"),
        TourPage("data export", "/my/account/export/"),
        TourPage("delete account", "/my/account/delete/"),
        TourPage("delete account with errors", "/my/account/delete/", submit_empty=True),
        TourPage("account email", "/accounts/email/"),
        TourPage("password change", "/accounts/password/change/"),
        TourPage("log out", "/accounts/logout/"),
        # Two-factor authentication is required of staff only, but any member may set it up.
        TourPage("two-factor authentication", "/accounts/2fa/"),
        TourPage("authenticator app", "/accounts/2fa/totp/activate/"),
        TourPage("security key", "/accounts/2fa/webauthn/add/"),
        TourPage("report artwork", f"/reports/artwork/{other_work(other).pk}/"),
        TourPage("report artist", "/reports/artist/tomas/"),
        TourPage("report comment", f"/reports/comment/{comment.pk}/"),
        TourPage("edit comment", f"/comments/{reply.pk}/edit/"),
        TourPage("delete comment", f"/comments/{comment.pk}/delete/"),
        TourPage("own artist page", "/artists/mira/"),
        TourPage("gallery logged in", "/gallery/"),
        TourPage("artwork logged in", harbour.get_absolute_url()),
        TourPage("following", "/my/following/"),
        TourPage("every artist followed", "/my/following/?show=artists"),
        TourPage("my collections", "/my/collections/"),
        TourPage("my collection", collection.get_edit_url()),
        TourPage("own collection page", collection.get_absolute_url()),
        TourPage("favourites", "/my/favourites/"),
        TourPage("followed artist", "/artists/tomas/"),
        TourPage("followed artist's artwork", other_work(other).get_absolute_url()),
        TourPage("commissions", "/my/commissions/"),
        TourPage("commission request", "/my/commissions/request/tomas/"),
        TourPage(
            "commission request with errors", "/my/commissions/request/tomas/", submit_empty=True
        ),
        TourPage("notifications", "/my/notifications/"),
        TourPage("notification settings", "/my/notifications/settings/"),
    ]
    member = [TourPage(page.name, page.url, True, page.submit_empty) for page in member]
    return TourContent(artist=artist, pages=public + member)


def other_work(other):
    return Artwork.objects.filter(artist=other).order_by("pk").first()
