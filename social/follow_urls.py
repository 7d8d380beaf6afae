"""The address a Follow / Following form posts to (social.urls' follow_artist), for any number
of artists from one reverse(): the list of artists a member follows holds hundreds of forms,
and a reverse() for each cost more than the rest of the page."""

from urllib.parse import quote

from django.urls import reverse
from django.utils.http import RFC3986_SUBDELIMS

#: A stand-in username, reversed once; the address is then built around the real one.
_PLACEHOLDER = "username"


class FollowUrls:
    """`FollowUrls()(username)` is `reverse("follow_artist", args=[username])`, character for
    character (reverse() quotes its arguments exactly so)."""

    def __init__(self):
        address = reverse("follow_artist", args=[_PLACEHOLDER])
        # The username is the pattern's last part: everything before it, and the rest.
        self.prefix, self.suffix = address.rsplit(_PLACEHOLDER, 1)

    def __call__(self, username):
        return f"{self.prefix}{quote(username, safe=RFC3986_SUBDELIMS + '/~:@')}{self.suffix}"
