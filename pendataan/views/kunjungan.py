"""The officer's phone pages: the RW worklist, a family, a visit; and the photos."""

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from akun.access import peran_efektif, peran_required, simpan_luring
from akun.models import Peran
from audit.models import JenisBaca
from audit.services import baca_catat
from bansos.desil import program_keluarga
from bansos.models import AlasanTidakLayak
from bansos.tugas.kunjungan import hasil_tugas_teks, tugas_formulir
from bansos.verifikasi import (
    SARAN_DARI_ANGGOTA,
    SARAN_DARI_HASIL,
    alasan_disarankan,
    penerima_keluarga,
    program_usulan,
)
from config.galat import galat_json, json_api
from dasbor.selectors import kemajuan_petugas
from dasbor.tembolok import Cakupan, cakupan_saya, halaman_tersimpan
from lib.teks import tanpa_kendali_json
from pendataan.foto import foto_bytes, foto_terima
from pendataan.models import (
    AksiAnggota,
    HasilKunjungan,
    Hubungan,
    JenisFoto,
    Kunjungan,
    StatusFoto,
    StatusKunjungan,
)
from pendataan.pemeriksaan import jenis_foto_teks
from pendataan.risiko import alasan_risiko
from pendataan.selectors import (
    PERAN_NIK_UTUH,
    daftar_kerja_for,
    foto_for,
    keluarga_for,
    keluarga_rw_for,
    kepala_dan_jumlah,
    kunjungan_for,
)
from pendataan.services import KonflikKunjungan, foto_kurang, kunjungan_simpan
from pendataan.variabel import perubahan_ringkas
from pendataan.variabel.formulir import bidang_anggota, bidang_keluarga, variabel_halaman
from petugas.selectors import penugasan_aktif_for

PERAN_LIHAT = (Peran.PETUGAS, Peran.ADMIN_KECAMATAN, Peran.DINSOS)
RIWAYAT_DESIL = 12  # three years of quarterly rankings
MAKS_JSON_BYTES = 200_000
# photos of identity papers (whole NIKs and KK numbers): served with no-store
FOTO_IDENTITAS = (JenisFoto.KK, JenisFoto.KTP, JenisFoto.DOKUMEN)


def _cakupan_keluarga(request: HttpRequest, pk: int) -> Cakupan:
    """The family's RW, read through the user's scope (404 outside it)."""
    # on every view of the page, cached or not: one query
    rw_id = keluarga_rw_for(request.user, pk)
    if rw_id is None:
        raise Http404
    return Cakupan(rw_ids=(rw_id,))


