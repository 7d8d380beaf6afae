"""
The image collection "Member uploads" and the artwork permissions of the "Moderators" group
(created here or by the members app, whichever runs first).
"""

from django.db import migrations

COLLECTION = "Member uploads"
MODERATORS = "Moderators"
TREEBEARD_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def next_child_path(parent, last_child):
    """Treebeard's materialised path for a new last child (steps of four base-36 digits)."""
    if last_child is None:
        return parent.path + "0001"
    step = last_child.path[-4:]
    number = int(step, 36) + 1
    digits = ""
    while number:
        number, remainder = divmod(number, 36)
        digits = TREEBEARD_ALPHABET[remainder] + digits
    return parent.path + digits.rjust(4, "0")


def create_collection_and_permissions(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")

    root = Collection.objects.get(depth=1)
    collection = Collection.objects.filter(depth=2, name=COLLECTION).first()
    if collection is None:
        last_child = Collection.objects.filter(depth=2).order_by("path").last()
        collection = Collection.objects.create(
            name=COLLECTION,
            path=next_child_path(root, last_child),
            depth=2,
            numchild=0,
        )
        root.numchild += 1
        root.save(update_fields=["numchild"])

    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    artwork_type, _ = ContentType.objects.get_or_create(app_label="artworks", model="artwork")
    for codename, name in [
        ("view_artwork", "Can view artwork"),
        ("change_artwork", "Can change artwork"),
        ("delete_artwork", "Can delete artwork"),
    ]:
        moderators.permissions.add(
            Permission.objects.get_or_create(
                content_type=artwork_type, codename=codename, defaults={"name": name}
            )[0]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("artworks", "0002_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_collection_and_permissions, migrations.RunPython.noop)
    ]
