from django.conf import settings


def client_ip(request):
    """The visitor's address, for log-in lock-outs and rate limits.

    With no proxy in front (TRUSTED_PROXY_COUNT = 0) it is the connection's REMOTE_ADDR. Behind
    N trusted reverse proxies that each append the address they saw to X-Forwarded-For, it is
    the N-th entry from the right: anything further left was written by the client and can be
    forged, so it is never used."""
    trusted_proxies = settings.TRUSTED_PROXY_COUNT
    if trusted_proxies:
        forwarded = [
            address.strip()
            for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if address.strip()
        ]
        if len(forwarded) >= trusted_proxies:
            return forwarded[-trusted_proxies]
    return request.META.get("REMOTE_ADDR", "")


def login_username(request, credentials=None):
    """The username a log-in attempt is for, as django-axes counts it: lower-cased, because
    usernames are unique whatever their case and "Alice" and "alice" are one account.

    allauth passes `username` in the credentials; a form posted without credentials (axes
    reading the request itself) names it `login` (allauth's form) or `username`."""
    username = (credentials or {}).get("username")
    if username is None:
        data = getattr(request, "POST", {})
        username = data.get("login") or data.get("username") or ""
    return username.strip().lower()
