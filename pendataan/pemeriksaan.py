"""The review of visits by the admin kecamatan, and the officer's fix of a returned one.

A visit goes DIKIRIM -> (DIKEMBALIKAN -> DIKIRIM)* -> DISETUJUI or DITOLAK. Every
step writes a `RiwayatKunjungan` (who, when, what changed, why). Approval applies
what the visit found: member deaths, moves and new members, the family's point, the
DTSEN variables the officer changed (with their history), and puts its bansos findings
in force. Each step locks the visit and checks its status,
so a double click or two reviewers at once change it once.
"""

from __future__ import annotations

import uuid as uuidlib

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from akun.models import User
from audit.services import diubah_catat
from bansos.models import JenisVerifikasi
from bansos.tugas.kunjungan import tugas_buka_lagi, tugas_perbaiki, tugas_selesaikan
from bansos.verifikasi import (
    hasil_bersihkan,
    ringkas,
    teks_bersih,
    temuan_berlakukan,
    waktu_kunjungan,
)
from dasbor.tandai import ringkasan_tandai
from pendataan.area_rw import rw_area_pelajari
from pendataan.foto import foto_terima
from pendataan.models import (
    AksiAnggota,
    AksiPemeriksaan,
    AnggotaKeluarga,
    FotoKunjungan,
    Hubungan,
    JenisFoto,
    Keluarga,
    Kunjungan,
    RiwayatKunjungan,
    StatusAnggota,
    StatusFoto,
    StatusKunjungan,
)
from pendataan.nik import samarkan, validate_nik
from pendataan.services import foto_kurang
from pendataan.variabel import kunjungan_variabel_terapkan

MAKS_KOMENTAR = 2000


class SudahDiperiksa(ValidationError):
    """The visit is no longer in the state the action needs (a double click, or
    another reviewer was first)."""


def _kunci(kunjungan: Kunjungan, *status: str) -> Kunjungan:
    # of=self: PostgreSQL cannot lock the nullable side of an outer join
    terkunci = (
        Kunjungan.objects.select_for_update(of=("self",))
        .select_related("keluarga", "petugas")
        .get(pk=kunjungan.pk)
    )
    if terkunci.status not in status:
        raise SudahDiperiksa(
            _("Kunjungan ini sudah berstatus \u201c%(status)s\u201d; tidak ada yang diubah.")
            % {"status": terkunci.get_status_display()}
        )
    return terkunci


def _komentar(komentar: str, *, wajib: str | None) -> str:
    komentar = teks_bersih(komentar)
    if wajib and not komentar:
        raise ValidationError(wajib)
    if len(komentar) > MAKS_KOMENTAR:
        raise ValidationError(_("Komentar terlalu panjang (maksimal 2.000 huruf)."))
    return komentar


def _tutup(k: Kunjungan, *, status: str, oleh: User, komentar: str) -> None:
    k.status, k.diperiksa_oleh, k.diperiksa_at = status, oleh, timezone.now()
    k.komentar_pemeriksa = komentar
    k.save(update_fields=["status", "diperiksa_oleh", "diperiksa_at", "komentar_pemeriksa"])
    # the visit's RW, and the family's (which its findings count in) if it moved since
    ringkasan_tandai(rw_ids=[k.rw_id, k.keluarga.rw_id])


def _lebih_baru(k: Kunjungan):
    """The family's approved visits made after this one (by the phone's clock)."""
    return (
        Kunjungan.objects.filter(keluarga_id=k.keluarga_id, status=StatusKunjungan.DISETUJUI)
        .exclude(pk=k.pk)
        .annotate(waktu=waktu_kunjungan())
        .filter(waktu__gt=k.dikirim_at or k.created_at)
    )


