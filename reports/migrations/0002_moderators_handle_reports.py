"""Moderators see and resolve reports (members/0003 made the group)."""

from django.db import migrations

PERMISSIONS = [("view_report", "Can view report"), ("change_report", "Can change report")]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is None:
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="reports", model="report")
    for codename, name in PERMISSIONS:
        moderators.permissions.add(
            Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": name}
            )[0]
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    moderators = Group.objects.filter(name="Moderators").first()
    if moderators is not None:
        moderators.permissions.remove(
            *moderators.permissions.filter(content_type__app_label="reports")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("members", "0003_moderators_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
