"""BKPSDM places officers: the automatic plan (preview, apply) and by hand per RW."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from akun.access import peran_required
from akun.models import Peran
from petugas.forms import AkhiriForm, RencanaForm, TempatkanForm, TerapkanForm
from petugas.models import Penugasan, Petugas, Tingkat
from petugas.selectors import kandidat_untuk_rw, penugasan_for, petugas_for, rencana_for
from petugas.services import (
    penugasan_akhiri,
    penugasan_ganti,
    penugasan_tempatkan,
    rencana_buat,
    rencana_terapkan,
)
from wilayah.models import RW
from wilayah.selectors import rw_for


def _pesan_error(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


@peran_required(Peran.BKPSDM)
def penempatan(request: HttpRequest) -> HttpResponse:
    form = RencanaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rencana = rencana_buat(
                cakupan=form.cleaned_data["cakupan"],
                kecamatan=form.cleaned_data["kecamatan"],
                oleh=request.user,
            )
        except ValidationError as exc:
            _pesan_error(request, exc)
        else:
            return redirect("petugas:rencana", pk=rencana.pk)
    rencana_list = rencana_for(request.user)[:10]
    return render(request, "petugas/penempatan.html", {"form": form, "rencana_list": rencana_list})


@peran_required(Peran.BKPSDM)
def rencana(request: HttpRequest, pk: int) -> HttpResponse:
    rencana = get_object_or_404(rencana_for(request.user), pk=pk)
    petugas = Petugas.objects.select_related("opd", "kelurahan_domisili").in_bulk(
        [b[0] for b in rencana.baris]
    )
    rw_ids = [b[1] for b in rencana.baris] + rencana.ringkasan.get("rw_kosong_ids", [])
    rws = rw_for(request.user).in_bulk(rw_ids)
    baris = [
        {
            "petugas": petugas.get(pid),
            "rw": rws.get(rw_id),
            "tingkat": Tingkat(tingkat).label,
            "jarak_m": jarak,
        }
        for pid, rw_id, tingkat, jarak in rencana.baris
    ]
    baris.sort(key=lambda b: (b["rw"].kelurahan.kode, b["rw"].nomor) if b["rw"] else ("", 0))
    kosong = [rws[i] for i in rencana.ringkasan.get("rw_kosong_ids", []) if i in rws]
    return render(
        request,
        "petugas/rencana.html",
        {
            "rencana": rencana,
            "baris": baris,
            "kosong": kosong,
            "ringkasan": rencana.ringkasan,
            "form": TerapkanForm(),
        },
    )


@never_cache
@require_POST
@peran_required(Peran.BKPSDM)
def rencana_terapkan_view(request: HttpRequest, pk: int) -> HttpResponse:
    rencana = get_object_or_404(rencana_for(request.user), pk=pk)
    form = TerapkanForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nomor SK wajib diisi."))
        return redirect("petugas:rencana", pk=pk)
    try:
        akun_baru = rencana_terapkan(
            rencana=rencana, nomor_sk=form.cleaned_data["nomor_sk"], oleh=request.user
        )
    except ValidationError as exc:
        _pesan_error(request, exc)
        return redirect("petugas:rencana", pk=pk)
    messages.success(request, _("%(n)d petugas ditempatkan.") % {"n": len(rencana.baris)})
    return render(request, "petugas/akun_baru.html", {"akun_baru": akun_baru})


@peran_required(Peran.BKPSDM)
def rw(request: HttpRequest, pk: int) -> HttpResponse:
    """One RW: its officer, its history, and (when vacant) the suitable candidates."""
    rw = get_object_or_404(rw_for(request.user), pk=pk)
    riwayat = list(penugasan_for(request.user).filter(rw=rw).order_by("-mulai", "-pk"))
    aktif = next((p for p in riwayat if p.aktif), None)
    ranking = [(p, Tingkat(t).label, m) for p, t, m in kandidat_untuk_rw(rw=rw)]
    pilihan = petugas_for(request.user).filter(pk__in=[p.pk for p, _, _ in ranking])
    return render(
        request,
        "petugas/rw.html",
        {
            "rw": rw,
            "aktif": aktif,
            "riwayat": riwayat,
            "ranking": ranking,
            "form": TempatkanForm(petugas=pilihan),
            "akhiri_form": AkhiriForm(),
        },
    )


def _tempatkan_atau_ganti(request: HttpRequest, rw: RW, aktif: Penugasan | None) -> HttpResponse:
    ranking = kandidat_untuk_rw(rw=rw, batas=10_000)
    form = TempatkanForm(
        request.POST, petugas=petugas_for(request.user).filter(pk__in=[p.pk for p, _, _ in ranking])
    )
    if not form.is_valid():
        messages.error(request, _("Pilih petugas dari daftar, lalu isi nomor SK dan alasan."))
        return redirect("petugas:rw", pk=rw.pk)
    data = form.cleaned_data
    try:
        if aktif is None:
            penugasan, sandi = penugasan_tempatkan(
                petugas=data["petugas"],
                rw=rw,
                oleh=request.user,
                nomor_sk=data["nomor_sk"],
                alasan=data["alasan"],
            )
        else:
            penugasan, sandi = penugasan_ganti(
                penugasan=aktif,
                petugas_baru=data["petugas"],
                oleh=request.user,
                nomor_sk=data["nomor_sk"],
                alasan=data["alasan"],
            )
    except ValidationError as exc:
        _pesan_error(request, exc)
        return redirect("petugas:rw", pk=rw.pk)
    messages.success(
        request,
        _("%(nama)s ditempatkan di %(rw)s.") % {"nama": penugasan.petugas.nama, "rw": rw},
    )
    if sandi:
        return render(
            request, "petugas/akun_baru.html", {"akun_baru": [(penugasan.petugas, sandi)]}
        )
    return redirect("petugas:rw", pk=rw.pk)


@never_cache
@require_POST
@peran_required(Peran.BKPSDM)
def rw_tempatkan(request: HttpRequest, pk: int) -> HttpResponse:
    rw = get_object_or_404(rw_for(request.user), pk=pk)
    return _tempatkan_atau_ganti(request, rw, None)


@never_cache
@require_POST
@peran_required(Peran.BKPSDM)
def penugasan_ganti_view(request: HttpRequest, pk: int) -> HttpResponse:
    aktif = get_object_or_404(penugasan_for(request.user).filter(selesai__isnull=True), pk=pk)
    return _tempatkan_atau_ganti(request, aktif.rw, aktif)


@require_POST
@peran_required(Peran.BKPSDM)
def penugasan_akhiri_view(request: HttpRequest, pk: int) -> HttpResponse:
    penugasan = get_object_or_404(penugasan_for(request.user), pk=pk)
    form = AkhiriForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Alasan mengakhiri penempatan wajib diisi."))
    else:
        try:
            penugasan_akhiri(
                penugasan=penugasan,
                alasan=form.cleaned_data["alasan"],
                oleh=request.user,
                petugas_berhenti=form.cleaned_data["petugas_berhenti"],
            )
        except ValidationError as exc:
            _pesan_error(request, exc)
        else:
            messages.success(
                request,
                _("Penempatan %(nama)s di %(rw)s diakhiri; RW ini kini kosong.")
                % {"nama": penugasan.petugas.nama, "rw": penugasan.rw},
            )
    return redirect("petugas:rw", pk=penugasan.rw_id)


urlpatterns = [
    path("penempatan/", penempatan, name="penempatan"),
    path("penempatan/<int:pk>/", rencana, name="rencana"),
    path("penempatan/<int:pk>/terapkan/", rencana_terapkan_view, name="rencana_terapkan"),
    path("rw/<int:pk>/", rw, name="rw"),
    path("rw/<int:pk>/tempatkan/", rw_tempatkan, name="rw_tempatkan"),
    path("penugasan/<int:pk>/ganti/", penugasan_ganti_view, name="penugasan_ganti"),
    path("penugasan/<int:pk>/akhiri/", penugasan_akhiri_view, name="penugasan_akhiri"),
]
