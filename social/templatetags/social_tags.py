from django import template

from social import follows

register = template.Library()


@register.inclusion_tag("social/follow_button.html", takes_context=True)
def follow_button(context, artist, following=None):
    """The Follow / Following button for `artist`. Anonymous visitors all get the same
    "Follow" link to log in (no query), so a cached public page is one HTML for everyone;
    a logged-in member's page is never cached, so it may say whether they follow (one
    query, or none where the page passes `following=True`, as the list of artists followed
    does). Nothing for the artist themselves."""
    request = context["request"]
    user = context.get("user") or request.user
    return {
        "artist": artist,
        "anonymous": not user.is_authenticated,
        "own": user.is_authenticated and user.pk == artist.pk,
        "following": follows.is_following(user, artist) if following is None else following,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def follower_count(artist):
    return follows.follower_count(artist)
