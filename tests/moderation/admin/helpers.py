"""Helpers shared by the admin moderation tests."""

LISTING = "/admin/snippets/artworks/artwork/"


def edit_data(artwork, **changes):
    return {
        "title": artwork.title,
        "alt_text": artwork.alt_text,
        "description": artwork.description,
        "tags": ", ".join(tag.name for tag in artwork.tags.all()),
        "status": artwork.status,
        "moderation_note": artwork.moderation_note,
        "licence": "all-rights-reserved",
        "size_unit": "cm",
        "visibility": "listed",
        **changes,
    }


BULK_USERS = "/admin/bulk/members/user/{action}/"


def bulk_post(client, action, ids, **data):
    url = BULK_USERS.format(action=action)
    query = "&".join(f"id={pk}" for pk in ids)
    return client.post(f"{url}?{query}", data)
