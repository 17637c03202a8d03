"""Scoped reads of officers and placements."""

from django.db.models import Count, F, Q, QuerySet

from akun.models import User
from petugas.models import Penugasan
from wilayah.models import Kecamatan


def penugasan_aktif_for(user: User) -> QuerySet[Penugasan]:
    """The active placements of the officer who is logged in (none once ended)."""
    return Penugasan.objects.filter(petugas__user=user, selesai__isnull=True).select_related(
        "rw__kelurahan__kecamatan", "petugas__opd"
    )


def ringkasan_penempatan() -> QuerySet[Kecamatan]:
    """Per kecamatan: RW in all, RW with an active officer. Officer data only, no households."""
    return Kecamatan.objects.annotate(
        jumlah_rw=Count("kelurahan_set__rw_set", distinct=True),
        jumlah_rw_terisi=Count(
            "kelurahan_set__rw_set",
            filter=Q(kelurahan_set__rw_set__penugasan_set__selesai__isnull=True),
            distinct=True,
        ),
    ).annotate(
        jumlah_rw_kosong=F("jumlah_rw") - F("jumlah_rw_terisi")
    ).order_by("-dalam_program", "kode")
