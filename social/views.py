"""Following artists and favourite works: the Follow / Following button's and the heart's
POSTs, and the member's "Following" and "Favourites" pages."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Exists, OuterRef
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.backends.utils import csrf_input
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from artworks.models import Artwork
from artworks.renditions import CARD_SPECS
from core.member_requests import over_member_limit, refusal, safe_next, wants_json
from core.pagination import ListingPage, page_number, paginate
from core.renditions import renditions_prefetch
from core.verification import confirm_email_first, member_has_verified_email

from . import favourites, follows
from .follow_urls import FollowUrls
from .models import Favourite, Follow

TOO_MANY_FOLLOWS = _(
    "You have followed and unfollowed many artists in a short time. Nothing changed this time; "
    "please wait a while and try again."
)
UNKNOWN_ACTION = _("Choose to follow or to unfollow.")


def too_many_follows(request):
    """Per member, so nobody can script a flood of follows (and of "new follower"
    notifications)."""
    return over_member_limit(request, "follows", settings.FOLLOW_RATE_LIMIT)


def refused(request, artist, message, status):
    back = safe_next(request, artist.get_absolute_url())
    context = {"artist": artist, "back_url": back}
    return refusal(request, message, status, "social/follow_refused.html", context)


def refuse_before_changing(request, back, over_limit, refuse_over_limit):
    """Why the member may not follow or favourite now, as the response to give; None when
    they may. A visitor logs in first and comes back to `back` (a GET of the POST's address
    would only be refused); a member confirms their email first (the same rule and page as
    uploads and reports, core.verification); one over their allowance is refused."""
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    if not member_has_verified_email(request.user):
        return confirm_email_first(request, as_json=wants_json(request))
    if over_limit(request):
        return refuse_over_limit()
    return None


def changed(request, message, back, state):
    """The answer once the change is made: `state()` and `message` to a script, else
    `message` on the page at `back`."""
    if wants_json(request):
        return JsonResponse({**state(), "message": message})
    messages.success(request, message)
    return redirect(back)


@require_POST
def follow_artist(request, username):
    """POST `action=follow` or `action=unfollow`. An explicit action rather than a toggle: a
    double click or a resent form leaves the state the member asked for."""
    artist = get_user_model().objects.filter(username=username, is_active=True).first()
    if artist is None:
        raise Http404("No such artist.")
    back = safe_next(request, artist.get_absolute_url())
    refusal_now = refuse_before_changing(
        request,
        back,
        too_many_follows,
        lambda: refused(request, artist, TOO_MANY_FOLLOWS, 429),
    )
    if refusal_now is not None:
        return refusal_now
    action = request.POST.get("action")
    if action == "follow":
        try:
            follows.follow(request.user, artist)
        except follows.FollowRefused as refusal_reason:
            return refused(request, artist, str(refusal_reason), 400)
        message = gettext("You now follow %(name)s.") % {"name": artist.public_name}
    elif action == "unfollow":
        follows.unfollow(request.user, artist)
        message = gettext("You no longer follow %(name)s.") % {"name": artist.public_name}
    else:
        return refused(request, artist, UNKNOWN_ACTION, 400)
    return changed(
        request,
        message,
        back,
        lambda: {"following": action == "follow", "followers": follows.follower_count(artist)},
    )


@require_GET
@login_required
def following(request):
    """Two views of one address. The page a member opens: the newest listed, public work of
    the artists they follow, a gallery page at a time, and the artists they followed last.
    With `?show=artists`: every artist they follow, a page at a time.

    The works' query filters on a subquery of the member's follows (their own index), and
    either list of artists reads one page of follows, so each costs the same whether they
    follow 5 artists or 500."""
    if request.GET.get("show") == "artists":
        return all_followed_artists(request)
    followed_ids = Follow.objects.filter(follower=request.user).values("artist_id")
    artworks = Artwork.objects.listed().filter(artist__in=followed_ids).newest_first()
    page_of_artworks = paginate(
        request,
        artworks.for_cards(),
        settings.ARTWORKS_PER_PAGE,
        rows=Artwork.objects.newest_first().for_cards(),
    )
    shown = settings.FOLLOWED_ARTISTS_SHOWN
    followed = followed_artists(request.user, 0, shown + 1)
    return TemplateResponse(
        request,
        "social/following.html",
        {
            "artworks": page_of_artworks,
            "followed_artists": followed[:shown],
            "more_followed_artists": len(followed) > shown,
            # The forms' CSRF field, rendered once for all of them.
            "csrf_input": csrf_input(request),
        },
    )


def all_followed_artists(request):
    """`/my/following/?show=artists`: the artists the member follows, the last followed first,
    FOLLOWED_ARTISTS_PER_PAGE at a time, each with the form that unfollows them."""
    per_page = settings.FOLLOWED_ARTISTS_PER_PAGE
    number = page_number(request)
    followed = followed_artists(request.user, (number - 1) * per_page, per_page + 1)
    page = ListingPage(followed[:per_page], number, has_next=len(followed) > per_page)
    return TemplateResponse(
        request,
        "social/followed_artists.html",
        {
            "followed_artists": page,
            "csrf_input": csrf_input(request),
            # Its pages' links keep to this view of the address.
            "extra_query": "show=artists",
        },
    )


def followed_artists(member, start, count):
    """`count` of the artists `member` follows from position `start`, the last followed first,
    active ones only (a suspended member's name is not shown), in one query. Only what the
    list shows is read (no model instances), and each artist's addresses (their page, their
    Following form's) are built from one lookup each, not a reverse() per artist."""
    rows = (
        get_user_model()
        .objects.filter(followers__follower=member, is_active=True)
        .order_by("-followers__created_at", "-followers__pk")
        .values_list("username", "display_name")[start : start + count]
    )
    page_url, follow_url = get_user_model().artist_page_urls(), FollowUrls()
    return [
        {
            "public_name": display_name or username,  # as User.public_name
            "page_url": page_url(username),
            "follow_url": follow_url(username),
        }
        for username, display_name in rows
    ]


# --- Favourites ------------------------------------------------------------------------------

TOO_MANY_FAVOURITES = _(
    "You have added and removed many favourites in a short time. Nothing changed this time; "
    "please wait a while and try again."
)
UNKNOWN_FAVOURITE_ACTION = _("Choose to add the work to your favourites or to remove it.")


def too_many_favourites(request):
    """Per member: nobody can script the weekly order or a flood of notifications."""
    return over_member_limit(request, "favourites", settings.FAVOURITE_RATE_LIMIT)


def favourite_refused(request, artwork, message, status):
    back = safe_next(request, artwork.get_absolute_url())
    context = {"artwork": artwork, "back_url": back}
    return refusal(request, message, status, "social/favourite_refused.html", context)


@require_POST
def favourite_artwork(request, artwork_id):
    """POST `action=favourite` or `action=unfavourite`: explicit, so a double click or a
    resent form leaves the state the member asked for. Only public work (published, by an
    active member): anything else is 404, as its page is."""
    # A number past any key is simply no work (SQLite cannot even compare it).
    artwork = None
    if artwork_id < 2**63:
        artwork = Artwork.objects.public().filter(pk=artwork_id).first()
    if artwork is None:
        raise Http404("No such artwork.")
    back = safe_next(request, artwork.get_absolute_url())
    refusal_now = refuse_before_changing(
        request,
        back,
        too_many_favourites,
        lambda: favourite_refused(request, artwork, TOO_MANY_FAVOURITES, 429),
    )
    if refusal_now is not None:
        return refusal_now
    action = request.POST.get("action")
    if action == "favourite":
        try:
            favourites.favourite(request.user, artwork)
        except favourites.FavouriteRefused as refusal_reason:
            return favourite_refused(request, artwork, str(refusal_reason), 400)
        message = gettext("“%(title)s” is in your favourites.") % {"title": artwork.title}
    elif action == "unfavourite":
        favourites.unfavourite(request.user, artwork)
        message = gettext("“%(title)s” is no longer in your favourites.") % {"title": artwork.title}
    else:
        return favourite_refused(request, artwork, UNKNOWN_FAVOURITE_ACTION, 400)

    def state():
        count = Artwork.objects.filter(pk=artwork.pk).values_list("favourite_count", flat=True)
        return {"favourited": action == "favourite", "favourites": count.first() or 0}

    return changed(request, message, back, state)


@require_GET
@login_required
def my_favourites(request):
    """The member's favourites, newest favourite first, a gallery page at a time: public work
    of active members only (a work hidden or an artist suspended since drops out, and comes
    back if restored). The favourites' (member, created_at, id) index is walked in this order,
    each work checked by its key until the page is full, so a page costs the same with 5
    favourites or 500, however large the gallery. (`artwork__in=public()` would have SQLite
    read every public work first.)"""
    public = Artwork.objects.public().filter(pk=OuterRef("artwork_id"))
    rows = (
        Favourite.objects.select_related("artwork__artist", "artwork__image")
        .prefetch_related(renditions_prefetch("artwork__image__renditions", CARD_SPECS))
        .order_by("-created_at", "-pk")
    )
    own = rows.filter(Exists(public), member=request.user)
    page = paginate(request, own, settings.ARTWORKS_PER_PAGE, rows=rows)
    page.object_list = [row.artwork for row in page.object_list]
    return TemplateResponse(
        request,
        "social/favourites.html",
        {
            "artworks": page,
            # Every work listed is a favourite: the hearts need no query.
            "favourite_state": favourites.FavouriteState.for_all(page.object_list),
        },
    )
