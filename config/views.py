from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve

from artworks.models import CrawlerSettings


@never_cache
@require_GET
def healthz(request):
    """For load balancers and uptime checks: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@cache_control(max_age=60 * 60 * 24 * 365, immutable=True)
def serve_rendition(request, path):
    """A rendition from MEDIA_ROOT/images (their names never change, so browsers keep them).
    Anything that tries to climb out of that folder, to the originals, is simply not found."""
    if "\\" in path or ".." in PurePosixPath(path).parts:
        raise Http404("No such rendition.")
    try:
        response = serve(request, path, document_root=Path(settings.MEDIA_ROOT) / "images")
    except SuspiciousFileOperation:
        raise Http404("No such rendition.") from None
    # The artists' work is not for training AI models (the front web server says the same).
    response["X-Robots-Tag"] = "noai, noimageai"
    return response


@require_GET
def robots_txt(request):
    """Search engines are welcome; the crawlers that gather training data for AI models are
    turned away from every path (artworks.rights.AI_CRAWLERS and the editors' own list)."""
    crawlers = CrawlerSettings.for_request(request).blocked_crawlers()
    lines = [f"User-agent: {crawler}" for crawler in crawlers]
    lines += [
        "Disallow: /",
        "",
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /my/",
        "Allow: /",
        "",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
