"""The programs' desil rules, in one place: who is above a program's ceiling, and which
families in the lowest desil receive nothing (suggested for an usulan).

Kepmensos 79/HUK/2025 sets the ceilings (PKH desil 1-4; Sembako/BPNT, PBI-JK and other
welfare programs 1-5); Dinsos does not set the desil but may suspend a recipient above
it pending a ground check, which is what the flag asks for.
"""

from django.db.models import Exists, F, OuterRef, Q, QuerySet

from akun.models import User
from bansos.models import Penerima
from bansos.selectors import periode_terbaru
from pendataan.dtsen import DESIL_USULAN
from pendataan.models import Keluarga
from pendataan.selectors import keluarga_for


def di_atas_desil(desil: int | None, batas: int | None) -> bool:
    """A family's desil above a program's ceiling (no desil, or no ceiling: never)."""
    return desil is not None and batas is not None and desil > batas


# the same rule as a filter on recipients (NULL on either side compares false in SQL)
PENERIMA_DI_ATAS_DESIL = Q(keluarga__desil__gt=F("periode__program__batas_desil"))


def program_keluarga(keluarga: Keluarga) -> list[Penerima]:
    """The family's places on the lists being verified now, each with `di_atas_desil`."""
    penerima = list(
        Penerima.objects.filter(
            keluarga=keluarga, aktif=True, periode__in=[p.pk for p in periode_terbaru()]
        ).select_related("periode__program")
    )
    for p in penerima:
        p.di_atas_desil = di_atas_desil(keluarga.desil, p.periode.program.batas_desil)
    return penerima


def usulan_desil_for(user: User) -> QuerySet[Keluarga]:
    """The families in the user's scope in desil 1-2 that are on no list being verified
    now (each active program's newest period): candidates for an usulan."""
    menerima = Penerima.objects.filter(
        keluarga=OuterRef("pk"), aktif=True, periode__in=[p.pk for p in periode_terbaru()]
    )
    return (
        keluarga_for(user)
        .filter(desil__lte=DESIL_USULAN)
        .exclude(Exists(menerima))
        .order_by("desil", "rw__kelurahan__nama", "rw__nomor", "rt", "alamat", "pk")
    )
