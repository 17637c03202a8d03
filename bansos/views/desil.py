"""Dinsos's list of families in desil 1-2 that receive nothing: candidates for an usulan."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from akun.access import peran_required
from akun.models import Peran
from bansos.desil import usulan_desil_for
from pendataan.dtsen import DESIL_USULAN
from pendataan.selectors import kepala_dan_jumlah

PER_HALAMAN = 50


@peran_required(Peran.DINSOS)
@require_GET
def usulan_desil(request: HttpRequest) -> HttpResponse:
    page = Paginator(usulan_desil_for(request.user), PER_HALAMAN).get_page(request.GET.get("page"))
    return render(
        request,
        "bansos/usulan_desil.html",
        {
            "page": page,
            "kepala": kepala_dan_jumlah(page.object_list),
            "desil_usulan": DESIL_USULAN,
        },
    )


urlpatterns = [path("usulan-desil/", usulan_desil, name="usulan_desil")]
