"""Scoped reads of officers and placements."""

from django.db.models import QuerySet

from akun.models import User
from petugas.models import Penugasan
from wilayah.models import Kecamatan
from wilayah.selectors import kecamatan_ringkasan


def penugasan_aktif_for(user: User) -> QuerySet[Penugasan]:
    """The active placements of the officer who is logged in (none once ended)."""
    return Penugasan.objects.filter(petugas__user=user, selesai__isnull=True).select_related(
        "rw__kelurahan__kecamatan", "petugas__opd"
    )


def ringkasan_penempatan() -> QuerySet[Kecamatan]:
    """Per kecamatan: RW in all, filled and vacant. Officer data only, no households."""
    return kecamatan_ringkasan(Kecamatan.objects.all()).order_by("-dalam_program", "kode")
