"""KK and KTP photos are not kept for ever (UU 27/2022: no longer than the purpose needs).

`settings.FOTO_IDENTITAS_SIMPAN_HARI` days after a visit is approved or rejected, beat
deletes the files (original and derivatives) of its KK and KTP photos. The row stays,
marked DIHAPUS with `dihapus_at`, so the visit still says which photos it had and when
they were removed. House and other photos stay.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.utils import timezone

from audit.services import massal_catat, tanpa_audit_per_baris
from lib.penyimpanan import GALAT_PENYIMPANAN
from pendataan.models import FotoKunjungan, JenisFoto, StatusFoto, StatusKunjungan

logger = logging.getLogger(__name__)

JENIS_IDENTITAS = (JenisFoto.KK, JenisFoto.KTP)
BERKAS = ("asli", "besar", "kecil")


def foto_identitas_lama(*, sekarang: datetime.datetime):
    batas = sekarang - datetime.timedelta(days=settings.FOTO_IDENTITAS_SIMPAN_HARI)
    return FotoKunjungan.objects.filter(
        jenis__in=JENIS_IDENTITAS,
        dihapus_at__isnull=True,
        kunjungan__status__in=(StatusKunjungan.DISETUJUI, StatusKunjungan.DITOLAK),
        kunjungan__diperiksa_at__lt=batas,
    )


def foto_identitas_hapus_lama(*, sekarang: datetime.datetime | None = None) -> int:
    """Delete the files of KK/KTP photos past their kept days; returns how many went.

    The files first, then the row: a file that fails to go is tried again next time,
    and a row never says "removed" while a copy is still on disk."""
    sekarang = sekarang or timezone.now()
    jumlah = 0
    storage = FotoKunjungan._meta.get_field("asli").storage
    # a list first: SQLite gives no isolation between a cursor and writes to its table
    for pk, *nama in list(foto_identitas_lama(sekarang=sekarang).values_list("pk", *BERKAS)):
        try:
            for n in nama:
                if n:
                    storage.delete(n)
        except GALAT_PENYIMPANAN as exc:  # the disk or the bucket: tried again next time
            logger.warning("foto %s: berkas tidak terhapus (%s)", pk, type(exc).__name__)
            continue
        with tanpa_audit_per_baris():
            jumlah += FotoKunjungan.objects.filter(pk=pk, dihapus_at__isnull=True).update(
                asli="", besar="", kecil="", status=StatusFoto.DIHAPUS, dihapus_at=sekarang
            )
    if jumlah:
        massal_catat(
            oleh=None,
            model=FotoKunjungan,
            nama="retensi foto KK/KTP",
            sha256="",
            jumlah={"dihapus": jumlah, "hari": settings.FOTO_IDENTITAS_SIMPAN_HARI},
        )
        logger.info("foto KK/KTP lama dihapus: %d", jumlah)
    return jumlah
