"""The data-protection officer's pages (and superadmin's): the audit of changes, the read
log, the data-subject report and residents' requests. Every other role gets 403."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from akun.access import peran_required
from akun.models import Peran
from audit.forms import (
    NikForm,
    PermintaanForm,
    SaringAuditForm,
    SaringBacaForm,
    TutupForm,
)
from audit.laporan import laporan_subjek
from audit.models import JenisBaca
from audit.selectors import (
    audit_for,
    audit_saring,
    log_baca_for,
    log_baca_saring,
    permintaan_for,
    permintaan_terlambat,
    samarkan_kecuali,
)
from audit.services import baca_catat, permintaan_catat, permintaan_tutup
from lib.halaman import halaman_tanpa_hitung

PER_HALAMAN = 50


def _perubahan_tampil(entri, nik: str) -> list[tuple[str, str, str]]:
    """(field, before, after) of an entry, NIKs and KKs masked but the one searched."""
    baris = []
    for kolom, nilai in (entri.changes or {}).items():
        lama, baru = nilai if isinstance(nilai, list) and len(nilai) == 2 else ("", nilai)
        baris.append((kolom, samarkan_kecuali(str(lama), nik), samarkan_kecuali(str(baru), nik)))
    return baris


@peran_required(Peran.PDP)
def log_perubahan(request: HttpRequest) -> HttpResponse:
    form = SaringAuditForm(request.GET or None)
    entri = audit_for(request.user)
    nik = ""
    if form.is_valid():
        nik = form.cleaned_data["nik"]
        entri = audit_saring(entri, **form.cleaned_data)
    halaman = halaman_tanpa_hitung(entri, nomor=request.GET.get("page"), per=PER_HALAMAN)
    for e in halaman.baris:
        e.tampil = _perubahan_tampil(e, nik)
        e.repr_tampil = samarkan_kecuali(e.object_repr, nik)
    if nik:  # the officer searched a whole NIK: that search is itself a sensitive read
        baca_catat(request, jenis=JenisBaca.HALAMAN, objek="audit", nomor=[nik])
    return render(request, "audit/log_perubahan.html", {"form": form, "halaman": halaman})


@peran_required(Peran.PDP)
def log_baca(request: HttpRequest) -> HttpResponse:
    form = SaringBacaForm(request.GET or None)
    baris = log_baca_for(request.user)
    nomor = ""
    if form.is_valid():
        nomor = form.cleaned_data["nomor"]
        baris = log_baca_saring(baris, **form.cleaned_data)
    halaman = halaman_tanpa_hitung(baris, nomor=request.GET.get("page"), per=PER_HALAMAN)
    for b in halaman.baris:
        b.nomor_tampil = samarkan_kecuali(b.nomor, nomor)
    return render(request, "audit/log_baca.html", {"form": form, "halaman": halaman})


@peran_required(Peran.PDP)
def laporan(request: HttpRequest) -> HttpResponse:
    form = NikForm(request.GET or None)
    isi = None
    if form.is_valid():
        nik = form.cleaned_data["nik"]
        isi = laporan_subjek(nik=nik)
        for e in isi.perubahan:
            e.tampil = _perubahan_tampil(e, nik)
            e.repr_tampil = samarkan_kecuali(e.object_repr, nik)
        baca_catat(request, jenis=JenisBaca.LAPORAN, objek="laporan_subjek", nomor=[nik])
    response = render(request, "audit/laporan.html", {"form": form, "laporan": isi})
    response["Cache-Control"] = "no-store"
    return response


@peran_required(Peran.PDP)
def permintaan_daftar(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = PermintaanForm(request.POST)
        if form.is_valid():
            try:
                permintaan_catat(**form.cleaned_data, oleh=request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Permintaan dicatat; tenggatnya 3 × 24 jam."))
                return redirect("audit:permintaan_daftar")
    else:
        form = PermintaanForm()
    semua = permintaan_for(request.user)
    terlambat = request.GET.get("saring") == "terlambat"
    daftar = permintaan_terlambat(semua) if terlambat else semua
    halaman = halaman_tanpa_hitung(daftar, nomor=request.GET.get("page"), per=PER_HALAMAN)
    sekarang = timezone.now()
    for p in halaman.baris:
        p.nik_tampil = samarkan_kecuali(p.nik)
        p.terlambat = p.ditutup_at is None and p.tenggat < sekarang
    return render(
        request,
        "audit/permintaan.html",
        {
            "form": form,
            "halaman": halaman,
            "terlambat": terlambat,
            "jumlah_terlambat": permintaan_terlambat(semua).count(),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@peran_required(Peran.PDP)
def permintaan_tutup_view(request: HttpRequest, pk: int) -> HttpResponse:
    permintaan = get_object_or_404(permintaan_for(request.user), pk=pk)
    form = TutupForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tuliskan hasil penanganan permintaan."))
        return redirect("audit:permintaan_daftar")
    try:
        permintaan_tutup(permintaan=permintaan, hasil=form.cleaned_data["hasil"], oleh=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Permintaan ditutup."))
    return redirect("audit:permintaan_daftar")
