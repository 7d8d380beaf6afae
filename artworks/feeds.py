"""Atom feeds of the newest published work: site-wide, per artist and per tag. Each entry
carries the image, its alt text, the artist and the licence, so the credit travels with it."""

from taggit.models import Tag

from django.contrib.auth import get_user_model
from django.contrib.syndication.views import Feed
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.template.loader import render_to_string
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .models import Artwork, GalleryPage, TaggedArtwork
from .renditions import CARD_SPECS

FEED_LENGTH = 30
# A card rendition: the feed's query (for_cards) has already fetched it with the others.
FEED_IMAGE_SPEC = "format-jpeg|max-640x640"
assert FEED_IMAGE_SPEC in CARD_SPECS  # noqa: S101 - a typo here would be caught at import


class LatestArtworksFeed(Feed):
    feed_type = Atom1Feed
    title = _("New work · Artist Collective")
    subtitle = _("The newest work published by the collective's artists.")

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def link(self):
        return GalleryPage.cached_url()

    def artworks(self):
        return Artwork.objects.listed().newest_first().for_feed()

    def items(self):
        return self.artworks()[:FEED_LENGTH]

    def item_title(self, artwork):
        return artwork.title

    def item_link(self, artwork):
        return artwork.get_absolute_url()

    def item_description(self, artwork):
        image = None
        # Read from the prefetched renditions, not Image.get_rendition(): that writes each
        # rendition it returns to the cache, one write per entry on every read of the feed
        # (a database write with the database cache).
        rendition = artwork.prefetched_rendition(FEED_IMAGE_SPEC) if artwork.card_ready else None
        if rendition is not None:
            image = {
                "url": self.request.build_absolute_uri(rendition.url),
                "width": rendition.width,
                "height": rendition.height,
            }
        return render_to_string(
            "artworks/feed_entry.html",
            {
                "artwork": artwork,
                "image": image,
                "artist_url": self.request.build_absolute_uri(artwork.artist.get_absolute_url()),
            },
        )

    def item_author_name(self, artwork):
        return artwork.artist.public_name

    def item_author_link(self, artwork):
        return self.request.build_absolute_uri(artwork.artist.get_absolute_url())

    def item_pubdate(self, artwork):
        return artwork.created_at

    def item_updateddate(self, artwork):
        return artwork.updated_at

    def item_categories(self, artwork):
        return [tag.name for tag in artwork.tags.all()]

    def item_copyright(self, artwork):
        return _("© %(artist)s. %(licence)s") % {
            "artist": artwork.artist.public_name,
            "licence": artwork.get_licence_display(),
        }


class ArtistFeed(LatestArtworksFeed):
    def get_object(self, request, username):
        artist = get_user_model().objects.filter(username=username, is_active=True).first()
        if artist is None or not Artwork.objects.listed().filter(artist=artist).exists():
            raise Http404("No such artist.")
        return artist

    def title(self, artist):
        return _("New work by %(artist)s · Artist Collective") % {"artist": artist.public_name}

    def subtitle(self, artist):
        return _("The newest work published by %(artist)s.") % {"artist": artist.public_name}

    def link(self, artist):
        return artist.get_absolute_url()

    def items(self, artist):
        return self.artworks().filter(artist=artist)[:FEED_LENGTH]


class TagFeed(LatestArtworksFeed):
    def get_object(self, request, slug):
        # Only a tag on public work: a tag that only hidden, held or waiting work carries
        # names something visitors may not see (and its feed would be empty anyway).
        tag = (
            Tag.objects.filter(slug=slug)
            .filter(
                Exists(
                    TaggedArtwork.objects.filter(
                        tag=OuterRef("pk"), content_object__in=Artwork.objects.listed()
                    )
                )
            )
            .first()
        )
        if tag is None:
            raise Http404("No such tag.")
        return tag

    def title(self, tag):
        return _("Work tagged “%(tag)s” · Artist Collective") % {"tag": tag.name}

    def subtitle(self, tag):
        return _("The newest work tagged “%(tag)s”.") % {"tag": tag.name}

    def link(self, tag):
        return f"{GalleryPage.cached_url()}?tag={tag.slug}"

    def items(self, tag):
        return self.artworks().filter(tags__slug=tag.slug)[:FEED_LENGTH]