def _terapkan_anggota(k: Kunjungan) -> list[str]:
    """Apply the visit's member findings to the family; returns what changed, in words.

    An older visit approved after a newer one (queued offline for days) changes
    nothing: the newer visit already said how the family is now."""
    if _lebih_baru(k).exists():
        return [_("Data anggota tidak diubah: ada kunjungan lebih baru yang sudah disetujui.")]
    perubahan = []
    for c in k.anggota_set.select_related("anggota"):
        a = c.anggota
        if c.aksi == AksiAnggota.MENINGGAL and a.status != StatusAnggota.MENINGGAL:
            a.status, a.tanggal_meninggal = StatusAnggota.MENINGGAL, c.tanggal
            a.save(update_fields=["status", "tanggal_meninggal", "updated_at"])
            tanggal = date_format(c.tanggal, "j M Y") if c.tanggal else "-"
            perubahan.append(_("%(nama)s: meninggal (%(tgl)s)") % {"nama": a.nama, "tgl": tanggal})
        elif c.aksi == AksiAnggota.PINDAH and a.status != StatusAnggota.PINDAH:
            a.status, a.tanggal_meninggal = StatusAnggota.PINDAH, None
            a.save(update_fields=["status", "tanggal_meninggal", "updated_at"])
            perubahan.append(_("%(nama)s: pindah") % {"nama": a.nama})
        elif c.aksi == AksiAnggota.BARU:
            if AnggotaKeluarga.objects.filter(nik=c.nik).exists():
                # the NIK is on another card (or was added since): a case for Dukcapil,
                # not something to move silently
                perubahan.append(
                    _("Anggota baru %(nama)s (NIK %(nik)s) tidak ditambahkan: NIK sudah terdaftar.")
                    % {"nama": c.nama, "nik": samarkan(c.nik)}
                )
                continue
            try:
                data = validate_nik(c.nik)
            except ValueError:  # checked at the door; a rule may have changed since
                perubahan.append(
                    _("Anggota baru %(nama)s tidak ditambahkan: NIK %(nik)s tidak sah.")
                    % {"nama": c.nama, "nik": samarkan(c.nik)}
                )
                continue
            AnggotaKeluarga.objects.create(
                keluarga_id=k.keluarga_id,
                nik=c.nik,
                nama=c.nama,
                hubungan=Hubungan.LAINNYA,
                jenis_kelamin=data.jenis_kelamin,
                tanggal_lahir=data.tanggal_lahir,
            )
            perubahan.append(_("Anggota baru: %(nama)s") % {"nama": c.nama})
    if k.latitude is not None:
        keluarga = Keluarga.objects.only("pk", "nomor_kk", "latitude", "longitude").get(
            pk=k.keluarga_id
        )
        Keluarga.objects.filter(pk=k.keluarga_id).update(
            latitude=k.latitude, longitude=k.longitude, updated_at=timezone.now()
        )
        diubah_catat(
            [keluarga],
            changes={
                "latitude": [keluarga.latitude, k.latitude],
                "longitude": [keluarga.longitude, k.longitude],
            },
        )
    return perubahan


def jenis_foto_teks(foto: list[dict]) -> str:
    """Announced photos ({"uuid", "jenis"}, as `foto_kurang` lists them) by kind, in
    words: "Kartu keluarga, KTP"."""
    label = dict(JenisFoto.choices)
    return ", ".join(str(label.get(f["jenis"], f["jenis"])) for f in foto)


