"""BKPSDM imports officer candidates; a refused file gets a row-by-row report.

The report of a refused file is kept in the uploader's session under a
random key, so only the person who uploaded it can download it.
"""

import base64
import csv
import json
import secrets
import zlib

from django import forms
from django.contrib import messages
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from akun.access import peran_required
from akun.models import Peran
from petugas.impor import MAKS_BARIS, MAKS_UKURAN, kandidat_import, kandidat_templat_xlsx
from tabular import ImportRefused, RowError

SESSION_LAPORAN = "kandidat_impor_laporan"
LAPORAN_DISIMPAN = 3  # the latest reports only: the session is read on every request
LAPORAN_DITAMPILKAN = 200
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class KandidatImporForm(forms.Form):
    berkas = forms.FileField(
        label=gettext_lazy("Berkas kandidat (.xlsx atau .csv)"),
        error_messages={
            "required": gettext_lazy("Pilih berkas .xlsx atau .csv untuk diunggah."),
            "empty": gettext_lazy("Berkas yang diunggah kosong."),
        },
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if berkas.size > MAKS_UKURAN:
            raise ValidationError(_("Berkas lebih dari 5 MB; bagi menjadi beberapa berkas."))
        return berkas


@peran_required(Peran.BKPSDM)
@require_http_methods(["GET", "POST"])
def kandidat_impor(request: HttpRequest) -> HttpResponse:
    form = KandidatImporForm()
    laporan = None
    if request.method == "POST":
        form = KandidatImporForm(request.POST, request.FILES)
        if form.is_valid():
            berkas = form.cleaned_data["berkas"]
            try:
                hasil = kandidat_import(data=berkas.read(), filename=berkas.name, oleh=request.user)
            except ImportRefused as refused:
                kunci = _simpan_laporan(request.session, berkas=berkas.name, errors=refused.errors)
                laporan = {
                    "kunci": kunci,
                    "berkas": berkas.name,
                    "jumlah": len(refused.errors),
                    "errors": refused.errors[:LAPORAN_DITAMPILKAN],
                }
            else:
                messages.success(
                    request,
                    _("%(baru)d kandidat baru, %(diperbarui)d diperbarui, %(tetap)d tidak berubah.")
                    % {"baru": hasil.dibuat, "diperbarui": hasil.diperbarui, "tetap": hasil.tetap},
                )
                return redirect("petugas:kandidat_impor")
    return render(
        request,
        "petugas/kandidat_impor.html",
        {
            "form": form,
            "laporan": laporan,
            "maks_baris": MAKS_BARIS,
        },
    )


@peran_required(Peran.BKPSDM)
@require_GET
def kandidat_impor_laporan(request: HttpRequest, kunci: str) -> HttpResponse:
    laporan = request.session.get(SESSION_LAPORAN, {}).get(kunci)
    if laporan is None:
        raise Http404
    nama = slugify(laporan["berkas"].rsplit(".", 1)[0]) or "berkas"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="laporan-impor-{nama}.csv"'
    response.write("\ufeff")  # so Excel reads the file as UTF-8
    writer = csv.writer(response, delimiter=";")  # the list separator of Indonesian Excel
    writer.writerow([_("baris"), _("masalah")])
    for row, message in _buka(laporan["isi"]):
        writer.writerow([row or "", _aman_untuk_excel(message)])
    return response


@peran_required(Peran.BKPSDM)
@require_GET
def kandidat_templat(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(kandidat_templat_xlsx(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="templat-kandidat-petugas.xlsx"'
    return response


def _simpan_laporan(session: SessionBase, *, berkas: str, errors: list[RowError]) -> str:
    kunci = secrets.token_urlsafe(16)
    laporan = session.get(SESSION_LAPORAN, {})
    laporan[kunci] = {"berkas": berkas, "isi": _kemas([[e.row, e.message] for e in errors])}
    while len(laporan) > LAPORAN_DISIMPAN:
        laporan.pop(next(iter(laporan)))
    session[SESSION_LAPORAN] = laporan
    return kunci


def _kemas(baris: list) -> str:
    # A refused 10,000-row file can carry tens of thousands of repetitive messages.
    return base64.b64encode(zlib.compress(json.dumps(baris).encode())).decode()


def _buka(isi: str) -> list:
    return json.loads(zlib.decompress(base64.b64decode(isi)))


def _aman_untuk_excel(teks: str) -> str:
    """A message quotes the uploaded cells; Excel must not run one as a formula."""
    return "'" + teks if teks[:1] in ("=", "+", "-", "@") else teks


urlpatterns = [
    path("impor/", kandidat_impor, name="kandidat_impor"),
    path("impor/laporan/<slug:kunci>/", kandidat_impor_laporan, name="kandidat_impor_laporan"),
    path("impor/templat.xlsx", kandidat_templat, name="kandidat_templat"),
]
