"""The artists index page: the list of artists and, as its routes, each artist's page."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from artworks.browsing import ArtworkList
from artworks.models import Artwork, GalleryPage
from artworks.renditions import AVATAR_SPECS, BANNER_SPECS, CARD_SPECS, SHARE_SPECS
from artworks.sharing import avatar_share_image, first_share_image, share_image_of
from core.page_urls import CachedUrlMixin
from core.pagination import paginate
from core.public_cache import public_version
from core.renditions import renditions_prefetch, renditions_ready

from .users import User, attach_latest_artworks


class ArtistIndexPage(CachedUrlMixin, RoutablePageMixin, Page):
    """Lists the artists and serves each artist's profile as a route (RoutablePageMixin):
    signing up never writes to the page tree, and one page serves every artist."""

    default_url = "/artists/"

    intro = RichTextField(blank=True, help_text=_("Shown above the list of artists."))

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    @staticmethod
    def with_avatars(artists):
        """Artists with what their avatars need: the image or work (joined) and its renditions
        (one query for a whole page, and none when nobody on it has an avatar)."""
        return artists.select_related("avatar_image", "avatar_artwork__image").prefetch_related(
            renditions_prefetch("avatar_image__renditions", AVATAR_SPECS),
            renditions_prefetch("avatar_artwork__image__renditions", CARD_SPECS + SHARE_SPECS),
        )

    @staticmethod
    def public_avatar(artist):
        """The avatar visitors see, or None: an uploaded image once its renditions are made
        (its AVATAR spec), else the chosen work while it is public and its card renditions
        exist. A visitor's request never makes a rendition."""
        image = artist.avatar_image
        if image is not None:
            return {"image": image} if renditions_ready(image, AVATAR_SPECS) else None
        artwork = artist.avatar_artwork
        if (
            artwork is not None
            and artwork.artist_id == artist.pk
            and artwork.status == Artwork.Status.PUBLISHED
            and artwork.artist_active
            and artwork.card_ready
        ):
            return {"artwork": artwork}
        return None

    @staticmethod
    def public_banner(artist):
        """The banner visitors see, or None: the uploaded image once its BANNER renditions
        are made (by the upload's task; a visitor's request never makes one)."""
        image = artist.banner_image
        return image if image is not None and renditions_ready(image, BANNER_SPECS) else None

    @staticmethod
    def share_image(artist, avatar, artworks):
        """What a shared link to the artist shows: their avatar once its renditions are made,
        else the first of the works shown (newest first: their latest public work)."""
        if avatar and "image" in avatar:
            shared = avatar_share_image(
                avatar["image"], gettext("%(name)s's avatar") % {"name": artist.public_name}
            )
        elif avatar:
            shared = share_image_of(avatar["artwork"])
        else:
            shared = None
        return shared or first_share_image(artworks)

    @staticmethod
    def public_links(artist):
        """The artist's links with their host names, which the page shows as the link text
        (so the text cannot claim one site and lead to another). Only http(s) links, though
        the form allows nothing else."""
        links = []
        for url in artist.links:
            try:
                parts = urlsplit(url)
            except ValueError:
                continue
            if parts.scheme.lower() in ("http", "https") and parts.hostname:
                links.append({"url": url, "host": parts.hostname})
        return links

    @path("")
    def artist_list(self, request):
        artists = self.with_avatars(User.objects.artists_with_latest_artwork())
        page_of_artists = paginate(request, artists, settings.ARTISTS_PER_PAGE)
        attach_latest_artworks(page_of_artists)
        for artist in page_of_artists:
            artist.avatar = self.public_avatar(artist)
        return self.render(
            request,
            context_overrides={
                "artists": page_of_artists,
                # The list's cards, rendered once for these artists under the public version
                # (everything a card shows is public content): a member's page, or the
                # visitors' page rebuilt after a change, skips rendering them again.
                "cache_seconds": settings.PUBLIC_PAGE_CACHE_SECONDS,
                "public_version": public_version(),
                "artist_keys": "-".join(str(artist.pk) for artist in page_of_artists),
            },
        )

    @path("<str:username>/", name="artist")
    def artist_detail(self, request, username):
        # Only this page shows the banner: joined here, its renditions one query (none
        # without a banner), whatever the number of works.
        artist = (
            self.with_avatars(
                User.objects.artists_by_key(listed_only=False).filter(username=username)
            )
            .select_related("banner_image")
            .prefetch_related(renditions_prefetch("banner_image__renditions", BANNER_SPECS))
            .first()
        )
        if artist is None:
            raise Http404("No such artist.")
        artworks = Artwork.objects.listed().filter(artist=artist).newest_first().for_cards()
        avatar = self.public_avatar(artist)
        # Paged by cursor in the gallery's default order (newest first): the last page
        # reads the artist's index from where Next left off, not from the start.
        page_of_artworks = paginate(
            request,
            artworks,
            settings.ARTWORKS_PER_PAGE,
            keys=GalleryPage.sort_keys(None),
            rows=Artwork.objects.for_cards(),
        )
        return TemplateResponse(
            request,
            "members/artist_detail.html",
            {
                "page": self,
                "self": self,
                "artist": artist,
                "avatar": avatar,
                "banner": self.public_banner(artist),
                "share_image": self.share_image(artist, avatar, page_of_artworks.object_list),
                "links": self.public_links(artist),
                "artworks": page_of_artworks,
                "list_query": ArtworkList.for_artist(page_of_artworks).query_string(),
                "structured_data": artist.structured_data(request),
            },
        )
