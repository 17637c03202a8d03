"""The month's overview (Dinsos: the city; admin kecamatan: their kelurahan), the cut-off
day, closing a month, and the month's SIKS-NG XLSX (built by Celery: siksng/ekspor.py)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from akun.access import peran_efektif, peran_required
from akun.models import Peran
from lib.ekspor import ekspor_status_halaman, ekspor_unduhan
from siksng.ekspor import ekspor_bulan_mulai
from siksng.forms import PengaturanForm
from siksng.models import BulanSiksng, EksporSiksng
from siksng.selectors import (
    PERAN_SIKSNG_SEKOTA,
    ekspor_siksng_for,
    kelurahan_siksng_for,
    muskel_dengan_jumlah,
    muskel_for,
    terbuka_per_kelurahan,
)
from siksng.services import bulan_tutup, pengaturan_ubah
from siksng.siklus import Kalender, bulan_geser, hari_batas_berlaku, nama_bulan

EKSPOR_TERAKHIR = 5


# the months a page may name: the calendar steps a month either side of the one shown,
# which a year 1 or 9999 would take past what a date holds
TAHUN_BOLEH = range(2000, 2101)


def _bulan_dari(teks: str) -> datetime.date | None:
    try:
        pilihan = datetime.datetime.strptime(teks, "%Y-%m").date()
    except ValueError:
        return None
    return pilihan if pilihan.year in TAHUN_BOLEH else None


def _bulan_url(tahun: int, bulan: int) -> datetime.date:
    if tahun not in TAHUN_BOLEH:
        raise Http404
    try:
        return datetime.date(tahun, bulan, 1)
    except ValueError:
        raise Http404 from None


@peran_required(Peran.ADMIN_KECAMATAN, Peran.DINSOS)
@require_GET
def bulan(request: HttpRequest) -> HttpResponse:
    sekarang = timezone.now()
    kalender = Kalender.baca()
    bulan_ini = kalender.bulan_muskel(sekarang)
    pilihan = bulan_ini
    if request.GET.get("bulan"):
        pilihan = _bulan_dari(request.GET["bulan"])
        if pilihan is None:
            messages.error(request, _("Bulan tidak dikenali; ditampilkan bulan berjalan."))
            pilihan = bulan_ini
    tutup = None
    if pilihan in kalender.ditutup:
        tutup = BulanSiksng.objects.select_related("ditutup_oleh").get(bulan=pilihan)
    kelurahan = kelurahan_siksng_for(request.user).order_by("kecamatan__nama", "nama")
    muskel = {
        m.kelurahan_id: m
        for m in muskel_dengan_jumlah(muskel_for(request.user).filter(bulan=pilihan))
    }
    # what is still open counts for the month a muskel is recorded for now (whose window
    # holds now, or is later: everything approved until now is open for it)
    terbuka = terbuka_per_kelurahan(kelurahan) if pilihan == bulan_ini else {}
    baris = [(k, muskel.get(k.pk), terbuka.get(k.pk, 0)) for k in kelurahan]
    mulai, akhir = kalender.jendela(pilihan)
    konteks = {
        "bulan": pilihan,
        "nama_bulan": nama_bulan(pilihan),
        "bulan_ini": bulan_ini,
        "sebelum": bulan_geser(pilihan, -1),
        "sesudah": bulan_geser(pilihan, 1),
        "tutup": tutup,
        "hari_batas": kalender.hari_batas(pilihan),
        "mulai": mulai,
        "akhir": akhir - datetime.timedelta(seconds=1),
        "boleh_tutup": tutup is None and sekarang >= kalender.batas(pilihan),
        "baris_list": baris,
        "jumlah_muskel": len(muskel),
        "jumlah_disepakati": sum(m.jumlah_disepakati for m in muskel.values()),
        "jumlah_ditunda": sum(m.jumlah_ditunda for m in muskel.values()),
        "jumlah_terbuka": sum(terbuka.values()),
        "sekota": peran_efektif(request.user) in PERAN_SIKSNG_SEKOTA,
        "ekspor_list": ekspor_siksng_for(request.user).filter(bulan=pilihan)[:EKSPOR_TERAKHIR],
    }
    return render(request, "siksng/bulan.html", konteks)


@peran_required(Peran.DINSOS)
@require_http_methods(["GET", "POST"])
def pengaturan(request: HttpRequest) -> HttpResponse:
    form = PengaturanForm(
        request.POST if request.method == "POST" else None,
        initial={"hari_batas": hari_batas_berlaku()},
    )
    if request.method == "POST" and form.is_valid():
        pengaturan_ubah(hari_batas=form.cleaned_data["hari_batas"], oleh=request.user)
        messages.success(
            request,
            _("Tanggal batas disimpan: tanggal %(h)s setiap bulan.")
            % {"h": form.cleaned_data["hari_batas"]},
        )
        return redirect("siksng:pengaturan")
    ditutup = BulanSiksng.objects.select_related("ditutup_oleh")[:12]
    return render(request, "siksng/pengaturan.html", {"form": form, "ditutup": ditutup})


@peran_required(Peran.DINSOS)
@require_POST
def tutup(request: HttpRequest, tahun: int, bulan: int) -> HttpResponse:
    pilihan = _bulan_url(tahun, bulan)
    try:
        bulan_tutup(bulan=pilihan, oleh=request.user)
    except ValidationError as exc:
        for pesan in exc.messages:
            messages.error(request, pesan)
    else:
        messages.success(
            request, _("Berkas %(b)s ditutup; isinya tetap.") % {"b": nama_bulan(pilihan)}
        )
    return redirect(f"{reverse('siksng:bulan')}?bulan={pilihan:%Y-%m}")


@peran_required(Peran.ADMIN_KECAMATAN, Peran.DINSOS)
@require_POST
def ekspor_minta(request: HttpRequest, tahun: int, bulan: int) -> HttpResponse:
    """Ask for the month's SIKS-NG XLSX: the city's for Dinsos (whole numbers), the
    kecamatan's for its admin (masked). Built by Celery; the status page follows it."""
    pilihan = _bulan_url(tahun, bulan)
    ekspor, baru = ekspor_bulan_mulai(bulan=pilihan, oleh=request.user)
    if not baru:
        messages.info(request, _("Berkas yang sama sedang disusun; tunggu sampai selesai."))
    return redirect("siksng:ekspor_status", pk=ekspor.pk)


