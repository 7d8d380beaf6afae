from django.urls import path

from . import views

# Under /my/following/ (config/urls.py).
following_urls = [
    path("", views.following, name="following"),
    path("<str:username>/", views.follow_artist, name="follow_artist"),
]

# Under /my/favourites/ (config/urls.py).
favourite_urls = [
    path("", views.my_favourites, name="my_favourites"),
    path("<int:artwork_id>/", views.favourite_artwork, name="favourite_artwork"),
]
