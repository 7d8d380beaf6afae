import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import wagtail.contrib.routable_page.models
import wagtail.fields

import core.page_urls


class Migration(migrations.Migration):
    # The page model comes after the user model: in one migration together they would
    # depend on wagtailcore, which itself depends on the user model.

    dependencies = [
        ("members", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("artworks", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArtistIndexPage",
            fields=[
                (
                    "page_ptr",
                    models.OneToOneField(
                        auto_created=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        parent_link=True,
                        primary_key=True,
                        serialize=False,
                        to=settings.WAGTAIL_PAGE_MODEL,
                    ),
                ),
                (
                    "intro",
                    wagtail.fields.RichTextField(
                        blank=True, help_text="Shown above the list of artists."
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
            bases=(
                core.page_urls.CachedUrlMixin,
                wagtail.contrib.routable_page.models.RoutablePageMixin,
                "wagtailcore.page",
            ),
        ),
    ]
