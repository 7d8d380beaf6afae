from django.conf import settings
from django.urls import include, path, re_path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from artworks import preferences
from artworks import urls as artwork_urls
from artworks.sitemaps import ArtworkSitemap
from comments import urls as comment_urls
from commissions import urls as commission_urls
from core import health, sitemaps
from core import views as core_views
from members import urls as member_urls
from members import views as member_views
from members.sitemaps import ArtistSitemap
from notifications import urls as notification_urls
from reports import urls as report_urls
from social import collection_urls
from social import urls as social_urls

from . import views

# The sitemap's sections: /sitemap.xml indexes their files, /sitemap-<section>.xml[?p=N].
SITEMAP_SECTIONS = {
    "pages": sitemaps.PageSitemap,
    "artworks": ArtworkSitemap,
    "artists": ArtistSitemap,
}

urlpatterns = [
    path("healthz/", health.healthz, name="healthz"),
    path("readyz/", health.readyz, name="readyz"),
    # Staff log in through allauth (rate limits, lock-out, second factor), never Wagtail's form.
    path("admin/login/", member_views.admin_login, name="admin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/", include(member_urls.legacy_account_urls)),
    path("accounts/", include("allauth.urls")),
    path("my/profile/", include(member_urls.profile_urls)),
    path("my/account/", include(member_urls.account_urls)),
    path("my/artworks/", include(artwork_urls)),
    path("my/following/", include(social_urls.following_urls)),
    path("my/commissions/", include(commission_urls.commission_urls)),
    path("my/collections/", include(collection_urls.my_collection_urls)),
    path("collections/", include(collection_urls.public_collection_urls)),
    path("my/favourites/", include(social_urls.favourite_urls)),
    path("my/notifications/", include(notification_urls)),
    path("feeds/", include(artwork_urls.feed_urls)),
    path("artworks/", include(artwork_urls.public_urls)),
    path("artworks/", include(comment_urls.artwork_urls)),
    path("comments/", include(comment_urls)),
    path("reports/", include(report_urls)),
    path("preferences/", preferences.preferences, name="preferences"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("jsi18n/", core_views.javascript_catalogue, name="javascript_catalogue"),
    path(
        "credentials/<path:media_path>",
        views.rendition_credentials,
        name="rendition_credentials",
    ),
    path("sitemap.xml", sitemaps.sitemap_index, {"sections": SITEMAP_SECTIONS}, name="sitemap"),
    path(
        "sitemap-<slug:section>.xml",
        sitemaps.sitemap_section,
        {"sections": SITEMAP_SECTIONS},
        name=sitemaps.SECTION_URL_NAME,
    ),
]

if settings.DEBUG or settings.SERVE_RENDITIONS:
    # Renditions from MEDIA_ROOT, in development or when production is told to (one machine,
    # no front web server). Originals ("original_images/") are never served: visitors only
    # ever fetch renditions.
    urlpatterns += [
        re_path(r"^media/images/(?P<path>.*)$", views.serve_rendition),
    ]

urlpatterns += [
    # Everything else is a Wagtail page (the gallery's and artists' routes included).
    path("", include(wagtail_urls)),
]
