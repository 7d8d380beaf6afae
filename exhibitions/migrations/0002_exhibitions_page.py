"""Adds Exhibitions (/exhibitions/) under the home page, after Gallery and Artists, so that a
fresh `migrate` gives the whole site. Historical models have no treebeard API: the tree
fields are set by hand, as in home/0002."""

from django.db import migrations


def add_exhibitions_page(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("home", "HomePage")
    ExhibitionIndexPage = apps.get_model("exhibitions", "ExhibitionIndexPage")

    home = HomePage.objects.order_by("path").first()
    if home is None or ExhibitionIndexPage.objects.exists():
        return
    if Page.objects.filter(depth=home.depth + 1, path__startswith=home.path, slug="exhibitions"):
        return  # an editor's page already has the address
    last_child = (
        Page.objects.filter(depth=home.depth + 1, path__startswith=home.path)
        .order_by("-path")
        .first()
    )
    step = int(last_child.path[-4:], 36) + 1 if last_child else 1
    suffix = ""
    for _ in range(4):
        step, digit = divmod(step, 36)
        suffix = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[digit] + suffix
    content_type, _ = ContentType.objects.get_or_create(
        app_label="exhibitions", model="exhibitionindexpage"
    )
    ExhibitionIndexPage.objects.create(
        title="Exhibitions",
        draft_title="Exhibitions",
        slug="exhibitions",
        intro="<p>Shows curated by the collective's editors, each bringing together work by "
        "several members.</p>",
        content_type=content_type,
        locale_id=home.locale_id,
        path=home.path + suffix,
        depth=home.depth + 1,
        numchild=0,
        url_path=home.url_path + "exhibitions/",
        live=True,
        show_in_menus=True,
    )
    Page.objects.filter(pk=home.pk).update(
        numchild=Page.objects.filter(depth=home.depth + 1, path__startswith=home.path).count()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("exhibitions", "0001_initial"),
        ("home", "0002_build_page_tree"),
    ]

    operations = [migrations.RunPython(add_exhibitions_page, migrations.RunPython.noop)]