@simpan_luring
@peran_required(Peran.PETUGAS)
@halaman_tersimpan(cakupan_saya)
def daftar_kerja(request: HttpRequest) -> HttpResponse:
    """The families of the officer's RW: returned ones first, then by risk, each with
    its reasons (pendataan/risiko.py), then by RT."""
    saring = request.GET.get("saring", "")
    q = request.GET.get("q", "").strip()[:100]
    keluarga = daftar_kerja_for(request.user, saring=saring, q=q)
    page = Paginator(keluarga, 50).get_page(request.GET.get("page"))
    kepala = kepala_dan_jumlah(page.object_list)
    alasan_risiko(page.object_list)
    fragmen = request.htmx and not request.htmx.history_restore_request
    template = "pendataan/daftar_kerja.html#daftar" if fragmen else "pendataan/daftar_kerja.html"
    response = render(
        request,
        template,
        {
            "page": page,
            "kepala": kepala,
            "q": q,
            "saring": saring,
            "penugasan_list": penugasan_aktif_for(request.user),
            "kemajuan": [] if fragmen else kemajuan_petugas(request.user),
        },
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@simpan_luring
@peran_required(*PERAN_LIHAT)
@halaman_tersimpan(_cakupan_keluarga)
def keluarga_detail(request: HttpRequest, pk: int) -> HttpResponse:
    keluarga = get_object_or_404(keluarga_for(request.user), pk=pk)
    kunjungan = (
        kunjungan_for(request.user)
        .filter(keluarga=keluarga)
        .prefetch_related("foto_set", "anggota_set__anggota")
        .order_by("-created_at")
    )
    anggota = list(keluarga.anggota_set.all())
    nik_utuh = peran_efektif(request.user) in PERAN_NIK_UTUH
    tugas = list(
        keluarga.tugas_set.select_related("program", "kunjungan", "verifikasi").order_by(
            "-tanggal", "-pk"
        )
    )
    for t in tugas:
        t.hasil_teks = hasil_tugas_teks(t)
    if nik_utuh:
        nomor = [keluarga.nomor_kk, *(a.nik for a in anggota)]
        baca_catat(request, jenis=JenisBaca.HALAMAN, objek=keluarga, nomor=nomor)
    return render(
        request,
        "pendataan/keluarga_detail.html",
        {
            "keluarga": keluarga,
            "desil_list": keluarga.desil_set.all()[:RIWAYAT_DESIL],
            "variabel_list": variabel_halaman(keluarga, anggota),
            "program_list": program_keluarga(keluarga),
            "tugas_list": tugas,
            "anggota_list": anggota,
            "kunjungan_list": kunjungan,
            "boleh_kunjungi": peran_efektif(request.user) == Peran.PETUGAS,
            "nik_utuh": nik_utuh,
        },
    )


@simpan_luring
@peran_required(Peran.PETUGAS)
@halaman_tersimpan(_cakupan_keluarga)
def kunjungan_baru(request: HttpRequest, pk: int) -> HttpResponse:
    keluarga = get_object_or_404(keluarga_for(request.user), pk=pk)
    penerima = penerima_keluarga(keluarga)
    for p in penerima:
        p.orang = p.anggota or p.terdaftar
    anggota = list(keluarga.anggota_set.all())
    nomor = [keluarga.nomor_kk, *(a.nik for a in anggota)]
    baca_catat(request, jenis=JenisBaca.HALAMAN, objek=keluarga, nomor=nomor)
    return render(
        request,
        "pendataan/kunjungan_form.html",
        {
            "keluarga": keluarga,
            "penerima_list": penerima,
            "usulan_list": program_usulan(keluarga, penerima),
            "tugas_list": tugas_formulir(keluarga, penerima),
            "alasan_pilihan": AlasanTidakLayak.choices,
            "saran": {
                "hasil": {str(k): str(v) for k, v in SARAN_DARI_HASIL.items()},
                "anggota": {str(k): str(v) for k, v in SARAN_DARI_ANGGOTA.items()},
            },
            "anggota_list": anggota,
            "hasil_pilihan": HasilKunjungan.choices,
            "variabel_keluarga": bidang_keluarga(keluarga.variabel),
            "variabel_anggota": [(a, bidang_anggota(a.variabel)) for a in anggota],
            "jenis_foto": [
                (JenisFoto.RUMAH, _("Foto rumah")),
                (JenisFoto.KK, _("Foto KK")),
                (JenisFoto.KTP, _("Foto KTP")),
            ],
            "label_antrean": _label_antrean(keluarga),
            "aksi_pilihan": [
                (AksiAnggota.TETAP, AksiAnggota.TETAP.label),
                (AksiAnggota.MENINGGAL, AksiAnggota.MENINGGAL.label),
                (AksiAnggota.PINDAH, AksiAnggota.PINDAH.label),
            ],
            "kirim_url": reverse("pendataan:kunjungan_kirim", args=[keluarga.pk]),
        },
    )


def _label_jenis(jenis: str) -> str:
    return str(JenisFoto(jenis).label) if jenis in JenisFoto.values else jenis


def _label_antrean(keluarga) -> str:
    """How the phone's queue names this family's visit: the head and the address."""
    kepala = next((a for a in keluarga.anggota_set.all() if a.hubungan == Hubungan.KEPALA), None)
    alamat = f"{keluarga.alamat}, RT {keluarga.rt:02d}"
    return f"{kepala.nama} · {alamat}" if kepala else alamat


def _tolak_konstanta(nama: str):
    raise ValueError(nama)  # NaN and Infinity are not numbers a phone sends


def _json_error(pesan: str, status: int = 400, kode: str = "tidak_sah") -> JsonResponse:
    return galat_json(kode, pesan, status=status)


def _hasil(kunjungan: Kunjungan, dibuat: bool) -> dict:
    return {
        "ok": True,
        "baru": dibuat,
        "uuid": str(kunjungan.uuid),
        "url": reverse("pendataan:kunjungan_detail", args=[kunjungan.uuid]),
        "foto_url": reverse("pendataan:kunjungan_foto_unggah", args=[kunjungan.uuid]),
        # a visit saved by this request has none of its photos yet (they follow it)
        "foto_kurang": kunjungan.foto_diharapkan if dibuat else foto_kurang(kunjungan),
    }


@json_api
@never_cache
@require_POST
@peran_required(Peran.PETUGAS)
def kunjungan_kirim(request: HttpRequest, pk: int) -> JsonResponse:
    """The phone sends the visit as JSON; the answer says which photos are still to come."""
    # one query: the family in scope with its RW and kelurahan, the boundary included
    # (the visit's point is checked against it)
    keluarga = get_object_or_404(keluarga_for(request.user, satu=True).defer(None), pk=pk)
    if request.content_type == "multipart/form-data":  # a form, not the phone's JSON
        return _json_error(_("Kiriman rusak; coba kirim ulang."))
    if len(request.body) > MAKS_JSON_BYTES:
        return _json_error(_("Kiriman terlalu besar."), 413, "terlalu_besar")
    try:
        data = json.loads(request.body, parse_constant=_tolak_konstanta)
    except (ValueError, RecursionError):  # bad JSON, NaN/Infinity, absurd numbers, nesting
        return _json_error(_("Kiriman rusak; coba kirim ulang."))
    if not isinstance(data, dict):
        return _json_error(_("Kiriman rusak; coba kirim ulang."))
    data = tanpa_kendali_json(data)
    try:
        kunjungan, dibuat = kunjungan_simpan(user=request.user, keluarga=keluarga, data=data)
    except KonflikKunjungan as exc:
        return _json_error(" ".join(exc.messages), 409, "konflik")
    except ValidationError as exc:
        return _json_error(" ".join(exc.messages))
    return JsonResponse(_hasil(kunjungan, dibuat), status=201 if dibuat else 200)


@json_api
@never_cache
@require_POST
@peran_required(Peran.PETUGAS)
def kunjungan_foto_unggah(request: HttpRequest, uuid) -> JsonResponse:
    kunjungan = get_object_or_404(
        kunjungan_for(request.user).filter(petugas__user=request.user), uuid=uuid
    )
    if not penugasan_aktif_for(request.user).filter(rw=kunjungan.rw_id).exists():
        pesan = _("Penempatan Anda di RW ini sudah berakhir; foto tidak disimpan.")
        return _json_error(pesan, 403, "penempatan_berakhir")
    dari_halaman = request.POST.get("dari_halaman") == "1"
    diumumkan = {"uuid": request.POST.get("foto_uuid", ""), "jenis": request.POST.get("jenis", "")}
    if diumumkan not in kunjungan.foto_diharapkan:
        # only the photos the phone announced with the visit may follow it
        pesan = _("Foto ini tidak tercatat pada kunjungan; kirim ulang kunjungannya dari ponsel.")
        if dari_halaman:
            messages.error(request, pesan)
            return redirect("pendataan:kunjungan_detail", uuid=kunjungan.uuid)
        return _json_error(pesan)
    berkas = request.FILES.get("foto")
    if berkas is None:
        if dari_halaman:
            messages.error(request, _("Pilih foto dulu."))
            return redirect("pendataan:kunjungan_detail", uuid=kunjungan.uuid)
        return _json_error(_("Foto tidak terkirim; coba kirim ulang."))
    try:
        foto, dibuat = foto_terima(
            kunjungan=kunjungan,
            foto_uuid=request.POST.get("foto_uuid", ""),
            jenis=request.POST.get("jenis", ""),
            berkas=berkas,
        )
    except ValidationError as exc:
        if dari_halaman:
            messages.error(request, " ".join(exc.messages))
            return redirect("pendataan:kunjungan_detail", uuid=kunjungan.uuid)
        return _json_error(" ".join(exc.messages))
    if dari_halaman:  # the plain form on the visit page, for a photo that never arrived
        messages.success(request, _("Foto diterima."))
        return redirect("pendataan:kunjungan_detail", uuid=kunjungan.uuid)
    return JsonResponse(
        {**_hasil(kunjungan, False), "foto": str(foto.foto_uuid), "foto_baru": dibuat},
        status=201 if dibuat else 200,
    )


@simpan_luring
@peran_required(*PERAN_LIHAT)
def kunjungan_detail(request: HttpRequest, uuid) -> HttpResponse:
    """A visit with its evidence, findings and history; the review or the fix on top."""
    kunjungan = get_object_or_404(
        kunjungan_for(request.user).prefetch_related(
            "foto_set", "anggota_set__anggota", "riwayat_variabel_set", "keluarga__anggota_set"
        ),
        uuid=uuid,
    )
    peran = peran_efektif(request.user)
    milik_sendiri = kunjungan.petugas.user_id == request.user.pk
    di_rw = penugasan_aktif_for(request.user).filter(rw=kunjungan.rw_id).exists()
    aksi_anggota = {c.anggota_id: c.aksi for c in kunjungan.anggota_set.all() if c.anggota_id}
    temuan = list(
        kunjungan.verifikasi_set.select_related(
            "periode__program", "penerima__terdaftar", "penerima__anggota", "anggota"
        )
    )
    for v in temuan:
        v.saran = (
            alasan_disarankan(hasil=kunjungan.hasil, aksi_anggota=aksi_anggota, penerima=v.penerima)
            if v.penerima
            else ""
        )
        v.orang = (v.penerima.anggota or v.penerima.terdaftar) if v.penerima else None
    tugas = list(kunjungan.tugas_set.select_related("program", "verifikasi__periode__program"))
    for t in tugas:
        t.hasil_teks = hasil_tugas_teks(t)
    kurang = foto_kurang(kunjungan)
    perubahan_anggota = [c for c in kunjungan.anggota_set.all() if c.aksi != AksiAnggota.TETAP]
    if peran in PERAN_NIK_UTUH:
        nomor = [kunjungan.keluarga.nomor_kk, *(c.nik for c in perubahan_anggota if c.nik)]
        baca_catat(request, jenis=JenisBaca.HALAMAN, objek=kunjungan, nomor=nomor)
    return render(
        request,
        "pendataan/kunjungan_detail.html",
        {
            "kunjungan": kunjungan,
            "foto_kurang": [{**f, "label": _label_jenis(f["jenis"])} for f in kurang],
            "foto_kurang_teks": jenis_foto_teks(kurang),
            "boleh_kirim_foto": milik_sendiri and di_rw,
            "temuan": temuan,
            "tugas_list": tugas,
            "perubahan_anggota": perubahan_anggota,
            "perubahan_variabel": perubahan_ringkas(kunjungan),
            "riwayat": kunjungan.riwayat_set.select_related("oleh"),
            "boleh_periksa": peran in (Peran.ADMIN_KECAMATAN, Peran.SUPERADMIN)
            and kunjungan.status in (StatusKunjungan.DIKIRIM, StatusKunjungan.DIKEMBALIKAN),
            "boleh_perbaiki": milik_sendiri
            and di_rw
            and kunjungan.status == StatusKunjungan.DIKEMBALIKAN,
            "alasan_pilihan": AlasanTidakLayak.choices,
            "jenis_foto_tambah": [(j, j.label) for j in JenisFoto],
            "nik_utuh": peran in PERAN_NIK_UTUH,
        },
    )


@peran_required(*PERAN_LIHAT)
def foto(request: HttpRequest, pk: int, ukuran: str) -> FileResponse:
    """A processed photo (metadata stripped), to users whose scope covers the family."""
    if ukuran not in ("besar", "kecil"):
        raise Http404
    foto = get_object_or_404(foto_for(request.user), pk=pk, status=StatusFoto.SELESAI)
    if foto.jenis in (JenisFoto.KK, JenisFoto.KTP):
        baca_catat(request, jenis=JenisBaca.FOTO, objek=foto)
    response = FileResponse(foto_bytes(foto=foto, ukuran=ukuran), content_type="image/jpeg")
    if foto.jenis in FOTO_IDENTITAS:
        # a KK or KTP: never kept in the browser's cache of a shared phone or computer
        response["Cache-Control"] = "private, no-store"
    else:
        response["Cache-Control"] = "private, max-age=600"
    return response


urlpatterns = [
    path("rw/", daftar_kerja, name="daftar_kerja"),
    path("keluarga/<int:pk>/", keluarga_detail, name="keluarga_detail"),
    path("keluarga/<int:pk>/kunjungan/", kunjungan_baru, name="kunjungan_baru"),
    path("keluarga/<int:pk>/kunjungan/kirim/", kunjungan_kirim, name="kunjungan_kirim"),
    path("kunjungan/<uuid:uuid>/", kunjungan_detail, name="kunjungan_detail"),
    path("kunjungan/<uuid:uuid>/foto/", kunjungan_foto_unggah, name="kunjungan_foto_unggah"),
    path("foto/<int:pk>/<str:ukuran>.jpg", foto, name="foto"),
]
