"""BKPSDM's view of officer activity: who is working, who has not visited in N days."""

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from akun.access import peran_required
from akun.models import Peran
from dasbor.tembolok import cakupan_saya, halaman_tersimpan
from lib.xlsx import unduhan_xlsx
from petugas.aktivitas import (
    HARI_BAKU,
    HARI_PILIHAN,
    Aktivitas,
    AktivitasPetugas,
    aktivitas_petugas,
    xlsx_aktivitas,
)

PER_HALAMAN = 50


class AktivitasForm(forms.Form):
    hari = forms.TypedChoiceField(
        label=_("Tidak berkunjung selama"),
        choices=[(h, _("%(n)s hari") % {"n": h}) for h in HARI_PILIHAN],
        coerce=int,
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Tampilkan"),
        choices=[
            ("", _("Semua petugas")),
            ("diam", _("Belum berkunjung")),
            ("bekerja", _("Bekerja")),
        ],
        required=False,
    )
    opd = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kecamatan = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _pilihan(request: HttpRequest) -> tuple[AktivitasForm, Aktivitas, list[AktivitasPetugas]]:
    """The form, the figures for its N days, and the officers it filters to."""
    form = AktivitasForm(request.GET or None)
    pilihan = {}
    if form.is_bound:
        form.full_clean()  # a bad choice shows on the form, the good ones still count
        pilihan = form.cleaned_data
    hari = pilihan.get("hari") or HARI_BAKU
    form.initial["hari"] = hari
    data = aktivitas_petugas(user=request.user, hari=hari)
    daftar = data.petugas
    if pilihan.get("status") == "diam":
        daftar = [a for a in daftar if not a.bekerja]
    elif pilihan.get("status") == "bekerja":
        daftar = [a for a in daftar if a.bekerja]
    if pilihan.get("opd"):
        daftar = [a for a in daftar if a.petugas.opd_id == pilihan["opd"]]
    if pilihan.get("kecamatan"):
        daftar = [a for a in daftar if a.rw.kelurahan.kecamatan_id == pilihan["kecamatan"]]
    return form, data, daftar


@peran_required(Peran.BKPSDM)
@require_GET
@halaman_tersimpan(cakupan_saya, per_menit=True)
def aktivitas(request: HttpRequest) -> HttpResponse:
    form, data, daftar = _pilihan(request)
    page = Paginator(daftar, PER_HALAMAN).get_page(request.GET.get("page"))
    konteks = {
        "form": form,
        "data": data,
        "page": page,
        "hari": data.hari,
        "pilihan": form.cleaned_data if form.is_bound else {},
        "query": request.GET.urlencode(),
    }
    fragmen = request.htmx and not request.htmx.history_restore_request
    template = "petugas/aktivitas.html#isi" if fragmen else "petugas/aktivitas.html"
    response = render(request, template, konteks)
    patch_vary_headers(response, ["HX-Request"])
    return response


@peran_required(Peran.BKPSDM)
@require_GET
def aktivitas_unduh(request: HttpRequest) -> HttpResponse:
    _form, data, daftar = _pilihan(request)
    return unduhan_xlsx(
        xlsx_aktivitas(data, daftar),
        bagian_nama=["aktivitas-petugas", f"{data.hari}-hari", timezone.localdate().isoformat()],
    )


urlpatterns = [
    path("aktivitas/", aktivitas, name="aktivitas"),
    path("aktivitas/unduh/", aktivitas_unduh, name="aktivitas_unduh"),
]
