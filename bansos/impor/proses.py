"""The job: who may see imports, the worker's two passes, and beat's look at stuck ones."""

from __future__ import annotations

import datetime
import logging

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from akun.access import peran_efektif
from akun.models import Peran, User
from bansos.impor import progres
from bansos.impor.berkas import antrekan, encodings
from bansos.impor.periksa import MASALAH_DISIMPAN, Pemeriksaan, periksa
from bansos.impor.postgres import TampungPostgres, tulis_postgres
from bansos.impor.tulis import BerubahSelamaImpor, TampungBatch, tulis_batch
from bansos.models import ImporPenerima, Periode, StatusImpor
from bansos.tasks import proses_impor_penerima
from dasbor.tandai import ringkasan_tandai_periode
from lib.tabular import ImportRefused, RowError

logger = logging.getLogger(__name__)

# When the worker took the import, kept in its summary until the summary is written:
# beat tells an import still running from one whose worker died by it.
MULAI = "mulai"
MENUNGGU_PALING_LAMA = datetime.timedelta(minutes=15)
# Past the task's hard time limit the worker was killed and its transaction rolled back.
SELANG_AMAN = datetime.timedelta(minutes=10)


def impor_penerima_for(user: User) -> QuerySet[ImporPenerima]:
    """The imports a user may see: Dinsos (and superadmin) all of them, nobody else any."""
    if peran_efektif(user) in (Peran.DINSOS, Peran.SUPERADMIN):
        return ImporPenerima.objects.select_related("periode__program", "dibuat_oleh")
    return ImporPenerima.objects.none()


class _Diambil(Exception):
    """Beat refused the import while this worker still wrote it: roll back."""


def _ubah(impor: ImporPenerima, dari: tuple[str, ...], **nilai) -> bool:
    """Move the import on only from a status this worker is in (beat may have refused it)."""
    return bool(ImporPenerima.objects.filter(pk=impor.pk, status__in=dari).update(**nilai))


def _tolak(impor: ImporPenerima, *, jumlah: int, masalah: list) -> None:
    _ubah(
        impor,
        progres.BERJALAN,
        status=StatusImpor.DITOLAK,
        jumlah_masalah=jumlah,
        masalah=masalah[:MASALAH_DISIMPAN],
        selesai_at=timezone.now(),
    )


def _pemeriksaan(impor: ImporPenerima, *, postgres: bool):
    """Pass 1 in the first encoding the file reads in: (result, encoding, sink)."""
    for encoding in encodings(impor):
        tampung = TampungPostgres() if postgres else TampungBatch()
        try:
            return periksa(impor, encoding=encoding, tampung=tampung), encoding, tampung
        except UnicodeDecodeError:
            _tutup(impor, tampung)
        except BaseException:
            _tutup(impor, tampung)
            raise
    raise ImportRefused(
        [
            RowError(
                0,
                _(
                    "Berkas tidak bisa dibaca sebagai teks CSV (UTF-8). Simpan ulang "
                    'dari Excel sebagai "CSV UTF-8 (Comma delimited)".'
                ),
            )
        ]
    )


def impor_penerima_proses(*, impor: ImporPenerima) -> None:
    """Check the stored file, then (only if every row is sound) write the period's list.

    Pass 2 is one transaction, and the import is marked SELESAI inside it: an
    import left MENULIS has saved nothing.
    """
    diambil = ImporPenerima.objects.filter(pk=impor.pk, status=StatusImpor.MENUNGGU).update(
        status=StatusImpor.MEMERIKSA,
        baris_diproses=0,
        ringkasan={MULAI: timezone.now().isoformat()},
    )
    if not diambil:  # another worker has it (a redelivered task), or it is finished
        return
    impor.refresh_from_db()
    postgres = _pakai_postgres()
    tampung = None
    try:
        pemeriksaan, encoding, tampung = _pemeriksaan(impor, postgres=postgres)
        if pemeriksaan.jumlah_masalah:
            _tolak(impor, jumlah=pemeriksaan.jumlah_masalah, masalah=pemeriksaan.laporan())
            logger.info(
                "impor_penerima %s ditolak: %d masalah", impor.pk, pemeriksaan.jumlah_masalah
            )
            return
        hasil = _tulis(impor, pemeriksaan, encoding=encoding, postgres=postgres)
    except ImportRefused as refused:
        masalah = [[e.row, e.message] for e in refused.errors]
        _tolak(impor, jumlah=len(masalah), masalah=masalah)
        logger.info("impor_penerima %s ditolak: berkas tidak terbaca", impor.pk)
        return
    except BerubahSelamaImpor as exc:
        _tolak(impor, jumlah=1, masalah=[[exc.row, exc.pesan]])
        logger.info("impor_penerima %s ditolak: data berubah selama impor", impor.pk)
        return
    except _Diambil:
        logger.warning("impor_penerima %s sudah ditolak oleh pemeriksa impor macet", impor.pk)
        return
    except Exception as exc:
        # The message of a database error can quote the rows: only its class is logged.
        logger.error("impor_penerima %s gagal: %s", impor.pk, exc.__class__.__name__)
        pesan = _("Impor gagal karena kesalahan sistem; tidak ada data yang disimpan. Coba lagi.")
        _tolak(impor, jumlah=1, masalah=[[0, pesan]])
        return
    finally:
        if tampung is not None:
            _tutup(impor, tampung)
        progres.hapus(impor.pk)
    logger.info("impor_penerima %s selesai: %s", impor.pk, hasil)


