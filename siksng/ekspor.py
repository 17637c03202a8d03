"""The month's SIKS-NG XLSX, built by Celery (lib/ekspor.py holds the steps it shares with
bansos's results export).

Dinsos asks for the city's file, with whole NIK and KK numbers: it is what they enter in
SIKS-NG. An admin kecamatan asks for their kecamatan's, masked, to check it. Asking while
the same file is being built returns that one; the request only creates the job.
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet

from akun.access import peran_efektif
from akun.models import Peran, User
from lib.ekspor import ekspor_minta, ekspor_progres, ekspor_simpan
from pendataan.selectors import PERAN_NIK_UTUH
from siksng.berkas import tulis_xlsx_bulan
from siksng.models import EksporSiksng, Keputusan, Pengaturan
from siksng.selectors import PERAN_SIKSNG_SEKOTA
from siksng.tasks import tulis_ekspor_siksng

logger = logging.getLogger(__name__)


def cakupan_ekspor(user: User):
    """The kecamatan a user's monthly file covers: None (the city) for Dinsos, their own
    for an admin kecamatan; PermissionDenied for anyone else."""
    peran = peran_efektif(user)
    if peran in PERAN_SIKSNG_SEKOTA:
        return None
    if peran == Peran.ADMIN_KECAMATAN and user.kecamatan_id:
        return user.kecamatan
    raise PermissionDenied


@transaction.atomic
def ekspor_bulan_mulai(*, bulan: datetime.date, oleh: User) -> tuple[EksporSiksng, bool]:
    """Ask for a month's file in the asker's scope; returns it and whether it is new."""
    kecamatan = cakupan_ekspor(oleh)
    # Two clicks at the same moment: the second waits on the cycle's settings row (one
    # row, always there once asked for), then finds the first.
    Pengaturan.objects.get_or_create(pk=1)
    Pengaturan.objects.select_for_update().get(pk=1)
    kunci = {
        "bulan": bulan,
        "kecamatan": kecamatan,
        "nomor_utuh": peran_efektif(oleh) in PERAN_NIK_UTUH,
    }
    return ekspor_minta(
        EksporSiksng, kunci=kunci, oleh=oleh, tugas=tulis_ekspor_siksng, logger=logger
    )


def keputusan_ekspor(ekspor: EksporSiksng) -> QuerySet[Keputusan]:
    """The decisions the file holds: every change agreed for its month, in its scope."""
    keputusan = Keputusan.objects.filter(bulan=ekspor.bulan)
    if ekspor.kecamatan_id is not None:
        keputusan = keputusan.filter(muskel__kelurahan__kecamatan_id=ekspor.kecamatan_id)
    return keputusan


def ekspor_bulan_tulis(*, ekspor: EksporSiksng) -> None:
    """The worker's job: write the month's file and keep it privately."""
    keputusan = keputusan_ekspor(ekspor)
    ekspor_simpan(
        ekspor,
        hitung=keputusan.count,
        tulis=lambda path: tulis_xlsx_bulan(
            keputusan,
            path,
            utuh=ekspor.nomor_utuh,
            progres=lambda n: ekspor_progres(ekspor, n),
        ),
        logger=logger,
    )