@peran_required(Peran.ADMIN_KECAMATAN, Peran.DINSOS)
@require_GET
def ekspor_status(request: HttpRequest, pk: int) -> HttpResponse:
    ekspor = get_object_or_404(ekspor_siksng_for(request.user), pk=pk)
    return ekspor_status_halaman(
        request, ekspor, "siksng/ekspor_status.html", nama_bulan=nama_bulan(ekspor.bulan)
    )


def nama_unduhan(ekspor: EksporSiksng) -> str:
    """ "siksng-2026-11.xlsx" for the city, "siksng-2026-11-binawidya.xlsx" for a
    kecamatan; "-draf" while the month is open (the file may still grow)."""
    bagian = [f"siksng-{ekspor.bulan:%Y-%m}"]
    if ekspor.kecamatan is not None:
        bagian.append(slugify(ekspor.kecamatan.nama))
    if not BulanSiksng.objects.filter(bulan=ekspor.bulan).exists():
        bagian.append("draf")
    return "-".join(bagian) + ".xlsx"


@peran_required(Peran.ADMIN_KECAMATAN, Peran.DINSOS)
@require_GET
def ekspor_unduh(request: HttpRequest, pk: int) -> FileResponse:
    ekspor = get_object_or_404(ekspor_siksng_for(request.user), pk=pk)
    return ekspor_unduhan(request, ekspor, nama=nama_unduhan(ekspor))


urlpatterns = [
    path("", bulan, name="bulan"),
    path("pengaturan/", pengaturan, name="pengaturan"),
    path("bulan/<int:tahun>/<int:bulan>/tutup/", tutup, name="bulan_tutup"),
    path("bulan/<int:tahun>/<int:bulan>/ekspor/", ekspor_minta, name="bulan_ekspor"),
    path("ekspor/<int:pk>/", ekspor_status, name="ekspor_status"),
    path("ekspor/<int:pk>/unduh/", ekspor_unduh, name="ekspor_unduh"),
]
