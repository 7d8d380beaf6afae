from django.urls import path

from . import feeds, views

urlpatterns = [
    path("", views.my_artworks, name="my_artworks"),
    path("upload/", views.upload, name="artwork_upload"),
    path("<int:artwork_id>/edit/", views.edit, name="artwork_edit"),
    path("<int:artwork_id>/delete/", views.delete, name="artwork_delete"),
    path("<int:artwork_id>/images/", views.add_extra_image, name="artwork_extra_images"),
    path(
        "<int:artwork_id>/images/<int:extra_id>/",
        views.change_extra_image,
        name="artwork_extra_image",
    ),
    path(
        "<int:artwork_id>/images/<int:extra_id>/move/",
        views.move_extra_image,
        name="artwork_extra_image_move",
    ),
    path(
        "<int:artwork_id>/images/<int:extra_id>/delete/",
        views.delete_extra_image,
        name="artwork_extra_image_delete",
    ),
    path("<int:artwork_id>/status/", views.artwork_status, name="artwork_status"),
]

#: Mounted at /artworks/: the image status of a public work, for its page's script.
public_urls = [
    path(
        "<int:artwork_id>/image-status/",
        views.public_artwork_status,
        name="public_artwork_status",
    ),
]

feed_urls = [
    path("artworks/", feeds.LatestArtworksFeed(), name="artworks_feed"),
    path("artists/<str:username>/", feeds.ArtistFeed(), name="artist_feed"),
    path("tags/<str:slug>/", feeds.TagFeed(), name="tag_feed"),
]
