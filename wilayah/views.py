from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from akun.access import peran_efektif, peran_required
from akun.models import Peran
from pendataan.area_rw import rw_titik_tetapkan
from petugas.models import Penugasan
from wilayah.forms import TitikRWForm
from wilayah.peta import batas_geojson, batas_url, peta_kelurahan, peta_titik_rw
from wilayah.selectors import (
    kecamatan_for,
    kecamatan_ringkasan,
    kelurahan_for,
    kelurahan_ringkasan,
    rw_for,
)

PERAN_WILAYAH = (Peran.ADMIN_KECAMATAN, Peran.BKPSDM, Peran.DINSOS, Peran.PIMPINAN)
# Who may see which officer serves an RW (officer data, not for aggregates-only roles).
PERAN_LIHAT_PETUGAS = {Peran.ADMIN_KECAMATAN, Peran.BKPSDM, Peran.SUPERADMIN, Peran.PETUGAS}
# Who may set an RW's point on the map: the kecamatan's admin knows its streets, BKPSDM
# places officers by it.
PERAN_TITIK_RW = (Peran.ADMIN_KECAMATAN, Peran.BKPSDM)


def _rw_dengan_status(rws):
    aktif = Penugasan.objects.filter(rw=OuterRef("pk"), selesai__isnull=True)
    return rws.annotate(terisi=Exists(aktif))


@peran_required(*PERAN_WILAYAH)
def kecamatan_list(request: HttpRequest) -> HttpResponse:
    kecamatan = kecamatan_ringkasan(kecamatan_for(request.user))
    return render(
        request,
        "wilayah/kecamatan_list.html",
        {
            "kecamatan_list": kecamatan,
            "peta": peta_titik_rw([]),
            "peta_batas": batas_url("kecamatan"),
        },
    )


@peran_required(*PERAN_WILAYAH)
def kecamatan_detail(request: HttpRequest, kode: str) -> HttpResponse:
    kecamatan = get_object_or_404(kecamatan_for(request.user), kode=kode)
    kelurahan = kelurahan_ringkasan(kelurahan_for(request.user).filter(kecamatan=kecamatan))
    return render(
        request,
        "wilayah/kecamatan_detail.html",
        {
            "kecamatan": kecamatan,
            "kelurahan_list": kelurahan,
            "peta": peta_titik_rw([]),
            "peta_batas": batas_url("kelurahan", kecamatan),
        },
    )


@peran_required(*PERAN_WILAYAH)
def kelurahan_detail(request: HttpRequest, kode: str) -> HttpResponse:
    kelurahan = get_object_or_404(kelurahan_for(request.user), kode=kode)
    rws = _rw_dengan_status(rw_for(request.user).filter(kelurahan=kelurahan))
    return render(
        request,
        "wilayah/kelurahan_detail.html",
        {
            "kelurahan": kelurahan,
            "rw_list": rws,
            "peta": peta_kelurahan([kelurahan], rws),
        },
    )


@peran_required(Peran.PETUGAS, *PERAN_WILAYAH)
def rw_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rw = get_object_or_404(rw_for(request.user), pk=pk)
    penugasan = None
    if peran_efektif(request.user) in PERAN_LIHAT_PETUGAS:
        penugasan = (
            rw.penugasan_set.filter(selesai__isnull=True).select_related("petugas__opd").first()
        )
    return render(
        request,
        "wilayah/rw_detail.html",
        {
            "rw": rw,
            "penugasan": penugasan,
            "peta": peta_kelurahan([rw.kelurahan], [rw]),
            "boleh_ubah_titik": peran_efektif(request.user) in {*PERAN_TITIK_RW, Peran.SUPERADMIN},
        },
    )


@peran_required(*PERAN_TITIK_RW)
@require_http_methods(["GET", "POST"])
def rw_titik(request: HttpRequest, pk: int) -> HttpResponse:
    """Set an RW's point by clicking the map; visits are then flagged against it."""
    rw = get_object_or_404(rw_for(request.user), pk=pk)
    awal = {"latitude": rw.latitude, "longitude": rw.longitude} if rw.latitude is not None else None
    form = TitikRWForm(request.POST or None, initial=awal)
    if request.method == "POST" and form.is_valid():
        try:
            rw_titik_tetapkan(rw=rw, oleh=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Titik %(rw)s disimpan.") % {"rw": rw})
            return redirect("wilayah:rw_detail", pk=rw.pk)
    return render(
        request,
        "wilayah/rw_titik.html",
        {"rw": rw, "form": form, "peta": peta_kelurahan([rw.kelurahan], [rw])},
    )


@require_GET
@peran_required(*PERAN_WILAYAH)
def batas(request: HttpRequest, tingkat: str) -> HttpResponse:
    """Kecamatan or kelurahan boundaries in the user's scope (of one kecamatan with
    ?kecamatan=<kode>), as GeoJSON built once per version: an ETag, and kept by the
    browser (the pages' URL carries the version)."""
    if tingkat not in ("kecamatan", "kelurahan"):
        raise Http404
    kecamatan = kecamatan_for(request.user)
    if request.GET.get("kecamatan"):
        kecamatan = kecamatan.filter(kode=request.GET["kecamatan"])
        if not kecamatan.exists():
            raise Http404
    isi, etag = batas_geojson(tingkat=tingkat, kecamatan=kecamatan)
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        response = HttpResponse(isi, content_type="application/geo+json")
    response["ETag"] = etag
    response["Cache-Control"] = "private, max-age=86400"
    return response
