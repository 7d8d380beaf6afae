"""Helpers shared by the security tests: reading a page's text, its Content Security Policy and what
it would block."""

import re

from django.contrib.auth import SESSION_KEY, get_user_model

from tests.factories import PASSWORD
from tests.html import soup

User = get_user_model()


LOGIN_URL = "/accounts/login/"


LOGOUT_URL = "/accounts/logout/"


SIGNUP_URL = "/accounts/signup/"


CONFIRM_EMAIL_SENT_URL = "/accounts/confirm-email/"


PASSWORD_CHANGE_URL = "/accounts/password/change/"


PASSWORD_RESET_URL = "/accounts/password/reset/"


PASSWORD_RESET_DONE_URL = "/accounts/password/reset/done/"


PROFILE_URL = "/my/profile/"


MY_ARTWORKS_URL = "/my/artworks/"


ADMIN_ARTWORKS_URL = "/admin/snippets/artworks/artwork/"


WRONG_PASSWORD = "not-the-right-one-at-all"


def main_text(response):
    main = soup(response).find("main")
    return main.get_text(" ", strip=True) if main else ""


def alert_text(response):
    """The form's error box (role="alert") and every field error, as a person reads them."""
    document = soup(response)
    parts = [node.get_text(" ", strip=True) for node in document.select('[role="alert"]')]
    parts += [node.get_text(" ", strip=True) for node in document.select("ul.errorlist")]
    return " ".join(parts)


def logged_in_user_id(client):
    return client.session.get(SESSION_KEY)


def log_in(client, username, password, url=LOGIN_URL, **extra):
    return client.post(url, {"login": username, "password": password}, **extra)


def signup_data(username, email, password=PASSWORD):
    return {"username": username, "email": email, "password1": password, "password2": password}


def reset(client, email, **extra):
    return client.post(PASSWORD_RESET_URL, {"email": email}, **extra)


def csp_directives(response):
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def policy_nonce(policy, directive):
    for source in policy.get(directive, []):
        match = re.fullmatch(r"'nonce-([^']+)'", source)
        if match:
            return match.group(1)
    return None


NON_SCRIPT_TYPES = {"application/json", "application/ld+json", "text/template"}


def inline_code_the_policy_would_block(response):
    """Inline <script>/<style> without the response's nonce, style="" and on*="" attributes:
    everything the browser would refuse under the page's own policy."""
    policy = csp_directives(response)
    script_nonce = policy_nonce(policy, "script-src")
    style_nonce = policy_nonce(policy, "style-src")
    problems = []
    document = soup(response)
    for script in document.find_all("script"):
        if script.get("src") or script.get("type", "").lower() in NON_SCRIPT_TYPES:
            continue
        if script_nonce is None or script.get("nonce") != script_nonce:
            problems.append(str(script)[:120])
    for style in document.find_all("style"):
        if style_nonce is None or style.get("nonce") != style_nonce:
            problems.append(str(style)[:120])
    for element in document.find_all(True):
        for attribute in element.attrs:
            if attribute == "style" or attribute.lower().startswith("on"):
                problems.append(f"<{element.name} {attribute}=...>")
    return problems
