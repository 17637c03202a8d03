"""Marking RWs whose summary a write has changed; called by those writes.

The mark is written in the write's own transaction, so it is there exactly when the
change is; on commit a task recomputes the RWs (dasbor/hitung.py), one waiting task
per RW at a time, and beat sweeps any mark a lost task left behind. One query per write.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import KombuError

from dasbor.models import RWKotor
from lib.redis_tembolok import CACHE_GAGAL

logger = logging.getLogger(__name__)

ANTREAN_GAGAL = (KombuError, OSError)
ANTRE_PALING_BANYAK = 50  # RWs of one write checked one by one against the queue


def ringkasan_tandai(*, rw_ids: Iterable[int | None]) -> None:
    """Mark these RWs out of date, and have them recomputed once the caller commits."""
    ids = sorted({i for i in rw_ids if i is not None})
    if not ids:
        return
    sekarang = timezone.now()
    # sorted: two writes marking the same RWs lock them in the same order
    RWKotor.objects.bulk_create(
        [RWKotor(rw_id=i, ditandai_at=sekarang) for i in ids],
        update_conflicts=True,
        unique_fields=["rw"],
        update_fields=["ditandai_at"],
    )
    transaction.on_commit(lambda: _antrekan(ids))


def _antrekan(rw_ids: list[int]) -> None:
    """A broker that is down must not fail the write: beat's sweep finds the mark.
    The pages kept in the cache for these RWs go first (dasbor/tembolok.py)."""
    from dasbor.tasks import perbarui_ringkasan
    from dasbor.tembolok import versi_naikkan

    versi_naikkan(rw_ids=rw_ids)

    rw_ids = _belum_antre(rw_ids)
    if not rw_ids:
        return
    try:
        perbarui_ringkasan.delay(rw_ids)
    except ANTREAN_GAGAL as exc:
        antre_lepas(rw_ids)  # the next write tries again; beat's sweep meanwhile
        logger.warning("ringkasan %d RW belum masuk antrean (%s)", len(rw_ids), type(exc).__name__)


def _kunci_antre(rw_id: int) -> str:
    return f"ringkasan:antre:{rw_id}"


def _belum_antre(rw_ids: list[int]) -> list[int]:
    """The RWs with no recompute waiting in the queue yet, now marked as waiting.

    A recompute that has not started reads the marks and the rows when it does, so a
    write committed before that is counted by it: a busy RW (visits every few
    seconds) queues one recompute at a time, not one per visit. The task drops its
    RWs' entries as it starts (`antre_lepas`); an entry a lost task left expires
    after RINGKASAN_ANTRE_DETIK, and beat's sweep recomputes the mark meanwhile.
    Many RWs at once (an import) are queued as they are; so is everything when the
    cache is down, or with RINGKASAN_ANTRE_DETIK = 0."""
    detik = settings.RINGKASAN_ANTRE_DETIK
    if not detik or len(rw_ids) > ANTRE_PALING_BANYAK:
        return rw_ids
    try:
        return [i for i in rw_ids if cache.add(_kunci_antre(i), 1, timeout=detik)]
    except CACHE_GAGAL as exc:
        logger.warning("antrean ringkasan tanpa tembolok (%s)", type(exc).__name__)
        return rw_ids


def antre_lepas(rw_ids: Iterable[int]) -> None:
    """A recompute of these RWs has started (or was never queued): a write from now on
    queues another."""
    if not settings.RINGKASAN_ANTRE_DETIK:
        return
    try:
        cache.delete_many([_kunci_antre(i) for i in rw_ids])
    except CACHE_GAGAL as exc:  # the entries expire by themselves
        logger.warning("antrean ringkasan tanpa tembolok (%s)", type(exc).__name__)


def ringkasan_tandai_periode(*, periode_id: int) -> None:
    """Mark every RW with a recipient on the period's list (an import rewrote it)."""
    from bansos.models import Penerima

    rw_ids = (
        Penerima.objects.filter(periode_id=periode_id)
        .values_list("keluarga__rw_id", flat=True)
        .distinct()
        .order_by()
    )
    ringkasan_tandai(rw_ids=list(rw_ids))
