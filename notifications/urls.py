from django.urls import path

from . import views

# Under /my/notifications/ (config/urls.py).
urlpatterns = [
    path("", views.notification_list, name="notifications"),
    path("read/", views.mark_all_read, name="notifications_mark_all_read"),
    path("settings/", views.notification_settings, name="notification_settings"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="notifications_unsubscribe"),
    path("<int:notification_id>/", views.open_notification, name="notification_open"),
]
