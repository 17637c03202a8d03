"""Writing imported rows in bulk: create the new ones, update only what changed.

Both imports (officer candidates, families) write thousands of rows at once;
this keeps it to a few queries and tells apart new, changed and unchanged rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils import timezone

BATCH = 1000


@dataclass
class Upsert:
    created: list
    updated: list
    unchanged: int


def bulk_upsert(
    model: type[models.Model],
    *,
    key: str,
    rows: dict[str, dict],
    existing: dict[str, models.Model],
) -> Upsert:
    """`rows` maps a key value to field values; `existing` the rows already stored (the
    caller locked them in its transaction). `updated_at` is stamped on changed rows,
    as bulk_update does not touch auto_now fields."""
    baru, berubah, kolom, tetap = [], [], set(), 0
    now = timezone.now()
    for nilai_kunci, nilai in rows.items():
        obj = existing.get(nilai_kunci)
        if obj is None:
            baru.append(model(**{key: nilai_kunci}, **nilai))
            continue
        beda = [f for f, v in nilai.items() if getattr(obj, f) != v]
        if not beda:
            tetap += 1
            continue
        for f in beda:
            setattr(obj, f, nilai[f])
        obj.updated_at = now
        berubah.append(obj)
        kolom.update(beda)
    model.objects.bulk_create(baru, batch_size=BATCH)
    if berubah:
        model.objects.bulk_update(berubah, fields=sorted(kolom | {"updated_at"}), batch_size=BATCH)
    return Upsert(created=baru, updated=berubah, unchanged=tetap)
