"""The portal's URLs plus the benchmark's baselines, through the same middleware:
a bare page, a logged-in user's page that only reads the session, the base layout for
a logged-in user with no queries of its own, and the smallest write a logged-in POST
can make (the session's own row, updated and committed)."""

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import engines
from django.urls import path
from django.views.decorators.http import require_POST

from config.urls import *  # noqa: F403
from config.urls import urlpatterns as portal

TATA_LETAK = engines["django"].from_string('{% extends "base.html" %}')


def polos(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@login_required
def sesi(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


@login_required
def tata_letak(request: HttpRequest) -> HttpResponse:
    return HttpResponse(TATA_LETAK.render({}, request))


@require_POST
@login_required
def tulis(request: HttpRequest) -> JsonResponse:
    """The floor of a visit submit: a CSRF-checked JSON POST that writes one row."""
    request.session["_beban"] = json.loads(request.body)["uuid"]
    return JsonResponse({"ok": True}, status=201)


urlpatterns = [
    path("_beban/polos/", polos),
    path("_beban/sesi/", sesi),
    path("_beban/tata-letak/", tata_letak),
    path("_beban/tulis/", tulis),
    *portal,
]
