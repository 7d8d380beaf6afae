import django.db.models.functions.text
from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_listed_works(apps, schema_editor):
    """Every member's listed works, counted as MemberManager.recount_listed_works() counts
    them: one UPDATE, each member's count read from the artwork_artist_newest index."""
    Artwork = apps.get_model("artworks", "Artwork")
    User = apps.get_model("members", "User")
    works = Artwork.objects.filter(artist=OuterRef("pk"), status="published", visibility="listed")
    counted = works.order_by().values("artist").annotate(count=Count("pk")).values("count")
    User.objects.update(listed_work_count=Coalesce(Subquery(counted), 0))


class Migration(migrations.Migration):
    dependencies = [
        ("artworks", "0018_artist_listing_covering_index"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("members", "0012_member_name_order_index"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="listed_work_count",
            field=models.PositiveIntegerField(
                default=0,
                editable=False,
                help_text="How many of the member's works are published and listed.",
            ),
        ),
        migrations.RunPython(count_listed_works, migrations.RunPython.noop),
        # Built once the counts are in: it holds only members with listed work.
        migrations.RemoveIndex(
            model_name="user",
            name="member_name_order",
        ),
        migrations.AddIndex(
            model_name="user",
            index=models.Index(
                django.db.models.functions.text.Lower("display_name"),
                django.db.models.functions.text.Lower("username"),
                condition=models.Q(("is_active", True), ("listed_work_count__gt", 0)),
                name="artist_name_order",
            ),
        ),
    ]
