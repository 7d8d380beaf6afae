from django.urls import path

from . import views

urlpatterns = [
    path("", views.my_artworks, name="my_artworks"),
    path("upload/", views.upload, name="artwork_upload"),
    path("<int:artwork_id>/edit/", views.edit, name="artwork_edit"),
    path("<int:artwork_id>/delete/", views.delete, name="artwork_delete"),
]
