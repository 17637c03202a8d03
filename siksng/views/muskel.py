"""A kelurahan's muskel: recording it (admin kecamatan of its kecamatan, or Dinsos), its
page, the berita acara to sign, and the BNBA list of the agreed changes."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from akun.access import peran_efektif, peran_required
from akun.models import Peran
from audit.models import JenisBaca
from audit.services import baca_catat
from lib.xlsx import buku_xlsx, unduhan_xlsx
from pendataan.selectors import PERAN_NIK_UTUH
from siksng.berita_acara import berita_acara_muskel
from siksng.berkas import baris_keputusan
from siksng.forms import BARIS_PESERTA, BAWAAN, MuskelForm
from siksng.models import Aksi, Keputusan, Muskel, Putusan, kunci_perubahan
from siksng.perubahan import perubahan_terbuka
from siksng.selectors import kelurahan_siksng_for, muskel_for
from siksng.services import muskel_catat
from siksng.siklus import Kalender, nama_bulan

HASIL = (Peran.ADMIN_KECAMATAN, Peran.DINSOS)


@peran_required(*HASIL)
@require_http_methods(["GET", "POST"])
def baru(request: HttpRequest, kelurahan_pk: int) -> HttpResponse:
    kelurahan = get_object_or_404(kelurahan_siksng_for(request.user), pk=kelurahan_pk)
    sekarang = timezone.now()
    kalender = Kalender.baca()
    bulan = kalender.bulan_muskel(sekarang)
    ada = Muskel.objects.filter(kelurahan=kelurahan, bulan=bulan).first()
    if ada is not None:
        # a second send of the same form lands here and changes nothing
        messages.info(
            request,
            _("Musyawarah Kelurahan %(k)s untuk berkas %(b)s sudah dicatat.")
            % {"k": kelurahan.nama, "b": nama_bulan(bulan)},
        )
        return redirect("siksng:muskel_detail", pk=ada.pk)
    perubahan = perubahan_terbuka(kelurahan=kelurahan, sampai=sekarang)
    mulai, _akhir = kalender.jendela(bulan)
    for p in perubahan:
        # approved before this month's window and never decided (no muskel last month)
        p.lama = not p.ditunda and p.kunjungan.diperiksa_at < mulai
        # what was sent, shown again with the form's errors
        p.isi = {
            isian: request.POST.get(f"{isian}_{p.kunci}", "")
            for isian in ("putusan", "aksi", "ubah", "catatan")
        }
    form = MuskelForm(request.POST if request.method == "POST" else None, perubahan=perubahan)
    if request.method == "POST" and form.is_valid():
        try:
            muskel = muskel_catat(
                kelurahan=kelurahan,
                oleh=request.user,
                data=form.masuk(),
                keputusan=form.keputusan,
                sekarang=sekarang,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Musyawarah dicatat."))
            return redirect("siksng:muskel_detail", pk=muskel.pk)
    peserta = list(
        zip(
            request.POST.getlist("peserta_nama"),
            request.POST.getlist("peserta_peran"),
            strict=False,
        )
    )
    peserta += [("", "")] * max(0, BARIS_PESERTA - len(peserta))
    konteks = {
        "kelurahan": kelurahan,
        "bulan": bulan,
        "nama_bulan": nama_bulan(bulan),
        "form": form,
        "perubahan_list": perubahan,
        "peserta": peserta,
        "Putusan": Putusan,
        "Aksi": Aksi,
        "bawaan": request.POST.get(BAWAAN, ""),
    }
    return render(request, "siksng/muskel_form.html", konteks, status=400 if form.errors else 200)


def _muskel(request: HttpRequest, pk: int) -> Muskel:
    return get_object_or_404(muskel_for(request.user), pk=pk)


@peran_required(*HASIL)
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    muskel = _muskel(request, pk)
    daftar = list(baris_keputusan(muskel.keputusan_set.all()))
    # where each postponed change went out later, if it did
    ditunda = muskel.keputusan_set.filter(putusan=Putusan.DITUNDA)
    kemudian = {}
    if ditunda:
        v_ids = [k.verifikasi_id for k in ditunda if k.verifikasi_id]
        k_ids = [k.kunjungan_id for k in ditunda if not k.verifikasi_id]
        for k in Keputusan.objects.filter(bulan__isnull=False, verifikasi_id__in=v_ids) | (
            Keputusan.objects.filter(
                bulan__isnull=False, verifikasi__isnull=True, kunjungan_id__in=k_ids
            )
        ):
            kemudian[kunci_perubahan(k.verifikasi_id, k.kunjungan_id)] = nama_bulan(k.bulan)
    kunci = {k.pk: k.kunci for k in muskel.keputusan_set.all()}
    baris = [(b, kemudian.get(kunci[b.pk], "")) for b in daftar]
    return render(
        request,
        "siksng/muskel_detail.html",
        {
            "muskel": muskel,
            "nama_bulan": nama_bulan(muskel.bulan),
            "peserta": muskel.peserta_set.all(),
            "baris_list": baris,
        },
    )


def _nama_berkas(muskel: Muskel, awal: str, akhiran: str) -> str:
    bagian = [muskel.kelurahan.nama, f"{muskel.bulan:%Y-%m}"]
    return f"{awal}-" + "-".join(slugify(b) for b in bagian) + akhiran


@peran_required(*HASIL)
@require_GET
def berita_acara(request: HttpRequest, pk: int) -> HttpResponse:
    muskel = _muskel(request, pk)
    ba = berita_acara_muskel(muskel)
    baca_catat(request, jenis=JenisBaca.BERITA_ACARA, objek=muskel)
    response = render(
        request, "siksng/berita_acara.html", {"ba": ba, "nama_bulan": nama_bulan(muskel.bulan)}
    )
    if request.GET.get("unduh"):
        nama = _nama_berkas(muskel, "berita-acara-muskel", ".html")
        response["Content-Disposition"] = f'attachment; filename="{nama}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _bnba(request: HttpRequest, muskel: Muskel):
    """The agreed changes, with whole numbers for the roles that work with them."""
    utuh = peran_efektif(request.user) in PERAN_NIK_UTUH
    daftar = [b for b in baris_keputusan(muskel.keputusan_set.all()) if b.disepakati]
    nomor = [n for b in daftar for n in (b.nik, b.nomor_kk)] if utuh else []
    baca_catat(request, jenis=JenisBaca.BERITA_ACARA, objek=muskel, nomor=nomor)
    return daftar, utuh


@peran_required(*HASIL)
@require_GET
def bnba(request: HttpRequest, pk: int) -> HttpResponse:
    muskel = _muskel(request, pk)
    daftar, utuh = _bnba(request, muskel)
    response = render(
        request,
        "siksng/bnba.html",
        {
            "muskel": muskel,
            "nama_bulan": nama_bulan(muskel.bulan),
            "daftar": daftar,
            "utuh": utuh,
            "tanggal_cetak": timezone.localdate(),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@peran_required(*HASIL)
@require_GET
def bnba_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    muskel = _muskel(request, pk)
    daftar, utuh = _bnba(request, muskel)
    kepala = [
        _("No."),
        _("NIK"),
        _("Nomor KK"),
        _("Nama"),
        _("Alamat"),
        _("RT"),
        _("RW"),
        _("Kelurahan"),
        _("Program"),
        _("Aksi"),
        _("Alasan"),
        _("Perubahan data"),
        _("Keputusan"),
        _("Diubah menjadi"),
        _("Catatan"),
    ]
    baris = (
        [
            i,
            b.nik if utuh else b.nik_samar,
            b.nomor_kk if utuh else b.kk_samar,
            b.nama,
            b.alamat,
            b.rt,
            b.rw,
            b.kelurahan,
            b.program,
            b.aksi_teks,
            b.alasan,
            b.variabel,
            b.putusan_teks,
            b.diubah_menjadi,
            b.catatan,
        ]
        for i, b in enumerate(daftar, start=1)
    )
    isi = buku_xlsx([(_("BNBA"), kepala, baris)])
    return unduhan_xlsx(isi, bagian_nama=["bnba", muskel.kelurahan.nama, f"{muskel.bulan:%Y-%m}"])


urlpatterns = [
    path("muskel/baru/<int:kelurahan_pk>/", baru, name="muskel_baru"),
    path("muskel/<int:pk>/", detail, name="muskel_detail"),
    path("muskel/<int:pk>/berita-acara/", berita_acara, name="muskel_berita_acara"),
    path("muskel/<int:pk>/bnba/", bnba, name="muskel_bnba"),
    path("muskel/<int:pk>/bnba.xlsx", bnba_xlsx, name="muskel_bnba_xlsx"),
]