@transaction.atomic
def kunjungan_setujui(
    *,
    kunjungan: Kunjungan,
    oleh: User,
    komentar: str = "",
    foto_terlihat: set[int] | None = None,
    alasan_tanpa_foto: str | None = None,
) -> Kunjungan:
    """Approve a visit: its findings come into force and its member changes apply.

    `foto_terlihat`: the photos the reviewer's page showed. A photo that came in since
    (the officer's phone sending one late) refuses the approval, checked under the
    visit's lock, which a photo's arrival takes too: nothing is approved unseen.

    A photo the phone announced but that never arrived refuses the approval too,
    unless the reviewer approves without it on purpose: `alasan_tanpa_foto`, required
    then, goes into the history. A photo that arrived and is still being processed
    (or failed, which is flagged on its own) is not missing: the reviewer can see it.
    """
    komentar = _komentar(komentar, wajib=None)
    if alasan_tanpa_foto is not None:
        alasan_tanpa_foto = _komentar(
            alasan_tanpa_foto, wajib=_("Tulis alasan menyetujui tanpa foto yang belum sampai.")
        )
    Keluarga.objects.select_for_update().filter(pk=kunjungan.keluarga_id).first()
    k = _kunci(kunjungan, StatusKunjungan.DIKIRIM)
    if foto_terlihat is not None and set(k.foto_set.values_list("pk", flat=True)) - foto_terlihat:
        raise ValidationError(
            _(
                "Ada foto baru sejak halaman ini dibuka. Lihat fotonya dulu, lalu setujui "
                "lagi; tidak ada yang diubah."
            )
        )
    kurang = jenis_foto_teks(foto_kurang(k))
    if kurang and alasan_tanpa_foto is None:
        raise ValidationError(
            _(
                "Foto %(jenis)s belum sampai. Tunggu ponsel petugas mengirimnya, kembalikan "
                "ke petugas, atau setujui tanpa foto dengan alasan; tidak ada yang diubah."
            )
            % {"jenis": kurang}
        )
    _tutup(k, status=StatusKunjungan.DISETUJUI, oleh=oleh, komentar=komentar)
    perubahan = []
    if kurang:
        perubahan.append(
            _("Disetujui tanpa foto %(jenis)s: %(alasan)s")
            % {"jenis": kurang, "alasan": alasan_tanpa_foto}
        )
    perubahan += _terapkan_anggota(k)
    perubahan += kunjungan_variabel_terapkan(kunjungan=k, lebih_baru=_lebih_baru(k))
    temuan_berlakukan(kunjungan=k)
    tugas_selesaikan(kunjungan=k)
    if k.latitude is not None:
        rw_area_pelajari(rw=k.rw)  # one more approved point of where this RW is
    RiwayatKunjungan.objects.create(
        kunjungan=k,
        aksi=AksiPemeriksaan.DISETUJUI,
        oleh=oleh,
        komentar=komentar,
        perubahan=perubahan,
    )
    return k


@transaction.atomic
def kunjungan_kembalikan(*, kunjungan: Kunjungan, oleh: User, komentar: str) -> Kunjungan:
    """Send a visit back to its officer with what to fix."""
    komentar = _komentar(
        komentar, wajib=_("Tulis apa yang harus diperbaiki petugas sebelum mengembalikan.")
    )
    k = _kunci(kunjungan, StatusKunjungan.DIKIRIM)
    _tutup(k, status=StatusKunjungan.DIKEMBALIKAN, oleh=oleh, komentar=komentar)
    RiwayatKunjungan.objects.create(
        kunjungan=k, aksi=AksiPemeriksaan.DIKEMBALIKAN, oleh=oleh, komentar=komentar
    )
    return k


@transaction.atomic
def kunjungan_tolak(*, kunjungan: Kunjungan, oleh: User, komentar: str) -> Kunjungan:
    """Reject a visit: none of its findings or member changes are used."""
    komentar = _komentar(komentar, wajib=_("Tulis alasan penolakan."))
    k = _kunci(kunjungan, StatusKunjungan.DIKIRIM, StatusKunjungan.DIKEMBALIKAN)
    _tutup(k, status=StatusKunjungan.DITOLAK, oleh=oleh, komentar=komentar)
    tugas_buka_lagi(kunjungan=k)  # the next visit answers them
    RiwayatKunjungan.objects.create(
        kunjungan=k, aksi=AksiPemeriksaan.DITOLAK, oleh=oleh, komentar=komentar
    )
    return k


def kunjungan_bersih(k: Kunjungan) -> bool:
    """No flag, and every announced photo in and processed (a photo still waiting has
    not been checked for reuse or age yet). Uses `foto_set` as prefetched, if it is."""
    selesai = {str(f.foto_uuid) for f in k.foto_set.all() if f.status == StatusFoto.SELESAI}
    return not k.jumlah_bendera and all(f["uuid"] in selesai for f in k.foto_diharapkan)


def kunjungan_setujui_massal(*, kunjungan_list: list[Kunjungan], oleh: User) -> tuple[int, int]:
    """Approve the clean visits among these (no flags, every announced photo in).
    Returns (approved, skipped); each visit in its own transaction."""
    disetujui = dilewati = 0
    for k in kunjungan_list:
        if not kunjungan_bersih(k) or k.status != StatusKunjungan.DIKIRIM:
            dilewati += 1
            continue
        try:
            kunjungan_setujui(kunjungan=k, oleh=oleh)
        except ValidationError:  # reviewed meanwhile, or no longer clean under the lock
            dilewati += 1
        else:
            disetujui += 1
    return disetujui, dilewati


