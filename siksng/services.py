"""Writes of the SIKS-NG cycle: the cut-off day, a muskel with its decisions, closing a month.

None of them changes a family, a visit or a finding. A muskel does change what is still
open: it marks the RWs of the changes it decided, whose summary rows count them
(dasbor.RingkasanRW.perubahan_terbuka, read by the month's overview).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from akun.models import User
from audit.services import dibuat_catat
from dasbor.tandai import ringkasan_tandai
from siksng.models import (
    Aksi,
    BulanSiksng,
    JenisMuskel,
    Keputusan,
    Muskel,
    Pengaturan,
    PesertaMuskel,
    Putusan,
)
from siksng.perubahan import perubahan_terbuka
from siksng.siklus import Kalender, bulan_muskel, nama_bulan
from wilayah.models import Kelurahan


@transaction.atomic
def pengaturan_ubah(*, hari_batas: int, oleh: User) -> Pengaturan:
    """Set the cut-off day; months already closed keep theirs."""
    pengaturan, _baru = Pengaturan.objects.select_for_update().get_or_create(pk=1)
    pengaturan.hari_batas = hari_batas
    pengaturan.diubah_oleh = oleh
    pengaturan.full_clean()
    pengaturan.save()
    return pengaturan


@transaction.atomic
def bulan_tutup(
    *, bulan: datetime.date, oleh: User, sekarang: datetime.datetime | None = None
) -> BulanSiksng:
    """Close a month's file once its cut-off has passed: its rows are fixed from then on,
    and a muskel recorded after goes to the next month."""
    sekarang = sekarang or timezone.now()
    if BulanSiksng.objects.select_for_update().filter(bulan=bulan).exists():
        raise ValidationError(_("Berkas %(b)s sudah ditutup.") % {"b": nama_bulan(bulan)})
    kalender = Kalender.baca()
    hari = kalender.hari_batas(bulan)
    if sekarang < kalender.batas(bulan):
        raise ValidationError(
            _("Berkas %(b)s baru bisa ditutup setelah tanggal batas (%(h)s %(b)s).")
            % {"b": nama_bulan(bulan), "h": hari}
        )
    return BulanSiksng.objects.create(bulan=bulan, hari_batas=hari, ditutup_oleh=oleh)


@dataclass(frozen=True)
class KeputusanMasuk:
    """One decision as the form sent it, checked for its own fields."""

    putusan: str
    aksi: str = ""  # another action agreed instead (only with DIUBAH); "" keeps it
    diubah_menjadi: str = ""
    catatan: str = ""


@dataclass(frozen=True)
class MuskelMasuk:
    jenis: str
    tanggal: datetime.date
    tempat: str = ""
    penandatangan: str = ""
    jabatan_penandatangan: str = ""
    peserta: tuple[tuple[str, str], ...] = ()  # (nama, jabatan)


def _periksa_muskel(data: MuskelMasuk) -> None:
    if data.jenis == JenisMuskel.MUSKEL:
        if not data.tempat:
            raise ValidationError(_("Tulis tempat musyawarah."))
        if not data.peserta:
            raise ValidationError(
                _("Tulis paling sedikit satu peserta musyawarah (nama dan jabatan/unsur).")
            )
    elif data.jenis == JenisMuskel.SPTJM:
        if not data.penandatangan or not data.jabatan_penandatangan:
            raise ValidationError(_("Tulis nama dan jabatan penandatangan SPTJM."))
    else:
        raise ValidationError(_("Pilih musyawarah kelurahan atau SPTJM."))


def _keputusan_bersih(perubahan, masuk: KeputusanMasuk, bulan: datetime.date) -> Keputusan:
    if masuk.putusan not in Putusan.values:
        raise ValidationError(_("Keputusan untuk salah satu perubahan tidak dikenal."))
    aksi = perubahan.aksi
    if masuk.putusan == Putusan.DIUBAH:
        if not masuk.diubah_menjadi:
            raise ValidationError(
                _("Tulis apa yang diubah musyawarah untuk %(nama)s.")
                % {"nama": perubahan.orang.nama if perubahan.orang else perubahan.keluarga}
            )
        if masuk.aksi and masuk.aksi != aksi:
            # a recipient's finding may be agreed the other way (tetap <-> keluar); a
            # proposal or a data change keeps its action
            if {aksi, masuk.aksi} != {Aksi.TETAP, Aksi.KELUAR}:
                raise ValidationError(_("Aksi pengganti tidak sesuai dengan jenis perubahannya."))
            aksi = masuk.aksi
    return Keputusan(
        verifikasi=perubahan.verifikasi,
        kunjungan=perubahan.kunjungan,
        aksi=aksi,
        putusan=masuk.putusan,
        diubah_menjadi=masuk.diubah_menjadi if masuk.putusan == Putusan.DIUBAH else "",
        catatan=masuk.catatan,
        bulan=None if masuk.putusan == Putusan.DITUNDA else bulan,
    )


def _sudah_terkirim(kunci: list[str]) -> str | None:
    """The month's file one of these keys already went out in, as a message; else None."""
    v_ids = [int(k[1:]) for k in kunci if k[:1] == "v" and k[1:].isdigit()]
    k_ids = [int(k[1:]) for k in kunci if k[:1] == "k" and k[1:].isdigit()]
    terkirim = (
        Keputusan.objects.filter(bulan__isnull=False, verifikasi_id__in=v_ids)
        | Keputusan.objects.filter(
            bulan__isnull=False, verifikasi__isnull=True, kunjungan_id__in=k_ids
        )
    ).first()
    if terkirim is None:
        return None
    return _(
        "Perubahan ini sudah masuk berkas SIKS-NG %(b)s; satu perubahan hanya dikirim dalam "
        "satu bulan. Muat ulang formulir."
    ) % {"b": nama_bulan(terkirim.bulan)}


