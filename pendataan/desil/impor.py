"""The desil import as a job: the upload, who sees the imports, the worker's two passes."""

from __future__ import annotations

import datetime
import logging

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from akun.access import peran_efektif
from akun.models import Peran, User
from audit.services import massal_catat, sha256_berkas, tanpa_audit_per_baris
from bansos.impor import progres
from bansos.impor.berkas import encodings, simpan_dan_antrekan, tidak_terbaca
from bansos.impor.proses import MULAI
from bansos.models import StatusImpor
from dasbor.tandai import ringkasan_tandai
from dasbor.tembolok import versi_naikkan_saat_commit
from lib.tabular import ImportRefused
from pendataan.desil.periksa import JENIS_PROGRES, MASALAH_DISIMPAN, Laporan, periksa
from pendataan.desil.tulis import tulis
from pendataan.models import ImporDesil, Keluarga
from pendataan.tasks import proses_impor_desil

logger = logging.getLogger(__name__)

__all__ = ["JENIS_PROGRES", "impor_desil_for", "impor_desil_mulai", "impor_desil_proses"]


def impor_desil_for(user: User) -> QuerySet[ImporDesil]:
    """Dinsos (and superadmin) see every desil import; nobody else any."""
    if peran_efektif(user) in (Peran.DINSOS, Peran.SUPERADMIN):
        return ImporDesil.objects.select_related("dibuat_oleh")
    return ImporDesil.objects.none()


def impor_desil_mulai(
    *, berkas: UploadedFile, berlaku_mulai: datetime.date | None, oleh: User
) -> ImporDesil:
    """Store an uploaded desil file privately and hand it to the worker; a wrong file
    (too big, not CSV or XLSX) is refused with a ValidationError."""
    impor = ImporDesil(
        nama_berkas=berkas.name[-255:], berlaku_mulai=berlaku_mulai, dibuat_oleh=oleh
    )
    simpan_dan_antrekan(impor, berkas, tugas=proses_impor_desil)
    logger.info("impor_desil %s dimulai oleh user %s", impor.pk, oleh.pk)
    return impor


def _ubah(impor: ImporDesil, dari: tuple[str, ...], **nilai) -> bool:
    return bool(ImporDesil.objects.filter(pk=impor.pk, status__in=dari).update(**nilai))


def _tolak(impor: ImporDesil, laporan: Laporan) -> None:
    _ubah(
        impor,
        (StatusImpor.MEMERIKSA, StatusImpor.MENULIS),
        status=StatusImpor.DITOLAK,
        jumlah_masalah=laporan.jumlah,
        masalah=laporan.masalah[:MASALAH_DISIMPAN],
        selesai_at=timezone.now(),
    )


def _periksa(impor: ImporDesil):
    for encoding in encodings(impor):
        try:
            return periksa(impor, encoding=encoding)
        except UnicodeDecodeError:
            continue
    raise tidak_terbaca()


def impor_desil_proses(*, impor: ImporDesil) -> None:
    """Check the stored file; only if every row is sound, write it in one transaction.
    The import is marked SELESAI inside that transaction: one left MENULIS saved nothing."""
    if not _ubah(
        impor,
        (StatusImpor.MENUNGGU,),
        status=StatusImpor.MEMERIKSA,
        ringkasan={MULAI: timezone.now().isoformat()},  # beat tells a dead worker by it
    ):
        return  # another worker has it, or it is finished
    try:
        baris, laporan = _periksa(impor)
        if laporan.jumlah:
            _tolak(impor, laporan)
            logger.info("impor_desil %s ditolak: %d masalah", impor.pk, laporan.jumlah)
            return
        _ubah(
            impor,
            (StatusImpor.MEMERIKSA,),
            status=StatusImpor.MENULIS,
            baris_total=len(baris),
            baris_diproses=0,
        )
        with transaction.atomic(), tanpa_audit_per_baris():
            hasil = tulis(impor, baris, laporan)
            # the RWs of the families it ranked anew: their dashboards, worklists (the
            # risk of a recipient above a program's ceiling) and caches follow
            ringkasan_tandai(
                rw_ids=list(
                    Keluarga.objects.filter(desil_set__impor=impor)
                    .values_list("rw_id", flat=True)
                    .distinct()
                    .order_by()
                )
            )
            # every page may show a family's desil (dasbor/tembolok.py)
            versi_naikkan_saat_commit(umum=True)
            # one audit entry for the whole file, with its hash and counts, not one per family
            massal_catat(
                oleh=impor.dibuat_oleh,
                model=ImporDesil,
                objek_pk=str(impor.pk),
                nama=impor.nama_berkas,
                sha256=sha256_berkas(impor.berkas),
                jumlah=hasil,
            )
            _ubah(
                impor,
                (StatusImpor.MENULIS,),
                status=StatusImpor.SELESAI,
                baris_diproses=len(baris),
                ringkasan=hasil,
                jumlah_masalah=laporan.jumlah,  # the rows left out, by row
                masalah=laporan.masalah,
                selesai_at=timezone.now(),
            )
    except ImportRefused as refused:
        laporan = Laporan()
        for e in refused.errors:
            laporan.catat(e.row, e.message)
        _tolak(impor, laporan)
        logger.info("impor_desil %s ditolak: berkas tidak terbaca", impor.pk)
        return
    except Exception as exc:
        # a database error's message can quote the rows: only its class is logged
        logger.error("impor_desil %s gagal: %s", impor.pk, exc.__class__.__name__)
        laporan = Laporan()
        laporan.catat(
            0, _("Impor gagal karena kesalahan sistem; tidak ada data yang disimpan. Coba lagi.")
        )
        _tolak(impor, laporan)
        return
    finally:
        progres.hapus(impor.pk, jenis=JENIS_PROGRES)
    logger.info("impor_desil %s selesai: %s", impor.pk, hasil)
