from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    """Members' comments on artworks: the model, the member's views, the rendering filter and
    the moderators' listing in the Wagtail admin."""

    name = "comments"
    verbose_name = _("Comments")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from . import signal_handlers  # noqa: F401
        from .models import Comment
        from .permissions import CommentPermissionPolicy

        # Before wagtail_hooks.py registers the viewset, which would otherwise make a default
        # policy that lets superusers add comments in the admin.
        register_permission_policy(Comment, CommentPermissionPolicy(Comment))
