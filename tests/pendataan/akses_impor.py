"""Rows of tests/test_access.py's table for the family import's URLs.

url name -> (function of the `kota` fixture giving the URL's args, roles allowed
or "publik"). The function runs inside the test, so it may create objects.
"""

from akun.models import Peran
from pendataan.models import AnggotaKeluarga
from tests.akses_tulis import Tulis, berkas_csv

DINSOS = {Peran.DINSOS, Peran.SUPERADMIN}

TABEL: dict = {
    "pendataan:keluarga_impor": (lambda k: [], DINSOS),
    # A report lives in the uploader's session under a random key, which no
    # lambda here can create: a made-up key answers 404 to everyone (Dinsos
    # included), the other roles 403. Downloading a real report is tested in
    # tests/pendataan/test_impor_views.py.
    "pendataan:keluarga_impor_laporan": (lambda k: ["kunci-yang-tidak-ada"], set()),
}

KOLOM_DTKS = "nik,nama,nomor_kk,alamat,rt,rw,kelurahan"
BARIS_DTKS = "1471085503920002,Siti Aminah,1471080101200003,Jl. Garuda No. 5,2,1,Simpangbaru"

TULIS: dict = {
    "pendataan:keluarga_impor": Tulis(
        lambda k, args: {"berkas": berkas_csv(KOLOM_DTKS, BARIS_DTKS)},
        lambda k, args: AnggotaKeluarga.objects.count(),
    ),
}
