from django.urls import path

from . import views

# Under /comments/ (config/urls.py); posting is /artworks/<id>/comments/.
urlpatterns = [
    path("<int:comment_id>/edit/", views.edit_comment, name="edit_comment"),
    path("<int:comment_id>/delete/", views.delete_comment, name="delete_comment"),
]

#: Mounted at /artworks/ beside the artwork's image-status address.
artwork_urls = [
    path("<int:artwork_id>/comments/", views.post_comment, name="post_comment"),
]
