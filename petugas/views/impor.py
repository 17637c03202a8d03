"""BKPSDM imports officer candidates; a refused file gets a row-by-row report.

The report of a refused file is kept in the uploader's session under a
random key, so only the person who uploaded it can download it.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from akun.access import peran_required
from akun.models import Peran
from petugas.impor import MAKS_BARIS, MAKS_UKURAN, kandidat_import, kandidat_templat_xlsx
from tabular import ImportRefused, laporan_csv, laporan_simpan

SESSION_LAPORAN = "kandidat_impor_laporan"
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
                kunci = laporan_simpan(
                    request.session,
                    nama_sesi=SESSION_LAPORAN,
                    berkas=berkas.name,
                    errors=refused.errors,
                )
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
    return laporan_csv(request.session, nama_sesi=SESSION_LAPORAN, kunci=kunci)


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
