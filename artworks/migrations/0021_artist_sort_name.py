from django.conf import settings
from django.db import migrations, models


def fill_artist_sort_names(apps, schema_editor):
    """Each artist's works get their lowered public name (Artwork.sort_name_of): one UPDATE
    per member with work, through the artist's index, rather than one per artwork. Lowered in
    Python, as the model does, not by the database's LOWER."""
    Artwork = apps.get_model("artworks", "Artwork")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    artists = User.objects.filter(pk__in=Artwork.objects.values("artist_id")).values_list(
        "pk", "display_name", "username"
    )
    for pk, display_name, username in artists.iterator():
        Artwork.objects.filter(artist_id=pk).update(
            artist_sort_name=(display_name or username).lower()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("artworks", "0020_tag_work_index"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("wagtailimages", "0027_image_description"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="artwork",
            name="artist_sort_name",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="The artist's public name in lower case, kept in step by members.signal_handlers, so that the gallery sorted by artist reads an index instead of joining members.",
                max_length=150,
            ),
        ),
        # Filled before the index exists: one index build instead of a million index updates.
        migrations.RunPython(fill_artist_sort_names, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="artwork",
            index=models.Index(
                fields=[
                    "status",
                    "artist_active",
                    "visibility",
                    "artist_sort_name",
                    "artist_id",
                    "-created_at",
                    "-id",
                ],
                name="artwork_listed_artist_name",
            ),
        ),
    ]
