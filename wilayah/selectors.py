"""Scoped reads of wilayah: every view fetches kecamatan, kelurahan and RW here.

The one place that says which part of the city a user may see:
- petugas: the RW of their active penugasan (and nothing above it);
- admin kecamatan: their kecamatan;
- BKPSDM, Dinsos, pimpinan, superadmin: the whole city (wilayah itself
  holds no personal data).
"""

from django.db.models import Count, F, Q, QuerySet

from akun.access import peran_efektif
from akun.models import Peran, User
from lib.replika import dari_replika
from wilayah.models import RW, Kecamatan, Kelurahan
from wilayah.nama import kunci_nama

PERAN_SEKOTA = {Peran.BKPSDM, Peran.DINSOS, Peran.PIMPINAN, Peran.SUPERADMIN}


# Boundaries are tens of KB each and maps fetch them from their own cached URL
# (wilayah.peta): lists never load them; a page that draws one reads it when it does.
def kecamatan_for(user: User) -> QuerySet[Kecamatan]:
    peran = peran_efektif(user)
    kecamatan = Kecamatan.objects.defer("batas")
    if peran in PERAN_SEKOTA:
        return kecamatan
    if peran == Peran.ADMIN_KECAMATAN:
        return kecamatan.filter(pk=user.kecamatan_id)
    return Kecamatan.objects.none()


def kelurahan_for(user: User) -> QuerySet[Kelurahan]:
    peran = peran_efektif(user)
    kelurahan = Kelurahan.objects.select_related("kecamatan").defer("batas", "kecamatan__batas")
    if peran in PERAN_SEKOTA:
        return kelurahan
    if peran == Peran.ADMIN_KECAMATAN:
        return kelurahan.filter(kecamatan_id=user.kecamatan_id)
    return Kelurahan.objects.none()


def rw_for(user: User) -> QuerySet[RW]:
    peran = peran_efektif(user)
    rws = RW.objects.select_related("kelurahan__kecamatan").defer(
        "batas", "kelurahan__batas", "kelurahan__kecamatan__batas"
    )
    if peran in PERAN_SEKOTA:
        return rws
    if peran == Peran.ADMIN_KECAMATAN:
        return rws.filter(kelurahan__kecamatan_id=user.kecamatan_id)
    if peran == Peran.PETUGAS:
        return rws.filter(
            penugasan_set__petugas__user=user, penugasan_set__selesai__isnull=True
        ).distinct()
    return RW.objects.none()


def _penugasan_aktif(rw_path: str) -> Q:
    """An active placement joined through `rw_path` (a LEFT JOIN's empty row does not count)."""
    return Q(
        **{
            f"{rw_path}__penugasan_set__pk__isnull": False,
            f"{rw_path}__penugasan_set__selesai__isnull": True,
        }
    )


def kecamatan_ringkasan(kecamatan: QuerySet[Kecamatan]) -> QuerySet[Kecamatan]:
    """Kecamatan with their counts of kelurahan, RW, RW with an active officer and without.

    Counts for overview pages (homes, the BKPSDM placement summary, the kecamatan
    list), which may be a moment old: read from the replica when there is one."""
    return (
        dari_replika(kecamatan)
        .annotate(
            jumlah_kelurahan=Count("kelurahan_set", distinct=True),
            jumlah_rw=Count("kelurahan_set__rw_set", distinct=True),
            jumlah_rw_terisi=Count(
                "kelurahan_set__rw_set",
                filter=_penugasan_aktif("kelurahan_set__rw_set"),
                distinct=True,
            ),
        )
        .annotate(jumlah_rw_kosong=F("jumlah_rw") - F("jumlah_rw_terisi"))
    )


def kelurahan_ringkasan(kelurahan: QuerySet[Kelurahan]) -> QuerySet[Kelurahan]:
    return kelurahan.annotate(
        jumlah_rw=Count("rw_set", distinct=True),
        jumlah_rw_terisi=Count("rw_set", filter=_penugasan_aktif("rw_set"), distinct=True),
    )


def kelurahan_cari(*, teks: str, kelurahan: QuerySet[Kelurahan] | None = None) -> Kelurahan | None:
    """Find a kelurahan by its code or by its name written loosely ("Tuah Madani")."""
    kelurahan = Kelurahan.objects.all() if kelurahan is None else kelurahan
    teks = teks.strip()
    if not teks:
        return None
    by_kode = kelurahan.filter(kode=teks).first()
    if by_kode:
        return by_kode
    kunci = kunci_nama(teks)
    cocok = [k for k in kelurahan.only("pk", "nama", "kode") if kunci_nama(k.nama) == kunci]
    return cocok[0] if len(cocok) == 1 else None
