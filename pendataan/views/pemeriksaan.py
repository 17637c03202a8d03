"""The admin kecamatan's review queue and actions; the officer's fix of a returned visit."""

import uuid as uuidlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from akun.access import peran_required
from akun.models import Peran
from bansos.desil import di_atas_desil
from bansos.models import Verifikasi
from dasbor.tembolok import cakupan_saya, halaman_tersimpan
from pendataan import pemeriksaan
from pendataan.models import AnggotaKeluarga, Hubungan, JenisFoto, StatusKunjungan
from pendataan.selectors import kunjungan_for
from pendataan.variabel import jumlah_perubahan
from petugas.selectors import penugasan_aktif_for
from wilayah.selectors import kelurahan_for

PER_HALAMAN = 30
MAKS_MASSAL = 100


def _antrean(request: HttpRequest):
    status = request.GET.get("status") or StatusKunjungan.DIKIRIM
    if status not in StatusKunjungan.values:
        status = StatusKunjungan.DIKIRIM
    kunjungan = kunjungan_for(request.user).filter(status=status)
    kelurahan = request.GET.get("kelurahan", "")
    if kelurahan.isdigit():
        kunjungan = kunjungan.filter(rw__kelurahan_id=int(kelurahan))
    if request.GET.get("tanda") == "ada":
        kunjungan = kunjungan.filter(jumlah_bendera__gt=0)
    elif request.GET.get("tanda") == "bersih":
        kunjungan = kunjungan.filter(jumlah_bendera=0)
    # anomalies first, then the oldest: what waits longest is reviewed next
    kunjungan = kunjungan.order_by("-jumlah_bendera", "created_at", "pk").prefetch_related(
        Prefetch(
            "verifikasi_set",
            queryset=Verifikasi.objects.select_related(
                "periode__program", "anggota", "penerima__anggota", "penerima__terdaftar"
            ),
        ),
        Prefetch(
            "keluarga__anggota_set",
            queryset=AnggotaKeluarga.objects.filter(hubungan=Hubungan.KEPALA),
            to_attr="kepala",
        ),
        "foto_set",
    )
    return kunjungan, status


