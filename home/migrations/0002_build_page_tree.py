"""
Builds the site's page tree so that a fresh `migrate` alone gives a working site:

    Root → Home (HomePage) → Gallery (/gallery/), Artists (/artists/)

Wagtail's "Welcome" page is replaced; deleting it cascades to the default Site, which is
created again for the new home page. Historical models have no treebeard API, so the tree
fields (path, depth, numchild, url_path) are set by hand.
"""

from django.db import migrations

HOME_INTRO = (
    "<p>The Artist Collective is a home for independent artists: painters, illustrators, "
    "photographers and makers share their work here, and anyone can browse it.</p>"
)


def build_tree(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("home", "HomePage")
    GalleryPage = apps.get_model("artworks", "GalleryPage")
    ArtistIndexPage = apps.get_model("members", "ArtistIndexPage")

    if HomePage.objects.exists():
        return
    root = Page.objects.get(depth=1)
    Page.objects.filter(depth=2, slug="home", content_type__app_label="wagtailcore").delete()
    if Page.objects.filter(depth=2).exists():
        # Someone already built a tree of their own; leave it alone.
        return
    locale = Locale.objects.order_by("pk").first()

    def content_type(model):
        return ContentType.objects.get_or_create(
            app_label=model._meta.app_label, model=model._meta.model_name
        )[0]

    home = HomePage.objects.create(
        title="Artist Collective",
        draft_title="Artist Collective",
        slug="home",
        intro=HOME_INTRO,
        content_type=content_type(HomePage),
        locale=locale,
        path=root.path + "0001",
        depth=2,
        numchild=2,
        url_path="/home/",
        live=True,
    )
    GalleryPage.objects.create(
        title="Gallery",
        draft_title="Gallery",
        slug="gallery",
        intro="<p>New work from the collective's members, newest first.</p>",
        content_type=content_type(GalleryPage),
        locale=locale,
        path=home.path + "0001",
        depth=3,
        numchild=0,
        url_path="/home/gallery/",
        live=True,
        show_in_menus=True,
    )
    ArtistIndexPage.objects.create(
        title="Artists",
        draft_title="Artists",
        slug="artists",
        intro="<p>The members of the collective who share their work here.</p>",
        content_type=content_type(ArtistIndexPage),
        locale=locale,
        path=home.path + "0002",
        depth=3,
        numchild=0,
        url_path="/home/artists/",
        live=True,
        show_in_menus=True,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    Site.objects.create(
        hostname="localhost",
        port=80,
        site_name="Artist Collective",
        root_page_id=home.pk,
        is_default_site=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("artworks", "0001_initial"),
        ("members", "0002_artistindexpage"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(build_tree, migrations.RunPython.noop)]
