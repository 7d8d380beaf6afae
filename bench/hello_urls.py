from django.http import HttpResponse
from django.urls import path


def hello(request):
    return HttpResponse("hello")


# /healthz/ too: bench.common.Site.start waits for it to answer.
urlpatterns = [path("", hello), path("healthz/", hello)]
