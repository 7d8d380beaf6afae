from django.urls import path

from . import views

# Under /my/following/ (config/urls.py).
following_urls = [
    path("", views.following, name="following"),
    path("<str:username>/", views.follow_artist, name="follow_artist"),
]
