from django.http import HttpResponse
from django.urls import path

from bench.same_bytes import PATH, view_from_environment


def hello(request):
    return HttpResponse("hello")


# /healthz/ too: bench.common.Site.start waits for it to answer.
urlpatterns = [path("", hello), path("healthz/", hello)]

# bench/floor.py's "same bytes" ceiling: the cached gallery's bytes, when a file names them.
same_bytes = view_from_environment()
if same_bytes is not None:
    urlpatterns.append(path(PATH.lstrip("/"), same_bytes))
