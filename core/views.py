from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import last_modified, require_GET
from django.views.i18n import JavaScriptCatalog

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


# The catalogue changes only with a deploy, so its age is the process's: browsers revalidate
# after an hour and get a 304 until the next release brings new translations.
CATALOGUE_BUILT_AT = timezone.now()

# The words our scripts write into the page (gettext, ngettext and interpolate from the
# "djangojs" catalogue), in the language the page was rendered in. Only the pages whose scripts
# speak load it, before those scripts (templates/includes/script_catalogue.html).
javascript_catalogue = require_GET(
    cache_control(max_age=3600, public=True)(
        last_modified(lambda request, **kwargs: CATALOGUE_BUILT_AT)(JavaScriptCatalog.as_view())
    )
)
