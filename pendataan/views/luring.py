"""The officer's installable app: the web app manifest, the service worker, the page
shown when a page was never opened on this phone and there is no signal.

The service worker is served from the site's root (its scope is the whole portal)
and lists the hashed static files it keeps, so a new deploy installs a new worker.
Pages an officer may open without signal carry `X-Luring-Pengguna` (akun.access.simpan_luring):
the worker keeps only those, in a cache of that user alone.
"""

import hashlib
import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import path, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from akun.access import peran_required, simpan_luring
from akun.models import Peran
from pendataan.luring import STATIS, daftar_luring_for, versi_formulir_for


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    statis = [static(s) for s in STATIS]
    isi = render_to_string(
        "pendataan/luring/sw.js",
        {
            "statis": statis,
            "antrean_js": static("js/antrean.js"),
            "luring_url": reverse("pendataan:luring"),
        },
    )
    versi = hashlib.sha256(isi.encode()).hexdigest()[:12]
    response = HttpResponse(
        isi.replace("__VERSI__", versi), content_type="application/javascript; charset=utf-8"
    )
    # the browser checks for a new worker on every visit; a deploy is picked up at once
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    response = render(
        request,
        "pendataan/luring/manifest.webmanifest",
        {"ikon": [(static(f"img/ikon-{u}.png"), u) for u in (192, 512)]},
        content_type="application/manifest+json",
    )
    response["Cache-Control"] = "public, max-age=86400"
    return response


def _json_bertanda(request: HttpRequest, data: dict) -> HttpResponse:
    """The officer's own RW as JSON with an ETag: 304 while it has not changed. It holds
    whole NIKs: never in the browser's HTTP cache (no-store); the phone keeps it in the
    officer's own page cache and asks with the tag itself (static/js/petugas.js)."""
    isi = json.dumps(data, separators=(",", ":"), sort_keys=True, default=str)
    etag = '"' + hashlib.sha256(isi.encode()).hexdigest()[:20] + '"'
    # GZipMiddleware makes the tag weak (W/"..."): compare what is inside the quotes
    if etag in request.headers.get("If-None-Match", "").replace("W/", ""):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(isi, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-store"
    return response


@peran_required(Peran.PETUGAS)
@require_GET
def versi_formulir(request: HttpRequest) -> HttpResponse:
    """Which visit forms of the RW the phone should fetch again (pendataan/luring.py)."""
    return _json_bertanda(request, {"keluarga": versi_formulir_for(request.user)})


@simpan_luring
@peran_required(Peran.PETUGAS)
@require_GET
def daftar_luring(request: HttpRequest) -> HttpResponse:
    """The worklist the phone searches without signal (pendataan/luring.py); kept in the
    officer's own page cache, which goes at logout."""
    return _json_bertanda(request, {"keluarga": daftar_luring_for(request.user)})


@never_cache
@simpan_luring
@peran_required(Peran.PETUGAS)
def halaman_luring(request: HttpRequest) -> HttpResponse:
    """What a page that was never opened on this phone shows without signal."""
    return render(request, "pendataan/luring/luring.html")


urlpatterns = [
    path("luring/", halaman_luring, name="luring"),
    path("luring/versi/", versi_formulir, name="luring_versi"),
    path("luring/daftar/", daftar_luring, name="luring_daftar"),
]
