from django.conf import settings

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from artworks.models import Artwork


class HomePage(Page):
    """The landing page and root of the site's tree: an editable introduction and the
    newest published work. The gallery and the artists index live beneath it."""

    intro = RichTextField(
        blank=True,
        help_text="The welcome text visitors read first.",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["artworks.GalleryPage", "members.ArtistIndexPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["latest_artworks"] = (
            Artwork.objects.public().newest_first().for_cards()[: settings.HOME_LATEST_ARTWORKS]
        )
        return context
