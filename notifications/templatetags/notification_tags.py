from django import template

from notifications.services import BELL_CAP, unread_count

register = template.Library()


@register.inclusion_tag("notifications/bell.html", takes_context=True)
def notification_bell(context):
    """The header's link to the member's notifications, with the unread count (one small
    COUNT over an index; see services.unread_count). Only ever rendered for a logged-in
    member, whose pages are never cached for others."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"hidden": True}  # a page rendered outside a member's request
    count = unread_notification_count(request)
    return {
        "count": count,
        "shown": f"{BELL_CAP}+" if count > BELL_CAP else str(count),
        "current": request.path == "/my/notifications/",
    }


def unread_notification_count(request):
    """The count, read once per request however many times a page asks."""
    if not hasattr(request, "_unread_notifications"):
        request._unread_notifications = unread_count(request.user)
    return request._unread_notifications


@register.simple_tag(takes_context=True)
def unread_notifications(context):
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return 0
    return unread_notification_count(request)