def _foto_baru_sejak(k: Kunjungan) -> list[FotoKunjungan]:
    terakhir = k.riwayat_set.filter(aksi=AksiPemeriksaan.DIKEMBALIKAN).order_by("-pk").first()
    foto = k.foto_set.all()
    if terakhir is not None:
        foto = foto.filter(created_at__gte=terakhir.created_at)
    return list(foto)


@transaction.atomic
def kunjungan_perbaiki(
    *,
    kunjungan: Kunjungan,
    oleh: User,
    temuan: dict[int, dict],
    tanggapan: str,
    tugas: dict[int, dict] | None = None,
) -> Kunjungan:
    """The officer's fix of a returned visit: changed findings, a reply, sent again.

    `temuan` maps a finding's pk to {"hasil", "alasan", "alasan_lain"}; findings not
    named stay as they are; `tugas` does the same for a sanggah answered on its own
    (bansos.tugas.kunjungan.tugas_perbaiki). Photos added since the return are listed in
    the history.
    """
    tanggapan = _komentar(tanggapan, wajib=None)
    k = _kunci(kunjungan, StatusKunjungan.DIKEMBALIKAN)
    if k.petugas.user_id != oleh.pk:
        raise ValidationError(
            _("Hanya petugas yang mencatat kunjungan ini yang bisa memperbaikinya.")
        )
    perubahan = []
    for v in k.verifikasi_set.filter(jenis=JenisVerifikasi.VERIFIKASI).select_related(
        "periode__program", "penerima"
    ):
        baru = temuan.get(v.pk)
        if baru is None:
            continue
        sebelum = ringkas(v)
        v.hasil, v.alasan, v.alasan_lain = hasil_bersihkan(
            label=v.periode.program.nama,
            hasil=baru.get("hasil"),
            alasan=baru.get("alasan"),
            alasan_lain=baru.get("alasan_lain"),
        )
        sesudah = ringkas(v)
        if sesudah != sebelum:
            v.save(update_fields=["hasil", "alasan", "alasan_lain", "updated_at"])
            perubahan.append(f"{sebelum} \u2192 {sesudah}")
    perubahan += tugas_perbaiki(kunjungan=k, jawaban=tugas or {})
    perubahan += [
        _("Foto baru: %(jenis)s") % {"jenis": f.get_jenis_display()} for f in _foto_baru_sejak(k)
    ]
    if not perubahan and not tanggapan:
        raise ValidationError(
            _("Belum ada yang diperbaiki: ubah temuan, tambah foto, atau tulis tanggapan.")
        )
    k.status = StatusKunjungan.DIKIRIM
    k.save(update_fields=["status"])
    ringkasan_tandai(rw_ids=[k.rw_id, k.keluarga.rw_id])
    RiwayatKunjungan.objects.create(
        kunjungan=k,
        aksi=AksiPemeriksaan.DIKIRIM_ULANG,
        oleh=oleh,
        komentar=tanggapan,
        perubahan=perubahan,
    )
    return k


def kunjungan_foto_tambah(
    *, kunjungan: Kunjungan, jenis: str, berkas: UploadedFile
) -> FotoKunjungan:
    """A photo the officer adds to a returned visit (e.g. a death certificate)."""
    if kunjungan.status != StatusKunjungan.DIKEMBALIKAN:
        raise ValidationError(_("Foto tambahan hanya untuk kunjungan yang dikembalikan."))
    if jenis not in JenisFoto.values:
        raise ValidationError(_("Jenis foto tidak dikenal."))
    foto_uuid = str(uuidlib.uuid4())
    with transaction.atomic():
        k = _kunci(kunjungan, StatusKunjungan.DIKEMBALIKAN)
        k.foto_diharapkan = [*k.foto_diharapkan, {"uuid": foto_uuid, "jenis": jenis}]
        k.save(update_fields=["foto_diharapkan"])
        foto, _dibuat = foto_terima(kunjungan=k, foto_uuid=foto_uuid, jenis=jenis, berkas=berkas)
    return foto
