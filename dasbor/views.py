"""The admin kecamatan's dashboard: progress per kelurahan and RW, officer activity, maps.

Every figure comes from the summary rows (dasbor.models), scoped by the selectors;
the drill-down goes kecamatan -> kelurahan -> RW -> the RW's families.
"""

from __future__ import annotations

import datetime
import math

from django.core.paginator import Paginator
from django.db.models import OuterRef
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from akun.access import peran_required
from akun.models import Peran
from bansos.models import Periode
from dasbor.models import RingkasanRW
from dasbor.selectors import (
    dasbor_hitung,
    kunjungan_per_hari,
    periode_pilihan,
    ringkasan_penerima_for,
    ringkasan_rw_for,
    rw_diam,
    titik_kunjungan,
)
from dasbor.tembolok import cakupan_saya, halaman_tersimpan
from lib.grafik import batang_hari
from lib.kueri import ExistsPerBaris
from pendataan.models import Kunjungan, StatusKunjungan
from pendataan.selectors import keluarga_for, kepala_dan_jumlah, kunjungan_for
from wilayah.models import Kecamatan
from wilayah.peta import batas_url, peta_titik_rw
from wilayah.selectors import kecamatan_for, kelurahan_for, rw_for

PERAN_DASBOR = (Peran.ADMIN_KECAMATAN,)  # and superadmin


def warna_kemajuan(persen: int | None) -> str:
    """An RW point's colour by the share of its families visited."""
    if not persen:
        return "#c0392b"  # none yet (or no family): red
    if persen < 50:
        return "#e67e22"
    if persen < 100:
        return "#d4ac0d"
    return "#0b7a3e"


def _peta_rw(rw_list: list[RingkasanRW]) -> dict:
    """RW points (no polygon) coloured by progress, each linking to its dashboard page."""
    for r in rw_list:
        r.rw.warna = warna_kemajuan(r.persen_dikunjungi)
    return peta_titik_rw([r.rw for r in rw_list], lambda rw: reverse("dasbor:rw", args=[rw.pk]))


def _periode_konteks(request: HttpRequest) -> dict:
    periode_list, dipilih = periode_pilihan(request.GET.get("periode"))
    return {
        "periode_list": periode_list,
        "periode_dipilih": dipilih,
        "periode_semua": Periode.objects.select_related("program").order_by(
            "program__nama", "-mulai"
        ),
        "periode_ids": [p.pk for p in periode_list],
    }


def kecamatan_konteks(request: HttpRequest, kecamatan: Kecamatan) -> dict:
    """The kecamatan dashboard's context (its page, and the admin's home page)."""
    periode = _periode_konteks(request)
    ringkasan = ringkasan_rw_for(request.user).filter(kecamatan=kecamatan)
    penerima = ringkasan_penerima_for(request.user).filter(kecamatan=kecamatan)
    dasbor = dasbor_hitung(ringkasan, penerima, periode["periode_ids"])
    kelurahan = list(kelurahan_for(request.user).filter(kecamatan=kecamatan).select_related(None))
    for k in kelurahan:
        k.kemajuan = dasbor.per_kelurahan.get(k.pk)
    rw_ids = [r.rw_id for r in dasbor.rw_list]
    per_hari = kunjungan_per_hari(kecamatan=kecamatan, rw_ids=rw_ids)
    mulai = min((p.mulai for p in periode["periode_list"]), default=None)
    return {
        **periode,
        "kecamatan": kecamatan,
        "dasbor": dasbor,
        "kelurahan_list": kelurahan,
        "grafik": batang_hari(per_hari),
        "rw_diam": rw_diam(dasbor.rw_list),
        "rw_kosong": [r for r in dasbor.rw_list if r.petugas_id is None],
        "peta": _peta_rw(dasbor.rw_list),
        "peta_batas": batas_url("kelurahan", kecamatan),
        "titik_url": reverse("dasbor:titik", args=[kecamatan.kode])
        + (f"?mulai={mulai.isoformat()}" if mulai else ""),
    }


@require_GET
@peran_required(*PERAN_DASBOR)
@halaman_tersimpan(cakupan_saya, per_menit=True)
def kecamatan(request: HttpRequest, kode: str) -> HttpResponse:
    kecamatan = get_object_or_404(kecamatan_for(request.user), kode=kode)
    return render(request, "dasbor/kecamatan.html", kecamatan_konteks(request, kecamatan))


