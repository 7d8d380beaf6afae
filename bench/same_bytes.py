"""The "same bytes" ceiling of bench/floor.py: the cached gallery's response, as the bench
fetched it, answered by a bare Django view on the hello-world site (bench/hello_urls.py), so
that the page's size and our stack's work can be told apart.

The bench writes the gallery's body, plain and gzipped, with the headers that describe those
bytes (Content-Type, Content-Length, and Content-Encoding for the gzipped one) to a temporary
file, and names it to the hello site in BENCH_SAME_BYTES_FILE; the view reads it once, when
the URLconf is imported, and answers every request with the bytes from memory: gzipped when
the request accepts gzip, as the page cache reads Accept-Encoding."""

import base64
import json
import os
import re

import requests

from django.http import HttpResponse

ENVIRONMENT = "BENCH_SAME_BYTES_FILE"
PATH = "/same-bytes/"
#: The headers copied from the gallery's response: those that describe its bytes.
DESCRIBING = ("Content-Type", "Content-Length", "Content-Encoding")
ACCEPTS_GZIP = re.compile(r"\bgzip\b")  # as core.page_cache reads Accept-Encoding


def fetch(url, accept_encoding=None):
    """A response's body as it crossed the wire (not decompressed) and its describing headers;
    without Accept-Encoding unless one is given."""
    headers = {"X-Forwarded-Proto": "https", "Accept-Encoding": accept_encoding}
    with requests.get(url, headers=headers, stream=True, timeout=60) as response:
        response.raise_for_status()
        body = response.raw.read(decode_content=False)
        kept = {name: response.headers[name] for name in DESCRIBING if name in response.headers}
        return body, kept, response.headers.get("X-Page-Cache")


def write(path, url, accept_encoding):
    """Fetch the cached page at `url` both ways and write what the bare view is to answer;
    returns the sizes of its two bodies (plain, gzipped)."""
    answers, sizes = {}, []
    for name, asked in (("plain", None), ("gzip", accept_encoding)):
        body, headers, cache = fetch(url, asked)
        if cache != "hit":
            raise RuntimeError(f"{url} was not served from the page cache ({name})")
        if (name == "gzip") != (headers.get("Content-Encoding") == "gzip"):
            raise RuntimeError(f"{url} answered {name} with {headers}")
        if int(headers.get("Content-Length", len(body))) != len(body):
            raise RuntimeError(f"{url} said {headers['Content-Length']} bytes, sent {len(body)}")
        headers["Content-Length"] = str(len(body))
        sizes.append(len(body))
        answers[name] = {"headers": headers, "body": base64.b64encode(body).decode()}
    with open(path, "w") as file:
        json.dump(answers, file)
    return tuple(sizes)


def check(path, url, accept_encoding):
    """The bare view at `url` answers exactly what the file holds, both ways."""
    with open(path) as file:
        answers = json.load(file)
    for name, asked in (("plain", None), ("gzip", accept_encoding)):
        body, headers, _ = fetch(url, asked)
        expected = answers[name]
        if body != base64.b64decode(expected["body"]) or headers != expected["headers"]:
            raise RuntimeError(f"{url} does not answer the gallery's bytes ({name}): {headers}")


def view_from_environment():
    """The view for bench/hello_urls.py, or None when no file is named."""
    path = os.environ.get(ENVIRONMENT)
    if not path:
        return None
    with open(path) as file:
        answers = {
            name: (base64.b64decode(answer["body"]), tuple(answer["headers"].items()))
            for name, answer in json.load(file).items()
        }
    plain, zipped = answers["plain"], answers["gzip"]

    def same_bytes(request):
        accepts = ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        body, headers = zipped if accepts else plain
        return HttpResponse(body, headers=headers)

    return same_bytes
