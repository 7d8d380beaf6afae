from django.http import HttpResponse
from django.views.decorators.http import require_GET

from .models import CrawlerSettings


@require_GET
def robots_txt(request):
    """Search engines are welcome; the crawlers that gather training data for AI models are
    turned away from every path (core.models.AI_CRAWLERS and the editors' own list)."""
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
