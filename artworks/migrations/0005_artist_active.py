from django.conf import settings
from django.db import migrations, models


def copy_artists_active_flag(apps, schema_editor):
    Artwork = apps.get_model("artworks", "Artwork")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    inactive = User.objects.filter(is_active=False).values("pk")
    Artwork.objects.filter(artist__in=inactive).update(artist_active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("artworks", "0004_rights_and_facts"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("wagtailimages", "0027_image_description"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="artwork",
            name="artwork_public_newest",
        ),
        migrations.AddField(
            model_name="artwork",
            name="artist_active",
            field=models.BooleanField(
                default=True,
                editable=False,
                help_text="A copy of the artist's “active” flag, kept in step by members.signal_handlers, so that listings filter one table and deep gallery pages read only an index.",
            ),
        ),
        migrations.AddIndex(
            model_name="artwork",
            index=models.Index(
                fields=["status", "-created_at", "-id", "artist_active"],
                name="artwork_public_newest",
            ),
        ),
        migrations.RunPython(copy_artists_active_flag, migrations.RunPython.noop),
    ]
