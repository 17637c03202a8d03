"""Every program of a period on one page: the results in counts, per area and program.

Dinsos and the admin kecamatan also ask for the one XLSX of the round from here;
pimpinan reads the same counts and nothing else (no export, no berita acara).
"""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from akun.access import peran_efektif, peran_required
from akun.models import Peran, User
from bansos.models import StatusEkspor
from bansos.rekap import nama_periode_list, periode_bernama, rekap_program
from bansos.selectors import PERAN_HASIL_SEKOTA, PERAN_REKAP_SEKOTA, ekspor_for
from bansos.views.ekspor import EKSPOR_TERAKHIR
from wilayah.models import Kecamatan
from wilayah.selectors import kecamatan_for


class PilihPeriodeForm(forms.Form):
    periode = forms.ChoiceField(label=gettext_lazy("Periode"), required=False)
    kecamatan = forms.ModelChoiceField(
        label=gettext_lazy("Kecamatan"),
        queryset=Kecamatan.objects.none(),
        required=False,
        empty_label=gettext_lazy("Seluruh kota (per kecamatan)"),
    )

    def __init__(self, *args, user: User, nama_list: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["periode"].choices = [(n, n) for n in nama_list]
        if peran_efektif(user) in PERAN_REKAP_SEKOTA:
            self.fields["kecamatan"].queryset = kecamatan_for(user)
        else:  # an admin kecamatan sees their own kecamatan, nothing to choose
            del self.fields["kecamatan"]


@peran_required(Peran.ADMIN_KECAMATAN, Peran.DINSOS, Peran.PIMPINAN)
@require_GET
def hasil_semua(request: HttpRequest) -> HttpResponse:
    peran = peran_efektif(request.user)
    sekota = peran in PERAN_REKAP_SEKOTA
    nama_list = nama_periode_list()
    form = PilihPeriodeForm(request.GET or None, user=request.user, nama_list=nama_list)
    pilihan = {}
    if form.is_bound:
        form.full_clean()  # a bad choice shows on the form, the good ones still count
        pilihan = form.cleaned_data
    nama = pilihan.get("periode") or next(iter(nama_list), "")
    form.initial["periode"] = nama
    kecamatan = pilihan.get("kecamatan") if sekota else request.user.kecamatan
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