@require_GET
@peran_required(*PERAN_DASBOR)
@halaman_tersimpan(cakupan_saya, per_menit=True)
def kelurahan(request: HttpRequest, kode: str) -> HttpResponse:
    kelurahan = get_object_or_404(kelurahan_for(request.user), kode=kode)
    periode = _periode_konteks(request)
    dasbor = dasbor_hitung(
        ringkasan_rw_for(request.user).filter(kelurahan=kelurahan),
        ringkasan_penerima_for(request.user).filter(rw__kelurahan=kelurahan),
        periode["periode_ids"],
    )
    for r in dasbor.rw_list:
        r.kemajuan = dasbor.per_rw[r.rw_id]
    return render(
        request,
        "dasbor/kelurahan.html",
        {
            **periode,
            "kelurahan": kelurahan,
            "dasbor": dasbor,
            "rw_diam_ids": {r.rw_id for r in rw_diam(dasbor.rw_list)},
            "peta": _peta_rw(dasbor.rw_list),
        },
    )


@require_GET
@peran_required(*PERAN_DASBOR)
@halaman_tersimpan(cakupan_saya, per_menit=True)
def rw(request: HttpRequest, pk: int) -> HttpResponse:
    """An RW's figures and its families, each with whether it was visited."""
    rw = get_object_or_404(rw_for(request.user), pk=pk)
    periode = _periode_konteks(request)
    dasbor = dasbor_hitung(
        ringkasan_rw_for(request.user).filter(rw=rw),
        ringkasan_penerima_for(request.user).filter(rw=rw),
        periode["periode_ids"],
    )
    ringkasan = dasbor.rw_list[0] if dasbor.rw_list else None
    dikunjungi = Kunjungan.objects.filter(keluarga=OuterRef("pk")).exclude(
        status=StatusKunjungan.DITOLAK
    )
    keluarga = (
        keluarga_for(request.user)
        .filter(rw=rw)
        .select_related(None)
        .annotate(sudah=ExistsPerBaris(dikunjungi))
        .order_by("rt", "alamat", "pk")
    )
    page = Paginator(keluarga, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "dasbor/rw.html",
        {
            **periode,
            "rw": rw,
            "ringkasan": ringkasan,
            "kemajuan": dasbor.per_rw.get(rw.pk),
            "diam": bool(ringkasan and rw_diam([ringkasan])),
            "page": page,
            "kepala": kepala_dan_jumlah(page.object_list),
        },
    )


def _angka(teks: str | None, bawaan: float, batas: tuple[float, float]) -> float:
    try:
        nilai = float(teks)
    except (TypeError, ValueError):
        return bawaan
    if not math.isfinite(nilai):  # "nan" parses, and no bound holds it
        return bawaan
    return min(max(nilai, batas[0]), batas[1])


@require_GET
@peran_required(*PERAN_DASBOR)
@halaman_tersimpan(cakupan_saya, per_menit=True)
def titik(request: HttpRequest, kode: str) -> JsonResponse:
    """The kecamatan's visit points, grouped by a grid fitting the map's zoom (JSON)."""
    kecamatan = get_object_or_404(kecamatan_for(request.user), kode=kode)
    rw_ids = list(
        ringkasan_rw_for(request.user).filter(kecamatan=kecamatan).values_list("rw_id", flat=True)
    )
    try:
        mulai = datetime.date.fromisoformat(request.GET.get("mulai", ""))
    except ValueError:
        mulai = None
    zoom = int(_angka(request.GET.get("zoom"), 13, (0, 20)))
    kotak = None
    bagian = request.GET.get("kotak", "").split(",")
    if len(bagian) == 4:
        s, w, n, e = (_angka(b, 0, (-180, 180)) for b in bagian)
        kotak = (s, w, n, e)
    sel = titik_kunjungan(rw_ids=rw_ids, mulai=mulai, zoom=zoom, kotak=kotak)
    satu = {s["kunjungan"]: s for s in sel if "kunjungan" in s}
    for pk, uuid in kunjungan_for(request.user).filter(pk__in=list(satu)).values_list("pk", "uuid"):
        satu[pk]["url"] = reverse("pendataan:kunjungan_detail", args=[uuid])
    for s in sel:
        s.pop("kunjungan", None)
    response = JsonResponse({"sel": sel, "diperbarui": timezone.now().isoformat()})
    response["Cache-Control"] = "private, max-age=60"
    return response
