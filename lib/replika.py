"""City-wide dashboards may read from a PostgreSQL read replica.

With DATABASE_REPLICA_URL set, the settings add a `replica` database. A
selector whose figures may be a moment old (an aggregate for pimpinan, Dinsos
or BKPSDM, never a page someone is about to change) wraps its queryset in
`dari_replika`, which reads it there; without a replica it reads the primary as
before. The router makes everything else safe: every write goes to the primary
(an object read from the replica is saved to the primary), objects from either
may be related, and migrations never run on the replica.
"""

from __future__ import annotations

from typing import TypeVar

from django.conf import settings
from django.db.models import Model, QuerySet

REPLIKA = "replica"
UTAMA = "default"

M = TypeVar("M", bound=Model)


def ada_replika() -> bool:
    return REPLIKA in settings.DATABASES


def dari_replika(queryset: QuerySet[M]) -> QuerySet[M]:
    """`queryset` read from the replica when there is one, else unchanged."""
    return queryset.using(REPLIKA) if ada_replika() else queryset


class RouterReplika:
    """Reads go where the queryset says (the primary unless `dari_replika`)."""

    def db_for_read(self, model, **hints):
        return None

    def db_for_write(self, model, **hints):
        instance = hints.get("instance")
        if instance is not None and instance._state.db == REPLIKA:
            return UTAMA  # read there, written here
        return None

    def allow_relation(self, obj1, obj2, **hints):
        # the replica holds the primary's rows: an object read there is the same one
        return {obj1._state.db, obj2._state.db} <= {UTAMA, REPLIKA} or None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == REPLIKA else None
