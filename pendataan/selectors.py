"""Scoped reads of families, visits and photos: the one place that says who sees which.

- petugas: the families of the RW of their active placement (none once it ends);
- admin kecamatan: the families of their kecamatan;
- Dinsos and superadmin: the whole city;
- BKPSDM and pimpinan: no household data at all.
"""

from django.db.models import QuerySet

from akun.access import peran_efektif
from akun.models import Peran, User
from pendataan.models import AnggotaKeluarga, FotoKunjungan, Keluarga, Kunjungan
from wilayah.selectors import rw_for

PERAN_DATA_KELUARGA = {Peran.PETUGAS, Peran.ADMIN_KECAMATAN, Peran.DINSOS, Peran.SUPERADMIN}
# Whole NIK and KK numbers only where the role works with them: the officer at the door
# and Dinsos, who hold the register; the kecamatan reviewer sees them masked.
PERAN_NIK_UTUH = {Peran.PETUGAS, Peran.DINSOS, Peran.SUPERADMIN}


def keluarga_for(user: User) -> QuerySet[Keluarga]:
    if peran_efektif(user) not in PERAN_DATA_KELUARGA:
        return Keluarga.objects.none()
    return Keluarga.objects.filter(rw__in=rw_for(user)).select_related("rw__kelurahan")


def anggota_for(user: User) -> QuerySet[AnggotaKeluarga]:
    return AnggotaKeluarga.objects.filter(keluarga__in=keluarga_for(user))


def kunjungan_for(user: User) -> QuerySet[Kunjungan]:
    return Kunjungan.objects.filter(keluarga__in=keluarga_for(user)).select_related(
        "keluarga", "petugas", "rw__kelurahan"
    )


def foto_for(user: User) -> QuerySet[FotoKunjungan]:
    return FotoKunjungan.objects.filter(kunjungan__in=kunjungan_for(user))
