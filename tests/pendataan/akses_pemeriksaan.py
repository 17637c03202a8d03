"""Rows of tests/test_access.py's table for the review of visits and the officer's fix.

The scoped 404s (another kecamatan's admin, another officer) are in
tests/pendataan/test_pemeriksaan.py.
"""

from akun.models import Peran
from pendataan.models import Kunjungan, StatusKunjungan
from tests.akses_tulis import Tulis
from tests.pendataan.akses_kunjungan import (
    _kunjungan,
    foto_kamera,
    jumlah_foto,
    kunjungan_rw_2,
    kunjungan_sail,
)

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
    name: lambda k: [kunjungan_sail(k).uuid]
    for name in (
        "pendataan:kunjungan_periksa",
        "pendataan:kunjungan_perbaiki",
        "pendataan:kunjungan_foto_tambah",
    )
}

# another officer's visit in Simpangbaru RW 2 (the admin of Binawidya may review it)
DI_LUAR_RW: dict = {
    name: lambda k: [kunjungan_rw_2(k).uuid]
    for name in ("pendataan:kunjungan_perbaiki", "pendataan:kunjungan_foto_tambah")
}


def _status(k, args) -> str:
    return Kunjungan.objects.get(uuid=args[0]).status


def _dikembalikan(k, args) -> None:
    Kunjungan.objects.filter(uuid=args[0]).update(
        status=StatusKunjungan.DIKEMBALIKAN, komentar_pemeriksa="Foto KK buram"
    )


def _badan_perbaiki(k, args) -> dict:
    _dikembalikan(k, args)
    return {"tanggapan": "Sudah difoto ulang"}


def _badan_foto_tambah(k, args) -> dict:
    _dikembalikan(k, args)
    return {"jenis": "dokumen", "foto": foto_kamera()}


TULIS: dict = {
    "pendataan:setujui_massal": Tulis(
        lambda k, args: {"kunjungan": [str(_kunjungan(k).uuid)]},
        lambda k, args: _status(k, [_kunjungan(k).uuid]),
    ),
    "pendataan:kunjungan_periksa": Tulis(
        lambda k, args: {"aksi": "kembalikan", "komentar": "Foto KK buram"}, _status
    ),
    "pendataan:kunjungan_perbaiki": Tulis(_badan_perbaiki, _status),
    "pendataan:kunjungan_foto_tambah": Tulis(_badan_foto_tambah, jumlah_foto),
}

# a body naming a visit outside the admin of Binawidya's scope: nothing is approved
TULIS_DI_LUAR: dict = {
    "pendataan:setujui_massal": Tulis(
        lambda k, args: {"kunjungan": [str(kunjungan_sail(k).uuid)]},
        lambda k, args: _status(k, [kunjungan_sail(k).uuid]),
    ),
}
