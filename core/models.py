from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

# Crawlers that gather material to train AI models. /robots.txt turns them away on every path;
# editors add more in the admin (Settings → Crawlers).
AI_CRAWLERS = [
    "GPTBot",
    "CCBot",
    "Google-Extended",
    "ClaudeBot",
    "anthropic-ai",
    "Bytespider",
    "Applebot-Extended",
    "meta-externalagent",
]


@register_setting(icon="cogs")
class CrawlerSettings(BaseSiteSetting):
    """Which crawlers /robots.txt turns away (core.views.robots_txt). The known AI-training
    crawlers (AI_CRAWLERS) are always refused; editors add others here. A Wagtail site
    setting: each site of the installation keeps its own list."""

    extra_blocked_crawlers = models.TextField(
        _("More crawlers to block"),
        blank=True,
        help_text=_(
            "User agents to turn away from the whole site, one per line (for example a new AI "
            "training crawler). Search engines stay welcome."
        ),
    )

    panels = [FieldPanel("extra_blocked_crawlers")]

    class Meta:
        verbose_name = _("Crawlers")

    def blocked_crawlers(self):
        extra = [
            line.strip()
            for line in self.extra_blocked_crawlers.splitlines()
            if line.strip() and "\n" not in line and ":" not in line
        ]
        return list(dict.fromkeys(AI_CRAWLERS + extra))
