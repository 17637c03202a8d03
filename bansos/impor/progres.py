"""How far the worker is, for the status page, kept in the cache rather than the row.

Pass 2 writes in one transaction, and the worker's own update of the import's
row would stay invisible until it commits (PostgreSQL) or wait for the write
lock it holds itself (SQLite). A second database connection would work on
PostgreSQL only; the cache works on both and sits outside any transaction: in
production it is Redis, shared by the web and worker processes. Without
REDIS_URL it is per process, but then the task runs inside the upload request
and nobody polls until it is done. Progress is a courtesy: a cache that is down
must never fail an import, so errors are logged and ignored.
"""

from __future__ import annotations

import logging

from django.core.cache import cache

from bansos.models import ImporPenerima, StatusImpor

logger = logging.getLogger(__name__)

# Longer than the longest import (the task's hard time limit); gone soon after.
UMUR = 2 * 60 * 60
BERJALAN = (StatusImpor.MEMERIKSA, StatusImpor.MENULIS)


PENERIMA = "bansos:impor-penerima"


def _kunci(impor_id: int, jenis: str) -> str:
    return f"{jenis}:{impor_id}:baris"


def catat(impor_id: int, baris: int, *, jenis: str = PENERIMA) -> None:
    try:
        cache.set(_kunci(impor_id, jenis), baris, UMUR)
    except Exception as exc:  # the cache backend's own errors (redis, ...) vary
        logger.warning("progres impor %s tidak tercatat (%s)", impor_id, type(exc).__name__)


def impor_penerima_progres(impor: ImporPenerima, *, jenis: str = PENERIMA) -> int:
    """Rows done: the worker's latest count while it runs, else what the row says.
    (Any import with the same status values and counts: `jenis` names its kind.)"""
    if impor.status not in BERJALAN:
        return impor.baris_diproses
    try:
        baris = cache.get(_kunci(impor.pk, jenis))
    except Exception as exc:
        logger.warning("progres impor %s tidak terbaca (%s)", impor.pk, type(exc).__name__)
        baris = None
    return impor.baris_diproses if baris is None else baris


def hapus(impor_id: int, *, jenis: str = PENERIMA) -> None:
    try:
        cache.delete(_kunci(impor_id, jenis))
    except Exception as exc:
        logger.warning("progres impor %s tidak terhapus (%s)", impor_id, type(exc).__name__)
