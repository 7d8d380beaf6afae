"""Helpers shared by the notification tests."""

from notifications.models import Notification, NotificationPreferences

Kind = Notification.Kind


def choose_email(member, choice):
    NotificationPreferences.objects.update_or_create(member=member, defaults={"email": choice})


def notifications_of(member):
    return list(
        Notification.objects.filter(recipient=member)
        .order_by("created_at", "pk")
        .values_list("kind", flat=True)
    )


def follow_through_the_button(client, member, artist):
    client.force_login(member)
    return client.post(f"/my/following/{artist.username}/", {"action": "follow"})
