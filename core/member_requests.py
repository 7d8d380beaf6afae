"""What the views members POST to share (uploads, comments, follows, favourites, collections,
notifications, commissions): the per-member allowance, the JSON answer a page's script asks
for, the `next` address a form carries back, and the refusal."""

from django_ratelimit.core import is_ratelimited

from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme


def over_member_limit(request, group, rate):
    """Count this POST against the member's allowance in `group`; whether it is over. Keyed
    on the member, so nobody can script a flood of writes (and of the notifications and
    emails some of them send)."""
    return is_ratelimited(request, group=group, key="user", rate=rate, increment=True)


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def on_this_site(request, candidate, default):
    """`candidate` when it is an address on this site (never another host), else `default`:
    where to send a visitor back to after a form."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def safe_next(request, default):
    """The posted `next` when it is an address on this site, else `default`."""
    return on_this_site(request, request.POST.get("next", ""), default)


def refusal(request, message, status, template_name, context):
    """`message` as `{"error": …}` to a script, else as `template_name`'s page (with
    `context`), answered with `status`."""
    if wants_json(request):
        return JsonResponse({"error": message}, status=status)
    return TemplateResponse(request, template_name, {**context, "message": message}, status=status)
