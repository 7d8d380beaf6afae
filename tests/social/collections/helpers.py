"""Helpers shared by the collection tests."""

from artworks.models import Artwork


def hide(artwork, **fields):
    Artwork.objects.filter(pk=artwork.pk).update(**fields)


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()