@peran_required(Peran.ADMIN_KECAMATAN)
@require_GET
@halaman_tersimpan(cakupan_saya)
def antrean(request: HttpRequest) -> HttpResponse:
    """The visits waiting for review: flagged ones first."""
    kunjungan, status = _antrean(request)
    page = Paginator(kunjungan, PER_HALAMAN).get_page(request.GET.get("page"))
    for k in page:
        ada = {str(f.foto_uuid) for f in k.foto_set.all()}
        k.foto_lengkap = all(f["uuid"] in ada for f in k.foto_diharapkan)
        k.bersih = pemeriksaan.kunjungan_bersih(k)
        k.perubahan_variabel = jumlah_perubahan(k.variabel)
        for v in k.verifikasi_set.all():  # who each finding is about, named on its chip
            v.orang = (v.penerima.anggota or v.penerima.terdaftar) if v.penerima else v.anggota
            v.di_atas_desil = di_atas_desil(k.keluarga.desil, v.periode.program.batas_desil)
    fragmen = request.htmx and not request.htmx.history_restore_request
    template = "pendataan/antrean.html#daftar" if fragmen else "pendataan/antrean.html"
    response = render(
        request,
        template,
        {
            "page": page,
            "status": status,
            "status_pilihan": StatusKunjungan.choices,
            "kelurahan_list": kelurahan_for(request.user).select_related(None).only("pk", "nama"),
            "kelurahan": request.GET.get("kelurahan", ""),
            "tanda": request.GET.get("tanda", ""),
            "boleh_massal": status == StatusKunjungan.DIKIRIM,
            "ada_yang_bersih": any(k.bersih for k in page),
            "query": request.GET.urlencode(),
        },
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@peran_required(Peran.ADMIN_KECAMATAN)
@require_POST
def setujui_massal(request: HttpRequest) -> HttpResponse:
    """Approve the chosen visits that are clean; the others are left for one-by-one review."""
    dipilih = request.POST.getlist("kunjungan")[:MAKS_MASSAL]
    kunjungan = list(kunjungan_for(request.user).filter(uuid__in=_uuid_sah(dipilih)))
    if not kunjungan:
        messages.error(request, _("Pilih kunjungan yang akan disetujui."))
    else:
        disetujui, dilewati = pemeriksaan.kunjungan_setujui_massal(
            kunjungan_list=kunjungan, oleh=request.user
        )
        messages.success(request, _("%(n)d kunjungan disetujui.") % {"n": disetujui})
        if dilewati:
            messages.warning(
                request,
                _(
                    "%(n)d kunjungan dilewati: bertanda, fotonya belum lengkap, atau sudah "
                    "diperiksa. Periksa satu per satu."
                )
                % {"n": dilewati},
            )
    # back to the same filter and page; only a query string, never another address
    kembali = request.POST.get("kembali", "")[:500].split("#")[0].lstrip("?")
    return redirect(f"{reverse('pendataan:antrean')}?{kembali}")


def _uuid_sah(nilai: list[str]) -> list[str]:
    sah = []
    for n in nilai:
        try:
            sah.append(str(uuidlib.UUID(n)))
        except ValueError:
            continue
    return sah


AKSI = {
    "setujui": pemeriksaan.kunjungan_setujui,
    "setujui_tanpa_foto": pemeriksaan.kunjungan_setujui,
    "kembalikan": pemeriksaan.kunjungan_kembalikan,
    "tolak": pemeriksaan.kunjungan_tolak,
}
PESAN_AKSI = {
    "setujui": gettext_lazy("Kunjungan disetujui."),
    "setujui_tanpa_foto": gettext_lazy("Kunjungan disetujui tanpa foto yang belum sampai."),
    "kembalikan": gettext_lazy("Kunjungan dikembalikan ke petugas."),
    "tolak": gettext_lazy("Kunjungan ditolak."),
}


@peran_required(Peran.ADMIN_KECAMATAN)
@require_POST
def periksa(request: HttpRequest, uuid) -> HttpResponse:
    """Approve, return or reject one visit, with a comment."""
    kunjungan = get_object_or_404(kunjungan_for(request.user), uuid=uuid)
    aksi = request.POST.get("aksi", "")
    if aksi not in AKSI:
        messages.error(request, _("Pilih setujui, kembalikan atau tolak."))
        return redirect("pendataan:kunjungan_detail", uuid=kunjungan.uuid)
    kwargs = {}
    if aksi == "setujui_tanpa_foto":
        kwargs["alasan_tanpa_foto"] = request.POST.get("alasan_tanpa_foto", "")
    if aksi.startswith("setujui") and "foto_terlihat" in request.POST:
        # the photos the page showed (see kunjungan_setujui); junk ids are no photo
        kwargs["foto_terlihat"] = {
            int(n)
            for n in request.POST.getlist("foto")
            if n.isascii() and n.isdigit() and len(n) < 19
        }
    try:
        AKSI[aksi](
            kunjungan=kunjungan,
            oleh=request.user,
            komentar=request.POST.get("komentar", ""),
            **kwargs,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("pendataan:kunjungan_detail", uuid=kunjungan.uuid)
    messages.success(request, str(PESAN_AKSI[aksi]))
    return redirect("pendataan:antrean")


def _kunjungan_sendiri(request: HttpRequest, uuid):
    return get_object_or_404(
        kunjungan_for(request.user).filter(petugas__user=request.user), uuid=uuid
    )


@peran_required(Peran.PETUGAS)
@require_POST
def perbaiki(request: HttpRequest, uuid) -> HttpResponse:
    """The officer sends a returned visit again, with changed findings and a reply."""
    kunjungan = _kunjungan_sendiri(request, uuid)
    temuan = {}
    for v in kunjungan.verifikasi_set.all():
        hasil = request.POST.get(f"hasil-{v.pk}")
        if hasil is not None:
            temuan[v.pk] = {
                "hasil": hasil,
                "alasan": request.POST.get(f"alasan-{v.pk}", ""),
                "alasan_lain": request.POST.get(f"alasan_lain-{v.pk}", ""),
            }
    tugas = {}
    for t in kunjungan.tugas_set.all():
        hasil = request.POST.get(f"tugas-hasil-{t.pk}")
        if hasil is not None:
            tugas[t.pk] = {
                "hasil": hasil,
                "alasan": request.POST.get(f"tugas-alasan-{t.pk}", ""),
                "alasan_lain": request.POST.get(f"tugas-alasan_lain-{t.pk}", ""),
            }
    try:
        pemeriksaan.kunjungan_perbaiki(
            kunjungan=kunjungan,
            oleh=request.user,
            temuan=temuan,
            tanggapan=request.POST.get("tanggapan", ""),
            tugas=tugas,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Perbaikan dikirim ke admin kecamatan."))
    return redirect("pendataan:kunjungan_detail", uuid=kunjungan.uuid)


@peran_required(Peran.PETUGAS)
@require_POST
def foto_tambah(request: HttpRequest, uuid) -> HttpResponse:
    """A photo added to a returned visit, such as a death certificate."""
    kunjungan = _kunjungan_sendiri(request, uuid)
    if not penugasan_aktif_for(request.user).filter(rw=kunjungan.rw_id).exists():
        messages.error(request, _("Penempatan Anda di RW ini sudah berakhir; foto tidak disimpan."))
    elif request.FILES.get("foto") is None:
        messages.error(request, _("Pilih foto dulu."))
    else:
        try:
            pemeriksaan.kunjungan_foto_tambah(
                kunjungan=kunjungan,
                jenis=request.POST.get("jenis", JenisFoto.DOKUMEN),
                berkas=request.FILES["foto"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Foto diterima. Tekan \u201cKirim perbaikan\u201d bila sudah lengkap.")
            )
    return redirect("pendataan:kunjungan_detail", uuid=kunjungan.uuid)


urlpatterns = [
    path("pemeriksaan/", antrean, name="antrean"),
    path("pemeriksaan/setujui/", setujui_massal, name="setujui_massal"),
    path("kunjungan/<uuid:uuid>/periksa/", periksa, name="kunjungan_periksa"),
    path("kunjungan/<uuid:uuid>/perbaiki/", perbaiki, name="kunjungan_perbaiki"),
    path("kunjungan/<uuid:uuid>/foto-tambah/", foto_tambah, name="kunjungan_foto_tambah"),
]
