"""The portal's URLs plus the benchmark's two baselines, through the same middleware:
a bare page, and the base layout for a logged-in user with no queries of its own."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from config.urls import *  # noqa: F403
from config.urls import urlpatterns as portal

TATA_LETAK = engines["django"].from_string('{% extends "base.html" %}')


def polos(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@login_required
def tata_letak(request: HttpRequest) -> HttpResponse:
    return HttpResponse(TATA_LETAK.render({}, request))


urlpatterns = [
    path("_beban/polos/", polos),
    path("_beban/tata-letak/", tata_letak),
    *portal,
]
