"""Reading the sitemap as a crawler does: the index at /sitemap.xml, then every file it names."""

from urllib.parse import urlsplit

from defusedxml import ElementTree as ET

NAMESPACE = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def locations(response):
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{NAMESPACE}loc")]


def sitemap_files(client, **headers):
    """The addresses of the files /sitemap.xml names, in its order."""
    response = client.get("/sitemap.xml", **headers)
    assert response.status_code == 200
    assert ET.fromstring(response.content).tag == f"{NAMESPACE}sitemapindex"
    return locations(response)


def get_file(client, address, **headers):
    parts = urlsplit(address)
    return client.get(f"{parts.path}?{parts.query}" if parts.query else parts.path, **headers)


def sitemap_responses(client, **headers):
    """Every file of the sitemap, as the crawler gets it."""
    responses = [
        get_file(client, address, **headers) for address in sitemap_files(client, **headers)
    ]
    for response in responses:
        assert response.status_code == 200
    return responses


def sitemap_locations(client, **headers):
    """Every address listed in any file of the sitemap, in order (repeats kept)."""
    return [
        location
        for response in sitemap_responses(client, **headers)
        for location in locations(response)
    ]


def whole_sitemap(client, **headers):
    """The text of the index and of all its files, one after the other."""
    texts = [client.get("/sitemap.xml", **headers).content.decode()]
    texts += [response.content.decode() for response in sitemap_responses(client, **headers)]
    return "\n".join(texts)