def _pakai_postgres() -> bool:
    return connection.vendor == "postgresql"


def _tulis(impor: ImporPenerima, p: Pemeriksaan, *, encoding: str, postgres: bool) -> dict:
    if not _ubah(
        impor,
        (StatusImpor.MEMERIKSA,),
        status=StatusImpor.MENULIS,
        baris_total=p.baris,
        baris_diproses=0,
    ):
        raise _Diambil
    progres.catat(impor.pk, 0)
    with transaction.atomic():
        # Two lists of one period written at once would mix; officers' findings only
        # take a key-share lock on the period, which this one lets through.
        Periode.objects.select_for_update(no_key=True).filter(pk=impor.periode_id).first()
        if postgres:
            hasil = tulis_postgres(impor, baris_total=p.baris)
        else:
            hasil = tulis_batch(impor, encoding=encoding)
        ringkasan_tandai_periode(periode_id=impor.periode_id)
        if not _ubah(
            impor,
            (StatusImpor.MENULIS,),
            status=StatusImpor.SELESAI,
            baris_diproses=p.baris,
            ringkasan=hasil,
            selesai_at=timezone.now(),
        ):
            raise _Diambil
    return hasil


def _tutup(impor: ImporPenerima, tampung) -> None:
    try:
        tampung.tutup()
    except Exception as exc:  # a lost connection took the TEMP table with it anyway
        logger.warning("impor_penerima %s: tabel sementara (%s)", impor.pk, type(exc).__name__)


# ------------------------------------------------------------ stuck imports


def impor_penerima_pulihkan() -> tuple[int, int]:
    """Sent by beat: an import waiting too long is queued again (the task leaves one
    already taken); one running past the task's hard time limit lost its worker and is
    refused. Returns (queued again, refused)."""
    now = timezone.now()
    menunggu = list(
        ImporPenerima.objects.filter(
            status=StatusImpor.MENUNGGU, created_at__lt=now - MENUNGGU_PALING_LAMA
        ).values_list("pk", flat=True)
    )
    for impor_id in menunggu:
        antrekan(impor_id)
    batas = now - datetime.timedelta(seconds=proses_impor_penerima.time_limit) - SELANG_AMAN
    ditolak = 0
    for impor in ImporPenerima.objects.filter(status__in=progres.BERJALAN):
        if _mulai(impor) >= batas:
            continue
        pesan = _(
            "Pemrosesan berkas terhenti sebelum selesai (pekerja latar berhenti atau waktu "
            "habis); tidak ada data yang disimpan. Unggah ulang berkasnya."
        )
        if _ubah(
            impor,
            progres.BERJALAN,
            status=StatusImpor.DITOLAK,
            jumlah_masalah=1,
            masalah=[[0, pesan]],
            selesai_at=now,
        ):
            ditolak += 1
            logger.warning("impor_penerima %s macet: ditolak", impor.pk)
    return len(menunggu), ditolak


def _mulai(impor: ImporPenerima) -> datetime.datetime:
    try:
        return datetime.datetime.fromisoformat(impor.ringkasan[MULAI])
    except (KeyError, TypeError, ValueError):
        return impor.created_at
