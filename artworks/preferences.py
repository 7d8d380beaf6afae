"""A visitor's standing choice about mature work: blurred until chosen (the default), always
shown, or always hidden. Kept in a cookie, so it works for visitors and members alike, and
applied in the browser (static/js/preferences.js): every visitor gets the same HTML, so pages
stay in the shared caches."""

from django import forms
from django.conf import settings
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.member_requests import on_this_site

MATURE_COOKIE = "mature_content"
ONE_YEAR = 365 * 24 * 60 * 60


class MaturePreferenceForm(forms.Form):
    mature = forms.ChoiceField(
        label=_("Mature content"),
        choices=[
            ("blur", _("Blur it until I choose to see each work")),
            ("show", _("Always show it")),
            ("hide", _("Always hide it from listings (pages reached by a link stay blurred)")),
        ],
        widget=forms.RadioSelect,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def preferences(request):
    current = request.COOKIES.get(MATURE_COOKIE)
    if current not in ("show", "hide"):
        current = "blur"
    next_url = on_this_site(request, request.POST.get("next") or request.GET.get("next"), "/")
    if request.method == "POST":
        form = MaturePreferenceForm(request.POST)
        if form.is_valid():
            response = redirect(next_url)
            choice = form.cleaned_data["mature"]
            if choice == "blur":
                response.delete_cookie(MATURE_COOKIE, samesite="Lax")
            else:
                response.set_cookie(
                    MATURE_COOKIE,
                    choice,
                    max_age=ONE_YEAR,
                    samesite="Lax",
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=False,  # read by static/js/preferences.js
                )
            return response
    else:
        form = MaturePreferenceForm(initial={"mature": current})
    return TemplateResponse(
        request, "artworks/preferences.html", {"form": form, "next_url": next_url}
    )
