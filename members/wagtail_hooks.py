"""A chooser for members in the Wagtail admin (featured artists on the home page)."""

from wagtail import hooks
from wagtail.admin.viewsets.chooser import ChooserViewSet


class ArtistChooserViewSet(ChooserViewSet):
    model = "members.User"
    icon = "user"
    choose_one_text = "Choose an artist"
    choose_another_text = "Choose another artist"
    url_prefix = "artist-chooser"
    per_page = 25

    def get_object_list(self):
        # Only artists the public pages can show: active, with public work.
        from .models import User

        return User.objects.artists()


artist_chooser_viewset = ArtistChooserViewSet("artist_chooser")


@hooks.register("register_admin_viewset")
def register_artist_chooser():
    return artist_chooser_viewset
