"""Dinsos uploads a period's recipient list and follows its processing."""

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from akun.access import peran_required
from akun.models import Peran
from bansos.impor import (
    MAKS_BARIS,
    MAKS_UKURAN,
    impor_penerima_for,
    impor_penerima_mulai,
    impor_penerima_progres,
)
from bansos.impor.progres import PENERIMA
from bansos.models import ImporBerkas, Periode, StatusImpor
from lib.persen import persen_teks
from lib.unggah import BerkasForm

IMPOR_TERAKHIR = 20


class ImporPenerimaForm(BerkasForm):
    periode = forms.ModelChoiceField(
        label=gettext_lazy("Program dan periode"),
        queryset=Periode.objects.filter(program__aktif=True).select_related("program"),
        error_messages={"required": gettext_lazy("Pilih program dan periodenya.")},
    )
    field_order = ["periode", "berkas"]


@peran_required(Peran.DINSOS)
@require_http_methods(["GET", "POST"])
def impor_penerima(request: HttpRequest) -> HttpResponse:
    form = ImporPenerimaForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        label=_("Berkas daftar penerima (.xlsx atau .csv)"),
        maks_bytes=MAKS_UKURAN,
    )
    if request.method == "POST" and form.is_valid():
        try:
            impor = impor_penerima_mulai(
                periode=form.cleaned_data["periode"],
                berkas=form.cleaned_data["berkas"],
                oleh=request.user,
            )
        except ValidationError as exc:
            form.add_error("berkas", exc)
        else:
            return redirect("bansos:impor_penerima_status", pk=impor.pk)
    terakhir = impor_penerima_for(request.user)[:IMPOR_TERAKHIR]
    return render(
        request,
        "bansos/impor_penerima.html",
        {"form": form, "terakhir": terakhir, "maks_baris": MAKS_BARIS},
    )


@peran_required(Peran.DINSOS)
@require_GET
def impor_penerima_status(request: HttpRequest, pk: int) -> HttpResponse:
    impor = get_object_or_404(impor_penerima_for(request.user), pk=pk)
    return impor_status_render(request, impor, template="bansos/impor_status.html")


def impor_status_render(
    request: HttpRequest, impor: ImporBerkas, *, template: str, jenis: str = PENERIMA
) -> HttpResponse:
    """Any import's status page, or (polled by htmx) its `status` fragment."""
    selesai = impor.status in (StatusImpor.SELESAI, StatusImpor.DITOLAK)
    impor.baris_diproses = impor_penerima_progres(impor, jenis=jenis)
    persen = persen_teks(impor.baris_diproses, impor.baris_total)
    fragmen = request.htmx and not request.htmx.history_restore_request
    response = render(
        request,
        f"{template}#status" if fragmen else template,
        {"impor": impor, "selesai": selesai, "persen": persen, "StatusImpor": StatusImpor},
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


urlpatterns = [
    path("impor/", impor_penerima, name="impor_penerima"),
    path("impor/<int:pk>/", impor_penerima_status, name="impor_penerima_status"),
]
