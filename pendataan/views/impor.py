"""Dinsos imports families and their members; a refused file gets a row-by-row report.

The report of a refused file is kept in the uploader's session (lib.tabular.laporan_simpan),
so only the person who uploaded it can download it.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from akun.access import peran_required
from akun.models import Peran
from audit.models import JenisBaca
from audit.services import baca_catat
from lib.tabular import laporan_csv
from lib.unggah import BerkasForm, unggah_impor
from pendataan.impor import MAKS_BARIS, MAKS_UKURAN, keluarga_import, ringkasan

SESSION_LAPORAN = "keluarga_impor_laporan"


@peran_required(Peran.DINSOS)
@require_http_methods(["GET", "POST"])
def keluarga_impor(request: HttpRequest) -> HttpResponse:
    form = BerkasForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        label=_("Berkas keluarga (.xlsx atau .csv)"),
        maks_bytes=MAKS_UKURAN,
    )
    hasil, laporan = unggah_impor(
        request, form=form, impor=keluarga_import, nama_sesi=SESSION_LAPORAN
    )
    if hasil is not None:
        messages.success(request, ringkasan(hasil))
        return redirect("pendataan:keluarga_impor")
    return render(
        request,
        "pendataan/keluarga_impor.html",
        {"form": form, "laporan": laporan, "maks_baris": MAKS_BARIS},
    )


@peran_required(Peran.DINSOS)
@require_GET
def keluarga_impor_laporan(request: HttpRequest, kunci: str) -> HttpResponse:
    response = laporan_csv(request.session, nama_sesi=SESSION_LAPORAN, kunci=kunci)
    baca_catat(request, jenis=JenisBaca.EKSPOR, objek="laporan_impor", objek_id=kunci)
    return response


urlpatterns = [
    path("impor/", keluarga_impor, name="keluarga_impor"),
    path("impor/laporan/<slug:kunci>/", keluarga_impor_laporan, name="keluarga_impor_laporan"),
]
