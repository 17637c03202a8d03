"""Pimpinan's dashboard: the city's progress and aid coverage, in aggregates only."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from akun.access import peran_required
from akun.models import Peran
from bansos.forms import PilihPeriodeForm, pilih_periode
from dasbor.tembolok import cakupan_saya, halaman_tersimpan
from lib.grafik import Seri, svg_batang
from lib.xlsx import unduhan_xlsx
from pimpinan.ekspor import xlsx_pimpinan
from pimpinan.selectors import DasborPimpinan, dasbor_pimpinan_for


def _data(request: HttpRequest) -> tuple[PilihPeriodeForm, DasborPimpinan]:
    form, nama, kecamatan = pilih_periode(request)
    return form, dasbor_pimpinan_for(request.user, nama_periode=nama, kecamatan=kecamatan)


@peran_required(Peran.PIMPINAN)
@require_GET
@halaman_tersimpan(cakupan_saya, per_menit=True)
def dasbor(request: HttpRequest) -> HttpResponse:
    form, data = _data(request)
    grafik = svg_batang(
        judul=_("Kunjungan per minggu"),
        label=[m.mulai.strftime("%d/%m") for m in data.tren],
        seri=[
            Seri(_("Kunjungan dikirim"), [m.kunjungan for m in data.tren], "seri-kunjungan"),
            Seri(_("Disetujui"), [m.disetujui for m in data.tren], "seri-disetujui"),
        ],
    )
    konteks = {"form": form, "data": data, "grafik": grafik, "query": request.GET.urlencode()}
    fragmen = request.htmx and not request.htmx.history_restore_request
    template = "pimpinan/dasbor.html#isi" if fragmen else "pimpinan/dasbor.html"
    response = render(request, template, konteks)
    patch_vary_headers(response, ["HX-Request"])
    return response


@peran_required(Peran.PIMPINAN)
@require_GET
def unduh(request: HttpRequest) -> HttpResponse:
    _form, data = _data(request)
    cakupan = data.kecamatan.nama if data.kecamatan else "kota"
    return unduhan_xlsx(
        xlsx_pimpinan(data), bagian_nama=["ringkasan-pimpinan", data.nama_periode, cakupan]
    )
