"""Dinsos's ground-check tasks (usul and sanggah): the list, one by hand, a file of them."""

import dataclasses
import secrets

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from akun.access import peran_required
from akun.models import Peran
from audit.models import JenisBaca
from audit.services import baca_catat
from bansos.models import JenisTugas, Program, StatusTugas
from bansos.tugas.buat import tugas_buat, tugas_for, tugas_tempatkan_ulang
from bansos.tugas.impor import MAKS_BARIS, MAKS_UKURAN, tugas_impor
from bansos.tugas.kunjungan import hasil_tugas_teks
from bansos.tugas.periksa import SUMBER_BAKU, daftar_program, periksa_tugas
from lib.tabular import laporan_csv
from lib.unggah import BerkasForm, unggah_impor

PER_HALAMAN = 50
SESSION_LAPORAN = "tugas_impor_laporan"


class TugasForm(forms.Form):
    jenis = forms.ChoiceField(label=gettext_lazy("Jenis"), choices=JenisTugas.choices)
    sumber = forms.CharField(
        label=gettext_lazy("Sumber"),
        max_length=60,
        initial=SUMBER_BAKU[0],
        widget=forms.TextInput(attrs={"list": "sumber-baku"}),
    )
    tanggal = forms.DateField(
        label=gettext_lazy("Tanggal"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Tanggal tidak sah: tulis HH-BB-TTTT.")},
    )
    referensi = forms.CharField(
        label=gettext_lazy("Referensi (nomor tiket atau surat; kosong: dibuat portal)"),
        max_length=60,
        required=False,
    )
    nik = forms.CharField(label=gettext_lazy("NIK"), max_length=30, required=False)
    nomor_kk = forms.CharField(label=gettext_lazy("Nomor KK"), max_length=30, required=False)
    program = forms.ChoiceField(label=gettext_lazy("Program (wajib untuk sanggah)"), required=False)
    keluhan = forms.CharField(
        label=gettext_lazy("Isi keluhan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    # made when the form is shown: the reference of a task entered without one, so the
    # same form sent twice (a double tap) names the same task and is refused the second time
    kunci = forms.RegexField(regex=r"^[0-9a-f]{8}$", widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = [("", "—")] + [
            (p.kode, p.nama) for p in Program.objects.filter(aktif=True)
        ]

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        tugas, masalah = periksa_tugas(
            jenis=data["jenis"],
            sumber=data["sumber"],
            tanggal=data["tanggal"],
            referensi=data["referensi"],
            nik=data["nik"],
            nomor_kk=data["nomor_kk"],
            program=data["program"],
            keluhan=data["keluhan"],
            semua_program=daftar_program(),
        )
        if masalah:
            raise ValidationError([m[:1].upper() + m[1:] for m in masalah])
        if not tugas.referensi and data.get("kunci"):
            referensi = f"PORTAL-{tugas.tanggal:%Y%m%d}-{data['kunci'].upper()}"
            tugas = dataclasses.replace(tugas, referensi=referensi)
        data["tugas"] = tugas
        return data


@peran_required(Peran.DINSOS)
@require_GET
def tugas_daftar(request: HttpRequest) -> HttpResponse:
    """Every task by status; the unplaced ones are Dinsos's to sort out."""
    status = request.GET.get("status", "")
    tugas = tugas_for(request.user)
    jumlah = dict(
        tugas.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    if status in StatusTugas.values:
        tugas = tugas.filter(status=status)
    page = Paginator(tugas.order_by("-tanggal", "-pk"), PER_HALAMAN).get_page(
        request.GET.get("page")
    )
    for t in page:
        t.hasil_teks = hasil_tugas_teks(t)
    nomor = [n for t in page for n in (t.nik, t.nomor_kk) if n]
    if nomor:
        baca_catat(request, jenis=JenisBaca.HALAMAN, objek="tugas_lapangan", nomor=nomor)
    return render(
        request,
        "bansos/tugas_daftar.html",
        {
            "page": page,
            "status": status,
            "status_pilihan": [(s, label, jumlah.get(s, 0)) for s, label in StatusTugas.choices],
        },
    )


@peran_required(Peran.DINSOS)
@require_http_methods(["GET", "POST"])
def tugas_baru(request: HttpRequest) -> HttpResponse:
    form = TugasForm(
        request.POST if request.method == "POST" else None,
        initial={"tanggal": timezone.localdate(), "kunci": secrets.token_hex(4)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            tugas, pesan = tugas_buat(data=form.cleaned_data["tugas"], oleh=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if pesan:
                messages.warning(request, pesan)
                return redirect(
                    f"{reverse('bansos:tugas_daftar')}?status={StatusTugas.TIDAK_TERPETAKAN}"
                )
            messages.success(
                request,
                _("%(tugas)s tercatat dan tampil di daftar kerja petugas RW %(rw)s.")
                % {"tugas": tugas, "rw": tugas.keluarga.rw},
            )
            return redirect("bansos:tugas_daftar")
    return render(request, "bansos/tugas_form.html", {"form": form, "sumber_baku": SUMBER_BAKU})


@peran_required(Peran.DINSOS)
@require_POST
def tugas_tempatkan(request: HttpRequest) -> HttpResponse:
    """Place again the unplaced tasks (their family was imported since)."""
    jumlah = tugas_tempatkan_ulang()
    if jumlah:
        messages.success(
            request, _("%(n)d tugas kini ditempatkan di RW keluarganya.") % {"n": jumlah}
        )
    else:
        messages.info(
            request, _("Belum ada tugas tidak terpetakan yang NIK atau KK-nya kini dikenal.")
        )
    return redirect(f"{reverse('bansos:tugas_daftar')}?status={StatusTugas.TIDAK_TERPETAKAN}")


@peran_required(Peran.DINSOS)
@require_http_methods(["GET", "POST"])
def tugas_impor_view(request: HttpRequest) -> HttpResponse:
    form = BerkasForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        label=_("Berkas usul dan sanggah (.xlsx atau .csv)"),
        maks_bytes=MAKS_UKURAN,
    )
    hasil, laporan = unggah_impor(request, form=form, impor=tugas_impor, nama_sesi=SESSION_LAPORAN)
    if hasil is not None:
        messages.success(request, hasil.ringkasan)
    return render(
        request,
        "bansos/tugas_impor.html",
        {"form": form, "laporan": laporan, "hasil": hasil, "maks_baris": MAKS_BARIS},
    )


@peran_required(Peran.DINSOS)
@require_GET
def tugas_impor_laporan(request: HttpRequest, kunci: str) -> HttpResponse:
    response = laporan_csv(request.session, nama_sesi=SESSION_LAPORAN, kunci=kunci)
    baca_catat(request, jenis=JenisBaca.EKSPOR, objek="laporan_impor_tugas", objek_id=kunci)
    return response


urlpatterns = [
    path("tugas/", tugas_daftar, name="tugas_daftar"),
    path("tugas/baru/", tugas_baru, name="tugas_baru"),
    path("tugas/impor/", tugas_impor_view, name="tugas_impor"),
    path("tugas/tempatkan/", tugas_tempatkan, name="tugas_tempatkan"),
    path("tugas/impor/laporan/<slug:kunci>/", tugas_impor_laporan, name="tugas_impor_laporan"),
]
