from django.urls import path

from . import views

urlpatterns = [
    path("artwork/<int:artwork_id>/", views.report_artwork, name="report_artwork"),
    path("comment/<int:comment_id>/", views.report_comment, name="report_comment"),
    path("artist/<str:username>/", views.report_artist, name="report_artist"),
]
