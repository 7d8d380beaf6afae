"""
The "Moderators" group: may enter the Wagtail admin and deactivate members there; the
artworks app adds its own permissions to the same group. Wagtail's first migrations already
create a "Moderators" group that may publish pages and edit the image and document
libraries; ours moderates members and their uploads only, so those rights are taken away.
"""

from django.db import migrations

MODERATORS = "Moderators"


def permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    return Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )[0]


def create_moderators(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    GroupPagePermission.objects.filter(group=moderators).delete()
    GroupCollectionPermission.objects.filter(group=moderators).delete()
    moderators.permissions.remove(
        *moderators.permissions.filter(
            content_type__app_label__in=["wagtailimages", "wagtaildocs", "wagtailcore"]
        )
    )
    moderators.permissions.add(
        permission(apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
        permission(apps, "members", "user", "view_user", "Can view user"),
        permission(apps, "members", "user", "change_user", "Can change user"),
    )


def remove_moderators(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=MODERATORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0002_artistindexpage"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_moderators, remove_moderators)]
