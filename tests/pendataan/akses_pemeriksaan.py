"""Rows of tests/test_access.py's table for the review of visits and the officer's fix.

The scoped 404s (another kecamatan's admin, another officer) are in
tests/pendataan/test_pemeriksaan.py.
"""

from akun.models import Peran
from tests.pendataan.akses_kunjungan import _kunjungan, kunjungan_rw_2, kunjungan_sail

PEMERIKSA = {Peran.ADMIN_KECAMATAN, Peran.SUPERADMIN}

TABEL: dict = {
    "pendataan:antrean": (lambda k: [], PEMERIKSA),
    # POST-only: an empty POST is answered with a message and a redirect
    "pendataan:setujui_massal": (lambda k: [], PEMERIKSA),
    "pendataan:kunjungan_periksa": (lambda k: [_kunjungan(k).uuid], PEMERIKSA),
    # only the visit's own officer: the superadmin gets 404 too
    "pendataan:kunjungan_perbaiki": (lambda k: [_kunjungan(k).uuid], {Peran.PETUGAS}),
    "pendataan:kunjungan_foto_tambah": (lambda k: [_kunjungan(k).uuid], {Peran.PETUGAS}),
}

DI_LUAR_CAKUPAN: dict = {
    "pendataan:kunjungan_periksa": lambda k: [kunjungan_sail(k).uuid],
    "pendataan:kunjungan_perbaiki": lambda k: [kunjungan_sail(k).uuid],
    "pendataan:kunjungan_foto_tambah": lambda k: [kunjungan_sail(k).uuid],
}

# another officer's visit in Simpangbaru RW 2 (the admin of Binawidya may review it)
DI_LUAR_RW: dict = {
    "pendataan:kunjungan_perbaiki": lambda k: [kunjungan_rw_2(k).uuid],
    "pendataan:kunjungan_foto_tambah": lambda k: [kunjungan_rw_2(k).uuid],
}
