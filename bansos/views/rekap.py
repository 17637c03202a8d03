"""Every program of a period on one page: the results in counts, per area and program.

Dinsos and the admin kecamatan also ask for the one XLSX of the round from here;
pimpinan reads the same counts and nothing else (no export, no berita acara).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from akun.access import peran_efektif, peran_required
from akun.models import Peran
from bansos.forms import pilih_periode
from bansos.models import StatusEkspor
from bansos.rekap import periode_bernama, rekap_program
from bansos.selectors import PERAN_HASIL_SEKOTA, PERAN_REKAP_SEKOTA, ekspor_for
from bansos.views.ekspor import EKSPOR_TERAKHIR, cakupan_hasil
from dasbor.tembolok import halaman_tersimpan
from wilayah.selectors import kecamatan_for


@peran_required(Peran.ADMIN_KECAMATAN, Peran.DINSOS, Peran.PIMPINAN)
@require_GET
@halaman_tersimpan(cakupan_hasil)
def hasil_semua(request: HttpRequest) -> HttpResponse:
    peran = peran_efektif(request.user)
    sekota = peran in PERAN_REKAP_SEKOTA
    form, nama, kecamatan = pilih_periode(request)
    periode_list = periode_bernama(nama) if nama else []
    rekap = None
    if periode_list:
        rekap = rekap_program(user=request.user, periode_list=periode_list, kecamatan=kecamatan)
    boleh_ekspor = peran != Peran.PIMPINAN  # pimpinan: counts only, never a list of people
    konteks = {
        "form": form,
        "nama_periode": nama,
        "periode_list": periode_list,
        "kecamatan": kecamatan,
        "sekota": sekota,
        "rekap": rekap,
        "diperbarui": rekap.diperbarui if rekap else None,
        "boleh_ekspor": boleh_ekspor,
        "ekspor_sekota": peran in PERAN_HASIL_SEKOTA,
        "kecamatan_ekspor": kecamatan_for(request.user) if sekota and boleh_ekspor else None,
        "terakhir": ekspor_for(request.user)[:EKSPOR_TERAKHIR] if boleh_ekspor else [],
        "StatusEkspor": StatusEkspor,
    }
    fragmen = request.htmx and not request.htmx.history_restore_request
    template = "bansos/hasil_semua.html#rekap" if fragmen else "bansos/hasil_semua.html"
    response = render(request, template, konteks)
    patch_vary_headers(response, ["HX-Request"])
    return response


urlpatterns = [path("hasil/semua-program/", hasil_semua, name="hasil_semua")]
