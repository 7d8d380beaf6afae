"""The addresses of the site's one-of-a-kind pages (the gallery, the artists and exhibitions
indexes), remembered so that a link to any of them costs no query, and forgotten, with every
public page, when a page changes (connected by CoreConfig.ready)."""

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from .public_cache import public_content_changed, public_version


class CachedUrlMixin:
    """The site has one page of each index type; its URL is looked up once and remembered so
    that links to artworks and artists cost nothing per card. It is kept in the shared cache
    for an hour and in this process for as long as the public content version stays the same:
    a page moved or renamed on any machine moves the version on (page_changed below), so every
    machine's next request looks the URL up again, and no page built with an old URL is kept
    under the new version."""

    default_url = "/"
    _remembered: dict = {}

    @classmethod
    def url_cache_key(cls, version):
        # Keyed by the version too: a machine that read the tree just before a rename on
        # another cannot leave the old URL in the shared cache for the new version.
        return f"page-url:{cls._meta.label_lower}:{version}"

    @classmethod
    def cached_url(cls):
        version = public_version()
        remembered = cls._remembered.get(cls)
        if remembered and remembered[1] == version:
            return remembered[0]
        url = cache.get(cls.url_cache_key(version))
        if url is None:
            page = cls.objects.live().first()
            url = (page.url if page else None) or cls.default_url
            cache.set(cls.url_cache_key(version), url, 60 * 60)
        cls._remembered[cls] = (url, version)
        return url

    @classmethod
    def forget_cached_url(cls):
        # The version moves on with the change (page_changed): every machine looks again.
        cls._remembered.pop(cls, None)


def page_changed(instance, **kwargs):
    """A page published, unpublished, moved or deleted: its URL, if remembered, is looked up
    again, and every public page is out of date."""
    page = instance.specific_deferred if hasattr(instance, "specific_deferred") else instance
    if isinstance(page, CachedUrlMixin):
        type(page).forget_cached_url()
    if isinstance(instance, Page):
        public_content_changed()


def view_restriction_changed(sender, instance, **kwargs):
    """A page made private (or public again) changes what visitors may see of it and of every
    list that names it, such as an artwork's exhibitions."""
    public_content_changed()


def connect_page_signals():
    """Called once the apps are ready (CoreConfig.ready)."""
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(page_changed, dispatch_uid=f"forget-page-url-{signal}")
    post_delete.connect(page_changed, dispatch_uid="forget-page-url-delete")
    for signal in (post_save, post_delete):
        signal.connect(
            view_restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"view-restriction-changed-{signal}",
        )
