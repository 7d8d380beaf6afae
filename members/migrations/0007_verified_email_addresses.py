"""Members who signed up before allauth gave an email under the old flow, which trusted it:
each gets a verified, primary allauth EmailAddress for it, so nobody is locked out of
uploading or reporting by the new email verification."""

from django.db import migrations


def add_verified_addresses(apps, schema_editor):
    User = apps.get_model("members", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    has_address = EmailAddress.objects.values("user_id")
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user_id=pk, email=email.lower(), verified=True, primary=True)
            for pk, email in User.objects.exclude(email="")
            .exclude(pk__in=has_address)
            .values_list("pk", "email")
            .iterator()
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0006_display_name_rules"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(add_verified_addresses, migrations.RunPython.noop)]
