"""Scoped reads of verification results and their exports: who sees which.

- petugas: the findings of the families of their RW (through `keluarga_for`);
- admin kecamatan: the findings and exports of their kecamatan;
- Dinsos and superadmin: the whole city;
- BKPSDM and pimpinan: none (personal data).

Counts are another matter: `rekap_cakupan` says whose families a count may run
over, and pimpinan counts the whole city (bansos.rekap hands out numbers only).
"""

from django.db.models import Q, QuerySet

from akun.access import peran_efektif
from akun.models import Peran, User
from bansos.models import EksporHasil, Penerima, Periode, Verifikasi
from pendataan.selectors import keluarga_for

# the whole city's results, exports with whole NIK/KK numbers included
PERAN_HASIL_SEKOTA = {Peran.DINSOS, Peran.SUPERADMIN}
# the whole city's results as counts, without a name or a number
PERAN_REKAP_SEKOTA = {Peran.DINSOS, Peran.PIMPINAN, Peran.SUPERADMIN}


def verifikasi_for(user: User) -> QuerySet[Verifikasi]:
    return Verifikasi.objects.filter(keluarga__in=keluarga_for(user)).select_related(
        "periode__program", "penerima", "anggota", "keluarga__rw__kelurahan"
    )


def penerima_for(user: User) -> QuerySet[Penerima]:
    return Penerima.objects.filter(keluarga__in=keluarga_for(user), aktif=True)


def rekap_cakupan(user: User) -> Q | None:
    """The families a count of results may run over, as a filter on a `keluarga` path:
    the city for Dinsos and pimpinan, the kecamatan for its admin; None: nothing."""
    peran = peran_efektif(user)
    if peran in PERAN_REKAP_SEKOTA:
        return Q()
    if peran == Peran.ADMIN_KECAMATAN and user.kecamatan_id:
        return Q(keluarga__rw__kelurahan__kecamatan_id=user.kecamatan_id)
    return None


def ekspor_for(user: User) -> QuerySet[EksporHasil]:
    """Dinsos sees every export; an admin kecamatan the masked exports of their kecamatan."""
    peran = peran_efektif(user)
    ekspor = EksporHasil.objects.select_related("periode__program", "kecamatan", "dibuat_oleh")
    if peran in PERAN_HASIL_SEKOTA:
        return ekspor
    if peran == Peran.ADMIN_KECAMATAN and user.kecamatan_id:
        # never a file with whole numbers, even of their own kecamatan
        return ekspor.filter(kecamatan_id=user.kecamatan_id, nomor_utuh=False)
    return EksporHasil.objects.none()


def periode_terbaru() -> list[Periode]:
    """Each active program's newest period: the list being verified now.

    Periods of a program never overlap, so the newest is the one a fresh import
    and the officers' visits work on. Programs have a handful of periods each.
    """
    terbaru: dict[int, Periode] = {}
    for periode in Periode.objects.filter(program__aktif=True).select_related("program"):
        ada = terbaru.get(periode.program_id)
        if ada is None or periode.mulai > ada.mulai:
            terbaru[periode.program_id] = periode
    return sorted(terbaru.values(), key=lambda p: (p.program.sumber_dana, p.program.nama))
