"""
Whole pages kept for one logged-in member (core.page_cache.MemberPageCacheMiddleware): their
gallery with their hearts pressed, their own works, the artists they follow, their favourites,
with their bell count in the header.

A kept page is good while two versions stand: the public content version (everything any
visitor sees, core.public_cache) and the member's own version here, which moves on every
change to what their pages show them alone: their favourites, their follows, their unread
notifications, their own works (whatever their status), their user row and what they may do
in the admin. Apps call `member_content_changed` (or `members_content_changed`) from their
signal handlers and services; this module names no app of ours.

A kept page holds no browser's secret: the CSRF tokens in its forms are replaced by a marker
on keeping, and every page served from the cache gets the token of the request it answers.
"""

import hashlib
import re
import uuid

from django.core.cache import cache
from django.db import transaction

#: How long a member's version lives without moving. Only kept pages refer to it: when it
#: expires their pages are misses and are built again under a new one, so any lifetime is
#: safe; a day keeps members who left from holding keys in the cache for ever.
VERSION_SECONDS = 24 * 60 * 60

#: What stands in a kept page for the CSRF token: never a token (a token has no "<"), and
#: never anything a member wrote (the templates escape every "<" of theirs), so a title
#: written like the marker cannot have a reader's token put in its place.
CSRF_MARKER = b"<csrf-token>"
# Every token a page carries is a form field: {% csrf_token %}'s input and the favourite
# hearts' (templates/social/favourite_fields.html), whatever the order of the attributes
# that follow the name.
CSRF_FIELD = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def version_key(member_id):
    return f"member-pages:version:{member_id}"


def page_key(member_id, address):
    """The key of `address` (host and full path) as kept for this member."""
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"member-page:{member_id}:{digest}"


def member_version(member_id):
    """The member's version, made when they have none yet (on the first page kept for them,
    or after it expired): on a miss only, a hit reads it with the page."""
    key = version_key(member_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, VERSION_SECONDS)
        version = cache.get(key)
    return version


def _new_versions(member_ids):
    cache.set_many(
        {version_key(member_id): uuid.uuid4().hex for member_id in member_ids}, VERSION_SECONDS
    )


def members_content_changed(member_ids):
    """What these members' own pages show them has changed. Their versions move now, and
    again once the transaction commits, as the public version does: a page built from the old
    rows in between is not served after the commit."""
    member_ids = sorted({member_id for member_id in member_ids if member_id is not None})
    if not member_ids:
        return
    _new_versions(member_ids)
    transaction.on_commit(lambda: _new_versions(member_ids), robust=True)


def member_content_changed(member_id):
    members_content_changed([member_id])


def without_csrf_tokens(content):
    return CSRF_FIELD.sub(rb"\1" + CSRF_MARKER + rb"\2", content)


def with_csrf_token(content, token):
    return content.replace(CSRF_MARKER, token.encode())
