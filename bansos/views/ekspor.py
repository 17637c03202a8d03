"""The verified results: the counts per area, the XLSX export for Dinsos, the berita acara."""

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.cache import patch_vary_headers
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from akun.access import peran_efektif, peran_required
from akun.models import Peran, User
from audit.models import JenisBaca
from audit.services import baca_catat
from bansos.berita_acara import berita_acara_data
from bansos.ekspor import boleh_ekspor, ekspor_mulai
from bansos.models import EksporHasil, Periode, StatusEkspor
from bansos.rekap import rekap_hasil
from bansos.selectors import PERAN_HASIL_SEKOTA, ekspor_for, periode_terbaru
from dasbor.tembolok import Cakupan, cakupan_pengguna, halaman_tersimpan
from lib.ekspor import ekspor_status_halaman, ekspor_unduhan
from wilayah.models import Kecamatan
from wilayah.selectors import kecamatan_for, kelurahan_for

EKSPOR_TERAKHIR = 10


class PilihHasilForm(forms.Form):
    periode = forms.ModelChoiceField(
        label=gettext_lazy("Program dan periode"),
        queryset=Periode.objects.filter(program__aktif=True).select_related("program"),
        required=False,
        empty_label=None,
    )
    kecamatan = forms.ModelChoiceField(
        label=gettext_lazy("Kecamatan"),
        queryset=Kecamatan.objects.none(),
        required=False,
        empty_label=gettext_lazy("Seluruh kota (per kecamatan)"),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        if peran_efektif(user) in PERAN_HASIL_SEKOTA:
            self.fields["kecamatan"].queryset = kecamatan_for(user)
        else:  # an admin kecamatan sees their own kecamatan, nothing to choose
            del self.fields["kecamatan"]


class EksporForm(forms.Form):
    periode = forms.ModelChoiceField(queryset=Periode.objects.select_related("program"))
    kecamatan = forms.IntegerField(required=False)  # empty: the whole city
    semua_program = forms.BooleanField(required=False)  # every program of the period's name


def cakupan_hasil(request: HttpRequest) -> Cakupan:
    """The results in the user's scope, and the latest exports they list."""
    return cakupan_pengguna(request.user, lain=("ekspor",))


@peran_required(Peran.ADMIN_KECAMATAN, Peran.DINSOS)
@require_GET
@halaman_tersimpan(cakupan_hasil)
def hasil(request: HttpRequest) -> HttpResponse:
    sekota = peran_efektif(request.user) in PERAN_HASIL_SEKOTA
    form = PilihHasilForm(request.GET or None, user=request.user)
    pilihan = {}
    if form.is_bound:
        form.full_clean()  # a bad choice shows on the form, the good ones still count
        pilihan = form.cleaned_data
    periode = pilihan.get("periode") or next(iter(periode_terbaru()), None)
    form.initial["periode"] = periode
    kecamatan = pilihan.get("kecamatan") if sekota else request.user.kecamatan
    baris, jumlah, diperbarui = [], None, None
    if periode is not None:
        baris, jumlah, diperbarui = rekap_hasil(
            user=request.user, periode=periode, kecamatan=kecamatan
        )
    fragmen = request.htmx and not request.htmx.history_restore_request
    konteks = {
        "form": form,
        "periode": periode,
        "kecamatan": kecamatan,
        "sekota": sekota,
        "baris_list": baris,
        "jumlah": jumlah,
        "diperbarui": diperbarui,
        "kecamatan_ekspor": kecamatan_for(request.user) if sekota else None,
        "terakhir": ekspor_for(request.user)[:EKSPOR_TERAKHIR],
        "StatusEkspor": StatusEkspor,
    }
    template = "bansos/hasil.html#rekap" if fragmen else "bansos/hasil.html"
    response = render(request, template, konteks)
    patch_vary_headers(response, ["HX-Request"])
    return response


@peran_required(Peran.ADMIN_KECAMATAN, Peran.DINSOS)
@require_POST
def ekspor_minta(request: HttpRequest) -> HttpResponse:
    form = EksporForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Pilih program dan periode yang akan diekspor."))
        semua = request.POST.get("semua_program")
        return redirect("bansos:hasil_semua" if semua else "bansos:hasil")
    kecamatan = None
    if form.cleaned_data["kecamatan"] is not None:
        kecamatan = get_object_or_404(
            kecamatan_for(request.user), pk=form.cleaned_data["kecamatan"]
        )
    if not boleh_ekspor(request.user, kecamatan):  # the whole city: Dinsos only
        raise Http404
    ekspor, baru = ekspor_mulai(
        periode=form.cleaned_data["periode"],
        kecamatan=kecamatan,
        oleh=request.user,
        semua_program=form.cleaned_data["semua_program"],
    )
    if not baru:
        messages.info(request, _("Ekspor yang sama sedang disusun; tunggu sampai selesai."))
    return redirect("bansos:ekspor_status", pk=ekspor.pk)


@peran_required(Peran.ADMIN_KECAMATAN, Peran.DINSOS)
@require_GET
def ekspor_status(request: HttpRequest, pk: int) -> HttpResponse:
    ekspor = get_object_or_404(ekspor_for(request.user), pk=pk)
    return ekspor_status_halaman(request, ekspor, "bansos/ekspor_status.html")


def nama_unduhan(ekspor: EksporHasil) -> str:
    cakupan = ekspor.kecamatan.nama if ekspor.kecamatan else "kota"
    program = "semua-program" if ekspor.semua_program else ekspor.periode.program.kode
    bagian = [program, ekspor.periode.nama, cakupan]
    return "hasil-verifikasi-" + "-".join(slugify(b) for b in bagian) + ".xlsx"


@peran_required(Peran.ADMIN_KECAMATAN, Peran.DINSOS)
@require_GET
def ekspor_unduh(request: HttpRequest, pk: int) -> FileResponse:
    ekspor = get_object_or_404(ekspor_for(request.user), pk=pk)
    return ekspor_unduhan(request, ekspor, nama=nama_unduhan(ekspor))


@peran_required(Peran.ADMIN_KECAMATAN, Peran.DINSOS)
@require_GET
def berita_acara(request: HttpRequest, periode_pk: int, kelurahan_pk: int) -> HttpResponse:
    kelurahan = get_object_or_404(kelurahan_for(request.user), pk=kelurahan_pk)
    periode = get_object_or_404(Periode.objects.select_related("program"), pk=periode_pk)
    data = berita_acara_data(periode=periode, kelurahan=kelurahan)
    objek_id = f"{periode.pk}/{kelurahan.pk}"
    baca_catat(request, jenis=JenisBaca.BERITA_ACARA, objek="berita_acara", objek_id=objek_id)
    response = render(request, "bansos/berita_acara.html", {"ba": data})
    if request.GET.get("unduh"):
        bagian = [kelurahan.nama, periode.program.kode, periode.nama]
        nama = "berita-acara-" + "-".join(slugify(b) for b in bagian) + ".html"
        response["Content-Disposition"] = f'attachment; filename="{nama}"'
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path("hasil/", hasil, name="hasil"),
    path("ekspor/", ekspor_minta, name="ekspor_mulai"),
    path("ekspor/<int:pk>/", ekspor_status, name="ekspor_status"),
    path("ekspor/<int:pk>/unduh/", ekspor_unduh, name="ekspor_unduh"),
    path("berita-acara/<int:periode_pk>/<int:kelurahan_pk>/", berita_acara, name="berita_acara"),
]
