"""Rows of tests/test_access.py's table for the officer's worklist, families and visits.

url name -> (function of the `kota` fixture giving the URL's args, roles allowed).
The functions run inside the test and create the family and visit they need.
"""

import uuid

from akun.models import Peran, User
from pendataan.models import AnggotaKeluarga, Hubungan, Keluarga, Kunjungan

LIHAT = {Peran.PETUGAS, Peran.ADMIN_KECAMATAN, Peran.DINSOS, Peran.SUPERADMIN}
PETUGAS = {Peran.PETUGAS, Peran.SUPERADMIN}  # superadmin may open everything


def _keluarga(k) -> Keluarga:
    keluarga, dibuat = Keluarga.objects.get_or_create(
        nomor_kk="1471080101200001", defaults={"rw": k.rw_simpangbaru_1, "rt": 1}
    )
    if dibuat:
        AnggotaKeluarga.objects.create(
            keluarga=keluarga,
            nik="1471081503900001",
            nama="Budi",
            hubungan=Hubungan.KEPALA,
            jenis_kelamin="L",
        )
    return keluarga


def _kunjungan(k) -> Kunjungan:
    keluarga = _keluarga(k)
    petugas = User.objects.get(username="199003152025011001").petugas
    return Kunjungan.objects.get_or_create(
        keluarga=keluarga,
        defaults={
            "uuid": uuid.uuid4(),
            "sidik": "x",
            "petugas": petugas,
            "rw": keluarga.rw,
            "hasil": "ditemui",
        },
    )[0]


TABEL: dict = {
    "pendataan:daftar_kerja": (lambda k: [], PETUGAS),
    "pendataan:keluarga_detail": (lambda k: [_keluarga(k).pk], LIHAT),
    "pendataan:kunjungan_baru": (lambda k: [_keluarga(k).pk], PETUGAS),
    # POST-only, JSON: an empty body is refused with 400; the scoped 404s for another
    # RW's officer are in tests/pendataan/test_kunjungan.py.
    "pendataan:kunjungan_kirim": (lambda k: [_keluarga(k).pk], PETUGAS),
    "pendataan:kunjungan_detail": (lambda k: [_kunjungan(k).uuid], LIHAT),
    # only the visit's own officer may add its photos: the superadmin gets 404 here too
    "pendataan:kunjungan_foto_unggah": (lambda k: [_kunjungan(k).uuid], {Peran.PETUGAS}),
    # only processed photos are served; none exists here, so every role gets 404
    "pendataan:foto": (lambda k: [1, "kecil"], set()),
    # the installable app: the page shown without signal is the officer's; the worker and
    # the manifest are files for anyone (tests/pendataan/test_luring.py)
    "pendataan:luring": (lambda k: [], PETUGAS),
    "pendataan:luring_versi": (lambda k: [], PETUGAS),
    "pendataan:luring_daftar": (lambda k: [], PETUGAS),
    "service_worker": (lambda k: [], "publik"),
    "manifest": (lambda k: [], "publik"),
}
