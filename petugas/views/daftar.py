"""BKPSDM's pages on officers: the list, one officer, OPD quotas, the map."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from akun.access import peran_required
from akun.models import Peran
from dasbor.tembolok import cakupan_saya, halaman_tersimpan
from petugas.forms import AkhiriForm, OPDForm, PetugasFilter
from petugas.models import OPD, Penugasan
from petugas.selectors import opd_for, penugasan_for, petugas_for
from petugas.services import opd_simpan, petugas_set_tersedia, sandi_petugas_reset
from wilayah.peta import batas_url, peta_titik_rw
from wilayah.selectors import kecamatan_for, rw_for


@peran_required(Peran.BKPSDM)
@halaman_tersimpan(cakupan_saya)
def daftar(request: HttpRequest) -> HttpResponse:
    aktif = Penugasan.objects.filter(selesai__isnull=True).select_related("rw__kelurahan")
    petugas = petugas_for(request.user).prefetch_related(
        Prefetch("penugasan_set", queryset=aktif, to_attr="penugasan_aktif")
    )
    filterset = PetugasFilter(request.GET, queryset=petugas.order_by("nama", "pk"))
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    fragmen = request.htmx and not request.htmx.history_restore_request
    template = "petugas/daftar.html#tabel" if fragmen else "petugas/daftar.html"
    response = render(request, template, {"filter": filterset, "page": page})
    patch_vary_headers(response, ["HX-Request"])
    return response


@peran_required(Peran.BKPSDM)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    petugas = get_object_or_404(petugas_for(request.user), pk=pk)
    riwayat = penugasan_for(request.user).filter(petugas=petugas).order_by("-mulai", "-pk")
    aktif = next((p for p in riwayat if p.aktif), None)
    return render(
        request,
        "petugas/detail.html",
        {"petugas": petugas, "riwayat": riwayat, "aktif": aktif, "akhiri_form": AkhiriForm()},
    )


@require_POST
@peran_required(Peran.BKPSDM)
def tersedia(request: HttpRequest, pk: int) -> HttpResponse:
    petugas = get_object_or_404(petugas_for(request.user), pk=pk)
    petugas_set_tersedia(petugas=petugas, tersedia=request.POST.get("tersedia") == "1")
    messages.success(request, _("Status kesediaan %(nama)s disimpan.") % {"nama": petugas.nama})
    return redirect("petugas:detail", pk=pk)


@never_cache
@require_POST
@peran_required(Peran.BKPSDM)
def reset_sandi(request: HttpRequest, pk: int) -> HttpResponse:
    petugas = get_object_or_404(petugas_for(request.user), pk=pk)
    try:
        sandi = sandi_petugas_reset(petugas=petugas, oleh=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("petugas:detail", pk=pk)
    return render(request, "petugas/akun_baru.html", {"akun_baru": [(petugas, sandi)]})


def _opd_simpan(request: HttpRequest, form: OPDForm, opd: OPD | None) -> OPD | None:
    if not form.is_valid():
        return None
    try:
        return opd_simpan(opd=opd, **form.cleaned_data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@peran_required(Peran.BKPSDM)
def opd_list(request: HttpRequest) -> HttpResponse:
    form = OPDForm(request.POST or None)
    if request.method == "POST" and (opd := _opd_simpan(request, form, None)):
        messages.success(request, _("OPD %(nama)s disimpan.") % {"nama": opd.nama})
        return redirect("petugas:opd_list")
    opd = opd_for(request.user).order_by("nama")
    return render(request, "petugas/opd_list.html", {"opd_list": opd, "form": form})


@peran_required(Peran.BKPSDM)
def opd_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    opd = get_object_or_404(opd_for(request.user), pk=pk)
    form = OPDForm(
        request.POST or None,
        initial={"nama": opd.nama, "singkatan": opd.singkatan, "kuota": opd.kuota},
    )
    if request.method == "POST" and _opd_simpan(request, form, opd):
        messages.success(request, _("OPD %(nama)s disimpan.") % {"nama": opd.nama})
        return redirect("petugas:opd_list")
    return render(request, "petugas/opd_ubah.html", {"opd": opd, "form": form})


@peran_required(Peran.BKPSDM)
@halaman_tersimpan(cakupan_saya)
def peta(request: HttpRequest) -> HttpResponse:
    """RWs filled (green) and vacant (red), one kecamatan at a time or the whole city."""
    kecamatan = None
    if request.GET.get("kecamatan"):
        kecamatan = get_object_or_404(kecamatan_for(request.user), kode=request.GET["kecamatan"])
    rws = rw_for(request.user).select_related(None).only("pk", "nomor", "latitude", "longitude")
    if kecamatan:
        rws = rws.filter(kelurahan__kecamatan=kecamatan)
    rws = rws.annotate(
        terisi=Exists(Penugasan.objects.filter(rw=OuterRef("pk"), selesai__isnull=True))
    )
    # points only: the kelurahan outlines come from their own cached URL
    data = peta_titik_rw(rws, rw_url=lambda rw: reverse("petugas:rw", args=[rw.pk]))
    terisi = sum(1 for f in data["features"] if f["properties"].get("terisi"))
    titik = sum(1 for f in data["features"] if f["geometry"]["type"] == "Point")
    return render(
        request,
        "petugas/peta.html",
        {
            "peta": data,
            "peta_batas": batas_url("kelurahan", kecamatan),
            "kecamatan": kecamatan,
            "kecamatan_list": kecamatan_for(request.user),
            "terisi": terisi,
            "kosong": titik - terisi,
        },
    )


urlpatterns = [
    path("", daftar, name="daftar"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/reset-sandi/", reset_sandi, name="reset_sandi"),
    path("<int:pk>/tersedia/", tersedia, name="tersedia"),
    path("opd/", opd_list, name="opd_list"),
    path("opd/<int:pk>/", opd_ubah, name="opd_ubah"),
    path("peta/", peta, name="peta"),
]
