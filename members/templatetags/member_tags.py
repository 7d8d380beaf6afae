from allauth.account.adapter import get_adapter

from django import template
from django.conf import settings
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def moderation_contact_email():
    """Where members write to the moderators, e.g. to appeal a suspension."""
    return settings.MODERATION_CONTACT_EMAIL


@register.simple_tag(takes_context=True)
def next_field(context):
    """allauth's hidden `next` field, left out when the address would lead off this site:
    the form never carries a foreign address along (allauth checks it again on redirect)."""
    name, value = context.get("redirect_field_name"), context.get("redirect_field_value")
    if not value or not get_adapter(context["request"]).is_safe_url(value):
        return ""
    return format_html('<input type="hidden" name="{}" value="{}">', name, value)
