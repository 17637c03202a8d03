"""Writes to officers and their placements."""

import datetime

from django.db import transaction
from django.utils import timezone

from akun.models import User
from petugas.models import Penugasan, Petugas
from wilayah.models import RW


@transaction.atomic
def penugasan_buat(
    *,
    petugas: Petugas,
    rw: RW,
    oleh: User | None,
    mulai: datetime.date | None = None,
    nomor_sk: str = "",
    alasan: str = "",
) -> Penugasan:
    """Place an officer in an RW. The database refuses a second active one on either side."""
    penugasan = Penugasan(
        petugas=petugas,
        rw=rw,
        mulai=mulai or timezone.localdate(),
        nomor_sk=nomor_sk,
        alasan=alasan,
        created_by=oleh,
    )
    penugasan.full_clean()
    penugasan.save()
    return penugasan


@transaction.atomic
def penugasan_akhiri(
    *, penugasan: Penugasan, alasan: str, selesai: datetime.date | None = None
) -> Penugasan:
    penugasan.selesai = selesai or timezone.localdate()
    penugasan.alasan_selesai = alasan
    penugasan.full_clean()
    penugasan.save(update_fields=["selesai", "alasan_selesai"])
    return penugasan
