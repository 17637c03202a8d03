"""Marking RWs whose summary a write has changed; called by those writes.

The mark is written in the write's own transaction, so it is there exactly when the
change is; on commit a task recomputes the RWs (dasbor/hitung.py), and beat sweeps
any mark a lost task left behind. One query per write.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from kombu.exceptions import KombuError

from dasbor.models import RWKotor

logger = logging.getLogger(__name__)

ANTREAN_GAGAL = (KombuError, OSError)


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

    try:
        perbarui_ringkasan.delay(rw_ids)
    except ANTREAN_GAGAL as exc:
        logger.warning("ringkasan %d RW belum masuk antrean (%s)", len(rw_ids), type(exc).__name__)


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
