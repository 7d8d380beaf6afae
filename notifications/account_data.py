"""A member's notification data, for the account export (core.account_data). Deleting the
account deletes their notifications and preferences (CASCADE), and those about what they
did (the actor's CASCADE): nothing more to erase."""

from .models import Notification, NotificationPreferences
from .services import email_choice


def export(member):
    notifications = (
        Notification.objects.filter(recipient=member)
        .select_related("actor", "artwork")
        .order_by("-created_at", "-pk")
    )
    return {
        "email_notifications": email_choice(member),
        "preferences_chosen": NotificationPreferences.objects.filter(member=member).exists(),
        "notifications": [
            {
                "kind": notification.kind,
                "message": notification.message,
                "text": notification.text,
                "link": notification.target_url,
                "created_at": notification.created_at.isoformat(),
                "read_at": notification.read_at.isoformat() if notification.read_at else None,
                "emailed_at": (
                    notification.emailed_at.isoformat() if notification.emailed_at else None
                ),
            }
            for notification in notifications.iterator(chunk_size=1000)
        ],
    }