def muskel_catat(
    *,
    kelurahan: Kelurahan,
    oleh: User,
    data: MuskelMasuk,
    keputusan: dict[str, KeputusanMasuk],
    sekarang: datetime.datetime | None = None,
) -> Muskel:
    """Record a kelurahan's muskel (or SPTJM) for the open month with a decision for every
    open change. All or nothing: a missing decision, a change unknown or already in a
    month's file, or a second muskel for the same month is refused whole.

    The kelurahan comes from the caller, already scoped (`kelurahan_for`).
    """
    _periksa_muskel(data)
    sekarang = sekarang or timezone.now()
    try:
        with transaction.atomic():
            # two sends of the form at once: the second waits here, then finds the first
            Kelurahan.objects.select_for_update().filter(pk=kelurahan.pk).first()
            bulan = bulan_muskel(sekarang)
            if Muskel.objects.filter(kelurahan=kelurahan, bulan=bulan).exists():
                raise ValidationError(
                    _("Musyawarah Kelurahan %(k)s untuk berkas %(b)s sudah dicatat.")
                    % {"k": kelurahan.nama, "b": nama_bulan(bulan)}
                )
            terbuka = {p.kunci: p for p in perubahan_terbuka(kelurahan=kelurahan, sampai=sekarang)}
            asing = [k for k in keputusan if k not in terbuka]
            if asing:
                pesan = _sudah_terkirim(asing)
                raise ValidationError(
                    pesan or _("Perubahan tidak dikenal dalam kiriman ini; muat ulang formulir.")
                )
            kurang = [k for k in terbuka if k not in keputusan]
            if kurang:
                raise ValidationError(
                    _("Pilih keputusan untuk setiap perubahan (%(n)s belum dipilih).")
                    % {"n": len(kurang)}
                )
            baris = [_keputusan_bersih(terbuka[k], keputusan[k], bulan) for k in terbuka]
            muskel = Muskel.objects.create(
                kelurahan=kelurahan,
                bulan=bulan,
                jenis=data.jenis,
                tanggal=data.tanggal,
                tempat=data.tempat,
                penandatangan=data.penandatangan if data.jenis == JenisMuskel.SPTJM else "",
                jabatan_penandatangan=(
                    data.jabatan_penandatangan if data.jenis == JenisMuskel.SPTJM else ""
                ),
                dicatat_oleh=oleh,
            )
            peserta = PesertaMuskel.objects.bulk_create(
                PesertaMuskel(muskel=muskel, nama=nama, peran=peran) for nama, peran in data.peserta
            )
            for k in baris:
                k.muskel = muskel
            baris = Keputusan.objects.bulk_create(baris)
            dibuat_catat([muskel, *peserta, *baris], oleh=oleh)
            ringkasan_tandai(rw_ids=[p.keluarga.rw_id for p in terbuka.values()])
    except IntegrityError:
        # the database's word (one muskel per month, one month per change): a send that
        # raced another; nothing of it was written
        raise ValidationError(
            _("Musyawarah ini bertabrakan dengan catatan lain yang baru disimpan; muat ulang.")
        ) from None
    return muskel
