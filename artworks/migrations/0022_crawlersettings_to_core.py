from django.db import migrations


class Migration(migrations.Migration):
    """The crawler settings move to the core app (core.0001_crawlersettings): the table is
    renamed and kept, with the editors' list in it; only the model's state leaves this app."""

    dependencies = [
        ("artworks", "0021_artist_sort_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="crawlersettings", table="core_crawlersettings"),
            ],
            state_operations=[
                migrations.DeleteModel(name="CrawlerSettings"),
            ],
        ),
    ]
