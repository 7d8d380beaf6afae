from django.urls import path

from . import views

# Under /my/commissions/ (config/urls.py): members' pages, never in the public page cache.
commission_urls = [
    path("", views.my_commissions, name="my_commissions"),
    path("request/<str:username>/", views.request_commission, name="commission_request"),
    path("block/<int:request_id>/", views.block_sender, name="commission_block"),
    path("unblock/<int:block_id>/", views.unblock_sender, name="commission_unblock"),
]
