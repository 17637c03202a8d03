"""Scoped reads of officers and placements."""

from django.db.models import QuerySet

from akun.access import peran_efektif
from akun.models import Peran, User
from petugas.models import Penugasan, Petugas
from wilayah.models import Kecamatan
from wilayah.selectors import kecamatan_ringkasan

PERAN_PETUGAS_DATA = {Peran.BKPSDM, Peran.SUPERADMIN}


def petugas_for(user: User) -> QuerySet[Petugas]:
    """Officers and candidates: BKPSDM (and superadmin) see the whole city, no one else."""
    if peran_efektif(user) in PERAN_PETUGAS_DATA:
        return Petugas.objects.select_related("opd", "kelurahan_domisili__kecamatan", "user")
    return Petugas.objects.none()


def penugasan_aktif_for(user: User) -> QuerySet[Penugasan]:
    """The active placements of the officer who is logged in (none once ended)."""
    return Penugasan.objects.filter(petugas__user=user, selesai__isnull=True).select_related(
        "rw__kelurahan__kecamatan", "petugas__opd"
    )


def ringkasan_penempatan() -> QuerySet[Kecamatan]:
    """Per kecamatan: RW in all, filled and vacant. Officer data only, no households."""
    return kecamatan_ringkasan(Kecamatan.objects.all()).order_by("-dalam_program", "kode")
