from django import template
from django.template.backends.utils import csrf_input

from social import collections, favourites, follows
from social.follow_urls import FollowUrls

register = template.Library()


@register.inclusion_tag("social/follow_button.html", takes_context=True)
def follow_button(context, artist, following=None):
    """The Follow / Following button for `artist`. Anonymous visitors all get the same
    "Follow" link to log in (no query, no CSRF token), so a cached public page is one HTML
    for everyone; a logged-in member's page is never cached, so it may say whether they
    follow (one query, or none where the page passes `following`). Nothing for the artist
    themselves. The form is social/follow_form.html, which the list of artists followed
    includes for each of them."""
    request = context["request"]
    user = context.get("user") or request.user
    anonymous = not user.is_authenticated
    own = not anonymous and user.pk == artist.pk
    button = {"artist": artist, "anonymous": anonymous, "own": own, "next": request.get_full_path()}
    if anonymous or own:
        return button
    return {
        **button,
        "following": follows.is_following(user, artist) if following is None else following,
        "follow_url": FollowUrls()(artist.username),
        "csrf_input": csrf_input(request),
    }


@register.simple_tag
def follower_count(artist):
    return follows.follower_count(artist)


@register.simple_tag
def public_collections(member):
    """The member's public collections for their artist page (social.collections): the same
    for every visitor, so the cached page stays one HTML for everyone."""
    return collections.public_collections_of(member)


@register.inclusion_tag("social/add_to_collection.html", takes_context=True)
def add_to_collection(context, artwork):
    """The artwork page's "Add to collection" form, for logged-in members on listed work
    (one query for their collections' names). Nothing for anonymous visitors: their page is
    cached and shared, and holds nothing of anyone's."""
    request = context["request"]
    user = context.get("user") or request.user
    shown = user.is_authenticated and artwork.visibility == artwork.Visibility.LISTED
    return {
        "shown": shown,
        "artwork": artwork,
        "collections": collections.collections_for_picker(user) if shown else [],
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


def ids_of(items):
    """The primary keys of works given one by one or in lists (a queryset is evaluated here,
    and its rows kept for the template's own loop; a list known by its keys is not loaded)."""
    ids = []
    for item in items:
        if item is None:
            continue
        if hasattr(item, "pk"):
            ids.append(item.pk)
        elif hasattr(item, "pks"):
            ids.extend(item.pks)
        else:
            ids.extend(artwork.pk for artwork in item)
    return ids


@register.simple_tag(takes_context=True)
def favourite_state(context, *artworks_or_lists):
    """`{% favourite_state artworks [artwork ...] as favourite_state %}`: the hearts' state
    for these works (lists or single works); one query for a member, none for a visitor."""
    user = context.get("user") or context["request"].user
    ids = ids_of(artworks_or_lists)
    return favourites.FavouriteState.of(user, ids)


@register.inclusion_tag("social/favourite_fields.html", takes_context=True)
def favourite_fields(context, state, cards=None):
    """The member's own part of each card's heart form, kept out of the cached grid: the
    CSRF token and where to come back to, tied to the form by the `form` attribute. For the
    cards of `state`, or only those in `cards` where the state covers more works."""
    request = context["request"]
    ids = state.artwork_ids if cards is None else [artwork.pk for artwork in cards]
    return {
        "ids": ids if state.member else [],
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("social/favourite_button.html", takes_context=True)
def favourite_button(context, artwork, state):
    """The heart on an artwork's page: a log-in link with the count for visitors (one HTML
    for all, so the page stays cacheable), a pressed or unpressed button for members."""
    request = context["request"]
    return {
        "artwork": artwork,
        "member": state.member,
        "favourited": artwork.pk in state.ids,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }
