import django.db.models.deletion
from django.db import migrations, models


def content_type_to_core(apps, schema_editor):
    """Editors' permissions on the crawler settings follow the model to its new app."""
    content_types = apps.get_model("contenttypes", "ContentType")
    if not content_types.objects.filter(app_label="core", model="crawlersettings").exists():
        content_types.objects.filter(app_label="artworks", model="crawlersettings").update(
            app_label="core"
        )


def content_type_to_artworks(apps, schema_editor):
    content_types = apps.get_model("contenttypes", "ContentType")
    if not content_types.objects.filter(app_label="artworks", model="crawlersettings").exists():
        content_types.objects.filter(app_label="core", model="crawlersettings").update(
            app_label="artworks"
        )


class Migration(migrations.Migration):
    """CrawlerSettings, made in artworks.0004 and moved here: the table already exists
    (artworks.0022 renamed it), so only the model's state is created."""

    initial = True

    dependencies = [
        ("artworks", "0022_crawlersettings_to_core"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CrawlerSettings",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "extra_blocked_crawlers",
                            models.TextField(
                                blank=True,
                                help_text="User agents to turn away from the whole site, one per line (for example a new AI training crawler). Search engines stay welcome.",
                                verbose_name="More crawlers to block",
                            ),
                        ),
                        (
                            "site",
                            models.OneToOneField(
                                editable=False,
                                on_delete=django.db.models.deletion.CASCADE,
                                to="wagtailcore.site",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "Crawlers",
                    },
                ),
            ],
        ),
        migrations.RunPython(content_type_to_core, content_type_to_artworks),
    ]
