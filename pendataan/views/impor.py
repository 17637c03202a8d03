"""Dinsos imports families and their members; a refused file gets a row-by-row report.

The report of a refused file is kept in the uploader's session (tabular.laporan_simpan),
so only the person who uploaded it can download it.
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
from pendataan.impor import MAKS_BARIS, MAKS_UKURAN, keluarga_import, ringkasan
from tabular import ImportRefused, laporan_csv, laporan_simpan

SESSION_LAPORAN = "keluarga_impor_laporan"
LAPORAN_DITAMPILKAN = 200


class KeluargaImporForm(forms.Form):
    berkas = forms.FileField(
        label=gettext_lazy("Berkas keluarga (.xlsx atau .csv)"),
        error_messages={
            "required": gettext_lazy("Pilih berkas .xlsx atau .csv untuk diunggah."),
            "empty": gettext_lazy("Berkas yang diunggah kosong."),
        },
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_berkas(self):
        berkas = self.cleaned_data["berkas"]
        if berkas.size > MAKS_UKURAN:
            raise ValidationError(_("Berkas lebih dari 20 MB; bagi menjadi beberapa berkas."))
        return berkas


@peran_required(Peran.DINSOS)
@require_http_methods(["GET", "POST"])
def keluarga_impor(request: HttpRequest) -> HttpResponse:
    form = KeluargaImporForm()
    laporan = None
    if request.method == "POST":
        form = KeluargaImporForm(request.POST, request.FILES)
        if form.is_valid():
            berkas = form.cleaned_data["berkas"]
            try:
                hasil = keluarga_import(data=berkas.read(), filename=berkas.name, oleh=request.user)
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
    return laporan_csv(request.session, nama_sesi=SESSION_LAPORAN, kunci=kunci)


urlpatterns = [
    path("impor/", keluarga_impor, name="keluarga_impor"),
    path("impor/laporan/<slug:kunci>/", keluarga_impor_laporan, name="keluarga_impor_laporan"),
]
