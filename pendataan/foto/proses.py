"""The worker's run: one photo from MENUNGGU to SELESAI or GAGAL, its outcome stored once."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dasbor.tembolok import versi_naikkan_saat_commit
from pendataan.bendera import bendera_perbarui
from pendataan.foto.gambar import GambarTidakSah, HasilProses, proses_gambar
from pendataan.models import FotoKunjungan, Kunjungan, StatusFoto

logger = logging.getLogger(__name__)

# A photo whose processing never finishes (e.g. it kills the worker each time, and
# reject_on_worker_lost hands it back) is given up after this many starts.
MAKS_PERCOBAAN = 5


def _percobaan_ke(foto: FotoKunjungan) -> int:
    """How many times processing of this photo has started (today), this one included."""
    kunci = f"pendataan:foto-percobaan:{foto.foto_uuid}"
    try:
        cache.add(kunci, 0, timeout=24 * 3600)
        return cache.incr(kunci)
    except Exception:  # the count is a safeguard; without the cache, carry on
        logger.warning("foto %s: jumlah percobaan tidak tercatat", foto.pk)
        return 1


def _simpan_hasil(foto: FotoKunjungan, hasil: HasilProses | None, pesan: str = "") -> bool:
    """Store the outcome unless another run got there first; True when stored."""
    storage = foto.besar.storage
    disimpan: list[str] = []
    try:
        with transaction.atomic():
            status = (
                FotoKunjungan.objects.select_for_update()
                .filter(pk=foto.pk)
                .values_list("status", flat=True)
                .first()
            )
            if status != StatusFoto.MENUNGGU:
                return False
            if hasil is None:
                foto.status = StatusFoto.GAGAL
                foto.pesan = pesan[:255]
            else:
                foto.besar.save("besar", ContentFile(hasil.besar), save=False)
                disimpan.append(foto.besar.name)
                foto.kecil.save("kecil", ContentFile(hasil.kecil), save=False)
                disimpan.append(foto.kecil.name)
                foto.status = StatusFoto.SELESAI
                foto.pesan = ""
                foto.lebar = hasil.lebar
                foto.tinggi = hasil.tinggi
                foto.phash = hasil.phash
                foto.exif_waktu = hasil.waktu
                foto.exif_latitude = hasil.latitude
                foto.exif_longitude = hasil.longitude
                foto.exif_kamera = hasil.kamera
            foto.diproses_at = timezone.now()
            # the pages showing the visit's photos (dasbor/tembolok.py)
            rw_ids = Kunjungan.objects.filter(pk=foto.kunjungan_id).values_list("rw_id", flat=True)
            versi_naikkan_saat_commit(rw_ids=rw_ids)
            foto.save(
                update_fields=[
                    "besar",
                    "kecil",
                    "status",
                    "pesan",
                    "ukuran_bytes",
                    "lebar",
                    "tinggi",
                    "phash",
                    "exif_waktu",
                    "exif_latitude",
                    "exif_longitude",
                    "exif_kamera",
                    "diproses_at",
                ]
            )
    except Exception:
        for nama in disimpan:
            storage.delete(nama)
        raise
    return True


def _bendera_perbarui(kunjungan_id: int) -> list[dict]:
    # The visit row is locked so that two photos of one visit, finished by two
    # workers at once, cannot store flags computed before the other's commit.
    with transaction.atomic():
        kunjungan = (
            Kunjungan.objects.select_for_update(of=("self",))
            .select_related("rw__kelurahan", "keluarga")
            .get(pk=kunjungan_id)
        )
        return bendera_perbarui(kunjungan=kunjungan)


# Key of the PostgreSQL advisory locks (pg_try_advisory_lock(int, int)) held while a
# photo is processed; the second int is the photo's id. Any constant unused elsewhere.
KUNCI_PROSES_FOTO = 0x46_4F_54  # "FOT"


@contextmanager
def _pegang(foto: FotoKunjungan) -> Iterator[bool]:
    """Hold the photo while it is processed; False when another process holds it.

    A session lock of PostgreSQL, not a row lock: no transaction stays open during the
    decoding, and the lock goes with the connection when the process holding it is
    killed. SQLite runs the tasks in the request that sends them; nothing to hold.
    """
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [KUNCI_PROSES_FOTO, foto.pk])
        dipegang = cursor.fetchone()[0]
    try:
        yield dipegang
    finally:
        if dipegang:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [KUNCI_PROSES_FOTO, foto.pk])


def foto_proses(*, foto: FotoKunjungan) -> None:
    """Process a photo MENUNGGU into SELESAI (derivatives, EXIF, hash) or GAGAL (with a
    reason, original kept), then refresh its visit's flags. Other photos are left alone.

    The photo may be sent twice (the sweep when a worker connects, a message Redis
    hands back after the visibility timeout): it is processed once, by the run that
    holds it while it is still MENUNGGU."""
    with _pegang(foto) as dipegang:
        if not dipegang:
            logger.info("foto %s: dilewati, sedang diproses di proses lain", foto.pk)
            return
        foto.refresh_from_db(fields=["status"])
        if foto.status != StatusFoto.MENUNGGU:
            logger.info("foto %s: dilewati, sudah %s", foto.pk, foto.status)
            return
        _proses(foto)


def _proses(foto: FotoKunjungan) -> None:
    percobaan = _percobaan_ke(foto)
    logger.info("foto %s: mulai diproses (percobaan %s)", foto.pk, percobaan)
    if percobaan > MAKS_PERCOBAAN:
        hasil = None
        pesan = _("Foto gagal diproses setelah %(n)d kali percobaan.") % {"n": MAKS_PERCOBAAN}
    else:
        with foto.asli.open("rb") as berkas:
            data = berkas.read()
        foto.ukuran_bytes = len(data)
        try:
            hasil, pesan = proses_gambar(data), ""
        except GambarTidakSah as exc:
            hasil, pesan = None, exc.pesan
    if not _simpan_hasil(foto, hasil, pesan):
        foto.refresh_from_db()
        return
    logger.info("foto %s: %s", foto.pk, foto.status)
    foto.kunjungan.bendera = _bendera_perbarui(foto.kunjungan_id)
