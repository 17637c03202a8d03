"""BKPSDM imports officer candidates; a refused file gets a row-by-row report.

The report of a refused file is kept in the uploader's session under a
random key, so only the person who uploaded it can download it.
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
from petugas.impor import MAKS_BARIS, MAKS_UKURAN, kandidat_import, kandidat_templat_xlsx

SESSION_LAPORAN = "kandidat_impor_laporan"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@peran_required(Peran.BKPSDM)
@require_http_methods(["GET", "POST"])
def kandidat_impor(request: HttpRequest) -> HttpResponse:
    form = BerkasForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        label=_("Berkas kandidat (.xlsx atau .csv)"),
        maks_bytes=MAKS_UKURAN,
    )
    hasil, laporan = unggah_impor(
        request, form=form, impor=kandidat_import, nama_sesi=SESSION_LAPORAN
    )
    if hasil is not None:
        messages.success(
            request,
            _("%(baru)d kandidat baru, %(diperbarui)d diperbarui, %(tetap)d tidak berubah.")
            % {"baru": hasil.dibuat, "diperbarui": hasil.diperbarui, "tetap": hasil.tetap},
        )
        return redirect("petugas:kandidat_impor")
    return render(
        request,
        "petugas/kandidat_impor.html",
        {"form": form, "laporan": laporan, "maks_baris": MAKS_BARIS},
    )


@peran_required(Peran.BKPSDM)
@require_GET
def kandidat_impor_laporan(request: HttpRequest, kunci: str) -> HttpResponse:
    response = laporan_csv(request.session, nama_sesi=SESSION_LAPORAN, kunci=kunci)
    baca_catat(request, jenis=JenisBaca.EKSPOR, objek="laporan_impor", objek_id=kunci)
    return response


@peran_required(Peran.BKPSDM)
@require_GET
def kandidat_templat(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(kandidat_templat_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="templat-kandidat-petugas.xlsx"'
    return response


urlpatterns = [
    path("impor/", kandidat_impor, name="kandidat_impor"),
    path("impor/laporan/<slug:kunci>/", kandidat_impor_laporan, name="kandidat_impor_laporan"),
    path("impor/templat.xlsx", kandidat_templat, name="kandidat_templat"),
]
