"""Scoped reads of the SIKS-NG cycle: who sees which muskel.

- admin kecamatan: the muskel of the kelurahan of their kecamatan;
- Dinsos and superadmin: the whole city;
- every other role: none (a muskel names recipients).
Kelurahan come from `wilayah.selectors.kelurahan_for`, the one place for area scope.
"""

from django.db.models import Count, Q, QuerySet, Sum

from akun.access import peran_efektif
from akun.models import Peran, User
from siksng.models import EksporSiksng, Muskel, Putusan
from wilayah.models import Kelurahan
from wilayah.selectors import kelurahan_for

PERAN_SIKSNG = {Peran.ADMIN_KECAMATAN, Peran.DINSOS, Peran.SUPERADMIN}
PERAN_SIKSNG_SEKOTA = {Peran.DINSOS, Peran.SUPERADMIN}


def kelurahan_siksng_for(user: User) -> QuerySet[Kelurahan]:
    if peran_efektif(user) not in PERAN_SIKSNG:
        return Kelurahan.objects.none()
    return kelurahan_for(user)


def muskel_for(user: User) -> QuerySet[Muskel]:
    return (
        Muskel.objects.filter(kelurahan__in=kelurahan_siksng_for(user))
        .select_related("kelurahan__kecamatan", "dicatat_oleh")
        .defer("kelurahan__batas", "kelurahan__kecamatan__batas")
    )


def muskel_dengan_jumlah(muskel: QuerySet[Muskel]) -> QuerySet[Muskel]:
    """Each muskel with its counts of decisions: agreed (with or without change), postponed."""
    return muskel.annotate(
        jumlah_disepakati=Count("keputusan_set", filter=~Q(keputusan_set__putusan=Putusan.DITUNDA)),
        jumlah_ditunda=Count("keputusan_set", filter=Q(keputusan_set__putusan=Putusan.DITUNDA)),
    )


def ekspor_siksng_for(user: User) -> QuerySet[EksporSiksng]:
    """Dinsos sees every monthly file; an admin kecamatan the masked files of their
    kecamatan (never one with whole numbers, even of their own); anyone else none."""
    peran = peran_efektif(user)
    ekspor = EksporSiksng.objects.select_related("kecamatan", "dibuat_oleh").defer(
        "kecamatan__batas"
    )
    if peran in PERAN_SIKSNG_SEKOTA:
        return ekspor
    if peran == Peran.ADMIN_KECAMATAN and user.kecamatan_id:
        return ekspor.filter(kecamatan_id=user.kecamatan_id, nomor_utuh=False)
    return EksporSiksng.objects.none()


def terbuka_per_kelurahan(kelurahan: QuerySet[Kelurahan]) -> dict[int, int]:
    """Approved changes waiting for a muskel, per kelurahan: a sum over the RW summary rows
    (dasbor.RingkasanRW.perubahan_terbuka, recomputed when a visit is approved or a muskel
    recorded), one query of at most the city's 733 rows, whatever the number of changes."""
    from dasbor.models import RingkasanRW

    return dict(
        RingkasanRW.objects.filter(kelurahan__in=kelurahan.values("pk"))
        .values_list("kelurahan_id")
        .annotate(n=Sum("perubahan_terbuka"))
        .order_by()
    )
