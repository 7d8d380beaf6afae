from django.urls import path, re_path

from . import collection_views as views

# Under /my/collections/ (config/urls.py): the member's own pages.
my_collection_urls = [
    path("", views.my_collections, name="my_collections"),
    path("add/", views.add_to_collection, name="add_to_collection"),
    path("<int:collection_id>/", views.my_collection, name="my_collection"),
    path("<int:collection_id>/delete/", views.delete_collection, name="delete_collection"),
    path(
        "<int:collection_id>/works/<int:item_id>/",
        views.collection_item,
        name="collection_item",
    ),
]

# Under /collections/: the public page, /collections/<id>-<slug>/ (the id alone redirects).
public_collection_urls = [
    re_path(
        r"^(?P<collection_id>\d+)(?:-(?P<slug>[-a-zA-Z0-9_]+))?/$",
        views.collection_page,
        name="collection",
    ),
]
